package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/memory"
)

// demo follows one lead through the real engine on virtual time: it arrives on a
// Tuesday morning, nobody calls in time, it is rerouted, someone calls, follow-up
// is scheduled, and it is sold. Every nudge is printed as it goes out.
func demo(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", "", "dealership config (default: the built-in Demo Motors)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg, err := loadConfig(*path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if err := walkthrough(ctx, cfg, stdout); err != nil {
		fmt.Fprintln(stderr, "demo:", err)
		return 1
	}
	return 0
}

func walkthrough(ctx context.Context, cfg *dealer.Config, out io.Writer) error {
	loc := cfg.Team.Location
	day := time.Date(2026, 11, 24, 0, 0, 0, 0, loc) // a Tuesday
	at := func(hhmm string, days int) time.Time {
		t, _ := time.ParseInLocation("15:04", hhmm, loc)
		return day.AddDate(0, 0, days).Add(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute)
	}
	sb := memory.NewSandbox(cfg.Engine(), day)
	printed := 0
	step := func(when time.Time, what string) error {
		if err := sb.AdvanceTo(ctx, when); err != nil {
			return err
		}
		for _, d := range sb.Notifier.Sent()[printed:] {
			fmt.Fprintf(out, "  %s  nudge to %s by %s: %s\n", d.At.In(loc).Format("Mon 15:04:05"), d.Rep.Name, d.Message.Channel, describeMessage(d.Message))
			printed++
		}
		if what != "" {
			fmt.Fprintf(out, "%s  %s\n", when.In(loc).Format("Mon 15:04:05"), what)
		}
		return nil
	}

	fmt.Fprintf(out, "LeadClock demo: %s, %s (virtual time)\n\n", cfg.Dealership.Name, loc)
	if err := step(at("10:00", 0), "a lead arrives from "+cfg.Providers[0].Name); err != nil {
		return err
	}
	rc, err := sb.Engine.Receive(ctx, engine.Intake{
		Source:   lead.Source{Provider: cfg.Providers[0].ID, ProviderLeadID: "demo-1"},
		Customer: lead.Customer{Name: "Pat Doe", Phones: []lead.Phone{{E164: "+13125550150", Raw: "+13125550150", Valid: true}}, Emails: []string{"pat@example.com"}},
	})
	if err != nil {
		return err
	}
	l := rc.Lead
	if err := step(at("10:06", 0), ""); err != nil {
		return err
	}
	owner := func() (string, error) {
		cur, err := sb.Store.Lead(ctx, l.ID)
		return cur.Owner, err
	}
	rep, err := owner()
	if err != nil {
		return err
	}
	if err := step(at("10:07", 0), rep+" calls the customer"); err != nil {
		return err
	}
	if _, err := sb.Engine.LogActivity(ctx, l.ID, lead.Contacted{Rep: rep, Channel: "call", Outcome: "left voicemail", Evidence: lead.SelfReported}); err != nil {
		return err
	}
	if err := step(at("11:00", 1), rep+" texts the customer, who books a test drive"); err != nil {
		return err
	}
	if _, err := sb.Engine.LogActivity(ctx, l.ID, lead.Contacted{Rep: rep, Channel: "text", Outcome: "appointment", Evidence: lead.Integration, Actor: "dms"}); err != nil {
		return err
	}
	if err := step(at("15:00", 3), rep+" sells the car"); err != nil {
		return err
	}
	if _, err := sb.Engine.Close(ctx, l.ID, lead.Closed{Outcome: lead.Sold, Actor: rep}); err != nil {
		return err
	}
	if err := step(at("15:00", 3), ""); err != nil {
		return err
	}

	timeline, err := sb.Store.Timeline(ctx, l.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nTimeline of lead %s:\n", l.ID)
	for _, a := range timeline {
		fmt.Fprintf(out, "  %s  %-11s %s\n", a.At.In(loc).Format("Mon 15:04:05"), a.Type, describeActivity(a))
	}
	return nil
}

func describeMessage(m lead.Message) string {
	var parts []string
	for _, n := range m.Notices {
		s := string(n.Kind) + " " + n.LeadID
		if n.About != "" {
			s += " (" + n.About + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

func describeActivity(a lead.Activity) string {
	var parts []string
	add := func(k, v string) {
		if v != "" {
			parts = append(parts, k+v)
		}
	}
	add("", a.Rep)
	add("from ", a.From)
	if a.Step > 0 {
		parts = append(parts, fmt.Sprintf("step %d (%s) run %d", a.Step, a.Action, a.Run))
	}
	add("", string(a.Notice))
	add("by ", a.Channel)
	add("", string(a.Evidence))
	add("outcome ", a.Outcome)
	add("", a.Reason)
	if !a.Until.IsZero() {
		parts = append(parts, "until "+a.Until.Format("Mon 15:04"))
	}
	if a.Actor != lead.System && a.Actor != a.Rep {
		parts = append(parts, "by "+a.Actor)
	}
	return strings.Join(parts, ", ") + " -> " + string(a.Status)
}
