package handler

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"slices"

	"github.com/aws/aws-lambda-go/events"
	"github.com/leadclock/leadclock/shared/dynamo"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
)

// EffectRunner carries out one effect; the engine's runner does.
type EffectRunner interface {
	Run(ctx context.Context, eff lead.Effect) error
}

// Outbox tells which effects still wait and marks them done; the store does.
type Outbox interface {
	IsPending(ctx context.Context, id string) (bool, error)
	Done(ctx context.Context, ids ...string) error
}

// Dispatch runs the effects a DynamoDB stream batch carries: every outbox item the
// engine's commits wrote.
type Dispatch struct {
	Runner EffectRunner
	Outbox Outbox
	Log    *slog.Logger
}

// record is an outbox effect of the batch with where it came from.
type record struct {
	seq   string // the stream record's sequence number, to report a failure by
	order string // its place in commit order
	eff   lead.Effect
}

// Handle runs the batch's effects in commit order, each lead's (each inbox's) in
// order. An effect that fails is reported as a batch item failure, and the later
// effects of its lead wait behind it (reported too, so that they come again after
// it); other leads' effects go on. Lambda retries from the earliest failure, so
// effects already done come again: each is run only while it is still in the
// outbox, which also covers a sweep or an earlier delivery having run it.
func (h *Dispatch) Handle(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	var resp events.DynamoDBEventResponse
	fail := func(seq string) {
		resp.BatchItemFailures = append(resp.BatchItemFailures, events.DynamoDBBatchItemFailure{ItemIdentifier: seq})
	}
	var recs []record
	for _, r := range ev.Records {
		if r.EventName != string(events.DynamoDBOperationTypeInsert) {
			continue // an outbox item is written once and deleted when done
		}
		item, err := image(r.Change.NewImage)
		if err != nil || !dynamo.IsOutboxItem(item) {
			if err != nil {
				h.Log.ErrorContext(ctx, "stream image unreadable", "eventId", r.EventID, "error", err.Error())
				fail(r.Change.SequenceNumber)
			}
			continue
		}
		eff, err := dynamo.DecodeEffect(item)
		var order string
		if err == nil {
			order, err = dynamo.OutboxOrder(item)
		}
		if err != nil {
			// It will not decode on a retry either; the retries end in the
			// on-failure queue, whose alarm tells ops.
			h.Log.ErrorContext(ctx, "outbox item unreadable", "eventId", r.EventID, "error", err.Error())
			fail(r.Change.SequenceNumber)
			continue
		}
		recs = append(recs, record{seq: r.Change.SequenceNumber, order: order, eff: eff})
	}
	// A commit's items reach the stream in no set order; their commit order is kept
	// on each item.
	slices.SortStableFunc(recs, func(a, b record) int { return cmp.Compare(a.order, b.order) })

	blocked := map[string]bool{}
	for _, r := range recs {
		stream := engine.Stream(r.eff)
		if blocked[stream] {
			fail(r.seq)
			continue
		}
		if err := h.run(ctx, r.eff); err != nil {
			h.Log.ErrorContext(ctx, "effect failed", "effect", r.eff.ID, "kind", r.eff.Kind, "error", err.Error())
			blocked[stream] = true
			fail(r.seq)
		}
	}
	return resp, nil
}

func (h *Dispatch) run(ctx context.Context, eff lead.Effect) error {
	pending, err := h.Outbox.IsPending(ctx, eff.ID)
	if err != nil {
		return fmt.Errorf("check effect %s: %w", eff.ID, err)
	}
	if !pending {
		return nil
	}
	if err := h.Runner.Run(ctx, eff); err != nil {
		return err
	}
	if err := h.Outbox.Done(ctx, eff.ID); err != nil {
		return fmt.Errorf("mark effect %s done: %w", eff.ID, err)
	}
	return nil
}
