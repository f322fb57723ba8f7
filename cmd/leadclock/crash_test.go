package main

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestCrashSafety kills the server with SIGKILL while leads, effects and timers are
// pending, twice, restarts it on the same data directory, and checks that every
// accepted lead is there, every deadline still fires (late, not never) and every
// nudge still goes out, once. A nudge written just before a kill is sent again after
// the restart (the kill came before it was marked done); the outbox finds it in its
// log and does not write it twice, so the test counts duplicates and allows none.
func TestCrashSafety(t *testing.T) {
	t.Parallel()
	config := filepath.Join("testdata", "e2e.yaml")
	data := t.TempDir()
	var ids []string
	// Each lead is another customer (phones from +1 312 555 0100 on): the same
	// customer again would be merged into their open lead.
	customers := 0
	post := func(s *server, batch string, n int) {
		first := customers
		customers += n
		var mu sync.Mutex
		var wg sync.WaitGroup
		for c := range 4 {
			wg.Go(func() {
				for i := c; i < n; i += 4 {
					id := s.postLead(fmt.Sprintf("%s-%d", batch, i), fmt.Sprintf("+1312555%04d", 100+first+i))
					mu.Lock()
					ids = append(ids, id)
					mu.Unlock()
				}
			})
		}
		wg.Wait()
	}

	// At 60× the SLA's five minutes pass in five seconds.
	s := startServer(t, config, data, 60)
	post(s, "first", 30)
	s.kill() // at once: most effects are still pending
	s = startServer(t, config, data, 60)
	post(s, "second", 10)
	time.Sleep(500 * time.Millisecond) // let some nudges and timers be in flight
	s.kill()
	kills := 2

	s = startServer(t, config, data, 60)
	for _, id := range ids {
		eventually(t, 60*time.Second, "lead "+id+" to be rerouted", func() bool { return s.lead(id).has("rerouted") })
	}
	// Every lead must have told its first owner, then the second, that it is theirs.
	views := map[string]leadView{}
	for _, id := range ids {
		views[id] = s.lead(id)
	}
	want := map[string]bool{}
	for id, v := range views {
		var owners []string
		for _, e := range v.Timeline {
			if e.Type == "assigned" || e.Type == "rerouted" {
				owners = append(owners, e.Rep)
			}
		}
		if len(owners) < 2 {
			t.Fatalf("lead %s: owners %v, want assigned then rerouted", id, owners)
		}
		for _, ch := range []string{"sms", "email"} {
			want[fmt.Sprintf("%s new-lead %s %s", owners[0], ch, id)] = true
			want[fmt.Sprintf("%s rerouted %s %s", owners[0], ch, id)] = true
			want[fmt.Sprintf("%s new-lead %s %s", owners[1], ch, id)] = true
		}
	}
	eventually(t, 30*time.Second, "every expected nudge", func() bool {
		got := map[string]bool{}
		for _, l := range outbox(t, data) {
			got[fmt.Sprintf("%s %s %s %s", l.To.Rep, l.Kind, l.Channel, l.LeadID)] = true
		}
		for w := range want {
			if !got[w] {
				return false
			}
		}
		return true
	})
	s.stop()

	lines := outbox(t, data)
	seen := map[string]int{}
	for _, l := range lines {
		seen[l.MessageID]++
		if _, ok := views[l.LeadID]; !ok {
			t.Errorf("a message about lead %q nobody posted", l.LeadID)
		}
	}
	duplicates := len(lines) - len(seen)
	t.Logf("%d leads, %d messages, %d duplicates after %d kills", len(ids), len(lines), duplicates, kills)
	if duplicates != 0 {
		t.Errorf("%d duplicate messages after %d kills, want none", duplicates, kills)
	}
}
