package dynamo_test

import (
	"context"
	"fmt"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/leadclock/leadclock/shared/dynamo"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/mototest"
	"github.com/leadclock/leadclock/shared/storetest"
)

func TestMain(m *testing.M) { mototest.Main(m) }

func TestStoreConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) engine.Store { return openStore(t) })
}

func TestRejectionsConformance(t *testing.T) {
	storetest.RunRejections(t, func(t *testing.T) engine.Rejections { return openStore(t) })
}

// openStore returns a store in a new table of its own on the shared moto_server.
func openStore(t *testing.T) *dynamo.Store {
	t.Helper()
	client, table := newTable(t)
	return dynamo.New(&serial{c: client}, table)
}

var (
	tables     atomic.Int64
	notAllowed = regexp.MustCompile(`[^a-zA-Z0-9_.-]+`)
)

// newTable creates a table named after the test, and deletes it when the test ends.
func newTable(t *testing.T) (*dynamodb.Client, string) {
	t.Helper()
	client := dynamodb.NewFromConfig(mototest.Shared(t).Config())
	name := fmt.Sprintf("t%d-%s", tables.Add(1), notAllowed.ReplaceAllString(t.Name(), "-"))
	if len(name) > 255 {
		name = name[:255]
	}
	ctx := context.Background()
	if err := dynamo.CreateTable(ctx, client, name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := client.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: aws.String(name)}); err != nil {
			t.Errorf("delete table %s: %v", name, err)
		}
	})
	return client, name
}

var t0 = time.Date(2026, 11, 24, 16, 0, 0, 0, time.UTC)

// newLead is a new lead's decision, as the suite's: assigned with a deadline timer, a
// two-entry timeline, a notice and the timer's schedule effect.
func newLead(id, owner string) engine.Change {
	l := lead.Lead{
		ID: id, Status: lead.StatusAssigned, Owner: owner, ReceivedAt: t0, Deadline: t0.Add(5 * time.Minute),
		Source:   lead.Source{Provider: "cars-com", ProviderLeadID: "p-" + id, Digest: "d1"},
		Customer: lead.Customer{Name: "Pat Doe", Phones: []lead.Phone{{E164: "+13125550150", Raw: "(312) 555-0150", Valid: true}}},
		Timers:   []lead.Timer{{LeadID: id, Kind: lead.TimerDeadline, Seq: 1, At: t0.Add(5 * time.Minute)}},
		Seq:      1, Activities: 2, Owners: []string{owner},
	}
	return engine.Change{
		Lead: l,
		Activities: []lead.Activity{
			{LeadID: id, Seq: 1, At: t0, Type: lead.TypeReceived, Status: lead.StatusNew, Actor: "cars-com"},
			{LeadID: id, Seq: 2, At: t0, Type: lead.TypeAssigned, Status: lead.StatusAssigned, Actor: lead.System, Rep: owner},
		},
		Effects: []lead.Effect{
			{ID: id + "/owner1/" + owner + "/sms", LeadID: id, Kind: lead.EffectNotify, Notice: &lead.Notice{LeadID: id, To: owner, Channel: lead.SMS, Kind: lead.NoticeNewLead, At: t0}},
			{ID: id + "/schedule/deadline/1", LeadID: id, Kind: lead.EffectSchedule, Timer: &l.Timers[0]},
		},
		MatchKeys: []string{"tel:+13125550150"},
	}
}
