package outbox

import (
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/leadclock/leadclock/shared/message"
	"github.com/leadclock/leadclock/shared/roster"
)

var (
	mona   = roster.Rep{ID: "mona", Name: "Mona Manager", Role: roster.Manager, Phone: "+13125550110", Email: "mona@example.com"}
	report = message.Rendered{Kind: "weekly-report", Subject: "Demo Motors weekly follow-up, Mon 16 – Sun 22 Nov 2026",
		Text:  "Stalled leads (1)\n  Pat D.\n    Open: https://leads.demo-motors.example.com/a/x\n",
		HTML:  "<!DOCTYPE html>\n<p>Stalled leads (1)</p><a href=\"https://leads.demo-motors.example.com/a/x\">Open</a>\n",
		Links: []string{"https://leads.demo-motors.example.com/a/x"}}
)

func TestSendReport(t *testing.T) {
	tests := []struct {
		name    string
		to      roster.Rep
		wantErr error
	}{
		{name: "a manager with an email", to: mona},
		{name: "no email address", to: roster.Rep{ID: "max", Name: "Max Manager", Role: roster.Manager, Phone: "+13125550111"}, wantErr: ErrNoAddress},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, dir, stdout := newNotifier(t)
			ctx := context.Background()
			err := n.SendReport(ctx, tt.to, "weekly/2026-11-16/"+tt.to.ID, report)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("SendReport: %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr != nil {
				if lines := readLog(t, dir); len(lines) != 0 {
					t.Errorf("a report that could not go out left %d lines", len(lines))
				}
				return
			}
			// Sent again, as after a crash before the sender knew: still one.
			if err := n.SendReport(ctx, tt.to, "weekly/2026-11-16/mona", report); err != nil {
				t.Fatal(err)
			}
			lines := readLog(t, dir)
			if len(lines) != 1 {
				t.Fatalf("%d lines, want 1", len(lines))
			}
			got := lines[0]
			want := map[string]any{"kind": "weekly-report", "channel": "email", "subject": report.Subject, "text": report.Text,
				"messageId": "weekly/2026-11-16/mona", "leadId": "", "eml": "outbox/20261124T160003Z-weekly-2026-11-16-mona.eml"}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("%s = %v, want %v", k, got[k], v)
				}
			}
			if to := got["to"].(map[string]any); to["rep"] != "mona" || to["email"] != "mona@example.com" {
				t.Errorf("to %v", to)
			}
			if links, _ := got["links"].([]any); len(links) != 1 || links[0] != report.Links[0] {
				t.Errorf("links %v, want %v", got["links"], report.Links)
			}
			if line := strings.TrimSpace(stdout.String()); line != "10:00:03  email → mona       weekly-report" {
				t.Errorf("terminal line %q", line)
			}
			// Lines end in CRLF in a message, as RFC 5322 has them.
			text, html := emailParts(t, filepath.Join(dir, got["eml"].(string)))
			if crlf := strings.NewReplacer("\n", "\r\n"); text != crlf.Replace(report.Text) || html != crlf.Replace(report.HTML) {
				t.Errorf("the .eml's parts are\n%q\n%q\nwant the report's", text, html)
			}
		})
	}
}

// emailParts reads the text and HTML parts of an .eml file.
func emailParts(t *testing.T, path string) (text, html string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	msg, err := mail.ReadMessage(f)
	if err != nil {
		t.Fatal(err)
	}
	if to := msg.Header.Get("To"); to != `"Mona Manager" <mona@example.com>` {
		t.Errorf("To: %s", to)
	}
	media, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || media != "multipart/alternative" {
		t.Fatalf("Content-Type %q: %v", msg.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	var types []string
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(quotedprintable.NewReader(p))
		if err != nil {
			t.Fatal(err)
		}
		types = append(types, p.Header.Get("Content-Type"))
		switch p.Header.Get("Content-Type") {
		case "text/plain; charset=utf-8":
			text = string(body)
		case "text/html; charset=utf-8":
			html = string(body)
		}
	}
	if !slices.Equal(types, []string{"text/plain; charset=utf-8", "text/html; charset=utf-8"}) {
		t.Errorf("parts %v", types)
	}
	return text, html
}
