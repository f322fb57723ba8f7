package weekly_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/action"
	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/followup"
	"github.com/leadclock/leadclock/shared/httpapi"
	"github.com/leadclock/leadclock/shared/message"
	"github.com/leadclock/leadclock/shared/phone"
	"github.com/leadclock/leadclock/shared/weekly"
)

// testSecret signs the test's action links.
var testSecret = []byte("weekly-report-test-signing-secret-0001")

// links returns the server whose Action mints the report's links, as local mode's
// does, at baseURL.
func (w *weeks) links(baseURL string) (*httpapi.Server, *action.Signer) {
	w.t.Helper()
	signer, err := action.NewSigner(testSecret)
	if err != nil {
		w.t.Fatal(err)
	}
	return &httpapi.Server{Signer: signer, Clock: w.sb.Clock, BaseURL: baseURL, Config: w.cfg}, signer
}

func TestWeeklyCompile(t *testing.T) {
	w := runWeeks(t)
	got := w.compile()
	this, last := got.This, got.Last
	if !this.From.Equal(w.date(1, 0, "00:00")) || !this.To.Equal(w.date(2, 0, "00:00")) || !this.AsOf.Equal(w.reportTime()) {
		t.Errorf("this week [%s, %s) as of %s", this.From, this.To, this.AsOf)
	}
	if !last.From.Equal(w.date(0, 0, "00:00")) || !last.To.Equal(w.date(1, 0, "00:00")) || !last.AsOf.Equal(w.date(1, 0, "07:00")) {
		t.Errorf("last week [%s, %s) as of %s, want the week before as of its own report", last.From, last.To, last.AsOf)
	}
	tests := []struct {
		name                         string
		leads, stalled, closed, skip int
		got                          []int
	}{
		{name: "last week", got: []int{last.Dealership.Leads, last.Dealership.Stalled, last.Dealership.ClosedEarly}, leads: 11, stalled: 4, closed: 1},
		{name: "this week", got: []int{this.Dealership.Leads, this.Dealership.Stalled, this.Dealership.ClosedEarly}, leads: 13, stalled: 4, closed: 2},
	}
	for _, tt := range tests {
		if want := []int{tt.leads, tt.stalled, tt.closed}; !slices.Equal(tt.got, want) {
			t.Errorf("%s: leads, stalled, closed early %v, want %v", tt.name, tt.got, want)
		}
	}
	var listed []string
	for _, p := range append(w.stalled(), w.closedEarly()...) {
		listed = append(listed, p.id)
		if l, ok := got.Leads[p.id]; !ok || l.Customer.Name != p.customer.Name {
			t.Errorf("listed lead %s (%c): %+v, want its customer %s", p.id, p.kind, l.Customer, p.customer.Name)
		}
	}
	if len(got.Leads) != len(listed) {
		t.Errorf("%d leads kept for the lists, want the %d listed", len(got.Leads), len(listed))
	}
	if got.Empty() {
		t.Error("two weeks of leads are Empty")
	}
}

func TestWeeklyRenderText(t *testing.T) {
	w := runWeeks(t)
	links, signer := w.links("https://leads.week-motors.example.com")
	r := weekly.Renderer{Config: w.cfg, Links: links}.Render(w.compile(), "mona")

	if r.Kind != weekly.Kind {
		t.Errorf("kind %q, want %q", r.Kind, weekly.Kind)
	}
	if want := "Week Motors weekly follow-up, Mon 9 – Sun 15 Nov 2026: first contact 20 min (median), 4 leads stalled"; r.Subject != want {
		t.Errorf("subject %q\nwant    %q", r.Subject, want)
	}
	// Figures this week: A 1–5 min, B 20 min, C 13 h 04 from receipt (4 min from the
	// shift opening), E never: 11 of the 12 leads measured were contacted (D is
	// junk), the sixth of 11 is 20 min, or 5 min from the shift opening. Last week A
	// took 2–6 min, so 4 of 11 within the SLA and 6 min from the shift opening.
	for _, want := range []string{
		`Week Motors · weekly follow-up report for Mona Manager`,
		`This week: Mon 9 – Sun 15 Nov 2026, as of Mon 16 Nov 07:00`,
		`Last week: Mon 2 – Sun 8 Nov 2026, as of Mon 9 Nov 07:00`,
		`Leads received +11 +13`,
		`First contact, median +20 min +20 min`,
		`First contact within the SLA \(5 min\) +36% +42%`,
		`Not contacted +0% +8%`,
		`First contact from the shift opening, median +6 min +5 min`,
		`Stalled leads +4 +4`,
		`Closed with fewer than 3 attempts +1 +2`,
		`Queued after hours \(median wait\) +1 \(13 h\) +1 \(13 h\)`,
		`FIRST-CONTACT TIME`,
		`within 5 min \(SLA\) +█+ +42% \(36%\)`,
		`not contacted +█* +8% \(0%\)`,
		`STALLED LEADS: contacted, then no attempt for 72 h or more \(4\)`,
		`CLOSED WITH FEWER THAN 3 ATTEMPTS \(2\)`,
		`Closed lost by (Alice Able|Bob Baker) Wed 11 Nov 09:30 after 1 attempt · CarGurus · “no answer”`,
		`Closed junk by dms Wed 11 Nov 12:01 after 0 attempts · (Alice Able|Bob Baker)'s lead · Autotrader`,
		`BY REP, THIS WEEK`,
		`— LeadClock for Week Motors. Times are Week Motors time \(America/Chicago\).`,
	} {
		if !regexp.MustCompile(`(?m)` + want).MatchString(r.Text) {
			t.Errorf("the text has no line matching %q", want)
		}
	}

	// The lists name the customers by first name and initial, with their owner and a
	// link to each lead, in the order they arrived.
	listed := append(w.stalled(), w.closedEarly()...)
	if len(r.Links) != len(listed) {
		t.Fatalf("%d links, want one per listed lead (%d):\n%s", len(r.Links), len(listed), r.Text)
	}
	for i, p := range listed {
		short := message.ShortName(p.customer)
		if !strings.Contains(r.Text, "  "+short+" – 2024 Honda Civic LX (used)\n") || !strings.Contains(r.Text, "    Open: "+r.Links[i]+"\n") {
			t.Errorf("lead %s (%c) is not listed as %q with its link", p.id, p.kind, short)
		}
		checkLink(t, signer, r.Links[i], "https://leads.week-motors.example.com", p.id, "mona", w.reportTime())
	}
	for _, p := range w.stalled() {
		owner, _ := w.cfg.Team.Rep(w.lead(p.id).Owner)
		line := owner.Name + " · CarGurus · 1 attempt, the last " + w.lead(p.id).LastContactAt.In(w.cfg.Team.Location).Format("Mon 2 Jan 15:04")
		if !strings.Contains(r.Text, line) {
			t.Errorf("stalled lead %s: no line %q", p.id, line)
		}
	}
	noContactDetails(t, w, r)
}

// checkLink checks that a link goes to the server's action route and carries a token
// the signer made for the lead and the manager, valid at the instant.
func checkLink(t *testing.T, signer *action.Signer, link, base, leadID, rep string, now time.Time) {
	t.Helper()
	token, ok := strings.CutPrefix(link, base+"/a/")
	if !ok || strings.ContainsAny(token, "/?#") {
		t.Errorf("link %q does not go to %s/a/{token}", link, base)
		return
	}
	c, err := signer.Verify(token, now)
	if err != nil {
		t.Errorf("link %q: %v", link, err)
		return
	}
	if c.Lead != leadID || c.Rep != rep {
		t.Errorf("link %q is for lead %s and %s, want %s and %s", link, c.Lead, c.Rep, leadID, rep)
	}
}

// noContactDetails checks that no customer's full name, phone number or email address
// is anywhere in the report.
func noContactDetails(t *testing.T, w *weeks, r message.Rendered) {
	t.Helper()
	for _, p := range w.leads {
		c := p.customer
		for _, secret := range []string{c.Name, c.Emails[0], c.Phones[0].E164, c.Phones[0].Raw, c.Phones[0].E164[2:]} {
			for part, s := range map[string]string{"subject": r.Subject, "text": r.Text, "html": r.HTML} {
				if strings.Contains(s, secret) {
					t.Errorf("the %s shows %q of lead %s", part, secret, p.id)
				}
			}
		}
	}
}

func TestWeeklyRenderWithoutLeads(t *testing.T) {
	cfg, err := dealer.Parse("weeks.yaml", []byte(weeksConfig), phone.Numbers)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 16, 7, 0, 0, 0, cfg.Team.Location)
	this := weekly.Week(at, time.Monday, cfg.Team.Location)
	last := this.Before(cfg.Team.Location)
	empty := weekly.Weeks{This: followup.Measure(nil, this.Window, this.AsOf), Last: followup.Measure(nil, last.Window, last.AsOf)}
	if !empty.Empty() {
		t.Error("weeks without leads are not Empty")
	}
	r := weekly.Renderer{Config: cfg}.Render(empty, "mona")
	for _, want := range []string{"STALLED LEADS: contacted, then no attempt for 72 h or more (0)\n  None.", "No leads were given to a rep.", "Leads received"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("the text of an empty report lacks %q:\n%s", want, r.Text)
		}
	}
	if !strings.Contains(r.Subject, ": 0 leads, none contacted") || len(r.Links) != 0 || r.HTML == "" {
		t.Errorf("empty report: subject %q, %d links, %d bytes of HTML", r.Subject, len(r.Links), len(r.HTML))
	}
}
