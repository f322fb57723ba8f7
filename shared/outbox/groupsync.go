package outbox

import "sync"

// groupSync lets concurrent writers share fsyncs, as a database's group commit does:
// each writer notes its write, then waits until a sync that started after it has
// finished. One writer at a time runs the sync; those who wrote meanwhile are covered
// by the next one. Sixteen nudges going out at once cost two fsyncs, not sixteen.
type groupSync struct {
	mu      sync.Mutex
	cond    *sync.Cond
	written uint64 // writes noted so far
	synced  uint64 // writes known durable
	syncing bool
}

// wrote notes a write and returns its number.
func (g *groupSync) wrote() uint64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.written++
	return g.written
}

// wait returns once write number n is durable, running flush itself when no other
// writer is.
func (g *groupSync) wait(n uint64, flush func() error) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.cond == nil {
		g.cond = sync.NewCond(&g.mu)
	}
	for g.synced < n {
		if g.syncing {
			g.cond.Wait()
			continue
		}
		g.syncing = true
		target := g.written
		g.mu.Unlock()
		err := flush()
		g.mu.Lock()
		g.syncing = false
		if err == nil {
			g.synced = max(g.synced, target)
		}
		g.cond.Broadcast()
		if err != nil {
			return err
		}
	}
	return nil
}
