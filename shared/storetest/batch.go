package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/roster"
)

// batchOfTwo is two new leads, each given out in turn: the second change's roster was
// read at the version the first one writes.
func batchOfTwo() (a, b engine.Change) {
	a, b = newLead("L1", "alice", lead.StatusAssigned), newLead("L2", "bob", lead.StatusAssigned)
	first := roster.State{}.Assigned("alice", t0)
	second := first.Assigned("bob", t0)
	second.Version = 1
	a.Roster, b.Roster = &first, &second
	b.MatchKeys = []string{"tel:+13125550150", "mailto:pat@example.com"}
	return a, b
}

func batchCommitsInOrder(t *testing.T, s engine.Store) {
	ctx := context.Background()
	a, b := batchOfTwo()
	if err := s.Commit(ctx, a, b); err != nil {
		t.Fatalf("commit of two changes: %v", err)
	}
	for _, id := range []string{"L1", "L2"} {
		if l, err := s.Lead(ctx, id); err != nil || l.Version != 1 {
			t.Fatalf("lead %s after the batch: version %d, %v", id, l.Version, err)
		}
	}
	st, _ := s.Roster(ctx)
	if st.Version != 2 || !st.LastAssigned["bob"].Equal(t0) || !st.LastAssigned["alice"].Equal(t0) {
		t.Fatalf("roster after the batch: %+v, want version 2 with both reps", st)
	}
	// The later change wins the shared match key, as if committed after the first.
	if got, err := s.LeadByCustomer(ctx, []string{"tel:+13125550150"}); err != nil || got.ID != "L2" {
		t.Fatalf("LeadByCustomer = %s, %v; want L2", got.ID, err)
	}
	pending, _ := s.Pending(ctx, 10)
	want := []string{"L1/owner1/alice/sms", "L1/schedule/deadline/1", "L2/owner1/bob/sms", "L2/schedule/deadline/1"}
	if ids := EffectIDs(pending); !slices.Equal(ids, want) {
		t.Fatalf("pending %v, want %v", ids, want)
	}
	if err := s.Commit(ctx); err != nil {
		t.Fatalf("commit of no changes: %v", err)
	}
}

func batchFailsWhole(t *testing.T, s engine.Store) {
	tests := []struct {
		name  string
		spoil func(a, b *engine.Change)
	}{
		{"second change read the roster before the first", func(_, b *engine.Change) { b.Roster.Version = 0 }},
		{"both claim one provider lead id", func(a, b *engine.Change) { b.Lead.Source = a.Lead.Source }},
		{"both queue one effect", func(a, b *engine.Change) { b.Effects = append(b.Effects, a.Effects[0]) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			a, b := batchOfTwo()
			a.Lead.ID, b.Lead.ID = tt.name+"/1", tt.name+"/2"
			a.Lead.Source.ProviderLeadID, b.Lead.Source.ProviderLeadID = tt.name+"/p1", tt.name+"/p2"
			tt.spoil(&a, &b)
			before, _ := s.Roster(ctx)
			if err := s.Commit(ctx, a, b); !errors.Is(err, engine.ErrConflict) {
				t.Fatalf("commit: %v, want ErrConflict", err)
			}
			if _, err := s.Lead(ctx, a.Lead.ID); !errors.Is(err, engine.ErrNotFound) {
				t.Fatalf("the first change was written although the second failed: %v", err)
			}
			if _, err := s.LeadBySource(ctx, a.Lead.Source); !errors.Is(err, engine.ErrNotFound) {
				t.Fatalf("the first change's provider id was claimed: %v", err)
			}
			if after, _ := s.Roster(ctx); after.Version != before.Version {
				t.Fatalf("roster moved from version %d to %d", before.Version, after.Version)
			}
			if pending, _ := s.Pending(ctx, 10); len(pending) != 0 {
				t.Fatalf("effects queued: %v", EffectIDs(pending))
			}
		})
	}
}
