package followup

import (
	"time"

	"github.com/leadclock/leadclock/shared/lead"
)

// facts is what one lead's timeline says, as of now, that the measures need.
type facts struct {
	id, provider string
	received     time.Time
	// The lead's own policy, the one it was received under.
	firstContactWithin, stalledAfter time.Duration
	// firstOwner is the rep the lead was first given to; owner is its owner as of now.
	firstOwner, owner string
	queued            bool
	// opened is when the first-contact clock started: the receipt, or, for a queued
	// lead, when it was given to a rep or contacted. Zero while it was never either.
	opened                      time.Time
	first, second, last         time.Time // contact attempts
	firstEvidence               lead.Evidence
	attempts                    int
	closed                      bool
	closedAt                    time.Time
	closedBy, reason            string
	outcome                     lead.Outcome
	attemptsAtClose             int
	reroutedFrom, escalatedWith []string
	contacts                    []contact
	merges                      []merge
}

// contact is one attempt: who made it and how LeadClock knows.
type contact struct {
	rep      string
	evidence lead.Evidence
}

// merge is one returning customer's inquiry: who sent it and who owned the lead then.
type merge struct {
	provider, owner string
}

// read walks a lead's timeline up to now into f, whose lists it reuses. Entries are
// in the order they were committed, which is the order of their times.
func (f *facts) read(l *lead.Lead, timeline []lead.Activity, now time.Time) {
	*f = facts{id: l.ID, provider: l.Source.Provider, received: l.ReceivedAt, opened: l.ReceivedAt,
		firstContactWithin: l.Policy.FirstContact, stalledAfter: l.Policy.StalledAfter,
		reroutedFrom: f.reroutedFrom[:0], escalatedWith: f.escalatedWith[:0], contacts: f.contacts[:0], merges: f.merges[:0]}
	give := func(rep string, at time.Time) {
		if f.firstOwner == "" {
			f.firstOwner = rep
		}
		f.owner = rep
		if f.opened.IsZero() {
			f.opened = at
		}
	}
	for i := range timeline {
		a := &timeline[i]
		if a.At.After(now) {
			break
		}
		switch a.Type {
		case lead.TypeQueued:
			if f.owner == "" && f.attempts == 0 && !f.queued {
				f.queued, f.opened = true, time.Time{}
			}
		case lead.TypeAssigned, lead.TypeReassigned, lead.TypeClaimed:
			give(a.Rep, a.At)
		case lead.TypeRerouted:
			f.reroutedFrom = append(f.reroutedFrom, a.From)
			give(a.Rep, a.At)
		case lead.TypeOffered, lead.TypeEscalated:
			f.escalatedWith = append(f.escalatedWith, a.Rep)
		case lead.TypeInquired:
			provider := a.Actor
			if a.Inquiry != nil {
				provider = a.Inquiry.Source.Provider
			}
			f.merges = append(f.merges, merge{provider: provider, owner: f.owner})
		case lead.TypeContact:
			f.contact(a, give)
		case lead.TypeClosed:
			f.closed, f.closedAt, f.closedBy = true, a.At, a.Actor
			f.outcome, f.reason, f.attemptsAtClose = lead.Outcome(a.Outcome), a.Reason, f.attempts
		}
	}
}

// contact records an attempt. The engine gives a lead to whoever reaches the customer
// first, unless a manager does it for the owner; the entry says so by naming the owner
// it took the lead from, or the lead had no owner yet.
func (f *facts) contact(a *lead.Activity, give func(rep string, at time.Time)) {
	f.attempts++
	f.contacts = append(f.contacts, contact{rep: a.Rep, evidence: a.Evidence})
	switch f.attempts {
	case 1:
		f.first, f.firstEvidence = a.At, a.Evidence
		if a.From != "" || f.owner == "" {
			give(a.Rep, a.At)
		}
	case 2:
		f.second = a.At
	}
	f.last = a.At
}

// excluded reports whether the lead was closed away as nobody to call: a duplicate or
// junk, before any attempt.
func (f *facts) excluded() bool {
	return f.closed && f.attempts == 0 && (f.outcome == lead.Duplicate || f.outcome == lead.Junk)
}

// stalled reports whether, as of now, a contacted open lead has gone StalledAfter
// without an attempt.
func (f *facts) stalled(now time.Time) bool {
	return f.attempts > 0 && !f.closed && f.stalledAfter > 0 && now.Sub(f.last) >= f.stalledAfter
}

// queueWait is how long a queued lead waited, and whether it still waits.
func (f *facts) queueWait(now time.Time) (time.Duration, bool) {
	switch {
	case !f.opened.IsZero():
		return f.opened.Sub(f.received), false
	case f.closed:
		return f.closedAt.Sub(f.received), false
	}
	return now.Sub(f.received), true
}
