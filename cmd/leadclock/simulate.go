package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/leadclock/leadclock/infra/dealers"
	"github.com/leadclock/leadclock/shared/simulate"
)

// simulateUsage is the simulate command's usage line.
const simulateUsage = `usage: leadclock simulate [--config FILE] [--days 30] [--seed N] [--leads-per-day N]
                          [--out DIR] [--model FILE] [--sweep sla=3m,5m,10m]`

// simulateCmd runs the dealership simulator: a modelled month through the real
// engine on virtual time, LeadClock beside the same team with its CRM only, written to
// DIR/report.json and DIR/report.html.
func simulateCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, simulateUsage)
		fs.PrintDefaults()
	}
	path := fs.String("config", "", "dealership config (default: the built-in Demo Motors)")
	days := fs.Int("days", 0, "days of leads to simulate (default: the model's, 30)")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same report")
	perDay := fs.Float64("leads-per-day", 0, "leads per day on average (default: the model's, 20)")
	out := fs.String("out", "simulation", "directory to write report.json and report.html to")
	modelPath := fs.String("model", "", "YAML file overriding the model's defaults (docs/SIMULATION.md)")
	sweep := fs.String("sweep", "", "run again for each value: sla=3m,5m,10m, reps=3,4,5 or leads=50,100,200")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "leadclock simulate: unexpected argument %q\n%s\n", fs.Arg(0), simulateUsage)
		return 2
	}
	opt := simulate.Options{Seed: *seed, Model: simulate.Default()}
	var err error
	if *modelPath != "" {
		if opt.Model, err = simulate.LoadModel(*modelPath); err != nil {
			fmt.Fprintln(stderr, "leadclock simulate:", err)
			return 1
		}
	}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "days":
			opt.Model.Days = *days
		case "leads-per-day":
			opt.Model.LeadsPerDay = *perDay
		}
	})
	if *sweep != "" {
		if opt.Sweep, err = simulate.ParseSweep(*sweep); err != nil {
			fmt.Fprintln(stderr, "leadclock simulate:", err)
			return 2
		}
	}
	cfg, err := loadConfig(*path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	// The report names the config by its file name and its contents' digest, not by
	// the path it was given as, so that it reads the same from wherever it was run.
	opt.ConfigName, opt.Config = filepath.Base(*path), dealers.Demo
	if *path == "" {
		opt.ConfigName = "demo-motors.yaml"
	} else if opt.Config, err = os.ReadFile(*path); err != nil {
		fmt.Fprintln(stderr, "leadclock simulate:", err)
		return 1
	}
	report, err := simulate.Run(ctx, cfg, opt)
	if err != nil {
		fmt.Fprintln(stderr, "leadclock simulate:", err)
		return 1
	}
	if err := writeReport(report, *out); err != nil {
		fmt.Fprintln(stderr, "leadclock simulate:", err)
		return 1
	}
	printSummary(stdout, report, *out)
	return 0
}

// writeReport writes DIR/report.json and DIR/report.html.
func writeReport(r *simulate.Report, dir string) error {
	js, err := r.JSON()
	if err != nil {
		return fmt.Errorf("report.json: %w", err)
	}
	page, err := r.HTML()
	if err != nil {
		return fmt.Errorf("report.html: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, data := range map[string][]byte{"report.json": js, "report.html": page} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// printSummary prints the headline figures and where the report went.
func printSummary(w io.Writer, r *simulate.Report, dir string) {
	fmt.Fprintf(w, "%s: %d days from %s, seed %d (figures from a model, docs/SIMULATION.md)\n\n",
		r.Dealership.Name, r.Model.Days, r.From.Format("2006-01-02"), r.Seed)
	fmt.Fprintf(w, "  %-40s %12s %12s\n", "", "LeadClock", "CRM only")
	for _, c := range r.Headline {
		fmt.Fprintf(w, "  %-40s %12s %12s\n", c.Measure, figure(c, c.LeadClock), figure(c, c.Baseline))
	}
	if sw := r.Sweep; sw != nil {
		fmt.Fprintf(w, "\n  %-12s %14s %14s %14s %14s\n", sw.Parameter, "LC within SLA", "LC median", "CRM within SLA", "CRM median")
		for _, row := range sw.Rows {
			fmt.Fprintf(w, "  %-12s %14s %14s %14s %14s\n", row.Value, pctOf(row.LeadClock.WithinSLA), secsOf(row.LeadClock.MedianSeconds),
				pctOf(row.Baseline.WithinSLA), secsOf(row.Baseline.MedianSeconds))
		}
	}
	fmt.Fprintf(w, "\nwrote %s and %s\n", filepath.Join(dir, "report.json"), filepath.Join(dir, "report.html"))
}

func figure(c simulate.Compare, v *float64) string {
	switch {
	case v == nil:
		return "–"
	case c.Unit == "share":
		return pctOf(v)
	case c.Unit == "seconds":
		return secsOf(v)
	case c.Unit == "count":
		return fmt.Sprintf("%.0f", *v)
	}
	return fmt.Sprintf("%.2f", *v)
}

func pctOf(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", *v*100)
}

func secsOf(v *float64) string {
	if v == nil {
		return "–"
	}
	return simulate.Seconds(*v)
}
