package dynamo_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/dynamo"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/memory"
	"github.com/leadclock/leadclock/shared/phone"
)

// largeTeam is a config at dealer's limit with both channels: offer-all to
// twenty-five reps, five managers paged, so that thirty people can be urged about one
// lead. Everyone is always on duty.
func largeTeam(t *testing.T) *dealer.Config {
	t.Helper()
	var b strings.Builder
	b.WriteString(`
dealership: {id: large-motors, name: Large Motors, timezone: America/Chicago, region: US}
sla: {firstContact: 5m, warnBefore: 2m, secondContact: 24h, stalledAfter: 72h}
escalation:
  - {action: offer-all, after: 5m}
  - {action: notify-managers, after: 10m}
cadence: [7d]
notifications: {sms: true, email: true, from: leads@example.com}
reps:
`)
	n := 0
	add := func(count int, role string) {
		for i := range count {
			fmt.Fprintf(&b, "  - {id: %s%02d, name: %s %d, phone: \"+1312555%04d\", email: %s%02d@example.com, role: %s, shifts: {mon-sun: \"00:00-24:00\"}}\n",
				role, i, role, i, 120+n, role, i, role)
			n++
		}
	}
	most := dealer.Notifications{SMS: true, Email: true}.MaxNotified()
	add(most-5, "sales")
	add(5, "manager")
	cfg, err := dealer.Parse("large.yaml", []byte(b.String()), phone.Numbers)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// recorder is a store that keeps every commit made through it, to be made again on
// another store.
type recorder struct {
	engine.Store
	commits [][]engine.Change
}

func (r *recorder) Commit(ctx context.Context, cs ...engine.Change) error {
	if err := r.Store.Commit(ctx, cs...); err != nil {
		return err
	}
	r.commits = append(r.commits, cs)
	return nil
}

// The largest notifications a config may make are each written in one transaction:
// an offer to every rep, the managers paged, everyone urged told that the customer was
// reached, a stalled lead told to its owner and the managers. dealer's limit is only
// as good as this: were a change over 100 items, its commit would fail and the lead
// would stay stuck at its deadline. The story runs in memory, where effects are cheap
// to run, and every commit the engine made is then made again on DynamoDB, in order.
func TestLargestNotificationFitsOneTransaction(t *testing.T) {
	if dealer.ChangeItems != dynamo.MaxTransactionItems {
		t.Fatalf("dealer bounds a change to %d items, a transaction writes %d", dealer.ChangeItems, dynamo.MaxTransactionItems)
	}
	cfg := largeTeam(t)
	ctx := context.Background()
	mem := &recorder{Store: memory.NewStore()}
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, cfg.Team.Location)
	d := newDriver(t, mem, cfg, start, func() string { return "L1" })
	eng, advance := d.eng, d.advance
	rc, err := eng.Receive(ctx, engine.Intake{
		Source:   lead.Source{Provider: "cars-com", ProviderLeadID: "p-1"},
		Customer: lead.Customer{Name: "Pat Doe", Phones: []lead.Phone{{E164: "+13125550199", Raw: "+13125550199", Valid: true}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	advance(start.Add(16 * time.Minute)) // offered to the other 24 at 09:05, the managers paged at 09:15
	if _, err := eng.LogActivity(ctx, rc.Lead.ID, lead.Contacted{Rep: rc.Lead.Owner, Channel: "call", Evidence: lead.SelfReported}); err != nil {
		t.Fatal(err)
	}
	advance(start.Add(73 * time.Hour)) // no attempt since: stalled

	store := openStore(t)
	for i, cs := range mem.commits {
		if err := store.Commit(ctx, cs...); err != nil {
			t.Fatalf("commit %d of %d on DynamoDB: %v", i+1, len(mem.commits), err)
		}
	}
	timeline, err := store.Timeline(ctx, rc.Lead.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Who heard of each step: the notified entries after it.
	heard := map[lead.Type]int{}
	var step lead.Type
	for _, a := range timeline {
		switch a.Type {
		case lead.TypeOffered, lead.TypeEscalated, lead.TypeContact, lead.TypeReminder, lead.TypeStalled:
			step = a.Type
		case lead.TypeNotified:
			heard[step]++
		}
	}
	want := map[lead.Type]int{lead.TypeOffered: 24, lead.TypeEscalated: 5, lead.TypeContact: 29, lead.TypeStalled: 6}
	for k, n := range want {
		if heard[k] != n {
			t.Errorf("%s: %d notified, want %d (timeline %v)", k, heard[k], n, heard)
		}
	}
}
