package batch

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"
)

type job struct {
	n      int
	doneBy int // the n of the item whose turn ran it
}

// record runs a batch: it marks every item with who ran it and notes the batch.
type record struct {
	mu      sync.Mutex
	batches [][]int
	hold    chan struct{} // when set, the first batch waits for it
}

func (r *record) run(items []*job) {
	r.mu.Lock()
	first := len(r.batches) == 0
	var ns []int
	for _, it := range items {
		ns = append(ns, it.n)
	}
	r.batches = append(r.batches, ns)
	r.mu.Unlock()
	if first && r.hold != nil {
		<-r.hold
	}
	for _, it := range items {
		it.doneBy = items[0].n
	}
}

func TestLoneItemRunsAtOnce(t *testing.T) {
	var q Queue[*job]
	var r record
	for i := range 3 {
		j := &job{n: i}
		q.Do(j, r.run)
		if j.doneBy != i {
			t.Fatalf("item %d was run by %d", i, j.doneBy)
		}
	}
	if want := [][]int{{0}, {1}, {2}}; !slices.EqualFunc(r.batches, want, slices.Equal) {
		t.Fatalf("batches %v, want %v", r.batches, want)
	}
}

func TestItemsQueuedDuringATurnRunTogether(t *testing.T) {
	var q Queue[*job]
	r := record{hold: make(chan struct{})}
	jobs := make([]*job, 10)
	for i := range jobs {
		jobs[i] = &job{n: i}
	}
	var wg sync.WaitGroup
	wg.Go(func() { q.Do(jobs[0], r.run) })
	for q.Len() > 0 || len(batches(&r)) == 0 { // until the first turn holds its batch
		runtime.Gosched()
	}
	for _, j := range jobs[1:] {
		wg.Go(func() { q.Do(j, r.run) })
	}
	for q.Len() < len(jobs)-1 {
		runtime.Gosched()
	}
	close(r.hold)
	wg.Wait()

	got := batches(&r)
	if len(got) != 2 || len(got[0]) != 1 || len(got[1]) != len(jobs)-1 {
		t.Fatalf("batches %v, want the first alone and the other nine together", got)
	}
	for _, j := range jobs[1:] {
		if j.doneBy != got[1][0] {
			t.Errorf("item %d run by %d, want the second turn's %d", j.n, j.doneBy, got[1][0])
		}
	}
}

func TestKeysDoNotGroup(t *testing.T) {
	var k Keyed[*job]
	runs := map[string]*record{"a": {}, "b": {}}
	for i := range 4 {
		key := []string{"a", "b"}[i%2]
		k.Do(key, &job{n: i}, runs[key].run)
	}
	for key, want := range map[string][][]int{"a": {{0}, {2}}, "b": {{1}, {3}}} {
		if got := runs[key].batches; !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("key %s: batches %v, want %v", key, got, want)
		}
	}
}

func batches(r *record) [][]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.batches)
}

func Example() {
	type write struct {
		data string
		tx   int // the transaction that held it
	}
	var q Queue[*write]
	txs := 0
	commit := func(ws []*write) {
		txs++ // one transaction, one fsync, for every write queued
		for _, w := range ws {
			w.tx = txs
		}
	}
	a, b := &write{data: "lead"}, &write{data: "inbox"}
	q.Do(a, commit)
	q.Do(b, commit)
	fmt.Println(a.tx, b.tx) // one after the other, nobody waiting: a transaction each
	// Output: 1 2
}
