package stack_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"

	"github.com/leadclock/leadclock/infra/dealers"
	"github.com/leadclock/leadclock/infra/stack"
	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/phone"
)

// TestBrokenConfigIsRefused checks that synthesis stops on a config that does not
// validate, with the very messages `leadclock validate` prints (dealer.Load's).
func TestBrokenConfigIsRefused(t *testing.T) {
	demo := string(dealers.Demo)
	tests := []struct {
		name   string
		config string
		want   string // a problem the message must name
	}{
		{"time zone", strings.Replace(demo, "timezone: America/Chicago", "timezone: Mars/Olympus", 1),
			`dealership.timezone: "Mars/Olympus" is not an IANA time zone`},
		{"short key", strings.Replace(demo, `apiKey: "dev-key-dms"`, `apiKey: "short"`, 1),
			"integrations[0].apiKey: too short"},
		{"no sender", strings.Replace(demo, "from: leads@demo-motors.example", "", 1),
			"notifications.from: required when email is enabled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "broken.yaml")
			if err := os.WriteFile(path, []byte(tt.config), 0o644); err != nil {
				t.Fatal(err)
			}
			_, validate := dealer.Load(path, phone.Numbers)
			if validate == nil {
				t.Fatal("the broken config validates")
			}
			app := awscdk.NewApp(nil)
			_, err := stack.New(app, stack.Props{Config: path, BuildDir: buildDir(t, core...)})
			if err == nil {
				t.Fatal("the stack was made")
			}
			if err.Error() != validate.Error() {
				t.Errorf("synthesis says\n%s\nvalidate says\n%s", err, validate)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("message %q does not say %q", err, tt.want)
			}
			if n := len(*app.Node().Children()); n != 0 {
				t.Errorf("the app has %d children after a refusal", n)
			}
		})
	}
}

func TestIncompleteBuildIsRefused(t *testing.T) {
	tests := []struct {
		name      string
		functions []string
		extra     func(dir string) error
		want      string
	}{
		{"no api", []string{stack.FnTimer, stack.FnDispatch, stack.FnSweep}, nil, filepath.Join("api", "bootstrap") + ": run scripts/build"},
		{"nothing built", nil, nil, "run scripts/build"},
		{"a function without wiring", core, func(dir string) error {
			if err := os.MkdirAll(filepath.Join(dir, "fax"), 0o755); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, "fax", stack.Bootstrap), nil, 0o755)
		}, `no wiring for a function "fax"`},
		{"bootstrap is a directory", core, func(dir string) error {
			return os.MkdirAll(filepath.Join(dir, stack.FnReport, stack.Bootstrap), 0o755)
		}, "is a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := buildDir(t, tt.functions...)
			if tt.extra != nil {
				if err := tt.extra(dir); err != nil {
					t.Fatal(err)
				}
			}
			_, err := stack.New(awscdk.NewApp(nil), stack.Props{Config: demoConfig, BuildDir: dir})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
	_, err := stack.New(awscdk.NewApp(nil), stack.Props{Config: demoConfig, BuildDir: filepath.Join(t.TempDir(), "none")})
	if err == nil || !strings.Contains(err.Error(), "scripts/build") {
		t.Errorf("no build directory: error %v, want one pointing at scripts/build", err)
	}
}

func TestBadContextIsRefused(t *testing.T) {
	tests := []struct {
		name  string
		props stack.Props
		want  string
	}{
		{"ops email", stack.Props{OpsEmail: "ops at example.com"}, "opsEmail"},
		{"ops email with a name", stack.Props{OpsEmail: "Ops <ops@example.com>"}, "opsEmail"},
		{"origination", stack.Props{SMSOrigination: "312 555 0100"}, "smsOrigination"},
		{"key generations", stack.Props{KeyGenerations: "demo-motors/cars-com=0"}, "keyGenerations"},
		{"key generations of an unknown client", stack.Props{KeyGenerations: "demo-motors/carscom=2"}, `"carscom"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.props
			p.Config, p.BuildDir = demoConfig, buildDir(t, core...)
			_, err := stack.New(awscdk.NewApp(nil), p)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one about %s", err, tt.want)
			}
		})
	}
}

func TestOneStackPerDealership(t *testing.T) {
	app := awscdk.NewApp(nil)
	dir := buildDir(t, core...)
	if _, err := stack.New(app, stack.Props{Config: demoConfig, BuildDir: dir}); err != nil {
		t.Fatal(err)
	}
	_, err := stack.New(app, stack.Props{Config: demoConfig, BuildDir: dir})
	if err == nil || !strings.Contains(err.Error(), "already has a stack") {
		t.Errorf("a second stack for the same dealership: error %v", err)
	}
}
