package memory_test

import (
	"testing"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/memory"
	"github.com/leadclock/leadclock/shared/storetest"
)

func TestRejectionsConformance(t *testing.T) {
	storetest.RunRejections(t, func(*testing.T) engine.Rejections { return memory.NewStore() })
}
