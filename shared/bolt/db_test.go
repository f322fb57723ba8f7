package bolt_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/bolt"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/nudge"
	"github.com/leadclock/leadclock/shared/roster"
	"github.com/leadclock/leadclock/shared/storetest"
)

// What one process committed, the next finds after a restart: leads and timelines,
// the claims and indexes that find them, the roster, inboxes, effects not yet run and
// timers not yet fired.
func TestDataSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "leadclock.db")
	db, err := bolt.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s := db.Store()
	c := newLead("L1", "alice", lead.StatusAssigned)
	r := roster.State{}.Assigned("alice", t0)
	c.Roster = &r
	if err := s.Commit(ctx, c); err != nil {
		t.Fatal(err)
	}
	n := lead.Notice{LeadID: "L1", To: "alice", Channel: lead.SMS, Kind: lead.NoticeNewLead, At: t0}
	b, _, _ := nudge.Inbox{Key: "alice.sms", LastSentAt: t0}.Offer("e1", n, t0.Add(time.Second), time.Minute)
	if err := s.CommitInbox(ctx, b, nil); err != nil {
		t.Fatal(err)
	}
	timer := c.Lead.Timers[0]
	if err := db.Timers().Schedule(ctx, timer); err != nil {
		t.Fatal(err)
	}
	db = reopen(t, db, path)
	s = db.Store()

	got, err := s.Lead(ctx, "L1")
	if err != nil || got.Version != 1 || got.Owner != "alice" || got.Customer.Phones[0].E164 != "+13125550150" {
		t.Fatalf("lead after reopen: %+v, %v", got, err)
	}
	timeline, err := s.Timeline(ctx, "L1")
	if err != nil || len(timeline) != 2 || timeline[1].Type != lead.TypeAssigned {
		t.Fatalf("timeline after reopen: %+v, %v", timeline, err)
	}
	if l, err := s.LeadBySource(ctx, c.Lead.Source); err != nil || l.ID != "L1" {
		t.Fatalf("source after reopen: %s, %v", l.ID, err)
	}
	if l, err := s.LeadByCustomer(ctx, []string{"mailto:pat@example.com"}); err != nil || l.ID != "L1" {
		t.Fatalf("customer after reopen: %s, %v", l.ID, err)
	}
	if ls, err := s.Leads(ctx, engine.Filter{Owner: "alice", Status: lead.StatusAssigned}); err != nil || !slices.Equal(storetest.LeadIDs(ls), []string{"L1"}) {
		t.Fatalf("leads after reopen: %v, %v", storetest.LeadIDs(ls), err)
	}
	if ls, err := s.Due(ctx, timer.At); err != nil || !slices.Equal(storetest.LeadIDs(ls), []string{"L1"}) {
		t.Fatalf("due after reopen: %v, %v", storetest.LeadIDs(ls), err)
	}
	if st, err := s.Roster(ctx); err != nil || st.Version != 1 || !st.LastAssigned["alice"].Equal(t0) {
		t.Fatalf("roster after reopen: %+v, %v", st, err)
	}
	if due, err := s.DueInboxes(ctx, t0.Add(time.Minute)); err != nil || len(due) != 1 || due[0].Version != 1 || len(due[0].Held) != 1 {
		t.Fatalf("inboxes after reopen: %+v, %v", due, err)
	}
	pending, err := s.Pending(ctx, 10)
	if err != nil || !slices.Equal(storetest.EffectIDs(pending), storetest.EffectIDs(c.Effects)) {
		t.Fatalf("pending after reopen: %v, %v", storetest.EffectIDs(pending), err)
	}
	if next, ok, err := db.Timers().Earliest(); err != nil || !ok || next != timer {
		t.Fatalf("timer after reopen: %+v %v %v, want %+v", next, ok, err, timer)
	}

	// The outbox keeps its order across the restart: new effects go after the old.
	if err := s.Commit(ctx, newLead("L2", "bob", lead.StatusAssigned)); err != nil {
		t.Fatal(err)
	}
	pending, _ = s.Pending(ctx, 10)
	want := append(storetest.EffectIDs(c.Effects), "L2/owner1/bob/sms", "L2/schedule/deadline/1")
	if !slices.Equal(storetest.EffectIDs(pending), want) {
		t.Fatalf("pending after a commit following reopen: %v, want %v", storetest.EffectIDs(pending), want)
	}
}

// A second process must be told why it cannot start rather than wait forever on the
// file lock. bbolt's lock is per open file, so a second Open in one process stands in
// for a second process; the test waits out the open timeout.
func TestSecondOpenFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "leadclock.db")
	db, err := bolt.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	second, err := bolt.Open(path)
	if err == nil {
		second.Close()
		t.Fatal("second Open of a file in use succeeded")
	}
	if !errors.Is(err, bolt.ErrInUse) || !strings.Contains(err.Error(), "data directory is in use by another leadclock process") {
		t.Fatalf("second Open: %v, want ErrInUse", err)
	}
}

func TestOpenCreatesPrivateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "leadclock.db")
	db, err := bolt.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Fatalf("file mode %v, want 0600", perm)
	}
}

// reopen closes db and opens the file again, as a restart would; the new handle is
// closed when the test ends.
func reopen(t *testing.T, db *bolt.DB, path string) *bolt.DB {
	t.Helper()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}
