package simulate

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/nudge"
	"github.com/leadclock/leadclock/shared/roster"
)

// store is an engine.Store in process memory that keeps plain Go values, copied deep
// on the way in and out so that nothing a caller holds aliases what is stored. The
// memory store (shared/memory) keeps everything JSON-encoded instead, which is the
// better check that values survive a real store, and spends most of a simulated month
// decoding: a month at 200 leads a day took several times the target with it. This
// one passes the same conformance suite (storetest), and it indexes leads by owner
// and status, which the engine asks for when a rep becomes unavailable and the
// simulated reps when they look at the CRM.
type store struct {
	mu        sync.Mutex
	leads     map[string]*lead.Lead
	ids       []string // every lead, in id order
	timelines map[string][]lead.Activity
	sources   map[lead.Source]string
	customers map[string]string
	roster    roster.State
	inboxes   map[string]nudge.Inbox
	outbox    []lead.Effect // effects not yet done, in commit order
	queued    map[string]bool
	// assigned indexes the leads awaiting a first contact by owner.
	assigned map[string]map[string]bool
}

var _ engine.Store = (*store)(nil)

func newStore() *store {
	return &store{
		leads: map[string]*lead.Lead{}, timelines: map[string][]lead.Activity{}, sources: map[lead.Source]string{},
		customers: map[string]string{}, inboxes: map[string]nudge.Inbox{}, queued: map[string]bool{},
		assigned: map[string]map[string]bool{},
	}
}

func (s *store) Lead(_ context.Context, id string) (lead.Lead, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.leads[id]
	if !ok {
		return lead.Lead{}, fmt.Errorf("lead %s: %w", id, engine.ErrNotFound)
	}
	return copyLead(*l), nil
}

// glance is what a rep sees of a lead at a glance: enough to decide whether there is
// anything to do, without copying the whole lead.
type glance struct {
	owner        string
	status       lead.Status
	offered      []string
	firstContact time.Time
	lastContact  time.Time
	attempts     int
}

func (s *store) glance(id string) (glance, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.leads[id]
	if !ok {
		return glance{}, fmt.Errorf("lead %s: %w", id, engine.ErrNotFound)
	}
	return glance{owner: l.Owner, status: l.Status, offered: slices.Clone(l.Offer.Reps), firstContact: l.FirstContactAt,
		lastContact: l.LastContactAt, attempts: l.Attempts}, nil
}

func (s *store) Timeline(_ context.Context, id string) ([]lead.Activity, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.leads[id]; !ok {
		return nil, fmt.Errorf("lead %s: %w", id, engine.ErrNotFound)
	}
	tl := s.timelines[id]
	out := make([]lead.Activity, len(tl))
	for i, a := range tl {
		out[i] = copyActivity(a)
	}
	return out, nil
}

func (s *store) LeadBySource(ctx context.Context, src lead.Source) (lead.Lead, error) {
	s.mu.Lock()
	id, ok := s.sources[src]
	s.mu.Unlock()
	if !ok {
		return lead.Lead{}, fmt.Errorf("%s lead %s: %w", src.Provider, src.ProviderLeadID, engine.ErrNotFound)
	}
	return s.Lead(ctx, id)
}

func (s *store) LeadByCustomer(ctx context.Context, keys []string) (lead.Lead, error) {
	s.mu.Lock()
	var id string
	for _, k := range keys {
		if id = s.customers[k]; id != "" {
			break
		}
	}
	s.mu.Unlock()
	if id == "" {
		return lead.Lead{}, fmt.Errorf("customer: %w", engine.ErrNotFound)
	}
	return s.Lead(ctx, id)
}

// Leads returns the leads matching the filter, oldest id first.
func (s *store) Leads(_ context.Context, f engine.Filter) ([]lead.Lead, error) {
	if f.Owner != "" && f.Status == lead.StatusAssigned {
		s.mu.Lock()
		defer s.mu.Unlock()
		ids := sortedKeys(s.assigned[f.Owner])
		out := make([]lead.Lead, 0, len(ids))
		for _, id := range ids {
			out = append(out, copyLead(*s.leads[id]))
		}
		return out, nil
	}
	return s.scan(func(l *lead.Lead) bool {
		return (f.Owner == "" || l.Owner == f.Owner) && (f.Status == "" || l.Status == f.Status)
	}), nil
}

// Due returns the leads with a timer at or before the instant.
func (s *store) Due(_ context.Context, before time.Time) ([]lead.Lead, error) {
	return s.scan(func(l *lead.Lead) bool {
		return slices.ContainsFunc(l.Timers, func(t lead.Timer) bool { return !t.At.After(before) })
	}), nil
}

func (s *store) scan(match func(*lead.Lead) bool) []lead.Lead {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []lead.Lead
	for _, id := range s.ids {
		if l := s.leads[id]; match(l) {
			out = append(out, copyLead(*l))
		}
	}
	return out
}

func (s *store) Roster(_ context.Context) (roster.State, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return copyRoster(s.roster), nil
}

// Commit writes the changes in order, all or none: each change's guards see what the
// changes before it would write.
func (s *store) Commit(_ context.Context, cs ...engine.Change) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	versions := map[string]int64{}
	claimed := map[lead.Source]bool{}
	queued := map[string]bool{}
	rosterVersion := s.roster.Version
	for _, c := range cs {
		if l := c.Lead; l.ID != "" {
			stored, seen := versions[l.ID]
			if !seen {
				if cur, ok := s.leads[l.ID]; ok {
					stored = cur.Version
				}
			}
			if stored != l.Version {
				return fmt.Errorf("lead %s at version %d, change read %d: %w", l.ID, stored, l.Version, engine.ErrConflict)
			}
			if l.Version == 0 && l.Source.ProviderLeadID != "" {
				if _, taken := s.sources[l.Source]; taken || claimed[l.Source] {
					return fmt.Errorf("%s lead %s already received: %w", l.Source.Provider, l.Source.ProviderLeadID, engine.ErrConflict)
				}
				claimed[l.Source] = true
			}
			versions[l.ID] = stored + 1
		}
		if c.Roster != nil {
			if rosterVersion != c.Roster.Version {
				return fmt.Errorf("roster at version %d, change read %d: %w", rosterVersion, c.Roster.Version, engine.ErrConflict)
			}
			rosterVersion++
		}
		for _, e := range c.Effects {
			if s.queued[e.ID] || queued[e.ID] {
				return fmt.Errorf("effect %s is already pending: %w", e.ID, engine.ErrConflict)
			}
			queued[e.ID] = true
		}
	}
	for _, c := range cs {
		if c.Lead.ID != "" {
			l := copyLead(c.Lead)
			l.Version++
			if old, ok := s.leads[l.ID]; ok && old.Status == lead.StatusAssigned {
				delete(s.assigned[old.Owner], l.ID)
			}
			if l.Status == lead.StatusAssigned {
				if s.assigned[l.Owner] == nil {
					s.assigned[l.Owner] = map[string]bool{}
				}
				s.assigned[l.Owner][l.ID] = true
			}
			if _, ok := s.leads[l.ID]; !ok {
				i, _ := slices.BinarySearch(s.ids, l.ID)
				s.ids = slices.Insert(s.ids, i, l.ID)
				if l.Source.ProviderLeadID != "" {
					s.sources[l.Source] = l.ID
				}
			}
			s.leads[l.ID] = &l
			for _, a := range c.Activities {
				s.timelines[l.ID] = append(s.timelines[l.ID], copyActivity(a))
			}
			for _, k := range c.MatchKeys {
				s.customers[k] = l.ID
			}
		}
		if c.Roster != nil {
			s.roster = copyRoster(*c.Roster)
			s.roster.Version++
		}
		s.enqueue(c.Effects)
	}
	return nil
}

func (s *store) enqueue(effects []lead.Effect) {
	for _, e := range effects {
		s.outbox = append(s.outbox, copyEffect(e))
		s.queued[e.ID] = true
	}
}

func (s *store) Inbox(_ context.Context, key string) (nudge.Inbox, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.inboxes[key]
	if !ok {
		return nudge.Inbox{Key: key}, nil
	}
	return copyInbox(b), nil
}

func (s *store) CommitInbox(_ context.Context, b nudge.Inbox, effects []lead.Effect) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if stored := s.inboxes[b.Key].Version; stored != b.Version {
		return fmt.Errorf("inbox %s at version %d, change read %d: %w", b.Key, stored, b.Version, engine.ErrConflict)
	}
	for _, e := range effects {
		if s.queued[e.ID] {
			return fmt.Errorf("effect %s is already pending: %w", e.ID, engine.ErrConflict)
		}
	}
	b = copyInbox(b)
	b.Version++
	s.inboxes[b.Key] = b
	s.enqueue(effects)
	return nil
}

func (s *store) DueInboxes(_ context.Context, before time.Time) ([]nudge.Inbox, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []nudge.Inbox
	for _, key := range sortedKeys(s.inboxes) {
		if b := s.inboxes[key]; len(b.Held) > 0 && !b.FlushAt.After(before) {
			out = append(out, copyInbox(b))
		}
	}
	return out, nil
}

func (s *store) Pending(_ context.Context, limit int) ([]lead.Effect, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := min(limit, len(s.outbox))
	out := make([]lead.Effect, n)
	for i := range n {
		out[i] = copyEffect(s.outbox[i])
	}
	return out, nil
}

func (s *store) Done(_ context.Context, ids ...string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	done := map[string]bool{}
	for _, id := range ids {
		if s.queued[id] {
			done[id] = true
			delete(s.queued, id)
		}
	}
	if len(done) > 0 {
		s.outbox = slices.DeleteFunc(s.outbox, func(e lead.Effect) bool { return done[e.ID] })
	}
	return nil
}

func copyLead(l lead.Lead) lead.Lead {
	l.Customer.Emails = slices.Clone(l.Customer.Emails)
	l.Customer.Phones = slices.Clone(l.Customer.Phones)
	l.Vehicles = slices.Clone(l.Vehicles)
	l.Request.Extras = slices.Clone(l.Request.Extras)
	l.Warnings = slices.Clone(l.Warnings)
	l.Policy.Escalation = slices.Clone(l.Policy.Escalation)
	l.Policy.Cadence = slices.Clone(l.Policy.Cadence)
	l.Offer.Reps = slices.Clone(l.Offer.Reps)
	l.Owners = slices.Clone(l.Owners)
	l.Nudged = slices.Clone(l.Nudged)
	l.Timers = slices.Clone(l.Timers)
	if l.Closure != nil {
		c := *l.Closure
		l.Closure = &c
	}
	return l
}

func copyActivity(a lead.Activity) lead.Activity {
	if a.Inquiry != nil {
		in := *a.Inquiry
		in.Vehicles = slices.Clone(in.Vehicles)
		in.Request.Extras = slices.Clone(in.Request.Extras)
		in.Warnings = slices.Clone(in.Warnings)
		a.Inquiry = &in
	}
	return a
}

func copyEffect(e lead.Effect) lead.Effect {
	if e.Notice != nil {
		n := *e.Notice
		e.Notice = &n
	}
	if e.Message != nil {
		m := *e.Message
		m.Notices = slices.Clone(m.Notices)
		e.Message = &m
	}
	if e.Timer != nil {
		t := *e.Timer
		e.Timer = &t
	}
	return e
}

func copyInbox(b nudge.Inbox) nudge.Inbox {
	b.Held = slices.Clone(b.Held)
	b.Seen = slices.Clone(b.Seen)
	return b
}

func copyRoster(s roster.State) roster.State {
	s.LastAssigned = maps.Clone(s.LastAssigned)
	s.LastTurn = maps.Clone(s.LastTurn)
	s.Away = maps.Clone(s.Away)
	return s
}
