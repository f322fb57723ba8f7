package handler

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// Sweeper fires overdue timers; the engine does.
type Sweeper interface {
	SweepOverdue(ctx context.Context, grace time.Duration) (int, error)
}

// DefaultGrace is how long past its deadline a timer is left to its own schedule
// before the sweeper fires it: the schedule fires up to a minute early and the timer
// function waits, so a timer this late has lost its schedule (or its invocation).
const DefaultGrace = 2 * time.Minute

// Sweep handles the sweeper's recurring schedule: the safety net that fires every
// obligation whose timer never did, found through the store's sparse due index.
type Sweep struct {
	Engine Sweeper
	Grace  time.Duration
	Log    *slog.Logger
}

// Handle fires what is overdue. The event (a scheduled tick) carries nothing needed.
func (h *Sweep) Handle(ctx context.Context) error {
	n, err := h.Engine.SweepOverdue(ctx, h.Grace)
	if n > 0 {
		// Each one is a timer that missed its deadline by more than the grace:
		// worth an alarm when it happens often (see the stack's metric filter).
		h.Log.WarnContext(ctx, "swept overdue timers", "fired", n)
	}
	if err != nil {
		return fmt.Errorf("sweep after firing %d: %w", n, err)
	}
	return nil
}
