package stack_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/leadclock/leadclock/infra/stack"
	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/phone"
)

func TestRecurringSchedules(t *testing.T) {
	// The demo config sends the report on Mondays at 07:00, Chicago time.
	const weekly = "cron(0 7 ? * MON *)"
	tests := []struct {
		sc   *scenario
		want map[string]string // function → schedule expression
	}{
		{full, map[string]string{stack.FnSweep: "rate(1 minute)", stack.FnReport: weekly}},
		{minimal, map[string]string{stack.FnSweep: "rate(1 minute)"}},
	}
	for _, tt := range tests {
		t.Run(tt.sc.name, func(t *testing.T) {
			s := tt.sc.get(t)
			role := s.tmpl.resource(t, "AWS::IAM::Role", "RecurringSchedulerRole")
			dlq := s.tmpl.resource(t, "AWS::SQS::Queue", "RecurringDeadLetters")
			got := map[string]string{}
			for _, sch := range s.tmpl.resources("AWS::Scheduler::Schedule") {
				target := sch.props["Target"].(map[string]any)
				fn := ""
				for _, name := range all {
					if tt.sc == minimal && name == stack.FnReport {
						continue
					}
					if fmt.Sprint(target["Arn"]) == fmt.Sprint(getAtt(s.tmpl.resource(t, "AWS::Lambda::Function", fnID(name)).id, "Arn")) {
						fn = name
					}
				}
				got[fn] = sch.props["ScheduleExpression"].(string)
				if fmt.Sprint(target["RoleArn"]) != fmt.Sprint(getAtt(role.id, "Arn")) ||
					fmt.Sprint(target["DeadLetterConfig"]) != fmt.Sprint(map[string]any{"Arn": getAtt(dlq.id, "Arn")}) {
					t.Errorf("schedule %s runs as %v with dead letters to %v, want %s and %s",
						sch.id, target["RoleArn"], target["DeadLetterConfig"], role.id, dlq.id)
				}
				if fn == stack.FnReport && sch.props["ScheduleExpressionTimezone"] != "America/Chicago" {
					t.Errorf("the report runs on %v time, want the dealership's", sch.props["ScheduleExpressionTimezone"])
				}
				for _, p := range []string{"Name", "GroupName"} {
					if v, ok := sch.props[p]; ok {
						t.Errorf("schedule %s has %s %v: recurring schedules stay out of the timers' group, unnamed", sch.id, p, v)
					}
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("schedules %v, want %v", got, tt.want)
			}
			if g := s.tmpl.resource(t, "AWS::Scheduler::ScheduleGroup", "Schedules"); g.props["Name"] != nil {
				t.Errorf("the schedule group is named %v: CloudFormation must name it", g.props["Name"])
			}
		})
	}
}

func TestTimerFailuresAreKept(t *testing.T) {
	s := minimal.get(t)
	timer := s.tmpl.resource(t, "AWS::Lambda::Function", fnID(stack.FnTimer))
	failures := s.tmpl.resource(t, "AWS::SQS::Queue", "TimerFailures")
	var found bool
	for _, c := range s.tmpl.resources("AWS::Lambda::EventInvokeConfig") {
		if fmt.Sprint(c.props["FunctionName"]) != fmt.Sprint(ref(timer.id)) {
			continue
		}
		found = true
		want := map[string]any{"OnFailure": map[string]any{"Destination": getAtt(failures.id, "Arn")}}
		if fmt.Sprint(c.props["DestinationConfig"]) != fmt.Sprint(want) {
			t.Errorf("timer failures go to %v, want %s", c.props["DestinationConfig"], failures.id)
		}
	}
	if !found {
		t.Error("the timer function has no asynchronous invocation config")
	}
	for _, q := range s.tmpl.resources("AWS::SQS::Queue") {
		if q.props["SqsManagedSseEnabled"] != true || q.props["QueueName"] != nil {
			t.Errorf("queue %s: encryption %v, name %v; want SQS-managed encryption and no name", q.id, q.props["SqsManagedSseEnabled"], q.props["QueueName"])
		}
	}
}

// TestConfigLayer checks the config the functions read: staged where the layer
// puts it at lambdaenv.DefaultConfig, without API keys, loading as the original.
func TestConfigLayer(t *testing.T) {
	s := minimal.get(t)
	staged := filepath.Join(s.props.BuildDir, "config", "demo-motors", "leadclock", "dealer.yaml")
	data, err := os.ReadFile(staged)
	if err != nil {
		t.Fatalf("config not staged: %v", err)
	}
	if strings.Contains(string(data), "apiKey") || strings.Contains(string(data), "dev-key-") {
		t.Errorf("the staged config keeps API keys:\n%s", data)
	}
	got, err := dealer.Load(staged, phone.Numbers)
	if err != nil {
		t.Fatalf("the staged config does not load: %v", err)
	}
	want, err := dealer.Load(demoConfig, phone.Numbers)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want.Providers {
		want.Providers[i].APIKey = ""
	}
	for i := range want.Integrations {
		want.Integrations[i].APIKey = ""
	}
	got.File, want.File = "", ""
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the staged config loads as\n%+v\nwant the original without keys\n%+v", got, want)
	}
	layer := s.tmpl.resource(t, "AWS::Lambda::LayerVersion", "Config")
	if fmt.Sprint(layer.props["CompatibleArchitectures"]) != "[arm64]" || fmt.Sprint(layer.props["CompatibleRuntimes"]) != "[provided.al2023]" {
		t.Errorf("layer for %v on %v, want provided.al2023 on arm64", layer.props["CompatibleRuntimes"], layer.props["CompatibleArchitectures"])
	}
}
