package dealer

import (
	"github.com/leadclock/leadclock/shared/phone"

	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// shippedReport is the demo config's report section, which the cases below replace.
const shippedReport = `report: {weekday: monday, at: "07:00"}`

// A second manager without an email, and a third with one, for the recipients.
const moreManagers = `  - id: mona
    name: Mona Manager
    phone: "+13125550110"
    email: mona@example.com
    role: manager
    shifts: {mon-sat: "08:00-18:00"}
  - {id: max, name: Max Manager, phone: "+13125550111", role: manager}
  - {id: mia, name: Mia Manager, email: mia@example.com, role: manager}
`

func TestReportSection(t *testing.T) {
	tests := []struct {
		name    string
		section string // replaces the shipped report section; "" removes it
		want    Report
		wantErr string // expected in the error: "path: message"
	}{
		{name: "the shipped section", section: shippedReport,
			want: Report{Weekday: time.Monday, Hour: 7, To: []string{"mona", "mia"}}},
		{name: "no section: Monday 07:00 to every manager with an email", section: "",
			want: Report{Weekday: time.Monday, Hour: 7, To: []string{"mona", "mia"}}},
		{name: "another day and time, short day name", section: `report: {weekday: Fri, at: "16:30"}`,
			want: Report{Weekday: time.Friday, Hour: 16, Minute: 30, To: []string{"mona", "mia"}}},
		{name: "an hour of one digit", section: `report: {at: "7:05"}`,
			want: Report{Weekday: time.Monday, Hour: 7, Minute: 5, To: []string{"mona", "mia"}}},
		{name: "some managers", section: `report: {to: [mia]}`,
			want: Report{Weekday: time.Monday, Hour: 7, To: []string{"mia"}}},
		{name: "midnight on Sunday", section: `report: {weekday: sunday, at: "00:00", to: [mia, mona]}`,
			want: Report{Weekday: time.Sunday, To: []string{"mia", "mona"}}},
		{name: "unknown day", section: `report: {weekday: mondey}`,
			wantErr: `report.weekday: "mondey" is not a day of the week (use monday … sunday, or mon … sun)`},
		{name: "time in words", section: `report: {at: "7am"}`,
			wantErr: `report.at: "7am" is not a time of day (use HH:MM on the dealership's clock, such as "07:00")`},
		{name: "no such hour", section: `report: {at: "24:00"}`, wantErr: `report.at: "24:00" is not a time of day`},
		{name: "a date and time", section: `report: {at: "mon 07:00"}`, wantErr: `report.at: "mon 07:00" is not a time of day`},
		{name: "unknown rep", section: `report: {to: [zoe]}`, wantErr: `report.to[0]: "zoe" is not a rep id`},
		{name: "not a manager", section: `report: {to: [mona, alice]}`, wantErr: `report.to[1]: "alice" is not a manager`},
		{name: "manager without email", section: `report: {to: [max]}`,
			wantErr: `report.to[0]: "max" has no email address: the report is sent by email`},
		{name: "listed twice", section: `report: {to: [mia, mia]}`, wantErr: `report.to[1]: "mia" is listed twice`},
		{name: "empty list", section: `report: {to: []}`,
			wantErr: "report.to: list at least one manager, or leave it out to send the report to every manager"},
		{name: "unknown field", section: `report: {day: monday}`, wantErr: "report.day: unknown field"},
		{name: "not a mapping", section: `report: weekly`, wantErr: `report: expected a mapping of fields, found "weekly"`},
		{name: "recipients not a list", section: `report: {to: mona}`, wantErr: `report.to: expected a list, found "mona"`},
	}
	base := demo(t)
	if strings.Count(base, shippedReport) != 1 {
		t.Fatalf("the demo config no longer contains %q once", shippedReport)
	}
	base = strings.Replace(base, managerEntry, moreManagers, 1)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("demo.yaml", []byte(strings.Replace(base, shippedReport, tt.section, 1)), phone.Numbers)
			if tt.wantErr != "" {
				var cerr *Error
				if !errors.As(err, &cerr) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error:\n%v\nwant it to contain %q", err, tt.wantErr)
				}
				if !strings.HasPrefix(err.Error(), "demo.yaml:") {
					t.Fatalf("error %q does not name the file and line", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := c.Report
			if got.Weekday != tt.want.Weekday || got.Hour != tt.want.Hour || got.Minute != tt.want.Minute || !slices.Equal(got.To, tt.want.To) {
				t.Fatalf("report %+v, want %+v", got, tt.want)
			}
		})
	}
}

// managerEntry is the demo config's manager, which moreManagers replaces.
const managerEntry = `  - id: mona
    name: Mona Manager
    phone: "+13125550110"
    email: mona@example.com
    role: manager
    shifts: {mon-sat: "08:00-18:00"}
`

// TestReportWithoutManagers: a dealership without a manager with an email sends no
// report, and that is no error: the section is optional.
func TestReportWithoutManagers(t *testing.T) {
	text := strings.Replace(demo(t), "    role: manager\n", "    role: sales\n", 1)
	text = strings.Replace(text, "  - {action: notify-managers, after: 10m, repeat: 3}\n", "", 1)
	c, err := Parse("demo.yaml", []byte(text), phone.Numbers)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Report.To) != 0 {
		t.Fatalf("report to %v, want nobody", c.Report.To)
	}
}
