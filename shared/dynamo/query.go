package dynamo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/nudge"
)

// DynamoDB's limits on one batch request.
const (
	maxBatchGet   = 100
	maxBatchWrite = 25
)

// queryInput is one query: a key condition on the table or on an index.
type queryInput struct {
	index      string
	cond       expression.KeyConditionBuilder
	consistent bool
	backward   bool
	attrs      []string // projection; nil for every projected attribute
	count      bool     // Select COUNT: pages carry counts, no items
}

func (s *Store) queryRequest(q queryInput) (*dynamodb.QueryInput, error) {
	b := expression.NewBuilder().WithKeyCondition(q.cond)
	if len(q.attrs) > 0 {
		b = b.WithProjection(projection(q.attrs))
	}
	expr, err := b.Build()
	if err != nil {
		return nil, fmt.Errorf("query expression: %w", err)
	}
	in := &dynamodb.QueryInput{
		TableName:                 aws.String(s.table),
		KeyConditionExpression:    expr.KeyCondition(),
		ProjectionExpression:      expr.Projection(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
		ConsistentRead:            aws.Bool(q.consistent),
		ScanIndexForward:          aws.Bool(!q.backward),
	}
	if q.index != "" {
		in.IndexName = aws.String(q.index)
	}
	if q.count {
		in.Select = types.SelectCount
	}
	if s.page > 0 {
		in.Limit = aws.Int32(s.page)
	}
	return in, nil
}

// query runs a query page after page, calling fn with each item until fn returns false
// or the pages run out.
func (s *Store) query(ctx context.Context, q queryInput, fn func(item map[string]types.AttributeValue) (more bool, err error)) error {
	in, err := s.queryRequest(q)
	if err != nil {
		return err
	}
	for {
		out, err := s.client.Query(ctx, in)
		if err != nil {
			return err
		}
		for _, item := range out.Items {
			more, err := fn(item)
			if err != nil || !more {
				return err
			}
		}
		if len(out.LastEvaluatedKey) == 0 {
			return nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

// count counts what a query selects, page after page.
func (s *Store) count(ctx context.Context, q queryInput) (int, error) {
	q.count = true
	in, err := s.queryRequest(q)
	if err != nil {
		return 0, err
	}
	n := 0
	for {
		out, err := s.client.Query(ctx, in)
		if err != nil {
			return 0, err
		}
		n += int(out.Count)
		if len(out.LastEvaluatedKey) == 0 {
			return n, nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

// indexKeys reads the table keys a query of a KEYS_ONLY index selects, in index order.
func (s *Store) indexKeys(ctx context.Context, q queryInput) ([]key, error) {
	var keys []key
	err := s.query(ctx, q, func(item map[string]types.AttributeValue) (bool, error) {
		var k key
		if err := unmarshal(item, &k); err != nil {
			return false, err
		}
		keys = append(keys, k)
		return true, nil
	})
	return keys, err
}

// batchGet reads items by key with consistent reads, a hundred keys a request, and
// returns those found by key. Keys DynamoDB leaves unprocessed (throttling, the 16 MB
// response limit) are asked for again after a pause.
func (s *Store) batchGet(ctx context.Context, keys []key) (map[key]map[string]types.AttributeValue, error) {
	found := make(map[key]map[string]types.AttributeValue, len(keys))
	seen := make(map[key]bool, len(keys))
	var todo []map[string]types.AttributeValue
	for _, k := range keys {
		if !seen[k] { // a batch may not name a key twice
			seen[k] = true
			todo = append(todo, marshalKey(k))
		}
	}
	for attempt := 0; len(todo) > 0; {
		n := min(len(todo), maxBatchGet)
		out, err := s.client.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{
			RequestItems: map[string]types.KeysAndAttributes{s.table: {Keys: todo[:n], ConsistentRead: aws.Bool(true)}},
		})
		if err != nil {
			return nil, err
		}
		for _, item := range out.Responses[s.table] {
			var k key
			if err := unmarshal(item, &k); err != nil {
				return nil, err
			}
			found[k] = item
		}
		todo = todo[n:]
		if left := out.UnprocessedKeys[s.table].Keys; len(left) > 0 {
			todo = append(todo, left...)
			if err := pause(ctx, attempt); err != nil {
				return nil, err
			}
			attempt++
		} else {
			attempt = 0
		}
	}
	return found, nil
}

// pause waits before asking again for what a batch request left unprocessed:
// exponentially longer each time, up to a second.
func pause(ctx context.Context, attempt int) error {
	t := time.NewTimer(min(10*time.Millisecond<<min(attempt, 7), time.Second))
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// leadsAt reads the leads at the keys, in key order, keeping those that match: the
// index that named them may be behind the table.
func (s *Store) leadsAt(ctx context.Context, keys []key, match func(lead.Lead) bool) ([]lead.Lead, error) {
	items, err := s.batchGet(ctx, keys)
	if err != nil {
		return nil, err
	}
	var out []lead.Lead
	for _, k := range keys {
		item, ok := items[k]
		if !ok {
			continue
		}
		delete(items, k) // once, though an index may name it twice
		var it leadItem
		if err := unmarshal(item, &it); err != nil {
			return nil, fmt.Errorf("lead item %s: %w", k.PK, err)
		}
		if match(it.Lead) {
			out = append(out, it.Lead)
		}
	}
	slices.SortFunc(out, func(a, b lead.Lead) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// Leads returns the leads matching the filter, oldest id first: by owner (and status)
// from the owner index, by status or all of them from the leads index.
func (s *Store) Leads(ctx context.Context, f engine.Filter) ([]lead.Lead, error) {
	q := queryInput{index: IndexLeads, cond: expression.Key(AttrLeadsPK).Equal(expression.Value(ValueLeads))}
	sortKey := AttrLeadsSK
	if f.Owner != "" {
		q = queryInput{index: IndexLeadsByOwner, cond: expression.Key(AttrOwnerPK).Equal(expression.Value(f.Owner))}
		sortKey = AttrOwnerSK
	}
	if f.Status != "" {
		q.cond = q.cond.And(expression.Key(sortKey).BeginsWith(statusSort(string(f.Status), "")))
	}
	keys, err := s.indexKeys(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("leads %+v: %w", f, err)
	}
	out, err := s.leadsAt(ctx, keys, func(l lead.Lead) bool {
		return (f.Owner == "" || l.Owner == f.Owner) && (f.Status == "" || l.Status == f.Status)
	})
	if err != nil {
		return nil, fmt.Errorf("leads %+v: %w", f, err)
	}
	return out, nil
}

// Due returns leads with a timer at or before the instant, from the due index, which
// holds a lead at its earliest timer for as long as it has one. The index may lag the
// table by a moment; Due is the sweeper's safety net for timers that never fired, so
// a lead it misses now it finds on its next run.
func (s *Store) Due(ctx context.Context, before time.Time) ([]lead.Lead, error) {
	q := queryInput{index: IndexDue, cond: expression.Key(AttrDuePK).Equal(expression.Value(ValueLeads)).
		And(expression.Key(AttrDueAt).LessThanEqual(expression.Value(sortable(before))))}
	keys, err := s.indexKeys(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("leads due by %v: %w", before, err)
	}
	out, err := s.leadsAt(ctx, keys, func(l lead.Lead) bool {
		return slices.ContainsFunc(l.Timers, func(t lead.Timer) bool { return !t.At.After(before) })
	})
	if err != nil {
		return nil, fmt.Errorf("leads due by %v: %w", before, err)
	}
	return out, nil
}

// DueInboxes returns inboxes holding notices whose flush time has passed, by key, from
// the due index, which holds an inbox at its flush instant while it holds notices.
func (s *Store) DueInboxes(ctx context.Context, before time.Time) ([]nudge.Inbox, error) {
	out, err := s.dueInboxes(ctx, before)
	if err != nil {
		return nil, fmt.Errorf("inboxes due by %v: %w", before, err)
	}
	return out, nil
}

func (s *Store) dueInboxes(ctx context.Context, before time.Time) ([]nudge.Inbox, error) {
	q := queryInput{index: IndexDue, cond: expression.Key(AttrDuePK).Equal(expression.Value(ValueInboxes)).
		And(expression.Key(AttrDueAt).LessThanEqual(expression.Value(sortable(before))))}
	keys, err := s.indexKeys(ctx, q)
	if err != nil {
		return nil, err
	}
	items, err := s.batchGet(ctx, keys)
	if err != nil {
		return nil, err
	}
	var out []nudge.Inbox
	for _, item := range items {
		var it inboxItem
		if err := unmarshal(item, &it); err != nil {
			return nil, err
		}
		if b := it.Inbox; len(b.Held) > 0 && !b.FlushAt.After(before) {
			out = append(out, b)
		}
	}
	slices.SortFunc(out, func(a, b nudge.Inbox) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

// Pending returns up to limit effects not yet done, oldest first, in commit order per
// lead (and per inbox): the outbox index in order, each effect then read from the
// table, so that one already done is not returned even while the index still lists it.
func (s *Store) Pending(ctx context.Context, limit int) ([]lead.Effect, error) {
	out := []lead.Effect{}
	if limit <= 0 {
		return out, nil
	}
	in, err := s.queryRequest(queryInput{index: IndexOutbox, cond: expression.Key(AttrOutboxPK).Equal(expression.Value(ValueOutbox))})
	if err != nil {
		return nil, fmt.Errorf("pending effects: %w", err)
	}
	for {
		in.Limit = aws.Int32(int32(min(limit-len(out), maxBatchGet)))
		if s.page > 0 {
			in.Limit = aws.Int32(min(*in.Limit, s.page))
		}
		page, err := s.client.Query(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("pending effects: %w", err)
		}
		keys := make([]key, 0, len(page.Items))
		for _, item := range page.Items {
			var k key
			if err := unmarshal(item, &k); err != nil {
				return nil, fmt.Errorf("pending effects: %w", err)
			}
			keys = append(keys, k)
		}
		items, err := s.batchGet(ctx, keys)
		if err != nil {
			return nil, fmt.Errorf("pending effects: %w", err)
		}
		for _, k := range keys {
			item, ok := items[k]
			if !ok {
				continue
			}
			e, err := DecodeEffect(item)
			if err != nil {
				return nil, fmt.Errorf("pending effects: %w", err)
			}
			out = append(out, e)
		}
		if len(out) >= limit || len(page.LastEvaluatedKey) == 0 {
			return out, nil
		}
		in.ExclusiveStartKey = page.LastEvaluatedKey
	}
}

// IsPending reports whether an effect is still in the outbox, with a consistent read:
// the dispatch function runs an effect a stream record carries only while it is, since
// Lambda delivers a batch again after a failure and the sweep may have run it already.
func (s *Store) IsPending(ctx context.Context, id string) (bool, error) {
	if id == "" {
		return false, nil // no effect has an empty id (Commit refuses one)
	}
	var k key
	found, err := s.getItem(ctx, outboxKey(id), &k, AttrPK)
	if err != nil {
		return false, fmt.Errorf("effect %s: %w", id, err)
	}
	return found, nil
}

// Done deletes effects from the outbox. Unknown ids are ignored: marking done twice is
// harmless.
func (s *Store) Done(ctx context.Context, ids ...string) error {
	var todo []types.WriteRequest
	seen := map[string]bool{}
	for _, id := range ids {
		if id != "" && !seen[id] { // a batch may not name a key twice, nor an empty one
			seen[id] = true
			todo = append(todo, types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: marshalKey(outboxKey(id))}})
		}
	}
	for attempt := 0; len(todo) > 0; {
		n := min(len(todo), maxBatchWrite)
		out, err := s.client.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{
			RequestItems: map[string][]types.WriteRequest{s.table: todo[:n]},
		})
		if err != nil {
			return fmt.Errorf("mark %d effects done: %w", len(ids), err)
		}
		todo = todo[n:]
		if left := out.UnprocessedItems[s.table]; len(left) > 0 {
			todo = append(todo, left...)
			if err := pause(ctx, attempt); err != nil {
				return fmt.Errorf("mark %d effects done: %w", len(ids), err)
			}
			attempt++
		} else {
			attempt = 0
		}
	}
	return nil
}
