package outbox

import (
	"bytes"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/message"
)

// eml returns the email as an RFC 5322 message: multipart/alternative with the text
// and HTML parts, quoted-printable so that no line passes the 998-octet limit
// whatever the links and names, and CRLF line ends throughout.
func (n *Notifier) eml(d engine.Delivery, r message.Rendered, now time.Time) ([]byte, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, p := range []struct{ ctype, content string }{
		{"text/plain; charset=utf-8", r.Text},
		{"text/html; charset=utf-8", r.HTML},
	} {
		part, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {p.ctype},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, fmt.Errorf("write %s part: %w", p.ctype, err)
		}
		qp := quotedprintable.NewWriter(part)
		if _, err := qp.Write([]byte(p.content)); err != nil {
			return nil, fmt.Errorf("encode %s part: %w", p.ctype, err)
		}
		if err := qp.Close(); err != nil {
			return nil, fmt.Errorf("encode %s part: %w", p.ctype, err)
		}
	}
	if err := mw.Close(); err != nil {
		return nil, fmt.Errorf("close multipart body: %w", err)
	}

	from := mail.Address{Name: n.renderer.Dealership, Address: n.from}
	to := mail.Address{Name: d.Rep.Name, Address: d.Rep.Email}
	var b bytes.Buffer
	for _, h := range [][2]string{
		{"From", from.String()},
		{"To", to.String()},
		{"Subject", encodeSubject(r.Subject)},
		{"Date", now.In(n.location()).Format(time.RFC1123Z)},
		{"Message-ID", "<" + stamp(now) + "." + sanitize(d.Message.ID) + "@" + domain(n.from) + ">"},
		{"MIME-Version", "1.0"},
		{"Content-Type", `multipart/alternative; boundary="` + mw.Boundary() + `"`},
	} {
		b.WriteString(h[0] + ": " + h[1] + "\r\n")
	}
	b.WriteString("\r\n")
	b.Write(body.Bytes())
	return b.Bytes(), nil
}

// encodeSubject leaves an ASCII subject as it is and encodes any other as RFC 2047
// words, one per folded line so that no header line runs long.
func encodeSubject(s string) string {
	return strings.ReplaceAll(mime.QEncoding.Encode("utf-8", s), "?= =?", "?=\r\n =?")
}

// stamp is the send time in a form that sorts and fits a file name.
func stamp(t time.Time) string {
	return t.UTC().Format("20060102T150405Z")
}

// emlName names an email's file after its time and message so that the directory
// lists in send order.
func emlName(now time.Time, messageID string) string {
	return stamp(now) + "-" + sanitize(messageID) + ".eml"
}

// sanitize keeps a message id to characters that are safe in a file name and in a
// Message-ID: engine ids contain slashes ("alice.email/3").
func sanitize(id string) string {
	s := []byte(id)
	for i, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			s[i] = '-'
		}
	}
	out := strings.Trim(string(s), ".-")
	if len(out) > 100 {
		out = out[:100]
	}
	if out == "" {
		return "message"
	}
	return out
}

func domain(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 && i < len(addr)-1 {
		return addr[i+1:]
	}
	return "localhost"
}
