package scheduler

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
)

// ErrEarly: the schedule fired too long before its deadline to wait it out in this
// invocation. The timer function returns it so that the invocation fails and is
// retried later (or the sweep fires the timer): handled now, the early timer would
// be a no-op and the deadline missed.
var ErrEarly = errors.New("timer fired too early to wait for")

// Sleep pauses for d, or until ctx is done, whichever comes first; it returns ctx's
// error in the second case. Production passes SleepContext; tests a sleep that moves
// a virtual clock.
type Sleep func(ctx context.Context, d time.Duration) error

// SleepContext sleeps in real time.
func SleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Wait returns once the clock has reached the payload's deadline, so that the timer
// is handled on it rather than up to Lead before (see the package doc). A payload
// without a deadline, or one that has passed, returns at once. It returns ErrEarly
// without sleeping when the deadline is more than MaxWait away or after ctx's
// deadline: give it a context that ends early enough to handle the timer after.
func Wait(ctx context.Context, clock engine.Clock, sleep Sleep, p Payload) error {
	if p.At.IsZero() {
		return nil
	}
	for {
		now := clock.Now()
		left := p.At.Sub(now)
		if left <= 0 {
			return nil
		}
		if left > MaxWait {
			return fmt.Errorf("%w: deadline %s is %s away, over %s", ErrEarly, p.At.Format(time.RFC3339), left, MaxWait)
		}
		// The context's deadline is on the real clock; the payload's is compared on
		// the clock given, which in production is the real one too.
		if dl, ok := ctx.Deadline(); ok && dl.Before(p.At) {
			return fmt.Errorf("%w: deadline %s is after the invocation's, %s", ErrEarly, p.At.Format(time.RFC3339), dl.Format(time.RFC3339))
		}
		if err := sleep(ctx, left); err != nil {
			return fmt.Errorf("wait for timer deadline %s: %w", p.At.Format(time.RFC3339), err)
		}
	}
}
