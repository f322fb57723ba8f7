package bolt_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/bolt"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/schedtest"
)

func TestTimersConformance(t *testing.T) {
	schedtest.Run(t, func(t *testing.T) (engine.Scheduler, schedtest.Probe) {
		timers := openDB(t).Timers()
		return timers, func(_ context.Context, tm lead.Timer) (bool, error) { return timers.Has(tm) }
	})
}

func deadlineAt(leadID string, seq int, at time.Time) lead.Timer {
	return lead.Timer{LeadID: leadID, Kind: lead.TimerDeadline, Seq: seq, At: at}
}

func schedule(t *testing.T, s *bolt.Timers, timers ...lead.Timer) {
	t.Helper()
	for _, tm := range timers {
		if err := s.Schedule(context.Background(), tm); err != nil {
			t.Fatal(err)
		}
	}
}

// Next hands out the earliest due timer, by name among timers due at one instant,
// and nothing before its time.
func TestTimersNext(t *testing.T) {
	l1 := deadlineAt("L1", 1, t0.Add(time.Minute))
	l2 := deadlineAt("L2", 1, t0.Add(time.Minute))
	l3 := deadlineAt("L3", 1, t0)
	flush := lead.Timer{Inbox: "alice.sms", Kind: lead.TimerFlush, Seq: 1, At: t0.Add(time.Minute)}
	tests := []struct {
		name   string
		timers []lead.Timer
		before time.Time
		want   *lead.Timer
	}{
		{"none kept", nil, t0.Add(time.Hour), nil},
		{"none due yet", []lead.Timer{l1}, t0.Add(time.Minute - time.Nanosecond), nil},
		{"due at the instant itself", []lead.Timer{l1}, t0.Add(time.Minute), &l1},
		{"earliest first, whatever the order scheduled", []lead.Timer{l1, l3}, t0.Add(time.Hour), &l3},
		{"a tie goes to the first name", []lead.Timer{l2, l1}, t0.Add(time.Minute), &l1},
		{"a tie between a lead and an inbox goes to the first name", []lead.Timer{l2, flush}, t0.Add(time.Minute), &l2},
		{"an inbox named first wins its tie", []lead.Timer{l3, flush, l1}, t0.Add(time.Minute), &l3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openDB(t).Timers()
			schedule(t, s, tt.timers...)
			got, ok, err := s.Next(tt.before)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.want == nil && ok:
				t.Fatalf("Next(%v) = %+v, want none", tt.before, got)
			case tt.want != nil && (!ok || got != *tt.want):
				t.Fatalf("Next(%v) = %+v %v, want %+v", tt.before, got, ok, *tt.want)
			}
			// Next only looks.
			if again, _, _ := s.Next(tt.before); again != got {
				t.Fatalf("second Next = %+v, want %+v again", again, got)
			}
		})
	}
}

func TestTimersScheduleKeepsTheFirst(t *testing.T) {
	s := openDB(t).Timers()
	first := deadlineAt("L1", 1, t0.Add(time.Hour))
	later := first
	later.At = t0.Add(2 * time.Hour)
	schedule(t, s, first, later)
	if got, ok, err := s.Earliest(); err != nil || !ok || got != first {
		t.Fatalf("Earliest = %+v %v %v, want %+v", got, ok, err, first)
	}
	if ok, err := s.Has(later); err != nil || ok {
		t.Fatalf("the second schedule of a name was kept: %v %v", ok, err)
	}
}

// The loop drains due timers with Next and Remove; Earliest says how long to sleep.
func TestTimersRemoveAndEarliest(t *testing.T) {
	ctx := context.Background()
	s := openDB(t).Timers()
	if _, ok, err := s.Earliest(); err != nil || ok {
		t.Fatalf("Earliest with no timers: %v %v", ok, err)
	}
	a, b, c := deadlineAt("L1", 1, t0), deadlineAt("L2", 1, t0.Add(time.Minute)), deadlineAt("L3", 1, t0.Add(time.Hour))
	schedule(t, s, c, b, a)

	var fired []lead.Timer
	for {
		tm, ok, err := s.Next(t0.Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		fired = append(fired, tm)
		if err := s.Remove(tm); err != nil {
			t.Fatal(err)
		}
	}
	if len(fired) != 2 || fired[0] != a || fired[1] != b {
		t.Fatalf("fired %+v, want %+v then %+v", fired, a, b)
	}
	if got, ok, err := s.Earliest(); err != nil || !ok || got != c {
		t.Fatalf("Earliest = %+v %v %v, want %+v", got, ok, err, c)
	}

	// Removing a fired timer again, or one kept for another instant, leaves what is kept.
	stale := c
	stale.At = t0
	for _, tm := range []lead.Timer{a, stale} {
		if err := s.Remove(tm); err != nil {
			t.Fatal(err)
		}
	}
	if got, ok, _ := s.Earliest(); !ok || got != c {
		t.Fatalf("Earliest after stale removes = %+v %v, want %+v", got, ok, c)
	}
	if err := s.Cancel(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.Earliest(); err != nil || ok {
		t.Fatalf("Earliest after cancelling the last: %v %v", ok, err)
	}
}

func TestTimersSurviveReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "leadclock.db")
	db, err := bolt.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	a, b := deadlineAt("L1", 1, t0), lead.Timer{Inbox: "alice.sms", Kind: lead.TimerFlush, Seq: 2, At: t0.Add(time.Minute)}
	schedule(t, db.Timers(), a, b)
	db = reopen(t, db, path)
	s := db.Timers()
	for _, tm := range []lead.Timer{a, b} {
		if ok, err := s.Has(tm); err != nil || !ok {
			t.Fatalf("timer %+v lost across reopen: %v", tm, err)
		}
	}
	if got, ok, err := s.Next(t0.Add(time.Hour)); err != nil || !ok || got != a {
		t.Fatalf("Next after reopen = %+v %v %v, want %+v", got, ok, err, a)
	}
	// Scheduling again after the restart, as a retried effect does, keeps one.
	schedule(t, s, a)
	if err := s.Remove(a); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := s.Next(t0.Add(time.Hour)); err != nil || !ok || got != b {
		t.Fatalf("Next after removing %+v = %+v %v %v, want %+v", a, got, ok, err, b)
	}
}
