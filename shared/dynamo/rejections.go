package dynamo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/leadclock/leadclock/shared/engine"
)

// A rejection is one item, REJECTION#<id>, holding the payload as binary (B) apart from
// the rest (a map), so that the rejections index copies everything but the payload:
// lists and counts read the index, in time order, and never a payload; Rejection reads
// the item. An item holds 400 KB, so a payload up to MaxRejectionPayload fits with its
// reason, which covers the 256 KB the HTTP API accepts.

// MaxRejectionPayload is the largest payload Reject keeps: what fits in one item with
// room for the rest of the rejection.
const MaxRejectionPayload = 384 << 10

// ErrPayloadTooLarge is what Reject returns for a payload over MaxRejectionPayload.
var ErrPayloadTooLarge = errors.New("payload too large to keep")

// Reject keeps a rejection as given; an id already kept is engine.ErrConflict, and the
// first payload stays, unless it is the same rejection: PutItem has no idempotency
// token, so the SDK retrying a put that landed before the connection broke finds its
// own item, and that is success.
func (s *Store) Reject(ctx context.Context, r engine.Rejection) error {
	if r.ID == "" {
		return fmt.Errorf("keep rejection from %s: no id", r.Provider)
	}
	if len(r.Payload) > MaxRejectionPayload {
		return fmt.Errorf("keep rejection %s: %d bytes, at most %d: %w", r.ID, len(r.Payload), MaxRejectionPayload, ErrPayloadTooLarge)
	}
	k := rejectionKey(r.ID)
	// The item holds copies: the caller's buffer may be reused once Reject returns.
	it := rejectionItem{key: k, Type: ItemRejection, RejectionsPK: ValueRejections, RejectionsSK: rejectionSort(r.At, r.ID),
		Rejection: r, Payload: bytes.Clone(r.Payload)}
	it.Rejection.Payload = nil
	item, err := marshal(it)
	if err == nil {
		var expr expression.Expression
		if expr, err = expression.NewBuilder().WithCondition(*notExists()).Build(); err == nil {
			_, err = s.client.PutItem(ctx, &dynamodb.PutItemInput{
				TableName: aws.String(s.table), Item: item,
				ConditionExpression:      expr.Condition(),
				ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
				ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
			})
		}
	}
	var exists *types.ConditionalCheckFailedException
	if errors.As(err, &exists) {
		var old rejectionItem
		if unmarshal(exists.Item, &old) == nil && old.Type == ItemRejection {
			old.Rejection.Payload = old.Payload
			if old.Rejection.Same(r) {
				return nil
			}
		}
		return fmt.Errorf("rejection %s is already kept: %w", r.ID, engine.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("keep rejection %s: %w", r.ID, err)
	}
	return nil
}

// window is the key condition of the rejections in [from, to) on the index, whose sort
// keys are <instant>#<id>: every key at an instant sorts after the bare instant, so a
// key ≥ from's instant is at or after from, and one < to's instant is before to. ok is
// false for a window that holds nothing.
func window(from, to time.Time) (cond expression.KeyConditionBuilder, ok bool) {
	cond = expression.Key(AttrRejectionsPK).Equal(expression.Value(ValueRejections))
	sk := expression.Key(AttrRejectionsSK)
	switch {
	case !from.IsZero() && !to.IsZero():
		if !from.Before(to) {
			return cond, false
		}
		// BETWEEN is inclusive, but no key equals the bare instant to.
		return cond.And(sk.Between(expression.Value(sortable(from)), expression.Value(sortable(to)))), true
	case !from.IsZero():
		return cond.And(sk.GreaterThanEqual(expression.Value(sortable(from)))), true
	case !to.IsZero():
		return cond.And(sk.LessThan(expression.Value(sortable(to)))), true
	}
	return cond, true
}

// Rejections returns those kept in [q.From, q.To), newest first (ties: greatest id
// first), without their payloads, from the rejections index: a rejection kept a moment
// ago may be missing for as long as the index lags the table.
func (s *Store) Rejections(ctx context.Context, q engine.RejectionQuery) ([]engine.Rejection, error) {
	out := []engine.Rejection{}
	cond, ok := window(q.From, q.To)
	if !ok {
		return out, nil
	}
	limit := q.Max()
	err := s.query(ctx, queryInput{index: IndexRejections, cond: cond, backward: true}, func(item map[string]types.AttributeValue) (bool, error) {
		var it rejectionItem
		if err := unmarshal(item, &it); err != nil {
			return false, err
		}
		out = append(out, it.Rejection)
		return len(out) < limit, nil
	})
	if err != nil {
		return nil, fmt.Errorf("list rejections: %w", err)
	}
	return out, nil
}

// Rejection returns one with its payload; engine.ErrNotFound when unknown.
func (s *Store) Rejection(ctx context.Context, id string) (engine.Rejection, error) {
	var it rejectionItem
	found, err := s.getItem(ctx, rejectionKey(id), &it)
	if err != nil {
		return engine.Rejection{}, fmt.Errorf("rejection %s: %w", id, err)
	}
	if !found || it.Type != ItemRejection {
		return engine.Rejection{}, fmt.Errorf("rejection %s: %w", id, engine.ErrNotFound)
	}
	r := it.Rejection
	r.Payload = it.Payload
	if r.Payload == nil {
		r.Payload = []byte{}
	}
	return r, nil
}

// CountRejections counts those kept in [from, to); a zero bound is no bound. It reads
// the index's keys only, page after page.
func (s *Store) CountRejections(ctx context.Context, from, to time.Time) (int, error) {
	cond, ok := window(from, to)
	if !ok {
		return 0, nil
	}
	n, err := s.count(ctx, queryInput{index: IndexRejections, cond: cond})
	if err != nil {
		return 0, fmt.Errorf("count rejections: %w", err)
	}
	return n, nil
}
