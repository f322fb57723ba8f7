package dynamo_test

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/leadclock/leadclock/shared/dynamo"
)

// serial is the store's client for moto_server: it sends one request at a time, and
// counts them.
//
// DynamoDB isolates a transaction from every other request; moto_server does not. It
// serves requests on concurrent threads, checks a transaction's conditions and then
// writes its items one by one, and undoes a cancelled one by restoring a copy of the
// whole table taken when it began. Two concurrent commits of one lead can then both
// pass their version guard, and a cancelled transaction can undo another's write. One
// request at a time gives the tests the isolation DynamoDB gives the store. It hides no
// bug of the store's: whether a second commit of a lead fails still rests on the
// store's conditions alone. (A thousand concurrent requests also overflow moto_server's
// listen queue, which resets connections.)
type serial struct {
	mu sync.Mutex
	c  dynamo.Client

	puts, queries, batchGets, batchWrites, transactions atomic.Int64
}

var _ dynamo.Client = (*serial)(nil)

func (s *serial) GetItem(ctx context.Context, in *dynamodb.GetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.c.GetItem(ctx, in, optFns...)
}

func (s *serial) PutItem(ctx context.Context, in *dynamodb.PutItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.puts.Add(1)
	return s.c.PutItem(ctx, in, optFns...)
}

func (s *serial) Query(ctx context.Context, in *dynamodb.QueryInput, optFns ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queries.Add(1)
	return s.c.Query(ctx, in, optFns...)
}

func (s *serial) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batchGets.Add(1)
	return s.c.BatchGetItem(ctx, in, optFns...)
}

func (s *serial) BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batchWrites.Add(1)
	return s.c.BatchWriteItem(ctx, in, optFns...)
}

func (s *serial) TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, optFns ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.transactions.Add(1)
	return s.c.TransactWriteItems(ctx, in, optFns...)
}
