package bolt

import (
	"context"
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/nudge"
)

// Inbox returns an inbox; one never written is empty.
func (s *Store) Inbox(_ context.Context, k string) (nudge.Inbox, error) {
	var b nudge.Inbox
	err := s.db.View(func(tx *bbolt.Tx) error {
		var err error
		b, err = getInbox(tx, k)
		return err
	})
	return b, err
}

func getInbox(tx *bbolt.Tx, k string) (nudge.Inbox, error) {
	raw := tx.Bucket(bucketInboxes).Get(key(k))
	if raw == nil {
		return nudge.Inbox{Key: k}, nil
	}
	b, err := decode[nudge.Inbox](raw)
	if err != nil {
		return nudge.Inbox{}, fmt.Errorf("inbox %s: %w", k, err)
	}
	return b, nil
}

// flushKeys is an inbox's entry in the due index: one while it holds notices.
func flushKeys(b nudge.Inbox) [][]byte {
	if len(b.Held) == 0 {
		return nil
	}
	return [][]byte{appendString(appendInstant(nil, b.FlushAt), b.Key)}
}

// CommitInbox writes an inbox and its effects in one transaction, guarded by the
// inbox's version.
func (s *Store) CommitInbox(_ context.Context, b nudge.Inbox, effects []lead.Effect) error {
	next := b
	next.Version++
	data, err := encode(next)
	if err != nil {
		return fmt.Errorf("commit inbox %s: %w", b.Key, err)
	}
	queue, err := encodeEffects(effects)
	if err != nil {
		return fmt.Errorf("commit inbox %s: %w", b.Key, err)
	}
	err = s.w.update(func(tx *bbolt.Tx) error {
		current, err := getInbox(tx, b.Key)
		if err != nil {
			return err
		}
		if current.Version != b.Version {
			return fmt.Errorf("inbox %s at version %d, change read %d: %w", b.Key, current.Version, b.Version, engine.ErrConflict)
		}
		if err := checkEffects(tx, queue); err != nil {
			return err
		}
		if err := tx.Bucket(bucketInboxes).Put(key(b.Key), data); err != nil {
			return err
		}
		if err := move(tx.Bucket(bucketInboxesDue), flushKeys(current), flushKeys(next)); err != nil {
			return err
		}
		return enqueue(tx, queue)
	})
	if err != nil {
		return fmt.Errorf("commit inbox %s: %w", b.Key, err)
	}
	return nil
}

// DueInboxes returns inboxes holding notices due to go out, by key.
func (s *Store) DueInboxes(_ context.Context, before time.Time) ([]nudge.Inbox, error) {
	var out []nudge.Inbox
	err := s.db.View(func(tx *bbolt.Tx) error {
		keys, err := dueNames(tx.Bucket(bucketInboxesDue), before, "due inbox entry")
		if err != nil {
			return err
		}
		for _, k := range keys {
			b, err := getInbox(tx, k)
			if err != nil {
				return err
			}
			out = append(out, b)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("inboxes due by %v: %w", before, err)
	}
	return out, nil
}
