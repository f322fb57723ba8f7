package memory_test

import (
	"testing"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/memory"
	"github.com/leadclock/leadclock/shared/storetest"
)

func TestStoreConformance(t *testing.T) {
	storetest.Run(t, func(*testing.T) engine.Store { return memory.NewStore() })
}
