// Package engine runs LeadClock's commands over its ports. Each command loads what it
// needs, asks the pure domain to decide, and commits the new state, its timeline
// entries and its effects in one atomic write guarded by versions, deciding again on
// fresh state when someone else wrote first. The engine never sends or schedules
// anything itself: a Runner carries out committed effects afterwards, at least once.
package engine

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/leadclock/leadclock/shared/batch"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/nudge"
	"github.com/leadclock/leadclock/shared/roster"
)

// Settings are a dealership's people and policies, as the engine uses them.
type Settings struct {
	Team         roster.Team
	Policy       lead.Policy
	Channels     []lead.Channel
	BundleWindow time.Duration
}

// Engine runs commands for one dealership.
type Engine struct {
	store    Store
	clock    Clock
	settings Settings
	newID    func() string
	// receiving groups new leads. Every new lead updates the roster (who was given
	// one last), so concurrent receivers would all collide on it and retry. Instead
	// they queue, and whoever gets the turn decides the whole queue against one
	// roster read and commits it at once (see receive.go). Other processes (other
	// Lambdas) still meet at the roster's version guard.
	receiving batch.Queue[*arrival]
	batch     int // how many new leads one commit may hold
	// inboxes groups the notices bound for each rep's inbox in the same way: a burst
	// of leads nudges the same few inboxes from every dispatch worker.
	inboxes batch.Keyed[*inboxOp]
	// rejections keeps refused payloads: the store, when it keeps them too.
	rejections Rejections
	// observer hears of every lead change committed; nil when nobody listens.
	observer Observer
}

// Observer hears of lead changes once they are committed, in the process that made
// them: what a function measures (first-contact times, reroutes) it reports from
// there, without reading anything back.
type Observer interface {
	Committed(ctx context.Context, changes []Change)
}

// WithObserver returns the engine reporting its committed lead changes to o.
func (e *Engine) WithObserver(o Observer) *Engine {
	e.observer = o
	return e
}

func (e *Engine) committed(ctx context.Context, changes ...Change) {
	if e.observer != nil && len(changes) > 0 {
		e.observer.Committed(ctx, changes)
	}
}

// New returns an engine. newID makes lead and rejection ids; they must be unique and
// sort by time. When the store also implements Rejections, Reject keeps rejections in
// it.
func New(store Store, clock Clock, s Settings, newID func() string) *Engine {
	rejections, _ := store.(Rejections)
	return &Engine{store: store, clock: clock, settings: s, newID: newID, batch: 1, rejections: rejections}
}

// WithBatch lets the engine commit up to n waiting new leads in one Store.Commit.
// One (the default) suits a store whose transactions are small, or a process that
// receives one lead at a time, as a Lambda does; an embedded store whose every commit
// waits for an fsync gains the most.
func (e *Engine) WithBatch(n int) *Engine {
	e.batch = max(1, n)
	return e
}

// maxAttempts bounds how often a command decides again after a conflict. Conflicts
// come from concurrent writers to one lead or to the roster (every new lead updates
// who was given one last); with the backoff below, a dozen concurrent receivers all
// get through well within these rounds.
const maxAttempts = 16

// backOff waits before deciding again after a conflict: a random pause up to a bound
// that doubles each round ("full jitter"), so that writers that collided do not
// collide again in lockstep.
func backOff(ctx context.Context, attempt int) {
	bound := min(time.Millisecond<<attempt, 50*time.Millisecond)
	t := time.NewTimer(rand.N(bound))
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// LogActivity records a contact attempt, a note, a claim or an automatic reply.
func (e *Engine) LogActivity(ctx context.Context, id string, ev lead.Event) (lead.Lead, error) {
	switch ev.(type) {
	case lead.Contacted, lead.Noted, lead.Claimed, lead.AutoReplied:
		return e.update(ctx, id, ev)
	}
	return lead.Lead{}, fmt.Errorf("%w: %T is not an activity", lead.ErrInvalid, ev)
}

// Close ends a lead.
func (e *Engine) Close(ctx context.Context, id string, ev lead.Closed) (lead.Lead, error) {
	return e.update(ctx, id, ev)
}

// FireTimer handles a timer going off. Stale, duplicate and early timers, and timers
// of leads that no longer exist, change nothing.
func (e *Engine) FireTimer(ctx context.Context, t lead.Timer) error {
	if t.Inbox != "" {
		return e.flush(ctx, t)
	}
	_, err := e.update(ctx, t.LeadID, lead.Fired{Timer: t})
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// SetAvailability marks a rep away (until a time, or until further notice when until
// is zero) or back. Leads the rep owns that still await a first contact move at once;
// a rep coming back takes queued leads.
func (e *Engine) SetAvailability(ctx context.Context, rep string, available bool, until time.Time, actor string) error {
	if _, ok := e.settings.Team.Rep(rep); !ok {
		return fmt.Errorf("%w: unknown rep %q", lead.ErrInvalid, rep)
	}
	now := e.clock.Now()
	if !available && !until.IsZero() && !until.After(now) {
		return fmt.Errorf("%w: unavailable until %s, which has passed", lead.ErrInvalid, until.Format(time.RFC3339))
	}
	var away *roster.Away
	if !available {
		away = &roster.Away{Until: until}
	}
	committed := false
	for attempt := range maxAttempts {
		st, err := e.store.Roster(ctx)
		if err != nil {
			return fmt.Errorf("load roster: %w", err)
		}
		next := st.WithAway(rep, away)
		if err := e.store.Commit(ctx, Change{Roster: &next}); errors.Is(err, ErrConflict) {
			backOff(ctx, attempt)
			continue
		} else if err != nil {
			return fmt.Errorf("commit availability of %s: %w", rep, err)
		}
		committed = true
		break
	}
	if !committed {
		return fmt.Errorf("set availability of %s: %w after %d attempts", rep, ErrConflict, maxAttempts)
	}
	f := Filter{Status: lead.StatusQueued}
	if !available {
		f = Filter{Owner: rep, Status: lead.StatusAssigned}
	}
	affected, err := e.store.Leads(ctx, f)
	if err != nil {
		return fmt.Errorf("list leads affected by %s's availability: %w", rep, err)
	}
	var errs []error
	for _, l := range affected {
		if _, err := e.update(ctx, l.ID, lead.RosterChanged{Actor: actor}); err != nil {
			errs = append(errs, fmt.Errorf("lead %s: %w", l.ID, err))
		}
	}
	return errors.Join(errs...)
}

// Sweep fires every timer that is due but has not been handled: the safety net for a
// scheduler that lost one. It returns how many it fired.
func (e *Engine) Sweep(ctx context.Context) (int, error) {
	return e.SweepOverdue(ctx, 0)
}

// SweepOverdue fires the timers due more than grace ago. On AWS, where a timer's own
// schedule fires it on its deadline, the sweeper looks only at timers it has had
// time to fire, so that the two do not race for every deadline.
func (e *Engine) SweepOverdue(ctx context.Context, grace time.Duration) (int, error) {
	now := e.clock.Now().Add(-grace)
	var due []lead.Timer
	leads, err := e.store.Due(ctx, now)
	if err != nil {
		return 0, fmt.Errorf("list due leads: %w", err)
	}
	for _, l := range leads {
		for _, t := range l.Timers {
			if !t.At.After(now) {
				due = append(due, t)
			}
		}
	}
	inboxes, err := e.store.DueInboxes(ctx, now)
	if err != nil {
		return 0, fmt.Errorf("list due inboxes: %w", err)
	}
	for _, b := range inboxes {
		due = append(due, lead.Timer{Inbox: b.Key, Kind: lead.TimerFlush, Seq: b.Seq, At: b.FlushAt})
	}
	slices.SortStableFunc(due, func(a, b lead.Timer) int { return a.At.Compare(b.At) })
	for i, t := range due {
		if err := e.FireTimer(ctx, t); err != nil {
			return i, err
		}
	}
	return len(due), nil
}

// update applies an event to a stored lead and commits the decision.
func (e *Engine) update(ctx context.Context, id string, ev lead.Event) (lead.Lead, error) {
	return e.apply(ctx, id, ev, nil)
}

// apply is update that also points match keys at the lead, for a customer's new phones
// and emails.
func (e *Engine) apply(ctx context.Context, id string, ev lead.Event, keys []string) (lead.Lead, error) {
	for attempt := range maxAttempts {
		l, err := e.store.Lead(ctx, id)
		if err != nil {
			return lead.Lead{}, fmt.Errorf("load lead %s: %w", id, err)
		}
		st, err := e.store.Roster(ctx)
		if err != nil {
			return lead.Lead{}, fmt.Errorf("load roster: %w", err)
		}
		d, err := lead.Decide(l, ev, e.clock.Now(), e.env(st))
		if err != nil {
			return l, err
		}
		if !d.Changed() {
			return l, nil
		}
		c := e.change(d)
		c.MatchKeys = keys
		switch err := e.store.Commit(ctx, c); {
		case errors.Is(err, ErrConflict):
			backOff(ctx, attempt)
			continue
		case err != nil:
			return l, fmt.Errorf("commit lead %s: %w", id, err)
		}
		e.committed(ctx, c)
		d.Lead.Version++
		return d.Lead, nil
	}
	return lead.Lead{}, fmt.Errorf("update lead %s: %w after %d attempts", id, ErrConflict, maxAttempts)
}

func (e *Engine) env(st roster.State) lead.Env {
	return lead.Env{Team: e.settings.Team, Roster: st, Policy: e.settings.Policy, Channels: e.settings.Channels}
}

func (e *Engine) change(d lead.Decision) Change {
	c := Change{Lead: d.Lead, Activities: d.Activities, Effects: d.Effects}
	if d.RosterChanged {
		c.Roster = &d.Roster
	}
	return c
}

// offer hands a notice to its recipient's inbox.
func (e *Engine) offer(ctx context.Context, eff lead.Effect) error {
	key := nudge.Key(eff.Notice.To, eff.Notice.Channel)
	return e.inbox(ctx, key, func(b nudge.Inbox) (nudge.Inbox, []lead.Effect, bool) {
		return b.Offer(eff.ID, *eff.Notice, e.clock.Now(), e.settings.BundleWindow)
	})
}

func (e *Engine) flush(ctx context.Context, t lead.Timer) error {
	return e.inbox(ctx, t.Inbox, func(b nudge.Inbox) (nudge.Inbox, []lead.Effect, bool) {
		return b.Flush(t, e.clock.Now())
	})
}

// inboxOp is a decision waiting to be applied to an inbox, and its outcome.
type inboxOp struct {
	decide func(nudge.Inbox) (nudge.Inbox, []lead.Effect, bool)
	err    error
}

// inbox applies a decision to an inbox and commits it. Decisions queued for the same
// inbox meanwhile are applied in turn to one read of it and committed together.
func (e *Engine) inbox(ctx context.Context, key string, decide func(nudge.Inbox) (nudge.Inbox, []lead.Effect, bool)) error {
	op := &inboxOp{decide: decide}
	turn := context.WithoutCancel(ctx) // the turn commits other callers' decisions too
	e.inboxes.Do(key, op, func(ops []*inboxOp) {
		err := e.commitInbox(turn, key, ops)
		for _, op := range ops {
			op.err = err
		}
	})
	return op.err
}

// commitInbox applies the decisions in order and commits the result, deciding again
// on a fresh read after a conflict.
func (e *Engine) commitInbox(ctx context.Context, key string, ops []*inboxOp) error {
	for attempt := range maxAttempts {
		b, err := e.store.Inbox(ctx, key)
		if err != nil {
			return fmt.Errorf("load inbox %s: %w", key, err)
		}
		var effects []lead.Effect
		changed := false
		for _, op := range ops {
			next, effs, ok := op.decide(b)
			if ok {
				b, effects, changed = next, append(effects, effs...), true
			}
		}
		if !changed {
			return nil
		}
		switch err := e.store.CommitInbox(ctx, b, effects); {
		case errors.Is(err, ErrConflict):
			backOff(ctx, attempt)
			continue
		case err != nil:
			return fmt.Errorf("commit inbox %s: %w", key, err)
		}
		return nil
	}
	return fmt.Errorf("inbox %s: %w after %d attempts", key, ErrConflict, maxAttempts)
}

// MatchKeys are the keys a customer is recognised by when they come back: each valid
// phone and each email, lower-cased.
func MatchKeys(c lead.Customer) []string {
	keys := make([]string, 0, len(c.Phones)+len(c.Emails))
	for _, p := range c.Phones {
		if p.Valid {
			keys = append(keys, "tel:"+p.E164)
		}
	}
	for _, m := range c.Emails {
		keys = append(keys, "mailto:"+strings.ToLower(m))
	}
	return keys
}
