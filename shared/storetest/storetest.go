// Package storetest is the conformance suite every engine.Store adapter must pass:
// the in-memory store, the embedded local store and DynamoDB run the same checks, so
// that local mode cannot drift from what production does.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/roster"
)

// Run runs the suite. open returns a new, empty store for each subtest.
func Run(t *testing.T, open func(t *testing.T) engine.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s engine.Store)
	}{
		{"new lead round-trips with its timeline", newLeadRoundTrips},
		{"stale version is a conflict and writes nothing", staleVersionWritesNothing},
		{"provider lead id is claimed once", providerLeadIDClaimedOnce},
		{"customer keys find the latest lead", customerKeys},
		{"leads filter by owner and status", leadsFilter},
		{"due finds leads with timers at or before", due},
		{"roster is guarded by its version", rosterGuard},
		{"roster conflict rejects the whole change", rosterConflictRejectsChange},
		{"outbox keeps commit order until done", outboxOrder},
		{"inboxes", inboxes},
		{"missing lead is not found", missingLead},
		{"concurrent commits: exactly one wins", concurrentCommits},
		{"changes committed together apply in order", batchCommitsInOrder},
		{"changes committed together fail together", batchFailsWhole},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fn(t, open(t))
		})
	}
}

var t0 = time.Date(2026, 11, 24, 16, 0, 0, 0, time.UTC)

// newLead builds a committed-looking decision for a new lead.
func newLead(id, owner string, status lead.Status) engine.Change {
	l := lead.Lead{
		ID: id, Status: status, Owner: owner, ReceivedAt: t0, Deadline: t0.Add(5 * time.Minute),
		Source:   lead.Source{Provider: "cars-com", ProviderLeadID: "p-" + id},
		Customer: lead.Customer{Name: "Pat Doe", Phones: []lead.Phone{{E164: "+13125550150", Raw: "+13125550150", Valid: true}}},
		Policy:   lead.Policy{FirstContact: 5 * time.Minute, Escalation: []lead.Step{{Action: lead.Reroute, After: 5 * time.Minute, Repeat: 1}}},
		Timers:   []lead.Timer{{LeadID: id, Kind: lead.TimerDeadline, Seq: 1, At: t0.Add(5 * time.Minute)}},
		Seq:      1, Activities: 2, Owners: []string{owner},
	}
	return engine.Change{
		Lead: l,
		Activities: []lead.Activity{
			{LeadID: id, Seq: 1, At: t0, Type: lead.TypeReceived, Status: lead.StatusNew, Actor: "cars-com"},
			{LeadID: id, Seq: 2, At: t0, Type: lead.TypeAssigned, Status: status, Actor: lead.System, Rep: owner},
		},
		Effects: []lead.Effect{
			{ID: id + "/owner1/" + owner + "/sms", LeadID: id, Kind: lead.EffectNotify, Notice: &lead.Notice{LeadID: id, To: owner, Channel: lead.SMS, Kind: lead.NoticeNewLead, At: t0}},
			{ID: id + "/schedule/deadline/1", LeadID: id, Kind: lead.EffectSchedule, Timer: &l.Timers[0]},
		},
		MatchKeys: []string{"tel:+13125550150"},
	}
}

func mustCommit(t *testing.T, s engine.Store, c engine.Change) {
	t.Helper()
	if err := s.Commit(context.Background(), c); err != nil {
		t.Fatalf("commit: %v", err)
	}
}

func newLeadRoundTrips(t *testing.T, s engine.Store) {
	ctx := context.Background()
	c := newLead("L1", "alice", lead.StatusAssigned)
	mustCommit(t, s, c)
	got, err := s.Lead(ctx, "L1")
	if err != nil {
		t.Fatal(err)
	}
	want := c.Lead
	want.Version = 1
	if !equalJSON(t, got, want) {
		t.Fatalf("lead\n got %+v\nwant %+v", got, want)
	}
	timeline, err := s.Timeline(ctx, "L1")
	if err != nil {
		t.Fatal(err)
	}
	if !equalJSON(t, timeline, c.Activities) {
		t.Fatalf("timeline %+v", timeline)
	}

	// An update appends to the timeline and bumps the version.
	next := got
	next.Status = lead.StatusContacted
	next.Activities = 3
	entry := lead.Activity{LeadID: "L1", Seq: 3, At: t0.Add(time.Minute), Type: lead.TypeContact, Status: lead.StatusContacted, Actor: "alice", Evidence: lead.SelfReported}
	mustCommit(t, s, engine.Change{Lead: next, Activities: []lead.Activity{entry}})
	got, _ = s.Lead(ctx, "L1")
	timeline, _ = s.Timeline(ctx, "L1")
	if got.Version != 2 || got.Status != lead.StatusContacted || len(timeline) != 3 || timeline[2].Type != lead.TypeContact {
		t.Fatalf("after update: version %d status %s timeline %d", got.Version, got.Status, len(timeline))
	}
}

func staleVersionWritesNothing(t *testing.T, s engine.Store) {
	ctx := context.Background()
	mustCommit(t, s, newLead("L1", "alice", lead.StatusAssigned))
	l, _ := s.Lead(ctx, "L1")
	drain(t, s)

	stale := l
	stale.Version = 0
	stale.Status = lead.StatusClosed
	err := s.Commit(ctx, engine.Change{
		Lead:       stale,
		Activities: []lead.Activity{{LeadID: "L1", Seq: 3, At: t0, Type: lead.TypeClosed, Status: lead.StatusClosed}},
		Effects:    []lead.Effect{{ID: "L1/cancel/deadline/1", LeadID: "L1", Kind: lead.EffectCancel, Timer: &l.Timers[0]}},
	})
	if !errors.Is(err, engine.ErrConflict) {
		t.Fatalf("stale commit: %v, want ErrConflict", err)
	}
	got, _ := s.Lead(ctx, "L1")
	timeline, _ := s.Timeline(ctx, "L1")
	pending, _ := s.Pending(ctx, 10)
	if got.Status != lead.StatusAssigned || got.Version != 1 || len(timeline) != 2 || len(pending) != 0 {
		t.Fatalf("a failed commit wrote something: status %s version %d timeline %d pending %d", got.Status, got.Version, len(timeline), len(pending))
	}
	// Creating a lead that exists is a conflict too.
	if err := s.Commit(ctx, newLead("L1", "bob", lead.StatusAssigned)); !errors.Is(err, engine.ErrConflict) {
		t.Fatalf("second create: %v, want ErrConflict", err)
	}
}

func providerLeadIDClaimedOnce(t *testing.T, s engine.Store) {
	ctx := context.Background()
	mustCommit(t, s, newLead("L1", "alice", lead.StatusAssigned))
	dup := newLead("L2", "bob", lead.StatusAssigned)
	dup.Lead.Source = lead.Source{Provider: "cars-com", ProviderLeadID: "p-L1"}
	if err := s.Commit(ctx, dup); !errors.Is(err, engine.ErrConflict) {
		t.Fatalf("same provider lead id: %v, want ErrConflict", err)
	}
	if _, err := s.Lead(ctx, "L2"); !errors.Is(err, engine.ErrNotFound) {
		t.Fatalf("the refused lead was stored: %v", err)
	}
	got, err := s.LeadBySource(ctx, lead.Source{Provider: "cars-com", ProviderLeadID: "p-L1"})
	if err != nil || got.ID != "L1" {
		t.Fatalf("LeadBySource = %s, %v", got.ID, err)
	}
	// Another provider may use the same id.
	other := newLead("L3", "bob", lead.StatusAssigned)
	other.Lead.Source = lead.Source{Provider: "cargurus", ProviderLeadID: "p-L1"}
	mustCommit(t, s, other)
	if _, err := s.LeadBySource(ctx, lead.Source{Provider: "autotrader", ProviderLeadID: "p-L1"}); !errors.Is(err, engine.ErrNotFound) {
		t.Fatalf("unknown source: %v", err)
	}
}

func customerKeys(t *testing.T, s engine.Store) {
	ctx := context.Background()
	mustCommit(t, s, newLead("L1", "alice", lead.StatusAssigned))
	c := newLead("L2", "bob", lead.StatusAssigned)
	c.MatchKeys = []string{"tel:+13125550150", "mailto:pat@example.com"}
	mustCommit(t, s, c)
	for _, keys := range [][]string{{"tel:+13125550150"}, {"mailto:pat@example.com"}, {"tel:+13125550199", "mailto:pat@example.com"}} {
		got, err := s.LeadByCustomer(ctx, keys)
		if err != nil || got.ID != "L2" {
			t.Errorf("LeadByCustomer(%v) = %s, %v; want L2", keys, got.ID, err)
		}
	}
	if _, err := s.LeadByCustomer(ctx, []string{"tel:+13125550199"}); !errors.Is(err, engine.ErrNotFound) {
		t.Errorf("unknown customer: %v", err)
	}
	if _, err := s.LeadByCustomer(ctx, nil); !errors.Is(err, engine.ErrNotFound) {
		t.Errorf("no keys: %v", err)
	}
}

func leadsFilter(t *testing.T, s engine.Store) {
	ctx := context.Background()
	mustCommit(t, s, newLead("L1", "alice", lead.StatusAssigned))
	mustCommit(t, s, newLead("L2", "bob", lead.StatusAssigned))
	mustCommit(t, s, newLead("L3", "alice", lead.StatusContacted))
	q := newLead("L4", "", lead.StatusQueued)
	mustCommit(t, s, q)
	tests := []struct {
		f    engine.Filter
		want []string
	}{
		{engine.Filter{Owner: "alice"}, []string{"L1", "L3"}},
		{engine.Filter{Owner: "alice", Status: lead.StatusAssigned}, []string{"L1"}},
		{engine.Filter{Status: lead.StatusQueued}, []string{"L4"}},
		{engine.Filter{Owner: "zed"}, nil},
	}
	for _, tt := range tests {
		got, err := s.Leads(ctx, tt.f)
		if err != nil {
			t.Fatal(err)
		}
		if ids := LeadIDs(got); !slices.Equal(ids, tt.want) {
			t.Errorf("Leads(%+v) = %v, want %v", tt.f, ids, tt.want)
		}
	}
}

func due(t *testing.T, s engine.Store) {
	ctx := context.Background()
	mustCommit(t, s, newLead("L1", "alice", lead.StatusAssigned)) // timer at t0+5m
	c := newLead("L2", "bob", lead.StatusAssigned)
	c.Lead.Timers[0].At = t0.Add(time.Hour)
	mustCommit(t, s, c)
	c = newLead("L3", "bob", lead.StatusClosed)
	c.Lead.Timers = nil
	mustCommit(t, s, c)
	for _, tt := range []struct {
		at   time.Time
		want []string
	}{
		{t0.Add(4 * time.Minute), nil},
		{t0.Add(5 * time.Minute), []string{"L1"}},
		{t0.Add(2 * time.Hour), []string{"L1", "L2"}},
	} {
		got, err := s.Due(ctx, tt.at)
		if err != nil {
			t.Fatal(err)
		}
		if ids := LeadIDs(got); !slices.Equal(ids, tt.want) {
			t.Errorf("Due(%v) = %v, want %v", tt.at, ids, tt.want)
		}
	}
}

func rosterGuard(t *testing.T, s engine.Store) {
	ctx := context.Background()
	st, err := s.Roster(ctx)
	if err != nil || st.Version != 0 || len(st.Away) != 0 {
		t.Fatalf("empty roster: %+v %v", st, err)
	}
	next := st.WithAway("alice", &roster.Away{Until: t0.Add(time.Hour)}).Assigned("bob", t0)
	mustCommit(t, s, engine.Change{Roster: &next})
	got, _ := s.Roster(ctx)
	if got.Version != 1 || !got.IsAway("alice", t0) || !got.LastAssigned["bob"].Equal(t0) {
		t.Fatalf("roster %+v", got)
	}
	stale := st.Assigned("carol", t0)
	if err := s.Commit(ctx, engine.Change{Roster: &stale}); !errors.Is(err, engine.ErrConflict) {
		t.Fatalf("stale roster: %v, want ErrConflict", err)
	}
}

func rosterConflictRejectsChange(t *testing.T, s engine.Store) {
	ctx := context.Background()
	first := roster.State{}.Assigned("alice", t0)
	mustCommit(t, s, engine.Change{Roster: &first})
	c := newLead("L1", "bob", lead.StatusAssigned)
	stale := roster.State{}.Assigned("bob", t0)
	c.Roster = &stale
	if err := s.Commit(ctx, c); !errors.Is(err, engine.ErrConflict) {
		t.Fatalf("commit with a stale roster: %v, want ErrConflict", err)
	}
	if _, err := s.Lead(ctx, "L1"); !errors.Is(err, engine.ErrNotFound) {
		t.Fatalf("lead written despite the roster conflict: %v", err)
	}
	if _, err := s.LeadBySource(ctx, c.Lead.Source); !errors.Is(err, engine.ErrNotFound) {
		t.Fatalf("provider id claimed despite the roster conflict: %v", err)
	}
	if pending, _ := s.Pending(ctx, 10); len(pending) != 0 {
		t.Fatalf("effects queued despite the roster conflict: %v", pending)
	}
}

func outboxOrder(t *testing.T, s engine.Store) {
	ctx := context.Background()
	mustCommit(t, s, newLead("L1", "alice", lead.StatusAssigned))
	mustCommit(t, s, newLead("L2", "bob", lead.StatusAssigned))
	pending, err := s.Pending(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"L1/owner1/alice/sms", "L1/schedule/deadline/1", "L2/owner1/bob/sms", "L2/schedule/deadline/1"}
	if ids := EffectIDs(pending); !slices.Equal(ids, want) {
		t.Fatalf("pending %v, want %v", ids, want)
	}
	if !equalJSON(t, pending[0], newLead("L1", "alice", lead.StatusAssigned).Effects[0]) {
		t.Fatalf("effect did not round-trip: %+v", pending[0])
	}
	if got, _ := s.Pending(ctx, 3); len(got) != 3 {
		t.Fatalf("limit 3 returned %d", len(got))
	}
	if err := s.Done(ctx, "L1/owner1/alice/sms", "L2/owner1/bob/sms"); err != nil {
		t.Fatal(err)
	}
	if err := s.Done(ctx, "L1/owner1/alice/sms", "no-such-effect"); err != nil {
		t.Fatalf("done twice: %v", err)
	}
	pending, _ = s.Pending(ctx, 10)
	if ids := EffectIDs(pending); !slices.Equal(ids, []string{"L1/schedule/deadline/1", "L2/schedule/deadline/1"}) {
		t.Fatalf("after done: %v", ids)
	}
}

func inboxes(t *testing.T, s engine.Store) {
	ctx := context.Background()
	b, err := s.Inbox(ctx, "alice.sms")
	if err != nil || b.Key != "alice.sms" || b.Version != 0 || len(b.Held) != 0 {
		t.Fatalf("new inbox %+v %v", b, err)
	}
	n := lead.Notice{LeadID: "L1", To: "alice", Channel: lead.SMS, Kind: lead.NoticeNewLead, At: t0}
	b, effs, _ := b.Offer("e1", n, t0, time.Minute)
	if err := s.CommitInbox(ctx, b, effs); err != nil {
		t.Fatal(err)
	}
	stale := b
	if b, err = s.Inbox(ctx, "alice.sms"); err != nil || b.Version != 1 {
		t.Fatalf("inbox after commit: %+v %v", b, err)
	}
	b, effs, _ = b.Offer("e2", n, t0.Add(time.Second), time.Minute)
	if err := s.CommitInbox(ctx, b, effs); err != nil {
		t.Fatal(err)
	}
	if err := s.CommitInbox(ctx, stale, nil); !errors.Is(err, engine.ErrConflict) {
		t.Fatalf("stale inbox: %v, want ErrConflict", err)
	}
	got, _ := s.Inbox(ctx, "alice.sms")
	if got.Version != 2 || len(got.Held) != 1 || !got.FlushAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("inbox %+v", got)
	}
	pending, _ := s.Pending(ctx, 10)
	if ids := EffectIDs(pending); !slices.Equal(ids, []string{"alice.sms/1", "alice.sms/schedule/flush/2"}) {
		t.Fatalf("inbox effects %v", ids)
	}
	for _, tt := range []struct {
		at   time.Time
		want int
	}{{t0.Add(59 * time.Second), 0}, {t0.Add(time.Minute), 1}} {
		due, err := s.DueInboxes(ctx, tt.at)
		if err != nil || len(due) != tt.want {
			t.Fatalf("DueInboxes(%v) = %d, %v; want %d", tt.at, len(due), err, tt.want)
		}
	}
}

func missingLead(t *testing.T, s engine.Store) {
	ctx := context.Background()
	if _, err := s.Lead(ctx, "nope"); !errors.Is(err, engine.ErrNotFound) {
		t.Errorf("Lead: %v", err)
	}
	if _, err := s.Timeline(ctx, "nope"); !errors.Is(err, engine.ErrNotFound) {
		t.Errorf("Timeline: %v", err)
	}
}

func concurrentCommits(t *testing.T, s engine.Store) {
	ctx := context.Background()
	mustCommit(t, s, newLead("L1", "alice", lead.StatusAssigned))
	l, _ := s.Lead(ctx, "L1")
	const writers = 8
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for i := range writers {
		wg.Go(func() {
			next := l
			next.Owner = fmt.Sprint("rep", i)
			errs[i] = s.Commit(ctx, engine.Change{Lead: next})
		})
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, engine.ErrConflict):
			t.Fatalf("unexpected error %v", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d of %d concurrent commits won, want exactly 1", won, writers)
	}
}

func drain(t *testing.T, s engine.Store) {
	t.Helper()
	ctx := context.Background()
	pending, err := s.Pending(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Done(ctx, EffectIDs(pending)...); err != nil {
		t.Fatal(err)
	}
}

// LeadIDs lists the leads' ids, for comparing query results.
func LeadIDs(ls []lead.Lead) []string {
	var out []string
	for _, l := range ls {
		out = append(out, l.ID)
	}
	return out
}

// EffectIDs lists the effects' ids, for comparing the outbox.
func EffectIDs(es []lead.Effect) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

// equalJSON compares values as the store sees them: times compare by instant, not by
// location pointer.
func equalJSON(t *testing.T, a, b any) bool {
	t.Helper()
	return mustJSON(t, a) == mustJSON(t, b)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
