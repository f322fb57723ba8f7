package httpapi

import (
	"strconv"
	"strings"
	"unicode"

	g "maragu.dev/gomponents"
	h "maragu.dev/gomponents/html"

	"github.com/leadclock/leadclock/shared/lead"
)

// The action page's HTML. It is built with gomponents rather than html/template:
// template execution looks methods up by name through reflection, which makes the
// linker keep every exported method of every type held in an interface, in the whole
// api function. Customer names, comments and the like come from lead providers:
// every value from the data is a g.Text or an attribute, which gomponents escapes;
// g.Raw only ever holds fixed markup and the style sheet. Nothing sanitises URLs as
// html/template did, so the tel:, sms: and mailto: links are made only of values
// checked to be harmless in them.

// pageCSS is the page's style sheet, inline because the Content-Security-Policy allows
// no other source. Its comments live here rather than in it, so that every phone
// does not download them. main wraps anywhere because a long email
// address or a pasted link in the comments has no place to wrap: break it rather than
// widen the page, which a phone would zoom out to fit.
const pageCSS = `
  body { margin: 0; font: 17px/1.4 -apple-system, system-ui, "Segoe UI", Roboto, sans-serif; color: #1b1f24; background: #f4f5f7; }
  main { max-width: 34rem; margin: 0 auto; padding: 1rem; overflow-wrap: anywhere; }
  header { font-size: .9rem; color: #5b6470; margin-bottom: .5rem; }
  h1 { font-size: 1.5rem; margin: .2rem 0; }
  .card { background: #fff; border-radius: 12px; padding: 1rem; margin-bottom: 1rem; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  .flash { background: #e7f6ec; border: 1px solid #9fd8b2; }
  .flash.warn { background: #fff4e0; border-color: #f0c57a; }
  .error { background: #fdecec; border: 1px solid #f1a7a7; }
  .due { font-weight: 600; color: #b3261e; }
  .ok { color: #1e7b3a; font-weight: 600; }
  .muted { color: #5b6470; font-size: .9rem; }
  .reach a { display: inline-block; margin: .25rem .5rem .25rem 0; padding: .55rem .9rem; border-radius: 999px; background: #eef2ff; color: #1a3fb0; text-decoration: none; font-weight: 600; max-width: 100%; box-sizing: border-box; }
  form { margin: 0; }
  button { display: block; width: 100%; min-height: 3.2rem; margin: .5rem 0; border: 0; border-radius: 10px; font: inherit; font-weight: 700; color: #fff; background: #1a73e8; }
  button.claim { background: #1e7b3a; }
  button.secondary { background: #5b6470; }
  ol { padding-left: 1.2rem; margin: .3rem 0; }
  li { margin: .2rem 0; }
`

func page(d pageData) g.Node {
	return h.Doctype(g.Group{
		g.Raw("\n"),
		h.HTML(h.Lang("en"), lines("", pageHead(d), h.Body(lines("", pageMain(d))))),
		g.Raw("\n"),
	})
}

func pageHead(d pageData) g.Node {
	return h.Head(lines("",
		h.Meta(h.Charset("utf-8")),
		h.Meta(h.Name("viewport"), h.Content("width=device-width, initial-scale=1")),
		h.Meta(h.Name("robots"), h.Content("noindex")),
		h.TitleEl(g.Text(pageTitle(d))),
		h.StyleEl(g.Raw(pageCSS)),
	))
}

// pageTitle names the customer first: it is what a rep with several tabs open looks for.
func pageTitle(d pageData) string {
	t := d.Dealership + " · LeadClock"
	if d.Lead {
		t = d.Customer + " · " + t
	}
	return t
}

// pageMain is either what went wrong or the lead, never both: a refused link shows
// nothing of the lead.
func pageMain(d pageData) g.Node {
	if d.Error != nil {
		return h.Main(lines("", banner(d), errorCard(d.Error)))
	}
	return h.Main(lines("", banner(d), flashCard(d.Flash), summary(d), actions(d), timeline(d.Timeline)))
}

func banner(d pageData) g.Node {
	s := d.Dealership + " · LeadClock"
	if d.Rep != "" {
		s += " · for " + d.Rep
	}
	return h.Header(g.Text(s))
}

func errorCard(p *Problem) g.Node {
	return h.Section(h.Class("card error"), h.Role("alert"), lines("  ",
		h.H1(g.Text(p.Title)),
		h.P(g.Text(p.Detail)),
	))
}

func flashCard(f *flash) g.Node {
	if f == nil {
		return nil
	}
	class := "card flash"
	if f.Warn {
		class += " warn"
	}
	return h.Section(h.Class(class), h.Role("status"), h.ID("flash"), g.Text(f.Text))
}

func summary(d pageData) g.Node {
	return h.Section(h.Class("card"), h.ID("summary"), lines("  ",
		h.H1(h.ID("customer"), g.Text(d.Customer)),
		g.If(d.Vehicle != "", h.Div(h.ID("vehicle"), g.Text(d.Vehicle))),
		h.Div(h.Class("muted"), g.Text(d.Provider+" · received "+d.Received)),
		h.P(h.ID("status"), g.Text(d.StatusLine)),
		g.If(d.Deadline != "", h.P(h.Class("due"), h.ID("deadline"), g.Text("Call by "+d.Deadline))),
		g.If(d.Comments != "", h.P(h.Class("muted"), g.Text("“"+d.Comments+"”"))),
		reach(d.Phones, d.Emails),
	))
}

// reach is the row of links that call, text or email the customer. The line break
// between the phones' links and the emails' is kept: between inline blocks it shows
// as a space, as it always has.
func reach(phones []lead.Phone, emails []string) g.Node {
	return h.Div(h.Class("reach"),
		g.Raw("\n    "), g.Map(phones, phoneLinks),
		g.Raw("\n    "), g.Map(emails, emailLink),
		g.Raw("\n  "),
	)
}

// phoneLinks calls or texts one number. The number goes into tel: and sms: links, so
// it is checked to be E.164, a plus and digits, here where the links are made; a
// number that is not gets no links, as an invalid number never had any.
func phoneLinks(p lead.Phone) g.Node {
	if !lead.IsE164(p.E164) {
		return nil
	}
	return g.Group{
		h.A(h.Href("tel:"+p.E164), g.Text("Call "+p.Raw)),
		h.A(h.Href("sms:"+p.E164), g.Text("Text")),
	}
}

func emailLink(addr string) g.Node {
	if !mailable(addr) {
		return nil
	}
	return h.A(h.Href("mailto:"+addr), g.Text("Email "+addr))
}

// mailable reports whether an address can follow mailto: as it is. Intake accepts
// quoted local parts, which may hold spaces and quotes; such an address would need
// encoding to stay one address, and is rare enough to leave without a link.
func mailable(addr string) bool {
	return addr != "" && !strings.ContainsFunc(addr, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune(`<>"`, r)
	})
}

// actions are the buttons that log what the rep did; a closed lead has none.
func actions(d pageData) g.Node {
	if !d.Open {
		return nil
	}
	return h.Section(h.Class("card"), h.ID("actions"), lines("  ",
		g.If(d.CanClaim, claimForm(d.Seen)),
		contactForm(d.Seen),
		availabilityForm(d.Busy),
	))
}

func claimForm(seen int) g.Node {
	return h.Form(h.Method("post"), seenInput(seen), button("claim", "claim", "Claim this lead"))
}

func contactForm(seen int) g.Node {
	return h.Form(h.Method("post"), lines("    ",
		seenInput(seen),
		button("", "call", "I called"),
		button("", "text", "I texted"),
		button("", "email", "I emailed"),
	))
}

// seenInput posts back how many attempts the rep saw, so that a tap made after seeing
// an earlier attempt counts as a new one rather than a repeat.
func seenInput(seen int) g.Node {
	return h.Input(h.Type("hidden"), h.Name("seen"), h.Value(strconv.Itoa(seen)))
}

func availabilityForm(busyUntil string) g.Node {
	if busyUntil == "" {
		return h.Form(h.Method("post"), lines("    ", button("secondary", "busy", "I'm with a customer")))
	}
	return h.Form(h.Method("post"), lines("    ",
		h.P(h.Class("muted"), g.Text("You are marked busy until "+busyUntil+": no new leads come to you.")),
		button("secondary", "free", "I'm free again"),
	))
}

func button(class, action, label string) g.Node {
	return h.Button(g.If(class != "", h.Class(class)), h.Name("action"), h.Value(action), g.Text(label))
}

func timeline(entries []string) g.Node {
	return h.Section(h.Class("card"), lines("  ",
		h.Div(h.Class("muted"), g.Text("Timeline")),
		h.Ol(h.ID("timeline"), g.Map(entries, func(e string) g.Node { return h.Li(g.Text(e)) })),
	))
}

// lines puts each node on a line of its own, indented, and what follows (the closing
// tag) on the next line, two spaces less indented: the page's source stays readable
// for whoever opens it to see what a rep saw. Nodes left out (nil) leave no line.
func lines(indent string, nodes ...g.Node) g.Group {
	var out g.Group
	for _, n := range nodes {
		if n != nil {
			out = append(out, g.Raw("\n"+indent), n)
		}
	}
	return append(out, g.Raw("\n"+strings.TrimPrefix(indent, "  ")))
}
