package stack

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssnssubscriptions"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// maxIteratorAge is how far behind the outbox stream the dispatcher may fall before
// ops are paged: a nudge a minute late eats a fifth of a five-minute first contact.
const maxIteratorAge = 60 // seconds

// newOpsTopic is where alarms go. The email, when given, is subscribed; AWS asks the
// address to confirm before it gets anything.
func newOpsTopic(scope constructs.Construct, dealership, email string) awssns.Topic {
	topic := awssns.NewTopic(scope, jsii.String("Ops"), &awssns.TopicProps{
		DisplayName: jsii.String("LeadClock " + dealership),
		EnforceSSL:  jsii.Bool(true),
	})
	if email != "" {
		topic.AddSubscription(awssnssubscriptions.NewEmailSubscription(jsii.String(email), nil))
	}
	return topic
}

// alarms are the stack's alarms, each sent to the ops topic when it fires and when
// it clears.
type alarms struct {
	scope  constructs.Construct
	action awscloudwatch.IAlarmAction
	list   []awscloudwatch.Alarm
}

func (a *alarms) add(id, description string, metric awscloudwatch.IMetric, threshold float64) {
	alarm := awscloudwatch.NewAlarm(a.scope, jsii.String(id), &awscloudwatch.AlarmProps{
		AlarmDescription:   jsii.String(description),
		Metric:             metric,
		Threshold:          jsii.Number(threshold),
		ComparisonOperator: awscloudwatch.ComparisonOperator_GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
		EvaluationPeriods:  jsii.Number(1),
		// No data is no failure: a quiet night sends no requests and no errors.
		TreatMissingData: awscloudwatch.TreatMissingData_NOT_BREACHING,
	})
	alarm.AddAlarmAction(a.action)
	alarm.AddOkAction(a.action)
	a.list = append(a.list, alarm)
}

// newAlarms pages ops when work is failing or piling up: a dead-letter queue that
// holds anything, a function that errs or is throttled, the API answering 5xx, and
// the dispatcher falling behind the outbox stream.
func newAlarms(scope constructs.Construct, topic awssns.ITopic, fns lambdas, api awsapigateway.RestApi, q queues) []awscloudwatch.Alarm {
	a := &alarms{scope: constructs.NewConstruct(scope, jsii.String("Alarms")), action: awscloudwatchactions.NewSnsAction(topic)}
	five := awscdk.Duration_Minutes(jsii.Number(5))
	for _, nq := range q.all() {
		a.add(*nq.queue.Node().Id()+"NotEmpty", "Dead letters: "+nq.what,
			nq.queue.MetricApproximateNumberOfMessagesVisible(&awscloudwatch.MetricOptions{Period: five, Statistic: jsii.String("Maximum")}), 1)
	}
	for _, f := range functions {
		fn, ok := fns.fns[f.name]
		if !ok {
			continue
		}
		id := constructID(f.name)
		a.add(id+"Errors", "The "+f.name+" function failed",
			fn.MetricErrors(&awscloudwatch.MetricOptions{Period: five, Statistic: jsii.String("Sum")}), 1)
		a.add(id+"Throttles", "The "+f.name+" function was throttled: Lambda concurrency is exhausted",
			fn.MetricThrottles(&awscloudwatch.MetricOptions{Period: five, Statistic: jsii.String("Sum")}), 1)
	}
	a.add("Api5xx", "The API answered 5xx: providers' leads may be retried or lost",
		api.MetricServerError(&awscloudwatch.MetricOptions{Period: five, Statistic: jsii.String("Sum")}), 1)
	a.add("DispatchIteratorAge", "The dispatcher is behind the outbox stream: nudges are late",
		fns.fns[FnDispatch].Metric(jsii.String("IteratorAge"), &awscloudwatch.MetricOptions{
			Period: awscdk.Duration_Minutes(jsii.Number(1)), Statistic: jsii.String("Maximum"),
		}), maxIteratorAge*1000)
	return a.list
}
