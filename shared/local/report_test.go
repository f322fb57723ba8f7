package local

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/action"
	"github.com/leadclock/leadclock/shared/bolt"
	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/followup"
	"github.com/leadclock/leadclock/shared/httpapi"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/memory"
	"github.com/leadclock/leadclock/shared/message"
	"github.com/leadclock/leadclock/shared/outbox"
	"github.com/leadclock/leadclock/shared/phone"
)

// reportConfig has two managers with an email, who get the report, and one without.
const reportConfig = `
dealership: {id: report-motors, name: Report Motors, timezone: America/Chicago, region: US}
sla: {firstContact: 5m, secondContact: 24h, stalledAfter: 72h}
escalation: [{action: reroute, after: 5m}]
reps:
  - {id: alice, name: Alice Able, phone: "+13125550101", shifts: {mon-sun: "00:00-24:00"}}
  - {id: mona, name: Mona Manager, phone: "+13125550110", email: mona@example.com, role: manager}
  - {id: max, name: Max Manager, phone: "+13125550111", role: manager}
  - {id: mia, name: Mia Manager, phone: "+13125550112", email: mia@example.com, role: manager}
notifications: {sms: true}
`

func reportTestConfig(t *testing.T) *dealer.Config {
	t.Helper()
	cfg, err := dealer.Parse("report.yaml", []byte(reportConfig), phone.Numbers)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// reportData is a data directory whose store holds leads received in the week of
// Monday 26 October 2026 (the week the clocks go back), made through the engine on a
// fake clock: each day at 10:00 a lead alice calls three times and closes sold, and
// on Wednesday at 15:00 one she calls once and never again (stalled by the report).
func reportData(t *testing.T, cfg *dealer.Config) (dir string, db *bolt.DB, stalled string) {
	t.Helper()
	dir = t.TempDir()
	db, err := bolt.Open(filepath.Join(dir, "leadclock.db"))
	if err != nil {
		t.Fatal(err)
	}
	clock := memory.NewClock(time.Date(2026, 10, 26, 9, 0, 0, 0, cfg.Team.Location))
	eng := engine.New(db.Store(), clock, cfg.Engine(), engine.IDs(clock))
	ctx := context.Background()
	receive := func(day, n int, at string, attempts int) string {
		h, _ := time.Parse("15:04", at)
		clock.Set(time.Date(2026, 10, 26+day, h.Hour(), h.Minute(), 0, 0, cfg.Team.Location))
		rc, err := eng.Receive(ctx, engine.Intake{Source: lead.Source{Provider: "cars-com", ProviderLeadID: fmt.Sprintf("r-%d", n)},
			Customer: lead.Customer{FirstName: "Pat", LastName: fmt.Sprintf("Doe%c", 'a'+n), Emails: []string{fmt.Sprintf("pat%d@example.com", n)}}})
		if err != nil {
			t.Fatal(err)
		}
		for range attempts {
			clock.Set(clock.Now().Add(2 * time.Minute))
			if _, err := eng.LogActivity(ctx, rc.Lead.ID, lead.Contacted{Channel: "call", Evidence: lead.SelfReported}); err != nil {
				t.Fatal(err)
			}
		}
		return rc.Lead.ID
	}
	for day := range 7 {
		id := receive(day, day, "10:00", 3)
		if _, err := eng.Close(ctx, id, lead.Closed{Outcome: lead.Sold, Actor: "alice"}); err != nil {
			t.Fatal(err)
		}
	}
	stalled = receive(2, 9, "15:00", 1)
	return dir, db, stalled
}

// TestWeeklyReportsGoOutOnSchedule runs the loop on a fake clock from Friday 30
// October: the first report is due Monday 2 November 07:00 (after the clocks went
// back), the next a week later, the third a week after that.
func TestWeeklyReportsGoOutOnSchedule(t *testing.T) {
	cfg := reportTestConfig(t)
	dir, db, stalled := reportData(t, cfg)
	t.Cleanup(func() { db.Close() })
	loc := cfg.Team.Location
	clock := memory.NewClock(time.Date(2026, 10, 30, 12, 0, 0, 0, loc))
	signer, err := action.NewSigner([]byte("local-report-test-signing-secret-0001"))
	if err != nil {
		t.Fatal(err)
	}
	links := linkServer(signer, clock)
	box, err := outbox.New(dir, message.Renderer{Dealership: cfg.Dealership.Name, Location: loc}, clock, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var waited []time.Time
	r := &reports{cfg: cfg, store: db.Store(), clock: clock, outbox: box, links: links, log: slog.New(slog.DiscardHandler),
		sleep: func(_ context.Context, until time.Time) bool {
			waited = append(waited, until)
			if len(waited) > 3 {
				return false
			}
			clock.Set(until)
			return true
		}}
	r.run(ctx)

	want := []time.Time{
		time.Date(2026, 11, 2, 7, 0, 0, 0, loc), time.Date(2026, 11, 9, 7, 0, 0, 0, loc),
		time.Date(2026, 11, 16, 7, 0, 0, 0, loc), time.Date(2026, 11, 23, 7, 0, 0, 0, loc),
	}
	if !slices.EqualFunc(waited, want, time.Time.Equal) {
		t.Fatalf("waited until %v, want %v", waited, want)
	}
	// 2 November: the week with the leads; 9 November: a week without, beside it;
	// 16 November: two weeks without, no report.
	lines := outboxLines(t, dir)
	var got []string
	for _, l := range lines {
		got = append(got, l.MessageID)
		if l.Kind != "weekly-report" || l.Channel != "email" || !strings.Contains(l.Subject, "Report Motors weekly follow-up") {
			t.Errorf("outbox line %+v: want a weekly report by email", l)
		}
	}
	wantIDs := []string{"weekly/2026-10-26/mona", "weekly/2026-10-26/mia", "weekly/2026-11-02/mona", "weekly/2026-11-02/mia"}
	if !slices.Equal(got, wantIDs) {
		t.Fatalf("outbox messages %q, want %q", got, wantIDs)
	}
	first := lines[0]
	for _, s := range []string{"for Mona Manager", "This week: Mon 26 Oct – Sun 1 Nov 2026, as of Mon 2 Nov 07:00", "Leads received", "(1)\n  Pat D."} {
		if !strings.Contains(first.Text, s) {
			t.Errorf("the first report lacks %q:\n%s", s, first.Text)
		}
	}
	if len(first.Links) != 1 || !strings.HasPrefix(first.Links[0], "http://127.0.0.1:8080/a/") {
		t.Fatalf("links %q, want one to the stalled lead", first.Links)
	}
	c, err := signer.Verify(strings.TrimPrefix(first.Links[0], "http://127.0.0.1:8080/a/"), want[0])
	if err != nil || c.Lead != stalled || c.Rep != "mona" {
		t.Errorf("link claims %+v, %v: want lead %s for mona", c, err, stalled)
	}
	if _, err := os.Stat(filepath.Join(dir, first.EML)); err != nil {
		t.Errorf("the report's .eml: %v", err)
	}

	// Sent again at the same time, as after a restart at that minute: no new lines.
	if err := r.send(ctx, want[0]); err != nil {
		t.Fatal(err)
	}
	if n := len(outboxLines(t, dir)); n != len(wantIDs) {
		t.Errorf("%d outbox lines after sending a report again, want %d", n, len(wantIDs))
	}
}

// TestWeeklyReportsWithoutRecipients: no manager with an email, no loop.
func TestWeeklyReportsWithoutRecipients(t *testing.T) {
	cfg := reportTestConfig(t)
	cfg.Report.To = nil
	r := &reports{cfg: cfg, log: slog.New(slog.DiscardHandler), sleep: func(context.Context, time.Time) bool {
		t.Fatal("the loop waited for a report nobody gets")
		return false
	}}
	r.run(context.Background())
}

// linkServer mints action links as local mode's server does.
func linkServer(signer *action.Signer, clock engine.Clock) *httpapi.Server {
	return &httpapi.Server{Signer: signer, Clock: clock, BaseURL: "http://127.0.0.1:8080"}
}

type outboxLine struct {
	MessageID, Kind, Channel, Subject, Text, EML string
	Links                                        []string
}

func outboxLines(t *testing.T, dir string) []outboxLine {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, outbox.LogFile))
	if err != nil {
		t.Fatal(err)
	}
	var out []outboxLine
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		if line == "" {
			continue
		}
		var l outboxLine
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("outbox line %q: %v", line, err)
		}
		out = append(out, l)
	}
	return out
}

func TestWeeklyReportFromDataDir(t *testing.T) {
	cfg := reportTestConfig(t)
	dir, db, stalled := reportData(t, cfg)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// The clock stopped on Wednesday 4 November at noon, at real speed.
	writeAnchor(t, dir, time.Date(2026, 11, 4, 12, 0, 0, 0, cfg.Team.Location), 1)
	ctx := context.Background()
	const url = "http://127.0.0.1:8080"

	tests := []struct {
		name    string
		o       ReportOptions
		want    []string // in the text
		wantErr string
	}{
		{name: "the last full week", o: ReportOptions{Config: cfg, DataDir: dir, PublicURL: url},
			want: []string{"for Mona Manager", "This week: Mon 26 Oct – Sun 1 Nov 2026, as of Wed 4 Nov 12:", "Last week: Mon 19 – Sun 25 Oct 2026, as of Wed 28 Oct 12:",
				"Leads received", "STALLED LEADS: contacted, then no attempt for 72 h or more (1)", "Open: " + url + "/a/"}},
		{name: "a window and a manager", o: ReportOptions{Config: cfg, DataDir: dir, PublicURL: url, Manager: "max",
			Window: followup.Window{From: time.Date(2026, 10, 28, 0, 0, 0, 0, cfg.Team.Location), To: time.Date(2026, 10, 29, 0, 0, 0, 0, cfg.Team.Location)}},
			want: []string{"for Max Manager", "This week: Wed 28 Oct 2026, as of Wed 4 Nov 12:", "Last week: Tue 27 Oct 2026, as of Tue 3 Nov 12:"}},
		{name: "not a manager", o: ReportOptions{Config: cfg, DataDir: dir, Manager: "alice"},
			wantErr: `"alice" is not a manager of report-motors`},
		{name: "no store", o: ReportOptions{Config: cfg, DataDir: filepath.Join(dir, "nothing")},
			wantErr: "no local-mode store in " + filepath.Join(dir, "nothing") + " (run leadclock serve --data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Report(ctx, tt.o)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range tt.want {
				if !strings.Contains(r.Text, s) {
					t.Errorf("the report lacks %q:\n%s", s, r.Text)
				}
			}
		})
	}

	// The links verify with the data directory's signing key, for the lead.
	r, err := Report(ctx, ReportOptions{Config: cfg, DataDir: dir, PublicURL: url})
	if err != nil {
		t.Fatal(err)
	}
	secret, err := os.ReadFile(filepath.Join(dir, "signing.key"))
	if err != nil {
		t.Fatal(err)
	}
	signer, _ := action.NewSigner(secret)
	if c, err := signer.Verify(strings.TrimPrefix(r.Links[0], url+"/a/"), time.Date(2026, 11, 4, 12, 0, 0, 0, time.UTC)); err != nil || c.Lead != stalled {
		t.Errorf("link %s: %+v, %v; want lead %s", r.Links[0], c, err, stalled)
	}

	t.Run("while a server holds the store", func(t *testing.T) {
		db, err := bolt.Open(filepath.Join(dir, "leadclock.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		_, err = Report(ctx, ReportOptions{Config: cfg, DataDir: dir, PublicURL: url})
		if err == nil || !strings.Contains(err.Error(), "is in use by a running leadclock serve: stop it, then run leadclock report again") {
			t.Fatalf("error %v, want it to say the server must be stopped", err)
		}
	})
}

// writeAnchor leaves a clock anchor in the data directory, as a server stopped at
// the clock time would.
func writeAnchor(t *testing.T, dir string, clock time.Time, speed float64) {
	t.Helper()
	data, err := json.Marshal(anchor{Real: time.Now(), Clock: clock, Speed: speed})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "clock.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestWeeklyReportReadsTheClock(t *testing.T) {
	real := time.Date(2026, 11, 24, 16, 0, 0, 0, time.UTC)
	clock := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		anchor *anchor
		want   time.Time
	}{
		{name: "no anchor: real time", want: real},
		{name: "real speed", anchor: &anchor{Real: real.Add(-time.Hour), Clock: clock, Speed: 1}, want: clock.Add(time.Hour)},
		{name: "downtime counts at the speed the server ran at", anchor: &anchor{Real: real.Add(-time.Minute), Clock: clock, Speed: 60}, want: clock.Add(time.Hour)},
		{name: "the machine's clock went back", anchor: &anchor{Real: real.Add(time.Hour), Clock: clock, Speed: 1}, want: clock},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "clock.json")
			if tt.anchor != nil {
				data, _ := json.Marshal(tt.anchor)
				if err := os.WriteFile(path, data, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			got, err := readClock(path, real)
			if err != nil || !got.Equal(tt.want) {
				t.Fatalf("readClock = %s, %v; want %s", got, err, tt.want)
			}
			if tt.anchor != nil {
				// Reading leaves the anchor as it was.
				if data, _ := os.ReadFile(path); !strings.Contains(string(data), tt.anchor.Clock.Format(time.RFC3339)) {
					t.Errorf("the anchor changed: %s", data)
				}
			}
		})
	}
}
