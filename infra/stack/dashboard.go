package stack

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawscloudwatch"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/leadclock/leadclock/shared/emf"
)

// newDashboard puts the follow-up figures a manager asks about (leads received,
// how fast they were first contacted, how often the clock ran out) above the
// system's health (alarms, the API, the functions, the outbox stream, the
// dead-letter queues), so that a bad week can be told from a broken one.
func newDashboard(scope constructs.Construct, dealership string, fns lambdas, api awsapigateway.RestApi, q queues, alarms []awscloudwatch.Alarm) awscloudwatch.Dashboard {
	five := awscdk.Duration_Minutes(jsii.Number(5))
	graph := func(title string, width float64, left ...awscloudwatch.IMetric) awscloudwatch.IWidget {
		return awscloudwatch.NewGraphWidget(&awscloudwatch.GraphWidgetProps{
			Title: jsii.String(title), Width: jsii.Number(width), Height: jsii.Number(6), Left: &left,
		})
	}
	m := func(name, statistic, label string) awscloudwatch.IMetric {
		return followUpMetric(dealership, name, statistic, label)
	}
	followUp := []awscloudwatch.IWidget{
		graph("Leads (per hour)", 6,
			m(emf.LeadsReceived, "Sum", "received"), m(emf.Queued, "Sum", "queued for the next shift")),
		graph("First-contact time (seconds)", 6,
			m(emf.FirstContactSeconds, "p50", "median"), m(emf.FirstContactSeconds, "p90", "p90"),
			m(emf.BusinessFirstContact, "p50", "median from the clock's start")),
		graph("Missed deadlines (per hour)", 6,
			m(emf.Reroutes, "Sum", "reroutes"), m(emf.Escalations, "Sum", "escalations"),
			m(emf.Undelivered, "Sum", "nudges undelivered")),
		graph("Leaks (per hour)", 6,
			m(emf.Stalled, "Sum", "stalled"), m(emf.ClosedEarly, "Sum", "closed with fewer than 3 attempts")),
	}
	alarmStatus := awscloudwatch.NewAlarmStatusWidget(&awscloudwatch.AlarmStatusWidgetProps{
		Title: jsii.String("Alarms"), Width: jsii.Number(24), Height: jsii.Number(3), Alarms: alarmRefs(alarms),
	})

	var errs, throttles, durations []awscloudwatch.IMetric
	for _, f := range functions {
		fn, ok := fns.fns[f.name]
		if !ok {
			continue
		}
		errs = append(errs, fn.MetricErrors(&awscloudwatch.MetricOptions{Period: five, Label: jsii.String(f.name)}))
		throttles = append(throttles, fn.MetricThrottles(&awscloudwatch.MetricOptions{Period: five, Label: jsii.String(f.name)}))
		durations = append(durations, fn.MetricDuration(&awscloudwatch.MetricOptions{Period: five, Statistic: jsii.String("p90"), Label: jsii.String(f.name)}))
	}
	var depths []awscloudwatch.IMetric
	for _, nq := range q.all() {
		depths = append(depths, nq.queue.MetricApproximateNumberOfMessagesVisible(&awscloudwatch.MetricOptions{
			Period: five, Statistic: jsii.String("Maximum"), Label: jsii.String(nq.what),
		}))
	}
	sum := func(label string) *awscloudwatch.MetricOptions {
		return &awscloudwatch.MetricOptions{Period: five, Statistic: jsii.String("Sum"), Label: jsii.String(label)}
	}
	health := []awscloudwatch.IWidget{
		graph("API requests", 6, api.MetricCount(sum("requests")), api.MetricClientError(sum("4xx")), api.MetricServerError(sum("5xx"))),
		graph("API latency p90 (ms)", 6, api.MetricLatency(&awscloudwatch.MetricOptions{Period: five, Statistic: jsii.String("p90"), Label: jsii.String("latency")})),
		graph("Function errors", 6, errs...),
		graph("Function throttles", 6, throttles...),
	}
	pipeline := []awscloudwatch.IWidget{
		graph("Function duration p90 (ms)", 8, durations...),
		graph("Outbox stream: dispatcher iterator age (ms)", 8,
			fns.fns[FnDispatch].Metric(jsii.String("IteratorAge"), &awscloudwatch.MetricOptions{Period: awscdk.Duration_Minutes(jsii.Number(1)), Statistic: jsii.String("Maximum"), Label: jsii.String("max")})),
		graph("Dead letters (messages waiting)", 8, depths...),
	}
	return awscloudwatch.NewDashboard(scope, jsii.String("Dashboard"), &awscloudwatch.DashboardProps{
		DefaultInterval: awscdk.Duration_Days(jsii.Number(7)),
		Widgets:         &[]*[]awscloudwatch.IWidget{&followUp, {alarmStatus}, &health, &pipeline},
	})
}

func alarmRefs(alarms []awscloudwatch.Alarm) *[]interfacesawscloudwatch.IAlarmRef {
	out := make([]interfacesawscloudwatch.IAlarmRef, len(alarms))
	for i, a := range alarms {
		out[i] = a
	}
	return &out
}
