package stack

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdaeventsources"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/jsii-runtime-go"

	"github.com/leadclock/leadclock/shared/dynamo"
)

// Stream processing of the outbox. A failing effect is retried (the dispatcher
// reports just the failed records, and bisection isolates one that breaks the
// whole batch) but not forever: a poison record would hold up every later effect
// of its shard. What runs out of retries is reported to the stream-failures queue,
// and its effect stays pending in the table's Outbox index.
const (
	streamBatchSize     = 10
	streamRetryAttempts = 10
	streamMaxRecordAge  = 60 // minutes
)

// newTable defines the dealership's table from the layout shared/dynamo reads and
// writes: its keys, its indexes and its stream. The table outlives the stack: it is
// the dealership's history, so it is retained, protected from deletion, and
// recoverable to any second of the last 35 days.
func newTable(stack awscdk.Stack) awsdynamodb.Table {
	str := func(name string) *awsdynamodb.Attribute {
		return &awsdynamodb.Attribute{Name: jsii.String(name), Type: awsdynamodb.AttributeType_STRING}
	}
	table := awsdynamodb.NewTable(stack, jsii.String("Table"), &awsdynamodb.TableProps{
		PartitionKey:       str(dynamo.AttrPK),
		SortKey:            str(dynamo.AttrSK),
		BillingMode:        awsdynamodb.BillingMode_PAY_PER_REQUEST,
		Stream:             awsdynamodb.StreamViewType(dynamo.StreamView),
		DeletionProtection: jsii.Bool(true),
		RemovalPolicy:      awscdk.RemovalPolicy_RETAIN,
		PointInTimeRecoverySpecification: &awsdynamodb.PointInTimeRecoverySpecification{
			PointInTimeRecoveryEnabled: jsii.Bool(true),
		},
	})
	for _, ix := range dynamo.Indexes {
		props := &awsdynamodb.GlobalSecondaryIndexProps{
			IndexName:      jsii.String(ix.Name),
			PartitionKey:   str(ix.PartitionKey),
			SortKey:        str(ix.SortKey),
			ProjectionType: awsdynamodb.ProjectionType(ix.Projection),
		}
		if len(ix.NonKeyAttributes) > 0 {
			props.NonKeyAttributes = jsii.Strings(ix.NonKeyAttributes...)
		}
		table.AddGlobalSecondaryIndex(props)
	}
	return table
}

// outboxFilter passes the stream records the dispatcher acts on: new outbox items.
// Every other write (leads, activities, and the deletion of an effect once done)
// never invokes it.
func outboxFilter() *map[string]any {
	return awslambda.FilterCriteria_Filter(&map[string]any{
		"eventName": awslambda.FilterRule_IsEqual(jsii.String("INSERT")),
		"dynamodb": map[string]any{
			"NewImage": map[string]any{
				dynamo.AttrType: map[string]any{"S": awslambda.FilterRule_IsEqual(jsii.String(dynamo.ItemOutbox))},
			},
		},
	})
}

// connectOutbox feeds the table's stream of outbox items to the dispatch function.
func connectOutbox(table awsdynamodb.Table, dispatch awslambda.Function, failures awssqs.Queue) {
	dispatch.AddEventSource(awslambdaeventsources.NewDynamoEventSource(table, &awslambdaeventsources.DynamoEventSourceProps{
		StartingPosition:        awslambda.StartingPosition_TRIM_HORIZON,
		BatchSize:               jsii.Number(streamBatchSize),
		BisectBatchOnError:      jsii.Bool(true),
		ReportBatchItemFailures: jsii.Bool(true),
		RetryAttempts:           jsii.Number(streamRetryAttempts),
		MaxRecordAge:            awscdk.Duration_Minutes(jsii.Number(streamMaxRecordAge)),
		OnFailure:               awslambdaeventsources.NewSqsDlq(failures),
		Filters:                 &[]*map[string]any{outboxFilter()},
	}))
}
