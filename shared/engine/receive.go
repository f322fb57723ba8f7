package engine

import (
	"context"
	"errors"
	"fmt"

	"github.com/leadclock/leadclock/shared/lead"
)

// Intake is a new lead as a provider sent it, already normalised.
type Intake struct {
	Source   lead.Source
	Customer lead.Customer
	Vehicles []lead.Vehicle
	Comments string
	Request  lead.Request
	Warnings []string
	// Resend: the provider says it sent this lead before (ADF's status="resend"). It is
	// a duplicate when the customer's open lead came from the same provider under the
	// same id, even if the content changed a little.
	Resend bool
}

// receipt is a new lead waiting its turn, and its outcome once decided.
type receipt struct {
	in   Intake
	id   string
	keys []string
	out  outcome
}

type outcome struct {
	lead    lead.Lead
	created bool
	err     error
	// decided: the outcome stands only if the batch's commit succeeds (a lead created
	// in the batch, or a resend of one).
	decided bool
}

// Receive stores a new lead and gives it an owner. A lead the provider already sent
// (same provider and provider lead id) is returned as it is, created false: a resend
// never restarts the clock.
//
// New leads take turns: each caller queues its lead, and whoever gets the turn decides
// every lead queued so far, in arrival order, against one read of the roster, and
// commits up to the engine's batch of them in one Store.Commit. Under a burst, a
// commit (and its fsync) is shared by many leads instead of each lead waiting for its
// own.
func (e *Engine) Receive(ctx context.Context, in Intake) (lead.Lead, bool, error) {
	r := &receipt{in: in, keys: MatchKeys(in.Customer)}
	// The queue holds other callers' leads too: one caller giving up must not fail
	// theirs, so a turn runs to the end whatever happens to its caller's context.
	turn := context.WithoutCancel(ctx)
	e.receiving.Do(r, func(queue []*receipt) {
		for len(queue) > 0 {
			n := min(len(queue), e.batch)
			e.receiveBatch(turn, queue[:n])
			queue = queue[n:]
		}
	})
	return r.out.lead, r.out.created, r.out.err
}

// receiveBatch decides and commits a batch of new leads, deciding all of them again
// when the commit meets a conflict, and delivers each its outcome.
func (e *Engine) receiveBatch(ctx context.Context, rs []*receipt) {
	for _, r := range rs {
		if r.id == "" {
			r.id = e.newID() // here, in turn: ids sort in the order leads are decided
		}
	}
	var out []outcome
	for attempt := range maxAttempts {
		var changes []Change
		changes, out = e.decideBatch(ctx, rs)
		err := e.commitNew(ctx, changes)
		if errors.Is(err, ErrConflict) {
			backOff(ctx, attempt)
			continue
		}
		if err != nil {
			failDecided(out, fmt.Errorf("commit new lead: %w", err))
		}
		deliver(rs, out)
		return
	}
	failDecided(out, fmt.Errorf("receive lead: %w after %d attempts", ErrConflict, maxAttempts))
	deliver(rs, out)
}

func (e *Engine) commitNew(ctx context.Context, changes []Change) error {
	if len(changes) == 0 {
		return nil
	}
	return e.store.Commit(ctx, changes...)
}

// decideBatch decides each new lead as if the ones before it in the batch were
// already committed: the roster each one sees is the one the previous decision left,
// a resend of a lead earlier in the batch returns that lead, and a customer who
// appears twice is a returning customer the second time.
func (e *Engine) decideBatch(ctx context.Context, rs []*receipt) ([]Change, []outcome) {
	out := make([]outcome, len(rs))
	st, err := e.store.Roster(ctx)
	if err != nil {
		for i := range out {
			out[i].err = fmt.Errorf("load roster: %w", err)
		}
		return nil, out
	}
	var changes []Change
	bySource := map[lead.Source]int{} // provider lead id → index of its lead in the batch
	byKey := map[string]int{}         // match key → index of the batch's latest lead with it
	for i, r := range rs {
		src := r.in.Source
		if src.ProviderLeadID != "" {
			if j, ok := bySource[src]; ok {
				out[i] = outcome{lead: out[j].lead, decided: true}
				continue
			}
			switch known, err := e.store.LeadBySource(ctx, src); {
			case err == nil:
				out[i] = outcome{lead: known}
				continue
			case !errors.Is(err, ErrNotFound):
				out[i].err = fmt.Errorf("look up %s lead %s: %w", src.Provider, src.ProviderLeadID, err)
				continue
			}
		}
		ev := lead.Received{ID: r.id, Source: src, Customer: r.in.Customer, Vehicles: r.in.Vehicles, Comments: r.in.Comments, Request: r.in.Request, Warnings: r.in.Warnings}
		switch prev, err := e.previous(ctx, r.keys, byKey, out); {
		case err == nil:
			ev.PreviousOwner, ev.PreviousLead = prev.Owner, prev.ID
		case !errors.Is(err, ErrNotFound):
			out[i].err = fmt.Errorf("look up returning customer: %w", err)
			continue
		}
		d, err := lead.Decide(lead.Lead{}, ev, e.clock.Now(), e.env(st))
		if err != nil {
			out[i].err = err
			continue
		}
		c := e.change(d)
		c.MatchKeys = r.keys
		changes = append(changes, c)
		if d.RosterChanged {
			st = d.Roster
			st.Version++ // as the commit of this change will leave it
		}
		d.Lead.Version++
		out[i] = outcome{lead: d.Lead, created: true, decided: true}
		if src.ProviderLeadID != "" {
			bySource[src] = i
		}
		for _, k := range r.keys {
			byKey[k] = i
		}
	}
	return changes, out
}

// previous finds a returning customer's latest lead the way Store.LeadByCustomer
// would once the batch so far were committed: the first key, in order, that points
// anywhere wins, and a key a lead in the batch took points at that lead.
func (e *Engine) previous(ctx context.Context, keys []string, byKey map[string]int, out []outcome) (lead.Lead, error) {
	for j, k := range keys {
		i, ok := byKey[k]
		if !ok {
			continue
		}
		if j > 0 {
			if l, err := e.store.LeadByCustomer(ctx, keys[:j]); !errors.Is(err, ErrNotFound) {
				return l, err
			}
		}
		return out[i].lead, nil
	}
	return e.store.LeadByCustomer(ctx, keys)
}

// failDecided replaces the outcome of every lead the failed commit held with err.
func failDecided(out []outcome, err error) {
	for i := range out {
		if out[i].decided {
			out[i] = outcome{err: err}
		}
	}
}

func deliver(rs []*receipt, out []outcome) {
	for i, r := range rs {
		r.out = out[i]
	}
}
