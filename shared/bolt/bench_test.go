package bolt_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/leadclock/leadclock/shared/lead"
)

// BenchmarkCommit commits new leads with their effects from many goroutines, as
// concurrent intake does; Batch lets them share fsyncs. Committers wait on the disk,
// not the CPU, so there are several per CPU.
func BenchmarkCommit(b *testing.B) {
	s := openDB(b).Store()
	ctx := context.Background()
	var n atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c := newLead(fmt.Sprintf("L%09d", n.Add(1)), "alice", lead.StatusAssigned)
			if err := s.Commit(ctx, c); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
