package bolt

import (
	"context"
	"fmt"
	"slices"

	"go.etcd.io/bbolt"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
)

// The outbox keys effects by the outbox bucket's sequence, so Pending reads them in
// global commit order from the front; outbox-ids maps an effect's id to its sequence
// so Done and the duplicate check need not scan.

// queued is an effect encoded for the outbox.
type queued struct {
	id   string
	data []byte
}

func encodeEffects(effects []lead.Effect) ([]queued, error) {
	out := make([]queued, 0, len(effects))
	for _, e := range effects {
		b, err := encode(e)
		if err != nil {
			return nil, fmt.Errorf("effect %s: %w", e.ID, err)
		}
		out = append(out, queued{e.ID, b})
	}
	return out, nil
}

// checkEffects refuses effects already pending: the decision that made them was
// committed before, so this one was decided on stale state.
func checkEffects(tx *bbolt.Tx, effects []queued) error {
	ids := tx.Bucket(bucketOutboxIDs)
	for _, e := range effects {
		if ids.Get(key(e.id)) != nil {
			return fmt.Errorf("effect %s is already pending: %w", e.id, engine.ErrConflict)
		}
	}
	return nil
}

// enqueue appends effects that checkEffects passed.
func enqueue(tx *bbolt.Tx, effects []queued) error {
	outbox, ids := tx.Bucket(bucketOutbox), tx.Bucket(bucketOutboxIDs)
	for _, e := range effects {
		// checkEffects ran first, so a pending id here came from this same change: a bug
		// in the decision, not a race, and retrying would not help.
		if ids.Get(key(e.id)) != nil {
			return fmt.Errorf("effect %s appears twice in one change", e.id)
		}
		seq, err := outbox.NextSequence()
		if err != nil {
			return fmt.Errorf("enqueue effect %s: %w", e.id, err)
		}
		k := appendUint64(nil, seq)
		if err := outbox.Put(k, e.data); err != nil {
			return fmt.Errorf("enqueue effect %s: %w", e.id, err)
		}
		if err := ids.Put(key(e.id), k); err != nil {
			return fmt.Errorf("enqueue effect %s: %w", e.id, err)
		}
	}
	return nil
}

// Pending returns up to limit effects not yet done, in commit order.
func (s *Store) Pending(_ context.Context, limit int) ([]lead.Effect, error) {
	out := make([]lead.Effect, 0, min(max(limit, 0), 64))
	err := s.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bucketOutbox).Cursor()
		for k, v := c.First(); k != nil && len(out) < limit; k, v = c.Next() {
			e, err := decode[lead.Effect](v)
			if err != nil {
				return fmt.Errorf("outbox entry %x: %w", k, err)
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pending effects: %w", err)
	}
	return out, nil
}

// Done removes effects from the outbox. Unknown ids are ignored: marking done twice
// is harmless.
func (s *Store) Done(_ context.Context, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	err := s.w.update(func(tx *bbolt.Tx) error {
		outbox, index := tx.Bucket(bucketOutbox), tx.Bucket(bucketOutboxIDs)
		for _, id := range ids {
			k := key(id)
			seq := index.Get(k)
			if seq == nil {
				continue
			}
			// The value lives in the page being changed; keep a copy past the delete.
			seq = slices.Clone(seq)
			if err := index.Delete(k); err != nil {
				return err
			}
			if err := outbox.Delete(seq); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("mark %d effects done: %w", len(ids), err)
	}
	return nil
}
