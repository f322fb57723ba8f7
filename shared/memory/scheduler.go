package memory

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
)

// Scheduler keeps timers until Next hands them out: it never fires anything itself,
// so virtual time moves only when its owner says.
type Scheduler struct {
	mu     sync.Mutex
	timers map[string]lead.Timer
}

var _ engine.Scheduler = (*Scheduler)(nil)

// NewScheduler returns a scheduler with no timers.
func NewScheduler() *Scheduler {
	return &Scheduler{timers: map[string]lead.Timer{}}
}

func name(t lead.Timer) string {
	subject := t.LeadID
	if t.Inbox != "" {
		subject = t.Inbox
	}
	return subject + "-" + string(t.Kind) + "-" + strconv.Itoa(t.Seq)
}

// Schedule keeps a timer; scheduling it again changes nothing.
func (s *Scheduler) Schedule(_ context.Context, t lead.Timer) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.timers[name(t)]; !ok {
		s.timers[name(t)] = t
	}
	return nil
}

// Cancel forgets a timer; cancelling one that is gone changes nothing.
func (s *Scheduler) Cancel(_ context.Context, t lead.Timer) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.timers, name(t))
	return nil
}

// Next removes and returns the earliest timer due at or before the instant, as a
// schedule is deleted once it fires.
func (s *Scheduler) Next(before time.Time) (lead.Timer, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var next lead.Timer
	found := false
	for _, t := range s.timers {
		if t.At.After(before) {
			continue
		}
		if !found || t.At.Before(next.At) || (t.At.Equal(next.At) && name(t) < name(next)) {
			next, found = t, true
		}
	}
	if found {
		delete(s.timers, name(next))
	}
	return next, found
}

// Timers returns the timers kept, earliest first.
func (s *Scheduler) Timers() []lead.Timer {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]lead.Timer, 0, len(s.timers))
	for _, t := range s.timers {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b lead.Timer) int { return a.At.Compare(b.At) })
	return out
}
