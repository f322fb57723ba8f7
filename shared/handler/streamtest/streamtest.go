// Package streamtest builds the DynamoDB stream records the dispatch function
// receives from items a table holds, for tests that drive the function with what the
// store really wrote.
package streamtest

import (
	"fmt"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Insert is the stream record of an item's insertion, the seq-th of its shard.
func Insert(seq int, item map[string]types.AttributeValue) events.DynamoDBEventRecord {
	return events.DynamoDBEventRecord{
		EventName: "INSERT", EventSource: "aws:dynamodb", EventID: fmt.Sprint(seq),
		Change: events.DynamoDBStreamRecord{SequenceNumber: fmt.Sprintf("%021d", seq), NewImage: Image(item), StreamViewType: "NEW_IMAGE"},
	}
}

// Image is an item as a stream record's new image carries it.
func Image(item map[string]types.AttributeValue) map[string]events.DynamoDBAttributeValue {
	out := map[string]events.DynamoDBAttributeValue{}
	for k, v := range item {
		out[k] = value(v)
	}
	return out
}

func value(v types.AttributeValue) events.DynamoDBAttributeValue {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return events.NewStringAttribute(v.Value)
	case *types.AttributeValueMemberN:
		return events.NewNumberAttribute(v.Value)
	case *types.AttributeValueMemberB:
		return events.NewBinaryAttribute(v.Value)
	case *types.AttributeValueMemberBOOL:
		return events.NewBooleanAttribute(v.Value)
	case *types.AttributeValueMemberNULL:
		return events.NewNullAttribute()
	case *types.AttributeValueMemberSS:
		return events.NewStringSetAttribute(v.Value)
	case *types.AttributeValueMemberNS:
		return events.NewNumberSetAttribute(v.Value)
	case *types.AttributeValueMemberBS:
		return events.NewBinarySetAttribute(v.Value)
	case *types.AttributeValueMemberL:
		list := make([]events.DynamoDBAttributeValue, len(v.Value))
		for i, e := range v.Value {
			list[i] = value(e)
		}
		return events.NewListAttribute(list)
	case *types.AttributeValueMemberM:
		return events.NewMapAttribute(Image(v.Value))
	}
	panic(fmt.Sprintf("attribute value %T", v))
}
