package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestValidate(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	good, err := os.ReadFile("../../infra/dealers/demo-motors.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, bytes.Replace(good, []byte("America/Chicago"), []byte("Mars/Olympus"), 1), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args      []string
		status    int
		out, errs string
	}{
		{[]string{"validate", "../../infra/dealers/demo-motors.yaml"}, 0, "ok ../../infra/dealers/demo-motors.yaml: demo-motors (Demo Motors), America/Chicago; 6 reps (1 managers), on-call rotation of 2; first contact within 5m0s, 3 escalation steps; 2 providers, 1 integrations", ""},
		{[]string{"validate", "../../infra/dealers/demo-motors.yaml", bad}, 1, "ok ", `bad.yaml:3: dealership.timezone: "Mars/Olympus" is not an IANA time zone`},
		{[]string{"validate"}, 2, "", "usage"},
		{[]string{"frobnicate"}, 2, "", `unknown command "frobnicate"`},
		{nil, 2, "", "usage"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		status := run(context.Background(), tt.args, &stdout, &stderr)
		if status != tt.status || !strings.Contains(stdout.String(), tt.out) || !strings.Contains(stderr.String(), tt.errs) {
			t.Errorf("leadclock %v: status %d\nstdout: %s\nstderr: %s", tt.args, status, stdout.String(), stderr.String())
		}
	}
}

// TestDemo runs the walkthrough on the built-in config and compares it with
// testdata/demo.golden: virtual time makes it the same on every run, so any change in
// what the engine does shows up here. go test ./cmd/leadclock -update rewrites it.
func TestDemo(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if status := run(context.Background(), []string{"demo"}, &stdout, &stderr); status != 0 {
		t.Fatalf("demo: status %d: %s", status, stderr.String())
	}
	golden := filepath.Join("testdata", "demo.golden")
	if *update {
		if err := os.WriteFile(golden, stdout.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got := stdout.String(); got != string(want) {
		t.Fatalf("demo output differs from %s (run with -update if the change is intended):\n%s", golden, got)
	}
}
