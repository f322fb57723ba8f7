package notify

import (
	"context"
	"fmt"
	"html/template"
	"net/mail"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/message"
	"github.com/leadclock/leadclock/shared/roster"
)

// email sends the message as an email with a text and an HTML part, note first
// when there is one. The message's channel must be email, for the renderer.
func (n *Notifier) email(ctx context.Context, d engine.Delivery, note string) error {
	if d.Rep.Email == "" {
		return fmt.Errorf("no email address: %w", ErrNoAddress)
	}
	return n.sendEmail(ctx, d, n.cfg.Renderer.Render(d), note)
}

// SendReport emails a message rendered elsewhere, the weekly manager report, to a
// rep, with the same sender, retries and errors as the nudges.
func (n *Notifier) SendReport(ctx context.Context, to roster.Rep, messageID string, r message.Rendered) error {
	d := engine.Delivery{Rep: to, Message: lead.Message{ID: messageID, To: to.ID, Channel: lead.Email}}
	if to.Email == "" {
		return fmt.Errorf("notify: report %s to %s: no email address: %w", messageID, to.ID, ErrNoAddress)
	}
	if err := n.sendEmail(ctx, d, r, ""); err != nil {
		return fmt.Errorf("notify: report %s to %s: %w", messageID, to.ID, err)
	}
	return nil
}

func (n *Notifier) sendEmail(ctx context.Context, d engine.Delivery, r message.Rendered, note string) error {
	text, html := r.Text, r.HTML
	if note != "" {
		text = note + "\n\n" + text
		html = withNote(html, note)
	}
	body := &types.Body{Text: content(text)}
	// The renderer returns no HTML if it fails to render; the text still goes.
	if html != "" {
		body.Html = content(html)
	}
	in := &sesv2.SendEmailInput{
		FromEmailAddress: aws.String(n.from),
		// Addresses are RFC 5322 with display names; net/mail encodes names that are
		// not ASCII as SES requires.
		Destination: &types.Destination{ToAddresses: []string{(&mail.Address{Name: d.Rep.Name, Address: d.Rep.Email}).String()}},
		Content: &types.EmailContent{Simple: &types.Message{
			Subject: content(r.Subject),
			Body:    body,
		}},
	}
	return n.retry(ctx, d, "sesv2 SendEmail", func() error {
		_, err := n.cfg.Email.SendEmail(ctx, in)
		return err
	})
}

func content(s string) *types.Content {
	return &types.Content{Data: aws.String(s), Charset: aws.String("UTF-8")}
}

// withNote puts the note at the top of the HTML body, in the width of the
// renderer's column.
func withNote(html, note string) string {
	if html == "" {
		return ""
	}
	block := `<div style="max-width:560px;margin:0 auto 12px"><p style="margin:0;padding:12px 16px;background-color:#fef3c7;border-radius:8px;font-size:14px">` +
		template.HTMLEscapeString(note) + "</p></div>\n"
	if i := strings.Index(html, "<body"); i >= 0 {
		if j := strings.IndexByte(html[i:], '>'); j >= 0 {
			at := i + j + 1
			return html[:at] + "\n" + block + strings.TrimPrefix(html[at:], "\n")
		}
	}
	return block + html
}
