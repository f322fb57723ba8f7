package bolt

import (
	"context"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/roster"
)

// Store is an engine.Store in the database file, with the semantics of the in-memory
// store (the conformance suite checks both).
//
// Writes go through the group commit (writer) so that concurrent committers share one
// fsync. It may run a write function more than once, and re-runs one that fails on
// its own, so every write function only reads its arguments and the transaction: its
// guard errors roll back everything it wrote.
type Store struct {
	db *bbolt.DB
	w  *writer
}

var _ engine.Store = (*Store)(nil)

// Lead returns a lead by id.
func (s *Store) Lead(_ context.Context, id string) (lead.Lead, error) {
	var l lead.Lead
	err := s.db.View(func(tx *bbolt.Tx) error {
		var err error
		l, err = getLead(tx, id)
		return err
	})
	return l, err
}

// getLead reads a lead in a transaction.
func getLead(tx *bbolt.Tx, id string) (lead.Lead, error) {
	b := tx.Bucket(bucketLeads).Get(key(id))
	if b == nil {
		return lead.Lead{}, fmt.Errorf("lead %s: %w", id, engine.ErrNotFound)
	}
	l, err := decode[lead.Lead](b)
	if err != nil {
		return lead.Lead{}, fmt.Errorf("lead %s: %w", id, err)
	}
	return l, nil
}

// Timeline returns a lead's activities in order.
func (s *Store) Timeline(_ context.Context, id string) ([]lead.Activity, error) {
	var out []lead.Activity
	err := s.db.View(func(tx *bbolt.Tx) error {
		if tx.Bucket(bucketLeads).Get(key(id)) == nil {
			return fmt.Errorf("lead %s: %w", id, engine.ErrNotFound)
		}
		out = []lead.Activity{}
		prefix := key(id)
		return scanPrefix(tx.Bucket(bucketTimelines), prefix, func(_, v []byte) error {
			a, err := decode[lead.Activity](v)
			if err != nil {
				return fmt.Errorf("timeline of lead %s: %w", id, err)
			}
			out = append(out, a)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// timelineKey orders a lead's entries by the timelines bucket's sequence, which only
// grows, so appending never has to find the lead's last entry.
func timelineKey(id string, seq uint64) []byte {
	return appendUint64(key(id), seq)
}

// LeadBySource returns the lead a provider sent under its lead id.
func (s *Store) LeadBySource(_ context.Context, src lead.Source) (lead.Lead, error) {
	var l lead.Lead
	err := s.db.View(func(tx *bbolt.Tx) error {
		id := tx.Bucket(bucketSources).Get(sourceKey(src))
		if id == nil {
			return fmt.Errorf("%s lead %s: %w", src.Provider, src.ProviderLeadID, engine.ErrNotFound)
		}
		var err error
		l, err = getLead(tx, string(id))
		return err
	})
	return l, err
}

// sourceKey holds the content's digest too: a provider's id names a lead only together
// with what it says (see engine.Receive).
func sourceKey(src lead.Source) []byte {
	return appendString(appendString(key(src.Provider), src.ProviderLeadID), src.Digest)
}

// LeadByCustomer returns the lead the first known key points at.
func (s *Store) LeadByCustomer(_ context.Context, keys []string) (lead.Lead, error) {
	var l lead.Lead
	err := s.db.View(func(tx *bbolt.Tx) error {
		customers := tx.Bucket(bucketCustomers)
		for _, k := range keys {
			if id := customers.Get(key(k)); id != nil {
				var err error
				l, err = getLead(tx, string(id))
				return err
			}
		}
		return fmt.Errorf("customer: %w", engine.ErrNotFound)
	})
	return l, err
}

// Roster returns the team state.
func (s *Store) Roster(_ context.Context) (roster.State, error) {
	var r roster.State
	err := s.db.View(func(tx *bbolt.Tx) error {
		var err error
		r, err = getRoster(tx)
		return err
	})
	return r, err
}

func getRoster(tx *bbolt.Tx) (roster.State, error) {
	b := tx.Bucket(bucketMeta).Get(metaRoster)
	if b == nil {
		return roster.State{}, nil
	}
	r, err := decode[roster.State](b)
	if err != nil {
		return roster.State{}, fmt.Errorf("roster: %w", err)
	}
	return r, nil
}

// scanPrefix calls fn for each key that starts with prefix, in order.
func scanPrefix(b *bbolt.Bucket, prefix []byte, fn func(k, v []byte) error) error {
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, v = c.Next() {
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

func hasPrefix(b, prefix []byte) bool {
	return len(b) >= len(prefix) && string(b[:len(prefix)]) == string(prefix)
}
