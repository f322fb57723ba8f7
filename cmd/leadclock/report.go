package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/leadclock/leadclock/shared/followup"
	"github.com/leadclock/leadclock/shared/local"
)

// report prints the weekly manager report of a local-mode data directory, the one
// serve writes to the outbox each week, for any week and at any time.
func report(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", "", "dealership config (default: the built-in Demo Motors)")
	data := fs.String("data", ".leadclock", "data directory of leadclock serve, which must be stopped")
	from := fs.String("from", "", "first day of the leads to report on, YYYY-MM-DD in dealership time or RFC 3339 (default: the last full week)")
	to := fs.String("to", "", "end of the leads to report on, exclusive, as --from (default: seven days after --from)")
	html := fs.String("html", "", "also write the report's HTML, as managers get it, to this file")
	manager := fs.String("manager", "", "manager the links are for (default: the first the report goes to)")
	public := fs.String("public-url", "http://127.0.0.1:8080", "URL managers reach the server at, for the links")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "leadclock report: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	cfg, err := loadConfig(*path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	win, err := reportWindow(*from, *to, cfg.Team.Location)
	if err != nil {
		fmt.Fprintln(stderr, "leadclock report:", err)
		return 2
	}
	r, err := local.Report(ctx, local.ReportOptions{Config: cfg, DataDir: *data, PublicURL: *public, Manager: *manager, Window: win})
	if err != nil {
		fmt.Fprintln(stderr, "leadclock report:", err)
		return 1
	}
	fmt.Fprint(stdout, r.Text)
	if *html != "" {
		// It names customers and carries links that act as the manager: the owner's to read.
		if err := os.WriteFile(*html, []byte(r.HTML), 0o600); err != nil {
			fmt.Fprintln(stderr, "leadclock report: write the HTML:", err)
			return 1
		}
	}
	return 0
}

// reportWindow reads --from and --to: dates are midnight in the dealership's zone, and
// a missing end is seven days from the other. Both missing is the zero window: the
// last full week.
func reportWindow(from, to string, loc *time.Location) (followup.Window, error) {
	var w followup.Window
	for _, f := range []struct {
		name, value string
		t           *time.Time
	}{{"--from", from, &w.From}, {"--to", to, &w.To}} {
		if f.value == "" {
			continue
		}
		t, err := time.ParseInLocation(time.DateOnly, f.value, loc)
		if err != nil {
			if t, err = time.Parse(time.RFC3339, f.value); err != nil {
				return w, fmt.Errorf("%s %q is not a date (YYYY-MM-DD) or a time (RFC 3339, like 2026-11-02T00:00:00-06:00)", f.name, f.value)
			}
		}
		*f.t = t
	}
	switch {
	case from == "" && to == "":
		return w, nil
	case to == "":
		w.To = w.From.In(loc).AddDate(0, 0, 7)
	case from == "":
		w.From = w.To.In(loc).AddDate(0, 0, -7)
	}
	if !w.From.Before(w.To) {
		return w, fmt.Errorf("--from %s is not before --to %s", w.From.Format(time.RFC3339), w.To.Format(time.RFC3339))
	}
	return w, nil
}
