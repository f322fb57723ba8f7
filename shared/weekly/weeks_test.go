package weekly_test

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/followup"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/memory"
	"github.com/leadclock/leadclock/shared/phone"
	"github.com/leadclock/leadclock/shared/weekly"
)

// weeksConfig is a dealership open on weekdays 09:00–18:00 with two reps and a
// manager, as in followup's month: a lead nobody contacts in 5 minutes goes to the
// other rep; 10 minutes later the manager is paged, twice.
const weeksConfig = `
dealership: {id: week-motors, name: Week Motors, timezone: America/Chicago, region: US}
sla: {firstContact: 5m, warnBefore: 2m, secondContact: 24h, stalledAfter: 72h}
escalation:
  - {action: reroute, after: 5m}
  - {action: notify-managers, after: 10m, repeat: 2}
cadence: [1d, 2d]
reps:
  - {id: alice, name: Alice Able, phone: "+13125550101", shifts: {mon-fri: "09:00-18:00"}}
  - {id: bob, name: Bob Baker, phone: "+13125550102", shifts: {mon-fri: "09:00-18:00"}}
  - {id: mona, name: Mona Manager, phone: "+13125550110", email: mona@example.com, role: manager, shifts: {mon-fri: "08:00-18:00"}}
providers:
  - {id: cars-com, name: Cars.com}
  - {id: cargurus, name: CarGurus}
  - {id: autotrader, name: Autotrader}
integrations:
  - {id: dms, apiKey: "test-key-dms"}
notifications: {sms: true}
`

// The two weeks run through the engine: last week from Monday 2 November 2026, this
// week from Monday 9 November, the report made on Monday 16 November at 07:00. Each
// weekday of both weeks brings:
//
//	A 10:00 cars-com: the owner calls after 2–6 minutes last week, 1–5 this week
//	                  (self-reported), an integration logs a second attempt 24 h later,
//	                  the owner a third 24 h after that and closes it sold an hour on.
//	B 11:00 cargurus: the owner misses the deadline; the other rep's call at 11:20 is
//	                  logged by an integration, then nothing: stalled (72 h) by the
//	                  report, but for Friday's.
//
// and each week, C on Tuesday at 20:00 from cargurus: nobody on duty, queued until
// 09:00, called at 09:04 and closed lost at 09:30 ("no answer"). This week also has D
// on Wednesday at 12:00 from autotrader, closed as junk by the integration at 12:01,
// and E on Thursday at 15:00 from cargurus, which nobody ever calls.
//
// So last week 11 leads, this week 13; 4 stalled in each (Monday to Thursday's B as of
// each report); closed early 1 last week (C), 2 this week (C and D).
type kind byte

type planned struct {
	kind     kind
	week     int // 0 last week, 1 this week
	day      int // 0 Monday … 4 Friday
	customer lead.Customer
	id       string
}

// weeks runs the plan on virtual time.
type weeks struct {
	t      *testing.T
	ctx    context.Context
	cfg    *dealer.Config
	sb     *memory.Sandbox
	script *memory.Script
	leads  []*planned
}

// Fictional customers: each lead's full name, phone and email are its own, so that a
// test can tell none of them reached a report.
var (
	firstNames = []string{"Pat", "Sam", "Alex", "Jordan", "Casey", "Riley", "Morgan", "Taylor", "Jamie", "Drew", "Quinn", "Avery",
		"Reese", "Skyler", "Rowan", "Emery", "Hayden", "Parker", "Sawyer", "Logan", "Dakota", "Kendall", "Finley", "Harper"}
	lastNames = []string{"Doe", "Roe", "Moe", "Poe", "Lowe", "Shaw", "Ward", "Hale", "Bell", "Cole", "Dunn", "Frey"}
)

// runWeeks plays both weeks and leaves the clock at the report's time.
func runWeeks(t *testing.T) *weeks {
	t.Helper()
	cfg, err := dealer.Parse("weeks.yaml", []byte(weeksConfig), phone.Numbers)
	if err != nil {
		t.Fatal(err)
	}
	w := &weeks{t: t, ctx: context.Background(), cfg: cfg}
	w.sb = memory.NewSandbox(cfg.Engine(), w.date(0, -1, "06:00"))
	w.script = memory.NewScript(t, w.sb)
	w.plan()
	w.run(w.reportTime())
	return w
}

// date is the instant at a wall-clock time on a day (0 Monday) of a week (0 last
// week, 1 this week, 2 the report's).
func (w *weeks) date(week, day int, clock string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", "2026-11-02 "+clock, w.cfg.Team.Location)
	if err != nil {
		w.t.Fatal(err)
	}
	return t.AddDate(0, 0, 7*week+day)
}

// reportTime is Monday 16 November 07:00, when the report goes out.
func (w *weeks) reportTime() time.Time { return w.date(2, 0, "07:00") }

// period is the report's: this week, as of its time.
func (w *weeks) period() weekly.Period {
	return weekly.Period{Window: w.window(1), AsOf: w.reportTime()}
}

func (w *weeks) window(week int) followup.Window {
	return followup.Window{From: w.date(week, 0, "00:00"), To: w.date(week+1, 0, "00:00")}
}

func (w *weeks) receive(at time.Time, p *planned, provider string) {
	n := len(w.leads)
	first, last := firstNames[n%len(firstNames)], lastNames[n%len(lastNames)]
	p.customer = lead.Customer{Name: first + " " + last,
		Emails: []string{fmt.Sprintf("%s.%s@example.com", first, last)},
		Phones: []lead.Phone{{E164: fmt.Sprintf("+131255501%02d", 50+n), Raw: fmt.Sprintf("(312) 555-01%02d", 50+n), Valid: true}}}
	w.leads = append(w.leads, p)
	src := lead.Source{Provider: provider, ProviderLeadID: fmt.Sprintf("%s-%03d", provider, n)}
	vehicles := []lead.Vehicle{{Year: 2024, Make: "Honda", Model: "Civic", Trim: "LX", Status: "used"}}
	w.script.Receive(at, engine.Intake{Source: src, Customer: p.customer, Vehicles: vehicles}, &p.id)
}

func (w *weeks) contact(at time.Time, p *planned, ev lead.Evidence) {
	c := lead.Contacted{Channel: "call", Evidence: ev}
	if ev == lead.Integration {
		c.Actor = "dms"
	}
	w.script.Contact(at, &p.id, c)
}

// close closes the lead; an empty actor is the lead's owner.
func (w *weeks) close(at time.Time, p *planned, outcome lead.Outcome, reason, actor string) {
	w.script.Close(at, &p.id, lead.Closed{Outcome: outcome, Reason: reason, Actor: actor})
}

func (w *weeks) lead(id string) lead.Lead { return w.script.Lead(id) }

func (w *weeks) plan() {
	const h = time.Hour
	for week := range 2 {
		for day := range 5 {
			a := &planned{kind: 'A', week: week, day: day}
			w.receive(w.date(week, day, "10:00"), a, "cars-com")
			first := w.date(week, day, "10:00").Add(time.Duration(day+2-week) * time.Minute)
			w.contact(first, a, lead.SelfReported)
			w.contact(first.Add(24*h), a, lead.Integration)
			w.contact(first.Add(48*h), a, lead.SelfReported)
			w.close(first.Add(49*h), a, lead.Sold, "", "")

			b := &planned{kind: 'B', week: week, day: day}
			w.receive(w.date(week, day, "11:00"), b, "cargurus")
			w.contact(w.date(week, day, "11:20"), b, lead.Integration)
		}
		c := &planned{kind: 'C', week: week, day: 1}
		w.receive(w.date(week, 1, "20:00"), c, "cargurus")
		w.contact(w.date(week, 2, "09:04"), c, lead.SelfReported)
		w.close(w.date(week, 2, "09:30"), c, lead.Lost, "no answer", "")
	}
	d := &planned{kind: 'D', week: 1, day: 2}
	w.receive(w.date(1, 2, "12:00"), d, "autotrader")
	w.close(w.date(1, 2, "12:01"), d, lead.Junk, "", "dms")
	w.receive(w.date(1, 3, "15:00"), &planned{kind: 'E', week: 1, day: 3}, "cargurus")
}

// run carries out the plan in time order, firing every timer on the way, up to end.
func (w *weeks) run(end time.Time) { w.script.Run(end) }

// which returns the planned leads that match, in the order received (id order).
func (w *weeks) which(match func(p *planned) bool) []*planned {
	var out []*planned
	for _, p := range w.leads {
		if match(p) {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// stalled are this week's leads the report lists as stalled: Monday to Thursday's B.
func (w *weeks) stalled() []*planned {
	return w.which(func(p *planned) bool { return p.kind == 'B' && p.week == 1 && p.day < 4 })
}

// closedEarly are this week's C and D.
func (w *weeks) closedEarly() []*planned {
	return w.which(func(p *planned) bool { return p.week == 1 && (p.kind == 'C' || p.kind == 'D') })
}

// compile makes the report's weeks from the sandbox's store.
func (w *weeks) compile() weekly.Weeks {
	w.t.Helper()
	got, err := weekly.Compile(w.ctx, w.sb.Store, w.period(), w.cfg.Team.Location)
	if err != nil {
		w.t.Fatal(err)
	}
	return got
}
