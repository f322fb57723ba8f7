// Package memory adapts the engine's ports to process memory: a store, a scheduler
// and a notifier that keep everything in maps, and a virtual clock. Together
// (Sandbox) they run LeadClock on virtual time, for the engine's tests, the demo and
// the simulator. Nothing here is durable; local mode uses the embedded adapters.
package memory

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/nudge"
	"github.com/leadclock/leadclock/shared/roster"
)

// Store is an engine.Store in memory. Values are kept JSON-encoded, as a real store
// keeps them serialised: what a caller holds never aliases what is stored, and a
// field that does not survive encoding fails here as it would on disk.
type Store struct {
	mu        sync.Mutex
	leads     map[string][]byte
	timelines map[string][][]byte
	sources   map[lead.Source]string
	customers map[string]string
	roster    []byte
	inboxes   map[string][]byte
	outbox    []pending // in commit order
	outboxIDs map[string]bool

	rejections []kept // by time, then id (see rejections.go)
}

type pending struct {
	id   string
	data []byte
}

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{
		leads:     map[string][]byte{},
		timelines: map[string][][]byte{},
		sources:   map[lead.Source]string{},
		customers: map[string]string{},
		inboxes:   map[string][]byte{},
		outboxIDs: map[string]bool{},
	}
}

var _ engine.Store = (*Store)(nil)

func encode(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("memory store: encode %T: %v", v, err)) // only unencodable types, a programming error
	}
	return b
}

func decode[T any](b []byte) (T, error) {
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return v, fmt.Errorf("decode %T: %w", v, err)
	}
	return v, nil
}

// Lead returns a lead by id.
func (s *Store) Lead(_ context.Context, id string) (lead.Lead, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.leads[id]
	if !ok {
		return lead.Lead{}, fmt.Errorf("lead %s: %w", id, engine.ErrNotFound)
	}
	return decode[lead.Lead](b)
}

// Timeline returns a lead's activities in order.
func (s *Store) Timeline(_ context.Context, id string) ([]lead.Activity, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.leads[id]; !ok {
		return nil, fmt.Errorf("lead %s: %w", id, engine.ErrNotFound)
	}
	out := make([]lead.Activity, 0, len(s.timelines[id]))
	for _, b := range s.timelines[id] {
		a, err := decode[lead.Activity](b)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// LeadBySource returns the lead a provider sent under its lead id.
func (s *Store) LeadBySource(ctx context.Context, src lead.Source) (lead.Lead, error) {
	s.mu.Lock()
	id, ok := s.sources[src]
	s.mu.Unlock()
	if !ok {
		return lead.Lead{}, fmt.Errorf("%s lead %s: %w", src.Provider, src.ProviderLeadID, engine.ErrNotFound)
	}
	return s.Lead(ctx, id)
}

// LeadByCustomer returns the lead the first known key points at.
func (s *Store) LeadByCustomer(ctx context.Context, keys []string) (lead.Lead, error) {
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
func (s *Store) Leads(_ context.Context, f engine.Filter) ([]lead.Lead, error) {
	return s.scan(func(l lead.Lead) bool {
		return (f.Owner == "" || l.Owner == f.Owner) && (f.Status == "" || l.Status == f.Status)
	})
}

// Due returns leads with a timer at or before the instant.
func (s *Store) Due(_ context.Context, before time.Time) ([]lead.Lead, error) {
	return s.scan(func(l lead.Lead) bool {
		return slices.ContainsFunc(l.Timers, func(t lead.Timer) bool { return !t.At.After(before) })
	})
}

func (s *Store) scan(match func(lead.Lead) bool) ([]lead.Lead, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []lead.Lead
	for _, b := range s.leads {
		l, err := decode[lead.Lead](b)
		if err != nil {
			return nil, err
		}
		if match(l) {
			out = append(out, l)
		}
	}
	slices.SortFunc(out, func(a, b lead.Lead) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// Roster returns the team state.
func (s *Store) Roster(_ context.Context) (roster.State, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.roster == nil {
		return roster.State{}, nil
	}
	return decode[roster.State](s.roster)
}

// Commit writes changes atomically, in order, as if one after another: all of them,
// or nothing when a guard fails.
func (s *Store) Commit(_ context.Context, cs ...engine.Change) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(cs); err != nil {
		return err
	}
	for _, c := range cs {
		s.apply(c)
	}
	return nil
}

// check checks every change's guards before anything is written. A change sees what
// the changes before it in the same call would have written: the versions they bump,
// the provider ids they claim, the effects they queue.
func (s *Store) check(cs []engine.Change) error {
	versions := map[string]int64{}
	claimed := map[lead.Source]bool{}
	queued := map[string]bool{}
	rosterVersion, err := s.rosterVersion()
	if err != nil {
		return err
	}
	for _, c := range cs {
		if l := c.Lead; l.ID != "" {
			stored, seen := versions[l.ID]
			if !seen {
				if stored, err = s.leadVersion(l.ID); err != nil {
					return err
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
			if s.outboxIDs[e.ID] || queued[e.ID] {
				return fmt.Errorf("effect %s is already pending: %w", e.ID, engine.ErrConflict)
			}
			queued[e.ID] = true
		}
	}
	return nil
}

// apply writes a change that check passed.
func (s *Store) apply(c engine.Change) {
	if c.Lead.ID != "" {
		l := c.Lead
		l.Version++
		s.leads[l.ID] = encode(l)
		if c.Lead.Version == 0 && l.Source.ProviderLeadID != "" {
			s.sources[l.Source] = l.ID
		}
		for _, a := range c.Activities {
			s.timelines[l.ID] = append(s.timelines[l.ID], encode(a))
		}
		for _, k := range c.MatchKeys {
			s.customers[k] = l.ID
		}
	}
	if c.Roster != nil {
		r := *c.Roster
		r.Version++
		s.roster = encode(r)
	}
	s.enqueue(c.Effects)
}

func (s *Store) rosterVersion() (int64, error) {
	if s.roster == nil {
		return 0, nil
	}
	r, err := decode[roster.State](s.roster)
	return r.Version, err
}

// leadVersion is the stored version of a lead, 0 for one never written.
func (s *Store) leadVersion(id string) (int64, error) {
	b, ok := s.leads[id]
	if !ok {
		return 0, nil
	}
	l, err := decode[lead.Lead](b)
	return l.Version, err
}

func (s *Store) enqueue(effects []lead.Effect) {
	for _, e := range effects {
		s.outbox = append(s.outbox, pending{e.ID, encode(e)})
		s.outboxIDs[e.ID] = true
	}
}

// Inbox returns an inbox; one never written is empty.
func (s *Store) Inbox(_ context.Context, key string) (nudge.Inbox, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.inboxes[key]
	if !ok {
		return nudge.Inbox{Key: key}, nil
	}
	return decode[nudge.Inbox](b)
}

// CommitInbox writes an inbox and its effects, guarded by the inbox's version.
func (s *Store) CommitInbox(_ context.Context, b nudge.Inbox, effects []lead.Effect) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var stored int64
	if cur, ok := s.inboxes[b.Key]; ok {
		current, err := decode[nudge.Inbox](cur)
		if err != nil {
			return err
		}
		stored = current.Version
	}
	if stored != b.Version {
		return fmt.Errorf("inbox %s at version %d, change read %d: %w", b.Key, stored, b.Version, engine.ErrConflict)
	}
	b.Version++
	s.inboxes[b.Key] = encode(b)
	s.enqueue(effects)
	return nil
}

// DueInboxes returns inboxes holding notices due to go out.
func (s *Store) DueInboxes(_ context.Context, before time.Time) ([]nudge.Inbox, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []nudge.Inbox
	for _, raw := range s.inboxes {
		b, err := decode[nudge.Inbox](raw)
		if err != nil {
			return nil, err
		}
		if len(b.Held) > 0 && !b.FlushAt.After(before) {
			out = append(out, b)
		}
	}
	slices.SortFunc(out, func(a, b nudge.Inbox) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

// Pending returns up to limit effects not yet done, in commit order.
func (s *Store) Pending(_ context.Context, limit int) ([]lead.Effect, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]lead.Effect, 0, min(limit, len(s.outbox)))
	for _, p := range s.outbox[:min(limit, len(s.outbox))] {
		e, err := decode[lead.Effect](p.data)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// Done removes effects from the outbox. Unknown ids are ignored: marking done twice
// is harmless.
func (s *Store) Done(_ context.Context, ids ...string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.outbox = slices.DeleteFunc(s.outbox, func(p pending) bool {
		if slices.Contains(ids, p.id) {
			delete(s.outboxIDs, p.id)
			return true
		}
		return false
	})
	return nil
}
