package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/leadclock/leadclock/shared/browsertest"
	"github.com/leadclock/leadclock/shared/simulate"
)

// committedReport is the simulated month of the demo dealership that docs/ and the
// README quote.
var committedReport = filepath.Join("..", "..", "docs", "simulation")

// TestSimulationReportIsCurrent runs the simulator on the demo config with the
// defaults, as docs/simulation was made, and compares the result with the committed
// files byte for byte: a change to the engine, the config, the model or the report
// shows here instead of leaving stale figures in the docs.
// go test ./cmd/leadclock -run SimulationReport -update rewrites them.
func TestSimulationReportIsCurrent(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	args := []string{"simulate", "--config", filepath.Join("..", "..", "infra", "dealers", "demo-motors.yaml"), "--out", out}
	if status := run(context.Background(), args, &stdout, &stderr); status != 0 {
		t.Fatalf("leadclock %s: status %d: %s", strings.Join(args, " "), status, stderr.String())
	}
	if !strings.Contains(stdout.String(), "figures from a model") {
		t.Errorf("the summary does not say its figures come from a model:\n%s", stdout.String())
	}
	for _, name := range []string{"report.json", "report.html"} {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(committedReport, name)
		if *update {
			if err := os.MkdirAll(committedReport, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test ./cmd/leadclock -run SimulationReport -update writes it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("docs/simulation/%s is stale: the simulator now writes something else for the demo config "+
				"(go test ./cmd/leadclock -run SimulationReport -update rewrites it; update the README's figures too)", name)
		}
	}
	// The built-in config is the same file: it gives the same report.
	builtIn := t.TempDir()
	if status := run(context.Background(), []string{"simulate", "--out", builtIn}, &stdout, &stderr); status != 0 {
		t.Fatalf("leadclock simulate: status %d: %s", status, stderr.String())
	}
	a, _ := os.ReadFile(filepath.Join(out, "report.json"))
	b, _ := os.ReadFile(filepath.Join(builtIn, "report.json"))
	if !bytes.Equal(a, b) {
		t.Error("the built-in demo config and infra/dealers/demo-motors.yaml gave different reports")
	}
}

func TestSimulateCommand(t *testing.T) {
	dir := t.TempDir()
	badModel := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(badModel, []byte("reps: {respond: {free: {missed: 2}}}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	strangers := filepath.Join(dir, "strangers.yaml")
	if err := os.WriteFile(strangers, []byte("providers: [{id: nobody-com, share: 1}]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args   []string
		status int
		errs   string
	}{
		{[]string{"simulate", "--sweep", "speed=1,2"}, 2, `"speed" is not a parameter`},
		{[]string{"simulate", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"simulate", "--days", "many"}, 2, "invalid value"},
		{[]string{"simulate", "--model", filepath.Join(dir, "missing.yaml")}, 1, "read model"},
		{[]string{"simulate", "--model", badModel}, 1, "reps.respond.free.missed: 2 is not a share"},
		{[]string{"simulate", "--model", strangers, "--out", dir}, 1, `"nobody-com" is not a provider of demo-motors`},
		{[]string{"simulate", "--days", "0", "--out", dir}, 1, "days: 0"},
		{[]string{"simulate", "--config", filepath.Join(dir, "missing.yaml")}, 1, "read dealership config"},
	} {
		var stdout, stderr bytes.Buffer
		if status := run(context.Background(), tt.args, &stdout, &stderr); status != tt.status || !strings.Contains(stderr.String(), tt.errs) {
			t.Errorf("leadclock %v: status %d, stderr %q; want %d and %q", tt.args, status, stderr.String(), tt.status, tt.errs)
		}
	}

	// A sweep: three days, three deadlines, tabulated on stdout and in the report.
	out := filepath.Join(dir, "sweep")
	var stdout, stderr bytes.Buffer
	args := []string{"simulate", "--days", "3", "--leads-per-day", "40", "--seed", "5", "--sweep", "sla=3m,5m,10m", "--out", out}
	if status := run(context.Background(), args, &stdout, &stderr); status != 0 {
		t.Fatalf("leadclock %v: status %d: %s", args, status, stderr.String())
	}
	for _, want := range []string{"LC within SLA", "3m", "10m", "report.html"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout.String())
		}
	}
	data, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r simulate.Report
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	if r.Seed != 5 || r.Model.Days != 3 || r.Model.LeadsPerDay != 40 || r.Sweep == nil || len(r.Sweep.Rows) != 3 {
		t.Errorf("report: seed %d, %d days, %v leads a day, sweep %+v", r.Seed, r.Model.Days, r.Model.LeadsPerDay, r.Sweep)
	}
	if r.Dealership.ConfigSHA256 == "" || r.Dealership.Config != "demo-motors.yaml" {
		t.Errorf("the report does not say which config it is about: %+v", r.Dealership)
	}
}

// TestBrowserSimulationReport opens the committed report in headless chromium, at a
// phone's size and with nothing but the file: every chart renders, with its marks,
// the page says its figures come from a model, and nothing is fetched.
func TestBrowserSimulationReport(t *testing.T) {
	t.Parallel()
	chromium := browsertest.Chromium(t)
	page, err := filepath.Abs(filepath.Join(committedReport, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(page); err != nil {
		t.Fatalf("%v (go test ./cmd/leadclock -run SimulationReport -update writes it)", err)
	}
	ctx := newPhone(t, chromium)
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page)); err != nil {
		t.Fatalf("open %s: %v", page, err)
	}
	if got := text(t, ctx, chromedp.ID("model-note")); !strings.Contains(got, "Figures from a model, not from a dealership") {
		t.Errorf("the model note says %q", got)
	}
	type chart struct {
		Name          string
		Width, Height float64
		Marks         int
	}
	charts := browsertest.Eval[[]chart](t, ctx, `[...document.querySelectorAll("svg.chart")].map(s => {
		const r = s.getBoundingClientRect();
		return {Name: s.dataset.chart, Width: r.width, Height: r.height, Marks: s.querySelectorAll("rect, polyline, circle").length};
	})`)
	var names []string
	for _, c := range charts {
		names = append(names, c.Name)
		if c.Width < 300 || c.Height < 100 || c.Marks < 5 {
			t.Errorf("chart %s renders %.0f×%.0f px with %d marks", c.Name, c.Width, c.Height, c.Marks)
		}
	}
	want := []string{"first-contact", "heatmap-leadclock", "heatmap-baseline", "arrivals", "nudges"}
	if !slices.Equal(names, want) {
		t.Errorf("charts %v, want %v", names, want)
	}
	if n := browsertest.Eval[int](t, ctx, `performance.getEntriesByType("resource").length`); n != 0 {
		t.Errorf("the page fetched %d resources; it must need nothing but itself", n)
	}
	if external := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll("[src], [href]")].map(e => e.getAttribute("src") ?? e.getAttribute("href")).filter(u => /^(https?:)?\/\//.test(u))`); len(external) > 0 {
		t.Errorf("the page refers to the network: %v", external)
	}
	measure(t, ctx, `#first-contact svg.chart`).fits(t, "the simulation report")
}
