package simulate

import (
	"strings"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/httpapi"
)

func TestDefaultModelIsValid(t *testing.T) {
	m := Default()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for _, w := range m.Arrivals.Hours {
		sum += w
	}
	if sum < 99.999 || sum > 100.001 {
		t.Errorf("hour weights add up to %v, want the 100 percent docs/SIMULATION.md gives", sum)
	}
	// The shares docs/SIMULATION.md cites: 17 % of the day's leads from 05:00 to 10:00,
	// 38 % from 10:00 to 16:00, 45 % from 16:00 to 05:00.
	part := func(from, to int) (s float64) {
		for h := from; h != to; h = (h + 1) % 24 {
			s += m.Arrivals.Hours[h]
		}
		return s
	}
	if a, b, c := part(5, 10), part(10, 16), part(16, 5); !near(a, 17) || !near(b, 38) || !near(c, 45) {
		t.Errorf("hour shares %v / %v / %v, want 17 / 38 / 45", a, b, c)
	}
	if got := m.Arrivals.Days.Tue / m.Arrivals.Days.Fri; got < 1.45 || got > 1.5 {
		t.Errorf("Tuesday over Friday %v, want the 1.47 docs/SIMULATION.md cites", got)
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

// The busy tap lasts as long as the one-tap page makes it.
func TestBusyForIsThePage(t *testing.T) {
	if got := Default().Reps.Busy.For.D(); got != httpapi.BusyFor {
		t.Fatalf("the model's busy tap lasts %s, the page's %s", got, httpapi.BusyFor)
	}
}

func TestParseModel(t *testing.T) {
	m, err := ParseModel("m.yaml", []byte(`
days: 10
leadsPerDay: 35
reps:
  respond:
    free: {delay: 30s}
  crm: {every: {median: 20m, p90: 1h}}
overrides:
  bob: {floor: {allDay: true}}
channels:
  email: {missed: 0.9}
`))
	if err != nil {
		t.Fatal(err)
	}
	d := Default()
	if m.Days != 10 || m.LeadsPerDay != 35 || m.Start != d.Start || m.Tail != d.Tail {
		t.Errorf("top level: %d days, %v a day, start %s, tail %s", m.Days, m.LeadsPerDay, m.Start, m.Tail)
	}
	free := m.Reps.Respond.Free
	if free.Delay != (Dist{Median: Duration(30 * time.Second), P90: Duration(30 * time.Second)}) || free.Missed != d.Reps.Respond.Free.Missed || free.Now != 1 {
		t.Errorf("free response %+v: want a fixed 30 s delay and the rest as the defaults", free)
	}
	if m.Reps.CRM.Every != (Dist{Median: Duration(20 * time.Minute), P90: Duration(time.Hour)}) {
		t.Errorf("crm %+v", m.Reps.CRM)
	}
	if m.Channels.Email.Missed != 0.9 || m.Channels.Email.Lag != d.Channels.Email.Lag {
		t.Errorf("email %+v", m.Channels.Email)
	}
	// Overrides merge by key with the defaults'.
	if _, ok := m.Overrides["bdc"]; !ok {
		t.Errorf("the default bdc override is gone: %v", m.Overrides)
	}
	bob, err := m.Behaviour("bob", "sales")
	if err != nil {
		t.Fatal(err)
	}
	if !bob.Floor.AllDay || bob.Floor.Visit != d.Reps.Floor.Visit || bob.Respond.Free.Delay != free.Delay {
		t.Errorf("bob %+v", bob.Floor)
	}
	erin, _ := m.Behaviour("erin", "bdc")
	if erin.Floor.VisitsPerHour != 0 || erin.Floor.Visit != d.Reps.Floor.Visit {
		t.Errorf("a bdc rep's floor %+v: want no customers", erin.Floor)
	}
}

func TestModelProblems(t *testing.T) {
	for _, tt := range []struct{ yaml, want string }{
		{"dayz: 3", "field dayz not found"},
		{"reps: {respond: {free: {missed: 1.5}}}", "reps.respond.free.missed: 1.5 is not a share"},
		{"reps: {respond: {free: {now: 0.8, busy: 0.5}}}", "add up to more than 1"},
		{"arrivals: {hours: [1, 2]}", "2 weights: want 24"},
		{"customers: {resendAfter: {median: 5m, p95: 1h}}", "field p95 not found"},
		{"customers: {resendAfter: {median: 1h, p90: 5m}}", "p90 5m is below the median 1h"},
		{"tail: soon", `"soon" is not a duration`},
		{"start: 2026-13-01", "is not a date"},
		{"overrides: {bob: {floor: {visits: 2}}}", "overrides.bob"},
		{"reps: {sleep: {from: '25:00'}}", "reps.sleep.from"},
		{"providers: [{id: cars-com, share: -1}]", "providers[0].share"},
	} {
		_, err := ParseModel("m.yaml", []byte(tt.yaml))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.yaml, err, tt.want)
		}
	}
}

func TestDurations(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want time.Duration
		out  string
	}{
		{"90s", 90 * time.Second, "1m30s"}, {"5m", 5 * time.Minute, "5m"}, {"1h30m", 90 * time.Minute, "1h30m"},
		{"2h", 2 * time.Hour, "2h"}, {"2d", 48 * time.Hour, "2d"}, {"1w", 7 * 24 * time.Hour, "1w"}, {"0", 0, "0s"},
	} {
		d, err := ParseDuration(tt.in)
		if err != nil || d.D() != tt.want || d.String() != tt.out {
			t.Errorf("%s: %v (%s), %v; want %v (%s)", tt.in, d.D(), d, err, tt.want, tt.out)
		}
	}
}
