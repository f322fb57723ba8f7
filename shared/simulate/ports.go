package simulate

import (
	"container/heap"
	"context"
	"strconv"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
)

// events is the world's agenda: what happens next, in time order, then in the order
// it was planned.
type events []*event

func (q events) Len() int { return len(q) }
func (q events) Less(i, j int) bool {
	if c := q[i].at.Compare(q[j].at); c != 0 {
		return c < 0
	}
	return q[i].seq < q[j].seq
}
func (q events) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *events) Push(x any)   { *q = append(*q, x.(*event)) }
func (q *events) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

type eventKind int

const (
	evArrive eventKind = iota
	evTimer
	evContact  // a rep goes to make a lead's first contact
	evFollowUp // a rep goes to make a follow-up attempt
	evMarkBusy
	evMarkFree
	evCRM
	evPhone // a rep's call ends
)

// event is something that happens in a world at an instant.
type event struct {
	at    time.Time
	seq   uint64
	kind  eventKind
	index int // evArrive: the arrival
	timer lead.Timer
	rep   string
	lead  string
	// since: a follow-up is moot once someone made an attempt after this instant.
	since time.Time
}

func (w *world) push(e *event) {
	w.seq++
	e.seq = w.seq
	heap.Push(&w.agenda, e)
}

// scheduler puts the engine's timers on the agenda: LeadClock on virtual time fires
// each timer exactly when it is due, as memory.Sandbox does, with a heap instead of
// a scan so that a month of timers stays quick.
type scheduler struct{ w *world }

var _ engine.Scheduler = scheduler{}

func timerName(t lead.Timer) string {
	subject := t.LeadID
	if t.Inbox != "" {
		subject = t.Inbox
	}
	return subject + "-" + string(t.Kind) + "-" + strconv.Itoa(t.Seq)
}

// Schedule keeps a timer; scheduling it again changes nothing.
func (s scheduler) Schedule(_ context.Context, t lead.Timer) error {
	name := timerName(t)
	if _, ok := s.w.timers[name]; ok {
		return nil
	}
	e := &event{at: t.At, kind: evTimer, timer: t}
	s.w.push(e)
	s.w.timers[name] = e.seq
	return nil
}

// Cancel forgets a timer; cancelling one that is gone changes nothing.
func (s scheduler) Cancel(_ context.Context, t lead.Timer) error {
	delete(s.w.timers, timerName(t))
	return nil
}

// notifier hands every message to the rep it is for, who may act on it.
type notifier struct{ w *world }

var _ engine.Notifier = notifier{}

func (n notifier) Send(_ context.Context, d engine.Delivery) error {
	n.w.delivered(d)
	return nil
}
