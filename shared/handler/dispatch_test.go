package handler_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/leadclock/leadclock/shared/dynamo"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/handler"
	"github.com/leadclock/leadclock/shared/handler/streamtest"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/mototest"
)

func TestMain(m *testing.M) { mototest.Main(m) }

// runner records the effects it runs and fails those in down.
type runner struct {
	ran  []string
	down map[string]bool
}

func (r *runner) Run(_ context.Context, eff lead.Effect) error {
	r.ran = append(r.ran, eff.ID)
	if r.down[eff.ID] {
		return errors.New("throttled")
	}
	return nil
}

var tables atomic.Int64

// TestDispatchPartialFailure: one lead's failing effect is reported with the lead's
// later effects behind it; the other lead's effects run once, also when Lambda
// delivers the batch again from the failure.
func TestDispatchPartialFailure(t *testing.T) {
	ctx := context.Background()
	srv := mototest.Shared(t)
	db := dynamodb.NewFromConfig(srv.Config())
	table := fmt.Sprintf("dispatch-%d", tables.Add(1))
	if err := dynamo.CreateTable(ctx, db, table); err != nil {
		t.Fatal(err)
	}
	store := dynamo.New(db, table)
	at := time.Date(2026, 11, 24, 16, 0, 0, 0, time.UTC)
	for _, id := range []string{"A", "B"} {
		timer := lead.Timer{LeadID: id, Kind: lead.TimerDeadline, Seq: 1, At: at.Add(5 * time.Minute)}
		err := store.Commit(ctx, engine.Change{
			Lead: lead.Lead{ID: id, Status: lead.StatusAssigned, Owner: "alice"},
			Effects: []lead.Effect{
				{ID: id + "/1", LeadID: id, Kind: lead.EffectSchedule, Timer: &timer},
				{ID: id + "/2", LeadID: id, Kind: lead.EffectCancel, Timer: &timer},
			},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	expr, err := expression.NewBuilder().WithFilter(expression.Name(dynamo.AttrType).Equal(expression.Value(dynamo.ItemOutbox))).Build()
	if err != nil {
		t.Fatal(err)
	}
	scan, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(table), FilterExpression: expr.Filter(),
		ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values()})
	if err != nil {
		t.Fatal(err)
	}
	if len(scan.Items) != 4 {
		t.Fatalf("%d outbox items, want 4", len(scan.Items))
	}
	var batch events.DynamoDBEvent
	seqOf := map[string]string{}
	for i, item := range scan.Items {
		rec := streamtest.Insert(i+1, item)
		eff, err := dynamo.DecodeEffect(item)
		if err != nil {
			t.Fatal(err)
		}
		seqOf[eff.ID] = rec.Change.SequenceNumber
		batch.Records = append(batch.Records, rec)
	}
	// Noise a stream also carries: a lead item written, an outbox item removed.
	batch.Records = append(batch.Records, events.DynamoDBEventRecord{EventName: "MODIFY", Change: events.DynamoDBStreamRecord{SequenceNumber: "9"}},
		events.DynamoDBEventRecord{EventName: "REMOVE", Change: events.DynamoDBStreamRecord{SequenceNumber: "10"}})

	r := &runner{down: map[string]bool{"A/1": true}}
	h := &handler.Dispatch{Runner: r, Outbox: store, Log: slog.New(slog.DiscardHandler)}
	resp, err := h.Handle(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	var failed []string
	for _, f := range resp.BatchItemFailures {
		failed = append(failed, f.ItemIdentifier)
	}
	slices.Sort(failed)
	want := []string{seqOf["A/1"], seqOf["A/2"]}
	slices.Sort(want)
	if !slices.Equal(failed, want) {
		t.Fatalf("failures %v, want A's two effects %v", failed, want)
	}
	if !slices.Equal(r.ran, []string{"A/1", "B/1", "B/2"}) {
		t.Errorf("ran %v, want A/1 (failed), then B's in order, and not A/2 behind the failure", r.ran)
	}

	// Lambda delivers the batch again; the failure has cleared.
	r.ran, r.down = nil, nil
	if resp, err := h.Handle(ctx, batch); err != nil || len(resp.BatchItemFailures) != 0 {
		t.Fatalf("second delivery: %v %v", err, resp.BatchItemFailures)
	}
	if !slices.Equal(r.ran, []string{"A/1", "A/2"}) {
		t.Errorf("ran %v on the second delivery, want only A's, B's being done", r.ran)
	}
	if pending, err := store.Pending(ctx, 10); err != nil || len(pending) != 0 {
		t.Errorf("pending %v (%v), want none", pending, err)
	}
}
