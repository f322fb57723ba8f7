package bolt_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/memory"
	"github.com/leadclock/leadclock/shared/storetest"
)

// The indexes behind Leads and Due follow a lead through commits that change its
// owner, status and timers. Each step updates L1 (L2 stays put) and says what the
// queries answer afterwards; the in-memory store, which scans, must answer the same.
func TestIndexesFollowUpdates(t *testing.T) {
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	timer := func(kind lead.TimerKind, seq int, d time.Duration) lead.Timer {
		return lead.Timer{LeadID: "L1", Kind: kind, Seq: seq, At: at(d)}
	}
	type leadsCase struct {
		f    engine.Filter
		want []string
	}
	type dueCase struct {
		before time.Time
		want   []string
	}
	steps := []struct {
		name   string
		update func(l *lead.Lead)
		leads  []leadsCase
		due    []dueCase
	}{
		{
			name:   "as created",
			update: func(*lead.Lead) {},
			leads: []leadsCase{
				{engine.Filter{Owner: "alice"}, []string{"L1"}},
				{engine.Filter{Status: lead.StatusAssigned}, []string{"L1", "L2"}},
			},
			due: []dueCase{{at(4 * time.Minute), nil}, {at(5 * time.Minute), []string{"L1"}}, {at(time.Hour), []string{"L1", "L2"}}},
		},
		{
			name:   "owner changes",
			update: func(l *lead.Lead) { l.Owner = "bob" },
			leads: []leadsCase{
				{engine.Filter{Owner: "alice"}, nil},
				{engine.Filter{Owner: "bob"}, []string{"L1", "L2"}},
				{engine.Filter{Owner: "bob", Status: lead.StatusAssigned}, []string{"L1", "L2"}},
				{engine.Filter{Owner: "alice", Status: lead.StatusAssigned}, nil},
			},
		},
		{
			name:   "status changes",
			update: func(l *lead.Lead) { l.Status = lead.StatusContacted },
			leads: []leadsCase{
				{engine.Filter{Status: lead.StatusAssigned}, []string{"L2"}},
				{engine.Filter{Status: lead.StatusContacted}, []string{"L1"}},
				{engine.Filter{Owner: "bob", Status: lead.StatusContacted}, []string{"L1"}},
				{engine.Filter{Owner: "bob"}, []string{"L1", "L2"}},
			},
		},
		{
			name:   "timer moves later",
			update: func(l *lead.Lead) { l.Timers = []lead.Timer{timer(lead.TimerSecondContact, 2, 2*time.Hour)} },
			due:    []dueCase{{at(5 * time.Minute), nil}, {at(time.Hour), []string{"L2"}}, {at(2 * time.Hour), []string{"L1", "L2"}}},
		},
		{
			name: "a second timer is added earlier",
			update: func(l *lead.Lead) {
				l.Timers = append(l.Timers, timer(lead.TimerFollowUp, 3, 10*time.Minute))
			},
			due: []dueCase{{at(10 * time.Minute), []string{"L1"}}, {at(2 * time.Hour), []string{"L1", "L2"}}},
		},
		{
			name: "two timers at one instant",
			update: func(l *lead.Lead) {
				l.Timers = []lead.Timer{timer(lead.TimerFollowUp, 4, 20*time.Minute), timer(lead.TimerStall, 5, 20*time.Minute)}
			},
			due: []dueCase{{at(10 * time.Minute), nil}, {at(20 * time.Minute), []string{"L1"}}, {at(2 * time.Hour), []string{"L1", "L2"}}},
		},
		{
			name:   "one of two timers at one instant goes",
			update: func(l *lead.Lead) { l.Timers = l.Timers[1:] },
			due:    []dueCase{{at(20 * time.Minute), []string{"L1"}}},
		},
		{
			name:   "timers cleared",
			update: func(l *lead.Lead) { l.Timers = nil },
			due:    []dueCase{{at(20 * time.Minute), nil}, {at(3 * time.Hour), []string{"L2"}}},
		},
		{
			name:   "queued with nobody owning it",
			update: func(l *lead.Lead) { l.Owner, l.Status = "", lead.StatusQueued },
			leads: []leadsCase{
				{engine.Filter{Status: lead.StatusQueued}, []string{"L1"}},
				{engine.Filter{Status: lead.StatusContacted}, nil},
				{engine.Filter{Owner: "bob"}, []string{"L2"}},
				{engine.Filter{}, []string{"L1", "L2"}},
			},
		},
	}

	stores := map[string]engine.Store{"bolt": openDB(t).Store(), "memory": memory.NewStore()}
	for name, s := range stores {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			first := newLead("L1", "alice", lead.StatusAssigned)
			first.MatchKeys = nil
			second := newLead("L2", "bob", lead.StatusAssigned)
			second.Lead.Timers[0].At = at(time.Hour)
			second.MatchKeys, second.Effects = nil, nil
			for _, c := range []engine.Change{first, second} {
				if err := s.Commit(ctx, c); err != nil {
					t.Fatal(err)
				}
			}
			for _, step := range steps {
				l, err := s.Lead(ctx, "L1")
				if err != nil {
					t.Fatal(err)
				}
				step.update(&l)
				if err := s.Commit(ctx, engine.Change{Lead: l}); err != nil {
					t.Fatalf("%s: %v", step.name, err)
				}
				for _, tt := range step.leads {
					got, err := s.Leads(ctx, tt.f)
					if err != nil {
						t.Fatal(err)
					}
					if ids := storetest.LeadIDs(got); !slices.Equal(ids, tt.want) {
						t.Errorf("%s: Leads(%+v) = %v, want %v", step.name, tt.f, ids, tt.want)
					}
				}
				for _, tt := range step.due {
					got, err := s.Due(ctx, tt.before)
					if err != nil {
						t.Fatal(err)
					}
					if ids := storetest.LeadIDs(got); !slices.Equal(ids, tt.want) {
						t.Errorf("%s: Due(%v) = %v, want %v", step.name, tt.before, ids, tt.want)
					}
				}
			}
		})
	}
}

// Inboxes leave the due index once they hold nothing, and move in it when their
// flush time does.
func TestDueInboxesFollowCommits(t *testing.T) {
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	n := lead.Notice{LeadID: "L1", To: "alice", Channel: lead.SMS, Kind: lead.NoticeNewLead, At: t0}
	type dueCase struct {
		before time.Time
		want   []string
	}
	steps := []struct {
		name    string
		key     string
		held    []lead.Notice
		flushAt time.Time
		due     []dueCase
	}{
		{"alice holds a notice", "alice.sms", []lead.Notice{n}, at(time.Minute),
			[]dueCase{{at(59 * time.Second), nil}, {at(time.Minute), []string{"alice.sms"}}}},
		{"alice's flush moves later", "alice.sms", []lead.Notice{n, n}, at(3 * time.Minute),
			[]dueCase{{at(time.Minute), nil}, {at(3 * time.Minute), []string{"alice.sms"}}}},
		{"bob holds a notice", "bob.sms", []lead.Notice{n}, at(2 * time.Minute),
			[]dueCase{{at(2 * time.Minute), []string{"bob.sms"}}, {at(3 * time.Minute), []string{"alice.sms", "bob.sms"}}}},
		{"alice is flushed", "alice.sms", nil, time.Time{},
			[]dueCase{{at(3 * time.Minute), []string{"bob.sms"}}, {time.Time{}, nil}}},
	}
	ctx := context.Background()
	s := openDB(t).Store()
	for _, step := range steps {
		b, err := s.Inbox(ctx, step.key)
		if err != nil {
			t.Fatal(err)
		}
		b.Held, b.FlushAt = step.held, step.flushAt
		if err := s.CommitInbox(ctx, b, nil); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		for _, tt := range step.due {
			got, err := s.DueInboxes(ctx, tt.before)
			if err != nil {
				t.Fatal(err)
			}
			var keys []string
			for _, b := range got {
				keys = append(keys, b.Key)
			}
			if !slices.Equal(keys, tt.want) {
				t.Errorf("%s: DueInboxes(%v) = %v, want %v", step.name, tt.before, keys, tt.want)
			}
		}
	}
}
