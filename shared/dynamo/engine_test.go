package dynamo_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/memory"
	"github.com/leadclock/leadclock/shared/phone"
)

const morningConfig = `
dealership: {id: morning-motors, name: Morning Motors, timezone: America/Chicago, region: US}
sla: {firstContact: 5m, warnBefore: 2m, secondContact: 24h, stalledAfter: 72h}
escalation:
  - {action: reroute, after: 5m}
  - {action: offer-all, after: 5m}
  - {action: notify-managers, after: 10m, repeat: 2}
cadence: [1d]
reps:
  - {id: alice, name: Alice Able, phone: "+13125550101", email: alice@example.com, shifts: {mon-fri: "09:00-18:00"}}
  - {id: bob, name: Bob Baker, phone: "+13125550102", shifts: {mon-fri: "09:00-18:00"}}
  - {id: dave, name: Dave Diaz, email: dave@example.com, shifts: {mon-fri: "09:00-18:00"}}
  - {id: mona, name: Mona Manager, phone: "+13125550110", role: manager, shifts: {mon-fri: "08:00-18:00"}}
notifications: {sms: true, email: true, from: leads@example.com, bundleWindow: 1m}
`

// outcome is what a morning leaves behind: the leads with their timelines, the
// messages reps got, and the rejections kept.
type outcome struct {
	Leads      []lead.Lead
	Timelines  map[string][]lead.Activity
	Deliveries []memory.Delivery
	Rejections []engine.Rejection
}

// A morning of one dealership — new leads, a resend, a returning customer, missed
// deadlines, reroutes, an offer to all, managers paged, contacts, a close, a rep going
// away, a refused payload — run by the engine on the in-memory store and on DynamoDB,
// ends the same way, to the last timeline entry and message.
func TestEngineOnDynamoDB(t *testing.T) {
	cfg, err := dealer.Parse("morning.yaml", []byte(morningConfig), phone.Numbers)
	if err != nil {
		t.Fatal(err)
	}
	want := morning(t, cfg, memory.NewStore())
	got := morning(t, cfg, openStore(t))
	if len(want.Leads) < 4 || len(want.Deliveries) < 10 {
		t.Fatalf("the morning did too little to compare: %d leads, %d messages", len(want.Leads), len(want.Deliveries))
	}
	if a, b := jsonOf(t, got), jsonOf(t, want); a != b {
		t.Fatalf("on DynamoDB\n%s\nin memory\n%s", a, b)
	}
}

// morning runs the story on a store, on virtual time.
func morning(t *testing.T, cfg *dealer.Config, store engine.Store) outcome {
	t.Helper()
	ctx := context.Background()
	at := func(clock string) time.Time {
		t.Helper()
		v, err := time.ParseInLocation("2006-01-02 15:04", "2026-11-23 "+clock, cfg.Team.Location)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	n := 0
	d := newDriver(t, store, cfg, at("09:00"), func() string { n++; return fmt.Sprintf("L%04d", n) })
	eng, settle := d.eng, d.settle
	advance := func(to string) { d.advance(at(to)) }
	receive := func(when, providerLeadID, phone, comments string) engine.Receipt {
		t.Helper()
		advance(when)
		rc, err := eng.Receive(ctx, engine.Intake{
			Source:   lead.Source{Provider: "cars-com", ProviderLeadID: providerLeadID},
			Customer: lead.Customer{Name: "Pat Doe", Phones: []lead.Phone{{E164: phone, Raw: phone, Valid: true}}},
			Vehicles: []lead.Vehicle{{Year: 2024, Make: "Honda", Model: "Civic"}},
			Comments: comments,
		})
		if err != nil {
			t.Fatal(err)
		}
		settle()
		return rc
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		settle()
	}

	first := receive("09:30", "p-1", "+13125550150", "")
	if again := receive("09:30", "p-1", "+13125550150", ""); again.Status != engine.Duplicate {
		t.Fatalf("resend: %s", again.Status)
	}
	second := receive("09:31", "p-2", "+13125550151", "")
	if merged := receive("09:32", "p-3", "+13125550150", "asked again"); merged.Status != engine.Merged {
		t.Fatalf("returning customer: %s", merged.Status)
	}
	receive("09:33", "p-4", "+13125550152", "")
	advance("09:36") // past the first deadlines: rerouted
	_, err := eng.LogActivity(ctx, second.Lead.ID, lead.Contacted{Rep: "", Channel: "call", Evidence: lead.Integration})
	must(err)
	advance("09:45") // offered to all, then the managers
	_, err = eng.Close(ctx, first.Lead.ID, lead.Closed{Outcome: lead.Lost, Reason: "bought elsewhere", Actor: "mona"})
	must(err)
	must(eng.SetAvailability(ctx, "bob", false, at("12:00"), "bob"))
	_, err = eng.Reject(ctx, engine.Rejection{Provider: "cars-com", ContentType: "application/json", Status: 422, Reason: "no phone", Payload: []byte(`{"x":1}`)})
	must(err)
	receive("10:00", "p-5", "+13125550153", "")
	advance("11:00")

	var out outcome
	if out.Leads, err = store.Leads(ctx, engine.Filter{}); err != nil {
		t.Fatal(err)
	}
	out.Timelines = map[string][]lead.Activity{}
	for _, l := range out.Leads {
		if out.Timelines[l.ID], err = store.Timeline(ctx, l.ID); err != nil {
			t.Fatal(err)
		}
	}
	out.Deliveries = d.notifier.Sent()
	if out.Rejections, err = store.(engine.Rejections).Rejections(ctx, engine.RejectionQuery{}); err != nil {
		t.Fatal(err)
	}
	if pending, err := store.Pending(ctx, 10); err != nil || len(pending) != 0 {
		t.Fatalf("effects left pending: %v, %v", pending, err)
	}
	return out
}

// driver runs an engine on virtual time, its effects run by the in-memory notifier
// and scheduler, as memory.Sandbox does.
type driver struct {
	t         *testing.T
	ctx       context.Context
	clock     *memory.Clock
	scheduler *memory.Scheduler
	notifier  *memory.Notifier
	eng       *engine.Engine
	runner    *engine.Runner
}

func newDriver(t *testing.T, store engine.Store, cfg *dealer.Config, start time.Time, ids func() string) *driver {
	d := &driver{t: t, ctx: context.Background(), clock: memory.NewClock(start), scheduler: memory.NewScheduler()}
	d.notifier = memory.NewNotifier(d.clock)
	d.eng = engine.New(store, d.clock, cfg.Engine(), ids)
	d.runner = engine.NewRunner(d.eng, d.notifier, d.scheduler)
	return d
}

// settle runs every effect waiting.
func (d *driver) settle() {
	d.t.Helper()
	if _, err := d.runner.Drain(d.ctx); err != nil {
		d.t.Fatal(err)
	}
}

// advance moves the clock to to, firing each timer due on the way at its time.
func (d *driver) advance(to time.Time) {
	d.t.Helper()
	d.settle()
	for {
		timer, ok := d.scheduler.Next(to)
		if !ok {
			break
		}
		if timer.At.After(d.clock.Now()) {
			d.clock.Set(timer.At)
		}
		if err := d.eng.FireTimer(d.ctx, timer); err != nil {
			d.t.Fatalf("%s timer at %s: %v", timer.Kind, timer.At.Format(time.Kitchen), err)
		}
		d.settle()
	}
	d.clock.Set(to)
	d.settle()
}
