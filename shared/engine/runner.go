package engine

import (
	"context"
	"fmt"

	"github.com/leadclock/leadclock/shared/lead"
)

// Runner carries out committed effects: notices go to their recipient's inbox (which
// may send at once or hold them), messages go to the notifier, timers to the
// scheduler. Every effect may run more than once; each step is safe to repeat.
type Runner struct {
	engine    *Engine
	notifier  Notifier
	scheduler Scheduler
}

// NewRunner returns a runner for the engine's dealership.
func NewRunner(e *Engine, n Notifier, s Scheduler) *Runner {
	return &Runner{engine: e, notifier: n, scheduler: s}
}

// Run carries out one effect.
func (r *Runner) Run(ctx context.Context, eff lead.Effect) error {
	var err error
	if (eff.Kind == lead.EffectNotify && eff.Notice == nil) || (eff.Kind == lead.EffectSend && eff.Message == nil) ||
		((eff.Kind == lead.EffectSchedule || eff.Kind == lead.EffectCancel) && eff.Timer == nil) {
		return fmt.Errorf("effect %s: %s without its payload", eff.ID, eff.Kind)
	}
	switch eff.Kind {
	case lead.EffectNotify:
		err = r.engine.offer(ctx, eff)
	case lead.EffectSend:
		rep, ok := r.engine.settings.Team.Rep(eff.Message.To)
		if !ok {
			return nil // the rep left the team; there is nobody to tell
		}
		err = r.notifier.Send(ctx, rep, *eff.Message)
	case lead.EffectSchedule:
		err = r.scheduler.Schedule(ctx, *eff.Timer)
	case lead.EffectCancel:
		err = r.scheduler.Cancel(ctx, *eff.Timer)
	default:
		err = fmt.Errorf("unknown effect kind %q", eff.Kind)
	}
	if err != nil {
		return fmt.Errorf("effect %s: %w", eff.ID, err)
	}
	return nil
}

// Drain runs pending effects in order until none are left, marking each done, and
// returns how many ran. It stops at the first failure, leaving that effect pending,
// so that no effect of a lead overtakes an earlier one.
func (r *Runner) Drain(ctx context.Context) (int, error) {
	ran := 0
	for {
		pending, err := r.engine.store.Pending(ctx, 100)
		if err != nil {
			return ran, fmt.Errorf("list pending effects: %w", err)
		}
		if len(pending) == 0 {
			return ran, nil
		}
		for _, eff := range pending {
			if err := r.Run(ctx, eff); err != nil {
				return ran, err
			}
			if err := r.engine.store.Done(ctx, eff.ID); err != nil {
				return ran, fmt.Errorf("mark effect %s done: %w", eff.ID, err)
			}
			ran++
		}
	}
}
