package engine_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/memory"
	"github.com/leadclock/leadclock/shared/phone"
)

// scenarioConfig is the policy: a 5-minute SLA with a warning 2 minutes
// before, a reroute after 5 minutes, then the managers every 10 minutes, 3 times.
// Notices go by SMS only, to keep the expected deliveries short.
const scenarioConfig = `
dealership: {id: scenario-motors, name: Scenario Motors, timezone: America/Chicago, region: US}
sla: {firstContact: 5m, warnBefore: 2m, secondContact: 24h, stalledAfter: 72h}
escalation:
  - {action: %s, after: 5m}
  - {action: notify-managers, after: 10m, repeat: 3}
cadence: [1d, 2d]
reps:
  - {id: alice, name: Alice Able, phone: "+13125550101", shifts: {mon-fri: "09:00-18:00"}}
  - {id: bob, name: Bob Baker, phone: "+13125550102", shifts: {mon-fri: "09:00-18:00"}}
  - {id: dave, name: Dave Diaz, phone: "+13125550104", shifts: {mon-fri: "09:00-18:00"}}
  - {id: carol, name: Carol Chen, phone: "+13125550103"}
  - {id: mona, name: Mona Manager, phone: "+13125550110", role: manager, shifts: {mon-fri: "08:00-18:00"}}
%s
notifications: {sms: true}
`

const onCallCarol = `onCall: {rotation: [carol], handoff: "mon 08:00", length: 1w}`

// world is a sandbox plus what a scenario needs to say things briefly.
type world struct {
	t   *testing.T
	sb  *memory.Sandbox
	ctx context.Context
	cfg *dealer.Config
}

func newWorld(t *testing.T, firstStep, onCall string) *world {
	t.Helper()
	cfg, err := dealer.Parse("scenario.yaml", fmt.Appendf(nil, scenarioConfig, firstStep, onCall), phone.Numbers)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, ctx: context.Background(), cfg: cfg}
	w.sb = memory.NewSandbox(cfg.Engine(), w.at("Mon 00:00"))
	return w
}

// at reads "Tue 10:00" or "Tue 10:04:59" as Chicago time in the week of Monday
// 2026-11-23.
func (w *world) at(s string) time.Time {
	day, clock, _ := strings.Cut(s, " ")
	offset := slices.Index([]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}, day)
	if len(clock) == 5 {
		clock += ":00"
	}
	t, err := time.ParseInLocation("2006-01-02 15:04:05", "2026-11-23 "+clock, w.cfg.Team.Location)
	if offset < 0 || err != nil {
		w.t.Fatalf("bad time %q: %v", s, err)
	}
	return t.AddDate(0, 0, offset)
}

func (w *world) advance(to string) {
	w.t.Helper()
	if err := w.sb.AdvanceTo(w.ctx, w.at(to)); err != nil {
		w.t.Fatal(err)
	}
}

// receive makes a lead arrive at the time; phone identifies the customer.
func (w *world) receive(when, providerLeadID, phone string) lead.Lead {
	w.t.Helper()
	return w.intake(when, engine.Intake{
		Source:   lead.Source{Provider: "cars-com", ProviderLeadID: providerLeadID},
		Customer: lead.Customer{Name: "Pat Doe", Phones: []lead.Phone{{E164: phone, Raw: phone, Valid: true}}},
	}).Lead
}

// intake makes a lead arrive at the time, as given.
func (w *world) intake(when string, in engine.Intake) engine.Receipt {
	w.t.Helper()
	w.advance(when)
	rc, err := w.sb.Engine.Receive(w.ctx, in)
	if err != nil {
		w.t.Fatal(err)
	}
	w.settle()
	return rc
}

func (w *world) settle() {
	w.t.Helper()
	if err := w.sb.Settle(w.ctx); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) contact(when, id, rep string) {
	w.t.Helper()
	w.advance(when)
	if _, err := w.sb.Engine.LogActivity(w.ctx, id, lead.Contacted{Rep: rep, Channel: "call", Evidence: lead.SelfReported}); err != nil {
		w.t.Fatal(err)
	}
	w.settle()
}

func (w *world) lead(id string) lead.Lead {
	w.t.Helper()
	l, err := w.sb.Store.Lead(w.ctx, id)
	if err != nil {
		w.t.Fatal(err)
	}
	return l
}

func (w *world) timeline(id string) []lead.Type {
	w.t.Helper()
	acts, err := w.sb.Store.Timeline(w.ctx, id)
	if err != nil {
		w.t.Fatal(err)
	}
	var out []lead.Type
	for _, a := range acts {
		out = append(out, a.Type)
	}
	return out
}

// deliveries lists what reached people, one line per message: "Tue 10:00:00 alice
// new-lead L0001"; a bundle lists each notice's kind and lead.
func (w *world) deliveries() []string {
	var out []string
	for _, d := range w.sb.Notifier.Sent() {
		var kinds, leads []string
		for _, n := range d.Message.Notices {
			kinds = append(kinds, string(n.Kind))
			leads = append(leads, n.LeadID)
		}
		at := d.At.In(w.cfg.Team.Location)
		out = append(out, fmt.Sprintf("%s %s %s %s %s", at.Format("Mon"), at.Format("15:04:05"), d.Rep.ID, strings.Join(kinds, ","), strings.Join(leads, ",")))
	}
	return out
}

func (w *world) wantDeliveries(want ...string) {
	w.t.Helper()
	if got := w.deliveries(); !slices.Equal(got, want) {
		w.t.Fatalf("deliveries:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func count(types []lead.Type, t lead.Type) int {
	n := 0
	for _, x := range types {
		if x == t {
			n++
		}
	}
	return n
}

func TestScenarios(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"weekday lead: assigned, warned, rerouted, managers paged per policy", func(t *testing.T) {
			w := newWorld(t, "reroute", "")
			l := w.receive("Tue 10:00", "p1", "+13125550150")
			w.advance("Tue 12:00")
			w.wantDeliveries(
				"Tue 10:00:00 alice new-lead L0001",
				"Tue 10:03:00 alice warning L0001",
				"Tue 10:05:00 bob new-lead L0001",
				"Tue 10:05:00 alice rerouted L0001",
				"Tue 10:08:00 bob warning L0001",
				"Tue 10:10:00 mona escalation L0001",
				"Tue 10:20:00 mona escalation L0001",
				"Tue 10:30:00 mona escalation L0001",
			)
			got := w.lead(l.ID)
			if got.Owner != "bob" || got.Status != lead.StatusAssigned || len(got.Timers) != 0 {
				t.Fatalf("after the chain: owner %s status %s timers %v", got.Owner, got.Status, got.Timers)
			}
			if tl := w.timeline(l.ID); count(tl, lead.TypeRerouted) != 1 || count(tl, lead.TypeEscalated) != 3 || tl[len(tl)-1] != lead.TypeExhausted {
				t.Fatalf("timeline %v", tl)
			}
		}},
		{"contact at 10:04:59: no reroute ever", func(t *testing.T) {
			w := newWorld(t, "reroute", "")
			l := w.receive("Tue 10:00", "p1", "+13125550150")
			w.contact("Tue 10:04:59", l.ID, "alice")
			w.advance("Tue 18:00")
			w.wantDeliveries("Tue 10:00:00 alice new-lead L0001", "Tue 10:03:00 alice warning L0001")
			if tl := w.timeline(l.ID); count(tl, lead.TypeRerouted)+count(tl, lead.TypeEscalated) != 0 {
				t.Fatalf("timeline %v", tl)
			}
			if w.sb.Scheduler.Timers()[0].Kind != lead.TimerSecondContact {
				t.Fatalf("timers %v: the deadline was not cancelled", w.sb.Scheduler.Timers())
			}
		}},
		{"offer-all: the first claim wins, a second is refused", func(t *testing.T) {
			w := newWorld(t, "offer-all", "")
			l := w.receive("Tue 10:00", "p1", "+13125550150")
			w.advance("Tue 10:05")
			w.advance("Tue 10:06")
			if _, err := w.sb.Engine.LogActivity(w.ctx, l.ID, lead.Claimed{Rep: "dave"}); err != nil {
				t.Fatal(err)
			}
			w.settle()
			if _, err := w.sb.Engine.LogActivity(w.ctx, l.ID, lead.Claimed{Rep: "bob"}); !errors.Is(err, lead.ErrTaken) {
				t.Fatalf("second claim: %v, want ErrTaken", err)
			}
			w.settle()
			w.wantDeliveries(
				"Tue 10:00:00 alice new-lead L0001",
				"Tue 10:03:00 alice warning L0001",
				"Tue 10:05:00 bob offer L0001",
				"Tue 10:05:00 dave offer L0001",
				"Tue 10:06:00 alice claimed L0001",
				"Tue 10:06:00 bob claimed L0001",
			)
			if got := w.lead(l.ID); got.Owner != "dave" {
				t.Fatalf("owner %s, want dave", got.Owner)
			}
		}},
		{"a deadline timer fired twice and late: exactly one reroute", func(t *testing.T) {
			w := newWorld(t, "reroute", "")
			l := w.receive("Tue 10:00", "p1", "+13125550150")
			deadline := w.lead(l.ID).Timers[0]
			if deadline.Kind != lead.TimerDeadline {
				t.Fatalf("first timer %+v", deadline)
			}
			w.sb.Clock.Set(w.at("Tue 10:06:30")) // the scheduler is late
			for range 3 {
				if err := w.sb.Engine.FireTimer(w.ctx, deadline); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := w.sb.Engine.Sweep(w.ctx); err != nil { // and the sweeper finds the warning
				t.Fatal(err)
			}
			w.settle()
			tl := w.timeline(l.ID)
			if count(tl, lead.TypeRerouted) != 1 || w.lead(l.ID).Owner != "bob" {
				t.Fatalf("timeline %v", tl)
			}
			w.wantDeliveries(
				"Tue 10:00:00 alice new-lead L0001",
				"Tue 10:06:30 bob new-lead L0001",
				"Tue 10:06:30 alice rerouted L0001",
			)
		}},
		{"a lost timer: the sweeper leaves it its grace, then fires it once", func(t *testing.T) {
			w := newWorld(t, "reroute", "")
			l := w.receive("Tue 10:00", "p1", "+13125550150")
			w.settle()
			w.sb.Clock.Set(w.at("Tue 10:06:30")) // deadline 10:05 passed; grace runs to 10:07
			if n, err := w.sb.Engine.SweepOverdue(w.ctx, 2*time.Minute); err != nil || n != 1 {
				t.Fatalf("swept %d (%v) at 10:06:30, want only the 10:03 warning", n, err)
			}
			if got := w.lead(l.ID); got.Owner != "alice" {
				t.Fatalf("owner %s within the grace, want alice still", got.Owner)
			}
			w.sb.Clock.Set(w.at("Tue 10:07:01"))
			for range 2 {
				if _, err := w.sb.Engine.SweepOverdue(w.ctx, 2*time.Minute); err != nil {
					t.Fatal(err)
				}
			}
			w.settle()
			if tl := w.timeline(l.ID); count(tl, lead.TypeRerouted) != 1 || w.lead(l.ID).Owner != "bob" {
				t.Fatalf("timeline %v, want one reroute to bob", tl)
			}
		}},
		{"the scheduler's payload (events/timer-deadline.json) fires the deadline", func(t *testing.T) {
			w := newWorld(t, "reroute", "")
			w.receive("Tue 10:00", "p1", "+13125550150")
			payload, err := os.ReadFile("../../events/timer-deadline.json")
			if err != nil {
				t.Fatal(err)
			}
			var timer lead.Timer
			if err := json.Unmarshal(payload, &timer); err != nil {
				t.Fatal(err)
			}
			w.sb.Clock.Set(w.at("Tue 10:05"))
			if err := w.sb.Engine.FireTimer(w.ctx, timer); err != nil {
				t.Fatal(err)
			}
			if got := w.lead(timer.LeadID); got.Owner != "bob" {
				t.Fatalf("owner %s after the deadline payload, want bob", got.Owner)
			}
		}},
		{"lead at 23:30 with no on-call: queued, clock starts at the next shift", func(t *testing.T) {
			w := newWorld(t, "reroute", "")
			l := w.receive("Tue 23:30", "p1", "+13125550150")
			if got := w.lead(l.ID); got.Status != lead.StatusQueued || got.Owner != "" {
				t.Fatalf("status %s owner %q", got.Status, got.Owner)
			}
			w.advance("Wed 09:04")
			w.wantDeliveries("Wed 09:00:00 alice new-lead L0001", "Wed 09:03:00 alice warning L0001")
			if got := w.lead(l.ID); !got.ClockStartedAt.Equal(w.at("Wed 09:00")) || !got.Deadline.Equal(w.at("Wed 09:05")) {
				t.Fatalf("clock started %v deadline %v", got.ClockStartedAt, got.Deadline)
			}
		}},
		{"lead at 23:30 with on-call: the on-call rep owns it", func(t *testing.T) {
			w := newWorld(t, "reroute", onCallCarol)
			l := w.receive("Tue 23:30", "p1", "+13125550150")
			w.wantDeliveries("Tue 23:30:00 carol new-lead L0001")
			if got := w.lead(l.ID); got.Owner != "carol" || got.Status != lead.StatusAssigned {
				t.Fatalf("owner %s status %s", got.Owner, got.Status)
			}
		}},
		{"returning customer: back to the previous owner", func(t *testing.T) {
			w := newWorld(t, "reroute", "")
			first := w.receive("Tue 10:00", "p1", "+13125550150")
			w.contact("Tue 10:01", first.ID, "alice")
			if _, err := w.sb.Engine.Close(w.ctx, first.ID, lead.Closed{Outcome: lead.Lost, Reason: "bought elsewhere", Actor: "alice"}); err != nil {
				t.Fatal(err)
			}
			w.receive("Tue 10:20", "p2", "+13125550160") // bob's turn
			second := w.intake("Tue 10:30", engine.Intake{
				Source:   lead.Source{Provider: "cargurus", ProviderLeadID: "g-7"},
				Customer: lead.Customer{Name: "Pat Doe", Phones: []lead.Phone{{E164: "+13125550150", Raw: "312-555-0150", Valid: true}}},
			})
			if second.Status != engine.Created || second.Lead.Owner != "alice" || second.Lead.PreviousLead != first.ID {
				t.Fatalf("returning customer: %s, went to %s (previous lead %q)", second.Status, second.Lead.Owner, second.Lead.PreviousLead)
			}
		}},
		{"a returning customer whose lead is open is merged into it, and the owner told", func(t *testing.T) {
			w := newWorld(t, "reroute", "")
			first := w.receive("Tue 10:00", "p1", "+13125550150")
			again := w.intake("Tue 10:02", engine.Intake{
				Source:   lead.Source{Provider: "cargurus", ProviderLeadID: "g-7"},
				Customer: lead.Customer{Name: "Pat Doe", Emails: []string{"pat.doe@example.com"}, Phones: []lead.Phone{{E164: "+13125550150", Raw: "(312) 555-0150", Valid: true}}},
				Vehicles: []lead.Vehicle{{Year: 2024, Make: "Honda", Model: "Civic"}},
				Comments: "Is the blue one still there?",
			})
			if again.Status != engine.Merged || again.Lead.ID != first.ID {
				t.Fatalf("second inquiry: %s %s, want merged into %s", again.Status, again.Lead.ID, first.ID)
			}
			l := w.lead(first.ID)
			if !l.Deadline.Equal(w.at("Tue 10:05")) || l.Owner != "alice" {
				t.Errorf("merge moved the clock or the owner: deadline %s, owner %s", l.Deadline, l.Owner)
			}
			if !slices.Equal(l.Customer.Emails, []string{"pat.doe@example.com"}) || len(l.Customer.Phones) != 1 || len(l.Vehicles) != 1 {
				t.Errorf("merged customer %+v, vehicles %+v: want the new email and vehicle added, the phone once", l.Customer, l.Vehicles)
			}
			acts, err := w.sb.Store.Timeline(w.ctx, first.ID)
			if err != nil {
				t.Fatal(err)
			}
			var inq *lead.Inquiry
			for _, a := range acts {
				if a.Type == lead.TypeInquired {
					inq = a.Inquiry
				}
			}
			if inq == nil || inq.Source.Provider != "cargurus" || inq.Comments != "Is the blue one still there?" || len(inq.Vehicles) != 1 {
				t.Errorf("timeline inquiry %+v, want cargurus's with its vehicle and comments", inq)
			}
			w.wantDeliveries("Tue 10:00:00 alice new-lead "+first.ID, "Tue 10:02:00 alice returning "+first.ID)
			byEmail, err := w.sb.Store.LeadByCustomer(w.ctx, engine.MatchKeys(lead.Customer{Emails: []string{"pat.doe@example.com"}}))
			if err != nil || byEmail.ID != first.ID {
				t.Errorf("the new email finds %s (%v), want %s", byEmail.ID, err, first.ID)
			}
		}},
		{"a resend of the same lead never restarts the clock", func(t *testing.T) {
			w := newWorld(t, "reroute", "")
			first := w.receive("Tue 10:00", "p1", "+13125550150")
			again := w.intake("Tue 10:04", engine.Intake{Source: first.Source, Customer: first.Customer})
			if again.Status != engine.Duplicate || again.Lead.ID != first.ID || !again.Lead.Deadline.Equal(w.at("Tue 10:05")) {
				t.Fatalf("resend: %s %+v", again.Status, again.Lead)
			}
			w.wantDeliveries("Tue 10:00:00 alice new-lead "+first.ID, "Tue 10:03:00 alice warning "+first.ID)
		}},
		{"a lead marked as resent is a duplicate even when its content changed", func(t *testing.T) {
			w := newWorld(t, "reroute", "")
			first := w.receive("Tue 10:00", "p1", "+13125550150")
			again := w.intake("Tue 10:03", engine.Intake{Source: first.Source, Customer: first.Customer, Comments: "resent with a note", Resend: true})
			if again.Status != engine.Duplicate || again.Lead.ID != first.ID {
				t.Fatalf("marked resend: %s %s, want a duplicate of %s", again.Status, again.Lead.ID, first.ID)
			}
			w.wantDeliveries("Tue 10:00:00 alice new-lead "+first.ID, "Tue 10:03:00 alice warning "+first.ID)
		}},
		{"managers hear how many leads were refused in the last day; reps do not", func(t *testing.T) {
			w := newWorld(t, "reroute", "")
			for _, when := range []string{"Mon 09:00", "Tue 09:30", "Tue 09:40"} { // Monday's is over a day old by 10:10
				w.advance(when)
				if _, err := w.sb.Engine.Reject(w.ctx, engine.Rejection{Provider: "cars-com", Status: 422, Reason: "no way to reach the customer", Payload: []byte("{}")}); err != nil {
					t.Fatal(err)
				}
			}
			first := w.receive("Tue 10:00", "p1", "+13125550150")
			w.advance("Tue 10:10")
			w.settle()
			managers := 0
			for _, d := range w.sb.Notifier.Sent() {
				want := 0
				if d.Rep.ID == "mona" {
					want, managers = 2, managers+1
				}
				if d.Refused != want {
					t.Errorf("%s's %s about %s tells of %d refused leads, want %d", d.Rep.ID, d.Message.Notices[0].Kind, first.ID, d.Refused, want)
				}
			}
			if managers == 0 {
				t.Fatal("no message reached the manager")
			}
		}},
		{"a provider id repeated for another customer is another lead", func(t *testing.T) {
			w := newWorld(t, "reroute", "")
			first := w.receive("Tue 10:00", "used-car-lead", "+13125550150")
			second := w.intake("Tue 10:01", engine.Intake{
				Source:   lead.Source{Provider: "cars-com", ProviderLeadID: "used-car-lead"},
				Customer: lead.Customer{Name: "Sam Roe", Phones: []lead.Phone{{E164: "+13125550160", Raw: "+13125550160", Valid: true}}},
			})
			if second.Status != engine.Created || second.Lead.ID == first.ID {
				t.Fatalf("second customer under a reused id: %s %s, want a new lead besides %s", second.Status, second.Lead.ID, first.ID)
			}
		}},
		{"a rep marked unavailable is skipped", func(t *testing.T) {
			w := newWorld(t, "reroute", "")
			w.advance("Tue 09:30")
			if err := w.sb.Engine.SetAvailability(w.ctx, "alice", false, w.at("Tue 12:00"), "alice"); err != nil {
				t.Fatal(err)
			}
			l := w.receive("Tue 10:00", "p1", "+13125550150")
			if l.Owner != "bob" {
				t.Fatalf("owner %s, want bob", l.Owner)
			}
			after := w.receive("Tue 12:30", "p2", "+13125550160")
			if after.Owner != "alice" {
				t.Fatalf("after alice is back: owner %s, want alice (least recently assigned)", after.Owner)
			}
		}},
		{"an owner marked unavailable: their leads awaiting contact move at once", func(t *testing.T) {
			w := newWorld(t, "reroute", "")
			l := w.receive("Tue 10:00", "p1", "+13125550150")
			w.advance("Tue 10:02")
			if err := w.sb.Engine.SetAvailability(w.ctx, "alice", false, time.Time{}, "mona"); err != nil {
				t.Fatal(err)
			}
			w.settle()
			if got := w.lead(l.ID); got.Owner != "bob" || !got.Deadline.Equal(w.at("Tue 10:07")) {
				t.Fatalf("owner %s deadline %v", got.Owner, got.Deadline)
			}
			w.advance("Tue 10:03:30") // alice's old warning must not fire
			w.wantDeliveries("Tue 10:00:00 alice new-lead L0001", "Tue 10:02:00 bob new-lead L0001", "Tue 10:02:00 alice rerouted L0001")
		}},
		{"second contact due 24 h after the first; stalled 72 h after the last", func(t *testing.T) {
			w := newWorld(t, "reroute", "")
			l := w.receive("Mon 10:00", "p1", "+13125550150")
			w.contact("Mon 10:02", l.ID, "alice")
			w.advance("Tue 10:02")
			w.contact("Tue 11:00", l.ID, "alice")
			w.advance("Sat 12:00")
			w.wantDeliveries(
				"Mon 10:00:00 alice new-lead L0001",
				"Tue 10:02:00 alice second-contact-due L0001",
				"Wed 11:00:00 alice follow-up-due L0001", // cadence[0] after the second contact
				"Fri 11:00:00 alice stalled L0001",
				"Fri 11:00:00 mona stalled L0001",
			)
			if got := w.lead(l.ID); got.Status != lead.StatusStalled || got.Attempts != 2 {
				t.Fatalf("status %s attempts %d", got.Status, got.Attempts)
			}
		}},
		{"close lost without a reason is refused", func(t *testing.T) {
			w := newWorld(t, "reroute", "")
			l := w.receive("Tue 10:00", "p1", "+13125550150")
			if _, err := w.sb.Engine.Close(w.ctx, l.ID, lead.Closed{Outcome: lead.Lost, Actor: "alice"}); !errors.Is(err, lead.ErrInvalid) {
				t.Fatalf("close: %v, want ErrInvalid", err)
			}
			if got := w.lead(l.ID); got.Status != lead.StatusAssigned {
				t.Fatalf("status %s", got.Status)
			}
			closed, err := w.sb.Engine.Close(w.ctx, l.ID, lead.Closed{Outcome: lead.Lost, Reason: "bought elsewhere", Actor: "alice"})
			if err != nil || closed.Closure.Attempts != 0 {
				t.Fatalf("close with reason: %+v %v", closed.Closure, err)
			}
			w.advance("Tue 12:00")
			w.wantDeliveries("Tue 10:00:00 alice new-lead L0001")
			if len(w.sb.Scheduler.Timers()) != 0 {
				t.Fatalf("timers left after close: %v", w.sb.Scheduler.Timers())
			}
		}},
		{"a burst to one rep: the first at once, the rest in one message", func(t *testing.T) {
			w := newWorld(t, "reroute", "")
			w.advance("Tue 09:00")
			for _, rep := range []string{"bob", "dave"} {
				if err := w.sb.Engine.SetAvailability(w.ctx, rep, false, time.Time{}, rep); err != nil {
					t.Fatal(err)
				}
			}
			w.receive("Tue 10:00:00", "p1", "+13125550150")
			w.receive("Tue 10:00:20", "p2", "+13125550151")
			w.receive("Tue 10:00:40", "p3", "+13125550152")
			w.advance("Tue 10:02")
			w.wantDeliveries(
				"Tue 10:00:00 alice new-lead L0001",
				"Tue 10:01:00 alice new-lead,new-lead L0002,L0003",
			)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.run)
	}
}
