package bolt

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"time"

	"go.etcd.io/bbolt"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
)

// The lead indexes answer Leads and Due without decoding leads that do not match. A
// commit moves a lead's entries from what the stored lead says to what the new one
// says, in the same transaction, so an index never disagrees with the leads.

func statusKey(l lead.Lead) []byte {
	return appendString(appendString(key(string(l.Status)), l.Owner), l.ID)
}

func ownerKey(l lead.Lead) []byte {
	return appendString(key(l.Owner), l.ID)
}

// dueKeys are a lead's entries in the due index, one per timer instant.
func dueKeys(l lead.Lead) [][]byte {
	keys := make([][]byte, 0, len(l.Timers))
	for _, t := range l.Timers {
		keys = append(keys, appendString(appendInstant(nil, t.At), l.ID))
	}
	return keys
}

// reindexLead moves a lead's index entries; old is nil for a new lead.
func reindexLead(tx *bbolt.Tx, old *lead.Lead, next lead.Lead) error {
	var oldStatus, oldOwner, oldDue [][]byte
	if old != nil {
		oldStatus, oldOwner, oldDue = [][]byte{statusKey(*old)}, [][]byte{ownerKey(*old)}, dueKeys(*old)
	}
	if err := move(tx.Bucket(bucketLeadsByStatus), oldStatus, [][]byte{statusKey(next)}); err != nil {
		return err
	}
	if err := move(tx.Bucket(bucketLeadsByOwner), oldOwner, [][]byte{ownerKey(next)}); err != nil {
		return err
	}
	return move(tx.Bucket(bucketLeadsDue), oldDue, dueKeys(next))
}

// move replaces index entries old with next, leaving those in both alone. Either may
// repeat a key (two timers at one instant), which is why this is not delete-then-put.
func move(b *bbolt.Bucket, old, next [][]byte) error {
	for _, k := range old {
		if !slices.ContainsFunc(next, func(n []byte) bool { return bytes.Equal(n, k) }) {
			if err := b.Delete(k); err != nil {
				return fmt.Errorf("delete index entry: %w", err)
			}
		}
	}
	for _, k := range next {
		if !slices.ContainsFunc(old, func(o []byte) bool { return bytes.Equal(o, k) }) {
			if err := b.Put(k, []byte{}); err != nil {
				return fmt.Errorf("put index entry: %w", err)
			}
		}
	}
	return nil
}

// Leads returns the leads matching the filter, oldest id first. Only an empty filter
// reads every lead.
func (s *Store) Leads(_ context.Context, f engine.Filter) ([]lead.Lead, error) {
	var out []lead.Lead
	err := s.db.View(func(tx *bbolt.Tx) error {
		if f.Owner == "" && f.Status == "" {
			return tx.Bucket(bucketLeads).ForEach(func(k, v []byte) error {
				l, err := decode[lead.Lead](v)
				if err != nil {
					return fmt.Errorf("lead %q: %w", k, err)
				}
				out = append(out, l)
				return nil
			})
		}
		ids, err := filterIDs(tx, f)
		if err != nil {
			return err
		}
		out, err = getLeads(tx, ids)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("leads %+v: %w", f, err)
	}
	return out, nil
}

// filterIDs reads the ids a non-empty filter selects from an index, sorted.
func filterIDs(tx *bbolt.Tx, f engine.Filter) ([]string, error) {
	var (
		b      *bbolt.Bucket
		prefix []byte
		fields int // strings in a key, the id last
	)
	switch {
	case f.Status == "":
		b, prefix, fields = tx.Bucket(bucketLeadsByOwner), key(f.Owner), 2
	case f.Owner == "":
		b, prefix, fields = tx.Bucket(bucketLeadsByStatus), key(string(f.Status)), 3
	default:
		b, prefix, fields = tx.Bucket(bucketLeadsByStatus), appendString(key(string(f.Status)), f.Owner), 3
	}
	var ids []string
	err := scanPrefix(b, prefix, func(k, _ []byte) error {
		id, err := lastString(k, fields)
		if err != nil {
			return fmt.Errorf("index entry %q: %w", k, err)
		}
		ids = append(ids, id)
		return nil
	})
	// By status alone the ids come grouped by owner.
	slices.Sort(ids)
	return ids, err
}

// getLeads reads leads an index points at.
func getLeads(tx *bbolt.Tx, ids []string) ([]lead.Lead, error) {
	out := make([]lead.Lead, 0, len(ids))
	for _, id := range ids {
		l, err := getLead(tx, id)
		if err != nil {
			return nil, fmt.Errorf("indexed: %w", err)
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// Due returns leads with a timer at or before the instant, reading the due index only
// as far as the instant.
func (s *Store) Due(_ context.Context, before time.Time) ([]lead.Lead, error) {
	var out []lead.Lead
	err := s.db.View(func(tx *bbolt.Tx) error {
		ids, err := dueNames(tx.Bucket(bucketLeadsDue), before, "due entry")
		if err != nil {
			return err
		}
		out, err = getLeads(tx, ids)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("leads due by %v: %w", before, err)
	}
	return out, nil
}

// dueNames reads an index keyed by instant then name up to the instant, and returns
// the distinct names, sorted.
func dueNames(b *bbolt.Bucket, before time.Time, what string) ([]string, error) {
	limit := appendInstant(nil, before)
	seen := map[string]bool{}
	var names []string
	c := b.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if len(k) < instantLen {
			return nil, fmt.Errorf("%s %q: %w", what, k, errMalformedKey)
		}
		if bytes.Compare(k[:instantLen], limit) > 0 {
			break
		}
		name, err := lastString(k[instantLen:], 1)
		if err != nil {
			return nil, fmt.Errorf("%s %q: %w", what, k, err)
		}
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names, nil
}
