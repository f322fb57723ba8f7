package engine_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/memory"
)

// flakyNotifier fails every message to the reps in down.
type flakyNotifier struct {
	mu   sync.Mutex
	down map[string]bool
	sent []string
}

func (n *flakyNotifier) Send(_ context.Context, d engine.Delivery) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.down[d.Rep.ID] {
		return fmt.Errorf("%s unreachable", d.Rep.ID)
	}
	n.sent = append(n.sent, d.Message.ID)
	return nil
}

// TestDrainHoldsBackOnlyTheFailingLead: a lead whose message cannot go out keeps its
// later effects pending, in order, while other leads' effects run; once the failure
// clears they run in commit order.
func TestDrainHoldsBackOnlyTheFailingLead(t *testing.T) {
	for _, workers := range []int{1, 4} {
		t.Run(fmt.Sprintf("%d workers", workers), func(t *testing.T) { drainHoldsBack(t, workers) })
	}
}

func drainHoldsBack(t *testing.T, workers int) {
	ctx := context.Background()
	w := newWorld(t, "reroute", "")
	store := memory.NewStore()
	clock := memory.NewClock(w.at("Mon 10:00"))
	eng := engine.New(store, clock, w.cfg.Engine(), func() string { return "unused" })
	notifier := &flakyNotifier{down: map[string]bool{"alice": true}}
	sched := memory.NewScheduler()
	runner := engine.NewRunner(eng, notifier, sched).WithWorkers(workers)

	commit := func(id, rep string) {
		t.Helper()
		timer := lead.Timer{LeadID: id, Kind: lead.TimerDeadline, Seq: 1, At: clock.Now().Add(5 * time.Minute)}
		err := store.Commit(ctx, engine.Change{
			Lead: lead.Lead{ID: id, Status: lead.StatusAssigned, Owner: rep},
			Effects: []lead.Effect{
				{ID: id + "/send", LeadID: id, Kind: lead.EffectSend, Message: &lead.Message{ID: id + "/m", To: rep, Channel: lead.SMS,
					Notices: []lead.Notice{{LeadID: id, To: rep, Channel: lead.SMS, Kind: lead.NoticeNewLead}}}},
				{ID: id + "/schedule", LeadID: id, Kind: lead.EffectSchedule, Timer: &timer},
			},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	commit("A", "alice")
	commit("B", "bob")

	ran, err := runner.Drain(ctx)
	if err == nil || ran != 2 {
		t.Fatalf("first drain: ran %d, err %v; want 2 and alice's failure", ran, err)
	}
	if !slices.Equal(notifier.sent, []string{"B/m"}) {
		t.Errorf("sent %v, want only B's message", notifier.sent)
	}
	pending, _ := store.Pending(ctx, 10)
	var ids []string
	for _, e := range pending {
		ids = append(ids, e.ID)
	}
	if !slices.Equal(ids, []string{"A/send", "A/schedule"}) {
		t.Errorf("pending %v, want A's send then A's schedule", ids)
	}
	if timers := sched.Timers(); len(timers) != 1 || timers[0].LeadID != "B" {
		t.Errorf("timers %v: A's must wait behind its failed send", timers)
	}

	notifier.down = nil
	if ran, err := runner.Drain(ctx); err != nil || ran != 2 {
		t.Fatalf("second drain: ran %d, err %v; want 2, nil", ran, err)
	}
	if !slices.Equal(notifier.sent, []string{"B/m", "A/m"}) || len(sched.Timers()) != 2 {
		t.Errorf("after recovery: sent %v, timers %v", notifier.sent, sched.Timers())
	}
}

// onceNotifier is an engine.OnceNotifier that records each call's messages and fails
// calls to the reps in down.
type onceNotifier struct {
	flakyNotifier
	calls [][]string
}

func (n *onceNotifier) SendOnce(_ context.Context, ds ...engine.Delivery) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	var ids []string
	for _, d := range ds {
		if n.down[d.Rep.ID] {
			return fmt.Errorf("%s unreachable", d.Rep.ID)
		}
		ids = append(ids, d.Message.ID)
	}
	n.calls = append(n.calls, ids)
	return nil
}

// TestRunsOfSendsGoTogether: with a notifier that delivers each message once, a
// stream's consecutive sends go in one call, still in commit order, and a failed
// call is made again whole on the next drain.
func TestRunsOfSendsGoTogether(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, "reroute", "")
	store := memory.NewStore()
	clock := memory.NewClock(w.at("Mon 10:00"))
	eng := engine.New(store, clock, w.cfg.Engine(), func() string { return "unused" })
	notifier := &onceNotifier{flakyNotifier: flakyNotifier{down: map[string]bool{"alice": true}}}
	runner := engine.NewRunner(eng, notifier, memory.NewScheduler()).WithWorkers(4)

	send := func(id, rep, m string) lead.Effect {
		return lead.Effect{ID: id + "/" + m, LeadID: id, Kind: lead.EffectSend, Message: &lead.Message{ID: id + "/" + m, To: rep, Channel: lead.SMS,
			Notices: []lead.Notice{{LeadID: id, To: rep, Channel: lead.SMS, Kind: lead.NoticeNewLead}}}}
	}
	timer := lead.Timer{LeadID: "A", Kind: lead.TimerDeadline, Seq: 1, At: clock.Now().Add(5 * time.Minute)}
	for _, c := range []engine.Change{
		{Lead: lead.Lead{ID: "A", Status: lead.StatusAssigned, Owner: "alice"}, Effects: []lead.Effect{
			send("A", "alice", "m1"), send("A", "alice", "m2"),
			{ID: "A/schedule", LeadID: "A", Kind: lead.EffectSchedule, Timer: &timer},
			send("A", "alice", "m3"),
		}},
		{Lead: lead.Lead{ID: "B", Status: lead.StatusAssigned, Owner: "bob"}, Effects: []lead.Effect{send("B", "bob", "m1")}},
	} {
		if err := store.Commit(ctx, c); err != nil {
			t.Fatal(err)
		}
	}

	if ran, err := runner.Drain(ctx); err == nil || ran != 1 {
		t.Fatalf("first drain: ran %d, err %v; want B's send and alice's failure", ran, err)
	}
	if pending, _ := store.Pending(ctx, 10); len(pending) != 4 {
		t.Fatalf("%d effects pending, want all 4 of A's", len(pending))
	}
	notifier.down = nil
	if ran, err := runner.Drain(ctx); err != nil || ran != 4 {
		t.Fatalf("second drain: ran %d, err %v; want 4, nil", ran, err)
	}
	want := [][]string{{"B/m1"}, {"A/m1", "A/m2"}, {"A/m3"}}
	if !slices.EqualFunc(notifier.calls, want, slices.Equal) {
		t.Errorf("calls %v, want %v", notifier.calls, want)
	}
	if len(notifier.sent) != 0 {
		t.Errorf("Send was called for %v; a OnceNotifier takes every send through SendOnce", notifier.sent)
	}
}

// refusingNotifier never delivers to the reps in refused: retrying cannot help.
type refusingNotifier struct {
	flakyNotifier
	refused map[string]bool
}

func (n *refusingNotifier) Send(ctx context.Context, d engine.Delivery) error {
	if n.refused[d.Rep.ID] {
		return fmt.Errorf("%s opted out of texts and has no email: %w", d.Rep.ID, engine.ErrUndeliverable)
	}
	return n.flakyNotifier.Send(ctx, d)
}

// TestUndeliverableIsRecordedNotRetried: a message the notifier will never deliver is
// written on the lead's timeline and counts as done, so the lead's later effects run
// and the drain reports no failure to retry.
func TestUndeliverableIsRecordedNotRetried(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, "reroute", "")
	store := memory.NewStore()
	clock := memory.NewClock(w.at("Mon 10:00"))
	eng := engine.New(store, clock, w.cfg.Engine(), func() string { return "unused" })
	notifier := &refusingNotifier{refused: map[string]bool{"alice": true}}
	sched := memory.NewScheduler()
	timer := lead.Timer{LeadID: "A", Kind: lead.TimerDeadline, Seq: 1, At: clock.Now().Add(5 * time.Minute)}
	err := store.Commit(ctx, engine.Change{
		Lead: lead.Lead{ID: "A", Status: lead.StatusAssigned, Owner: "alice"},
		Effects: []lead.Effect{
			{ID: "A/send", LeadID: "A", Kind: lead.EffectSend, Message: &lead.Message{ID: "A/m", To: "alice", Channel: lead.SMS,
				Notices: []lead.Notice{{LeadID: "A", To: "alice", Channel: lead.SMS, Kind: lead.NoticeNewLead}}}},
			{ID: "A/schedule", LeadID: "A", Kind: lead.EffectSchedule, Timer: &timer},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	ran, err := engine.NewRunner(eng, notifier, sched).Drain(ctx)
	if err != nil || ran != 2 {
		t.Fatalf("drain: ran %d, err %v; want 2, nil", ran, err)
	}
	if pending, _ := store.Pending(ctx, 10); len(pending) != 0 {
		t.Errorf("pending %v, want none", pending)
	}
	if timers := sched.Timers(); len(timers) != 1 {
		t.Errorf("timers %v, want A's deadline set after the failed send", timers)
	}
	acts, err := store.Timeline(ctx, "A")
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 1 || acts[0].Type != lead.TypeUndelivered || acts[0].Rep != "alice" || acts[0].Channel != "sms" ||
		!strings.Contains(acts[0].Reason, "opted out") || acts[0].Status != lead.StatusAssigned {
		t.Errorf("timeline %+v, want one undelivered entry for alice's text", acts)
	}
}
