package followup_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/followup"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/memory"
	"github.com/leadclock/leadclock/shared/phone"
)

// monthConfig is a dealership open on weekdays 09:00–18:00 with two reps and a
// manager, nobody on call: leads that arrive at night wait for the morning. A lead
// nobody contacts in 5 minutes goes to the other rep; 5 minutes later the manager is
// paged, twice, 10 minutes apart.
const monthConfig = `
dealership: {id: month-motors, name: Month Motors, timezone: America/Chicago, region: US}
sla: {firstContact: 5m, warnBefore: 2m, secondContact: 24h, stalledAfter: 72h}
escalation:
  - {action: reroute, after: 5m}
  - {action: notify-managers, after: 10m, repeat: 2}
cadence: [1d, 2d]
reps:
  - {id: alice, name: Alice Able, phone: "+13125550101", shifts: {mon-fri: "09:00-18:00"}}
  - {id: bob, name: Bob Baker, phone: "+13125550102", shifts: {mon-fri: "09:00-18:00"}}
  - {id: mona, name: Mona Manager, phone: "+13125550110", role: manager, shifts: {mon-fri: "08:00-18:00"}}
notifications: {sms: true}
`

// kind is what the month does with a lead. Each weekday of the four weeks from Monday
// 2 November 2026 brings one lead of kinds A to E, and each Wednesday one of F and G:
//
//	A 10:00 cars-com:   the owner calls after 1–4 minutes (self-reported, day by day);
//	                    an integration logs a second attempt 24 h later (50 h when the
//	                    first took 4 minutes), the owner a third 24 h after that, and
//	                    closes it sold an hour later. Tuesday's is resent at 10:30.
//	B 11:00 cargurus:   the owner misses the deadline; at 11:05 it goes to the other
//	                    rep, whose call an integration logs at 11:08. On even days the
//	                    owner closes it sold at 12:00; on odd days calls again 30 h
//	                    after the first (self-reported), then never again.
//	C 14:00 cars-com:   missed, rerouted at 14:05, the manager paged at 14:10; the new
//	                    owner calls at 14:18 (self-reported), then never again.
//	D 16:00 autotrader: the customer asks again through cars-com at 16:02 (merged);
//	                    the owner's call is logged by an integration at 16:03, a text
//	                    LeadClock sent 30 h later, a call by integration 72 h after the
//	                    first; the integration closes it sold 96 h after the first.
//	E 20:00 cargurus:   nobody on duty: queued until 09:00 the next weekday, called at
//	                    09:04 and again 24 h later (self-reported), then never again.
//	F 12:00 autotrader: closed as junk at 12:01 by the integration, never contacted.
//	G 15:00 cargurus:   nobody ever calls: rerouted, the manager paged twice, the chain
//	                    exhausted. The first two weeks' are closed lost by the manager
//	                    on Thursday at 10:00.
//
// One lead arrives the Sunday before and one the Monday after the four weeks: neither
// counts.
type kind byte

// planned is one lead of the month: its kind, its day, and its id once received.
type planned struct {
	kind kind
	week int
	day  int // 0 Monday … 4 Friday
	id   string
}

// index is the lead's weekday in the month, 0 to 19.
func (p *planned) index() int { return p.week*5 + p.day }

// month runs a month of leads through the engine on virtual time.
type month struct {
	t      *testing.T
	ctx    context.Context
	cfg    *dealer.Config
	sb     *memory.Sandbox
	script *memory.Script
	leads  []*planned
	n      int // customers so far
}

func newMonth(t *testing.T) *month {
	t.Helper()
	cfg, err := dealer.Parse("month.yaml", []byte(monthConfig), phone.Numbers)
	if err != nil {
		t.Fatal(err)
	}
	m := &month{t: t, ctx: context.Background(), cfg: cfg}
	m.sb = memory.NewSandbox(cfg.Engine(), m.date(-1, 0, "06:00"))
	m.script = memory.NewScript(t, m.sb)
	return m
}

// date is the instant at a wall-clock time on a day of a week of the month: week 0 day
// 0 is Monday 2 November 2026; day -1 of week 0 the Sunday before.
func (m *month) date(day, week int, clock string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", "2026-11-02 "+clock, m.cfg.Team.Location)
	if err != nil {
		m.t.Fatal(err)
	}
	return t.AddDate(0, 0, 7*week+day)
}

func (m *month) at(at time.Time, do func()) { m.script.At(at, do) }

// receive plans a new lead from the provider; it returns the lead's customer.
func (m *month) receive(at time.Time, p *planned, provider string) lead.Customer {
	m.n++
	c := lead.Customer{Name: fmt.Sprintf("Buyer %03d", m.n), Emails: []string{fmt.Sprintf("buyer%03d@example.com", m.n)}}
	src := lead.Source{Provider: provider, ProviderLeadID: fmt.Sprintf("%s-%03d", provider, m.n)}
	m.script.Receive(at, engine.Intake{Source: src, Customer: c}, &p.id)
	if p.kind != 0 {
		m.leads = append(m.leads, p)
	}
	return c
}

func (m *month) intake(in engine.Intake) engine.Receipt {
	m.t.Helper()
	rc, err := m.sb.Engine.Receive(m.ctx, in)
	if err != nil {
		m.t.Fatal(err)
	}
	return rc
}

// contact logs an attempt by the lead's owner with the evidence; an integration's
// attempts are logged by the dms integration, and LeadClock's own are texts.
func (m *month) contact(at time.Time, p *planned, ev lead.Evidence) {
	c := lead.Contacted{Channel: "call", Evidence: ev}
	switch ev {
	case lead.Integration:
		c.Actor = "dms"
	case lead.Sent:
		c.Channel = "text"
	}
	m.script.Contact(at, &p.id, c)
}

// close closes the lead; an empty actor is the lead's owner.
func (m *month) close(at time.Time, p *planned, outcome lead.Outcome, reason, actor string) {
	m.script.Close(at, &p.id, lead.Closed{Outcome: outcome, Reason: reason, Actor: actor})
}

func (m *month) lead(id string) lead.Lead { return m.script.Lead(id) }

// plan lays out the month described at kind.
func (m *month) plan() {
	const h = time.Hour
	outside := &planned{}
	m.receive(m.date(-1, 0, "12:00"), outside, "cars-com")
	m.contact(m.date(0, 0, "09:02"), outside, lead.SelfReported)
	for week := range 4 {
		for day := range 5 {
			d := week*5 + day
			a := &planned{kind: 'A', week: week, day: day}
			customer := m.receive(m.date(day, week, "10:00"), a, "cars-com")
			first := m.date(day, week, "10:00").Add(time.Duration(d%4+1) * time.Minute)
			m.contact(first, a, lead.SelfReported)
			second := first.Add(24 * h)
			if d%4 == 3 {
				second = first.Add(50 * h)
			}
			m.contact(second, a, lead.Integration)
			m.contact(second.Add(24*h), a, lead.SelfReported)
			m.close(second.Add(25*h), a, lead.Sold, "", "")
			if day == 1 {
				src := lead.Source{Provider: "cars-com", ProviderLeadID: fmt.Sprintf("cars-com-%03d", m.n)}
				m.at(m.date(day, week, "10:30"), func() {
					if rc := m.intake(engine.Intake{Source: src, Customer: customer}); rc.Status != engine.Duplicate || rc.Lead.ID != a.id {
						m.t.Fatalf("resend of %s: %s %s, want a duplicate", a.id, rc.Status, rc.Lead.ID)
					}
				})
			}

			b := &planned{kind: 'B', week: week, day: day}
			m.receive(m.date(day, week, "11:00"), b, "cargurus")
			m.contact(m.date(day, week, "11:08"), b, lead.Integration)
			if d%2 == 0 {
				m.close(m.date(day, week, "12:00"), b, lead.Sold, "", "")
			} else {
				m.contact(m.date(day, week, "11:08").Add(30*h), b, lead.SelfReported)
			}

			c := &planned{kind: 'C', week: week, day: day}
			m.receive(m.date(day, week, "14:00"), c, "cars-com")
			m.contact(m.date(day, week, "14:18"), c, lead.SelfReported)

			dd := &planned{kind: 'D', week: week, day: day}
			returning := m.receive(m.date(day, week, "16:00"), dd, "autotrader")
			m.at(m.date(day, week, "16:02"), func() {
				in := engine.Intake{Source: lead.Source{Provider: "cars-com", ProviderLeadID: "again-" + dd.id}, Customer: returning,
					Comments: "Is it still there?"}
				if rc := m.intake(in); rc.Status != engine.Merged || rc.Lead.ID != dd.id {
					m.t.Fatalf("returning customer of %s: %s %s, want merged", dd.id, rc.Status, rc.Lead.ID)
				}
			})
			first = m.date(day, week, "16:03")
			m.contact(first, dd, lead.Integration)
			m.contact(first.Add(30*h), dd, lead.Sent)
			m.contact(first.Add(72*h), dd, lead.Integration)
			m.close(first.Add(96*h), dd, lead.Sold, "", "dms")

			e := &planned{kind: 'E', week: week, day: day}
			m.receive(m.date(day, week, "20:00"), e, "cargurus")
			next := m.date(day+1, week, "09:04")
			if day == 4 {
				next = m.date(day+3, week, "09:04")
			}
			m.contact(next, e, lead.SelfReported)
			m.contact(next.Add(24*h), e, lead.SelfReported)

			if day == 2 {
				f := &planned{kind: 'F', week: week, day: day}
				m.receive(m.date(day, week, "12:00"), f, "autotrader")
				m.close(m.date(day, week, "12:01"), f, lead.Junk, "", "dms")

				g := &planned{kind: 'G', week: week, day: day}
				m.receive(m.date(day, week, "15:00"), g, "cargurus")
				if week < 2 {
					m.close(m.date(day+1, week, "10:00"), g, lead.Lost, "no answer", "mona")
				}
			}
		}
	}
	m.receive(m.date(0, 4, "10:00"), &planned{}, "cars-com")
}

// run carries out the plan in time order, firing every timer on the way, up to end.
func (m *month) run(end time.Time) { m.script.Run(end) }

// records reads every lead and its timeline from the store.
func (m *month) records() []followup.Record {
	m.t.Helper()
	leads, err := m.sb.Store.Leads(m.ctx, engine.Filter{})
	if err != nil {
		m.t.Fatal(err)
	}
	out := make([]followup.Record, 0, len(leads))
	for _, l := range leads {
		tl, err := m.sb.Store.Timeline(m.ctx, l.ID)
		if err != nil {
			m.t.Fatal(err)
		}
		out = append(out, followup.Record{Lead: l, Timeline: tl})
	}
	return out
}

func TestMonth(t *testing.T) {
	m := newMonth(t)
	m.plan()
	now := m.date(0, 5, "00:00") // Monday 7 December: every lead has gone as far as it will
	m.run(now)
	window := followup.Window{From: m.date(0, 0, "00:00"), To: m.date(0, 4, "00:00")}
	r := followup.Measure(m.records(), window, now)

	if !r.From.Equal(window.From) || !r.To.Equal(window.To) || !r.AsOf.Equal(now) {
		t.Errorf("window [%s, %s) as of %s, want [%s, %s) as of %s", r.From, r.To, r.AsOf, window.From, window.To, now)
	}

	t.Run("dealership", func(t *testing.T) {
		d := r.Dealership
		// 20 each of A to E, 4 each of F and G; the resends and the leads outside the
		// window count nowhere.
		wantInts(t, "leads, merged, excluded", []int{d.Leads, d.Merged, d.Excluded}, 108, 20, 4)
		// Minutes from receipt: A 1, 2, 3, 4 five times each, B 8, C 18, D 3, E 13 h 04
		// (784) sixteen times and 61 h 04 (3664) the four Friday nights. Sorted, ranks
		// 49 and 50 of 100 are 8 min, ranks 89 and 90 are 784 min; the sum is 27,830 min.
		wantResponse(t, "first contact", d.FirstContact, response{leads: 104, contacted: 100, awaiting: 2,
			median: 8 * 60, p90: 784 * 60, mean: 27830 * 60 / 100.0, sla: 40, q: 60, h: 80, never: 4})
		// From when the clock started, E takes 4 minutes: ranks 49 and 50 are 4 min,
		// 89 and 90 are 18 min; the sum is 710 min.
		wantResponse(t, "business first contact", d.BusinessFirstContact, response{leads: 104, contacted: 100, awaiting: 2,
			median: 4 * 60, p90: 18 * 60, mean: 710 * 60 / 100.0, sla: 60, q: 80, h: 100, never: 4})
		// Due: all of A, C, D, E and the ten odd B's (the even ones were closed before
		// 48 h). Within 48 h: 15 A's, the B's, D's and E's; C never had one. Gaps: 24 h
		// 35 times, 30 h 30 times, 50 h 5 times: ranks 34 and 35 are 24 h and 30 h.
		wantSecond(t, d.SecondContact, followup.SecondContact{Contacted: 100, Due: 90, Within48h: ptr(65.0 / 90), MedianGapSeconds: ptr(27 * 3600.0), NoSecondAttempt: 20})
		// 16 nights of 13 h, 4 weekends of 61 h.
		wantQueue(t, d.Queued, followup.Queue{Leads: 20, MedianWaitSeconds: ptr(13 * 3600.0), MaxWaitSeconds: ptr(61 * 3600.0)})
		// Stalled: the odd B's, the C's and the E's. Closed early: the even B's, the F's,
		// the first two G's. Reroutes: every B, C and G; escalations one per C, two per G.
		wantInts(t, "stalled, closed early, reroutes, escalations", []int{d.Stalled, d.ClosedEarly, d.Reroutes, d.Escalations}, 50, 16, 44, 28)
		wantEvidence(t, "attempts", d.Attempts, followup.Evidence{SelfReported: 110, Integration: 80, Sent: 20})
		wantEvidence(t, "first contacts", d.FirstContacts, followup.Evidence{SelfReported: 60, Integration: 40})
	})

	t.Run("providers", func(t *testing.T) {
		if got := groupIDs(r.Providers); !slices.Equal(got, []string{"autotrader", "cargurus", "cars-com"}) {
			t.Fatalf("providers %v", got)
		}
		auto, gurus, cars := r.Providers[0].Figures, r.Providers[1].Figures, r.Providers[2].Figures
		// autotrader: the D's, all in 3 minutes, and the junk F's.
		wantInts(t, "autotrader leads, merged, excluded, closed early", []int{auto.Leads, auto.Merged, auto.Excluded, auto.ClosedEarly}, 24, 0, 4, 4)
		wantResponse(t, "autotrader first contact", auto.FirstContact, response{leads: 20, contacted: 20,
			median: 180, p90: 180, mean: 180, sla: 20, q: 20, h: 20})
		// cargurus: B 8 min ×20, E 784 ×16 and 3664 ×4, four G's never. Ranks 19 and
		// 20 of 40 are 8 and 784; rank 35.1 lies a tenth of the way from 784 to 3664.
		wantInts(t, "cargurus leads, reroutes, escalations, queued", []int{gurus.Leads, gurus.Reroutes, gurus.Escalations, gurus.Queued.Leads}, 44, 24, 8, 20)
		wantResponse(t, "cargurus first contact", gurus.FirstContact, response{leads: 44, contacted: 40, awaiting: 2,
			median: 396 * 60, p90: (784 + 288) * 60, mean: 684 * 60, sla: 0, q: 20, h: 20, never: 4})
		wantResponse(t, "cargurus business first contact", gurus.BusinessFirstContact, response{leads: 44, contacted: 40, awaiting: 2,
			median: 6 * 60, p90: 8 * 60, mean: 6 * 60, sla: 20, q: 40, h: 40, never: 4})
		// cars-com: A 1–4 min and C 18 min; it sent the D's returning customers.
		wantInts(t, "cars-com leads, merged, stalled, escalations", []int{cars.Leads, cars.Merged, cars.Stalled, cars.Escalations}, 40, 20, 20, 20)
		wantResponse(t, "cars-com first contact", cars.FirstContact, response{leads: 40, contacted: 40,
			median: 11 * 60, p90: 18 * 60, mean: 615, sla: 20, q: 20, h: 40})
	})

	t.Run("reps", func(t *testing.T) {
		want := m.perRep()
		if got := groupIDs(r.Reps); !slices.Equal(got, sortedKeys(want)) {
			t.Fatalf("reps %v, want %v", got, sortedKeys(want))
		}
		for _, g := range r.Reps {
			f, w := g.Figures, want[g.ID]
			got := repCounts{f.Leads, f.Excluded, f.FirstContact.Contacted, f.Queued.Leads, f.Reroutes, f.Escalations,
				f.Stalled, f.ClosedEarly, f.SecondContact.Due, f.SecondContact.NoSecondAttempt, f.Merged, f.Attempts}
			if got != *w {
				t.Errorf("%s: got %+v\nwant %+v", g.ID, got, *w)
			}
		}
	})

	t.Run("lists", func(t *testing.T) {
		kinds := m.kinds()
		var queued, stalled, closed []string
		for _, q := range r.Queued {
			queued = append(queued, q.ID)
			l := m.lead(q.ID)
			wantWait := 13 * time.Hour
			if q.ReceivedAt.Weekday() == time.Friday {
				wantWait = 61 * time.Hour
			}
			if q.Owner != l.Owners[0] || !q.OpenedAt.Equal(q.ReceivedAt.Add(wantWait)) || q.WaitedSeconds != wantWait.Seconds() || q.Waiting || q.Provider != "cargurus" {
				t.Errorf("queued %+v: want given to %s after %s", q, l.Owners[0], wantWait)
			}
		}
		for _, s := range r.Stalled {
			stalled = append(stalled, s.ID)
			l := m.lead(s.ID)
			if s.Owner != l.Owner || !s.LastAttemptAt.Equal(l.LastContactAt) || s.Attempts != l.Attempts || s.IdleSeconds != now.Sub(l.LastContactAt).Seconds() {
				t.Errorf("stalled %+v: want %s's, last attempt %s, %d attempts", s, l.Owner, l.LastContactAt, l.Attempts)
			}
		}
		for _, c := range r.ClosedEarly {
			closed = append(closed, c.ID)
			l := m.lead(c.ID)
			if c.ClosedBy != l.Closure.By || c.Owner != l.Owner || c.Attempts != l.Closure.Attempts || c.Outcome != l.Closure.Outcome || !c.ClosedAt.Equal(l.Closure.At) {
				t.Errorf("closed early %+v: want %+v by %s", c, *l.Closure, l.Closure.By)
			}
			wantBy := map[kind]string{'B': l.Owner, 'F': "dms", 'G': "mona"}[kinds[c.ID].kind]
			if c.ClosedBy != wantBy {
				t.Errorf("closed early %s (kind %c) by %q, want %q", c.ID, kinds[c.ID].kind, c.ClosedBy, wantBy)
			}
		}
		wantIDs(t, "queued", queued, m.ids(func(p *planned) bool { return p.kind == 'E' }))
		wantIDs(t, "stalled", stalled, m.ids(func(p *planned) bool {
			return p.kind == 'C' || p.kind == 'E' || (p.kind == 'B' && p.index()%2 == 1)
		}))
		wantIDs(t, "closed early", closed, m.ids(func(p *planned) bool {
			return p.kind == 'F' || (p.kind == 'G' && p.week < 2) || (p.kind == 'B' && p.index()%2 == 0)
		}))
	})
}

// repCounts are the per-rep figures TestMonth tallies from the plan.
type repCounts struct {
	Leads, Excluded, Contacted, Queued  int
	Reroutes, Escalations               int
	Stalled, ClosedEarly, Due, NoSecond int
	Merged                              int
	Attempts                            followup.Evidence
}

// perRep tallies what each rep should be credited with from the plan and from whom the
// engine gave each lead to: its first owner answers for its first contact and its
// missed deadline; its owner after the reroute (the other rep) for the rest.
func (m *month) perRep() map[string]*repCounts {
	out := map[string]*repCounts{}
	rep := func(id string) *repCounts {
		if out[id] == nil {
			out[id] = &repCounts{}
		}
		return out[id]
	}
	for _, p := range m.leads {
		l := m.lead(p.id)
		first, owner := rep(l.Owners[0]), rep(l.Owner)
		first.Leads++
		if p.kind != 'F' && p.kind != 'G' {
			first.Contacted++
			owner.Due++
		}
		switch p.kind {
		case 'A':
			owner.Attempts.SelfReported += 2
			owner.Attempts.Integration++
		case 'B':
			first.Reroutes++
			owner.Attempts.Integration++
			if p.index()%2 == 0 {
				owner.ClosedEarly++
				owner.Due--
			} else {
				owner.Attempts.SelfReported++
				owner.Stalled++
			}
		case 'C':
			first.Reroutes++
			owner.Escalations++
			owner.Attempts.SelfReported++
			owner.Stalled++
			owner.NoSecond++
		case 'D':
			owner.Merged++
			owner.Attempts.Integration += 2
			owner.Attempts.Sent++
		case 'E':
			first.Queued++
			owner.Attempts.SelfReported += 2
			owner.Stalled++
		case 'F':
			first.Excluded++
			owner.ClosedEarly++
		case 'G':
			first.Reroutes++
			owner.Escalations += 2
			if p.week < 2 {
				owner.ClosedEarly++
			}
		}
	}
	return out
}

func (m *month) kinds() map[string]*planned {
	out := map[string]*planned{}
	for _, p := range m.leads {
		out[p.id] = p
	}
	return out
}

func (m *month) ids(match func(p *planned) bool) []string {
	var out []string
	for _, p := range m.leads {
		if match(p) {
			out = append(out, p.id)
		}
	}
	slices.Sort(out)
	return out
}

// response is the expected first-contact figures: times in seconds, shares as counts
// of response.leads.
type response struct {
	leads, contacted, awaiting int
	median, p90, mean          float64
	sla, q, h, never           int
}

func wantResponse(t *testing.T, name string, got followup.Response, w response) {
	t.Helper()
	if got.Leads != w.leads || got.Contacted != w.contacted || got.Awaiting != w.awaiting {
		t.Errorf("%s: %d leads, %d contacted, %d awaiting; want %d, %d, %d", name, got.Leads, got.Contacted, got.Awaiting, w.leads, w.contacted, w.awaiting)
	}
	for _, c := range []struct {
		what string
		got  *float64
		want float64
	}{
		{"median", got.MedianSeconds, w.median}, {"p90", got.P90Seconds, w.p90}, {"mean", got.MeanSeconds, w.mean},
		{"within SLA", got.WithinSLA, float64(w.sla) / float64(w.leads)},
		{"within 15 min", got.Within15m, float64(w.q) / float64(w.leads)},
		{"within 1 h", got.Within1h, float64(w.h) / float64(w.leads)},
		{"never", got.Never, float64(w.never) / float64(w.leads)},
	} {
		if c.got == nil || !near(*c.got, c.want) {
			t.Errorf("%s: %s %s, want %v", name, c.what, show(c.got), c.want)
		}
	}
}

func wantSecond(t *testing.T, got, want followup.SecondContact) {
	t.Helper()
	if got.Contacted != want.Contacted || got.Due != want.Due || got.NoSecondAttempt != want.NoSecondAttempt ||
		!samePtr(got.Within48h, want.Within48h) || !samePtr(got.MedianGapSeconds, want.MedianGapSeconds) {
		t.Errorf("second contact %s, want %s", showSecond(got), showSecond(want))
	}
}

func showSecond(s followup.SecondContact) string {
	return fmt.Sprintf("{contacted %d due %d within48h %s median gap %s none %d}", s.Contacted, s.Due, show(s.Within48h), show(s.MedianGapSeconds), s.NoSecondAttempt)
}

func wantQueue(t *testing.T, got, want followup.Queue) {
	t.Helper()
	if got.Leads != want.Leads || !samePtr(got.MedianWaitSeconds, want.MedianWaitSeconds) || !samePtr(got.MaxWaitSeconds, want.MaxWaitSeconds) {
		t.Errorf("queue {%d median %s max %s}, want {%d median %s max %s}", got.Leads, show(got.MedianWaitSeconds), show(got.MaxWaitSeconds),
			want.Leads, show(want.MedianWaitSeconds), show(want.MaxWaitSeconds))
	}
}

func wantEvidence(t *testing.T, name string, got, want followup.Evidence) {
	t.Helper()
	if got != want {
		t.Errorf("%s by evidence %+v, want %+v", name, got, want)
	}
}

func wantInts(t *testing.T, name string, got []int, want ...int) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s: %v, want %v", name, got, want)
	}
}

func wantIDs(t *testing.T, name string, got, want []string) {
	t.Helper()
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("%s leads %v, want %v", name, got, want)
	}
}

func groupIDs(gs []followup.Group) []string {
	out := make([]string, 0, len(gs))
	for _, g := range gs {
		out = append(out, g.ID)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func ptr(v float64) *float64 { return &v }

// near compares figures that went through floating-point interpolation.
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b)) }

func samePtr(a, b *float64) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && near(*a, *b))
}

func show(v *float64) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(*v)
}
