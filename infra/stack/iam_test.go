package stack_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/leadclock/leadclock/infra/stack"
)

// statement is one IAM policy statement with the role it is attached to.
type statement struct {
	role      string // logical id of the role
	actions   []string
	resources []any
	cond      any
}

// statements returns every statement of the stack's policies, by role.
func statements(tmpl template) []statement {
	var out []statement
	for _, p := range tmpl.resources("AWS::IAM::Policy") {
		for _, r := range list(p.props["Roles"]) {
			role := r.(map[string]any)["Ref"].(string)
			for _, st := range list(p.props["PolicyDocument"].(map[string]any)["Statement"]) {
				m := st.(map[string]any)
				out = append(out, statement{role: role, actions: strs(m["Action"]), resources: list(m["Resource"]), cond: m["Condition"]})
			}
		}
	}
	return out
}

// roleOf returns the logical id of a function's role.
func roleOf(t *testing.T, tmpl template, fn string) string {
	t.Helper()
	role := tmpl.resource(t, "AWS::Lambda::Function", fnID(fn)).props["Role"]
	return role.(map[string]any)["Fn::GetAtt"].([]any)[0].(string)
}

// unscopable are the actions IAM offers no resource to scope to.
var unscopable = append([]string{"dynamodb:ListStreams"}, stack.SMSActions...)

func TestNoWildcards(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			s := sc.get(t)
			sts := statements(s.tmpl)
			if len(sts) == 0 {
				t.Fatal("no policy statements")
			}
			for _, st := range sts {
				for _, a := range st.actions {
					if strings.Contains(a, "*") {
						t.Errorf("%s: action %q: name every action", st.role, a)
					}
				}
				for _, r := range st.resources {
					if r == "*" && slices.ContainsFunc(st.actions, func(a string) bool { return !slices.Contains(unscopable, a) }) {
						t.Errorf("%s: %v on every resource: scope it", st.role, st.actions)
					}
				}
			}
			for _, role := range s.tmpl.resources("AWS::IAM::Role") {
				if mp := role.props["ManagedPolicyArns"]; mp != nil {
					t.Errorf("%s has managed policies %v: grant what it uses, on its resources", role.id, mp)
				}
				if _, named := role.props["RoleName"]; named {
					t.Errorf("%s is named: CloudFormation must name it", role.id)
				}
			}
		})
	}
}

// TestGrants checks who may do what: each action the stack grants, by function
// role. Scheduler roles are checked in TestSchedulerRoles.
func TestGrants(t *testing.T) {
	s := full.get(t)
	sts := statements(s.tmpl)
	granted := map[string][]string{} // action → functions
	fnByRole := map[string]string{}
	for _, fn := range all {
		fnByRole[roleOf(t, s.tmpl, fn)] = fn
	}
	for _, st := range sts {
		fn, ok := fnByRole[st.role]
		if !ok {
			continue
		}
		for _, a := range st.actions {
			if !slices.Contains(granted[a], fn) {
				granted[a] = append(granted[a], fn)
			}
		}
	}
	readWrite := all[:0:0]
	for _, fn := range all {
		if fn != stack.FnReport {
			readWrite = append(readWrite, fn)
		}
	}
	want := map[string][]string{
		"logs:CreateLogStream":             all,
		"logs:PutLogEvents":                all,
		"dynamodb:GetItem":                 all,
		"dynamodb:BatchGetItem":            all,
		"dynamodb:Query":                   all,
		"dynamodb:PutItem":                 readWrite,
		"dynamodb:BatchWriteItem":          {stack.FnDispatch},
		"dynamodb:ListStreams":             {stack.FnDispatch},
		"dynamodb:DescribeStream":          {stack.FnDispatch},
		"dynamodb:GetRecords":              {stack.FnDispatch},
		"dynamodb:GetShardIterator":        {stack.FnDispatch},
		"scheduler:CreateSchedule":         {stack.FnDispatch},
		"scheduler:DeleteSchedule":         {stack.FnDispatch},
		"iam:PassRole":                     {stack.FnDispatch},
		"sns:Publish":                      {stack.FnDispatch},
		"sns:CheckIfPhoneNumberIsOptedOut": {stack.FnDispatch},
		"ses:SendEmail":                    {stack.FnDispatch, stack.FnReport},
		"secretsmanager:GetSecretValue":    {stack.FnAPI, stack.FnDispatch, stack.FnReport},
		"secretsmanager:DescribeSecret":    {stack.FnAPI, stack.FnDispatch, stack.FnReport},
		// Lambda sends to an asynchronous invocation's failure destination, and to
		// an event source mapping's, with the function's role.
		"sqs:SendMessage":        {stack.FnTimer, stack.FnDispatch},
		"sqs:GetQueueAttributes": {stack.FnTimer, stack.FnDispatch},
		"sqs:GetQueueUrl":        {stack.FnTimer, stack.FnDispatch},
	}
	for _, a := range slices.Sorted(maps.Keys(want)) {
		if got, w := slices.Sorted(slices.Values(granted[a])), slices.Sorted(slices.Values(want[a])); !slices.Equal(got, w) {
			t.Errorf("%s granted to %v, want %v", a, got, w)
		}
	}
	for _, a := range slices.Sorted(maps.Keys(granted)) {
		if _, ok := want[a]; !ok {
			t.Errorf("%s granted to %v, which the functions do not use", a, granted[a])
		}
	}

	timerRole := s.tmpl.resource(t, "AWS::IAM::Role", "TimerSchedulerRole")
	group := s.tmpl.resource(t, "AWS::Scheduler::ScheduleGroup", "Schedules")
	for _, st := range sts {
		switch {
		case slices.Contains(st.actions, "iam:PassRole"):
			if len(st.actions) != 1 || len(st.resources) != 1 || fmt.Sprint(st.resources[0]) != fmt.Sprint(getAtt(timerRole.id, "Arn")) {
				t.Errorf("iam:PassRole statement %v on %v: want it alone, on the timer scheduler role only", st.actions, st.resources)
			}
			if fmt.Sprint(st.cond) != fmt.Sprint(map[string]any{"StringEquals": map[string]any{"iam:PassedToService": stack.SchedulerService}}) {
				t.Errorf("iam:PassRole condition %v: want it passed to Scheduler only", st.cond)
			}
		case slices.Contains(st.actions, "scheduler:CreateSchedule"):
			arn := resolve(t, st.resources[0], func(id string) string { return "<" + id + ">" })
			if len(st.resources) != 1 || !strings.HasSuffix(arn, ":schedule/<"+group.id+">/*") {
				t.Errorf("schedule actions on %v: want the group's schedules only", arn)
			}
		case slices.Contains(st.actions, "ses:SendEmail"):
			if fmt.Sprint(st.cond) != fmt.Sprint(map[string]any{"StringEquals": map[string]any{"ses:FromAddress": "leads@demo-motors.example"}}) {
				t.Errorf("ses:SendEmail condition %v: want the dealership's address only", st.cond)
			}
		case slices.Contains(st.actions, "dynamodb:GetItem"):
			table := s.tmpl.resource(t, "AWS::DynamoDB::Table", "Table")
			var got []string
			for _, r := range st.resources {
				got = append(got, resolve(t, r, func(id string) string { return "<" + id + ">" }))
			}
			if w := []string{"<" + table.id + ">.Arn", "<" + table.id + ">.Arn/index/*"}; !slices.Equal(got, w) {
				t.Errorf("table actions on %v, want %v", got, w)
			}
		}
	}
}

// TestSchedulerRoles checks the roles EventBridge Scheduler assumes: only the
// Scheduler acting for this account may, and each may invoke its own functions.
func TestSchedulerRoles(t *testing.T) {
	s := full.get(t)
	trust := map[string]any{"Statement": []any{map[string]any{
		"Action":    "sts:AssumeRole",
		"Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": ref("AWS::AccountId")}},
		"Effect":    "Allow",
		"Principal": map[string]any{"Service": stack.SchedulerService},
	}}, "Version": "2012-10-17"}
	fn := func(name string) string { return s.tmpl.resource(t, "AWS::Lambda::Function", fnID(name)).id }
	queue := func(name string) string { return s.tmpl.resource(t, "AWS::SQS::Queue", name).id }
	tests := []struct {
		role string
		want map[string][]string // action → resolved resources
	}{
		{"TimerSchedulerRole", map[string][]string{
			"lambda:InvokeFunction": {"<" + fn(stack.FnTimer) + ">.Arn"},
			"sqs:SendMessage":       {"<" + queue("TimerDeadLetters") + ">.Arn"},
		}},
		{"RecurringSchedulerRole", map[string][]string{
			"lambda:InvokeFunction": {"<" + fn(stack.FnSweep) + ">.Arn", "<" + fn(stack.FnSweep) + ">.Arn:*",
				"<" + fn(stack.FnReport) + ">.Arn", "<" + fn(stack.FnReport) + ">.Arn:*"},
			"sqs:SendMessage": {"<" + queue("RecurringDeadLetters") + ">.Arn"},
		}},
	}
	for _, tt := range tests {
		role := s.tmpl.resource(t, "AWS::IAM::Role", tt.role)
		if fmt.Sprint(role.props["AssumeRolePolicyDocument"]) != fmt.Sprint(trust) {
			t.Errorf("%s trust %v, want %v", tt.role, role.props["AssumeRolePolicyDocument"], trust)
		}
		got := map[string][]string{}
		for _, st := range statements(s.tmpl) {
			if st.role != role.id {
				continue
			}
			for _, a := range st.actions {
				for _, r := range st.resources {
					got[a] = append(got[a], resolve(t, r, func(id string) string { return "<" + id + ">" }))
				}
			}
		}
		for a := range got {
			slices.Sort(got[a])
		}
		for a := range tt.want {
			slices.Sort(tt.want[a])
		}
		if !maps.EqualFunc(got, tt.want, slices.Equal) {
			t.Errorf("%s may %v, want %v", tt.role, got, tt.want)
		}
	}
}
