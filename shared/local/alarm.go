package local

import (
	"context"
	"log/slog"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
)

// Timers are durable timers: kept with the store, so that a deadline set before a
// crash still fires after it.
type Timers interface {
	engine.Scheduler
	// Earliest returns the timer due first.
	Earliest() (lead.Timer, bool, error)
	// Remove forgets a timer once it has fired.
	Remove(t lead.Timer) error
}

// Firer handles a timer going off.
type Firer interface {
	FireTimer(ctx context.Context, t lead.Timer) error
}

// Alarm fires durable timers on the clock, in the process: local mode's stand-in for
// EventBridge Scheduler. It is itself the engine's Scheduler, so that a timer set
// earlier than the one it waits for wakes it.
type Alarm struct {
	timers Timers
	clock  *Clock
	log    *slog.Logger
	wake   chan struct{}
	// Fired is called after each timer fired, to run its effects at once.
	Fired func()
}

var _ engine.Scheduler = (*Alarm)(nil)

// NewAlarm returns an alarm over the timers.
func NewAlarm(timers Timers, clock *Clock, log *slog.Logger) *Alarm {
	return &Alarm{timers: timers, clock: clock, log: log, wake: make(chan struct{}, 1)}
}

// Schedule keeps a timer and wakes the loop.
func (a *Alarm) Schedule(ctx context.Context, t lead.Timer) error {
	if err := a.timers.Schedule(ctx, t); err != nil {
		return err
	}
	select {
	case a.wake <- struct{}{}:
	default:
	}
	return nil
}

// Cancel forgets a timer. The loop may be waiting for it; it wakes, finds it gone and
// does nothing.
func (a *Alarm) Cancel(ctx context.Context, t lead.Timer) error {
	return a.timers.Cancel(ctx, t)
}

// Run fires timers as they fall due until the context ends. Timers whose time passed
// while the process was down fire at once, earliest first. A timer that fails to
// fire is retried after a pause, and stays stored until it fires.
func (a *Alarm) Run(ctx context.Context, firer Firer) {
	backoff := time.Duration(0)
	for {
		var wait <-chan time.Time
		var timer *time.Timer
		t, ok, err := a.timers.Earliest()
		switch {
		case err != nil:
			a.log.Error("read timers", "err", err)
			wait = time.After(time.Second)
		case ok:
			if d := a.clock.RealDuration(t.At.Sub(a.clock.Now())); d > 0 {
				timer = time.NewTimer(d)
				wait = timer.C
				break
			}
			if err := a.fire(ctx, firer, t); err != nil {
				backoff = min(max(2*backoff, minRetry), maxRetry)
				a.log.Warn("timer failed; retrying", "lead", t.LeadID, "kind", t.Kind, "retryIn", backoff.String(), "err", err)
				wait = time.After(backoff)
				break
			}
			backoff = 0
			continue
		}
		select {
		case <-ctx.Done():
		case <-a.wake:
		case <-wait:
		}
		if timer != nil {
			timer.Stop()
		}
		if ctx.Err() != nil {
			return
		}
	}
}

func (a *Alarm) fire(ctx context.Context, firer Firer, t lead.Timer) error {
	late := a.clock.Now().Sub(t.At)
	if err := firer.FireTimer(ctx, t); err != nil {
		return err
	}
	if err := a.timers.Remove(t); err != nil {
		return err
	}
	if t.Inbox == "" {
		a.log.Info("timer fired", "lead", t.LeadID, "kind", t.Kind, "seq", t.Seq, "lateMs", late.Milliseconds())
	}
	if a.Fired != nil {
		a.Fired()
	}
	return nil
}
