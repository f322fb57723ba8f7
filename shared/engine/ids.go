package engine

import (
	"crypto/rand"
	"sync"

	"github.com/oklog/ulid/v2"
)

// IDs makes lead ids: ULIDs stamped with the clock's time, so that ids sort by
// arrival as the stores' indexes and the API's lists expect, also on a clock that
// runs fast (local mode's --speed) or is virtual.
func IDs(clock Clock) func() string {
	var mu sync.Mutex
	entropy := ulid.Monotonic(rand.Reader, 0)
	return func() string {
		mu.Lock()
		defer mu.Unlock()
		return ulid.MustNew(ulid.Timestamp(clock.Now()), entropy).String()
	}
}
