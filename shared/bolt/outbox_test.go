package bolt_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/nudge"
	"github.com/leadclock/leadclock/shared/storetest"
)

// An effect id still pending means the decision was made before, on the same state:
// the second commit is a conflict and writes nothing. The same id twice in one change
// is a bug in the decision and fails without claiming a conflict, which would only
// make the engine decide the same again.
func TestOutboxRefusesPendingIDs(t *testing.T) {
	ctx := context.Background()
	notify := func(id string) lead.Effect {
		return lead.Effect{ID: id, Kind: lead.EffectNotify, Notice: &lead.Notice{LeadID: "L1", To: "alice", Channel: lead.SMS, Kind: lead.NoticeNewLead, At: t0}}
	}
	tests := []struct {
		name     string
		commit   func(s engine.Store) error
		conflict bool
	}{
		{"lead commit with a pending id", func(s engine.Store) error {
			c := newLead("L2", "bob", lead.StatusAssigned)
			c.Effects = append(c.Effects, notify("L1/owner1/alice/sms"))
			return s.Commit(ctx, c)
		}, true},
		{"inbox commit with a pending id", func(s engine.Store) error {
			return s.CommitInbox(ctx, nudge.Inbox{Key: "alice.sms"}, []lead.Effect{notify("L1/schedule/deadline/1")})
		}, true},
		{"one id twice in a change", func(s engine.Store) error {
			c := newLead("L2", "bob", lead.StatusAssigned)
			c.Effects = append(c.Effects, c.Effects[0])
			return s.Commit(ctx, c)
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openDB(t).Store()
			first := newLead("L1", "alice", lead.StatusAssigned)
			if err := s.Commit(ctx, first); err != nil {
				t.Fatal(err)
			}
			err := tt.commit(s)
			if err == nil || errors.Is(err, engine.ErrConflict) != tt.conflict {
				t.Fatalf("commit: %v, conflict want %v", err, tt.conflict)
			}
			pending, _ := s.Pending(ctx, 10)
			if !slices.Equal(storetest.EffectIDs(pending), storetest.EffectIDs(first.Effects)) {
				t.Fatalf("pending after a refused commit: %v", storetest.EffectIDs(pending))
			}
			if _, err := s.Lead(ctx, "L2"); !errors.Is(err, engine.ErrNotFound) {
				t.Fatalf("refused lead stored: %v", err)
			}
			if b, _ := s.Inbox(ctx, "alice.sms"); b.Version != 0 {
				t.Fatalf("refused inbox stored: %+v", b)
			}
			if !tt.conflict {
				return
			}
			// Once done, the id may be used again.
			if err := s.Done(ctx, storetest.EffectIDs(first.Effects)...); err != nil {
				t.Fatal(err)
			}
			if err := tt.commit(s); err != nil {
				t.Fatalf("commit after the effects were done: %v", err)
			}
		})
	}
}

func TestPendingLimit(t *testing.T) {
	ctx := context.Background()
	s := openDB(t).Store()
	for _, id := range []string{"L1", "L2"} {
		if err := s.Commit(ctx, newLead(id, "alice", lead.StatusAssigned)); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		limit int
		want  []string
	}{
		{-1, nil},
		{0, nil},
		{1, []string{"L1/owner1/alice/sms"}},
		{3, []string{"L1/owner1/alice/sms", "L1/schedule/deadline/1", "L2/owner1/alice/sms"}},
		{10, []string{"L1/owner1/alice/sms", "L1/schedule/deadline/1", "L2/owner1/alice/sms", "L2/schedule/deadline/1"}},
	} {
		got, err := s.Pending(ctx, tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		if ids := storetest.EffectIDs(got); !slices.Equal(ids, tt.want) {
			t.Errorf("Pending(%d) = %v, want %v", tt.limit, ids, tt.want)
		}
	}
}
