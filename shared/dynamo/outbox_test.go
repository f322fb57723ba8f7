package dynamo_test

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/leadclock/leadclock/shared/dynamo"
	"github.com/leadclock/leadclock/shared/lead"
)

// An outbox item, as a stream record's new image carries it, decodes into the effect
// committed, whatever its kind; other items are told apart.
func TestOutboxItemDecodes(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	chicago := time.FixedZone("CST", -6*3600)
	c := newLead("L1", "alice")
	deadline := c.Lead.Timers[0]
	c.Effects = append(c.Effects,
		lead.Effect{ID: "L1/cancel/deadline/1", LeadID: "L1", Kind: lead.EffectCancel, Timer: &deadline},
		lead.Effect{ID: "L1/owner1/alice/email", LeadID: "L1", Kind: lead.EffectNotify,
			Notice: &lead.Notice{LeadID: "L1", To: "alice", Channel: lead.Email, Kind: lead.NoticeNewLead, About: "bob", At: t0.In(chicago).Add(time.Nanosecond)}},
	)
	if err := f.store.Commit(ctx, c); err != nil {
		t.Fatal(err)
	}
	m := lead.Message{ID: "alice.sms/1", To: "alice", Channel: lead.SMS, Notices: []lead.Notice{*c.Effects[0].Notice, *c.Effects[3].Notice}}
	flush := lead.Timer{Inbox: "alice.sms", Kind: lead.TimerFlush, Seq: 2, At: t0.Add(time.Minute)}
	inboxEffects := []lead.Effect{
		{ID: m.ID, Kind: lead.EffectSend, Message: &m},
		{ID: "alice.sms/schedule/flush/2", Kind: lead.EffectSchedule, Timer: &flush},
	}
	b, _ := f.store.Inbox(ctx, "alice.sms")
	if err := f.store.CommitInbox(ctx, b, inboxEffects); err != nil {
		t.Fatal(err)
	}

	var images []map[string]types.AttributeValue
	for _, e := range append(slices.Clone(c.Effects), inboxEffects...) {
		pk := "OUTBOX#L1"
		if e.LeadID == "" {
			pk = "OUTBOX#alice.sms"
		}
		image := f.rawItem(t, pk, e.ID)
		images = append(images, image)
		if !dynamo.IsOutboxItem(image) {
			t.Fatalf("%s is not an outbox item", e.ID)
		}
		got, err := dynamo.DecodeEffect(image)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := jsonOf(t, got), jsonOf(t, e); a != b {
			t.Errorf("effect %s decoded as\n%s\nwant\n%s", e.ID, a, b)
		}
	}

	// An effect is pending until it is done.
	for _, id := range []string{"L1/owner1/alice/sms", "alice.sms/1"} {
		if pending, err := f.store.IsPending(ctx, id); err != nil || !pending {
			t.Fatalf("IsPending(%s) before Done = %v, %v", id, pending, err)
		}
	}
	if err := f.store.Done(ctx, "alice.sms/1"); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]bool{"alice.sms/1": false, "L1/owner1/alice/sms": true, "no-such-effect": false} {
		if pending, err := f.store.IsPending(ctx, id); err != nil || pending != want {
			t.Errorf("IsPending(%s) = %v, %v; want %v", id, pending, err, want)
		}
	}
	images = slices.DeleteFunc(images, func(image map[string]types.AttributeValue) bool {
		e, _ := dynamo.DecodeEffect(image)
		return e.ID == "alice.sms/1"
	})

	// Other items are not effects.
	for _, k := range [][2]string{{"LEAD#L1", "LEAD"}, {"LEAD#L1", "ACT#0000000001"}, {"INBOX#alice.sms", "INBOX"}, {"SRC#cars-com#p-L1#d1", "SRC"}} {
		item := f.rawItem(t, k[0], k[1])
		if dynamo.IsOutboxItem(item) {
			t.Errorf("%s/%s taken for an outbox item", k[0], k[1])
		}
		if _, err := dynamo.DecodeEffect(item); !errors.Is(err, dynamo.ErrNotOutbox) {
			t.Errorf("DecodeEffect(%s/%s): %v, want ErrNotOutbox", k[0], k[1], err)
		}
	}
	if dynamo.IsOutboxItem(nil) {
		t.Error("an empty image taken for an outbox item")
	}

	// A batch of stream records in any order sorts into commit order.
	for range 5 {
		shuffled := slices.Clone(images)
		rand.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		slices.SortFunc(shuffled, func(a, b map[string]types.AttributeValue) int {
			oa, errA := dynamo.OutboxOrder(a)
			ob, errB := dynamo.OutboxOrder(b)
			if errA != nil || errB != nil {
				t.Fatal(errA, errB)
			}
			return compare(oa, ob)
		})
		var ids []string
		for _, image := range shuffled {
			e, _ := dynamo.DecodeEffect(image)
			ids = append(ids, e.ID)
		}
		pending, _ := f.store.Pending(ctx, 100)
		if want := effectIDs(pending); !slices.Equal(ids, want) {
			t.Fatalf("sorted by OutboxOrder: %v\nPending: %v", ids, want)
		}
	}
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func effectIDs(es []lead.Effect) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The whole lead survives the table: every field, times in any zone.
func TestLeadRoundTrips(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	chicago := time.FixedZone("CST", -6*3600)
	c := newLead("L1", "alice")
	l := &c.Lead
	l.Customer = lead.Customer{Name: "José Núñez", FirstName: "José", LastName: "Núñez", Emails: []string{"jose@example.com"},
		Phones:    []lead.Phone{{E164: "+13125550150", Raw: "(312) 555-0150", Type: "mobile", TypeRaw: "Cell", Time: "evening", Valid: true}, {Raw: "555-01"}},
		Preferred: "+13125550150"}
	l.Vehicles = []lead.Vehicle{{Year: 2024, Make: "Honda", Model: "Civic", Trim: "EX", VIN: "1HGBH41JXMN109186", Status: "used", StatusRaw: "Used", Interest: "buy"}, {Interest: "trade-in"}}
	l.Comments = "Call after 5 — \"quoted\" & <tagged>"
	l.Request = lead.Request{Format: "adf", Date: "2026-11-24T10:00:00-06:00", At: t0.In(chicago), ProviderName: "Cars.com", Vendor: "Demo Motors",
		Extras: []lead.Field{{Path: "vehicle/price[type=quote]", Value: "21,000"}, {Path: "empty", Value: ""}}}
	l.Warnings = []string{"phone 555-01 is not a phone number"}
	l.PreviousLead = "L0"
	l.ClockStartedAt = t0.Add(time.Nanosecond)
	l.Policy = lead.Policy{FirstContact: 5 * time.Minute, WarnBefore: time.Minute, SecondContact: 24 * time.Hour, StalledAfter: 72 * time.Hour,
		Escalation: []lead.Step{{Action: lead.Reroute, After: 5 * time.Minute, Repeat: 2}, {Action: lead.NotifyManagers, After: 10 * time.Minute}},
		Cadence:    []time.Duration{48 * time.Hour, 96 * time.Hour}}
	l.Escalation = lead.Escalation{Step: 1, Runs: 2}
	l.Offer = lead.Offer{Step: 2, Reps: []string{"alice", "bob"}, ClaimedBy: "bob"}
	l.Nudged = []string{"alice"}
	l.FirstContactAt, l.LastContactAt = t0.Add(time.Minute).In(chicago), t0.Add(2*time.Minute)
	l.Attempts, l.Stalls = 3, 1
	l.Closure = &lead.Closure{Outcome: lead.Lost, Reason: "bought elsewhere", At: t0.Add(time.Hour), By: "alice", Attempts: 3}
	c.Activities[1].Inquiry = &lead.Inquiry{Source: l.Source, Vehicles: l.Vehicles, Comments: "again", Request: l.Request, Warnings: l.Warnings}
	c.Activities[1].Until = t0.Add(time.Hour)
	if err := f.store.Commit(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, err := f.store.Lead(ctx, "L1")
	if err != nil {
		t.Fatal(err)
	}
	wantLead := c.Lead
	wantLead.Version = 1
	if a, b := jsonOf(t, got), jsonOf(t, wantLead); a != b {
		t.Errorf("lead\n got %s\nwant %s", a, b)
	}
	timeline, _ := f.store.Timeline(ctx, "L1")
	if a, b := jsonOf(t, timeline), jsonOf(t, c.Activities); a != b {
		t.Errorf("timeline\n got %s\nwant %s", a, b)
	}
	if _, err := f.store.LeadByCustomer(ctx, []string{"tel:+13125550150"}); err != nil {
		t.Error(err)
	}
}
