package stack_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/leadclock/leadclock/infra/stack"
)

// demoConfig is the example dealership's config, relative to this package.
const demoConfig = "../dealers/demo-motors.yaml"

// tempRoot holds every build directory the tests make; TestMain removes it.
var tempRoot string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "leadclock-infra-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	tempRoot = dir
	code := m.Run()
	os.RemoveAll(dir)
	jsii.Close()
	os.Exit(code)
}

// buildDir makes a build directory with a stand-in bootstrap for each function.
func buildDir(t testing.TB, functions ...string) string {
	t.Helper()
	dir, err := makeBuildDir(functions...)
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// makeBuildDir makes a build directory with a stand-in bootstrap for each function,
// each different, so that each function has an asset of its own.
func makeBuildDir(functions ...string) (string, error) {
	dir, err := os.MkdirTemp(tempRoot, "build-")
	if err != nil {
		return "", err
	}
	for _, f := range functions {
		if err := os.MkdirAll(filepath.Join(dir, f), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(dir, f, stack.Bootstrap), []byte("#!/bin/sh\n# "+f+"\n"), 0o755); err != nil {
			return "", err
		}
	}
	return dir, nil
}

var (
	core = []string{stack.FnAPI, stack.FnTimer, stack.FnDispatch, stack.FnSweep}
	all  = append(append([]string{}, core...), stack.FnReport)
)

// synthesized is a stack as a test reads it: the assertions template, and the same
// template as Go values.
type synthesized struct {
	props    stack.Props
	template assertions.Template
	tmpl     template
}

// scenario is a stack the tests share, synthesized once: synthesis is what takes
// the time.
type scenario struct {
	name      string
	functions []string
	props     stack.Props
	once      func() (*synthesized, error)
}

func newScenario(name string, functions []string, props stack.Props) *scenario {
	s := &scenario{name: name, functions: functions, props: props}
	var mu sync.Mutex
	var done *synthesized
	s.once = func() (*synthesized, error) {
		mu.Lock()
		defer mu.Unlock()
		if done != nil {
			return done, nil
		}
		p := s.props
		dir, err := makeBuildDir(s.functions...)
		if err != nil {
			return nil, err
		}
		p.BuildDir = dir
		app := awscdk.NewApp(nil)
		st, err := stack.New(app, p)
		if err != nil {
			return nil, err
		}
		tpl := assertions.Template_FromStack(st, nil)
		done = &synthesized{props: p, template: tpl, tmpl: template(*tpl.ToJSON())}
		return done, nil
	}
	return s
}

// get synthesizes the scenario's stack, once for all tests.
func (s *scenario) get(t *testing.T) *synthesized {
	t.Helper()
	out, err := s.once()
	if err != nil {
		t.Fatalf("%s: %v", s.name, err)
	}
	return out
}

// The stacks the tests read: every function with every option set, the functions
// that must be there and nothing optional, and a dealership rotating keys.
var (
	full = newScenario("full", all, stack.Props{
		Config: demoConfig, OpsEmail: "ops@example.com", SMSOrigination: "+13125550199",
	})
	minimal  = newScenario("minimal", core, stack.Props{Config: demoConfig})
	rotating = newScenario("rotating", core, stack.Props{
		Config: demoConfig, KeyGenerations: "demo-motors/cars-com=1+2,demo-motors/dms=2,other-dealer/dms=7",
	})
	scenarios = []*scenario{full, minimal, rotating}
)

// template is a synthesized CloudFormation template.
type template map[string]any

// resource is one resource of a template, with its logical id.
type resource struct {
	id    string
	typ   string
	props map[string]any
	raw   map[string]any
}

// resources returns the resources of a type, sorted by logical id.
func (t template) resources(typ string) []resource {
	var out []resource
	for id, r := range t["Resources"].(map[string]any) {
		m := r.(map[string]any)
		if m["Type"] != typ {
			continue
		}
		props, _ := m["Properties"].(map[string]any)
		out = append(out, resource{id: id, typ: typ, props: props, raw: m})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// resource returns the one resource of the type whose logical id is the construct
// id, with the hash CDK appends to that of a nested construct.
func (t template) resource(tb testing.TB, typ, constructID string) resource {
	tb.Helper()
	re := regexp.MustCompile("^" + constructID + "([0-9A-F]{8})?$")
	var found []resource
	for _, r := range t.resources(typ) {
		if re.MatchString(r.id) {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		tb.Fatalf("want one %s %s, found %d", typ, constructID, len(found))
	}
	return found[0]
}

// ref is CloudFormation's reference to a resource.
func ref(id string) map[string]any { return map[string]any{"Ref": id} }

// getAtt is CloudFormation's reference to a resource's attribute.
func getAtt(id, attr string) map[string]any {
	return map[string]any{"Fn::GetAtt": []any{id, attr}}
}

// list returns v as a list: CloudFormation takes a single value where it takes a
// list of one.
func list(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	if v == nil {
		return nil
	}
	return []any{v}
}

// strs returns v's strings, for Action lists.
func strs(v any) []string {
	var out []string
	for _, x := range list(v) {
		out = append(out, fmt.Sprint(x))
	}
	return out
}

// check runs an assertions call, which panics on failure, and reports the failure.
func check(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s: %v", what, strings.TrimSpace(fmt.Sprint(r)))
		}
	}()
	f()
}
