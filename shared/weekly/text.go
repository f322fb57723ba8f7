package weekly

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// textBar is the longest bar of the text chart, in characters.
const textBar = 20

// text is the plain-text part: what the HTML part shows, in columns that line up in
// a terminal (leadclock report prints it) and in mail clients that show no HTML.
func (v view) text() string {
	var b strings.Builder
	line := func(parts ...string) { b.WriteString(strings.TrimRight(strings.Join(parts, ""), " ") + "\n") }
	line(v.Dealership, " · weekly follow-up report for ", v.Manager)
	line("This week: ", v.Week, ", as of ", v.AsOf)
	line("Last week: ", v.LastWeek, ", as of ", v.LastAsOf)
	line()

	labelWidth := 0
	for _, r := range v.Rows {
		labelWidth = max(labelWidth, width(r.Label))
	}
	line(pad("", labelWidth), "  ", padLeft("Last week", 10), "  ", padLeft("This week", 10))
	for _, r := range v.Rows {
		line(pad(r.Label, labelWidth), "  ", padLeft(r.Last, 10), "  ", padLeft(r.This, 10))
	}
	line()

	line("FIRST-CONTACT TIME: share of the week's leads (last week's in brackets)")
	labelWidth = 0
	for _, bar := range v.Chart.Bars {
		labelWidth = max(labelWidth, width(bar.Label))
	}
	for _, bar := range v.Chart.Bars {
		drawn := strings.Repeat("█", (bar.This.Width*textBar+50)/100)
		line("  ", pad(bar.Label, labelWidth), "  ", pad(drawn, textBar), "  ",
			padLeft(strconv.Itoa(bar.This.Percent)+"%", 4), " (", strconv.Itoa(bar.Last.Percent), "%)")
	}
	line()

	v.list(line, "STALLED LEADS: contacted, then no attempt for "+v.StalledAfter+" or more", v.Stalled, v.StalledCount)
	v.list(line, "CLOSED WITH FEWER THAN 3 ATTEMPTS", v.Closed, v.ClosedCount)

	line("BY REP, THIS WEEK")
	cols := []string{"Rep", "Leads", "Median first contact", "Within SLA", "Rerouted", "Escalated", "Stalled", "Closed early"}
	widths := make([]int, len(cols))
	for i, c := range cols {
		widths[i] = width(c)
	}
	cells := [][]string{cols}
	for _, r := range v.Reps {
		cells = append(cells, []string{r.Name, r.Leads, r.Median, r.WithinSLA, r.Reroutes, r.Escalations, r.Stalled, r.Closed})
	}
	for _, row := range cells {
		for i, c := range row {
			widths[i] = max(widths[i], width(c))
		}
	}
	if len(v.Reps) == 0 {
		line("  No leads were given to a rep.")
	}
	for i, row := range cells {
		if i == 0 && len(v.Reps) == 0 {
			continue
		}
		parts := []string{"  ", pad(row[0], widths[0])}
		for j, c := range row[1:] {
			parts = append(parts, "  ", padLeft(c, widths[j+1]))
		}
		line(parts...)
	}
	line()
	line("— ", v.Footer)
	return b.String()
}

// list writes a list of leads under its heading, with how many are not shown.
func (v view) list(line func(...string), heading string, items []item, total int) {
	line(heading, " (", strconv.Itoa(total), ")")
	if total == 0 {
		line("  None.")
	}
	for _, it := range items {
		who := it.Customer
		if it.Vehicle != "" {
			who += " – " + it.Vehicle
		}
		line("  ", who)
		line("    ", it.Detail)
		if it.Link != "" {
			line("    Open: ", it.Link)
		}
	}
	if total > len(items) {
		line("  … and ", strconv.Itoa(total-len(items)), " more: GET /metrics lists them all.")
	}
	line()
}

func width(s string) int { return utf8.RuneCountInString(s) }

func pad(s string, n int) string { return s + strings.Repeat(" ", max(0, n-width(s))) }

func padLeft(s string, n int) string { return strings.Repeat(" ", max(0, n-width(s))) + s }
