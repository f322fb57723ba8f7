package message

import (
	"time"

	"github.com/leadclock/leadclock/shared/action"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/roster"
)

// Fictional people only: 312-555-01xx numbers and example.com addresses.

var chicago = mustLoad("America/Chicago")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// day is a Tuesday morning at the dealership.
func at(hhmm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", "2026-11-24 "+hhmm, chicago)
	if err != nil {
		panic(err)
	}
	return t
}

var reps = map[string]roster.Rep{
	"alice": {ID: "alice", Name: "Alice Able", Role: roster.Sales, Phone: "+13125550101", Email: "alice@example.com"},
	"bob":   {ID: "bob", Name: "Bob Baker", Role: roster.Sales, Phone: "+13125550102", Email: "bob@example.com"},
	"carol": {ID: "carol", Name: "Carol Chen", Role: roster.Sales, Phone: "+13125550103", Email: "carol@example.com"},
	"mona":  {ID: "mona", Name: "Mona Manager", Role: roster.Manager, Phone: "+13125550110", Email: "mona@example.com"},
}

func repName(id string) string { return reps[id].Name }

// signedLinks builds links the way the server does, so that texts are measured with
// tokens of the real length. The expiry is fixed to keep the goldens stable.
type signedLinks struct{ signer *action.Signer }

func (s signedLinks) Action(leadID, rep string) string {
	return "https://leads.demo-motors.example.com/a/" + s.signer.Sign(action.Claims{Lead: leadID, Rep: rep, Expires: at("10:00").Add(action.DefaultTTL)})
}

func newLinks() signedLinks {
	s, err := action.NewSigner([]byte("test secret, not for production!"))
	if err != nil {
		panic(err)
	}
	return signedLinks{s}
}

func renderer() Renderer {
	return Renderer{Dealership: "Demo Motors", Location: chicago, Links: newLinks(), RepName: repName}
}

func patDoe() lead.Lead {
	return lead.Lead{
		ID:     "01JDQ4S3W5X7Y9Z0ABCDEFGHJK",
		Status: lead.StatusAssigned,
		Owner:  "alice",
		Customer: lead.Customer{
			Name:   "Pat Doe",
			Emails: []string{"pat.doe@example.com"},
			Phones: []lead.Phone{{Raw: "555", Valid: false}, {E164: "+13125550150", Raw: "(312) 555-0150", Type: "mobile", Valid: true}},
		},
		Vehicles:   []lead.Vehicle{{Year: 2024, Make: "Honda", Model: "Civic", Trim: "LX", Status: "used"}},
		ReceivedAt: at("10:00"),
		Deadline:   at("10:05"),
	}
}

func samRoe() lead.Lead {
	return lead.Lead{
		ID:         "01JDQ4T9AB3CD4EF5GH6JK7MNP",
		Status:     lead.StatusAssigned,
		Owner:      "alice",
		Customer:   lead.Customer{FirstName: "Sam", LastName: "Roe", Phones: []lead.Phone{{E164: "+13125550151", Raw: "+13125550151", Valid: true}}},
		Vehicles:   []lead.Vehicle{{Year: 2025, Make: "Ford", Model: "F-150", Status: "new"}},
		ReceivedAt: at("10:00"),
		Deadline:   at("10:06"),
	}
}

func delivery(to string, ch lead.Channel, leads []lead.Lead, notices ...lead.Notice) engine.Delivery {
	for i := range notices {
		notices[i].To, notices[i].Channel = to, ch
	}
	return engine.Delivery{
		Rep:     reps[to],
		Message: lead.Message{ID: to + "." + string(ch) + "/1", To: to, Channel: ch, Notices: notices},
		Leads:   leads,
	}
}

// scenario is one message to render on each channel.
type scenario struct {
	name    string
	to      string
	leads   []lead.Lead
	notices []lead.Notice
}

// refusedIn says how many refused leads a scenario's manager hears of.
var refusedIn = map[string]int{"escalation-refused-leads": 3}

func with(l lead.Lead, edit func(*lead.Lead)) lead.Lead {
	edit(&l)
	return l
}

func scenarios() []scenario {
	pat, sam := patDoe(), samRoe()
	contacted := with(pat, func(l *lead.Lead) {
		l.Status, l.Owner, l.Deadline, l.FirstContactAt, l.LastContactAt = lead.StatusContacted, "bob", time.Time{}, at("10:07"), at("10:07")
	})
	stalled := with(contacted, func(l *lead.Lead) {
		l.Status, l.LastContactAt = lead.StatusStalled, at("10:07").AddDate(0, 0, 1)
	})
	n := func(kind lead.NoticeKind, leadID, about, hhmm string, days int) lead.Notice {
		return lead.Notice{LeadID: leadID, Kind: kind, About: about, At: at(hhmm).AddDate(0, 0, days)}
	}
	return []scenario{
		{"new-lead", "alice", []lead.Lead{pat}, []lead.Notice{n(lead.NoticeNewLead, pat.ID, "", "10:00", 0)}},
		{"new-lead-overnight", "alice", []lead.Lead{with(pat, func(l *lead.Lead) { l.Deadline = at("09:05").AddDate(0, 0, 1) })},
			[]lead.Notice{n(lead.NoticeNewLead, pat.ID, "", "22:40", 0)}},
		{"warning", "alice", []lead.Lead{pat}, []lead.Notice{n(lead.NoticeWarning, pat.ID, "", "10:03", 0)}},
		{"offer", "bob", []lead.Lead{with(pat, func(l *lead.Lead) { l.Deadline = at("10:15") })},
			[]lead.Notice{n(lead.NoticeOffer, pat.ID, "", "10:10", 0)}},
		{"escalation", "mona", []lead.Lead{with(pat, func(l *lead.Lead) { l.Deadline = at("10:25") })},
			[]lead.Notice{n(lead.NoticeEscalation, pat.ID, "alice", "10:15", 0)}},
		{"rerouted", "alice", []lead.Lead{with(pat, func(l *lead.Lead) { l.Owner, l.Deadline = "bob", at("10:10") })},
			[]lead.Notice{n(lead.NoticeRerouted, pat.ID, "bob", "10:05", 0)}},
		{"escalation-refused-leads", "mona", []lead.Lead{with(pat, func(l *lead.Lead) { l.Deadline = at("10:25") })},
			[]lead.Notice{n(lead.NoticeEscalation, pat.ID, "alice", "10:15", 0)}},
		{"claimed", "carol", []lead.Lead{with(pat, func(l *lead.Lead) { l.Owner = "bob" })},
			[]lead.Notice{n(lead.NoticeClaimed, pat.ID, "bob", "10:11", 0)}},
		{"contacted", "alice", []lead.Lead{contacted}, []lead.Notice{n(lead.NoticeContacted, pat.ID, "bob", "10:07", 0)}},
		{"second-contact-due", "bob", []lead.Lead{contacted}, []lead.Notice{n(lead.NoticeSecondContact, pat.ID, "", "10:07", 1)}},
		{"follow-up-due", "bob", []lead.Lead{with(contacted, func(l *lead.Lead) { l.Status = lead.StatusWorking })},
			[]lead.Notice{n(lead.NoticeFollowUp, pat.ID, "", "11:00", 2)}},
		{"returning", "bob", []lead.Lead{contacted}, []lead.Notice{n(lead.NoticeReturning, pat.ID, "", "15:20", 1)}},
		{"stalled", "bob", []lead.Lead{stalled}, []lead.Notice{n(lead.NoticeStalled, pat.ID, "", "10:07", 4)}},
		{"stalled-manager", "mona", []lead.Lead{stalled}, []lead.Notice{n(lead.NoticeStalled, pat.ID, "bob", "10:07", 4)}},
		{"deleted-lead", "alice", nil, []lead.Notice{n(lead.NoticeNewLead, "L0009", "", "10:00", 0)}},
		{"bundle", "alice", []lead.Lead{pat, sam}, []lead.Notice{
			n(lead.NoticeNewLead, pat.ID, "", "10:00", 0),
			n(lead.NoticeNewLead, sam.ID, "", "10:00", 0),
		}},
		{"digest", "alice", []lead.Lead{pat, sam}, []lead.Notice{
			n(lead.NoticeNewLead, pat.ID, "", "10:00", 0),
			n(lead.NoticeNewLead, sam.ID, "", "10:00", 0),
			n(lead.NoticeNewLead, "L0009", "", "10:00", 0),
			n(lead.NoticeRerouted, pat.ID, "bob", "10:00", 0),
			n(lead.NoticeContacted, "01JDQ4V0000000000000000000", "carol", "10:00", 0),
		}},
	}
}
