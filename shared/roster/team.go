// Package roster answers who is on duty when: shifts written in the dealership's local
// time, the on-call rotation that covers the hours no shift covers, reps marked away,
// and the round-robin order (least recently assigned first). It decides nothing about
// leads; the lead package asks it questions. Pure: no I/O, no clock.
package roster

import (
	"maps"
	"slices"
	"time"
)

// Role is what a rep does at the dealership.
type Role string

// Roles. Sales and BDC reps take leads in turn; managers are escalated to and take a
// lead only when nobody else can.
const (
	Sales   Role = "sales"
	BDC     Role = "bdc"
	Manager Role = "manager"
)

// Rep is a person who can own leads or be notified about them.
type Rep struct {
	ID     string
	Name   string
	Role   Role
	Phone  string // E.164, or empty
	Email  string // or empty
	Shifts Week
}

// Team is a dealership's people as configured: who exists, when they work, and who is
// on call. It changes only when the config does.
type Team struct {
	Location *time.Location
	Reps     []Rep // config order, which breaks round-robin ties
	OnCall   *Rotation
}

// State is what changes about a team during the day: who is away and who was given a
// lead last. The store keeps it as one item guarded by Version.
type State struct {
	Version      int64
	LastAssigned map[string]time.Time
	// Turns counts the leads given out; LastTurn is the count at each rep's latest
	// one. Round robin goes by turns, not by time, because several leads can be
	// given out at one instant (a batch of arrivals, a simulator's virtual clock).
	Turns    int64
	LastTurn map[string]int64
	Away     map[string]Away
}

// Away marks a rep unavailable until a time; a zero Until means until they say otherwise.
type Away struct {
	Until time.Time
}

// Rep returns the configured rep with the id.
func (t Team) Rep(id string) (Rep, bool) {
	for _, r := range t.Reps {
		if r.ID == id {
			return r, true
		}
	}
	return Rep{}, false
}

// IsAway reports whether the rep is marked unavailable at the instant.
func (s State) IsAway(id string, at time.Time) bool {
	a, ok := s.Away[id]
	return ok && (a.Until.IsZero() || at.Before(a.Until))
}

// Assigned returns a copy of the state recording that the rep was given a lead at the
// instant. The receiver is not modified.
func (s State) Assigned(id string, at time.Time) State {
	s.LastAssigned = maps.Clone(s.LastAssigned)
	if s.LastAssigned == nil {
		s.LastAssigned = map[string]time.Time{}
	}
	s.LastAssigned[id] = at
	s.LastTurn = maps.Clone(s.LastTurn)
	if s.LastTurn == nil {
		s.LastTurn = map[string]int64{}
	}
	s.Turns++
	s.LastTurn[id] = s.Turns
	return s
}

// WithAway returns a copy of the state with the rep marked away (or back, when away is
// nil). The receiver is not modified.
func (s State) WithAway(id string, away *Away) State {
	s.Away = maps.Clone(s.Away)
	if away == nil {
		delete(s.Away, id)
		return s
	}
	if s.Away == nil {
		s.Away = map[string]Away{}
	}
	s.Away[id] = *away
	return s
}

// OnShift reports whether the rep's shifts cover the instant.
func (t Team) OnShift(r Rep, at time.Time) bool {
	return r.Shifts.Covers(minuteOfWeek(at.In(t.Location)))
}

// Pool returns who may be given a new lead at the instant, in config order: sales and
// BDC reps on shift and not away; when there are none, the on-call rep if not away.
func (t Team) Pool(s State, at time.Time) []Rep {
	minute := minuteOfWeek(at.In(t.Location))
	var pool []Rep
	for _, r := range t.Reps {
		if r.Role != Manager && r.Shifts.Covers(minute) && !s.IsAway(r.ID, at) {
			pool = append(pool, r)
		}
	}
	if len(pool) > 0 || t.OnCall == nil {
		return pool
	}
	if r, ok := t.Rep(t.OnCall.At(at, t.Location)); ok && !s.IsAway(r.ID, at) {
		pool = append(pool, r)
	}
	return pool
}

// Eligible reports whether the rep is in the pool at the instant.
func (t Team) Eligible(s State, id string, at time.Time) bool {
	return slices.ContainsFunc(t.Pool(s, at), func(r Rep) bool { return r.ID == id })
}

// Pick returns the rep of the pool at the instant who was given a lead least recently
// (never first, then config order), leaving out those skip rejects.
func (t Team) Pick(s State, at time.Time, skip func(id string) bool) (Rep, bool) {
	return leastRecent(s, t.Pool(s, at), skip)
}

// PickManager returns the manager who should take a lead nobody else can: a manager
// on shift and not away if there is one, else any manager not away, else any manager;
// least recently assigned first.
func (t Team) PickManager(s State, at time.Time, skip func(id string) bool) (Rep, bool) {
	return leastRecent(s, t.Managers(s, at), skip)
}

// Managers returns who to escalate to at the instant: managers on shift and not away;
// if none, managers not away; if none, every manager. Escalation reaches a manager
// even at night: that is what an escalation chain is for.
func (t Team) Managers(s State, at time.Time) []Rep {
	var onShift, present, all []Rep
	for _, r := range t.Reps {
		if r.Role != Manager {
			continue
		}
		all = append(all, r)
		if s.IsAway(r.ID, at) {
			continue
		}
		present = append(present, r)
		if t.OnShift(r, at) {
			onShift = append(onShift, r)
		}
	}
	switch {
	case len(onShift) > 0:
		return onShift
	case len(present) > 0:
		return present
	}
	return all
}

func leastRecent(s State, reps []Rep, skip func(id string) bool) (Rep, bool) {
	var best Rep
	found := false
	for _, r := range reps {
		if skip != nil && skip(r.ID) {
			continue
		}
		if !found || s.before(r.ID, best.ID) {
			best, found = r, true
		}
	}
	return best, found
}

// before reports whether rep a was given a lead less recently than rep b. A state
// saved before turns were counted has times only; they decide between reps with no
// turn yet.
func (s State) before(a, b string) bool {
	if ta, tb := s.LastTurn[a], s.LastTurn[b]; ta != tb {
		return ta < tb
	}
	return s.LastAssigned[a].Before(s.LastAssigned[b])
}

// Horizon is how far NextOpening and NextShift look ahead. Two weeks covers any
// weekly pattern and a fortnight's leave.
const Horizon = 14 * 24 * time.Hour

// NextOpening returns the first instant at or after at when the pool is not empty, if
// there is one within Horizon.
func (t Team) NextOpening(s State, at time.Time) (time.Time, bool) {
	for _, c := range t.changes(s, at) {
		if len(t.Pool(s, c)) > 0 {
			return c, true
		}
	}
	return time.Time{}, false
}

// NextShift returns the first instant at or after at when the rep is on shift, if
// there is one within Horizon. Reminders wait for it: nobody is nudged about routine
// follow-up outside the hours they work.
func (t Team) NextShift(r Rep, at time.Time) (time.Time, bool) {
	if t.OnShift(r, at) {
		return at, true
	}
	var starts []time.Time
	t.eachWindow(r, at, func(start, _ time.Time) { starts = append(starts, start) })
	if len(starts) == 0 {
		return time.Time{}, false
	}
	return slices.MinFunc(starts, time.Time.Compare), true
}

// changes returns, in order, at itself and every instant within Horizon at which the
// pool may change: shift starts and ends, returns from leave, on-call handoffs.
func (t Team) changes(s State, at time.Time) []time.Time {
	out := []time.Time{at}
	end := at.Add(Horizon)
	add := func(c time.Time) {
		if c.After(at) && !c.After(end) {
			out = append(out, c)
		}
	}
	for _, r := range t.Reps {
		t.eachWindow(r, at, func(start, stop time.Time) { add(start); add(stop) })
		if a, ok := s.Away[r.ID]; ok && !a.Until.IsZero() {
			add(a.Until)
		}
	}
	if t.OnCall != nil && t.OnCall.Days > 0 {
		for h := t.OnCall.nextHandoff(at, t.Location); !h.After(end); h = t.OnCall.nextHandoff(h, t.Location) {
			add(h)
		}
	}
	slices.SortFunc(out, time.Time.Compare)
	return slices.CompactFunc(out, time.Time.Equal)
}

// eachWindow calls fn with the start and end of each of the rep's shifts that end after
// at and start within Horizon of it.
func (t Team) eachWindow(r Rep, at time.Time, fn func(start, end time.Time)) {
	local := toCivil(at, t.Location)
	weekStart := local - civil(minuteOfWeek(at.In(t.Location)))
	limit := at.Add(Horizon)
	for week := civil(0); week <= 2; week++ {
		base := weekStart + week*minutesPerWeek
		for _, w := range r.Shifts {
			start, end := (base + civil(w.Start)).in(t.Location), (base + civil(w.End)).in(t.Location)
			if end.After(at) && !start.After(limit) {
				fn(start, end)
			}
		}
	}
}
