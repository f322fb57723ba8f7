package stack

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/lambdaenv"
	"github.com/leadclock/leadclock/shared/phone"
)

func TestConfigLandsWhereFunctionsReadIt(t *testing.T) {
	if got := filepath.ToSlash(filepath.Join(layerRoot, configLayerFile)); got != lambdaenv.DefaultConfig {
		t.Errorf("the layer puts the config at %s, the functions read %s", got, lambdaenv.DefaultConfig)
	}
}

func TestWithoutAPIKeys(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		want     []string // present in the output
		notWant  []string
		wantFail bool
	}{
		{
			name: "flow mappings",
			in: "providers:\n  - {id: cars-com, name: Cars.com, apiKey: \"dev-key-cars-com\"}\n" +
				"integrations:\n  - {id: dms, apiKey: \"dev-key-dms\"}\n",
			want:    []string{"id: cars-com", "name: Cars.com", "id: dms"},
			notWant: []string{"apiKey", "dev-key"},
		},
		{
			name: "block mappings and signing secrets",
			in: "providers:\n  - id: web\n    name: Website\n    apiKey: secret-key-123\n" +
				"    signingSecrets: [\"0123456789abcdef0123456789abcdef\"]\n",
			want:    []string{"id: web", "signingSecrets"},
			notWant: []string{"apiKey", "secret-key-123"},
		},
		{
			name:    "comments may hold anything",
			in:      "# old key: dev-key-in-a-comment\nproviders:\n  - id: web # apiKey: dev-key-line\n    name: Website\n",
			want:    []string{"id: web"},
			notWant: []string{"dev-key-in-a-comment", "dev-key-line", "#"},
		},
		{
			name:    "apiKey elsewhere is kept",
			in:      "notifications: {apiKey: not-a-client-key}\n",
			want:    []string{"apiKey: not-a-client-key"},
			notWant: nil,
		},
		{name: "not a mapping", in: "- a\n- b\n", wantFail: true},
		{name: "not YAML", in: "providers: [\n", wantFail: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := withoutAPIKeys([]byte(tt.in))
			if (err != nil) != tt.wantFail {
				t.Fatalf("error %v, want failure %v", err, tt.wantFail)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(string(out), w) {
					t.Errorf("output keeps %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestLayerPhonesAreE164(t *testing.T) {
	raw, err := os.ReadFile("../dealers/demo-motors.yaml")
	if err != nil {
		t.Fatal(err)
	}
	human := strings.Replace(string(raw), `phone: "+13125550101"`, `phone: "(312) 555-0101"`, 1)
	if human == string(raw) {
		t.Fatal("alice's phone not found in the demo config")
	}
	if _, err := dealer.Parse("demo.yaml", []byte(human), dealer.CheckedE164); err == nil {
		t.Fatal("CheckedE164 took a number written for people")
	}
	cfg, err := dealer.Parse("demo.yaml", []byte(human), phone.Numbers)
	if err != nil {
		t.Fatal(err)
	}
	out, err := withE164Phones([]byte(human), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"+13125550101"`) || strings.Contains(string(out), "(312)") {
		t.Errorf("layer config keeps the number as written:\n%s", out)
	}
	layered, err := dealer.Parse("layer.yaml", out, dealer.CheckedE164)
	if err != nil {
		t.Fatal(err)
	}
	if rep, _ := layered.Team.Rep("alice"); rep.Phone != "+13125550101" {
		t.Errorf("alice's phone %q in the layer", rep.Phone)
	}
}
