package memory_test

import (
	"context"
	"testing"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/memory"
	"github.com/leadclock/leadclock/shared/schedtest"
)

func TestSchedulerConformance(t *testing.T) {
	schedtest.Run(t, func(*testing.T) (engine.Scheduler, schedtest.Probe) {
		s := memory.NewScheduler()
		return s, func(_ context.Context, want lead.Timer) (bool, error) {
			for _, t := range s.Timers() {
				if t.LeadID == want.LeadID && t.Inbox == want.Inbox && t.Kind == want.Kind && t.Seq == want.Seq && t.At.Equal(want.At) {
					return true, nil
				}
			}
			return false, nil
		}
	})
}
