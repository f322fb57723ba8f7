package scheduler_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/memory"
	"github.com/leadclock/leadclock/shared/scheduler"
)

// virtualSleep moves the clock by each pause instead of sleeping, by step at most
// (a sleep that wakes early), and records the pauses.
func virtualSleep(clock *memory.Clock, step time.Duration, slept *[]time.Duration) scheduler.Sleep {
	return func(ctx context.Context, d time.Duration) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		*slept = append(*slept, d)
		if step > 0 {
			d = min(d, step)
		}
		clock.Set(clock.Now().Add(d))
		return nil
	}
}

func TestWait(t *testing.T) {
	now := time.Date(2026, 11, 24, 16, 0, 3, 0, time.UTC)
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name   string
		ctx    context.Context
		at     time.Time
		step   time.Duration
		err    error
		sleeps int
	}{
		{"fired a minute early", context.Background(), now.Add(time.Minute), 0, nil, 1},
		{"fired 100 ms early", context.Background(), now.Add(100 * time.Millisecond), 0, nil, 1},
		{"woken early, sleeps again", context.Background(), now.Add(50 * time.Second), 20 * time.Second, nil, 3},
		{"fired on the deadline", context.Background(), now, 0, nil, 0},
		{"fired late", context.Background(), now.Add(-30 * time.Second), 0, nil, 0},
		{"no deadline", context.Background(), time.Time{}, 0, nil, 0},
		{"as early as allowed", context.Background(), now.Add(scheduler.MaxWait), 0, nil, 1},
		{"earlier than allowed", context.Background(), now.Add(scheduler.MaxWait + time.Second), 0, scheduler.ErrEarly, 0},
		{"after the invocation's deadline", deadlineOnly{context.Background(), now.Add(30 * time.Second)}, now.Add(time.Minute), 0, scheduler.ErrEarly, 0},
		{"canceled", canceled, now.Add(time.Minute), 0, context.Canceled, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := memory.NewClock(now)
			var slept []time.Duration
			err := scheduler.Wait(tt.ctx, clock, virtualSleep(clock, tt.step, &slept), scheduler.Payload{LeadID: "L1", Kind: "deadline", Seq: 1, At: tt.at})
			if !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
				t.Fatalf("Wait: %v, want %v", err, tt.err)
			}
			if len(slept) != tt.sleeps {
				t.Errorf("slept %d times (%v), want %d", len(slept), slept, tt.sleeps)
			}
			if tt.err == nil && !tt.at.IsZero() && clock.Now().Before(tt.at) {
				t.Errorf("returned at %s, before the deadline %s", clock.Now(), tt.at)
			}
			if tt.err == nil && clock.Now().After(later(now, tt.at)) {
				t.Errorf("returned at %s, after the deadline %s", clock.Now(), tt.at)
			}
		})
	}
}

// deadlineOnly has a deadline but is never done: Wait must refuse from the deadline
// alone, before sleeping. The deadline is a virtual time, like the clock's.
type deadlineOnly struct {
	context.Context
	at time.Time
}

func (c deadlineOnly) Deadline() (time.Time, bool) { return c.at, true }

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
