// Package batch provides group commit. When every write waits for an fsync, writers
// that arrive while one write is under way should not each wait for their own: they
// queue, and the next of them to get the turn writes all of their work at once. A
// lone writer goes straight through, so nothing waits for company it will not get.
//
// The engine uses it for new leads (one roster read for a queue of them) and for each
// rep's inbox; the embedded store for its transactions.
package batch

import "sync"

// Queue is a group commit over items of work. The zero value is ready to use.
type Queue[T any] struct {
	mu    sync.Mutex // guards items
	items []T
	turn  sync.Mutex // held while a batch runs
}

// Do queues item and waits for a turn, then calls run with every item queued so far:
// this caller's and those of callers still waiting. When an earlier turn already took
// item, run is not called. Either way, when Do returns item has been handled, and
// what run recorded in it (its outcome) is safe to read: run must record every
// item's outcome before it returns.
//
// Whoever gets the turn runs everyone's items with its own run, so all callers of one
// Queue must pass equivalent run functions.
func (q *Queue[T]) Do(item T, run func([]T)) {
	q.mu.Lock()
	q.items = append(q.items, item)
	q.mu.Unlock()

	q.turn.Lock()
	defer q.turn.Unlock()
	q.mu.Lock()
	items := q.items
	q.items = nil
	q.mu.Unlock()
	if len(items) > 0 {
		run(items)
	}
}

// Len is how many items wait for a turn.
func (q *Queue[T]) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}

// Keyed is one Queue per key, for work that only groups with work on the same key
// (one rep's inbox). Queues are kept for the life of the Keyed: callers use it for a
// bounded set of keys.
type Keyed[T any] struct {
	mu     sync.Mutex
	queues map[string]*Queue[T]
}

// Do is Queue.Do on the key's queue.
func (k *Keyed[T]) Do(key string, item T, run func([]T)) {
	k.queue(key).Do(item, run)
}

// Len is how many items wait for a turn on the key.
func (k *Keyed[T]) Len(key string) int {
	return k.queue(key).Len()
}

func (k *Keyed[T]) queue(key string) *Queue[T] {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.queues == nil {
		k.queues = map[string]*Queue[T]{}
	}
	q := k.queues[key]
	if q == nil {
		q = &Queue[T]{}
		k.queues[key] = q
	}
	return q
}
