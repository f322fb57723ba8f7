package engine_test

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/memory"
	"github.com/leadclock/leadclock/shared/nudge"
)

// inboxGate holds the first inbox commit until the test opens the gate, and counts
// the inbox commits.
type inboxGate struct {
	*memory.Store
	entered, gate chan struct{}
	mu            sync.Mutex
	commits       int
}

func (s *inboxGate) CommitInbox(ctx context.Context, b nudge.Inbox, effects []lead.Effect) error {
	s.mu.Lock()
	s.commits++
	first := s.commits == 1
	s.mu.Unlock()
	if first {
		close(s.entered)
		<-s.gate
	}
	return s.Store.CommitInbox(ctx, b, effects)
}

// TestNoticesQueuedForAnInboxCommitTogether: notices that reach one rep's inbox while
// it is being written are applied to it in turn and committed once, and each is
// taken exactly once.
func TestNoticesQueuedForAnInboxCommitTogether(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, "reroute", "")
	store := &inboxGate{Store: memory.NewStore(), entered: make(chan struct{}), gate: make(chan struct{})}
	clock := memory.NewClock(w.at("Mon 10:00"))
	eng := engine.New(store, clock, w.cfg.Engine(), func() string { return "unused" })
	runner := engine.NewRunner(eng, memory.NewNotifier(clock), memory.NewScheduler())

	notify := func(i int) lead.Effect {
		id := fmt.Sprintf("L%d", i)
		return lead.Effect{ID: id + "/owner1/alice/sms", LeadID: id, Kind: lead.EffectNotify,
			Notice: &lead.Notice{LeadID: id, To: "alice", Channel: lead.SMS, Kind: lead.NoticeNewLead, At: clock.Now()}}
	}
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	wg.Go(func() { errs[0] = runner.Run(ctx, notify(0)) })
	<-store.entered
	for i := 1; i < n; i++ {
		wg.Go(func() { errs[i] = runner.Run(ctx, notify(i)) })
	}
	key := nudge.Key("alice", lead.SMS)
	for eng.InboxQueued(key) < n-1 {
		runtime.Gosched()
	}
	close(store.gate)
	wg.Wait()

	for i, err := range errs {
		if err != nil {
			t.Fatalf("notice %d: %v", i, err)
		}
	}
	if store.commits != 2 {
		t.Errorf("%d inbox commits, want 2: the first alone, the seven queued behind it together", store.commits)
	}
	b, _ := store.Inbox(ctx, key)
	for i := range n {
		if !slices.Contains(b.Seen, notify(i).ID) {
			t.Errorf("notice %d was not taken: seen %v", i, b.Seen)
		}
	}
	// Taken once: running every notice again changes nothing.
	for i := range n {
		if err := runner.Run(ctx, notify(i)); err != nil {
			t.Fatal(err)
		}
	}
	if store.commits != 2 {
		t.Errorf("%d inbox commits after running the notices again, want still 2", store.commits)
	}
}
