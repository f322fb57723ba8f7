package dynamo_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/leadclock/leadclock/shared/dynamo"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/nudge"
	"github.com/leadclock/leadclock/shared/roster"
	"github.com/leadclock/leadclock/shared/storetest"
)

// Each guard that fails cancels the transaction with ErrConflict, says which item it
// was, and leaves the table as it was.
func TestConflicts(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	first := newLead("L1", "alice")
	st := roster.State{}.Assigned("alice", t0)
	first.Roster = &st
	if err := f.store.Commit(ctx, first); err != nil {
		t.Fatal(err)
	}
	stored, _ := f.store.Lead(ctx, "L1")

	stale := stored
	stale.Version = 0
	stale.Status = lead.StatusClosed
	reclaim := newLead("L2", "bob")
	reclaim.Lead.Source = first.Lead.Source
	pending := newLead("L3", "bob")
	pending.Effects = append(pending.Effects, first.Effects[0])
	staleRoster := newLead("L4", "bob")
	old := roster.State{}.Assigned("bob", t0)
	staleRoster.Roster = &old
	behind := stored
	behind.Status = lead.StatusContacted
	behind.Version = 7
	tests := []struct {
		name string
		c    engine.Change
		says string
	}{
		{"lead written again as new", engine.Change{Lead: stale}, "lead L1 exists already, at version 1"},
		{"lead read at an older version", engine.Change{Lead: behind}, "lead L1 at version 1, change read 7"},
		{"provider lead id claimed", reclaim, "cars-com lead p-L1 exists already"},
		{"effect already pending", pending, "effect L1/owner1/alice/sms exists already"},
		{"roster read at an older version", staleRoster, "roster exists already, at version 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.client.transactions.Load()
			err := f.store.Commit(ctx, tt.c)
			if !errors.Is(err, engine.ErrConflict) {
				t.Fatalf("commit: %v, want ErrConflict", err)
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("error %q does not say %q", err, tt.says)
			}
			if f.client.transactions.Load() != before+1 {
				t.Errorf("%d transactions, want the one DynamoDB cancelled", f.client.transactions.Load()-before)
			}
		})
	}
	// Nothing any of them wrote is there.
	if got, _ := f.store.Lead(ctx, "L1"); got.Version != 1 || got.Status != lead.StatusAssigned {
		t.Errorf("L1 after the conflicts: version %d, %s", got.Version, got.Status)
	}
	for _, id := range []string{"L2", "L3", "L4"} {
		if _, err := f.store.Lead(ctx, id); !errors.Is(err, engine.ErrNotFound) {
			t.Errorf("%s written: %v", id, err)
		}
		if it := f.item(t, "LEAD#"+id, "ACT#0000000001"); it != nil {
			t.Errorf("timeline of %s written: %v", id, it)
		}
		if it := f.item(t, "OUTBOX#"+id, id+"/schedule/deadline/1"); it != nil {
			t.Errorf("effect of %s queued: %v", id, it)
		}
	}
	if r, _ := f.store.Roster(ctx); r.Version != 1 || r.LastAssigned["bob"] != (time.Time{}) {
		t.Errorf("roster after the conflicts: %+v", r)
	}
	pendingIDs, _ := f.store.Pending(ctx, 10)
	if ids := storetest.EffectIDs(pendingIDs); !slices.Equal(ids, storetest.EffectIDs(first.Effects)) {
		t.Errorf("pending %v", ids)
	}

	// An inbox read at an older version.
	b, _ := f.store.Inbox(ctx, "alice.sms")
	if err := f.store.CommitInbox(ctx, b, nil); err != nil {
		t.Fatal(err)
	}
	err := f.store.CommitInbox(ctx, b, nil)
	if !errors.Is(err, engine.ErrConflict) || !strings.Contains(err.Error(), "inbox alice.sms exists already, at version 1") {
		t.Fatalf("stale inbox: %v", err)
	}
}

// A writer whose clock reads no later than a lead's last commit gets a conflict, so
// that the lead's effects keep their commit order in the outbox; a moment later, as
// the engine's retry would, it commits.
func TestLaggingClockIsAConflict(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	if err := f.store.Commit(ctx, newLead("L1", "alice")); err != nil {
		t.Fatal(err)
	}
	l, _ := f.store.Lead(ctx, "L1")
	next := l
	next.Status = lead.StatusContacted
	c := engine.Change{Lead: next, Effects: []lead.Effect{{ID: "L1/cancel/deadline/1", LeadID: "L1", Kind: lead.EffectCancel, Timer: &l.Timers[0]}}}

	lag := time.Now().Add(-time.Minute)
	lagging := f.store.WithClock(func() time.Time { return lag })
	err := lagging.Commit(ctx, c)
	if !errors.Is(err, engine.ErrConflict) || !strings.Contains(err.Error(), "not before this commit's clock") {
		t.Fatalf("commit behind the lead's last one: %v, want a clock conflict", err)
	}
	if got, _ := f.store.Lead(ctx, "L1"); got.Version != 1 {
		t.Fatalf("lead written: version %d", got.Version)
	}
	lag = time.Now().Add(time.Minute)
	if err := lagging.Commit(ctx, c); err != nil {
		t.Fatalf("commit once the clock caught up: %v", err)
	}
	pending, _ := f.store.Pending(ctx, 10)
	want := []string{"L1/owner1/alice/sms", "L1/schedule/deadline/1", "L1/cancel/deadline/1"}
	if ids := storetest.EffectIDs(pending); !slices.Equal(ids, want) {
		t.Fatalf("pending %v, want %v", ids, want)
	}
}

// cancelling answers every transaction with a cancellation of the given reasons, as
// DynamoDB does for reasons moto_server never gives.
type cancelling struct {
	dynamo.Client
	codes []string
}

func (c cancelling) TransactWriteItems(_ context.Context, in *dynamodb.TransactWriteItemsInput, _ ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	reasons := make([]types.CancellationReason, len(in.TransactItems))
	for i := range reasons {
		reasons[i] = types.CancellationReason{Code: aws.String("None")}
		if i < len(c.codes) {
			reasons[i] = types.CancellationReason{Code: aws.String(c.codes[i]), Message: aws.String(c.codes[i] + " message")}
		}
	}
	return nil, &types.TransactionCanceledException{Message: aws.String("Transaction cancelled"), CancellationReasons: reasons}
}

// A transaction DynamoDB cancels because another one held an item is a conflict (the
// engine decides again); one it cancels for throttling or validation is not.
func TestCancellationReasons(t *testing.T) {
	tests := []struct {
		codes    []string
		conflict bool
		says     string
	}{
		{[]string{"TransactionConflict"}, true, "lead L1: another transaction was writing it"},
		{[]string{"None", "None", "ConditionalCheckFailed"}, true, "timeline entry 1 of lead L1 exists already"},
		{[]string{"ConditionalCheckFailed", "ThrottlingError"}, false, "cars-com lead p-L1: ThrottlingError"},
		{[]string{"ValidationError"}, false, "lead L1: ValidationError: ValidationError message"},
		{nil, false, "transaction cancelled"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.codes), func(t *testing.T) {
			s := dynamo.New(cancelling{codes: tt.codes}, "leads")
			err := s.Commit(context.Background(), newLead("L1", "alice"))
			if err == nil || errors.Is(err, engine.ErrConflict) != tt.conflict {
				t.Fatalf("commit: %v, want conflict %v", err, tt.conflict)
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("error %q does not say %q", err, tt.says)
			}
			var cancelled *types.TransactionCanceledException
			if !tt.conflict && !errors.As(err, &cancelled) {
				t.Errorf("error %q does not wrap DynamoDB's", err)
			}
		})
	}
}

// One transaction writes at most 100 items: a commit that needs more is refused whole,
// before anything is sent, and one that needs exactly 100 goes through.
func TestTransactionItemLimit(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	// A new lead with no timeline: its item, its provider lead id, a match key, and
	// the effects.
	change := func(id string, effects int) engine.Change {
		c := newLead(id, "alice")
		c.Activities = nil
		c.Effects = nil
		for i := range effects {
			n := lead.Notice{LeadID: id, To: fmt.Sprintf("rep%d", i), Channel: lead.SMS, Kind: lead.NoticeOffer, At: t0}
			c.Effects = append(c.Effects, lead.Effect{ID: fmt.Sprintf("%s/offer/rep%d/sms", id, i), LeadID: id, Kind: lead.EffectNotify, Notice: &n})
		}
		return c
	}
	err := f.store.Commit(ctx, change("L1", 98))
	if !errors.Is(err, dynamo.ErrTooManyItems) || errors.Is(err, engine.ErrConflict) || !strings.Contains(err.Error(), "101 items") {
		t.Fatalf("commit of 101 items: %v, want ErrTooManyItems", err)
	}
	if n := f.client.transactions.Load(); n != 0 {
		t.Fatalf("%d transactions sent for a commit over the limit", n)
	}
	if _, err := f.store.Lead(ctx, "L1"); !errors.Is(err, engine.ErrNotFound) {
		t.Fatalf("lead written: %v", err)
	}
	// Two changes that fit alone but not together are refused together.
	err = f.store.Commit(ctx, change("L2", 50), change("L3", 50))
	if !errors.Is(err, dynamo.ErrTooManyItems) {
		t.Fatalf("commit of two changes over the limit: %v", err)
	}
	if err := f.store.Commit(ctx, change("L1", 97)); err != nil {
		t.Fatalf("commit of exactly 100 items: %v", err)
	}
	if pending, _ := f.store.Pending(ctx, 200); len(pending) != 97 {
		t.Fatalf("%d effects pending, want 97", len(pending))
	}
	// Inboxes keep to the limit too.
	var effs []lead.Effect
	for i := range 100 {
		m := lead.Message{ID: fmt.Sprintf("bob.sms/%d", i), To: "bob", Channel: lead.SMS}
		effs = append(effs, lead.Effect{ID: m.ID, Kind: lead.EffectSend, Message: &m})
	}
	if err := f.store.CommitInbox(ctx, nudge.Inbox{Key: "bob.sms"}, effs); !errors.Is(err, dynamo.ErrTooManyItems) {
		t.Fatalf("inbox commit of 101 items: %v", err)
	}
}

// What DynamoDB cannot do in one transaction is refused with an error of its own, not
// a conflict: deciding again would not help.
func TestCommitMisuse(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	err := f.store.Commit(ctx, newLead("L1", "alice"), newLead("L1", "bob"))
	if err == nil || errors.Is(err, engine.ErrConflict) || !strings.Contains(err.Error(), "written twice in one transaction") {
		t.Fatalf("one lead twice in a commit: %v", err)
	}
	c := newLead("L2", "alice")
	c.Effects = append(c.Effects, c.Effects[0])
	if err := f.store.Commit(ctx, c); err == nil || errors.Is(err, engine.ErrConflict) || !strings.Contains(err.Error(), "appears twice in one change") {
		t.Fatalf("one effect twice in a change: %v", err)
	}
	c = newLead("L2", "alice")
	c.Effects[0].ID = ""
	if err := f.store.Commit(ctx, c); err == nil || errors.Is(err, engine.ErrConflict) || !strings.Contains(err.Error(), "has no id") {
		t.Fatalf("an effect without an id: %v", err)
	}
	if pending, err := f.store.IsPending(ctx, ""); err != nil || pending {
		t.Fatalf("IsPending of no id: %v, %v", pending, err)
	}
	if err := f.store.Done(ctx, ""); err != nil {
		t.Fatalf("Done of no id: %v", err)
	}
	if n := f.client.transactions.Load(); n != 0 {
		t.Fatalf("%d transactions sent", n)
	}
	// An item over DynamoDB's 400 KB fails the commit, which writes nothing.
	big := newLead("L3", "alice")
	big.Lead.Comments = strings.Repeat("x", 420<<10)
	if err := f.store.Commit(ctx, big); err == nil || errors.Is(err, engine.ErrConflict) {
		t.Fatalf("commit of a lead over 400 KB: %v, want a plain error", err)
	}
	if _, err := f.store.Lead(ctx, "L3"); !errors.Is(err, engine.ErrNotFound) {
		t.Fatalf("lead over 400 KB written: %v", err)
	}
	if it := f.item(t, "OUTBOX#L3", "L3/schedule/deadline/1"); it != nil {
		t.Fatalf("effect of a lead over 400 KB queued")
	}
	// A payload too large to keep is refused before it is sent.
	puts := f.client.puts.Load()
	r := engine.Rejection{ID: "R1", At: t0, Provider: "cars-com", Status: 413, Payload: make([]byte, dynamo.MaxRejectionPayload+1)}
	if err := f.store.Reject(ctx, r); !errors.Is(err, dynamo.ErrPayloadTooLarge) || f.client.puts.Load() != puts {
		t.Fatalf("rejection over the limit: %v", err)
	}
	transactions := f.client.transactions.Load()
	// Nothing to write sends nothing.
	if err := f.store.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Commit(ctx, engine.Change{}); err != nil {
		t.Fatal(err)
	}
	if n := f.client.transactions.Load() - transactions; n != 0 {
		t.Fatalf("%d transactions sent for empty commits", n)
	}
}
