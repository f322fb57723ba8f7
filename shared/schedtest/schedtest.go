// Package schedtest is the conformance suite every engine.Scheduler adapter must pass:
// the in-memory scheduler, the embedded local timers and EventBridge Scheduler run
// the same checks, because the engine relies on scheduling being idempotent and
// cancelling being forgiving (effects run at least once).
package schedtest

import (
	"context"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
)

// Probe reports whether a timer is set. Each adapter answers it its own way (a map,
// a bucket, a DescribeSchedule call).
type Probe func(ctx context.Context, t lead.Timer) (bool, error)

// Run runs the suite. open returns a new scheduler with no timers for each subtest,
// and the probe that looks into it.
func Run(t *testing.T, open func(t *testing.T) (engine.Scheduler, Probe)) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s engine.Scheduler, probe Probe, at time.Time)
	}{
		{"scheduled timer is set", scheduled},
		{"scheduling twice keeps one", scheduleTwice},
		{"cancel removes", cancelRemoves},
		{"cancel of a timer never scheduled succeeds", cancelNeverScheduled},
		{"cancel twice succeeds", cancelTwice},
		{"lead and inbox timers with the same kind and seq are apart", leadAndInbox},
		{"timers of different leads are independent", differentLeads},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, probe := open(t)
			// In the future, as a real scheduler refuses or fires at once a timer in the
			// past, and to the second, as some keep no finer time.
			at := time.Now().UTC().Add(time.Hour).Truncate(time.Second)
			tt.fn(t, s, probe, at)
		})
	}
}

func deadline(leadID string, at time.Time) lead.Timer {
	return lead.Timer{LeadID: leadID, Kind: lead.TimerDeadline, Seq: 1, At: at}
}

func schedule(t *testing.T, s engine.Scheduler, timers ...lead.Timer) {
	t.Helper()
	for _, tm := range timers {
		if err := s.Schedule(context.Background(), tm); err != nil {
			t.Fatalf("schedule %+v: %v", tm, err)
		}
	}
}

func cancel(t *testing.T, s engine.Scheduler, timers ...lead.Timer) {
	t.Helper()
	for _, tm := range timers {
		if err := s.Cancel(context.Background(), tm); err != nil {
			t.Fatalf("cancel %+v: %v", tm, err)
		}
	}
}

// expect checks which timers are set.
func expect(t *testing.T, probe Probe, want map[*lead.Timer]bool) {
	t.Helper()
	for tm, set := range want {
		got, err := probe(context.Background(), *tm)
		if err != nil {
			t.Fatalf("probe %+v: %v", *tm, err)
		}
		if got != set {
			t.Errorf("timer %+v set = %v, want %v", *tm, got, set)
		}
	}
}

func scheduled(t *testing.T, s engine.Scheduler, probe Probe, at time.Time) {
	l1, l2 := deadline("L1", at), deadline("L2", at)
	schedule(t, s, l1)
	expect(t, probe, map[*lead.Timer]bool{&l1: true, &l2: false})
}

func scheduleTwice(t *testing.T, s engine.Scheduler, probe Probe, at time.Time) {
	tm := deadline("L1", at)
	schedule(t, s, tm, tm)
	expect(t, probe, map[*lead.Timer]bool{&tm: true})
	// One cancel clears it: there was one timer, not two.
	cancel(t, s, tm)
	expect(t, probe, map[*lead.Timer]bool{&tm: false})
}

func cancelRemoves(t *testing.T, s engine.Scheduler, probe Probe, at time.Time) {
	tm := deadline("L1", at)
	schedule(t, s, tm)
	cancel(t, s, tm)
	expect(t, probe, map[*lead.Timer]bool{&tm: false})
}

func cancelNeverScheduled(t *testing.T, s engine.Scheduler, probe Probe, at time.Time) {
	tm := deadline("L1", at)
	cancel(t, s, tm)
	expect(t, probe, map[*lead.Timer]bool{&tm: false})
}

func cancelTwice(t *testing.T, s engine.Scheduler, probe Probe, at time.Time) {
	tm := deadline("L1", at)
	schedule(t, s, tm)
	cancel(t, s, tm, tm)
	expect(t, probe, map[*lead.Timer]bool{&tm: false})
}

func leadAndInbox(t *testing.T, s engine.Scheduler, probe Probe, at time.Time) {
	forLead := lead.Timer{LeadID: "L1", Kind: lead.TimerFlush, Seq: 1, At: at}
	forInbox := lead.Timer{Inbox: "alice.sms", Kind: lead.TimerFlush, Seq: 1, At: at}
	schedule(t, s, forLead, forInbox)
	expect(t, probe, map[*lead.Timer]bool{&forLead: true, &forInbox: true})
	cancel(t, s, forInbox)
	expect(t, probe, map[*lead.Timer]bool{&forLead: true, &forInbox: false})
	schedule(t, s, forInbox)
	cancel(t, s, forLead)
	expect(t, probe, map[*lead.Timer]bool{&forLead: false, &forInbox: true})
}

func differentLeads(t *testing.T, s engine.Scheduler, probe Probe, at time.Time) {
	l1, l2 := deadline("L1", at), deadline("L2", at.Add(time.Minute))
	schedule(t, s, l1, l2)
	cancel(t, s, l1)
	expect(t, probe, map[*lead.Timer]bool{&l1: false, &l2: true})
	// Rescheduling one lead's timer leaves the other's as it was.
	schedule(t, s, l1)
	cancel(t, s, l2)
	expect(t, probe, map[*lead.Timer]bool{&l1: true, &l2: false})
}
