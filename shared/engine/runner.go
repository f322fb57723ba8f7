package engine

import (
	"context"
	"errors"
	"fmt"

	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/nudge"
	"github.com/leadclock/leadclock/shared/roster"
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
		var d Delivery
		if d, err = r.delivery(ctx, rep, *eff.Message); err == nil {
			err = r.notifier.Send(ctx, d)
		}
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

func (r *Runner) delivery(ctx context.Context, rep roster.Rep, m lead.Message) (Delivery, error) {
	d := Delivery{Rep: rep, Message: m}
	seen := map[string]bool{}
	for _, n := range m.Notices {
		if seen[n.LeadID] {
			continue
		}
		seen[n.LeadID] = true
		l, err := r.engine.store.Lead(ctx, n.LeadID)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return d, fmt.Errorf("load lead %s for message %s: %w", n.LeadID, m.ID, err)
		}
		d.Leads = append(d.Leads, l)
	}
	return d, nil
}

// Drain runs pending effects in commit order until none is left that can run, marking
// each done, and returns how many ran. An effect that fails stays pending and holds
// back the later effects of its lead (or inbox), so that none overtakes it; other
// leads' effects go on. The failures are returned joined; the caller retries later.
func (r *Runner) Drain(ctx context.Context) (int, error) {
	ran := 0
	var errs []error
	blocked := map[string]bool{}
	held := 0 // effects of blocked streams, read again each pass
	for {
		pending, err := r.engine.store.Pending(ctx, drainBatch+held)
		if err != nil {
			return ran, errors.Join(append(errs, fmt.Errorf("list pending effects: %w", err))...)
		}
		progressed := false
		held = 0
		for _, eff := range pending {
			stream := Stream(eff)
			if blocked[stream] {
				held++
				continue
			}
			if err := r.Run(ctx, eff); err != nil {
				blocked[stream] = true
				held++
				errs = append(errs, err)
				continue
			}
			if err := r.engine.store.Done(ctx, eff.ID); err != nil {
				return ran, errors.Join(append(errs, fmt.Errorf("mark effect %s done: %w", eff.ID, err))...)
			}
			ran++
			progressed = true
		}
		if !progressed || ctx.Err() != nil {
			return ran, errors.Join(errs...)
		}
	}
}

// drainBatch is how many pending effects Drain reads at a time.
const drainBatch = 100

// Stream names the sequence an effect must keep its order in: its lead's, or for an
// inbox's effects, the inbox's.
func Stream(eff lead.Effect) string {
	switch {
	case eff.LeadID != "":
		return "lead:" + eff.LeadID
	case eff.Message != nil:
		return "inbox:" + nudge.Key(eff.Message.To, eff.Message.Channel)
	case eff.Timer != nil && eff.Timer.Inbox != "":
		return "inbox:" + eff.Timer.Inbox
	case eff.Notice != nil:
		return "lead:" + eff.Notice.LeadID
	}
	return "effect:" + eff.ID
}
