package dynamo

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The table's attribute names. The CDK stack defines the table, its indexes and its
// stream from these, and docs/DYNAMODB.md says what each holds; every key attribute
// is a string (S).
const (
	// AttrPK and AttrSK are the table's partition and sort keys.
	AttrPK = "PK"
	AttrSK = "SK"
	// AttrType says what an item is: one of the Item* values.
	AttrType = "Type"

	// Lead items: the guard, the fields a person reading the table looks for, and the
	// lead itself as a map.
	AttrVersion  = "Version"  // N, the lead's (roster's, inbox's) version, bumped by each commit
	AttrStatus   = "Status"   // S
	AttrOwner    = "Owner"    // S, absent while nobody owns the lead
	AttrStep     = "Step"     // N, the escalation step applied last
	AttrDeadline = "Deadline" // S, sortable instant; absent when no first-contact wait is running
	AttrLead     = "Lead"     // M, the lead as the engine gave it (at its new version)
	// AttrCommittedAt is the sortable instant of the last commit that wrote the item
	// (a lead or an inbox); a commit whose clock reads no later is refused as a
	// conflict, so each stream's outbox order follows its commit order.
	AttrCommittedAt = "CommittedAt"

	AttrLeadID    = "LeadID"    // S, on source and customer items: the lead they point at
	AttrActivity  = "Activity"  // M, a timeline entry
	AttrEffect    = "Effect"    // M, an outbox effect
	AttrStream    = "Stream"    // S, on outbox items: engine.Stream of the effect
	AttrRoster    = "Roster"    // M, the team state
	AttrInbox     = "Inbox"     // M, a rep's inbox on a channel
	AttrRejection = "Rejection" // M, a rejection without its payload
	AttrPayload   = "Payload"   // B, a rejected body byte for byte

	// Index keys, set only on the items each index holds (sparse indexes).
	AttrLeadsPK      = "LeadsPK"      // every lead: ValueLeads
	AttrLeadsSK      = "LeadsSK"      // <status>#<lead id>
	AttrOwnerPK      = "OwnerPK"      // the lead's owner; absent while it has none
	AttrOwnerSK      = "OwnerSK"      // <status>#<lead id>
	AttrDuePK        = "DuePK"        // ValueLeads or ValueInboxes, only while something is due
	AttrDueAt        = "DueAt"        // sortable instant: a lead's earliest timer, an inbox's flush
	AttrOutboxPK     = "OutboxPK"     // ValueOutbox, on every effect not yet done
	AttrOutboxSK     = "OutboxSK"     // <commit instant>#<commit id>#<position>: commit order
	AttrRejectionsPK = "RejectionsPK" // ValueRejections
	AttrRejectionsSK = "RejectionsSK" // <sortable instant>#<rejection id>
)

// Item types, the values of AttrType.
const (
	ItemLead      = "lead"
	ItemActivity  = "activity"
	ItemSource    = "source"
	ItemCustomer  = "customer"
	ItemOutbox    = "outbox"
	ItemRoster    = "roster"
	ItemInbox     = "inbox"
	ItemRejection = "rejection"
)

// The constant partitions of the sparse indexes.
const (
	ValueLeads      = "LEAD"
	ValueInboxes    = "INBOX"
	ValueOutbox     = "OUTBOX"
	ValueRejections = "REJECTION"
)

// Index names.
const (
	IndexLeads        = "Leads"        // every lead, by status then id
	IndexLeadsByOwner = "LeadsByOwner" // leads with an owner, by owner, then status and id
	IndexDue          = "Due"          // leads with a timer and inboxes holding notices, by instant
	IndexOutbox       = "Outbox"       // effects not yet done, in commit order
	IndexRejections   = "Rejections"   // rejections by instant, without payloads
)

// Index is a global secondary index of the table, for CreateTable and the CDK stack.
type Index struct {
	Name         string
	PartitionKey string
	SortKey      string
	Projection   types.ProjectionType
	// NonKeyAttributes are what an INCLUDE projection copies besides the keys.
	NonKeyAttributes []string
}

// Indexes are the table's global secondary indexes. Every key is a string. KEYS_ONLY
// indexes are read for keys only: the items themselves are then read from the table
// with consistent reads, so a list never shows a stale lead nor an effect already done.
var Indexes = []Index{
	{Name: IndexLeads, PartitionKey: AttrLeadsPK, SortKey: AttrLeadsSK, Projection: types.ProjectionTypeKeysOnly},
	{Name: IndexLeadsByOwner, PartitionKey: AttrOwnerPK, SortKey: AttrOwnerSK, Projection: types.ProjectionTypeKeysOnly},
	{Name: IndexDue, PartitionKey: AttrDuePK, SortKey: AttrDueAt, Projection: types.ProjectionTypeKeysOnly},
	{Name: IndexOutbox, PartitionKey: AttrOutboxPK, SortKey: AttrOutboxSK, Projection: types.ProjectionTypeKeysOnly},
	{Name: IndexRejections, PartitionKey: AttrRejectionsPK, SortKey: AttrRejectionsSK, Projection: types.ProjectionTypeInclude,
		NonKeyAttributes: []string{AttrType, AttrRejection}},
}

// StreamView is what the table's stream carries: the new image of each item, which
// for an outbox item is the effect the dispatch function runs.
const StreamView = types.StreamViewTypeNewImage

// TableClient is what CreateTable needs of a DynamoDB client.
type TableClient interface {
	CreateTable(ctx context.Context, in *dynamodb.CreateTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error)
	DescribeTable(ctx context.Context, in *dynamodb.DescribeTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error)
}

// TableInput is the definition of a table named name: the keys, the indexes, on-demand
// billing and a stream of new images. CreateTable creates it; the CDK stack defines the
// same from the exported names.
func TableInput(name string) *dynamodb.CreateTableInput {
	defined := map[string]bool{}
	var attrs []types.AttributeDefinition
	define := func(names ...string) {
		for _, n := range names {
			if !defined[n] {
				defined[n] = true
				attrs = append(attrs, types.AttributeDefinition{AttributeName: aws.String(n), AttributeType: types.ScalarAttributeTypeS})
			}
		}
	}
	define(AttrPK, AttrSK)
	var gsis []types.GlobalSecondaryIndex
	for _, ix := range Indexes {
		define(ix.PartitionKey, ix.SortKey)
		p := &types.Projection{ProjectionType: ix.Projection}
		if len(ix.NonKeyAttributes) > 0 {
			p.NonKeyAttributes = ix.NonKeyAttributes
		}
		gsis = append(gsis, types.GlobalSecondaryIndex{
			IndexName: aws.String(ix.Name),
			KeySchema: []types.KeySchemaElement{
				{AttributeName: aws.String(ix.PartitionKey), KeyType: types.KeyTypeHash},
				{AttributeName: aws.String(ix.SortKey), KeyType: types.KeyTypeRange},
			},
			Projection: p,
		})
	}
	return &dynamodb.CreateTableInput{
		TableName:            aws.String(name),
		AttributeDefinitions: attrs,
		KeySchema: []types.KeySchemaElement{
			{AttributeName: aws.String(AttrPK), KeyType: types.KeyTypeHash},
			{AttributeName: aws.String(AttrSK), KeyType: types.KeyTypeRange},
		},
		GlobalSecondaryIndexes: gsis,
		BillingMode:            types.BillingModePayPerRequest,
		StreamSpecification:    &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: StreamView},
	}
}

// CreateTable creates the table, for tests and local tooling (deployed tables come from
// the CDK stack), and waits until it is active.
func CreateTable(ctx context.Context, client TableClient, name string) error {
	if _, err := client.CreateTable(ctx, TableInput(name)); err != nil {
		return fmt.Errorf("create table %s: %w", name, err)
	}
	w := dynamodb.NewTableExistsWaiter(client, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 100*time.Millisecond, 2*time.Second
	})
	if err := w.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)}, 2*time.Minute); err != nil {
		return fmt.Errorf("wait for table %s: %w", name, err)
	}
	return nil
}
