package bolt

import (
	"go.etcd.io/bbolt"

	"github.com/leadclock/leadclock/shared/batch"
)

// writer runs write functions in shared transactions: a group commit. A writer that
// finds the file idle commits at once, alone; writers that arrive while a transaction
// is being written queue, and the next of them to get the turn commits all of their
// functions in one transaction, one fsync for all.
//
// bbolt's own Batch does the same with a timer: each batch waits a fixed delay for
// company and then queues for the write lock, so under load many small batches queue
// behind one another, and a lone writer always waits the delay. Here a batch is what
// arrived during the previous commit: largest when the file is busiest, and nothing
// to wait for when it is not.
type writer struct {
	db    *bbolt.DB
	queue batch.Queue[*write]
}

type write struct {
	fn  func(*bbolt.Tx) error
	err error
}

// update runs fn in a write transaction, possibly with other writers' functions, and
// returns once the transaction holding it is durable. As with bbolt's Batch, fn may
// run more than once: when another function of the batch fails, the transaction is
// rolled back and the others run again without it.
func (w *writer) update(fn func(*bbolt.Tx) error) error {
	me := &write{fn: fn}
	w.queue.Do(me, w.commit)
	return me.err
}

// commit writes a batch in one transaction. A function that fails has its error
// returned to its writer alone: it runs again by itself, so that the error is its own
// and not a side effect of a neighbour's writes, and the rest of the batch goes again
// without it.
func (w *writer) commit(ws []*write) {
	for len(ws) > 0 {
		failed := -1
		err := w.db.Update(func(tx *bbolt.Tx) error {
			for i, c := range ws {
				if err := c.fn(tx); err != nil {
					failed = i
					return err
				}
			}
			return nil
		})
		if failed < 0 {
			for _, c := range ws {
				c.err = err // nil, or the commit's own failure, which is everyone's
			}
			return
		}
		alone := ws[failed]
		alone.err = w.db.Update(alone.fn)
		ws = append(ws[:failed:failed], ws[failed+1:]...)
	}
}
