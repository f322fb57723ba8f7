package bolt

import (
	"bytes"

	"go.etcd.io/bbolt"

	"github.com/leadclock/leadclock/shared/lead"
)

// Has reports whether the timer is kept for its instant, for the scheduler
// conformance suite's probe.
func (s *Timers) Has(t lead.Timer) (bool, error) {
	var ok bool
	err := s.db.View(func(tx *bbolt.Tx) error {
		at := tx.Bucket(bucketTimerNames).Get(key(timerName(t)))
		ok = at != nil && bytes.Equal(at, appendInstant(nil, t.At))
		return nil
	})
	return ok, err
}
