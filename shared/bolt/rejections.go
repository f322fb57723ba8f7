package bolt

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"github.com/leadclock/leadclock/shared/engine"
)

// Rejections are keyed by their instant, then id, rather than by id alone: the
// queries are windows of At, and ids sort by the id generator's clock reading, which
// need not agree with At to the nanosecond. So a window is one Seek, newest first is
// a cursor walking back, and a count reads keys without decoding a value.
// rejection-ids maps an id to its key, as outbox-ids does for the outbox.
//
// A value is the rejection without its payload, JSON-encoded and prefixed with its
// length as a uvarint, followed by the payload as raw bytes: no base64, and a list
// reads past payloads without decoding them.

var _ engine.Rejections = (*Store)(nil)

func rejectionKey(at time.Time, id string) []byte {
	return appendString(appendInstant(nil, at), id)
}

func encodeRejection(r engine.Rejection) ([]byte, error) {
	payload := r.Payload
	r.Payload = nil
	header, err := encode(r)
	if err != nil {
		return nil, err
	}
	b := make([]byte, 0, binary.MaxVarintLen64+len(header)+len(payload))
	b = binary.AppendUvarint(b, uint64(len(header)))
	b = append(b, header...)
	return append(b, payload...), nil
}

// decodeRejection decodes a stored value, with a copy of its payload when withPayload
// is set (the value lives in the transaction's pages), else without.
func decodeRejection(v []byte, withPayload bool) (engine.Rejection, error) {
	n, w := binary.Uvarint(v)
	if w <= 0 || n > uint64(len(v)-w) {
		return engine.Rejection{}, fmt.Errorf("decode rejection: bad header length")
	}
	r, err := decode[engine.Rejection](v[w : w+int(n)])
	if err != nil {
		return engine.Rejection{}, err
	}
	if withPayload {
		r.Payload = bytes.Clone(v[w+int(n):])
	}
	return r, nil
}

// Reject keeps a rejection; an id already kept is a conflict, unless it is the same
// rejection.
func (s *Store) Reject(_ context.Context, r engine.Rejection) error {
	if r.ID == "" {
		return fmt.Errorf("keep rejection from %s: no id", r.Provider)
	}
	v, err := encodeRejection(r)
	if err != nil {
		return fmt.Errorf("keep rejection %s: %w", r.ID, err)
	}
	k, id := rejectionKey(r.At, r.ID), key(r.ID)
	err = s.w.update(func(tx *bbolt.Tx) error {
		ids := tx.Bucket(bucketRejectionIDs)
		if old := ids.Get(id); old != nil {
			if bytes.Equal(tx.Bucket(bucketRejections).Get(old), v) {
				return nil
			}
			return fmt.Errorf("rejection %s is already kept: %w", r.ID, engine.ErrConflict)
		}
		if err := tx.Bucket(bucketRejections).Put(k, v); err != nil {
			return err
		}
		return ids.Put(id, k)
	})
	if err != nil {
		return fmt.Errorf("keep rejection %s: %w", r.ID, err)
	}
	return nil
}

// Rejections returns the rejections in the query's window, newest first, without
// their payloads.
func (s *Store) Rejections(_ context.Context, q engine.RejectionQuery) ([]engine.Rejection, error) {
	out := []engine.Rejection{}
	err := s.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bucketRejections).Cursor()
		k, v := lastBefore(c, q.To)
		var from []byte
		if !q.From.IsZero() {
			from = appendInstant(nil, q.From)
		}
		for ; k != nil && len(out) < q.Max(); k, v = c.Prev() {
			if from != nil && bytes.Compare(k[:instantLen], from) < 0 {
				break
			}
			r, err := decodeRejection(v, false)
			if err != nil {
				return fmt.Errorf("rejection %x: %w", k, err)
			}
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list rejections: %w", err)
	}
	return out, nil
}

// lastBefore positions the cursor on the last key before the instant, or on the last
// key when the instant is zero.
func lastBefore(c *bbolt.Cursor, before time.Time) ([]byte, []byte) {
	if before.IsZero() {
		return c.Last()
	}
	// Every key at the instant itself sorts at or after the bare instant.
	if k, _ := c.Seek(appendInstant(nil, before)); k == nil {
		return c.Last()
	}
	return c.Prev()
}

// Rejection returns a rejection with its payload.
func (s *Store) Rejection(_ context.Context, id string) (engine.Rejection, error) {
	var r engine.Rejection
	err := s.db.View(func(tx *bbolt.Tx) error {
		k := tx.Bucket(bucketRejectionIDs).Get(key(id))
		if k == nil {
			return engine.ErrNotFound
		}
		v := tx.Bucket(bucketRejections).Get(k)
		if v == nil {
			return fmt.Errorf("index points at %x, which is missing", k)
		}
		var err error
		r, err = decodeRejection(v, true)
		return err
	})
	if err != nil {
		return engine.Rejection{}, fmt.Errorf("rejection %s: %w", id, err)
	}
	return r, nil
}

// CountRejections counts the rejections kept in [from, to).
func (s *Store) CountRejections(_ context.Context, from, to time.Time) (int, error) {
	n := 0
	err := s.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bucketRejections).Cursor()
		var k []byte
		if from.IsZero() {
			k, _ = c.First()
		} else {
			k, _ = c.Seek(appendInstant(nil, from))
		}
		var end []byte
		if !to.IsZero() {
			end = appendInstant(nil, to)
		}
		for ; k != nil && (end == nil || bytes.Compare(k[:instantLen], end) < 0); k, _ = c.Next() {
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("count rejections: %w", err)
	}
	return n, nil
}
