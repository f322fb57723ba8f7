package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/action"
)

// TestReportEndToEnd runs leadclock report on the data directory of a real server: it
// refuses while the server holds the store, and once the server is stopped prints the
// report and writes its HTML, whose links open the leads on the server.
func TestReportEndToEnd(t *testing.T) {
	t.Parallel()
	config := filepath.Join("testdata", "e2e.yaml")
	data := t.TempDir()
	s := startServer(t, config, data, 1)
	contacted := s.postLead("rp-1", "+1 312 555 0161")
	if code := s.do("POST", "/leads/"+contacted+"/activities", map[string]string{"x-api-key": integrationKey},
		`{"type":"contact","channel":"call","rep":"alice"}`, nil); code != http.StatusOK {
		t.Fatalf("log contact: HTTP %d", code)
	}
	closed := s.postLead("rp-2", "pat.doe.report@example.com")
	if code := s.do("POST", "/leads/"+closed+"/activities", map[string]string{"x-api-key": integrationKey},
		`{"type":"close","outcome":"lost","reason":"no answer"}`, nil); code != http.StatusOK {
		t.Fatalf("close: HTTP %d", code)
	}
	s.postLead("rp-3", "+1 312 555 0163")

	code, stdout, stderr := runBinary(t, "report", "--config", config, "--data", data)
	if code != 1 || !strings.Contains(stderr, "is in use by a running leadclock serve: stop it, then run leadclock report again") {
		t.Fatalf("report while serving: exit %d, stderr %q; want 1 and to be told to stop the server", code, stderr)
	}
	if stdout != "" {
		t.Errorf("report while serving printed %q", stdout)
	}
	s.stop()

	// Yesterday to tomorrow in the dealership's zone holds the leads just posted.
	today := time.Now().In(chicago(t))
	from, to := today.AddDate(0, 0, -1).Format(time.DateOnly), today.AddDate(0, 0, 1).Format(time.DateOnly)
	const public = "https://leads.e2e-motors.example.com"
	html := filepath.Join(t.TempDir(), "report.html")
	code, stdout, stderr = runBinary(t, "report", "--config", config, "--data", data, "--from", from, "--to", to,
		"--html", html, "--public-url", public)
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		`(?m)^E2E Motors · weekly follow-up report for Mona Manager$`,
		`(?m)^Leads received +0 +3$`,
		`(?m)^Not contacted +– +67%$`, // closed lost untried, and still waiting: 2 of 3
		`(?m)^CLOSED WITH FEWER THAN 3 ATTEMPTS \(1\)\n  Pat D\. – 2024 Honda Civic \(used\)\n    Closed lost by dms .* after 0 attempts · .* · Cars\.com · “no answer”\n    Open: ` + regexp.QuoteMeta(public) + `/a/\S+$`,
		`(?m)^STALLED LEADS: contacted, then no attempt for 72 h or more \(0\)\n  None\.$`,
	} {
		if !regexp.MustCompile(want).MatchString(stdout) {
			t.Errorf("the report has no match for %q:\n%s", want, stdout)
		}
	}
	for _, private := range []string{"Pat Doe", "+13125550161", "312-555-0161", "pat.doe.report@example.com"} {
		if strings.Contains(stdout, private) {
			t.Errorf("the report shows %q", private)
		}
	}

	page, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(html); fi.Mode().Perm() != 0o600 {
		t.Errorf("the HTML is mode %v, want 0600: it carries links that act as the manager", fi.Mode().Perm())
	}
	hrefs := regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(string(page), -1)
	if len(hrefs) != 1 || !strings.Contains(string(page), `id="chart"`) {
		t.Fatalf("the HTML has links %q and no chart, want one link and a chart", hrefs)
	}
	secret, err := os.ReadFile(filepath.Join(data, "signing.key"))
	if err != nil {
		t.Fatal(err)
	}
	signer, err := action.NewSigner(secret)
	if err != nil {
		t.Fatal(err)
	}
	token, ok := strings.CutPrefix(hrefs[0][1], public+"/a/")
	if !ok {
		t.Fatalf("link %q is not on the server's action route", hrefs[0][1])
	}
	if c, err := signer.Verify(token, time.Now()); err != nil || c.Lead != closed || c.Rep != "mona" {
		t.Errorf("link %q: %+v, %v; want lead %s for mona", hrefs[0][1], c, err, closed)
	}
}

// runBinary runs the leadclock binary and returns its exit status and output.
func runBinary(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(binary, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return exit.ExitCode(), stdout.String(), stderr.String()
	case err != nil:
		t.Fatalf("run leadclock %s: %v", strings.Join(args, " "), err)
	}
	return 0, stdout.String(), stderr.String()
}

func chicago(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestReportMisuse(t *testing.T) {
	none := filepath.Join(t.TempDir(), "none")
	tests := []struct {
		name string
		args []string
		code int
		want string // in stderr
	}{
		{"an argument", []string{"extra"}, 2, `unexpected argument "extra"`},
		{"an unknown flag", []string{"--week", "last"}, 2, "flag provided but not defined: -week"},
		{"not a date", []string{"--from", "last monday"}, 2, `--from "last monday" is not a date (YYYY-MM-DD) or a time (RFC 3339`},
		{"a window backwards", []string{"--from", "2026-11-09", "--to", "2026-11-02"}, 2, "--from 2026-11-09T00:00:00-06:00 is not before --to 2026-11-02T00:00:00-06:00"},
		{"no data", []string{"--data", none}, 1, "no local-mode store in " + none + " (run leadclock serve --data " + none + " first)"},
		{"not a manager", []string{"--data", none, "--manager", "alice"}, 1, `"alice" is not a manager of demo-motors`},
		{"no config", []string{"--config", "no/such/config.yaml"}, 1, "no/such/config.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"report"}, tt.args...), &stdout, &stderr)
			if code != tt.code || !strings.Contains(stderr.String(), tt.want) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, stderr.String(), tt.code, tt.want)
			}
			if stdout.Len() != 0 {
				t.Errorf("printed %q", stdout.String())
			}
		})
	}
	var help bytes.Buffer
	if run(context.Background(), []string{"help"}, &help, &help); !strings.Contains(help.String(), "leadclock report [flags]") {
		t.Errorf("help does not mention report:\n%s", help.String())
	}
}

func TestReportWindow(t *testing.T) {
	loc := chicago(t)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, loc) }
	tests := []struct {
		name, from, to string
		want           [2]time.Time
		wantErr        string
	}{
		{name: "neither: the last full week"},
		{name: "dates", from: "2026-11-02", to: "2026-11-09", want: [2]time.Time{day(2026, 11, 2), day(2026, 11, 9)}},
		{name: "a week from the first day, across the clocks going back", from: "2026-10-26", want: [2]time.Time{day(2026, 10, 26), day(2026, 11, 2)}},
		{name: "a week to the end", to: "2026-03-09", want: [2]time.Time{day(2026, 3, 2), day(2026, 3, 9)}},
		{name: "RFC 3339", from: "2026-11-02T10:00:00Z", to: "2026-11-02T22:00:00-06:00",
			want: [2]time.Time{time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC), time.Date(2026, 11, 3, 4, 0, 0, 0, time.UTC)}},
		{name: "empty", from: "2026-11-02", to: "2026-11-02", wantErr: "is not before --to"},
		{name: "not a date", to: "9 Nov", wantErr: `--to "9 Nov" is not a date`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := reportWindow(tt.from, tt.to, loc)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !w.From.Equal(tt.want[0]) || !w.To.Equal(tt.want[1]) {
				t.Fatalf("window [%s, %s), %v; want [%s, %s)", w.From, w.To, err, tt.want[0], tt.want[1])
			}
		})
	}
}
