package dynamo

import (
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/nudge"
	"github.com/leadclock/leadclock/shared/roster"
)

// Items are marshalled by attributevalue. The domain's values (a lead, an activity, an
// effect, an inbox) are maps whose attribute names are their JSON names, so an item
// reads like the API's JSON; the item's own attributes are named by the Attr*
// constants (the struct tags below spell them out, and TestItemLayout holds the two
// together).
func useJSONNames(o *attributevalue.EncoderOptions)  { o.TagKey = "json" }
func readJSONNames(o *attributevalue.DecoderOptions) { o.TagKey = "json" }

func marshal(v any) (map[string]types.AttributeValue, error) {
	m, err := attributevalue.MarshalMapWithOptions(v, useJSONNames)
	if err != nil {
		return nil, fmt.Errorf("marshal %T: %w", v, err)
	}
	return m, nil
}

func unmarshal(m map[string]types.AttributeValue, v any) error {
	if err := attributevalue.UnmarshalMapWithOptions(m, v, readJSONNames); err != nil {
		return fmt.Errorf("unmarshal %T: %w", v, err)
	}
	return nil
}

// marshalKey is a primary key as the API takes it.
func marshalKey(k key) map[string]types.AttributeValue {
	m, err := attributevalue.MarshalMap(k)
	if err != nil {
		panic(fmt.Sprintf("dynamo: marshal key %+v: %v", k, err)) // two strings always marshal
	}
	return m
}

// leadItem is a lead: its key, guard and index attributes, and the lead.
type leadItem struct {
	key
	Type        string    `dynamodbav:"Type"`
	Version     int64     `dynamodbav:"Version"`
	Status      string    `dynamodbav:"Status"`
	Owner       string    `dynamodbav:"Owner,omitempty"`
	Step        int       `dynamodbav:"Step"`
	Deadline    string    `dynamodbav:"Deadline,omitempty"`
	CommittedAt string    `dynamodbav:"CommittedAt"`
	LeadsPK     string    `dynamodbav:"LeadsPK"`
	LeadsSK     string    `dynamodbav:"LeadsSK"`
	OwnerPK     string    `dynamodbav:"OwnerPK,omitempty"`
	OwnerSK     string    `dynamodbav:"OwnerSK,omitempty"`
	DuePK       string    `dynamodbav:"DuePK,omitempty"`
	DueAt       string    `dynamodbav:"DueAt,omitempty"`
	Lead        lead.Lead `dynamodbav:"Lead"`
}

// newLeadItem is the item of a lead as committed (l at its new version).
func newLeadItem(l lead.Lead, committedAt string) leadItem {
	it := leadItem{
		key: leadKey(l.ID), Type: ItemLead, Version: l.Version, Status: string(l.Status), Owner: l.Owner,
		Step: l.Escalation.Step, CommittedAt: committedAt,
		LeadsPK: ValueLeads, LeadsSK: statusSort(string(l.Status), l.ID),
		Lead: l,
	}
	if !l.Deadline.IsZero() {
		it.Deadline = sortable(l.Deadline)
	}
	if l.Owner != "" {
		it.OwnerPK, it.OwnerSK = l.Owner, it.LeadsSK
	}
	if len(l.Timers) > 0 {
		first := l.Timers[0].At
		for _, t := range l.Timers[1:] {
			if t.At.Before(first) {
				first = t.At
			}
		}
		it.DuePK, it.DueAt = ValueLeads, sortable(first)
	}
	return it
}

type activityItem struct {
	key
	Type     string        `dynamodbav:"Type"`
	Activity lead.Activity `dynamodbav:"Activity"`
}

// pointerItem is a source or customer item: a key that names a lead.
type pointerItem struct {
	key
	Type   string `dynamodbav:"Type"`
	LeadID string `dynamodbav:"LeadID"`
}

type outboxItem struct {
	key
	Type     string      `dynamodbav:"Type"`
	Stream   string      `dynamodbav:"Stream"`
	OutboxPK string      `dynamodbav:"OutboxPK"`
	OutboxSK string      `dynamodbav:"OutboxSK"`
	Effect   lead.Effect `dynamodbav:"Effect"`
}

type rosterItem struct {
	key
	Type    string       `dynamodbav:"Type"`
	Version int64        `dynamodbav:"Version"`
	Roster  roster.State `dynamodbav:"Roster"`
}

type inboxItem struct {
	key
	Type        string      `dynamodbav:"Type"`
	Version     int64       `dynamodbav:"Version"`
	CommittedAt string      `dynamodbav:"CommittedAt"`
	DuePK       string      `dynamodbav:"DuePK,omitempty"`
	DueAt       string      `dynamodbav:"DueAt,omitempty"`
	Inbox       nudge.Inbox `dynamodbav:"Inbox"`
}

// rejectionItem keeps the payload apart from the rest, so that the rejections index
// copies everything but the payload.
type rejectionItem struct {
	key
	Type         string           `dynamodbav:"Type"`
	RejectionsPK string           `dynamodbav:"RejectionsPK"`
	RejectionsSK string           `dynamodbav:"RejectionsSK"`
	Rejection    engine.Rejection `dynamodbav:"Rejection"` // Payload nil
	Payload      []byte           `dynamodbav:"Payload,omitempty"`
}

// guardItem reads the guard of a lead, inbox or roster item (from a cancelled
// transaction's reasons).
type guardItem struct {
	Version     int64  `dynamodbav:"Version"`
	CommittedAt string `dynamodbav:"CommittedAt"`
}

// ErrNotOutbox is what DecodeEffect returns for an item that is not an outbox effect.
var ErrNotOutbox = errors.New("not an outbox item")

// IsOutboxItem reports whether an item, such as a stream record's new image, is an
// effect in the outbox. The dispatch function runs those and skips the rest.
func IsOutboxItem(item map[string]types.AttributeValue) bool {
	t, ok := item[AttrType].(*types.AttributeValueMemberS)
	return ok && t.Value == ItemOutbox
}

// DecodeEffect decodes an outbox item into its effect.
func DecodeEffect(item map[string]types.AttributeValue) (lead.Effect, error) {
	it, err := decodeOutbox(item)
	return it.Effect, err
}

// OutboxOrder returns an outbox item's place in commit order: sorting a batch of stream
// records by it runs each lead's (each inbox's) effects in the order they were
// committed, as Pending returns them.
func OutboxOrder(item map[string]types.AttributeValue) (string, error) {
	it, err := decodeOutbox(item)
	return it.OutboxSK, err
}

func decodeOutbox(item map[string]types.AttributeValue) (outboxItem, error) {
	if !IsOutboxItem(item) {
		return outboxItem{}, ErrNotOutbox
	}
	var it outboxItem
	if err := unmarshal(item, &it); err != nil {
		return outboxItem{}, fmt.Errorf("outbox item %s/%s: %w", it.PK, it.SK, err)
	}
	if it.Effect.ID == "" {
		return outboxItem{}, fmt.Errorf("outbox item %s/%s: no effect", it.PK, it.SK)
	}
	return it, nil
}
