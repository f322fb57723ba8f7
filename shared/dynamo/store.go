// Package dynamo adapts the engine's Store and Rejections ports to one DynamoDB table
// per dealership: the single-table layout of docs/DYNAMODB.md, every commit one
// TransactWriteItems guarded by versions, sparse indexes for the queries that must not
// scan (leads by owner and status, leads and inboxes due, the outbox, rejections), and
// the outbox items that the table's stream carries to the dispatch function.
//
// It passes the same conformance suites as the in-memory and bbolt stores
// (storetest.Run, storetest.RunRejections), on moto_server.
package dynamo

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/nudge"
	"github.com/leadclock/leadclock/shared/roster"
)

// Client is what the store needs of a DynamoDB client: *dynamodb.Client, built once
// per cold start by the Lambda mains and narrowed (see Narrow).
type Client interface {
	GetItem(ctx context.Context, in *dynamodb.GetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	PutItem(ctx context.Context, in *dynamodb.PutItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	Query(ctx context.Context, in *dynamodb.QueryInput, optFns ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error)
	BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error)
	BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error)
	TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, optFns ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error)
}

var _ Client = (*dynamodb.Client)(nil)

// Store is an engine.Store and engine.Rejections in one DynamoDB table. It is safe for
// concurrent use.
//
// Reads of items by key and of a lead's timeline are strongly consistent: a command
// reads what the commit before it wrote. Index queries cannot be (DynamoDB's global
// secondary indexes are eventually consistent), so each index answers only which items
// to read, and the items are then read consistently and checked again: a list may miss
// an item written a moment ago, but never returns a stale lead nor an effect already
// done (see docs/DYNAMODB.md).
type Store struct {
	client Client
	table  string
	page   int32 // Query page size; 0 lets DynamoDB fill 1 MB pages
	now    func() time.Time

	mu   sync.Mutex
	last time.Time // the last commit instant issued
}

var (
	_ engine.Store      = (*Store)(nil)
	_ engine.Rejections = (*Store)(nil)
)

// New returns the store in the named table, which must have the layout TableInput
// describes.
func New(client Client, table string) *Store {
	return &Store{client: client, table: table, now: time.Now}
}

// WithPageSize returns the store set to read queries n items at a time (DynamoDB's
// Limit), instead of DynamoDB's 1 MB pages. Tests use it to cross page boundaries.
func (s *Store) WithPageSize(n int) *Store {
	c := s.clone()
	c.page = int32(min(max(0, n), math.MaxInt32))
	return c
}

// WithClock returns the store stamping commits with the clock's instants instead of
// the system clock's: the order of the outbox. Tests use it to play another writer,
// whose clock lags.
func (s *Store) WithClock(now func() time.Time) *Store {
	c := s.clone()
	c.now = now
	return c
}

// clone copies the settings; the copy orders its own commits, as another process's
// store would.
func (s *Store) clone() *Store {
	return &Store{client: s.client, table: s.table, page: s.page, now: s.now}
}

// Table is the name of the store's table.
func (s *Store) Table() string { return s.table }

// commitInstant is the instant a commit is stamped with: the clock's, moved past the
// last one this store issued, so that one process's commits are ordered even when
// its clock reads the same twice or steps back.
func (s *Store) commitInstant() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	at := s.now().UTC().Round(0)
	if !at.After(s.last) {
		at = s.last.Add(time.Nanosecond)
	}
	s.last = at
	return at
}

// getItem reads one item with a consistent read; found is false when there is none.
func (s *Store) getItem(ctx context.Context, k key, v any, attrs ...string) (found bool, err error) {
	in := &dynamodb.GetItemInput{TableName: aws.String(s.table), Key: marshalKey(k), ConsistentRead: aws.Bool(true)}
	if len(attrs) > 0 {
		expr, err := expression.NewBuilder().WithProjection(projection(attrs)).Build()
		if err != nil {
			return false, fmt.Errorf("projection: %w", err)
		}
		in.ProjectionExpression, in.ExpressionAttributeNames = expr.Projection(), expr.Names()
	}
	out, err := s.client.GetItem(ctx, in)
	if err != nil {
		return false, err
	}
	if len(out.Item) == 0 {
		return false, nil
	}
	return true, unmarshal(out.Item, v)
}

func projection(attrs []string) expression.ProjectionBuilder {
	names := make([]expression.NameBuilder, 0, len(attrs))
	for _, a := range attrs {
		names = append(names, expression.Name(a))
	}
	return expression.NamesList(names[0], names[1:]...)
}

// Lead returns a lead by id.
func (s *Store) Lead(ctx context.Context, id string) (lead.Lead, error) {
	var it leadItem
	found, err := s.getItem(ctx, leadKey(id), &it)
	if err != nil {
		return lead.Lead{}, fmt.Errorf("lead %s: %w", id, err)
	}
	if !found {
		return lead.Lead{}, fmt.Errorf("lead %s: %w", id, engine.ErrNotFound)
	}
	return it.Lead, nil
}

// Timeline returns a lead's activities in order.
func (s *Store) Timeline(ctx context.Context, id string) ([]lead.Activity, error) {
	var probe key
	found, err := s.getItem(ctx, leadKey(id), &probe, AttrPK)
	if err != nil {
		return nil, fmt.Errorf("timeline of lead %s: %w", id, err)
	}
	if !found {
		return nil, fmt.Errorf("lead %s: %w", id, engine.ErrNotFound)
	}
	k := leadKey(id)
	cond := expression.Key(AttrPK).Equal(expression.Value(k.PK)).And(expression.Key(AttrSK).BeginsWith(prefixActivity))
	out := []lead.Activity{}
	err = s.query(ctx, queryInput{cond: cond, consistent: true, attrs: []string{AttrActivity}}, func(item map[string]types.AttributeValue) (bool, error) {
		var it activityItem
		if err := unmarshal(item, &it); err != nil {
			return false, err
		}
		out = append(out, it.Activity)
		return true, nil
	})
	if err != nil {
		return nil, fmt.Errorf("timeline of lead %s: %w", id, err)
	}
	return out, nil
}

// LeadBySource returns the lead a provider sent under its lead id, with the content's
// digest (see engine.Receive).
func (s *Store) LeadBySource(ctx context.Context, src lead.Source) (lead.Lead, error) {
	var p pointerItem
	found, err := s.getItem(ctx, sourceKey(src.Provider, src.ProviderLeadID, src.Digest), &p)
	if err != nil {
		return lead.Lead{}, fmt.Errorf("%s lead %s: %w", src.Provider, src.ProviderLeadID, err)
	}
	if !found {
		return lead.Lead{}, fmt.Errorf("%s lead %s: %w", src.Provider, src.ProviderLeadID, engine.ErrNotFound)
	}
	return s.Lead(ctx, p.LeadID)
}

// LeadByCustomer returns the lead the first known key points at.
func (s *Store) LeadByCustomer(ctx context.Context, keys []string) (lead.Lead, error) {
	for _, k := range keys {
		var p pointerItem
		found, err := s.getItem(ctx, customerKey(k), &p)
		if err != nil {
			return lead.Lead{}, fmt.Errorf("customer: %w", err)
		}
		if found {
			return s.Lead(ctx, p.LeadID)
		}
	}
	return lead.Lead{}, fmt.Errorf("customer: %w", engine.ErrNotFound)
}

// Roster returns the team state; one never written is empty, Version 0.
func (s *Store) Roster(ctx context.Context) (roster.State, error) {
	var it rosterItem
	if _, err := s.getItem(ctx, rosterKey(), &it); err != nil {
		return roster.State{}, fmt.Errorf("roster: %w", err)
	}
	return it.Roster, nil
}

// Inbox returns the inbox with the key; one never written is empty, Version 0.
func (s *Store) Inbox(ctx context.Context, k string) (nudge.Inbox, error) {
	var it inboxItem
	found, err := s.getItem(ctx, inboxKey(k), &it)
	if err != nil {
		return nudge.Inbox{}, fmt.Errorf("inbox %s: %w", k, err)
	}
	if !found {
		return nudge.Inbox{Key: k}, nil
	}
	return it.Inbox, nil
}
