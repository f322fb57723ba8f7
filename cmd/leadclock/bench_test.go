package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The local-mode benchmarks run the built binary with its durable commits on, as a
// dealership would. scripts/bench runs them without the race detector and writes
// nothing; docs/BENCHMARKS.md records the figures.

// tail follows outbox.jsonl and tells when the first line about each lead appears.
type tail struct {
	mu    sync.Mutex
	first map[string]time.Time
	lines map[string][]outboxLine
	seen  map[string][]time.Time // when each line was read, in real time
	stop  chan struct{}
	done  chan struct{}
}

// latencyPoll is how often follow looks for a new line when timing nudges: the
// figures are read to the millisecond, so it adds at most a tenth of one.
const latencyPoll = 100 * time.Microsecond

// follow reads outbox.jsonl as it grows, looking for new lines every poll.
func follow(t testing.TB, data string, poll time.Duration) *tail {
	tl := &tail{first: map[string]time.Time{}, lines: map[string][]outboxLine{}, seen: map[string][]time.Time{}, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(tl.done)
		var f *os.File
		for f == nil {
			f, _ = os.Open(filepath.Join(data, "outbox.jsonl"))
			select {
			case <-tl.stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
		defer f.Close()
		r := bufio.NewReader(f)
		var partial []byte
		for {
			line, err := r.ReadBytes('\n')
			partial = append(partial, line...)
			if err != nil { // no complete line yet: look again shortly
				select {
				case <-tl.stop:
					return
				case <-time.After(poll):
				}
				continue
			}
			seen := time.Now()
			var l outboxLine
			if jsonErr := json.Unmarshal(partial, &l); jsonErr == nil {
				tl.mu.Lock()
				if _, ok := tl.first[l.LeadID]; !ok {
					tl.first[l.LeadID] = seen
				}
				tl.lines[l.LeadID] = append(tl.lines[l.LeadID], l)
				tl.seen[l.LeadID] = append(tl.seen[l.LeadID], seen)
				tl.mu.Unlock()
			}
			partial = nil
		}
	}()
	t.Cleanup(func() { close(tl.stop); <-tl.done })
	return tl
}

func (tl *tail) firstAt(id string) (time.Time, bool) {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	at, ok := tl.first[id]
	return at, ok
}

func (tl *tail) count() int {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	n := 0
	for _, ls := range tl.lines {
		n += len(ls)
	}
	return n
}

func percentile(ds []time.Duration, p float64) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// BenchmarkPostToNudge: from sending POST /leads to the owner's first nudge written
// (fsynced) to the outbox, one lead at a time.
func BenchmarkPostToNudge(b *testing.B) {
	data := b.TempDir()
	s := startServer(b, filepath.Join("testdata", "e2e.yaml"), data, 1)
	tl := follow(b, data, latencyPoll)
	var lat []time.Duration
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		id := s.postLead(fmt.Sprintf("bench-%d", i), fmt.Sprintf("bench-%d@example.com", i))
		for {
			if at, ok := tl.firstAt(id); ok {
				lat = append(lat, at.Sub(start))
				break
			}
			time.Sleep(50 * time.Microsecond)
		}
	}
	b.StopTimer()
	b.ReportMetric(ms(percentile(lat, 0.50)), "p50-ms")
	b.ReportMetric(ms(percentile(lat, 0.99)), "p99-ms")
}

// BenchmarkDeadlineLateness: at real speed, how late after a lead's deadline the
// reroute's nudge to the new owner is written and read back from the outbox. 100 leads a run, 20 ms apart.
func BenchmarkDeadlineLateness(b *testing.B) {
	const leads = 100
	var all []time.Duration
	for range b.N {
		data := b.TempDir()
		s := startServer(b, filepath.Join("testdata", "bench-deadline.yaml"), data, 1)
		tl := follow(b, data, latencyPoll)
		deadlines := map[string]time.Time{}
		for i := range leads {
			id := s.postLead(fmt.Sprintf("late-%d", i), fmt.Sprintf("late-%d@example.com", i))
			v := s.lead(id)
			deadlines[id] = *v.Deadline
			time.Sleep(20 * time.Millisecond)
		}
		// Three texts a lead: the first owner's nudge, then at the deadline the news
		// that it moved and the new owner's nudge, which is the one timed.
		eventually(b, 30*time.Second, "every reroute nudge", func() bool { return tl.count() >= 3*leads })
		tl.mu.Lock()
		for id, deadline := range deadlines {
			ls := tl.lines[id]
			i := slices.IndexFunc(ls, func(l outboxLine) bool { return l.Kind == "new-lead" && l.To.Rep != ls[0].To.Rep })
			if i < 0 {
				b.Fatalf("lead %s: no nudge to a new owner in %d messages", id, len(ls))
			}
			// At speed 1 the server's clock is real time: the deadline it reported
			// compares with when the line was read from the file.
			all = append(all, tl.seen[id][i].Sub(deadline))
		}
		tl.mu.Unlock()
		s.stop()
	}
	b.ReportMetric(ms(percentile(all, 0.50)), "p50-ms")
	b.ReportMetric(ms(percentile(all, 0.99)), "p99-ms")
	b.ReportMetric(float64(len(all)), "deadlines")
}

// BenchmarkIngest: 16 clients post 5,000 leads as fast as the server takes them;
// every one must be stored and nudged (zero loss).
func BenchmarkIngest(b *testing.B) {
	const leads, clients = 5000, 16
	for range b.N {
		data := b.TempDir()
		s := startServer(b, filepath.Join("testdata", "e2e.yaml"), data, 1)
		// Counting lines needs no fine resolution, and a tight poll would take CPU from
		// the server on a small machine.
		tl := follow(b, data, 10*time.Millisecond)
		var next, failed atomic.Int64
		start := time.Now()
		var wg sync.WaitGroup
		for range clients {
			wg.Go(func() {
				for {
					i := next.Add(1) - 1
					if i >= leads {
						return
					}
					body := fmt.Sprintf(`{"providerLeadId":"ingest-%d","customer":{"name":"Pat Doe","email":"ingest-%d@example.com"}}`, i, i)
					if code := s.do("POST", "/leads", map[string]string{"x-api-key": providerKey}, body, nil); code != http.StatusCreated {
						failed.Add(1)
					}
				}
			})
		}
		wg.Wait()
		accepted := time.Since(start)
		eventually(b, 5*time.Minute, "every lead nudged", func() bool { return tl.count() >= 2*leads })
		nudged := time.Since(start)
		var list struct{ Leads []struct{ ID string } }
		s.do("GET", "/leads", map[string]string{"x-api-key": integrationKey}, "", &list)
		if failed.Load() != 0 || len(list.Leads) != leads {
			b.Fatalf("%d posts failed, %d leads stored of %d", failed.Load(), len(list.Leads), leads)
		}
		b.ReportMetric(leads/accepted.Seconds(), "accepted-leads/s")
		b.ReportMetric(leads/nudged.Seconds(), "nudged-leads/s")
		s.stop()
	}
}
