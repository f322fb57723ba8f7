package stack_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/aws/jsii-runtime-go"

	"github.com/leadclock/leadclock/infra/stack"
	"github.com/leadclock/leadclock/shared/emf"
)

func TestAlarmsReachOps(t *testing.T) {
	for _, sc := range []*scenario{full, minimal} {
		t.Run(sc.name, func(t *testing.T) {
			s := sc.get(t)
			topic := s.tmpl.resource(t, "AWS::SNS::Topic", "Ops")
			type watched struct{ namespace, metric, dimension string }
			got := map[watched]bool{}
			for _, a := range s.tmpl.resources("AWS::CloudWatch::Alarm") {
				for _, actions := range []string{"AlarmActions", "OKActions"} {
					if fmt.Sprint(a.props[actions]) != fmt.Sprint([]any{ref(topic.id)}) {
						t.Errorf("alarm %s: %s %v, want the ops topic", a.id, actions, a.props[actions])
					}
				}
				dims := list(a.props["Dimensions"])
				dim := ""
				if len(dims) == 1 {
					v := dims[0].(map[string]any)["Value"]
					dim = resolve(t, v, func(id string) string { return id })
				}
				got[watched{a.props["Namespace"].(string), a.props["MetricName"].(string), dim}] = true
			}
			want := map[watched]bool{}
			for _, q := range []string{"TimerDeadLetters", "TimerFailures", "StreamFailures", "RecurringDeadLetters"} {
				want[watched{"AWS/SQS", "ApproximateNumberOfMessagesVisible", s.tmpl.resource(t, "AWS::SQS::Queue", q).id + ".QueueName"}] = true
			}
			for _, fn := range sc.functions {
				id := s.tmpl.resource(t, "AWS::Lambda::Function", fnID(fn)).id
				want[watched{"AWS/Lambda", "Errors", id}] = true
				want[watched{"AWS/Lambda", "Throttles", id}] = true
			}
			want[watched{"AWS/Lambda", "IteratorAge", s.tmpl.resource(t, "AWS::Lambda::Function", fnID(stack.FnDispatch)).id}] = true
			for w := range want {
				if !got[w] {
					t.Errorf("no alarm on %s %s of %s", w.namespace, w.metric, w.dimension)
				}
			}
			var api5xx bool
			for w := range got {
				if w.namespace == "AWS/ApiGateway" && w.metric == "5XXError" {
					api5xx = true
				}
			}
			if !api5xx {
				t.Error("no alarm on the API's 5XXError")
			}
			if len(got) != len(want)+1 {
				t.Errorf("%d alarms, want %d", len(got), len(want)+1)
			}

			subs := s.tmpl.resources("AWS::SNS::Subscription")
			switch {
			case sc.props.OpsEmail == "" && len(subs) != 0:
				t.Errorf("subscriptions %v without an ops email", subs)
			case sc.props.OpsEmail != "":
				check(t, "ops email subscription", func() {
					s.template.HasResourceProperties(jsii.String("AWS::SNS::Subscription"), &map[string]any{
						"Protocol": "email", "Endpoint": sc.props.OpsEmail, "TopicArn": ref(topic.id),
					})
				})
			}
		})
	}
}

func TestDashboardShowsFollowUpAndHealth(t *testing.T) {
	s := full.get(t)
	boards := s.tmpl.resources("AWS::CloudWatch::Dashboard")
	if len(boards) != 1 {
		t.Fatalf("%d dashboards, want 1", len(boards))
	}
	if _, named := boards[0].props["DashboardName"]; named {
		t.Error("the dashboard is named: dashboards are global to the account")
	}
	body := resolve(t, boards[0].props["DashboardBody"], func(id string) string { return id })
	var dash struct {
		Widgets []struct {
			Properties struct {
				Title   string
				Metrics [][]any
				Alarms  []any
			}
		}
	}
	if err := json.Unmarshal([]byte(body), &dash); err != nil {
		t.Fatalf("dashboard body: %v", err)
	}
	type shown struct{ namespace, metric string }
	got := map[shown]bool{}
	alarms := 0
	for _, w := range dash.Widgets {
		alarms += len(w.Properties.Alarms)
		for _, m := range w.Properties.Metrics {
			// [namespace, name, dimension, value, ..., {options}]
			if len(m) < 2 {
				continue
			}
			ns, name := fmt.Sprint(m[0]), fmt.Sprint(m[1])
			if ns == emf.Namespace && (len(m) < 4 || m[2] != emf.DimDealership || m[3] != "demo-motors") {
				t.Errorf("%s is graphed without the dealership's dimension: %v", name, m)
			}
			got[shown{ns, name}] = true
		}
	}
	for _, want := range []shown{
		{emf.Namespace, emf.LeadsReceived}, {emf.Namespace, emf.FirstContactSeconds},
		{emf.Namespace, emf.Reroutes}, {emf.Namespace, emf.Escalations},
		{"AWS/Lambda", "IteratorAge"}, {"AWS/Lambda", "Errors"}, {"AWS/ApiGateway", "5XXError"},
		{"AWS/SQS", "ApproximateNumberOfMessagesVisible"},
	} {
		if !got[want] {
			t.Errorf("the dashboard does not graph %s %s", want.namespace, want.metric)
		}
	}
	if n := len(s.tmpl.resources("AWS::CloudWatch::Alarm")); alarms != n {
		t.Errorf("the dashboard shows %d alarms, the stack has %d", alarms, n)
	}
}

func TestResourceCounts(t *testing.T) {
	tests := []struct {
		sc   *scenario
		want map[string]int
	}{
		{full, map[string]int{
			"AWS::Lambda::Function": 5, "AWS::Lambda::LayerVersion": 1, "AWS::Lambda::EventSourceMapping": 1,
			"AWS::Scheduler::Schedule": 2, "AWS::Scheduler::ScheduleGroup": 1, "AWS::SQS::Queue": 4,
			"AWS::DynamoDB::Table": 1, "AWS::SecretsManager::Secret": 1, "AWS::SES::EmailIdentity": 1,
			"AWS::ApiGateway::RestApi": 1, "AWS::ApiGateway::Method": len(stack.Routes), "AWS::ApiGateway::ApiKey": 3,
			"AWS::ApiGateway::UsagePlan": 1, "AWS::SNS::Topic": 1, "AWS::SNS::Subscription": 1,
			"AWS::CloudWatch::Alarm": 4 + 2*5 + 2, "AWS::CloudWatch::Dashboard": 1,
		}},
		{minimal, map[string]int{
			"AWS::Lambda::Function": 4, "AWS::Scheduler::Schedule": 1, "AWS::ApiGateway::ApiKey": 3,
			"AWS::SNS::Subscription": 0, "AWS::CloudWatch::Alarm": 4 + 2*4 + 2,
		}},
		{rotating, map[string]int{"AWS::ApiGateway::ApiKey": 4, "AWS::ApiGateway::UsagePlanKey": 4}},
	}
	for _, tt := range tests {
		s := tt.sc.get(t)
		for _, typ := range slices.Sorted(maps.Keys(tt.want)) {
			check(t, tt.sc.name+" "+typ, func() { s.template.ResourceCountIs(jsii.String(typ), jsii.Number(tt.want[typ])) })
		}
	}
}
