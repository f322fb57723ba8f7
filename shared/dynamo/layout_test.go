package dynamo_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/leadclock/leadclock/shared/dynamo"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/mototest"
	"github.com/leadclock/leadclock/shared/nudge"
	"github.com/leadclock/leadclock/shared/roster"
)

// fixture is a store with its raw client and table, to read items as they are stored.
type fixture struct {
	store  *dynamo.Store
	client *serial
	table  string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	raw, table := newTable(t)
	c := &serial{c: raw}
	return &fixture{store: dynamo.New(c, table), client: c, table: table}
}

// item reads an item by its documented key, as plain Go values (numbers as float64);
// nil when there is none.
func (f *fixture) item(t *testing.T, pk, sk string) map[string]any {
	t.Helper()
	k, err := attributevalue.MarshalMap(struct{ PK, SK string }{pk, sk})
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.client.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String(f.table), Key: k, ConsistentRead: aws.Bool(true)})
	if err != nil {
		t.Fatalf("get %s/%s: %v", pk, sk, err)
	}
	if out.Item == nil {
		return nil
	}
	var m map[string]any
	if err := attributevalue.UnmarshalMap(out.Item, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// rawItem reads an item by its documented key as DynamoDB returns it.
func (f *fixture) rawItem(t *testing.T, pk, sk string) map[string]types.AttributeValue {
	t.Helper()
	k, err := attributevalue.MarshalMap(struct{ PK, SK string }{pk, sk})
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.client.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String(f.table), Key: k, ConsistentRead: aws.Bool(true)})
	if err != nil || out.Item == nil {
		t.Fatalf("get %s/%s: %v, %d attributes", pk, sk, err, len(out.Item))
	}
	return out.Item
}

// want checks an item's attributes: exactly the names, with the values given (a nil
// value is checked for presence only).
func want(t *testing.T, what string, got map[string]any, attrs map[string]any) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: no item", what)
	}
	if names, wantNames := slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(attrs)); !slices.Equal(names, wantNames) {
		t.Errorf("%s: attributes %v, want %v", what, names, wantNames)
	}
	for name, v := range attrs {
		if v != nil && got[name] != v {
			t.Errorf("%s: %s = %#v, want %#v", what, name, got[name], v)
		}
	}
}

// The items and their keys are the ones docs/DYNAMODB.md documents.
func TestItemLayout(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	c := newLead("L1", "alice")
	c.MatchKeys = []string{"tel:+13125550150", "mailto:pat@example.com"}
	st := roster.State{}.Assigned("alice", t0)
	c.Roster = &st
	if err := f.store.Commit(ctx, c); err != nil {
		t.Fatal(err)
	}

	want(t, "lead", f.item(t, "LEAD#L1", "LEAD"), map[string]any{
		dynamo.AttrPK: "LEAD#L1", dynamo.AttrSK: "LEAD", dynamo.AttrType: dynamo.ItemLead,
		dynamo.AttrVersion: 1.0, dynamo.AttrStatus: "assigned", dynamo.AttrOwner: "alice", dynamo.AttrStep: 0.0,
		dynamo.AttrDeadline: "2026-11-24T16:05:00.000000000Z", dynamo.AttrCommittedAt: nil,
		dynamo.AttrLeadsPK: "LEAD", dynamo.AttrLeadsSK: "assigned#L1",
		dynamo.AttrOwnerPK: "alice", dynamo.AttrOwnerSK: "assigned#L1",
		dynamo.AttrDuePK: "LEAD", dynamo.AttrDueAt: "2026-11-24T16:05:00.000000000Z",
		dynamo.AttrLead: nil,
	})
	// The lead is a map under its JSON names, at its new version.
	stored := f.item(t, "LEAD#L1", "LEAD")[dynamo.AttrLead].(map[string]any)
	if stored["id"] != "L1" || stored["version"] != 1.0 || stored["status"] != "assigned" || stored["receivedAt"] != "2026-11-24T16:00:00Z" {
		t.Errorf("lead attribute: %v", stored)
	}
	for seq, typ := range map[string]string{"ACT#0000000001": "received", "ACT#0000000002": "assigned"} {
		it := f.item(t, "LEAD#L1", seq)
		want(t, "activity "+seq, it, map[string]any{dynamo.AttrPK: "LEAD#L1", dynamo.AttrSK: seq, dynamo.AttrType: dynamo.ItemActivity, dynamo.AttrActivity: nil})
		if a := it[dynamo.AttrActivity].(map[string]any); a["type"] != typ || a["leadId"] != "L1" {
			t.Errorf("activity %s: %v", seq, a)
		}
	}
	want(t, "source", f.item(t, "SRC#cars-com#p-L1#d1", "SRC"), map[string]any{
		dynamo.AttrPK: "SRC#cars-com#p-L1#d1", dynamo.AttrSK: "SRC", dynamo.AttrType: dynamo.ItemSource, dynamo.AttrLeadID: "L1",
	})
	for _, k := range c.MatchKeys {
		want(t, "customer "+k, f.item(t, "CUST#"+k, "CUST"), map[string]any{
			dynamo.AttrPK: "CUST#" + k, dynamo.AttrSK: "CUST", dynamo.AttrType: dynamo.ItemCustomer, dynamo.AttrLeadID: "L1",
		})
	}
	for _, e := range c.Effects {
		it := f.item(t, "OUTBOX#L1", e.ID)
		want(t, "effect "+e.ID, it, map[string]any{
			dynamo.AttrPK: "OUTBOX#L1", dynamo.AttrSK: e.ID, dynamo.AttrType: dynamo.ItemOutbox, dynamo.AttrStream: "lead:L1",
			dynamo.AttrOutboxPK: "OUTBOX", dynamo.AttrOutboxSK: nil, dynamo.AttrEffect: nil,
		})
		if got := it[dynamo.AttrEffect].(map[string]any); got["id"] != e.ID || got["kind"] != string(e.Kind) {
			t.Errorf("effect %s: %v", e.ID, got)
		}
	}
	want(t, "roster", f.item(t, "ROSTER", "STATE"), map[string]any{
		dynamo.AttrPK: "ROSTER", dynamo.AttrSK: "STATE", dynamo.AttrType: dynamo.ItemRoster, dynamo.AttrVersion: 1.0, dynamo.AttrRoster: nil,
	})

	// Inboxes are in the due index only while they hold notices.
	n := lead.Notice{LeadID: "L1", To: "alice", Channel: lead.SMS, Kind: lead.NoticeNewLead, At: t0}
	b, effs, _ := nudge.Inbox{Key: "alice.sms"}.Offer("e1", n, t0, time.Minute)
	if err := f.store.CommitInbox(ctx, b, effs); err != nil {
		t.Fatal(err)
	}
	want(t, "inbox sending at once", f.item(t, "INBOX#alice.sms", "INBOX"), map[string]any{
		dynamo.AttrPK: "INBOX#alice.sms", dynamo.AttrSK: "INBOX", dynamo.AttrType: dynamo.ItemInbox, dynamo.AttrVersion: 1.0,
		dynamo.AttrCommittedAt: nil, dynamo.AttrInbox: nil,
	})
	want(t, "message", f.item(t, "OUTBOX#alice.sms", "alice.sms/1"), map[string]any{
		dynamo.AttrPK: "OUTBOX#alice.sms", dynamo.AttrSK: "alice.sms/1", dynamo.AttrType: dynamo.ItemOutbox, dynamo.AttrStream: "inbox:alice.sms",
		dynamo.AttrOutboxPK: "OUTBOX", dynamo.AttrOutboxSK: nil, dynamo.AttrEffect: nil,
	})
	b, _ = f.store.Inbox(ctx, "alice.sms")
	b, effs, _ = b.Offer("e2", n, t0.Add(time.Second), time.Minute)
	if err := f.store.CommitInbox(ctx, b, effs); err != nil {
		t.Fatal(err)
	}
	want(t, "inbox holding a notice", f.item(t, "INBOX#alice.sms", "INBOX"), map[string]any{
		dynamo.AttrPK: "INBOX#alice.sms", dynamo.AttrSK: "INBOX", dynamo.AttrType: dynamo.ItemInbox, dynamo.AttrVersion: 2.0,
		dynamo.AttrCommittedAt: nil, dynamo.AttrInbox: nil,
		dynamo.AttrDuePK: "INBOX", dynamo.AttrDueAt: "2026-11-24T16:01:00.000000000Z",
	})

	r := engine.Rejection{ID: "R1", At: t0.Add(time.Second), Provider: "cars-com", ContentType: "application/json", Status: 422, Reason: "no phone", Payload: []byte("{}"), Size: 2}
	if err := f.store.Reject(ctx, r); err != nil {
		t.Fatal(err)
	}
	want(t, "rejection", f.item(t, "REJECTION#R1", "REJECTION"), map[string]any{
		dynamo.AttrPK: "REJECTION#R1", dynamo.AttrSK: "REJECTION", dynamo.AttrType: dynamo.ItemRejection,
		dynamo.AttrRejectionsPK: "REJECTION", dynamo.AttrRejectionsSK: "2026-11-24T16:00:01.000000000Z#R1",
		dynamo.AttrRejection: nil, dynamo.AttrPayload: nil,
	})
	if p := f.rawItem(t, "REJECTION#R1", "REJECTION")[dynamo.AttrPayload]; !isBinary(p, "{}") {
		t.Errorf("payload stored as %#v, want binary", p)
	}

	// Done deletes; the lead loses its owner and its timers, and so its entries in the
	// owner and due indexes.
	if err := f.store.Done(ctx, c.Effects[0].ID); err != nil {
		t.Fatal(err)
	}
	if it := f.item(t, "OUTBOX#L1", c.Effects[0].ID); it != nil {
		t.Errorf("done effect still stored: %v", it)
	}
	l, _ := f.store.Lead(ctx, "L1")
	l.Owner, l.Status, l.Timers, l.Deadline = "", lead.StatusQueued, nil, time.Time{}
	if err := f.store.Commit(ctx, engine.Change{Lead: l}); err != nil {
		t.Fatal(err)
	}
	want(t, "queued lead", f.item(t, "LEAD#L1", "LEAD"), map[string]any{
		dynamo.AttrPK: "LEAD#L1", dynamo.AttrSK: "LEAD", dynamo.AttrType: dynamo.ItemLead,
		dynamo.AttrVersion: 2.0, dynamo.AttrStatus: "queued", dynamo.AttrStep: 0.0, dynamo.AttrCommittedAt: nil,
		dynamo.AttrLeadsPK: "LEAD", dynamo.AttrLeadsSK: "queued#L1", dynamo.AttrLead: nil,
	})
}

func isBinary(av types.AttributeValue, want string) bool {
	b, ok := av.(*types.AttributeValueMemberB)
	return ok && string(b.Value) == want
}

// Key parts are escaped, so two sources whose parts differ never share an item, and a
// provider lead id too long for a key is hashed.
func TestKeyEscaping(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	a, b := newLead("L1", "alice"), newLead("L2", "bob")
	a.Lead.Source = lead.Source{Provider: "a#b", ProviderLeadID: "c", Digest: "d"}
	b.Lead.Source = lead.Source{Provider: "a", ProviderLeadID: "b#c", Digest: "d"}
	long := newLead("L3", "carol")
	long.Lead.Source = lead.Source{Provider: "cars-com", ProviderLeadID: strings.Repeat("x", 3000), Digest: "d"}
	for _, c := range []engine.Change{a, b, long} {
		c.MatchKeys = nil
		if err := f.store.Commit(ctx, c); err != nil {
			t.Fatalf("commit %s: %v", c.Lead.ID, err)
		}
	}
	for pk, id := range map[string]string{"SRC#a%23b#c#d": "L1", "SRC#a#b%23c#d": "L2"} {
		if it := f.item(t, pk, "SRC"); it == nil || it[dynamo.AttrLeadID] != id {
			t.Errorf("%s: %v, want lead %s", pk, it, id)
		}
	}
	for _, c := range []engine.Change{a, b, long} {
		got, err := f.store.LeadBySource(ctx, c.Lead.Source)
		if err != nil || got.ID != c.Lead.ID {
			t.Errorf("LeadBySource(%.20s…) = %s, %v; want %s", c.Lead.Source.ProviderLeadID, got.ID, err, c.Lead.ID)
		}
	}
	// The same long id claims once.
	again := newLead("L4", "dave")
	again.Lead.Source = long.Lead.Source
	if err := f.store.Commit(ctx, again); !errors.Is(err, engine.ErrConflict) {
		t.Fatalf("second claim of a long provider lead id: %v, want ErrConflict", err)
	}
}

// CreateTable makes the table docs/DYNAMODB.md documents: PK and SK, the indexes, a
// stream of new images, on-demand billing.
func TestCreateTable(t *testing.T) {
	f := newFixture(t)
	raw := dynamodb.NewFromConfig(mototest.Shared(t).Config())
	out, err := raw.DescribeTable(context.Background(), &dynamodb.DescribeTableInput{TableName: aws.String(f.table)})
	if err != nil {
		t.Fatal(err)
	}
	d := out.Table
	if got := keySchema(d.KeySchema); got != "PK HASH, SK RANGE" {
		t.Errorf("key schema %s", got)
	}
	indexes := map[string]string{}
	for _, ix := range d.GlobalSecondaryIndexes {
		indexes[aws.ToString(ix.IndexName)] = keySchema(ix.KeySchema) + " " + string(ix.Projection.ProjectionType)
	}
	wantIndexes := map[string]string{
		"Leads":        "LeadsPK HASH, LeadsSK RANGE KEYS_ONLY",
		"LeadsByOwner": "OwnerPK HASH, OwnerSK RANGE KEYS_ONLY",
		"Due":          "DuePK HASH, DueAt RANGE KEYS_ONLY",
		"Outbox":       "OutboxPK HASH, OutboxSK RANGE KEYS_ONLY",
		"Rejections":   "RejectionsPK HASH, RejectionsSK RANGE INCLUDE",
	}
	if !maps.Equal(indexes, wantIndexes) {
		t.Errorf("indexes\n got %v\nwant %v", indexes, wantIndexes)
	}
	if s := d.StreamSpecification; s == nil || !aws.ToBool(s.StreamEnabled) || s.StreamViewType != types.StreamViewTypeNewImage {
		t.Errorf("stream %+v, want NEW_IMAGE", s)
	}
	if d.BillingModeSummary == nil || d.BillingModeSummary.BillingMode != types.BillingModePayPerRequest {
		t.Errorf("billing %+v, want PAY_PER_REQUEST", d.BillingModeSummary)
	}
	for _, a := range d.AttributeDefinitions {
		if a.AttributeType != types.ScalarAttributeTypeS {
			t.Errorf("key attribute %s is %s, want S", aws.ToString(a.AttributeName), a.AttributeType)
		}
	}
}

func keySchema(ks []types.KeySchemaElement) string {
	var parts []string
	for _, k := range ks {
		parts = append(parts, aws.ToString(k.AttributeName)+" "+string(k.KeyType))
	}
	return strings.Join(parts, ", ")
}
