package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
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

// Status says what Receive made of a lead a provider sent.
type Status string

// Statuses of a received lead.
const (
	// Created: a new lead, stored and given an owner (or queued).
	Created Status = "created"
	// Duplicate: a resend of a lead already received; nothing restarts.
	Duplicate Status = "duplicate"
	// Merged: the customer's lead is open; the inquiry joined its timeline and the
	// owner was told.
	Merged Status = "merged"
)

// Receipt is what Receive did with a lead, and the lead as it now is.
type Receipt struct {
	Lead   lead.Lead
	Status Status
}

// arrival is a new lead waiting its turn, and its outcome once decided.
type arrival struct {
	in   Intake
	src  lead.Source // with the content's digest
	id   string
	keys []string
	out  outcome
}

type outcome struct {
	lead   lead.Lead
	status Status
	err    error
	// decided: the outcome stands only if the batch's commit succeeds (a lead created
	// in the batch, or a resend of one).
	decided bool
}

// Receive stores a new lead and gives it an owner, unless it is one LeadClock has:
//
//   - a resend — the same provider's lead id with the same content, the same content
//     again from the provider, or a lead the provider marks as resent whose customer's
//     lead came from it under that id — is returned as it is, Duplicate: a resend never
//     restarts the clock. A repeated id alone proves nothing: some providers send the
//     lead's type as its id, and two customers must never become one lead.
//   - a returning customer (same phone or email) whose lead is open is Merged into it:
//     the inquiry joins the timeline and the owner hears the customer asked again.
//
// A returning customer whose lead is closed gets a new lead, offered first to the
// previous owner.
//
// New leads take turns: each caller queues its lead, and whoever gets the turn decides
// every lead queued so far, in arrival order, against one read of the roster, and
// commits up to the engine's batch of them in one Store.Commit. Under a burst, a
// commit (and its fsync) is shared by many leads instead of each lead waiting for its
// own.
func (e *Engine) Receive(ctx context.Context, in Intake) (Receipt, error) {
	r := &arrival{in: in, src: in.Source, keys: MatchKeys(in.Customer)}
	r.src.Digest = Digest(in)
	// The queue holds other callers' leads too: one caller giving up must not fail
	// theirs, so a turn runs to the end whatever happens to its caller's context.
	turn := context.WithoutCancel(ctx)
	e.receiving.Do(r, func(queue []*arrival) {
		for len(queue) > 0 {
			n := min(len(queue), e.batch)
			e.receiveBatch(turn, queue[:n])
			queue = queue[n:]
		}
	})
	if r.out.err != nil {
		return Receipt{}, r.out.err
	}
	if r.out.status == Merged {
		// Merged outside the turn: it updates a lead like any other event, and a merge
		// waiting on a busy lead must not hold up new ones.
		return e.merge(ctx, r)
	}
	return Receipt{Lead: r.out.lead, Status: r.out.status}, nil
}

// merge adds a returning customer's inquiry to their open lead. A lead closed since it
// was found is no longer one to merge into: the inquiry is then received again, and
// becomes a new lead offered to the previous owner.
func (e *Engine) merge(ctx context.Context, r *arrival) (Receipt, error) {
	ev := lead.Inquired{Source: r.src, Customer: r.in.Customer, Vehicles: r.in.Vehicles, Comments: r.in.Comments, Request: r.in.Request, Warnings: r.in.Warnings}
	l, err := e.apply(ctx, r.out.lead.ID, ev, r.keys)
	if errors.Is(err, lead.ErrClosed) {
		return e.Receive(ctx, r.in)
	}
	if err != nil {
		return Receipt{}, fmt.Errorf("merge inquiry into lead %s: %w", r.out.lead.ID, err)
	}
	return Receipt{Lead: l, Status: Merged}, nil
}

// Digest sums up an intake's content: who the customer is, what they asked about and
// what they wrote. A provider resending a lead sends the same content; a provider
// reusing an id for another customer does not.
func Digest(in Intake) string {
	b, err := json.Marshal(struct {
		Customer lead.Customer
		Vehicles []lead.Vehicle
		Comments string
	}{in.Customer, in.Vehicles, in.Comments})
	if err != nil {
		panic(fmt.Sprintf("digest of an intake: %v", err)) // plain structs always marshal
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// receiveBatch decides and commits a batch of new leads, deciding all of them again
// when the commit meets a conflict, and delivers each its outcome.
func (e *Engine) receiveBatch(ctx context.Context, rs []*arrival) {
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
	if err := e.store.Commit(ctx, changes...); err != nil {
		return err
	}
	e.committed(ctx, changes...)
	return nil
}

// decideBatch decides each new lead as if the ones before it in the batch were
// already committed: the roster each one sees is the one the previous decision left,
// a resend of a lead earlier in the batch returns that lead, and a customer who
// appears twice is a returning customer the second time.
func (e *Engine) decideBatch(ctx context.Context, rs []*arrival) ([]Change, []outcome) {
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
		src := r.src
		if src.ProviderLeadID != "" {
			if j, ok := bySource[src]; ok {
				out[i] = outcome{lead: out[j].lead, status: Duplicate, decided: true}
				continue
			}
			switch known, err := e.store.LeadBySource(ctx, src); {
			case err == nil:
				out[i] = outcome{lead: known, status: Duplicate}
				continue
			case !errors.Is(err, ErrNotFound):
				out[i].err = fmt.Errorf("look up %s lead %s: %w", src.Provider, src.ProviderLeadID, err)
				continue
			}
		}
		ev := lead.Received{ID: r.id, Source: src, Customer: r.in.Customer, Vehicles: r.in.Vehicles, Comments: r.in.Comments, Request: r.in.Request, Warnings: r.in.Warnings}
		prev, inBatch, err := e.previous(ctx, r.keys, byKey, out)
		switch {
		case err == nil && resends(prev.Source, src, r.in.Resend):
			out[i] = outcome{lead: prev, status: Duplicate, decided: inBatch}
			continue
		case err == nil && prev.Status != lead.StatusClosed:
			out[i] = outcome{lead: prev, status: Merged, decided: inBatch}
			continue
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
		out[i] = outcome{lead: d.Lead, status: Created, decided: true}
		if src.ProviderLeadID != "" {
			bySource[src] = i
		}
		for _, k := range r.keys {
			byKey[k] = i
		}
	}
	return changes, out
}

// resends reports whether a lead from src is a resend of the customer's lead prev:
// the same content from the same provider, or a lead the provider marks as resent
// under the same id.
func resends(prev, src lead.Source, marked bool) bool {
	if prev.Provider != src.Provider {
		return false
	}
	return prev.Digest == src.Digest || (marked && src.ProviderLeadID != "" && prev.ProviderLeadID == src.ProviderLeadID)
}

// previous finds a returning customer's latest lead the way Store.LeadByCustomer
// would once the batch so far were committed: the first key, in order, that points
// anywhere wins, and a key a lead in the batch took points at that lead (inBatch).
func (e *Engine) previous(ctx context.Context, keys []string, byKey map[string]int, out []outcome) (l lead.Lead, inBatch bool, err error) {
	for j, k := range keys {
		i, ok := byKey[k]
		if !ok {
			continue
		}
		if j > 0 {
			if l, err := e.store.LeadByCustomer(ctx, keys[:j]); !errors.Is(err, ErrNotFound) {
				return l, false, err
			}
		}
		return out[i].lead, true, nil
	}
	l, err = e.store.LeadByCustomer(ctx, keys)
	return l, false, err
}

// failDecided replaces the outcome of every lead the failed commit held with err.
func failDecided(out []outcome, err error) {
	for i := range out {
		if out[i].decided {
			out[i] = outcome{err: err}
		}
	}
}

func deliver(rs []*arrival, out []outcome) {
	for i, r := range rs {
		r.out = out[i]
	}
}
