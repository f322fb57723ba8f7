package lead

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/leadclock/leadclock/shared/roster"
)

// TestInvariants drives one lead through random sequences of events — timers fired on
// time, late, twice or out of order, contacts, claims, closes, availability changes —
// and checks after every step what must always hold.
func TestInvariants(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		env := testEnv(rapid.Bool().Draw(rt, "onCall"))
		env.Policy = policyGen().Draw(rt, "policy")
		reps := []string{"alice", "bob", "erin", "carol", "mona", "max"}
		for _, id := range reps {
			if rapid.IntRange(0, 9).Draw(rt, "away:"+id) == 0 {
				env.Roster = env.Roster.WithAway(id, &roster.Away{})
			}
		}
		start := time.Date(2026, 11, 23, 0, 0, 0, 0, chicago).Add(time.Duration(rapid.IntRange(0, 7*24*60).Draw(rt, "startMinute")) * time.Minute)

		r := &run{t: rt, env: env, now: start}
		check := invariantChecker{}
		apply := func(ev Event) {
			before := r.l
			d, err := Decide(r.l, ev, r.now, r.env)
			if err != nil {
				if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrClosed) && !errors.Is(err, ErrNoOffer) && !errors.Is(err, ErrTaken) {
					rt.Fatalf("%T: unexpected error %v", ev, err)
				}
				return
			}
			r.take(d)
			check.decision(rt, ev, before, d)
			check.lead(rt, r)
		}

		apply(Received{ID: "L1", Source: Source{Provider: "cars-com"}, PreviousOwner: rapid.SampledFrom(append(reps, "")).Draw(rt, "previousOwner")})
		steps := rapid.IntRange(1, 40).Draw(rt, "steps")
		for i := range steps {
			switch rapid.IntRange(0, 9).Draw(rt, fmt.Sprintf("op%d", i)) {
			case 0, 1, 2: // time passes; timers fire when due, in order
				end := r.now.Add(time.Duration(rapid.IntRange(0, 6*60).Draw(rt, "minutes")) * time.Minute)
				for fires := 0; ; fires++ {
					i := slices.IndexFunc(r.l.Timers, func(t Timer) bool { return !t.At.After(end) })
					if i < 0 {
						break
					}
					if fires > 1000 {
						rt.Fatalf("timers keep falling due: %+v", r.l.Timers)
					}
					next := slices.MinFunc(r.l.Timers, func(a, b Timer) int { return a.At.Compare(b.At) })
					r.now = maxTime(r.now, next.At)
					apply(Fired{Timer: next})
				}
				r.now = end
			case 3: // a timer ever scheduled fires again, late, or before its time
				if len(r.fired) > 0 {
					apply(Fired{Timer: rapid.SampledFrom(r.fired).Draw(rt, "timer")})
				}
			case 4:
				apply(Contacted{
					Rep:      rapid.SampledFrom(append(reps, "")).Draw(rt, "rep"),
					Channel:  rapid.SampledFrom(ContactChannels).Draw(rt, "channel"),
					Evidence: rapid.SampledFrom([]Evidence{SelfReported, Integration, Sent}).Draw(rt, "evidence"),
				})
			case 5:
				apply(Claimed{Rep: rapid.SampledFrom(reps).Draw(rt, "claimer")})
			case 6: // someone goes away or comes back
				id := rapid.SampledFrom(reps).Draw(rt, "rep")
				if r.env.Roster.IsAway(id, r.now) {
					r.env.Roster = r.env.Roster.WithAway(id, nil)
				} else {
					r.env.Roster = r.env.Roster.WithAway(id, &roster.Away{Until: r.now.Add(time.Duration(rapid.IntRange(0, 600).Draw(rt, "awayMinutes")) * time.Minute)})
				}
				apply(RosterChanged{Actor: id})
			case 7:
				apply(AutoReplied{Channel: "email"})
			case 8:
				if rapid.IntRange(0, 3).Draw(rt, "closeNow") == 0 {
					apply(Closed{Outcome: rapid.SampledFrom([]Outcome{Sold, Lost, Duplicate, Junk}).Draw(rt, "outcome"), Reason: rapid.SampledFrom([]string{"", "bought elsewhere"}).Draw(rt, "reason")})
				}
			case 9:
				apply(Noted{Actor: "alice", Note: "left a voicemail"})
			}
		}
	})
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func policyGen() *rapid.Generator[Policy] {
	return rapid.Custom(func(t *rapid.T) Policy {
		minutes := func(label string, lo, hi int) time.Duration {
			return time.Duration(rapid.IntRange(lo, hi).Draw(t, label)) * time.Minute
		}
		p := Policy{
			FirstContact:  minutes("firstContact", 1, 15),
			WarnBefore:    minutes("warnBefore", 0, 5),
			SecondContact: minutes("secondContact", 60, 48*60),
			StalledAfter:  minutes("stalledAfter", 60, 96*60),
		}
		for i := range rapid.IntRange(0, 4).Draw(t, "steps") {
			p.Escalation = append(p.Escalation, Step{
				Action: rapid.SampledFrom(Actions).Draw(t, fmt.Sprintf("action%d", i)),
				After:  minutes("after", 1, 15),
				Repeat: rapid.IntRange(0, 3).Draw(t, "repeat"),
			})
		}
		for range rapid.IntRange(0, 4).Draw(t, "cadence") {
			p.Cadence = append(p.Cadence, minutes("cadence", 60, 14*24*60))
		}
		return p
	})
}

// invariantChecker remembers what a run produced so far.
type invariantChecker struct {
	effectIDs map[string]bool
	contacted bool
}

// decision checks one decision on its own.
func (c *invariantChecker) decision(t *rapid.T, ev Event, before Lead, d Decision) {
	if c.effectIDs == nil {
		c.effectIDs = map[string]bool{}
	}
	for _, e := range d.Effects {
		if c.effectIDs[e.ID] {
			t.Fatalf("%T: effect %s produced twice", ev, e.ID)
		}
		c.effectIDs[e.ID] = true
	}
	// Every state change appears on the timeline.
	if d.Lead.Status != before.Status {
		if len(d.Activities) == 0 || d.Activities[len(d.Activities)-1].Status != d.Lead.Status {
			t.Fatalf("%T: status %s -> %s without a timeline entry showing it", ev, before.Status, d.Lead.Status)
		}
	}
	for _, a := range d.Activities {
		switch a.Type {
		case TypeRerouted, TypeEscalated, TypeOffered, TypeSkipped, TypeExhausted, TypeReassigned:
			if c.contacted {
				t.Fatalf("%T: %s after the first contact", ev, a.Type)
			}
		case TypeContact:
			c.contacted = true
		}
	}
}

// lead checks the lead and its whole timeline.
func (c *invariantChecker) lead(t *rapid.T, r *run) {
	l := r.l
	switch l.Status {
	case StatusQueued:
		if l.Owner != "" {
			t.Fatalf("queued lead owned by %s", l.Owner)
		}
		if !hasTimer(l, TimerOpen) {
			t.Fatalf("queued lead without an open timer: %+v", l.Timers)
		}
	case StatusClosed:
		if len(l.Timers) != 0 {
			t.Fatalf("closed lead with timers %+v", l.Timers)
		}
	default:
		if l.Owner == "" {
			t.Fatalf("%s lead without an owner", l.Status)
		}
	}
	if l.Status == StatusAssigned && !l.Deadline.IsZero() && !hasTimer(l, TimerDeadline) {
		t.Fatalf("lead awaiting contact with a deadline but no deadline timer: %+v", l.Timers)
	}
	if !l.Status.AwaitingContact() && (hasTimer(l, TimerDeadline) || hasTimer(l, TimerWarn) || hasTimer(l, TimerOpen)) {
		t.Fatalf("%s lead with first-contact timers %+v", l.Status, l.Timers)
	}
	seqs := map[int]bool{}
	for _, tm := range l.Timers {
		if seqs[tm.Seq] {
			t.Fatalf("two outstanding timers with seq %d", tm.Seq)
		}
		seqs[tm.Seq] = true
	}
	for i, a := range r.acts {
		if a.Seq != i+1 {
			t.Fatalf("timeline entry %d has seq %d", i, a.Seq)
		}
		if i > 0 && a.At.Before(r.acts[i-1].At) {
			t.Fatalf("timeline out of order at %d: %v before %v", i, a.At, r.acts[i-1].At)
		}
	}
	if n := len(r.acts); n == 0 || r.acts[n-1].Status != l.Status {
		t.Fatalf("last timeline entry does not show status %s", l.Status)
	}
	if l.Activities != len(r.acts) {
		t.Fatalf("lead counts %d activities, timeline has %d", l.Activities, len(r.acts))
	}
}

func hasTimer(l Lead, kind TimerKind) bool {
	return slices.ContainsFunc(l.Timers, func(t Timer) bool { return t.Kind == kind })
}
