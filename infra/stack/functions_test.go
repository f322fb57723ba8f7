package stack_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leadclock/leadclock/infra/stack"
	"github.com/leadclock/leadclock/shared/apigw"
	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/lambdaenv"
	"github.com/leadclock/leadclock/shared/phone"
	"github.com/leadclock/leadclock/shared/scheduler"
)

// fnID is the construct id of a function.
func fnID(name string) string { return strings.ToUpper(name[:1]) + name[1:] + "Function" }

// wantEnv is the environment each function reads, as shared/lambdaenv's Deps asks
// for it, with the optional variables the full scenario sets.
var wantEnv = map[string][]string{
	stack.FnAPI:   {lambdaenv.VarConfig, lambdaenv.VarTable, lambdaenv.VarAPIKeyIDs, lambdaenv.VarLinkSecret},
	stack.FnTimer: {lambdaenv.VarConfig, lambdaenv.VarTable},
	stack.FnSweep: {lambdaenv.VarConfig, lambdaenv.VarTable},
	stack.FnDispatch: {lambdaenv.VarConfig, lambdaenv.VarTable, lambdaenv.VarScheduleGroup, lambdaenv.VarTimerARN,
		lambdaenv.VarSchedulerRole, lambdaenv.VarTimerDLQ, lambdaenv.VarBaseURL, lambdaenv.VarLinkSecret,
		lambdaenv.VarSender, lambdaenv.VarOrigination},
	stack.FnReport: {lambdaenv.VarConfig, lambdaenv.VarTable, lambdaenv.VarBaseURL, lambdaenv.VarLinkSecret, lambdaenv.VarSender},
}

func TestFunctionsRunAsBuilt(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			s := sc.get(t)
			fns := s.tmpl.resources("AWS::Lambda::Function")
			if len(fns) != len(sc.functions) {
				t.Errorf("%d functions, want %d (%v)", len(fns), len(sc.functions), sc.functions)
			}
			layer := s.tmpl.resource(t, "AWS::Lambda::LayerVersion", "Config")
			for _, name := range sc.functions {
				fn := s.tmpl.resource(t, "AWS::Lambda::Function", fnID(name))
				p := fn.props
				if p["Runtime"] != "provided.al2023" || p["Handler"] != stack.Bootstrap ||
					!slices.Equal(strs(p["Architectures"]), []string{"arm64"}) {
					t.Errorf("%s: runtime %v, handler %v, architectures %v; want provided.al2023, bootstrap, arm64",
						name, p["Runtime"], p["Handler"], p["Architectures"])
				}
				if _, named := p["FunctionName"]; named {
					t.Errorf("%s: named %v; CloudFormation must name it", name, p["FunctionName"])
				}
				if layers := list(p["Layers"]); len(layers) != 1 || fmt.Sprint(layers[0]) != fmt.Sprint(ref(layer.id)) {
					t.Errorf("%s: layers %v, want the config layer %s", name, layers, layer.id)
				}
				if p["MemorySize"] == nil || p["Timeout"] == nil {
					t.Errorf("%s: memory %v, timeout %v: want both set", name, p["MemorySize"], p["Timeout"])
				}
				env := p["Environment"].(map[string]any)["Variables"].(map[string]any)
				want := wantEnv[name]
				if sc != full {
					want = slices.DeleteFunc(slices.Clone(want), func(v string) bool { return v == lambdaenv.VarOrigination })
				}
				if got := slices.Sorted(maps.Keys(env)); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
					t.Errorf("%s: environment %v, want %v", name, got, slices.Sorted(slices.Values(want)))
				}
				if env[lambdaenv.VarConfig] != lambdaenv.DefaultConfig {
					t.Errorf("%s: %s = %v, want %s", name, lambdaenv.VarConfig, env[lambdaenv.VarConfig], lambdaenv.DefaultConfig)
				}
				logs := p["LoggingConfig"].(map[string]any)["LogGroup"]
				group := s.tmpl.resource(t, "AWS::Logs::LogGroup", fnID(name)+"Logs")
				if fmt.Sprint(logs) != fmt.Sprint(ref(group.id)) || group.props["RetentionInDays"] != float64(90) {
					t.Errorf("%s: logs to %v (retention %v), want its own group with 90 days", name, logs, group.props["RetentionInDays"])
				}
			}
		})
	}
}

func TestFunctionTimeouts(t *testing.T) {
	s := full.get(t)
	timeout := func(name string) time.Duration {
		return time.Duration(s.tmpl.resource(t, "AWS::Lambda::Function", fnID(name)).props["Timeout"].(float64)) * time.Second
	}
	tests := []struct {
		name   string
		ok     func(time.Duration) bool
		reason string
	}{
		{stack.FnTimer, func(d time.Duration) bool { return d > scheduler.MaxWait+30*time.Second },
			"must outlast scheduler.MaxWait and the handling after it"},
		{stack.FnAPI, func(d time.Duration) bool { return d < 29*time.Second },
			"must end before API Gateway's 29 s integration timeout answers 504 instead"},
		{stack.FnSweep, func(d time.Duration) bool { return d < time.Minute },
			"must end before the next sweep starts"},
	}
	for _, tt := range tests {
		if got := timeout(tt.name); !tt.ok(got) {
			t.Errorf("%s timeout %s: %s", tt.name, got, tt.reason)
		}
	}
}

// TestEnvironmentNamesTheResources checks that each variable names the resource the
// function reads it for, and that the api function's key map parses as
// shared/apigw parses it and names every client.
func TestEnvironmentNamesTheResources(t *testing.T) {
	s := full.get(t)
	env := s.tmpl.resource(t, "AWS::Lambda::Function", fnID(stack.FnDispatch)).props["Environment"].(map[string]any)["Variables"].(map[string]any)
	tests := []struct {
		v    string
		want any
	}{
		{lambdaenv.VarTable, ref(s.tmpl.resource(t, "AWS::DynamoDB::Table", "Table").id)},
		{lambdaenv.VarScheduleGroup, ref(s.tmpl.resource(t, "AWS::Scheduler::ScheduleGroup", "Schedules").id)},
		{lambdaenv.VarTimerARN, getAtt(s.tmpl.resource(t, "AWS::Lambda::Function", fnID(stack.FnTimer)).id, "Arn")},
		{lambdaenv.VarSchedulerRole, getAtt(s.tmpl.resource(t, "AWS::IAM::Role", "TimerSchedulerRole").id, "Arn")},
		{lambdaenv.VarTimerDLQ, getAtt(s.tmpl.resource(t, "AWS::SQS::Queue", "TimerDeadLetters").id, "Arn")},
		{lambdaenv.VarLinkSecret, ref(s.tmpl.resource(t, "AWS::SecretsManager::Secret", "LinkSecret").id)},
		{lambdaenv.VarSender, "leads@demo-motors.example"},
		{lambdaenv.VarOrigination, "+13125550199"},
	}
	for _, tt := range tests {
		if fmt.Sprint(env[tt.v]) != fmt.Sprint(tt.want) {
			t.Errorf("dispatch %s = %v, want %v", tt.v, env[tt.v], tt.want)
		}
	}
	api := s.tmpl.resource(t, "AWS::ApiGateway::RestApi", "Api")
	stage := s.tmpl.resource(t, "AWS::ApiGateway::Stage", "ApiDeploymentStage"+stack.StageName)
	base := resolve(t, env[lambdaenv.VarBaseURL], func(id string) string { return "<" + id + ">" })
	if !strings.HasPrefix(base, "https://<"+api.id+">.execute-api.") || !strings.HasSuffix(base, "/<"+stage.id+">/") {
		t.Errorf("dispatch %s = %s, want the URL of stage %s of API %s", lambdaenv.VarBaseURL, base, stage.id, api.id)
	}

	cfg, err := dealer.Load(demoConfig, phone.Numbers)
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range []*scenario{full, rotating} {
		s := sc.get(t)
		apiEnv := s.tmpl.resource(t, "AWS::Lambda::Function", fnID(stack.FnAPI)).props["Environment"].(map[string]any)["Variables"].(map[string]any)
		keys := map[string]bool{}
		for _, k := range s.tmpl.resources("AWS::ApiGateway::ApiKey") {
			keys[k.id] = true
		}
		js := resolve(t, apiEnv[lambdaenv.VarAPIKeyIDs], func(id string) string {
			if !keys[id] {
				t.Errorf("%s: %s refers to %s, which is not an API key", sc.name, lambdaenv.VarAPIKeyIDs, id)
			}
			return "id-" + id
		})
		ids, err := apigw.ParseKeyIDs(js, cfg)
		if err != nil {
			t.Fatalf("%s: %s does not parse: %v\n%s", sc.name, lambdaenv.VarAPIKeyIDs, err, js)
		}
		if len(ids) != len(keys) {
			t.Errorf("%s: %s maps %d keys, the stack has %d", sc.name, lambdaenv.VarAPIKeyIDs, len(ids), len(keys))
		}
		var m map[string]string
		if err := json.Unmarshal([]byte(js), &m); err != nil {
			t.Fatal(err)
		}
		perClient := map[string]int{}
		for _, who := range m {
			perClient[who]++
		}
		want := map[string]int{"provider:cars-com": 1, "provider:dealer-site": 1, "integration:dms": 1}
		if sc == rotating {
			want["provider:cars-com"] = 2 // generations 1 and 2
		}
		if !maps.Equal(perClient, want) {
			t.Errorf("%s: keys per client %v, want %v", sc.name, perClient, want)
		}
	}
}

// resolve turns a string CloudFormation builds with Fn::Join into text, each Ref
// (and GetAtt) replaced by what name says, pseudo parameters by their name.
func resolve(t *testing.T, v any, name func(id string) string) string {
	t.Helper()
	switch v := v.(type) {
	case string:
		return v
	case map[string]any:
		if id, ok := v["Ref"].(string); ok {
			if strings.HasPrefix(id, "AWS::") {
				return id
			}
			return name(id)
		}
		if ga, ok := v["Fn::GetAtt"].([]any); ok {
			return name(fmt.Sprint(ga[0])) + "." + fmt.Sprint(ga[1])
		}
		if j, ok := v["Fn::Join"].([]any); ok {
			var parts []string
			for _, p := range j[1].([]any) {
				parts = append(parts, resolve(t, p, name))
			}
			return strings.Join(parts, j[0].(string))
		}
	}
	t.Fatalf("cannot resolve %v", v)
	return ""
}
