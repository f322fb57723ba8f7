package bolt

import (
	"context"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
)

// encodedChange is a change with its values encoded before the write transaction,
// which is the one thing every committer waits for.
type encodedChange struct {
	c          engine.Change
	lead       []byte // at its next version
	next       lead.Lead
	activities [][]byte
	roster     []byte // at its next version
	effects    []queued
}

func encodeChange(c engine.Change) (*encodedChange, error) {
	e := &encodedChange{c: c}
	var err error
	if c.Lead.ID != "" {
		e.next = c.Lead
		e.next.Version++
		if e.lead, err = encode(e.next); err != nil {
			return nil, err
		}
		for _, a := range c.Activities {
			b, err := encode(a)
			if err != nil {
				return nil, err
			}
			e.activities = append(e.activities, b)
		}
	}
	if c.Roster != nil {
		r := *c.Roster
		r.Version++
		if e.roster, err = encode(r); err != nil {
			return nil, err
		}
	}
	if e.effects, err = encodeEffects(c.Effects); err != nil {
		return nil, err
	}
	return e, nil
}

// Commit writes changes in one transaction, in order, as if one after another: all
// of them, or nothing when a guard fails. Each change's guards are checked against what
// the changes before it wrote.
func (s *Store) Commit(_ context.Context, cs ...engine.Change) error {
	what := "commit"
	switch {
	case len(cs) > 1:
		what = fmt.Sprintf("commit %d changes", len(cs))
	case len(cs) == 1 && cs[0].Lead.ID != "":
		what = "commit lead " + cs[0].Lead.ID
	case len(cs) == 1:
		what = "commit roster"
	}
	encoded := make([]*encodedChange, len(cs))
	for i, c := range cs {
		e, err := encodeChange(c)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		encoded[i] = e
	}
	err := s.w.update(func(tx *bbolt.Tx) error {
		for _, e := range encoded {
			if err := e.apply(tx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

func (e *encodedChange) apply(tx *bbolt.Tx) error {
	c := e.c
	var old *lead.Lead
	if c.Lead.ID != "" {
		var err error
		if old, err = checkLead(tx, c.Lead); err != nil {
			return err
		}
	}
	if c.Roster != nil {
		current, err := getRoster(tx)
		if err != nil {
			return err
		}
		if current.Version != c.Roster.Version {
			return fmt.Errorf("roster at version %d, change read %d: %w", current.Version, c.Roster.Version, engine.ErrConflict)
		}
	}
	if err := checkEffects(tx, e.effects); err != nil {
		return err
	}

	if c.Lead.ID != "" {
		if err := e.writeLead(tx, old); err != nil {
			return err
		}
	}
	if c.Roster != nil {
		if err := tx.Bucket(bucketMeta).Put(metaRoster, e.roster); err != nil {
			return fmt.Errorf("write roster: %w", err)
		}
	}
	return enqueue(tx, e.effects)
}

// checkLead checks a lead's version guard and, for a new lead, that its provider lead
// id is not taken. It returns the stored lead, nil for a new one.
func checkLead(tx *bbolt.Tx, l lead.Lead) (*lead.Lead, error) {
	var old *lead.Lead
	var stored int64
	if b := tx.Bucket(bucketLeads).Get(key(l.ID)); b != nil {
		current, err := decode[lead.Lead](b)
		if err != nil {
			return nil, fmt.Errorf("lead %s: %w", l.ID, err)
		}
		old, stored = &current, current.Version
	}
	if stored != l.Version {
		return nil, fmt.Errorf("lead %s at version %d, change read %d: %w", l.ID, stored, l.Version, engine.ErrConflict)
	}
	if l.Version == 0 && l.Source.ProviderLeadID != "" && tx.Bucket(bucketSources).Get(sourceKey(l.Source)) != nil {
		return nil, fmt.Errorf("%s lead %s already received: %w", l.Source.Provider, l.Source.ProviderLeadID, engine.ErrConflict)
	}
	return old, nil
}

// writeLead writes the lead, its indexes, timeline entries, provider id and match keys.
func (e *encodedChange) writeLead(tx *bbolt.Tx, old *lead.Lead) error {
	c, id := e.c, []byte(e.c.Lead.ID)
	if err := tx.Bucket(bucketLeads).Put(key(c.Lead.ID), e.lead); err != nil {
		return fmt.Errorf("write lead %s: %w", c.Lead.ID, err)
	}
	if err := reindexLead(tx, old, e.next); err != nil {
		return fmt.Errorf("index lead %s: %w", c.Lead.ID, err)
	}
	if c.Lead.Version == 0 && c.Lead.Source.ProviderLeadID != "" {
		if err := tx.Bucket(bucketSources).Put(sourceKey(c.Lead.Source), id); err != nil {
			return fmt.Errorf("claim source of lead %s: %w", c.Lead.ID, err)
		}
	}
	timelines := tx.Bucket(bucketTimelines)
	for _, a := range e.activities {
		seq, err := timelines.NextSequence()
		if err != nil {
			return fmt.Errorf("timeline of lead %s: %w", c.Lead.ID, err)
		}
		if err := timelines.Put(timelineKey(c.Lead.ID, seq), a); err != nil {
			return fmt.Errorf("timeline of lead %s: %w", c.Lead.ID, err)
		}
	}
	customers := tx.Bucket(bucketCustomers)
	for _, k := range c.MatchKeys {
		if err := customers.Put(key(k), id); err != nil {
			return fmt.Errorf("match key of lead %s: %w", c.Lead.ID, err)
		}
	}
	return nil
}
