package notify

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	sestypes "github.com/aws/aws-sdk-go-v2/service/sesv2/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/message"
	"github.com/leadclock/leadclock/shared/mototest"
	"github.com/leadclock/leadclock/shared/roster"
)

func TestMain(m *testing.M) { mototest.Main(m) }

// optedOut is a number moto reports opted out: it says so of every number ending
// in 99.
const optedOut = "+13125550199"

var unique atomic.Int64

// address returns an example.com address no other test uses.
func address(local string) string {
	return fmt.Sprintf("%s-%d@example.com", local, unique.Add(1))
}

// setup returns a notifier over the shared moto server, sending from a sender of
// its own that SES v2 has verified, and the recorder of its requests.
func setup(t *testing.T) (*Notifier, *recorder, *mototest.Server, string) {
	t.Helper()
	srv := mototest.Shared(t)
	ses := sesv2.NewFromConfig(srv.Config())
	from := address("leads")
	if _, err := ses.CreateEmailIdentity(context.Background(), &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String(from)}); err != nil {
		t.Fatalf("verify sender: %v", err)
	}
	rec := &recorder{Emailer: ses, Texter: sns.NewFromConfig(srv.Config())}
	n, err := New(Config{Email: rec, SMS: rec, Renderer: renderer(), From: from, OriginationNumber: "+13125550100"})
	if err != nil {
		t.Fatal(err)
	}
	return n, rec, srv, from
}

// sentSMS returns the texts moto recorded to the number.
func sentSMS(t *testing.T, srv *mototest.Server, phone string) []string {
	t.Helper()
	var out []string
	for _, m := range records(t, srv, "sns", "SMS") {
		if m["phone_number"] == phone {
			out = append(out, fmt.Sprint(m["message"]))
		}
	}
	return out
}

// sentEmails returns the emails moto recorded to the address.
func sentEmails(t *testing.T, srv *mototest.Server, addr string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, m := range records(t, srv, "ses", "Message") {
		dest, _ := m["destinations"].(map[string]any)
		to, _ := dest["ToAddresses"].([]any)
		for _, a := range to {
			if parsed, err := mail.ParseAddress(fmt.Sprint(a)); err == nil && parsed.Address == addr {
				out = append(out, m)
			}
		}
	}
	return out
}

func records(t *testing.T, srv *mototest.Server, service, model string) []map[string]any {
	t.Helper()
	data, err := srv.Data(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	svc, _ := data[service].(map[string]any)
	list, _ := svc[model].([]any)
	var out []map[string]any
	for _, v := range list {
		if m, ok := v.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func TestSMS(t *testing.T) {
	t.Parallel()
	n, rec, srv, _ := setup(t)
	rep := roster.Rep{ID: "alice", Name: "Alice Able", Phone: "+13125550142", Email: address("alice")}
	d := delivery(rep, lead.SMS, lead.NoticeNewLead)
	if err := n.Send(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	want := renderer().Render(d).Text
	if got := sentSMS(t, srv, rep.Phone); len(got) != 1 || got[0] != want {
		t.Errorf("moto holds texts %q to the rep, want one: %q", got, want)
	}
	if got := sentEmails(t, srv, rep.Email); len(got) != 0 {
		t.Errorf("an email went out too: %v", got)
	}
	if len(rec.checked) != 1 || rec.checked[0] != rep.Phone {
		t.Errorf("opt-out checked for %v, want the rep's number once", rec.checked)
	}
	if len(rec.published) != 1 {
		t.Fatalf("%d publishes", len(rec.published))
	}
	attrs := rec.published[0].MessageAttributes
	if a := attrs["AWS.SNS.SMS.SMSType"]; aws.ToString(a.DataType) != "String" || aws.ToString(a.StringValue) != "Transactional" {
		t.Errorf("SMSType attribute %+v, want String Transactional", a)
	}
	if a := attrs["AWS.MM.SMS.OriginationNumber"]; aws.ToString(a.DataType) != "String" || aws.ToString(a.StringValue) != "+13125550100" {
		t.Errorf("OriginationNumber attribute %+v", a)
	}
}

func TestEmail(t *testing.T) {
	t.Parallel()
	n, rec, srv, from := setup(t)
	rep := roster.Rep{ID: "zoe", Name: "Zoë Ökland", Phone: "+13125550143", Email: address("zoe")}
	d := delivery(rep, lead.Email, lead.NoticeOffer)
	if err := n.Send(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	want := renderer().Render(d)
	got := sentEmails(t, srv, rep.Email)
	if len(got) != 1 {
		t.Fatalf("moto holds %d emails to the rep, want 1", len(got))
	}
	m := got[0]
	// moto keeps the HTML part as the body when there is one.
	if m["subject"] != want.Subject || m["body"] != want.HTML {
		t.Errorf("moto holds subject %q and body\n%v\nwant %q and the rendered HTML", m["subject"], m["body"], want.Subject)
	}
	sender, err := mail.ParseAddress(fmt.Sprint(m["source"]))
	if err != nil || sender.Address != from || sender.Name != "Demo Motors" {
		t.Errorf("sender %v (%v), want Demo Motors <%s>", m["source"], err, from)
	}
	to, err := (&mail.AddressParser{}).Parse(rec.emails[0].Destination.ToAddresses[0])
	if err != nil || to.Name != rep.Name {
		t.Errorf("recipient %q (%v), want %s by name", rec.emails[0].Destination.ToAddresses[0], err, rep.Name)
	}
	body := rec.emails[0].Content.Simple.Body
	if body.Text == nil || aws.ToString(body.Text.Data) != want.Text || body.Html == nil || aws.ToString(body.Html.Data) != want.HTML {
		t.Errorf("the request lacks the rendered text or HTML part: %+v", body)
	}
	if len(sentSMS(t, srv, rep.Phone)) != 0 || len(rec.checked) != 0 {
		t.Error("an email also touched SMS")
	}
}

func TestOptedOutFallsBackToEmail(t *testing.T) {
	t.Parallel()
	n, rec, srv, _ := setup(t)
	rep := roster.Rep{ID: "olly", Name: "Olly Out", Phone: optedOut, Email: address("olly")}
	d := delivery(rep, lead.SMS, lead.NoticeNewLead)
	if err := n.Send(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if got := sentSMS(t, srv, optedOut); len(got) != 0 || len(rec.published) != 0 {
		t.Errorf("an opted-out number was texted: %q", got)
	}
	emailed := d
	emailed.Message.Channel = lead.Email
	want := renderer().Render(emailed)
	got := sentEmails(t, srv, rep.Email)
	if len(got) != 1 {
		t.Fatalf("moto holds %d emails to the rep, want 1", len(got))
	}
	html := fmt.Sprint(got[0]["body"])
	if got[0]["subject"] != want.Subject || !strings.Contains(html, "opted out of text messages") {
		t.Errorf("the email does not say why it came by email:\n%s", html)
	}
	if !strings.Contains(html, "Pat Doe") || !strings.Contains(html, "</html>") {
		t.Errorf("the email lost the rendered message:\n%s", html)
	}
	text := aws.ToString(rec.emails[0].Content.Simple.Body.Text.Data)
	if !strings.HasPrefix(text, optedOutNote+"\n\n") || !strings.HasSuffix(text, want.Text) {
		t.Errorf("text part:\n%s\nwant the note, then:\n%s", text, want.Text)
	}
}

func TestOptedOutWithoutEmail(t *testing.T) {
	t.Parallel()
	n, rec, srv, _ := setup(t)
	rep := roster.Rep{ID: "nina", Name: "Nina None", Phone: optedOut}
	err := n.Send(context.Background(), delivery(rep, lead.SMS, lead.NoticeNewLead))
	if !errors.Is(err, ErrOptedOut) || !errors.Is(err, engine.ErrUndeliverable) {
		t.Fatalf("Send: %v, want ErrOptedOut and engine.ErrUndeliverable", err)
	}
	if strings.Contains(err.Error(), optedOut) {
		t.Errorf("error %q shows the phone number", err)
	}
	if len(rec.published) != 0 || len(rec.emails) != 0 || len(sentSMS(t, srv, optedOut)) != 0 {
		t.Error("something was sent")
	}
}

// TestRefusedByAWS sends what moto refuses as AWS would: the errors are final, and
// say so without quoting the address AWS quoted.
func TestRefusedByAWS(t *testing.T) {
	t.Parallel()
	srv := mototest.Shared(t)
	unverified := address("unverified")
	tests := []struct {
		name   string
		from   string
		rep    roster.Rep
		ch     lead.Channel
		code   string
		hidden string
	}{
		{"unverified sender", unverified, roster.Rep{ID: "amy", Email: address("amy")}, lead.Email, "MessageRejected", unverified},
		{"number SNS cannot read", address("leads"), roster.Rep{ID: "ben", Phone: "312-555-0144"}, lead.SMS, "InvalidParameter", "312-555-0144"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var slept int
			n, err := New(Config{
				Email: sesv2.NewFromConfig(srv.Config()), SMS: sns.NewFromConfig(srv.Config()), Renderer: renderer(), From: tt.from,
				Sleep: func(context.Context, time.Duration) error { slept++; return nil },
			})
			if err != nil {
				t.Fatal(err)
			}
			err = n.Send(context.Background(), delivery(tt.rep, tt.ch, lead.NoticeNewLead))
			if !errors.Is(err, engine.ErrUndeliverable) {
				t.Fatalf("Send: %v, want engine.ErrUndeliverable", err)
			}
			if !strings.Contains(err.Error(), tt.code) || strings.Contains(err.Error(), tt.hidden) {
				t.Errorf("error %q: want the code %s and not %q", err, tt.code, tt.hidden)
			}
			if slept != 0 {
				t.Errorf("retried %d times", slept)
			}
		})
	}
	if _, ok := errors.AsType[*sestypes.MessageRejected](sendFrom(t, srv, unverified)); !ok {
		t.Error("the SES error is not reachable with errors.As")
	}
}

func sendFrom(t *testing.T, srv *mototest.Server, from string) error {
	t.Helper()
	n, err := New(Config{Email: sesv2.NewFromConfig(srv.Config()), SMS: sns.NewFromConfig(srv.Config()), Renderer: renderer(), From: from})
	if err != nil {
		t.Fatal(err)
	}
	return n.Send(context.Background(), delivery(roster.Rep{ID: "amy", Email: address("amy")}, lead.Email, lead.NoticeNewLead))
}

func TestSendReport(t *testing.T) {
	t.Parallel()
	n, rec, srv, _ := setup(t)
	rep := roster.Rep{ID: "mona", Name: "Mona Manager", Email: address("mona")}
	r := message.Rendered{Subject: "Weekly follow-up report", Text: "Leads received: 13", HTML: "<html><body><p>Leads received: 13</p></body></html>"}
	if err := n.SendReport(context.Background(), rep, "weekly/2026-11-16/mona", r); err != nil {
		t.Fatal(err)
	}
	got := sentEmails(t, srv, rep.Email)
	if len(got) != 1 || got[0]["subject"] != r.Subject || got[0]["body"] != r.HTML {
		t.Fatalf("moto holds %v, want the report", got)
	}
	body := rec.emails[0].Content.Simple.Body
	if aws.ToString(body.Text.Data) != r.Text {
		t.Errorf("text part %q, want the report's", aws.ToString(body.Text.Data))
	}
	err := n.SendReport(context.Background(), roster.Rep{ID: "nomail"}, "weekly/2026-11-16/nomail", r)
	if !errors.Is(err, engine.ErrUndeliverable) {
		t.Errorf("report to a rep without email: %v, want undeliverable", err)
	}
}
