package message

import (
	"strconv"
	"strings"

	g "maragu.dev/gomponents"
	h "maragu.dev/gomponents/html"

	"github.com/leadclock/leadclock/shared/action"
)

// The HTML part. Mail clients drop <style> blocks and external sheets, so every
// style is inline; the layout is one column of cards with a full-width button, because
// the reader is on a phone. Customer names and comments come from lead providers and
// reach the rep's mail client: every value is a g.Text or an attribute, which
// gomponents escapes; g.Raw only ever holds fixed markup. It is built with gomponents
// rather than html/template because template execution looks methods up by name
// through reflection, which makes the linker keep every method of every type in an
// interface: two megabytes of each Lambda function that sends messages.

const (
	linkStyle   = "color:#1d4ed8"
	buttonStyle = "display:block;padding:14px 16px;background-color:#1d4ed8;border-radius:6px;color:#ffffff;font-size:18px;font-weight:bold;text-align:center;text-decoration:none"
)

type pageItem struct {
	Title, Who, Detail, Action, Link string
	Urgent                           bool
	// Phone is in E.164 (firstPhone checked it), so the tel: and sms: links made of it
	// hold only a plus and digits.
	Phone, Email string
}

func (r Renderer) emailHTML(subject string, entries []entry, note string) string {
	dealer := clean(r.Dealership, 40)
	var items []pageItem
	for _, e := range entries {
		it := pageItem{Title: e.say.title, Who: who(e, "–", true), Detail: e.say.detail, Action: e.say.action, Link: e.link, Urgent: e.say.urgent}
		if e.say.urgent && e.lead != nil {
			it.Phone = firstPhone(e.lead.Customer)
			it.Email = firstEmail(e.lead.Customer)
		}
		items = append(items, it)
	}
	var b strings.Builder
	if err := page(subject, dealer, note, items).Render(&b); err != nil {
		// A strings.Builder does not fail: this is a bug in this package, and a
		// text-only email still reaches the rep.
		return ""
	}
	return b.String()
}

func page(subject, dealer, note string, items []pageItem) g.Node {
	count := ""
	if len(items) > 1 {
		count = " · " + strconv.Itoa(len(items)) + " updates"
	}
	return g.Group{
		g.Raw("<!DOCTYPE html>\n"),
		h.HTML(
			g.Raw("\n"),
			h.Head(h.Meta(h.Charset("utf-8")), h.Meta(h.Name("viewport"), h.Content("width=device-width, initial-scale=1")), h.TitleEl(g.Text(subject))),
			g.Raw("\n"),
			h.Body(h.Style("margin:0;padding:16px;background-color:#f3f4f6;font-family:Helvetica,Arial,sans-serif;color:#111827"),
				g.Raw("\n"),
				h.Div(h.Style("max-width:560px;margin:0 auto"),
					g.Raw("\n"),
					h.P(h.Style("margin:0 0 12px;font-size:14px;color:#4b5563"), g.Text(dealer+count)),
					g.Map(items, card),
					g.If(note != "", g.Group{g.Raw("\n"), h.P(h.Style("margin:0 0 16px;padding:12px 16px;background-color:#fef3c7;border-radius:8px;font-size:14px"), g.Text(note))}),
					g.Raw("\n"),
					h.P(h.Style("margin:0;font-size:12px;color:#6b7280"), g.Text(footer(dealer))),
					g.Raw("\n"),
				),
				g.Raw("\n"),
			),
			g.Raw("\n"),
		),
		g.Raw("\n"),
	}
}

// card is one update: what happened, to whom, and the button that acts on it.
func card(it pageItem) g.Node {
	titleColour := "#4b5563"
	if it.Urgent {
		titleColour = "#b91c1c"
	}
	return g.Group{
		g.Raw("\n"),
		h.Div(h.Style("margin:0 0 16px;padding:16px;background-color:#ffffff;border-radius:8px"),
			g.Raw("\n"),
			h.P(h.Style("margin:0 0 4px;font-size:13px;font-weight:bold;text-transform:uppercase;color:"+titleColour), g.Text(it.Title)),
			g.Raw("\n"),
			h.P(h.Style("margin:0 0 8px;font-size:18px;font-weight:bold"), g.Text(it.Who)),
			g.Raw("\n"),
			h.P(h.Style("margin:0 0 16px;font-size:16px"), g.Text(it.Detail)),
			g.If(action.IsWeb(it.Link), g.Group{g.Raw("\n"), h.A(h.Href(it.Link), h.Style(buttonStyle), g.Text(it.Action))}),
			g.If(it.Phone != "" || it.Email != "", g.Group{g.Raw("\n"), reach(it.Phone, it.Email)}),
			g.Raw("\n"),
		),
	}
}

// reach is the line of links that call, text or email the customer.
func reach(phone, email string) g.Node {
	var links g.Group
	if phone != "" {
		links = append(links, h.A(h.Href("tel:"+phone), h.Style(linkStyle), g.Text("Call "+phone)), g.Text(" · "),
			h.A(h.Href("sms:"+phone), h.Style(linkStyle), g.Text("Text")))
	}
	if phone != "" && email != "" {
		links = append(links, g.Text(" · "))
	}
	if email != "" {
		links = append(links, h.A(h.Href("mailto:"+email), h.Style(linkStyle), g.Text("Email "+email)))
	}
	return h.P(h.Style("margin:12px 0 0;font-size:16px"), links)
}
