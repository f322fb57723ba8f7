package dynamo

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// Narrow returns the SDK's client as a Client that has only the operations the store
// calls. Stored in an interface as it is, *dynamodb.Client would keep all of its
// operations, with their serializers, in any binary that also calls reflection's
// MethodByName with a computed name (template execution does): the linker cannot tell
// which methods such a call might look up, so it keeps every exported method of every
// type stored in an interface, and of the types of its fields. So the narrowed client
// holds the operations as method values, whose func types have no methods to keep,
// and not the client: the other operations are left out, about 1.5 MB of a function's
// binary.
func Narrow(c *dynamodb.Client) Client {
	return narrow{getItem: c.GetItem, putItem: c.PutItem, query: c.Query, batchGetItem: c.BatchGetItem,
		batchWriteItem: c.BatchWriteItem, transactWriteItems: c.TransactWriteItems}
}

type (
	opts = func(*dynamodb.Options)

	narrow struct {
		getItem            func(context.Context, *dynamodb.GetItemInput, ...opts) (*dynamodb.GetItemOutput, error)
		putItem            func(context.Context, *dynamodb.PutItemInput, ...opts) (*dynamodb.PutItemOutput, error)
		query              func(context.Context, *dynamodb.QueryInput, ...opts) (*dynamodb.QueryOutput, error)
		batchGetItem       func(context.Context, *dynamodb.BatchGetItemInput, ...opts) (*dynamodb.BatchGetItemOutput, error)
		batchWriteItem     func(context.Context, *dynamodb.BatchWriteItemInput, ...opts) (*dynamodb.BatchWriteItemOutput, error)
		transactWriteItems func(context.Context, *dynamodb.TransactWriteItemsInput, ...opts) (*dynamodb.TransactWriteItemsOutput, error)
	}
)

func (n narrow) GetItem(ctx context.Context, in *dynamodb.GetItemInput, o ...opts) (*dynamodb.GetItemOutput, error) {
	return n.getItem(ctx, in, o...)
}

func (n narrow) PutItem(ctx context.Context, in *dynamodb.PutItemInput, o ...opts) (*dynamodb.PutItemOutput, error) {
	return n.putItem(ctx, in, o...)
}

func (n narrow) Query(ctx context.Context, in *dynamodb.QueryInput, o ...opts) (*dynamodb.QueryOutput, error) {
	return n.query(ctx, in, o...)
}

func (n narrow) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, o ...opts) (*dynamodb.BatchGetItemOutput, error) {
	return n.batchGetItem(ctx, in, o...)
}

func (n narrow) BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, o ...opts) (*dynamodb.BatchWriteItemOutput, error) {
	return n.batchWriteItem(ctx, in, o...)
}

func (n narrow) TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, o ...opts) (*dynamodb.TransactWriteItemsOutput, error) {
	return n.transactWriteItems(ctx, in, o...)
}
