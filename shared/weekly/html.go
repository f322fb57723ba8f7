package weekly

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
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

// page is the HTML part: one column of white cards, as the nudges are, laid out with
// tables because that is the layout mail clients agree on. html/template escapes every
// value; rep names and close reasons are typed by people.
var page = template.Must(template.New("weekly").Parse(`<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{.Subject}}</title></head>
<body style="margin:0;padding:0;background-color:#f3f4f6;font-family:Helvetica,Arial,sans-serif;color:#111827">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f3f4f6" style="background-color:#f3f4f6">
<tr><td align="center" style="padding:16px 8px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:640px">
<tr><td style="padding:0 4px 12px">
<p style="margin:0;font-size:14px;color:#4b5563">{{.Dealership}} · for {{.Manager}}</p>
<h1 style="margin:4px 0 0;font-size:22px;line-height:28px">Weekly follow-up report</h1>
<p id="weeks" style="margin:4px 0 0;font-size:14px;color:#4b5563">This week: <b style="color:#111827">{{.Week}}</b>, as of {{.AsOf}}.<br>Last week: {{.LastWeek}}, as of {{.LastAsOf}}.</p>
</td></tr>
<tr><td bgcolor="#ffffff" style="background-color:#ffffff;padding:16px;border-radius:8px">
<table id="figures" role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="font-size:14px">
<tr><td></td><td align="right" style="padding:0 0 6px 8px;font-size:12px;color:#6b7280;white-space:nowrap">Last week</td><td align="right" style="padding:0 0 6px 8px;font-size:12px;font-weight:bold;white-space:nowrap">This week</td></tr>
{{- range .Rows}}
<tr><td style="padding:6px 0;border-top:1px solid #e5e7eb">{{.Label}}</td><td align="right" style="padding:6px 0 6px 8px;border-top:1px solid #e5e7eb;color:#6b7280;white-space:nowrap">{{.Last}}</td><td align="right" style="padding:6px 0 6px 8px;border-top:1px solid #e5e7eb;font-weight:bold;white-space:nowrap">{{.This}}</td></tr>
{{- end}}
</table>
</td></tr>
<tr><td height="16" style="height:16px;font-size:0;line-height:0">&nbsp;</td></tr>
<tr><td bgcolor="#ffffff" style="background-color:#ffffff;padding:16px;border-radius:8px">
<h2 style="margin:0 0 4px;font-size:17px">First-contact time</h2>
<p style="margin:0 0 12px;font-size:13px;color:#4b5563">How long customers waited from receipt to a first contact, as a share of the week's leads: <span style="color:{{.ThisColour}};font-weight:bold">this week ({{.Chart.Leads}})</span>, <span style="color:{{.LastColour}};font-weight:bold">last week ({{.Chart.LastLeads}})</span>.</p>
<table id="chart" role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="font-size:13px">
{{- range .Bars}}
<tr><td width="28%" rowspan="2" valign="middle" style="width:28%;padding:4px 8px 4px 0;border-top:1px solid #f3f4f6">{{.Label}}</td>
<td width="56%" style="width:56%;padding:5px 0 1px;border-top:1px solid #f3f4f6">{{template "bar" .This}}</td>
<td width="16%" align="right" style="width:16%;padding:5px 0 1px 8px;border-top:1px solid #f3f4f6;font-weight:bold;white-space:nowrap">{{.This.Text}}</td></tr>
<tr><td style="padding:1px 0 5px">{{template "bar" .Last}}</td>
<td align="right" style="padding:1px 0 5px 8px;font-size:11px;color:#6b7280;white-space:nowrap">{{.Last.Text}}</td></tr>
{{- end}}
</table>
</td></tr>
{{- template "list" .StalledList}}
{{- template "list" .ClosedList}}
<tr><td height="16" style="height:16px;font-size:0;line-height:0">&nbsp;</td></tr>
<tr><td bgcolor="#ffffff" style="background-color:#ffffff;padding:16px;border-radius:8px">
<h2 style="margin:0 0 8px;font-size:17px">By rep, this week</h2>
{{- if .Reps}}
<table id="reps" role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="font-size:13px">
{{- range .Reps}}
<tr><td style="padding:8px 0;border-top:1px solid #e5e7eb"><p style="margin:0;font-size:15px"><b>{{.Name}}</b> · {{.Leads}} {{if eq .Leads "1"}}lead{{else}}leads{{end}}</p>
<p style="margin:2px 0 0;color:#4b5563">First contact {{.Median}} median, {{.WithinSLA}} within the SLA · deadlines missed: {{.Reroutes}} rerouted, {{.Escalations}} escalated · {{.Stalled}} stalled · {{.Closed}} closed early</p></td></tr>
{{- end}}
</table>
{{- else}}
<p style="margin:0;font-size:14px;color:#4b5563">No leads were given to a rep.</p>
{{- end}}
</td></tr>
<tr><td style="padding:12px 4px 0;font-size:12px;color:#6b7280">{{.Footer}}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
{{define "bar"}}<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>
{{- if .Width}}<td class="bar" data-week="{{.Week}}" data-percent="{{.Percent}}" width="{{.Width}}%" height="{{.Height}}" bgcolor="{{.Colour}}" style="width:{{.Width}}%;height:{{.Height}}px;background-color:{{.Colour}};font-size:1px;line-height:1px">&nbsp;</td>{{end}}
{{- if lt .Width 100}}<td height="{{.Height}}" style="height:{{.Height}}px;font-size:1px;line-height:1px">&nbsp;</td>{{end -}}
</tr></table>{{end}}
{{define "list"}}
<tr><td height="16" style="height:16px;font-size:0;line-height:0">&nbsp;</td></tr>
<tr><td id="{{.ID}}" bgcolor="#ffffff" style="background-color:#ffffff;padding:16px;border-radius:8px">
<h2 style="margin:0 0 4px;font-size:17px">{{.Title}} ({{.Count}})</h2>
<p style="margin:0 0 8px;font-size:13px;color:#4b5563">{{.Note}}</p>
{{- range .Items}}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-top:1px solid #e5e7eb"><tr>
<td style="padding:10px 8px 10px 0"><p class="customer" style="margin:0;font-size:15px;font-weight:bold">{{.Customer}}{{if .Vehicle}} <span style="font-weight:normal;color:#4b5563">– {{.Vehicle}}</span>{{end}}</p>
<p style="margin:2px 0 0;font-size:13px;color:#4b5563">{{.Detail}}</p></td>
{{- if .Link}}
<td width="80" align="right" valign="middle" style="width:80px;padding:10px 0"><a href="{{.Link}}" style="display:inline-block;padding:10px 14px;background-color:#1d4ed8;border-radius:6px;color:#ffffff;font-size:15px;font-weight:bold;text-decoration:none">Open</a></td>
{{- end}}
</tr></table>
{{- else}}
<p style="margin:0;font-size:14px">None.</p>
{{- end}}
{{- if .More}}
<p style="margin:8px 0 0;font-size:13px;color:#4b5563">… and {{.More}} more: GET /metrics lists them all.</p>
{{- end}}
</td></tr>
{{- end}}
`))

type pageData struct {
	view
	ThisColour, LastColour  string
	Bars                    []chartRow
	StalledList, ClosedList pageList
}

// chartRow is a bar of the chart as the page draws it.
type chartRow struct {
	Label      string
	This, Last barCell
}

type barCell struct {
	// Week is "this" or "last", for tests reading the page.
	Week                   string
	Width, Percent, Height int
	Colour, Text           string
}

type pageList struct {
	ID, Title, Note string
	Count, More     int
	Items           []item
}

func (v view) html() string {
	data := pageData{view: v, ThisColour: thisWeekColour, LastColour: lastWeekColour,
		StalledList: pageList{ID: "stalled", Title: "Stalled leads", Count: v.StalledCount, More: v.StalledCount - len(v.Stalled), Items: v.Stalled,
			Note: "Contacted, then no attempt for " + v.StalledAfter + " or more. Open one to see its timeline."},
		ClosedList: pageList{ID: "closed-early", Title: "Closed with fewer than 3 attempts", Count: v.ClosedCount, More: v.ClosedCount - len(v.Closed), Items: v.Closed,
			Note: "Received this week and closed before three contact attempts, with who closed them."},
	}
	for _, b := range v.Chart.Bars {
		colour := thisWeekColour
		if b.Missed {
			colour = missedColour
		}
		data.Bars = append(data.Bars, chartRow{Label: b.Label,
			This: barCell{Week: "this", Width: b.This.Width, Percent: b.This.Percent, Height: thisBarHeight, Colour: colour,
				Text: strconv.Itoa(b.This.Percent) + "% (" + strconv.Itoa(b.This.Leads) + ")"},
			Last: barCell{Week: "last", Width: b.Last.Width, Percent: b.Last.Percent, Height: lastBarHeight, Colour: lastWeekColour,
				Text: strconv.Itoa(b.Last.Percent) + "%"},
		})
	}
	var b bytes.Buffer
	if err := page.Execute(&b, data); err != nil {
		// The template is fixed and its data plain strings and numbers: failing here
		// is a bug in this package, and the text part still says everything.
		return ""
	}
	return strings.TrimSpace(b.String()) + "\n"
}
