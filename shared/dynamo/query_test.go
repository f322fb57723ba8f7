package dynamo_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/leadclock/leadclock/shared/dynamo"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/storetest"
)

// Every query reads page after page: with two items a page, each answer spans several
// pages and is whole.
func TestPagination(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	s := f.store.WithPageSize(2)
	var all, alice []string
	var pending []string
	for i := range 7 {
		id, owner := fmt.Sprintf("L%d", i), []string{"alice", "bob"}[i%2]
		c := newLead(id, owner)
		c.Lead.Timers[0].At = t0.Add(time.Duration(i) * time.Minute)
		if err := s.Commit(ctx, c); err != nil {
			t.Fatal(err)
		}
		all = append(all, id)
		if owner == "alice" {
			alice = append(alice, id)
		}
		pending = append(pending, storetest.EffectIDs(c.Effects)...)
	}
	// A long timeline.
	l, _ := s.Lead(ctx, "L0")
	var entries []lead.Activity
	for seq := 3; seq <= 9; seq++ {
		entries = append(entries, lead.Activity{LeadID: "L0", Seq: seq, At: t0.Add(time.Duration(seq) * time.Second), Type: lead.TypeNote, Note: fmt.Sprint("note ", seq)})
	}
	l.Activities = 9
	if err := s.Commit(ctx, engine.Change{Lead: l, Activities: entries}); err != nil {
		t.Fatal(err)
	}
	for i := range 7 {
		r := engine.Rejection{ID: fmt.Sprintf("R%d", i), At: t0.Add(time.Duration(i) * time.Second), Provider: "cars-com", Status: 422, Payload: []byte("{}"), Size: 2}
		if err := s.Reject(ctx, r); err != nil {
			t.Fatal(err)
		}
	}

	// pages runs a read and returns how many queries it took.
	pages := func(read func() error) int64 {
		t.Helper()
		before := f.client.queries.Load()
		if err := read(); err != nil {
			t.Fatal(err)
		}
		return f.client.queries.Load() - before
	}
	check := func(what string, got, want []string, queries, atLeast int64) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
		if queries < atLeast {
			t.Errorf("%s took %d queries, want at least %d pages", what, queries, atLeast)
		}
	}
	var leads []lead.Lead
	n := pages(func() (err error) { leads, err = s.Leads(ctx, engine.Filter{}); return })
	check("Leads()", storetest.LeadIDs(leads), all, n, 4)
	n = pages(func() (err error) { leads, err = s.Leads(ctx, engine.Filter{Owner: "alice"}); return })
	check("Leads(alice)", storetest.LeadIDs(leads), alice, n, 2)
	n = pages(func() (err error) { leads, err = s.Leads(ctx, engine.Filter{Status: lead.StatusAssigned}); return })
	check("Leads(assigned)", storetest.LeadIDs(leads), all, n, 4)
	n = pages(func() (err error) { leads, err = s.Due(ctx, t0.Add(4*time.Minute)); return })
	check("Due(t0+4m)", storetest.LeadIDs(leads), all[:5], n, 3)
	var timeline []lead.Activity
	n = pages(func() (err error) { timeline, err = s.Timeline(ctx, "L0"); return })
	var seqs []string
	for _, a := range timeline {
		seqs = append(seqs, fmt.Sprint(a.Seq))
	}
	check("Timeline(L0)", seqs, []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, n, 5)
	var effects []lead.Effect
	n = pages(func() (err error) { effects, err = s.Pending(ctx, 100); return })
	check("Pending(100)", storetest.EffectIDs(effects), pending, n, 7)
	n = pages(func() (err error) { effects, err = s.Pending(ctx, 5); return })
	check("Pending(5)", storetest.EffectIDs(effects), pending[:5], n, 3)
	var rejections []engine.Rejection
	n = pages(func() (err error) {
		rejections, err = s.Rejections(ctx, engine.RejectionQuery{From: t0.Add(time.Second)})
		return
	})
	var ids []string
	for _, r := range rejections {
		ids = append(ids, r.ID)
	}
	check("Rejections(from t0+1s)", ids, []string{"R6", "R5", "R4", "R3", "R2", "R1"}, n, 3)
	var count int
	n = pages(func() (err error) { count, err = s.CountRejections(ctx, t0, t0.Add(5*time.Second)); return })
	check("CountRejections", []string{fmt.Sprint(count)}, []string{"5"}, n, 3)
}

// More items than one batch request takes: a batch get reads a hundred keys at most
// and a batch write deletes twenty-five. (Just over a hundred, each lead a lone item, in
// tables of their own: moto_server copies the whole table for each item a transaction
// writes.)
func TestLargeAnswers(t *testing.T) {
	ctx := context.Background()
	t.Run("leads", func(t *testing.T) {
		f := newFixture(t)
		var ids []string
		for i := range 105 {
			id := fmt.Sprintf("L%03d", i)
			l := lead.Lead{ID: id, Status: lead.StatusAssigned, Owner: "alice", ReceivedAt: t0}
			if err := f.store.Commit(ctx, engine.Change{Lead: l}); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		gets := f.client.batchGets.Load()
		leads, err := f.store.Leads(ctx, engine.Filter{Owner: "alice"})
		if err != nil {
			t.Fatal(err)
		}
		if got := storetest.LeadIDs(leads); !slices.Equal(got, ids) {
			t.Fatalf("Leads(alice): %d leads, want %d", len(got), len(ids))
		}
		if n := f.client.batchGets.Load() - gets; n < 2 {
			t.Errorf("%d leads read in %d batch requests", len(ids), n)
		}
	})
	t.Run("effects", func(t *testing.T) {
		f := newFixture(t)
		var pending []string
		for i := range 5 {
			id := fmt.Sprintf("L%d", i)
			c := engine.Change{Lead: lead.Lead{ID: id, Status: lead.StatusAssigned, Owner: "bob", ReceivedAt: t0}}
			for j := range 21 {
				n := lead.Notice{LeadID: id, To: fmt.Sprintf("rep%d", j), Channel: lead.SMS, Kind: lead.NoticeOffer, At: t0}
				c.Effects = append(c.Effects, lead.Effect{ID: fmt.Sprintf("%s/offer/rep%02d/sms", id, j), LeadID: id, Kind: lead.EffectNotify, Notice: &n})
			}
			if err := f.store.Commit(ctx, c); err != nil {
				t.Fatal(err)
			}
			pending = append(pending, storetest.EffectIDs(c.Effects)...)
		}
		effects, err := f.store.Pending(ctx, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if got := storetest.EffectIDs(effects); !slices.Equal(got, pending) {
			t.Fatalf("Pending: %d effects, want %d in commit order", len(got), len(pending))
		}
		writes := f.client.batchWrites.Load()
		if err := f.store.Done(ctx, append(pending, pending[0], "no-such-effect")...); err != nil {
			t.Fatal(err)
		}
		if n := f.client.batchWrites.Load() - writes; n < 5 {
			t.Errorf("%d effects deleted in %d batch requests", len(pending), n)
		}
		if effects, _ := f.store.Pending(ctx, 1000); len(effects) != 0 {
			t.Fatalf("%d effects pending after all were done", len(effects))
		}
	})
}

// lagging plays an index that lags the table: once frozen, each index query gets the
// answer the same query got before.
type lagging struct {
	*serial
	mu      sync.Mutex
	frozen  bool
	answers map[string]*dynamodb.QueryOutput
}

func (l *lagging) Query(ctx context.Context, in *dynamodb.QueryInput, optFns ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	if in.IndexName == nil {
		return l.serial.Query(ctx, in, optFns...)
	}
	q := fmt.Sprintf("%s %s %v %v %v", aws.ToString(in.IndexName), aws.ToString(in.KeyConditionExpression), in.ExpressionAttributeValues, in.ExclusiveStartKey, aws.ToInt32(in.Limit))
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.frozen && l.answers[q] != nil {
		return l.answers[q], nil
	}
	out, err := l.serial.Query(ctx, in, optFns...)
	if err == nil {
		l.answers[q] = out
	}
	return out, err
}

// While an index lags the table, its stale entries never come back as stale results:
// a lead that left a status, an owner or the due list is not listed under it, and an
// effect already done is not pending again (which would send a message twice).
func TestStaleIndexEntriesAreSkipped(t *testing.T) {
	ctx := context.Background()
	raw, table := newTable(t)
	c := &lagging{serial: &serial{c: raw}, answers: map[string]*dynamodb.QueryOutput{}}
	s := dynamo.New(c, table)
	first := newLead("L1", "alice")
	if err := s.Commit(ctx, first); err != nil {
		t.Fatal(err)
	}
	reads := []struct {
		name string
		read func() ([]string, error)
	}{
		{"Leads(assigned)", func() ([]string, error) {
			ls, err := s.Leads(ctx, engine.Filter{Status: lead.StatusAssigned})
			return storetest.LeadIDs(ls), err
		}},
		{"Leads(alice)", func() ([]string, error) {
			ls, err := s.Leads(ctx, engine.Filter{Owner: "alice"})
			return storetest.LeadIDs(ls), err
		}},
		{"Due", func() ([]string, error) { ls, err := s.Due(ctx, t0.Add(time.Hour)); return storetest.LeadIDs(ls), err }},
		{"Pending", func() ([]string, error) { es, err := s.Pending(ctx, 10); return storetest.EffectIDs(es), err }},
	}
	for _, r := range reads {
		if got, err := r.read(); err != nil || len(got) == 0 {
			t.Fatalf("%s before: %v, %v", r.name, got, err)
		}
	}
	c.mu.Lock()
	c.frozen = true
	c.mu.Unlock()

	if err := s.Done(ctx, first.Effects[0].ID); err != nil {
		t.Fatal(err)
	}
	l, _ := s.Lead(ctx, "L1")
	l.Status, l.Owner, l.Timers, l.Deadline = lead.StatusClosed, "bob", nil, time.Time{}
	if err := s.Commit(ctx, engine.Change{Lead: l}); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"Pending": {first.Effects[1].ID}}
	for _, r := range reads {
		got, err := r.read()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want[r.name]) {
			t.Errorf("%s from a lagging index = %v, want %v", r.name, got, want[r.name])
		}
	}
}
