package weekly

import (
	"strconv"
	"strings"

	g "maragu.dev/gomponents"
	h "maragu.dev/gomponents/html"

	"github.com/leadclock/leadclock/shared/action"
)

// Colours of the chart's bars. Mail clients show no images by default and run no
// scripts, and several ignore <style> blocks and most of CSS: the chart is table cells
// whose width and background colour are given as attributes and inline styles, which
// every client since the 1990s draws.
const (
	thisWeekColour = "#1d4ed8"
	lastWeekColour = "#9ca3af"
	missedColour   = "#b91c1c"
)

// barHeight is the height of a bar in pixels: this week's thicker, last week's thin.
const thisBarHeight, lastBarHeight = 14, 6

// chartIntro is fixed text. It is raw only so that its apostrophe is sent as typed:
// g.Text would write &#39;, which reads the same.
const chartIntro = "How long customers waited from receipt to a first contact, as a share of the week's leads: "

// nl starts a line: the markup keeps the line breaks it would have if written by hand,
// so that a mail client's "show original" stays readable.
var nl = g.Raw("\n")

// nbsp fills a cell that must be drawn: some mail clients collapse an empty one.
var nbsp = g.Raw("&nbsp;")

func (v view) html() string {
	var b strings.Builder
	if err := v.page().Render(&b); err != nil {
		// A strings.Builder does not fail: this is a bug in this package, and the
		// text part still says everything.
		return ""
	}
	return strings.TrimSpace(b.String()) + "\n"
}

// page is the HTML part: one column of white cards, as the nudges are, laid out with
// tables because that is the layout mail clients agree on. Rep names and close reasons
// are typed by people: every value goes in a g.Text or an attribute, which gomponents
// escapes, and g.Raw only ever holds fixed markup. It is built with gomponents rather
// than html/template because template execution looks methods up by name through
// reflection, which makes the linker keep every method of every type in an interface:
// two megabytes of each Lambda function that renders the report.
func (v view) page() g.Node {
	return g.Group{
		g.Raw("<!DOCTYPE html>\n"),
		h.HTML(lines(
			h.Head(h.Meta(h.Charset("utf-8")), h.Meta(h.Name("viewport"), h.Content("width=device-width, initial-scale=1")), h.TitleEl(g.Text(v.Subject))),
			h.Body(h.Style("margin:0;padding:0;background-color:#f3f4f6;font-family:Helvetica,Arial,sans-serif;color:#111827"), lines(
				h.Table(layout(), g.Attr("bgcolor", "#f3f4f6"), h.Style("background-color:#f3f4f6"), lines(
					h.Tr(h.Td(g.Attr("align", "center"), h.Style("padding:16px 8px"), lines(
						h.Table(layout(), h.Style("max-width:640px"), lines(v.cards()...)),
					))),
				)),
			)),
		)),
	}
}

// cards are the column's rows, in the order a manager reads them: the figures, the
// chart of first-contact times, the leads to act on, and each rep's share.
func (v view) cards() []g.Node {
	return []g.Node{
		v.heading(),
		card("", v.figures()),
		spacer(),
		card("", v.chart()...),
		spacer(),
		listCard("stalled", "Stalled leads", "Contacted, then no attempt for "+v.StalledAfter+" or more. Open one to see its timeline.",
			v.Stalled, v.StalledCount),
		spacer(),
		listCard("closed-early", "Closed with fewer than 3 attempts", "Received this week and closed before three contact attempts, with who closed them.",
			v.Closed, v.ClosedCount),
		spacer(),
		card("", h.H2(h.Style("margin:0 0 8px;font-size:17px"), g.Text("By rep, this week")), v.reps()),
		h.Tr(h.Td(h.Style("padding:12px 4px 0;font-size:12px;color:#6b7280"), g.Text(v.Footer))),
	}
}

// lines puts each node on a line of its own between its parent's tags, leaving out
// the nil ones g.If gives.
func lines(nodes ...g.Node) g.Group {
	var out g.Group
	for _, n := range nodes {
		if n != nil {
			out = append(out, nl, n)
		}
	}
	return append(out, nl)
}

// layout marks a table as layout rather than data, so that screen readers do not
// announce its rows and columns, and clients that ignore CSS add no spacing or border.
func layout() g.Group {
	return g.Group{h.Role("presentation"), h.Width("100%"), g.Attr("cellpadding", "0"), g.Attr("cellspacing", "0"), g.Attr("border", "0")}
}

// card is a white row of the column; the id, if any, lets tests find it.
func card(id string, children ...g.Node) g.Node {
	return h.Tr(h.Td(g.If(id != "", h.ID(id)), g.Attr("bgcolor", "#ffffff"), h.Style("background-color:#ffffff;padding:16px;border-radius:8px"), lines(children...)))
}

// spacer is the gap between cards: a row of its own, since not every mail client
// honours margins.
func spacer() g.Node {
	return h.Tr(h.Td(h.Height("16"), h.Style("height:16px;font-size:0;line-height:0"), nbsp))
}

// heading says whose report it is and which weeks it compares.
func (v view) heading() g.Node {
	return h.Tr(h.Td(h.Style("padding:0 4px 12px"), lines(
		h.P(h.Style("margin:0;font-size:14px;color:#4b5563"), g.Text(v.Dealership+" · for "+v.Manager)),
		h.H1(h.Style("margin:4px 0 0;font-size:22px;line-height:28px"), g.Text("Weekly follow-up report")),
		h.P(h.ID("weeks"), h.Style("margin:4px 0 0;font-size:14px;color:#4b5563"),
			g.Text("This week: "), h.B(h.Style("color:#111827"), g.Text(v.Week)), g.Text(", as of "+v.AsOf+"."),
			h.Br(), g.Text("Last week: "+v.LastWeek+", as of "+v.LastAsOf+".")),
	)))
}

// figures is the table of figures, last week beside this week.
func (v view) figures() g.Node {
	rows := []g.Node{h.Tr(h.Td(),
		h.Td(g.Attr("align", "right"), h.Style("padding:0 0 6px 8px;font-size:12px;color:#6b7280;white-space:nowrap"), g.Text("Last week")),
		h.Td(g.Attr("align", "right"), h.Style("padding:0 0 6px 8px;font-size:12px;font-weight:bold;white-space:nowrap"), g.Text("This week")))}
	for _, r := range v.Rows {
		rows = append(rows, h.Tr(h.Td(h.Style("padding:6px 0;border-top:1px solid #e5e7eb"), g.Text(r.Label)),
			h.Td(g.Attr("align", "right"), h.Style("padding:6px 0 6px 8px;border-top:1px solid #e5e7eb;color:#6b7280;white-space:nowrap"), g.Text(r.Last)),
			h.Td(g.Attr("align", "right"), h.Style("padding:6px 0 6px 8px;border-top:1px solid #e5e7eb;font-weight:bold;white-space:nowrap"), g.Text(r.This))))
	}
	return h.Table(h.ID("figures"), layout(), h.Style("font-size:14px"), lines(rows...))
}

// chart is the first-contact chart with its heading and key.
func (v view) chart() []g.Node {
	var rows []g.Node
	for _, b := range v.Chart.Bars {
		rows = append(rows, barRows(b)...)
	}
	return []g.Node{
		h.H2(h.Style("margin:0 0 4px;font-size:17px"), g.Text("First-contact time")),
		h.P(h.Style("margin:0 0 12px;font-size:13px;color:#4b5563"), g.Raw(chartIntro),
			h.Span(h.Style("color:"+thisWeekColour+";font-weight:bold"), g.Textf("this week (%d)", v.Chart.Leads)), g.Text(", "),
			h.Span(h.Style("color:"+lastWeekColour+";font-weight:bold"), g.Textf("last week (%d)", v.Chart.LastLeads)), g.Text(".")),
		h.Table(h.ID("chart"), layout(), h.Style("font-size:13px"), lines(rows...)),
	}
}

// barRows are the two rows of a range of waits: its label beside both weeks' bars,
// this week's above in its colour (red for the leads nobody contacted), last week's
// below in grey.
func barRows(b bar) []g.Node {
	colour := thisWeekColour
	if b.Missed {
		colour = missedColour
	}
	return []g.Node{
		h.Tr(h.Td(h.Width("28%"), h.RowSpan("2"), g.Attr("valign", "middle"), h.Style("width:28%;padding:4px 8px 4px 0;border-top:1px solid #f3f4f6"), g.Text(b.Label)), nl,
			h.Td(h.Width("56%"), h.Style("width:56%;padding:5px 0 1px;border-top:1px solid #f3f4f6"), barCell("this", b.This, thisBarHeight, colour)), nl,
			h.Td(h.Width("16%"), g.Attr("align", "right"), h.Style("width:16%;padding:5px 0 1px 8px;border-top:1px solid #f3f4f6;font-weight:bold;white-space:nowrap"),
				g.Textf("%d%% (%d)", b.This.Percent, b.This.Leads))),
		h.Tr(h.Td(h.Style("padding:1px 0 5px"), barCell("last", b.Last, lastBarHeight, lastWeekColour)), nl,
			h.Td(g.Attr("align", "right"), h.Style("padding:1px 0 5px 8px;font-size:11px;color:#6b7280;white-space:nowrap"), g.Textf("%d%%", b.Last.Percent))),
	}
}

// barCell draws one week's bar as a coloured cell as wide as its share, beside an
// empty one that takes the rest of the width: alone, the coloured cell would fill
// the row. Week ("this" or "last") and the share are data attributes for tests
// reading the page.
func barCell(week string, v barValue, height int, colour string) g.Node {
	width, px := strconv.Itoa(v.Width), strconv.Itoa(height)
	return h.Table(layout(), h.Tr(
		g.If(v.Width != 0, h.Td(h.Class("bar"), h.Data("week", week), h.Data("percent", strconv.Itoa(v.Percent)),
			h.Width(width+"%"), h.Height(px), g.Attr("bgcolor", colour),
			h.Style("width:"+width+"%;height:"+px+"px;background-color:"+colour+";font-size:1px;line-height:1px"), nbsp)),
		g.If(v.Width < 100, h.Td(h.Height(px), h.Style("height:"+px+"px;font-size:1px;line-height:1px"), nbsp)),
	))
}

// listCard lists leads under a title with their number; past the listed ones, the
// rest are counted.
func listCard(id, title, note string, items []item, total int) g.Node {
	listed := []g.Node{
		h.H2(h.Style("margin:0 0 4px;font-size:17px"), g.Textf("%s (%d)", title, total)),
		h.P(h.Style("margin:0 0 8px;font-size:13px;color:#4b5563"), g.Text(note)),
	}
	for _, it := range items {
		listed = append(listed, itemTable(it))
	}
	if len(items) == 0 {
		listed = append(listed, h.P(h.Style("margin:0;font-size:14px"), g.Text("None.")))
	}
	if more := total - len(items); more > 0 {
		listed = append(listed, h.P(h.Style("margin:8px 0 0;font-size:13px;color:#4b5563"), g.Textf("… and %d more: GET /metrics lists them all.", more)))
	}
	return card(id, listed...)
}

// itemTable is a listed lead: who, what happened, and the button that opens it.
func itemTable(it item) g.Node {
	return h.Table(layout(), h.Style("border-top:1px solid #e5e7eb"), h.Tr(lines(
		h.Td(h.Style("padding:10px 8px 10px 0"),
			h.P(h.Class("customer"), h.Style("margin:0;font-size:15px;font-weight:bold"), g.Text(it.Customer),
				g.If(it.Vehicle != "", g.Group{g.Text(" "), h.Span(h.Style("font-weight:normal;color:#4b5563"), g.Text("– "+it.Vehicle))})), nl,
			h.P(h.Style("margin:2px 0 0;font-size:13px;color:#4b5563"), g.Text(it.Detail))),
		g.If(action.IsWeb(it.Link), h.Td(h.Width("80"), g.Attr("align", "right"), g.Attr("valign", "middle"), h.Style("width:80px;padding:10px 0"),
			h.A(h.Href(it.Link), h.Style("display:inline-block;padding:10px 14px;background-color:#1d4ed8;border-radius:6px;color:#ffffff;font-size:15px;font-weight:bold;text-decoration:none"),
				g.Text("Open")))),
	)))
}

// reps is the table of each rep's figures, or why there is none.
func (v view) reps() g.Node {
	if len(v.Reps) == 0 {
		return h.P(h.Style("margin:0;font-size:14px;color:#4b5563"), g.Text("No leads were given to a rep."))
	}
	var rows []g.Node
	for _, r := range v.Reps {
		rows = append(rows, repFigures(r))
	}
	return h.Table(h.ID("reps"), layout(), h.Style("font-size:13px"), lines(rows...))
}

// repFigures is a rep's row: how many leads, how fast, and what slipped.
func repFigures(r repRow) g.Node {
	leads := "leads"
	if r.Leads == "1" {
		leads = "lead"
	}
	return h.Tr(h.Td(h.Style("padding:8px 0;border-top:1px solid #e5e7eb"),
		h.P(h.Style("margin:0;font-size:15px"), h.B(g.Text(r.Name)), g.Text(" · "+r.Leads+" "+leads)), nl,
		h.P(h.Style("margin:2px 0 0;color:#4b5563"), g.Text("First contact "+r.Median+" median, "+r.WithinSLA+" within the SLA · deadlines missed: "+
			r.Reroutes+" rerouted, "+r.Escalations+" escalated · "+r.Stalled+" stalled · "+r.Closed+" closed early"))))
}
