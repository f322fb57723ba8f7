package followup

import (
	"cmp"
	"maps"
	"slices"
	"time"

	"github.com/leadclock/leadclock/shared/lead"
)

// Record is a lead and its timeline, as a store keeps them.
type Record struct {
	Lead     lead.Lead
	Timeline []lead.Activity
}

// Window is the span of receipt times a report covers: [From, To).
type Window struct {
	From, To time.Time
}

// Contains reports whether t falls in the window.
func (w Window) Contains(t time.Time) bool {
	return !t.Before(w.From) && t.Before(w.To)
}

// Measure computes the figures of the records' leads received in the window, as of now.
// Records of other leads are skipped, so a caller that cannot select leads by receipt
// may pass them all.
func Measure(records []Record, w Window, now time.Time) Report {
	m := measurer{now: now, reps: map[string]*tally{}, providers: map[string]*tally{}}
	m.report = Report{From: w.From, To: w.To, AsOf: now,
		Queued: []QueuedLead{}, Stalled: []StalledLead{}, ClosedEarly: []ClosedLead{}}
	var f facts
	for i := range records {
		l := &records[i].Lead
		if !w.Contains(l.ReceivedAt) || l.ReceivedAt.After(now) {
			continue
		}
		f.read(l, records[i].Timeline, now)
		m.add(&f)
	}
	return m.done()
}

// measurer gathers a report lead by lead.
type measurer struct {
	now        time.Time
	dealership tally
	reps       map[string]*tally
	providers  map[string]*tally
	report     Report
}

// group returns the tally of an id in groups, nil for no id.
func group(groups map[string]*tally, id string) *tally {
	if id == "" {
		return nil
	}
	t := groups[id]
	if t == nil {
		t = &tally{}
		groups[id] = t
	}
	return t
}

// each calls fn with each tally that is not nil.
func each(fn func(t *tally), ts ...*tally) {
	for _, t := range ts {
		if t != nil {
			fn(t)
		}
	}
}

func (m *measurer) add(f *facts) {
	provider := group(m.providers, f.provider)
	firstOwner := group(m.reps, f.firstOwner)
	owner := group(m.reps, f.owner)
	excluded := f.excluded()
	wait, waiting := f.queueWait(m.now)
	each(func(t *tally) {
		t.leads++
		switch {
		case excluded:
			t.excluded++
		default:
			t.elapsed.add(f, f.received)
			t.business.add(f, f.opened)
			if f.attempts > 0 {
				t.first.count(f.firstEvidence)
			}
		}
		if f.queued {
			t.queued++
			t.queueWaits = append(t.queueWaits, wait.Seconds())
		}
	}, &m.dealership, provider, firstOwner)

	stalled := f.stalled(m.now)
	early := f.closed && f.attemptsAtClose < FewAttempts
	each(func(t *tally) {
		if f.attempts > 0 && !excluded {
			t.second.add(f, m.now)
		}
		if stalled {
			t.stalled++
		}
		if early {
			t.closedEarly++
		}
	}, &m.dealership, provider, owner)

	m.activities(f, provider)
	m.list(f, wait, waiting, stalled, early)
}

// activities counts what happened on the lead for whoever it happened to.
func (m *measurer) activities(f *facts, provider *tally) {
	for _, from := range f.reroutedFrom {
		each(func(t *tally) { t.reroutes++ }, &m.dealership, provider, group(m.reps, from))
	}
	for _, rep := range f.escalatedWith {
		each(func(t *tally) { t.escalations++ }, &m.dealership, provider, group(m.reps, rep))
	}
	for _, c := range f.contacts {
		each(func(t *tally) { t.attempts.count(c.evidence) }, &m.dealership, provider, group(m.reps, c.rep))
	}
	for _, mg := range f.merges {
		each(func(t *tally) { t.merged++ }, &m.dealership, group(m.providers, mg.provider), group(m.reps, mg.owner))
	}
}

// list adds the lead to the lists a manager acts on.
func (m *measurer) list(f *facts, wait time.Duration, waiting, stalled, early bool) {
	r := &m.report
	if f.queued {
		// A queued lead's clock starts when it is given to a rep or contacted: that is
		// when it stopped waiting, unless it was closed first.
		r.Queued = append(r.Queued, QueuedLead{ID: f.id, Provider: f.provider, ReceivedAt: f.received, Owner: f.firstOwner,
			OpenedAt: f.opened, WaitedSeconds: wait.Seconds(), Waiting: waiting})
	}
	if stalled {
		r.Stalled = append(r.Stalled, StalledLead{ID: f.id, Owner: f.owner, Provider: f.provider, Attempts: f.attempts,
			LastAttemptAt: f.last, IdleSeconds: m.now.Sub(f.last).Seconds()})
	}
	if early {
		r.ClosedEarly = append(r.ClosedEarly, ClosedLead{ID: f.id, Owner: f.owner, Provider: f.provider, ClosedBy: f.closedBy,
			Outcome: f.outcome, Reason: f.reason, Attempts: f.attemptsAtClose, ClosedAt: f.closedAt})
	}
}

func (m *measurer) done() Report {
	r := m.report
	r.Dealership = m.dealership.figures()
	r.Reps = groups(m.reps)
	r.Providers = groups(m.providers)
	slices.SortFunc(r.Queued, func(a, b QueuedLead) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(r.Stalled, func(a, b StalledLead) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(r.ClosedEarly, func(a, b ClosedLead) int { return cmp.Compare(a.ID, b.ID) })
	return r
}

func groups(tallies map[string]*tally) []Group {
	out := make([]Group, 0, len(tallies))
	for _, id := range slices.Sorted(maps.Keys(tallies)) {
		out = append(out, Group{ID: id, Figures: tallies[id].figures()})
	}
	return out
}
