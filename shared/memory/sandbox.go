package memory

import (
	"context"
	"fmt"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
)

// Sandbox is LeadClock on virtual time: the engine and its runner over memory
// adapters. Time moves only through AdvanceTo, which fires each timer exactly when it
// is due, so a month runs in moments and a test never sleeps.
type Sandbox struct {
	Clock     *Clock
	Store     *Store
	Scheduler *Scheduler
	Notifier  *Notifier
	Engine    *engine.Engine
	Runner    *engine.Runner
}

// NewSandbox returns a sandbox whose clock shows start. Lead ids are L0001, L0002…:
// deterministic, and sorted by arrival like the ULIDs of production.
func NewSandbox(s engine.Settings, start time.Time) *Sandbox {
	sb := &Sandbox{Clock: NewClock(start), Store: NewStore(), Scheduler: NewScheduler()}
	sb.Notifier = NewNotifier(sb.Clock)
	n := 0
	sb.Engine = engine.New(sb.Store, sb.Clock, s, func() string {
		n++
		return fmt.Sprintf("L%04d", n)
	})
	sb.Runner = engine.NewRunner(sb.Engine, sb.Notifier, sb.Scheduler)
	return sb
}

// Settle runs every pending effect.
func (sb *Sandbox) Settle(ctx context.Context) error {
	_, err := sb.Runner.Drain(ctx)
	return err
}

// AdvanceTo moves the clock to t, firing each timer that falls due on the way at its
// own time and settling after each.
func (sb *Sandbox) AdvanceTo(ctx context.Context, t time.Time) error {
	if err := sb.Settle(ctx); err != nil {
		return err
	}
	for {
		timer, ok := sb.Scheduler.Next(t)
		if !ok {
			break
		}
		if timer.At.After(sb.Clock.Now()) {
			sb.Clock.Set(timer.At)
		}
		if err := sb.Engine.FireTimer(ctx, timer); err != nil {
			return fmt.Errorf("fire %s timer of %s%s: %w", timer.Kind, timer.LeadID, timer.Inbox, err)
		}
		if err := sb.Settle(ctx); err != nil {
			return err
		}
	}
	if t.After(sb.Clock.Now()) {
		sb.Clock.Set(t)
	}
	return sb.Settle(ctx)
}
