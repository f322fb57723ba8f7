package memory

import (
	"context"
	"slices"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
)

// Fataler is the part of testing.TB a Script reports failures to.
type Fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// Script plays commands through a sandbox at planned instants: a test lays out weeks of
// leads, contacts and closes, then Run carries them out in time order, settling the
// effects and firing every timer on the way. The figures tests (follow-up measures,
// the weekly report) build their known answers so, through the real engine.
type Script struct {
	sb    *Sandbox
	t     Fataler
	ctx   context.Context
	steps []scriptStep
}

// scriptStep is something to do at an instant; steps at one instant run in the order
// added.
type scriptStep struct {
	at time.Time
	do func()
}

// NewScript returns an empty script over the sandbox.
func NewScript(t Fataler, sb *Sandbox) *Script {
	return &Script{sb: sb, t: t, ctx: context.Background()}
}

// At plans a step.
func (s *Script) At(at time.Time, do func()) {
	s.steps = append(s.steps, scriptStep{at: at, do: do})
}

// Receive plans a lead's arrival; it must create a lead, whose id is written to id.
func (s *Script) Receive(at time.Time, in engine.Intake, id *string) {
	s.At(at, func() {
		rc, err := s.sb.Engine.Receive(s.ctx, in)
		if err != nil || rc.Status != engine.Created {
			s.t.Fatalf("receive %s lead %s at %s: %s, %v; want created", in.Source.Provider, in.Source.ProviderLeadID, at, rc.Status, err)
		}
		*id = rc.Lead.ID
	})
}

// Contact plans a contact attempt on the lead whose id is at id by then.
func (s *Script) Contact(at time.Time, id *string, c lead.Contacted) {
	s.At(at, func() {
		if _, err := s.sb.Engine.LogActivity(s.ctx, *id, c); err != nil {
			s.t.Fatalf("contact %s: %v", *id, err)
		}
	})
}

// Close plans the lead's closing; an empty actor is the lead's owner at the time.
func (s *Script) Close(at time.Time, id *string, ev lead.Closed) {
	s.At(at, func() {
		if ev.Actor == "" {
			ev.Actor = s.Lead(*id).Owner
		}
		if _, err := s.sb.Engine.Close(s.ctx, *id, ev); err != nil {
			s.t.Fatalf("close %s: %v", *id, err)
		}
	})
}

// Lead reads a lead from the sandbox's store.
func (s *Script) Lead(id string) lead.Lead {
	s.t.Helper()
	l, err := s.sb.Store.Lead(s.ctx, id)
	if err != nil {
		s.t.Fatalf("read lead %s: %v", id, err)
	}
	return l
}

// Run carries out the steps in time order, firing every timer on the way, and leaves
// the clock at end.
func (s *Script) Run(end time.Time) {
	s.t.Helper()
	slices.SortStableFunc(s.steps, func(a, b scriptStep) int { return a.at.Compare(b.at) })
	for _, st := range s.steps {
		if err := s.sb.AdvanceTo(s.ctx, st.at); err != nil {
			s.t.Fatalf("advance to %s: %v", st.at, err)
		}
		st.do()
		if err := s.sb.Settle(s.ctx); err != nil {
			s.t.Fatalf("settle at %s: %v", st.at, err)
		}
	}
	if err := s.sb.AdvanceTo(s.ctx, end); err != nil {
		s.t.Fatalf("advance to %s: %v", end, err)
	}
}
