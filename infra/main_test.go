package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/leadclock/leadclock/infra/dealers"
	"github.com/leadclock/leadclock/infra/stack"
	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/phone"
)

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// fixture writes two dealerships' configs (the demo, and a copy under another id)
// and a build directory with stand-in bootstraps.
func fixture(t *testing.T) (demo, north, build string) {
	t.Helper()
	dir := t.TempDir()
	demo = filepath.Join(dir, "demo-motors.yaml")
	north = filepath.Join(dir, "north-motors.yaml")
	northCfg := strings.Replace(string(dealers.Demo), "id: demo-motors, name: Demo Motors", "id: north-motors, name: North Motors", 1)
	northCfg = strings.Replace(northCfg, "from: leads@demo-motors.example", "from: leads@north-motors.example", 1)
	if northCfg == string(dealers.Demo) {
		t.Fatal("the demo config changed: the north copy is the demo")
	}
	build = filepath.Join(dir, "build")
	files := map[string]string{demo: string(dealers.Demo), north: northCfg}
	for _, fn := range []string{stack.FnAPI, stack.FnTimer, stack.FnDispatch, stack.FnSweep} {
		files[filepath.Join(build, fn, stack.Bootstrap)] = "#!/bin/sh\n# " + fn + "\n"
	}
	for path, body := range files {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return demo, north, build
}

func newApp(t *testing.T, context map[string]any) awscdk.App {
	t.Helper()
	return awscdk.NewApp(&awscdk.AppProps{Context: &context, Outdir: jsii.String(t.TempDir())})
}

// nameProperties are the properties that name a resource in its account (or
// region): none of them may be given a name by the stack, or two dealerships would
// clash.
var nameProperties = []string{
	"TableName", "FunctionName", "RoleName", "QueueName", "TopicName", "LogGroupName", "SecretName",
	"DashboardName", "LayerName", "UsagePlanName", "GroupName", "AlarmName", "FilterName",
}

// notNames are properties ending in Name that name something inside a resource:
// CDK names a role's inline policy after its logical id, an index or a metric is
// named within its table or namespace.
var notNames = []string{"PolicyName", "StageName", "IndexName", "AttributeName", "MetricName"}

// TestTwoDealershipsSideBySide synthesizes two dealerships in one app, as one
// account and region hold them, and checks that nothing they define is named
// alike: CloudFormation names every resource, and what must carry a name (a REST
// API's, a stack's) differs.
func TestTwoDealershipsSideBySide(t *testing.T) {
	demo, north, build := fixture(t)
	app := newApp(t, map[string]any{"dealer": demo + ", " + north, "build": build})
	if err := addStacks(app); err != nil {
		t.Fatal(err)
	}
	assembly := app.Synth(nil)
	var names []string
	literal := map[string][]string{} // a literal name-like value → where it is set
	for _, st := range *assembly.Stacks() {
		names = append(names, *st.StackName())
		tmpl := st.Template().(map[string]any)
		for id, r := range tmpl["Resources"].(map[string]any) {
			res := r.(map[string]any)
			props, _ := res["Properties"].(map[string]any)
			for p, v := range props {
				s, isLiteral := v.(string) // a reference to another resource's name is not a name given
				if !isLiteral || (p != "Name" && !strings.HasSuffix(p, "Name")) || slices.Contains(notNames, p) {
					continue
				}
				if slices.Contains(nameProperties, p) {
					t.Errorf("%s %s sets %s %q", *st.StackName(), id, p, s)
				}
				literal[s] = append(literal[s], fmt.Sprintf("%s %s.%s", *st.StackName(), id, p))
			}
		}
		for id, o := range tmpl["Outputs"].(map[string]any) {
			if _, ok := o.(map[string]any)["Export"]; ok {
				t.Errorf("%s exports output %s: export names are account-wide", *st.StackName(), id)
			}
		}
	}
	slices.Sort(names)
	if want := []string{stack.Name("demo-motors"), stack.Name("north-motors")}; !slices.Equal(names, want) {
		t.Errorf("stacks %v, want %v", names, want)
	}
	for name, where := range literal {
		if len(where) > 1 {
			t.Errorf("name %q is set in %v", name, where)
		}
	}
	for _, id := range []string{"demo-motors", "north-motors"} {
		if _, err := os.Stat(filepath.Join(build, "config", id, "leadclock", "dealer.yaml")); err != nil {
			t.Errorf("config of %s not staged: %v", id, err)
		}
	}
}

func TestContextIsRead(t *testing.T) {
	demo, _, build := fixture(t)
	app := newApp(t, map[string]any{
		"dealer": demo, "build": build, "opsEmail": "ops@example.com", "smsOrigination": "north-motors=+13125550198, demo-motors=+13125550199",
		"keyGenerations": "demo-motors/dms=1+2",
	})
	if err := addStacks(app); err != nil {
		t.Fatal(err)
	}
	st := app.Synth(nil).GetStackByName(jsii.String(stack.Name("demo-motors")))
	body, err := json.Marshal(st.Template())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"Endpoint":"ops@example.com"`, `"LEADCLOCK_SMS_ORIGINATION":"+13125550199"`, `integration dms, key 2`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("the template lacks %s", want)
		}
	}
}

func TestRefusals(t *testing.T) {
	demo, _, build := fixture(t)
	broken := filepath.Join(t.TempDir(), "broken.yaml")
	if err := os.WriteFile(broken, []byte(strings.Replace(string(dealers.Demo), "region: US", "region: Atlantis", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, validate := dealer.Load(broken, phone.Numbers)
	if validate == nil {
		t.Fatal("the broken config validates")
	}
	tests := []struct {
		name    string
		context map[string]any
		want    string
	}{
		{"broken config", map[string]any{"dealer": demo + "," + broken, "build": build}, validate.Error()},
		{"no config", map[string]any{"build": build}, "no dealership config"},
		{"missing config", map[string]any{"dealer": demo + ".missing", "build": build}, "no such file"},
		{"no build", map[string]any{"dealer": demo, "build": build + ".missing"}, "run scripts/build"},
		{"same dealership twice", map[string]any{"dealer": demo + "," + demo, "build": build}, "already has a stack"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := addStacks(newApp(t, tt.context))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}
