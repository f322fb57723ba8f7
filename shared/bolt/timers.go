package bolt

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"go.etcd.io/bbolt"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
)

// Timers is an engine.Scheduler whose timers live in the database file, so a timer
// set before a restart still fires after it. Like memory.Scheduler it fires nothing
// itself: the local loop asks Earliest how long to sleep, takes what Next returns and
// Removes it once handled, so a crash in between fires the timer again rather than
// losing it.
//
// Timers are keyed by (instant, name), which orders Next and Earliest, and by name,
// which makes Schedule idempotent and Cancel direct.
type Timers struct {
	db *bbolt.DB
	w  *writer
}

var _ engine.Scheduler = (*Timers)(nil)

// timerName is a timer's identity, as memory.Scheduler names it: scheduling a name
// again, even for another instant, keeps the first.
func timerName(t lead.Timer) string {
	subject := t.LeadID
	if t.Inbox != "" {
		subject = t.Inbox
	}
	return subject + "-" + string(t.Kind) + "-" + strconv.Itoa(t.Seq)
}

// Schedule keeps a timer; scheduling it again changes nothing.
func (s *Timers) Schedule(_ context.Context, t lead.Timer) error {
	name := timerName(t)
	data, err := encode(t)
	if err != nil {
		return fmt.Errorf("schedule timer %s: %w", name, err)
	}
	at := appendInstant(nil, t.At)
	err = s.w.update(func(tx *bbolt.Tx) error {
		names := tx.Bucket(bucketTimerNames)
		if names.Get(key(name)) != nil {
			return nil
		}
		if err := tx.Bucket(bucketTimers).Put(appendString(slices.Clip(at), name), data); err != nil {
			return err
		}
		return names.Put(key(name), at)
	})
	if err != nil {
		return fmt.Errorf("schedule timer %s: %w", name, err)
	}
	return nil
}

// Cancel forgets a timer; cancelling one that is gone changes nothing.
func (s *Timers) Cancel(_ context.Context, t lead.Timer) error {
	if err := s.remove(t, false); err != nil {
		return fmt.Errorf("cancel timer %s: %w", timerName(t), err)
	}
	return nil
}

// Remove forgets a timer that fired. A timer of the same name kept for another
// instant is not the one that fired and stays.
func (s *Timers) Remove(t lead.Timer) error {
	if err := s.remove(t, true); err != nil {
		return fmt.Errorf("remove timer %s: %w", timerName(t), err)
	}
	return nil
}

func (s *Timers) remove(t lead.Timer, sameInstant bool) error {
	name := timerName(t)
	want := appendInstant(nil, t.At)
	return s.w.update(func(tx *bbolt.Tx) error {
		names := tx.Bucket(bucketTimerNames)
		at := names.Get(key(name))
		if at == nil || (sameInstant && !bytes.Equal(at, want)) {
			return nil
		}
		k := appendString(slices.Clone(at), name)
		if err := names.Delete(key(name)); err != nil {
			return err
		}
		return tx.Bucket(bucketTimers).Delete(k)
	})
}

// Next returns, without removing it, the earliest timer due at or before the instant;
// timers due at the same instant come in name order.
func (s *Timers) Next(before time.Time) (lead.Timer, bool, error) {
	t, ok, err := s.first()
	if err != nil || !ok || t.At.After(before) {
		return lead.Timer{}, false, err
	}
	return t, true, nil
}

// Earliest returns the earliest timer kept, due or not, so the loop knows how long it
// may sleep.
func (s *Timers) Earliest() (lead.Timer, bool, error) {
	return s.first()
}

func (s *Timers) first() (lead.Timer, bool, error) {
	var t lead.Timer
	var ok bool
	err := s.db.View(func(tx *bbolt.Tx) error {
		k, v := tx.Bucket(bucketTimers).Cursor().First()
		if k == nil {
			return nil
		}
		var err error
		if t, err = decode[lead.Timer](v); err != nil {
			return fmt.Errorf("timer %q: %w", k, err)
		}
		ok = true
		return nil
	})
	if err != nil {
		return lead.Timer{}, false, fmt.Errorf("earliest timer: %w", err)
	}
	return t, ok, nil
}
