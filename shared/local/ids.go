package local

import (
	"crypto/rand"
	"sync"

	"github.com/oklog/ulid/v2"

	"github.com/leadclock/leadclock/shared/engine"
)

// leadIDs makes lead ids: ULIDs stamped with the clock's time, so that ids sort by
// arrival as the store's indexes and the API's lists expect, also at --speed.
func leadIDs(clock engine.Clock) func() string {
	var mu sync.Mutex
	entropy := ulid.Monotonic(rand.Reader, 0)
	return func() string {
		mu.Lock()
		defer mu.Unlock()
		return ulid.MustNew(ulid.Timestamp(clock.Now()), entropy).String()
	}
}
