package outbox

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/roster"
)

func TestEmailFileIsAValidMessage(t *testing.T) {
	tests := []struct {
		name string
		rep  roster.Rep
		ls   []lead.Lead
		kind []lead.NoticeKind
	}{
		{"single", alice, []lead.Lead{pat}, []lead.NoticeKind{lead.NoticeNewLead}},
		{"digest", alice, []lead.Lead{pat, sam}, []lead.NoticeKind{lead.NoticeNewLead, lead.NoticeRerouted}},
		{"non-ASCII names", roster.Rep{ID: "zoe", Name: "Zoë Ökland", Email: "zoe@example.com"},
			[]lead.Lead{customerLead("L0001", "José", "Núñez", "+13125550152", "jose@example.com")}, []lead.NoticeKind{lead.NoticeOffer}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, dir, _ := newNotifier(t)
			d := delivery(tt.rep, lead.Email, tt.rep.ID+".email/7", tt.ls, tt.kind...)
			if err := n.Send(context.Background(), d); err != nil {
				t.Fatal(err)
			}
			want := renderer().Render(d)
			entries, err := os.ReadDir(filepath.Join(dir, EmailDir))
			if err != nil || len(entries) != 1 {
				t.Fatalf("want exactly one file in %s (no temporary files left), got %v, %v", EmailDir, entries, err)
			}
			if name := entries[0].Name(); name != "20261124T160003Z-"+tt.rep.ID+".email-7.eml" {
				t.Errorf("file name %q", name)
			}
			raw, err := os.ReadFile(filepath.Join(dir, EmailDir, entries[0].Name()))
			if err != nil {
				t.Fatal(err)
			}
			for i, line := range strings.Split(string(raw), "\r\n") {
				if strings.Contains(line, "\n") {
					t.Fatalf("line %d has a bare LF: %q", i+1, line)
				}
				if len(line) > 998 {
					t.Errorf("line %d is %d octets, over RFC 5322's 998", i+1, len(line))
				}
				for _, c := range []byte(line) {
					if c > 127 {
						t.Fatalf("line %d has a raw 8-bit byte: %q", i+1, line)
					}
				}
			}

			msg, err := mail.ReadMessage(bytes.NewReader(raw))
			if err != nil {
				t.Fatalf("net/mail: %v", err)
			}
			dec := new(mime.WordDecoder)
			subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
			if err != nil || subject != want.Subject {
				t.Errorf("Subject = %q (%v), want %q", subject, err, want.Subject)
			}
			from, err := msg.Header.AddressList("From")
			if err != nil || len(from) != 1 || from[0].Address != "leads@demo-motors.example" || from[0].Name != "Demo Motors" {
				t.Errorf("From = %v (%v)", from, err)
			}
			to, err := msg.Header.AddressList("To")
			if err != nil || len(to) != 1 || to[0].Address != tt.rep.Email || to[0].Name != tt.rep.Name {
				t.Errorf("To = %v (%v), want %s <%s>", to, err, tt.rep.Name, tt.rep.Email)
			}
			if date, err := msg.Header.Date(); err != nil || !date.Equal(t0) {
				t.Errorf("Date = %v (%v), want %v", date, err, t0)
			}
			if id := msg.Header.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@demo-motors.example>") || strings.Contains(id, "/") {
				t.Errorf("Message-ID = %q", id)
			}
			if v := msg.Header.Get("MIME-Version"); v != "1.0" {
				t.Errorf("MIME-Version = %q", v)
			}

			mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
			if err != nil || mt != "multipart/alternative" {
				t.Fatalf("Content-Type %q: %v", mt, err)
			}
			parts := map[string]string{}
			mr := multipart.NewReader(msg.Body, params["boundary"])
			for {
				p, err := mr.NextPart()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				ct, ps, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
				if ps["charset"] != "utf-8" {
					t.Errorf("%s part charset %q", ct, ps["charset"])
				}
				body, err := io.ReadAll(p) // NextPart undoes the quoted-printable
				if err != nil {
					t.Fatal(err)
				}
				parts[ct] = strings.ReplaceAll(string(body), "\r\n", "\n")
			}
			if len(parts) != 2 || parts["text/plain"] != want.Text || parts["text/html"] != want.HTML {
				t.Errorf("parts do not hold the rendered text and HTML: %d parts\n%q\n%q", len(parts), parts["text/plain"], want.Text)
			}
		})
	}
}

func TestSanitize(t *testing.T) {
	tests := map[string]string{
		"alice.email/3":          "alice.email-3",
		"../../etc/passwd":       "etc-passwd",
		"":                       "message",
		"a b\x00c<d>@e":          "a-b-c-d--e",
		strings.Repeat("x", 300): strings.Repeat("x", 100),
	}
	for in, want := range tests {
		if got := sanitize(in); got != want {
			t.Errorf("sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}
