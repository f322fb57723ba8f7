package simulate

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leadclock/leadclock/infra/dealers"
	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/followup"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/phone"
)

func demo(t *testing.T) *dealer.Config {
	t.Helper()
	cfg, err := dealer.Parse(dealers.DemoName, dealers.Demo, phone.Numbers)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// short is the default model over two weeks, which the tests run to keep quick.
func short() Model {
	m := Default()
	m.Days = 14
	return m
}

func run(t *testing.T, cfg *dealer.Config, m Model, seed uint64) *Report {
	t.Helper()
	r, err := Run(context.Background(), cfg, Options{Seed: seed, Model: m})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// runWorld runs one world and returns it for a look inside.
func runWorld(t *testing.T, cfg *dealer.Config, m Model, k kind) *world {
	t.Helper()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	p, err := newPlan(cfg, &m, 1)
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(context.Background(), k, cfg, &m, p, 1)
	if err := w.run(); err != nil {
		t.Fatal(err)
	}
	return w
}

// prompt makes every rep answer every nudge after exactly d, in every state, never
// missing one, with no customers, breaks or CRM look-ups in the way and calls that
// take no time.
func prompt(m *Model, d time.Duration) {
	r := Response{Now: 1, Delay: Dist{Median: Duration(d), P90: Duration(d)}, After: Dist{Median: Duration(d), P90: Duration(d)}}
	m.Reps.Respond = Respond{Free: r, WithCustomer: r, OnBreak: r, OffShift: r, Asleep: r}
	m.Reps.Floor.VisitsPerHour = 0
	m.Reps.Breaks.Length = Dist{}
	m.Reps.CRM.Every = Dist{}
	m.Reps.Call = 0
	m.Channels = Channels{}
	m.Overrides = nil
}

func TestAlwaysAnswerInOneMinute(t *testing.T) {
	m := short()
	prompt(&m, time.Minute)
	r := run(t, demo(t), m, 1)
	lc := r.LeadClock
	if lc.Summary.Leads < 100 {
		t.Fatalf("only %d leads measured", lc.Summary.Leads)
	}
	if s := lc.Summary.WithinSLA; s == nil || *s != 1 {
		t.Errorf("within the SLA: %s, want 100%%", pct(s))
	}
	if f := lc.Figures; f.Reroutes != 0 || f.Escalations != 0 || lc.Leads.ReachedManagers != 0 {
		t.Errorf("reroutes %d, escalations %d, leads that reached managers %d; want none", f.Reroutes, f.Escalations, lc.Leads.ReachedManagers)
	}
	if p90 := lc.Summary.P90Seconds; p90 == nil || *p90 > 120 {
		t.Errorf("90th percentile first contact %v s: a one-minute answer (two, behind a bundled nudge) is all it should take", p90)
	}
}

func TestNeverAnswer(t *testing.T) {
	m := short()
	prompt(&m, time.Minute)
	for _, r := range []*Response{&m.Reps.Respond.Free, &m.Reps.Respond.WithCustomer, &m.Reps.Respond.OnBreak,
		&m.Reps.Respond.OffShift, &m.Reps.Respond.Asleep} {
		r.Missed = 1
	}
	r := run(t, demo(t), m, 1)
	lc := r.LeadClock
	n := lc.Summary.Leads
	if n < 100 || lc.Leads.ReachedManagers != n {
		t.Fatalf("%d of %d leads reached the managers, want every one", lc.Leads.ReachedManagers, n)
	}
	if s := lc.Summary.ReachedManagers; s == nil || *s != 1 {
		t.Errorf("summary: %s reached the managers, want 100%%", pct(s))
	}
	if s := lc.Summary.Never; s == nil || *s != 1 {
		t.Errorf("never contacted: %s, want 100%%", pct(s))
	}
	if lc.Leads.Exhausted != n {
		t.Errorf("%d escalation chains ran out, want %d", lc.Leads.Exhausted, n)
	}
	if !slices.ContainsFunc(r.Notes, func(s string) bool {
		return strings.HasPrefix(s, "Every lead measured") && strings.Contains(s, "reached the managers")
	}) {
		t.Errorf("the report does not say every lead reached the managers: %q", r.Notes)
	}
	page, err := r.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte("Every lead measured")) {
		t.Error("the HTML report does not say every lead reached the managers")
	}
}

// TestBusyAllDay: bob is with a customer from the start to the end of every shift,
// and answers each nudge by saying so. His leads go to others, and once he has said
// it, the engine nudges him about no new lead while it holds.
func TestBusyAllDay(t *testing.T) {
	for _, tt := range []struct {
		name string
		busy Duration
	}{
		{"until the customer leaves", 0},
		{"for the one-tap page's hour", Duration(time.Hour)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := short()
			prompt(&m, time.Minute)
			m.Reps.Busy.For = tt.busy
			m.Overrides = map[string]map[string]any{"bob": {
				"floor":   map[string]any{"allDay": true},
				"respond": map[string]any{"withCustomer": map[string]any{"now": 0, "busy": 1}},
			}}
			cfg := demo(t)
			w := runWorld(t, cfg, m, withLeadClock)
			ctx := context.Background()

			leads, err := w.store.Leads(ctx, engine.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			given := 0
			for _, l := range leads {
				if l.Attempts > 0 && slices.ContainsFunc(mustTimeline(t, w, l.ID), func(a lead.Activity) bool {
					return a.Type == lead.TypeContact && a.Rep == "bob"
				}) {
					t.Errorf("bob, with a customer all day, contacted %s", l.ID)
				}
				if len(l.Owners) == 0 || l.Owners[0] != "bob" {
					continue
				}
				given++
				moved := slices.ContainsFunc(mustTimeline(t, w, l.ID), func(a lead.Activity) bool {
					return (a.Type == lead.TypeReassigned || a.Type == lead.TypeRerouted) && a.From == "bob"
				})
				if !moved || l.Owner == "bob" || l.FirstContactAt.IsZero() {
					t.Errorf("lead %s given to bob: moved away %v, owner %s, first contact %v; want it moved and contacted by someone else",
						l.ID, moved, l.Owner, l.FirstContactAt)
				}
			}
			if given == 0 {
				t.Fatal("bob was given no lead: the test shows nothing")
			}
			if len(w.marks) == 0 {
				t.Fatal("bob never said he was with a customer")
			}
			urged := 0
			for _, s := range w.sent {
				if s.rep != "bob" || s.urging == 0 {
					continue
				}
				urged++
				for _, mk := range w.marks {
					if mk.rep == "bob" && !s.decided.Before(mk.from) && s.decided.Before(mk.to) {
						t.Errorf("bob was nudged (%v) at %s while he had said he was with a customer (%s to %s)",
							s.kinds, s.at.In(w.p.loc).Format(time.DateTime), mk.from.In(w.p.loc).Format(time.DateTime), mk.to.In(w.p.loc).Format(time.DateTime))
					}
				}
			}
			t.Logf("bob was first given %d leads, was nudged to act %d times and said he was busy %d times", given, urged, len(w.marks))
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func mustTimeline(t *testing.T, w *world, id string) []lead.Activity {
	t.Helper()
	tl, err := w.store.Timeline(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

// TestEscalationPolicyDrivesTheOutcome changes the config's escalation policy and
// sees the outcome change: the simulator applies the config through the engine, and
// has no rules of its own.
func TestEscalationPolicyDrivesTheOutcome(t *testing.T) {
	original := demo(t)
	start := bytes.Index(dealers.Demo, []byte("\nescalation:"))
	end := bytes.Index(dealers.Demo, []byte("\n# Follow-up reminders"))
	if start < 0 || end < start {
		t.Fatal("the demo config's escalation section moved: update the test")
	}
	yaml := slices.Concat(dealers.Demo[:start], []byte("\nescalation:\n  - {action: notify-managers, after: 10m, repeat: 3}\n"), dealers.Demo[end:])
	managersOnly, err := dealer.Parse("managers-only.yaml", yaml, phone.Numbers)
	if err != nil {
		t.Fatal(err)
	}
	m := short()
	before, after := run(t, original, m, 1), run(t, managersOnly, m, 1)
	b, a := before.LeadClock, after.LeadClock
	if b.Figures.Reroutes == 0 {
		t.Fatalf("the demo policy rerouted %d leads: the test needs some", b.Figures.Reroutes)
	}
	if a.Figures.Reroutes != 0 || a.Leads.Offered != 0 {
		t.Errorf("with managers paged at once: %d reroutes, %d offers; want none", a.Figures.Reroutes, a.Leads.Offered)
	}
	t.Logf("reached managers: demo %d, managers only %d; within SLA %s, %s", b.Leads.ReachedManagers, a.Leads.ReachedManagers, pct(b.Summary.WithinSLA), pct(a.Summary.WithinSLA))
	if a.Leads.ReachedManagers <= b.Leads.ReachedManagers {
		t.Errorf("with managers paged at the first missed deadline, %d leads reached them; with the demo policy %d: want more",
			a.Leads.ReachedManagers, b.Leads.ReachedManagers)
	}
	// The baseline has no escalation: the policy changes nothing there.
	if x, y := mustJSON(t, before.Baseline), mustJSON(t, after.Baseline); x != y {
		t.Errorf("the baseline changed with the escalation policy:\n%s\n%s", x, y)
	}
}

func TestDeterministic(t *testing.T) {
	cfg := demo(t)
	m := Default()
	m.Days = 7
	var outs [][]byte
	for _, seed := range []uint64{7, 7, 8} {
		r := run(t, cfg, m, seed)
		js, err := r.JSON()
		if err != nil {
			t.Fatal(err)
		}
		page, err := r.HTML()
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, append(js, page...))
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("the same seed gave two different reports")
	}
	if bytes.Equal(outs[0], outs[2]) {
		t.Error("two seeds gave the same report")
	}
}

func TestBaselineSendsNothing(t *testing.T) {
	w := runWorld(t, demo(t), short(), crmOnly)
	if len(w.sent) != 0 || len(w.marks) != 0 {
		t.Fatalf("the CRM-only world sent %d messages and took %d busy taps", len(w.sent), len(w.marks))
	}
	if w.intake.Created == 0 {
		t.Fatal("no leads")
	}
}

// TestMeasuresAgree: the distribution the simulator draws matches followup's own
// shares where both give one.
func TestMeasuresAgree(t *testing.T) {
	r := run(t, demo(t), short(), 3)
	for _, w := range []World{r.LeadClock, r.Baseline} {
		within := map[time.Duration]*float64{}
		for _, x := range w.FirstContactWithin {
			within[x.Limit.D()] = x.Share
		}
		f := w.Figures.FirstContact
		for _, c := range []struct {
			limit time.Duration
			want  *float64
		}{{15 * time.Minute, f.Within15m}, {time.Hour, f.Within1h}, {5 * time.Minute, f.WithinSLA}} {
			if got := within[c.limit]; got == nil || c.want == nil || *got != *c.want {
				t.Errorf("%s: within %s %s, followup says %s", w.Name, c.limit, pct(got), pct(c.want))
			}
		}
		hours := 0
		for _, n := range w.ByHourOfWeek.Leads {
			hours += n
		}
		if hours != w.Figures.FirstContact.Leads {
			t.Errorf("%s: %d leads by hour of the week, %d measured", w.Name, hours, w.Figures.FirstContact.Leads)
		}
	}
}

// TestShiftsAgreeWithRoster: the reps' simulated days follow the roster's idea of who
// is on shift, across a daylight-saving change.
func TestShiftsAgreeWithRoster(t *testing.T) {
	cfg := demo(t)
	m := Default()
	m.Start, m.Days = "2026-10-26", 14 // Chicago leaves daylight saving on 1 November
	p, err := newPlan(cfg, &m, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, rp := range p.reps {
		for at := p.start; at.Before(p.end); at = at.Add(7 * time.Minute) {
			st, _ := rp.state(p.loc, at)
			onShift := st != stateOffShift && st != stateAsleep
			inVisitAfterShift := st == stateWithCustomer && !cfg.Team.OnShift(rp.rep, at)
			if onShift != cfg.Team.OnShift(rp.rep, at) && !inVisitAfterShift {
				t.Fatalf("%s at %s: simulated %s, roster on shift %v", rp.rep.ID, at.In(p.loc), st, cfg.Team.OnShift(rp.rep, at))
			}
		}
		for i := 1; i < len(rp.busy); i++ {
			if rp.busy[i].from.Before(rp.busy[i-1].to) {
				t.Fatalf("%s: busy spans overlap: %v and %v", rp.rep.ID, rp.busy[i-1], rp.busy[i])
			}
		}
	}
}

func TestSweep(t *testing.T) {
	for _, bad := range []string{"sla", "sla=", "speed=1,2", "sla=0s", "sla=fast", "reps=0", "leads=-1"} {
		if _, err := ParseSweep(bad); err == nil {
			t.Errorf("ParseSweep(%q) accepted it", bad)
		}
	}
	sw, err := ParseSweep("sla=3m,10m")
	if err != nil {
		t.Fatal(err)
	}
	m := Default()
	m.Days = 7
	r, err := Run(context.Background(), demo(t), Options{Seed: 1, Model: m, Sweep: sw})
	if err != nil {
		t.Fatal(err)
	}
	if r.Sweep == nil || len(r.Sweep.Rows) != 2 || r.Sweep.Rows[0].Value != "3m" || r.Sweep.Rows[1].Value != "10m" {
		t.Fatalf("sweep %+v", r.Sweep)
	}
	tight, loose := r.Sweep.Rows[0], r.Sweep.Rows[1]
	// Without LeadClock the deadline changes nothing anyone does: the same contacts,
	// counted against a longer SLA.
	if *tight.Baseline.MedianSeconds != *loose.Baseline.MedianSeconds || *tight.Baseline.WithinSLA > *loose.Baseline.WithinSLA {
		t.Errorf("baseline: median %v and %v, within SLA %v and %v", *tight.Baseline.MedianSeconds, *loose.Baseline.MedianSeconds,
			*tight.Baseline.WithinSLA, *loose.Baseline.WithinSLA)
	}
	if tight.LeadClock.ReroutesPerLead <= loose.LeadClock.ReroutesPerLead {
		t.Errorf("reroutes per lead: %v at 3m, %v at 10m; want more at the tighter deadline", tight.LeadClock.ReroutesPerLead, loose.LeadClock.ReroutesPerLead)
	}
	page, err := r.HTML()
	if err != nil {
		t.Fatal(err)
	}
	for _, chart := range []string{"sweep-within-sla", "sweep-median", "sweep-nudges"} {
		if !bytes.Contains(page, []byte(`data-chart="`+chart+`"`)) {
			t.Errorf("the page has no %s chart", chart)
		}
	}

	sw, _ = ParseSweep("reps=2,5")
	r, err = Run(context.Background(), demo(t), Options{Seed: 1, Model: m, Sweep: sw})
	if err != nil {
		t.Fatal(err)
	}
	if few, all := r.Sweep.Rows[0].LeadClock, r.Sweep.Rows[1].LeadClock; few.Leads == 0 || few.Leads != all.Leads {
		t.Errorf("reps sweep: %d and %d leads, want the same leads", few.Leads, all.Leads)
	}
	if _, err := Run(context.Background(), demo(t), Options{Seed: 1, Model: m, Sweep: &Sweep{Parameter: "reps", Values: []string{"9"}}}); err == nil {
		t.Error("a sweep to more reps than the config has ran")
	}
}

// TestBaselineCalibration keeps docs/SIMULATION.md honest: the CRM-only world, for
// leads that arrive on weekdays between 09:00 and 18:00, stays near what mystery
// shoppers measured at U.S. dealerships during working hours (CallPage, 2019: 6.6 %
// of contact forms answered within 5 minutes, 34.65 % within an hour).
func TestBaselineCalibration(t *testing.T) {
	w := runWorld(t, demo(t), Default(), crmOnly)
	leads, err := w.store.Leads(context.Background(), engine.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var recs []followup.Record
	for _, l := range leads {
		at := l.ReceivedAt.In(w.p.loc)
		if at.Weekday() == time.Saturday || at.Weekday() == time.Sunday || at.Hour() < 9 || at.Hour() >= 18 {
			continue
		}
		recs = append(recs, followup.Record{Lead: l, Timeline: mustTimeline(t, w, l.ID)})
	}
	f := followup.Measure(recs, followup.Window{From: w.p.start, To: w.p.end}, w.p.stop).Dealership.FirstContact
	t.Logf("CRM only, weekdays 09:00-18:00: %d leads, %s within 5 min, %s within an hour, median %s",
		f.Leads, pct(f.WithinSLA), pct(f.Within1h), Seconds(*f.MedianSeconds))
	if *f.WithinSLA < 0.01 || *f.WithinSLA > 0.12 || *f.Within1h < 0.25 || *f.Within1h > 0.5 {
		t.Errorf("the baseline drifted from its calibration: %s within 5 min (6.6%% measured), %s within an hour (34.65%% measured)",
			pct(f.WithinSLA), pct(f.Within1h))
	}
}
