package outbox

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/message"
	"github.com/leadclock/leadclock/shared/roster"
)

// Fictional people only: 312-555-01xx numbers and example.com addresses.

var (
	chicago = mustLoad("America/Chicago")
	t0      = time.Date(2026, 11, 24, 10, 0, 3, 0, chicago)
	alice   = roster.Rep{ID: "alice", Name: "Alice Able", Role: roster.Sales, Phone: "+13125550101", Email: "alice@example.com"}
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
	return "https://leads.demo-motors.example.com/a/" + leadID + "~" + rep + "?x=1&y=2"
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

var (
	pat = customerLead("01JDQ4S3W5X7Y9Z0ABCDEFGHJK", "Pat", "Doe", "+13125550150", "pat.doe@example.com")
	sam = customerLead("01JDQ4T9AB3CD4EF5GH6JK7MNP", "Sam", "Roe", "+13125550151", "sam.roe@example.com")
)

func delivery(rep roster.Rep, ch lead.Channel, id string, leads []lead.Lead, kinds ...lead.NoticeKind) engine.Delivery {
	m := lead.Message{ID: id, To: rep.ID, Channel: ch}
	for i, k := range kinds {
		m.Notices = append(m.Notices, lead.Notice{LeadID: leads[i%len(leads)].ID, To: rep.ID, Channel: ch, Kind: k, About: "bob", At: t0})
	}
	return engine.Delivery{Rep: rep, Message: m, Leads: leads}
}

func newNotifier(t *testing.T) (*Notifier, string, *bytes.Buffer) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "local")
	var stdout bytes.Buffer
	n, err := New(dir, renderer(), engine.ClockFunc(func() time.Time { return t0 }), &stdout, WithFrom("leads@demo-motors.example"))
	if err != nil {
		t.Fatal(err)
	}
	return n, dir, &stdout
}

// readLog returns each line of outbox.jsonl decoded, failing on any that does not
// parse.
func readLog(t *testing.T, dir string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, LogFile))
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %d does not parse: %v\n%s", len(out)+1, err, sc.Text())
		}
		out = append(out, m)
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		t.Errorf("the log does not end with a newline")
	}
	return out
}

func TestNewCreatesDirectories(t *testing.T) {
	_, dir, _ := newNotifier(t)
	for _, p := range []string{dir, filepath.Join(dir, EmailDir)} {
		if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
			t.Errorf("%s is not a directory: %v", p, err)
		}
	}
	if fi, err := os.Stat(filepath.Join(dir, LogFile)); err != nil || fi.Size() != 0 {
		t.Errorf("%s should exist, empty: %v", LogFile, err)
	}
}

func TestSendWritesOneLine(t *testing.T) {
	tests := []struct {
		name     string
		d        engine.Delivery
		want     map[string]any
		wantIDs  []any
		wantLink int
	}{
		{
			name: "sms",
			d:    delivery(alice, lead.SMS, "alice.sms/1", []lead.Lead{pat}, lead.NoticeNewLead),
			want: map[string]any{
				"at": "2026-11-24T10:00:03.000-06:00", "leadId": pat.ID, "channel": "sms", "kind": "new-lead", "messageId": "alice.sms/1",
				"to": map[string]any{"rep": "alice", "phone": "+13125550101"},
			},
			wantLink: 1,
		},
		{
			name: "email",
			d:    delivery(alice, lead.Email, "alice.email/1", []lead.Lead{pat}, lead.NoticeWarning),
			want: map[string]any{
				"at": "2026-11-24T10:00:03.000-06:00", "leadId": pat.ID, "channel": "email", "kind": "warning", "messageId": "alice.email/1",
				"to": map[string]any{"rep": "alice", "email": "alice@example.com"}, "eml": "outbox/20261124T160003Z-alice.email-1.eml",
			},
			wantLink: 1,
		},
		{
			name: "digest",
			d:    delivery(alice, lead.SMS, "alice.sms/2", []lead.Lead{pat, sam}, lead.NoticeNewLead, lead.NoticeClaimed),
			want: map[string]any{
				"at": "2026-11-24T10:00:03.000-06:00", "leadId": pat.ID, "channel": "sms", "kind": "digest", "messageId": "alice.sms/2",
				"to": map[string]any{"rep": "alice", "phone": "+13125550101"},
			},
			wantIDs:  []any{pat.ID, sam.ID},
			wantLink: 1, // Bob claimed Sam's lead: nothing left to tap
		},
		{
			name: "informational",
			d:    delivery(alice, lead.SMS, "alice.sms/3", []lead.Lead{pat}, lead.NoticeContacted),
			want: map[string]any{
				"at": "2026-11-24T10:00:03.000-06:00", "leadId": pat.ID, "channel": "sms", "kind": "contacted", "messageId": "alice.sms/3",
				"to": map[string]any{"rep": "alice", "phone": "+13125550101"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, dir, _ := newNotifier(t)
			if err := n.Send(context.Background(), tt.d); err != nil {
				t.Fatal(err)
			}
			lines := readLog(t, dir)
			if len(lines) != 1 {
				t.Fatalf("%d lines, want 1", len(lines))
			}
			got := lines[0]
			rendered := renderer().Render(tt.d)
			for k, v := range tt.want {
				if fmt.Sprint(got[k]) != fmt.Sprint(v) {
					t.Errorf("%s = %v, want %v", k, got[k], v)
				}
			}
			if got["text"] != rendered.Text || rendered.Text == "" {
				t.Errorf("text = %q, want the rendered text %q", got["text"], rendered.Text)
			}
			if links, ok := got["links"].([]any); !ok || len(links) != tt.wantLink {
				t.Errorf("links = %#v, want a list of %d", got["links"], tt.wantLink)
			}
			if ids, ok := got["leadIds"]; (tt.wantIDs == nil) == ok || (ok && !slices.Equal(ids.([]any), tt.wantIDs)) {
				t.Errorf("leadIds = %v, want %v", ids, tt.wantIDs)
			}
			_, hasSubject := got["subject"]
			if email := tt.d.Message.Channel == lead.Email; hasSubject != email || (email && got["subject"] != rendered.Subject) {
				t.Errorf("subject = %v (present %v), want %q only for email", got["subject"], hasSubject, rendered.Subject)
			}
			emls, _ := os.ReadDir(filepath.Join(dir, EmailDir))
			if want := map[bool]int{true: 1, false: 0}[tt.d.Message.Channel == lead.Email]; len(emls) != want {
				t.Errorf("%d files in %s, want %d", len(emls), EmailDir, want)
			}
		})
	}
}

// The clock is the engine's, not the wall's: in the simulator a nudge is stamped with
// virtual time.
func TestSendUsesTheClock(t *testing.T) {
	dir := t.TempDir()
	virtual := time.Date(2031, 2, 3, 4, 5, 6, 0, time.UTC)
	n, err := New(dir, renderer(), engine.ClockFunc(func() time.Time { return virtual }), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Send(context.Background(), delivery(alice, lead.SMS, "m/1", []lead.Lead{pat}, lead.NoticeNewLead)); err != nil {
		t.Fatal(err)
	}
	if got := readLog(t, dir)[0]["at"]; got != virtual.In(chicago).Format("2006-01-02T15:04:05.000Z07:00") {
		t.Errorf("at = %v, want the clock's %v", got, virtual)
	}
}

func TestConcurrentSendsKeepLinesWhole(t *testing.T) {
	n, dir, stdout := newNotifier(t)
	const senders = 50
	var wg sync.WaitGroup
	errs := make(chan error, senders)
	for i := range senders {
		wg.Go(func() {
			ch := lead.SMS
			if i%5 == 0 {
				ch = lead.Email
			}
			if err := n.Send(context.Background(), delivery(alice, ch, fmt.Sprintf("alice.%s/%d", ch, i), []lead.Lead{pat, sam}, lead.NoticeNewLead, lead.NoticeOffer)); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	lines := readLog(t, dir)
	var ids []string
	for _, l := range lines {
		ids = append(ids, l["messageId"].(string))
	}
	slices.Sort(ids)
	if len(slices.Compact(ids)) != senders || len(lines) != senders {
		t.Errorf("%d lines with %d distinct messages, want %d of each", len(lines), len(ids), senders)
	}
	if got := strings.Count(stdout.String(), "\n"); got != senders {
		t.Errorf("%d terminal lines, want %d", got, senders)
	}
	emls, _ := os.ReadDir(filepath.Join(dir, EmailDir))
	if len(emls) != senders/5 {
		t.Errorf("%d emails written, want %d", len(emls), senders/5)
	}
}

func TestTerminalLineHidesContactDetails(t *testing.T) {
	for _, ch := range []lead.Channel{lead.SMS, lead.Email} {
		t.Run(string(ch), func(t *testing.T) {
			n, _, stdout := newNotifier(t)
			if err := n.Send(context.Background(), delivery(alice, ch, "m/1", []lead.Lead{pat, sam}, lead.NoticeNewLead, lead.NoticeNewLead)); err != nil {
				t.Fatal(err)
			}
			line := stdout.String()
			for _, secret := range []string{"+13125550101", "3125550101", "alice@example.com", "+13125550150", "3125550150", "pat.doe@example.com", "Doe", "Roe", "Sam"} {
				if strings.Contains(line, secret) {
					t.Errorf("terminal line shows %q: %s", secret, line)
				}
			}
			for _, want := range []string{"10:00:03", string(ch), "alice", "new-lead", "Pat D.", "2024 Honda Civic", "01JD…GHJK", "(+1 more)"} {
				if !strings.Contains(line, want) {
					t.Errorf("terminal line lacks %q: %s", want, line)
				}
			}
			if strings.Count(line, "\n") != 1 {
				t.Errorf("want exactly one line, got %q", line)
			}
		})
	}
}

func TestNoAddress(t *testing.T) {
	tests := []struct {
		name string
		rep  roster.Rep
		ch   lead.Channel
	}{
		{"sms without a phone", roster.Rep{ID: "erin", Email: "erin@example.com"}, lead.SMS},
		{"email without an address", roster.Rep{ID: "erin", Phone: "+13125550105"}, lead.Email},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, dir, stdout := newNotifier(t)
			err := n.Send(context.Background(), delivery(tt.rep, tt.ch, "erin/1", []lead.Lead{pat}, lead.NoticeNewLead))
			if !errors.Is(err, ErrNoAddress) {
				t.Fatalf("Send = %v, want ErrNoAddress", err)
			}
			if !strings.Contains(err.Error(), "erin") {
				t.Errorf("error %q does not say which rep", err)
			}
			if lines := readLog(t, dir); len(lines) != 0 || stdout.Len() != 0 {
				t.Errorf("a message that was not sent was recorded: %v %q", lines, stdout)
			}
		})
	}
}

func TestSendHonoursCancellation(t *testing.T) {
	n, dir, _ := newNotifier(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := n.Send(ctx, delivery(alice, lead.SMS, "m/1", []lead.Lead{pat}, lead.NoticeNewLead)); !errors.Is(err, context.Canceled) {
		t.Fatalf("Send = %v, want context.Canceled", err)
	}
	if lines := readLog(t, dir); len(lines) != 0 {
		t.Errorf("a cancelled send was recorded: %v", lines)
	}
}
