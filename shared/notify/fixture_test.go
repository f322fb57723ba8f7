package notify

import (
	"context"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/message"
	"github.com/leadclock/leadclock/shared/roster"
)

// Fictional people only: 312-555-01xx numbers and example.com addresses.

var (
	chicago = mustLoad("America/Chicago")
	t0      = time.Date(2026, 11, 24, 10, 0, 3, 0, chicago)
)

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

type testLinks struct{}

func (testLinks) Action(leadID, rep string) string {
	return "https://example.com/a/" + leadID + "~" + rep + "?x=1&y=2"
}

func renderer() message.Renderer {
	return message.Renderer{Dealership: "Demo Motors", Location: chicago, Links: testLinks{}, RepName: func(id string) string { return id }}
}

func customerLead(id, first, last, phone, email string) lead.Lead {
	return lead.Lead{
		ID:       id,
		Status:   lead.StatusAssigned,
		Owner:    "alice",
		Customer: lead.Customer{FirstName: first, LastName: last, Emails: []string{email}, Phones: []lead.Phone{{E164: phone, Raw: phone, Valid: true}}},
		Vehicles: []lead.Vehicle{{Year: 2024, Make: "Honda", Model: "Civic", Status: "used"}},
		Deadline: t0.Add(5 * time.Minute),
	}
}

var pat = customerLead("01JDQ4S3W5X7Y9Z0ABCDEFGHJK", "Pat", "Doe", "+13125550150", "pat.doe@example.com")

func delivery(rep roster.Rep, ch lead.Channel, kinds ...lead.NoticeKind) engine.Delivery {
	m := lead.Message{ID: rep.ID + "." + string(ch) + "/1", To: rep.ID, Channel: ch}
	for _, k := range kinds {
		m.Notices = append(m.Notices, lead.Notice{LeadID: pat.ID, To: rep.ID, Channel: ch, Kind: k, About: "bob", At: t0})
	}
	return engine.Delivery{Rep: rep, Message: m, Leads: []lead.Lead{pat}}
}

// recorder keeps the requests a notifier makes, passing them on to the clients it
// wraps: moto keeps only the HTML part of an email and none of a text's
// attributes, so the tests read those from the request.
type recorder struct {
	Emailer
	Texter

	mu        sync.Mutex
	emails    []*sesv2.SendEmailInput
	published []*sns.PublishInput
	checked   []string
}

func (r *recorder) SendEmail(ctx context.Context, in *sesv2.SendEmailInput, opts ...func(*sesv2.Options)) (*sesv2.SendEmailOutput, error) {
	r.mu.Lock()
	r.emails = append(r.emails, in)
	r.mu.Unlock()
	return r.Emailer.SendEmail(ctx, in, opts...)
}

func (r *recorder) Publish(ctx context.Context, in *sns.PublishInput, opts ...func(*sns.Options)) (*sns.PublishOutput, error) {
	r.mu.Lock()
	r.published = append(r.published, in)
	r.mu.Unlock()
	return r.Texter.Publish(ctx, in, opts...)
}

func (r *recorder) CheckIfPhoneNumberIsOptedOut(ctx context.Context, in *sns.CheckIfPhoneNumberIsOptedOutInput, opts ...func(*sns.Options)) (*sns.CheckIfPhoneNumberIsOptedOutOutput, error) {
	r.mu.Lock()
	r.checked = append(r.checked, *in.PhoneNumber)
	r.mu.Unlock()
	return r.Texter.CheckIfPhoneNumberIsOptedOut(ctx, in, opts...)
}
