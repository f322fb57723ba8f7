package engine

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

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
	workers   int
	once      OnceNotifier // the notifier, when it delivers each message once
}

// refusedWindow is how far back a manager's message counts refused leads.
const refusedWindow = 24 * time.Hour

// NewRunner returns a runner for the engine's dealership.
func NewRunner(e *Engine, n Notifier, s Scheduler) *Runner {
	once, _ := n.(OnceNotifier)
	return &Runner{engine: e, notifier: n, scheduler: s, workers: 1, once: once}
}

// WithWorkers returns the runner set to run up to n streams' effects side by side.
// One worker (the default) runs every effect in commit order, which the sandbox's
// deterministic replays rely on.
func (r *Runner) WithWorkers(n int) *Runner {
	r.workers = max(1, n)
	return r
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
		var d Delivery
		var ok bool
		if d, ok, err = r.delivery(ctx, *eff.Message); ok {
			err = r.notifier.Send(ctx, d)
			if errors.Is(err, ErrUndeliverable) {
				err = r.engine.undelivered(ctx, *eff.Message, err)
			}
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

// sendOnce delivers consecutive sends of one stream through the OnceNotifier, in one
// call.
func (r *Runner) sendOnce(ctx context.Context, effs []lead.Effect) error {
	ds := make([]Delivery, 0, len(effs))
	for _, eff := range effs {
		if eff.Message == nil {
			return fmt.Errorf("effect %s: %s without its payload", eff.ID, eff.Kind)
		}
		d, ok, err := r.delivery(ctx, *eff.Message)
		if err != nil {
			return fmt.Errorf("effect %s: %w", eff.ID, err)
		}
		if ok {
			ds = append(ds, d)
		}
	}
	if err := r.once.SendOnce(ctx, ds...); err != nil {
		return fmt.Errorf("effects %s to %s: %w", effs[0].ID, effs[len(effs)-1].ID, err)
	}
	return nil
}

// delivery gathers what a message needs on its way out. ok is false when its rep has
// left the team: there is nobody to tell.
func (r *Runner) delivery(ctx context.Context, m lead.Message) (d Delivery, ok bool, err error) {
	rep, ok := r.engine.settings.Team.Rep(m.To)
	if !ok {
		return Delivery{}, false, nil
	}
	d = Delivery{Rep: rep, Message: m}
	if rep.Role == roster.Manager && r.engine.rejections != nil {
		now := r.engine.clock.Now()
		if d.Refused, err = r.engine.rejections.CountRejections(ctx, now.Add(-refusedWindow), now); err != nil {
			return d, false, fmt.Errorf("count rejections for message %s: %w", m.ID, err)
		}
	}
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
			return d, false, fmt.Errorf("load lead %s for message %s: %w", n.LeadID, m.ID, err)
		}
		d.Leads = append(d.Leads, l)
	}
	return d, true, nil
}

// Drain runs pending effects until none is left that can run, marking each done, and
// returns how many ran. Each lead's (or inbox's) effects run in commit order; with
// several workers, different leads' effects run side by side, so that their commits
// share fsyncs. An effect that fails stays pending and holds back the later effects
// of its stream, so that none overtakes it; other streams go on. The failures are
// returned joined; the caller retries later.
func (r *Runner) Drain(ctx context.Context) (int, error) {
	d := drain{blocked: map[string]bool{}}
	for {
		pending, err := r.engine.store.Pending(ctx, drainBatch+d.held)
		if err != nil {
			return d.ran, errors.Join(append(d.errs, fmt.Errorf("list pending effects: %w", err))...)
		}
		d.held, d.progressed = 0, false
		sem := make(chan struct{}, r.workers)
		var wg sync.WaitGroup
		for _, job := range r.jobs(pending) {
			sem <- struct{}{} // before the check: with one worker, the previous job has finished
			if d.isBlocked(job.stream, len(job.effects)) {
				<-sem
				continue
			}
			wg.Go(func() {
				defer func() { <-sem }()
				r.runJob(ctx, &d, job)
			})
		}
		wg.Wait()
		if d.fatal != nil {
			return d.ran, errors.Join(append(d.errs, d.fatal)...)
		}
		if !d.progressed || ctx.Err() != nil {
			return d.ran, errors.Join(d.errs...)
		}
	}
}

// drain is the state of one Drain, shared by its workers.
type drain struct {
	mu         sync.Mutex
	blocked    map[string]bool
	held       int // effects of blocked streams, read again each pass
	ran        int
	progressed bool
	errs       []error
	fatal      error
}

func (d *drain) isBlocked(stream string, n int) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.blocked[stream] {
		d.held += n
	}
	return d.blocked[stream]
}

// job is effects of one stream to run in order.
type job struct {
	stream  string
	effects []lead.Effect
}

// jobs splits a pass's effects: one job per stream when workers run side by side;
// one per effect, in commit order, for a single worker, which then runs every
// effect in the order it was committed.
func (r *Runner) jobs(pending []lead.Effect) []job {
	var out []job
	index := map[string]int{}
	for _, eff := range pending {
		stream := Stream(eff)
		if i, ok := index[stream]; ok && r.workers > 1 {
			out[i].effects = append(out[i].effects, eff)
			continue
		}
		index[stream] = len(out)
		out = append(out, job{stream: stream, effects: []lead.Effect{eff}})
	}
	return out
}

func (r *Runner) runJob(ctx context.Context, d *drain, j job) {
	// Running an effect again is harmless except for a message, which would reach
	// its rep twice: a send is marked done at once, unless the notifier delivers each
	// message once, which then takes a run of sends in one call. The other effects
	// are marked together at the end of the job, which saves a commit per effect.
	var done []string
	markDone := func() bool {
		if len(done) == 0 {
			return true
		}
		if err := r.engine.store.Done(ctx, done...); err != nil {
			d.mu.Lock()
			d.fatal = fmt.Errorf("mark effects %v done: %w", done, err)
			d.blocked[j.stream] = true
			d.mu.Unlock()
			return false
		}
		d.mu.Lock()
		d.ran += len(done)
		d.progressed = true
		d.mu.Unlock()
		done = done[:0]
		return true
	}
	fail := func(at int, err error) {
		d.mu.Lock()
		d.blocked[j.stream] = true
		d.held += len(j.effects) - at
		d.errs = append(d.errs, err)
		d.mu.Unlock()
		markDone()
	}
	for i := 0; i < len(j.effects); {
		eff := j.effects[i]
		if r.once != nil && eff.Kind == lead.EffectSend {
			n := 1
			for n < len(j.effects)-i && j.effects[i+n].Kind == lead.EffectSend {
				n++
			}
			if err := r.sendOnce(ctx, j.effects[i:i+n]); err != nil {
				fail(i, err)
				return
			}
			for _, e := range j.effects[i : i+n] {
				done = append(done, e.ID)
			}
			i += n
			continue
		}
		if err := r.Run(ctx, eff); err != nil {
			fail(i, err)
			return
		}
		done = append(done, eff.ID)
		if eff.Kind == lead.EffectSend && !markDone() {
			return
		}
		i++
	}
	markDone()
}

// drainBatch is how many pending effects Drain reads at a time.
const drainBatch = 500

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
