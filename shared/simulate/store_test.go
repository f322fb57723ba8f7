package simulate

import (
	"testing"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/storetest"
)

// The simulator's store is an engine.Store like any other: it passes the suite every
// adapter must pass.
func TestStoreConformance(t *testing.T) {
	storetest.Run(t, func(*testing.T) engine.Store { return newStore() })
}
