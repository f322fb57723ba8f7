package message

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/leadclock/leadclock/shared/lead"
)

func TestHTMLEscapesProviderText(t *testing.T) {
	l := patDoe()
	l.Customer = lead.Customer{
		Name:   `<script>alert("x")</script>`,
		Emails: []string{`x"><img src=y onerror=alert(1)>@example.com`, `x"onclick="y@example.com`},
		Phones: []lead.Phone{{E164: `+1312555"0150`, Valid: true}, {E164: "+13125550150", Valid: true}},
	}
	l.Vehicles = []lead.Vehicle{{Make: `<b>Honda</b>`, Model: `Civic" onclick="x`}}
	r := renderer()
	got := r.Render(delivery("alice", lead.Email, []lead.Lead{l}, lead.Notice{LeadID: l.ID, Kind: lead.NoticeNewLead, At: at("10:00")}))
	for _, bad := range []string{"<script>", "<b>", "<img", `" onclick="`, `"onclick="`} {
		if strings.Contains(got.HTML, bad) {
			t.Errorf("HTML contains unescaped %q:\n%s", bad, got.HTML)
		}
	}
	for _, want := range []string{"&lt;script&gt;", "&lt;b&gt;Honda&lt;/b&gt;", `href="tel:+13125550150"`, `href="mailto:x&#34;onclick=&#34;y@example.com"`} {
		if !strings.Contains(got.HTML, want) {
			t.Errorf("HTML lacks %q:\n%s", want, got.HTML)
		}
	}
	if strings.Contains(got.HTML, `1312555"0150`) || strings.Contains(got.HTML, "1312555&#34;0150") {
		t.Errorf("a phone that is not E.164 made it into the HTML:\n%s", got.HTML)
	}
}

type fixedLinks string

func (f fixedLinks) Action(string, string) string { return string(f) }

// A link with a scheme a browser would run must not become a button.
func TestHTMLRefusesScriptLinks(t *testing.T) {
	r := renderer()
	r.Links = fixedLinks("javascript:alert(1)")
	got := r.Render(delivery("alice", lead.Email, []lead.Lead{patDoe()}, lead.Notice{LeadID: patDoe().ID, Kind: lead.NoticeNewLead, At: at("10:00")}))
	if strings.Contains(got.HTML, "javascript:") {
		t.Errorf("HTML keeps a javascript: link:\n%s", got.HTML)
	}
}

// Texts stay within two segments whatever the provider sent: long names and vehicles
// are cut, never the deadline or the link.
func TestSMSStaysShort(t *testing.T) {
	long := patDoe()
	long.Customer.Name = strings.Repeat("Bartholomew-Maximilian ", 8)
	long.Vehicles = []lead.Vehicle{{Year: 2024, Make: strings.Repeat("Mercedes-Benz ", 4), Model: "Sprinter 3500XD", Trim: strings.Repeat("High Roof Extended ", 3), Status: "certified"}}
	long.Owner = "alice"
	r := renderer()
	r.Dealership = "Demo Motors of Greater Springfield and Shelbyville"
	r.RepName = func(string) string { return strings.Repeat("Alexandria-Konstantina ", 3) }
	fixtures := map[string][]lead.Lead{"typical": {patDoe()}, "long": {long}}
	for name, leads := range fixtures {
		for _, kind := range allKinds {
			d := delivery("mona", lead.SMS, leads, lead.Notice{LeadID: leads[0].ID, Kind: kind, About: "bob", At: at("10:00")})
			text := r.Render(d).Text
			if n := utf8.RuneCountInString(text); n > 320 {
				t.Errorf("%s %s: %d characters, want at most 320:\n%s", name, kind, n, text)
			}
			if link := r.Links.Action(leads[0].ID, "mona"); needsLink(kind) && !strings.HasSuffix(text, link) {
				t.Errorf("%s %s: the link was cut:\n%s", name, kind, text)
			}
			if !strings.Contains(text, "Call by") && (kind == lead.NoticeNewLead || kind == lead.NoticeWarning) {
				t.Errorf("%s %s: the deadline was cut:\n%s", name, kind, text)
			}
		}
	}
}

// A single character outside the GSM alphabet makes a text cost more than twice as
// many segments, so the words this package adds must all be plain.
func TestSMSIsPlainWhenTheDataIs(t *testing.T) {
	r := renderer()
	for _, sc := range scenarios() {
		text := r.Render(delivery(sc.to, lead.SMS, sc.leads, sc.notices...)).Text
		if i := strings.IndexFunc(text, func(c rune) bool { return c > '~' || (c < ' ' && c != '\n') }); i >= 0 {
			t.Errorf("%s: non-ASCII %q at %d:\n%s", sc.name, text[i:], i, text)
		}
	}
}

var allKinds = []lead.NoticeKind{
	lead.NoticeNewLead, lead.NoticeWarning, lead.NoticeOffer, lead.NoticeEscalation, lead.NoticeRerouted,
	lead.NoticeClaimed, lead.NoticeContacted, lead.NoticeSecondContact, lead.NoticeFollowUp, lead.NoticeStalled, lead.NoticeReturning,
}

func needsLink(k lead.NoticeKind) bool { return k != lead.NoticeClaimed && k != lead.NoticeContacted }

func TestKindAndLinks(t *testing.T) {
	pat, sam := patDoe(), samRoe()
	n := func(kind lead.NoticeKind, id string) lead.Notice {
		return lead.Notice{LeadID: id, Kind: kind, About: "bob", At: at("10:00")}
	}
	link := func(id string) string { return newLinks().Action(id, "alice") }
	tests := []struct {
		name      string
		notices   []lead.Notice
		wantKind  string
		wantLinks []string
	}{
		{"one notice", []lead.Notice{n(lead.NoticeWarning, pat.ID)}, "warning", []string{link(pat.ID)}},
		{"same kind", []lead.Notice{n(lead.NoticeNewLead, pat.ID), n(lead.NoticeNewLead, sam.ID)}, "new-lead", []string{link(pat.ID), link(sam.ID)}},
		{"mixed kinds", []lead.Notice{n(lead.NoticeNewLead, sam.ID), n(lead.NoticeOffer, pat.ID)}, Digest, []string{link(sam.ID), link(pat.ID)}},
		{"later notice supersedes", []lead.Notice{n(lead.NoticeOffer, pat.ID), n(lead.NoticeClaimed, pat.ID)}, "claimed", nil},
		{"informational kinds carry no link", []lead.Notice{n(lead.NoticeContacted, pat.ID), n(lead.NoticeNewLead, sam.ID)}, Digest, []string{link(sam.ID)}},
		{"no notices", nil, Digest, nil},
	}
	for _, tt := range tests {
		for _, ch := range []lead.Channel{lead.SMS, lead.Email} {
			t.Run(tt.name+"/"+string(ch), func(t *testing.T) {
				got := renderer().Render(delivery("alice", ch, []lead.Lead{pat, sam}, tt.notices...))
				if got.Kind != tt.wantKind {
					t.Errorf("Kind = %q, want %q", got.Kind, tt.wantKind)
				}
				if !slices.Equal(got.Links, tt.wantLinks) {
					t.Errorf("Links = %q, want %q", got.Links, tt.wantLinks)
				}
				for _, l := range got.Links {
					if !strings.Contains(got.Text, l) {
						t.Errorf("text lacks link %s:\n%s", l, got.Text)
					}
				}
			})
		}
	}
}

func TestChannelParts(t *testing.T) {
	pat := patDoe()
	n := lead.Notice{LeadID: pat.ID, Kind: lead.NoticeNewLead, At: at("10:00")}
	sms := renderer().Render(delivery("alice", lead.SMS, []lead.Lead{pat}, n))
	if sms.Subject != "" || sms.HTML != "" {
		t.Errorf("SMS has a subject or HTML: %+v", sms)
	}
	email := renderer().Render(delivery("alice", lead.Email, []lead.Lead{pat}, n))
	if email.Subject == "" || email.HTML == "" || email.Text == "" {
		t.Errorf("email lacks a part: %+v", email)
	}
	for _, want := range []string{`href="tel:`, `href="sms:`, `href="mailto:pat.doe@example.com"`} {
		if !strings.Contains(email.HTML, want) {
			t.Errorf("HTML lacks %s", want)
		}
	}
}

func TestWithoutOptionalSettings(t *testing.T) {
	pat := patDoe()
	r := Renderer{Dealership: "Demo Motors"}
	got := r.Render(delivery("alice", lead.SMS, []lead.Lead{pat}, lead.Notice{LeadID: pat.ID, Kind: lead.NoticeRerouted, About: "bob", At: at("10:05")}))
	want := "Demo Motors: REASSIGNED Pat Doe - 2024 Honda Civic LX (used). Taken from you and given to bob."
	if got.Text != want || got.Links != nil {
		t.Errorf("Render = %q, %q; want %q and no links", got.Text, got.Links, want)
	}
}

func TestWarningMinutes(t *testing.T) {
	tests := []struct {
		deadline time.Time
		want     string
	}{
		{at("10:05"), "2 min left"},
		{at("10:04").Add(20 * time.Second), "2 min left"}, // rounds up
		{at("10:04"), "1 min left"},
		{at("10:03"), "Deadline passed"},
		{time.Time{}, "Deadline soon"},
	}
	for _, tt := range tests {
		if got := minutesLeft(tt.deadline, at("10:03")); got != tt.want {
			t.Errorf("minutesLeft(%v, 10:03) = %q, want %q", tt.deadline, got, tt.want)
		}
	}
}

// The text links must be usable as they are: the server parses them back.
func TestLinksParse(t *testing.T) {
	for _, l := range renderer().Render(delivery("alice", lead.SMS, []lead.Lead{patDoe()}, lead.Notice{LeadID: patDoe().ID, Kind: lead.NoticeNewLead})).Links {
		if u, err := url.Parse(l); err != nil || u.Scheme != "https" {
			t.Errorf("link %q does not parse as https: %v", l, err)
		}
	}
}
