package simulate

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"
)

// The report's charts are SVG written here, inline in the page: no script, no font,
// nothing fetched, so the page renders the same offline, in a mail client's preview
// or printed. Every chart is an svg.chart with a data-chart name, a title and a
// description for screen readers.

const (
	colorLeadClock = "#1f6feb"
	colorBaseline  = "#c2410c"
	colorGrid      = "#d0d7de"
	colorText      = "#24292f"
	colorMuted     = "#57606a"
	noValue        = "#ffffff"
)

type svgWriter struct {
	strings.Builder
}

func (b *svgWriter) printf(format string, args ...any) {
	fmt.Fprintf(&b.Builder, format, args...)
}

func esc(s string) string { return html.EscapeString(s) }

func (b *svgWriter) open(name, title, desc string, width, height int) {
	b.printf(`<svg class="chart" data-chart="%s" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title %s-desc" xmlns="http://www.w3.org/2000/svg">`,
		esc(name), width, height, esc(name), esc(name))
	b.printf(`<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(name), esc(title), esc(name), esc(desc))
}

func (b *svgWriter) close() template.HTML {
	b.printf(`</svg>`)
	return template.HTML(b.String()) // every text in it went through esc
}

func (b *svgWriter) text(x, y float64, anchor, fill string, size int, s string) {
	b.printf(`<text x="%.1f" y="%.1f" text-anchor="%s" fill="%s" font-size="%d">%s</text>`, x, y, anchor, fill, size, esc(s))
}

// legend draws the two worlds' keys at the top right.
func (b *svgWriter) legend(x, y float64) {
	for i, l := range []struct{ color, name string }{{colorLeadClock, "LeadClock"}, {colorBaseline, "CRM only"}} {
		xx := x + float64(i)*120
		b.printf(`<rect x="%.1f" y="%.1f" width="12" height="12" fill="%s"/>`, xx, y-10, l.color)
		b.text(xx+17, y, "start", colorText, 12, l.name)
	}
}

// firstContactChart is grouped bars: the share of leads first contacted within each
// limit, in both worlds.
func firstContactChart(lc, base []Within) template.HTML {
	const w, h, left, right, top, bottom = 760, 300, 48, 10, 34, 40
	var b svgWriter
	b.open("first-contact", "Share of leads first contacted within each time",
		"Grouped bars per limit: LeadClock and CRM only, 0 to 100 percent.", w, h)
	plotH := float64(h - top - bottom)
	for _, p := range []float64{0, 0.25, 0.5, 0.75, 1} {
		y := float64(top) + plotH*(1-p)
		b.printf(`<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="%s"/>`, left, y, w-right, y, colorGrid)
		b.text(left-6, y+4, "end", colorMuted, 11, fmt.Sprintf("%.0f%%", p*100))
	}
	b.legend(w-250, 18)
	n := len(lc)
	slot := float64(w-left-right) / float64(n)
	bar := slot * 0.36
	for i := range n {
		x0 := float64(left) + slot*float64(i)
		for k, v := range []*float64{lc[i].Share, base[i].Share} {
			color := []string{colorLeadClock, colorBaseline}[k]
			share := 0.0
			if v != nil {
				share = *v
			}
			bh := plotH * share
			x := x0 + slot*0.12 + float64(k)*bar
			b.printf(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s within %s: %s</title></rect>`,
				x, float64(top)+plotH-bh, bar-1, bh, color, []string{"LeadClock", "CRM only"}[k], lc[i].Limit, pct(v))
		}
		b.text(x0+slot/2, float64(h-bottom+16), "middle", colorText, 11, "≤ "+lc[i].Limit.String())
	}
	b.text(float64(left), float64(h-6), "start", colorMuted, 11, "time from receipt to the first contact attempt")
	return b.close()
}

var dayNames = []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

// heatmap draws a value per hour of the week: 7 rows of 24 cells. value returns the
// cell's shade (0 to 1, or false for no value) and its tooltip.
func heatmap(name, title, desc string, value func(h int) (float64, bool, string), scaleLow, scaleHigh string) template.HTML {
	const cell, left, top = 28, 40, 20
	w, h := left+24*cell+10, top+7*cell+44
	var b svgWriter
	b.open(name, title, desc, w, h)
	for hour := 0; hour < 24; hour += 3 {
		b.text(float64(left+hour*cell+cell/2), float64(top-6), "middle", colorMuted, 11, fmt.Sprintf("%02d", hour))
	}
	for d := range 7 {
		y := top + d*cell
		b.text(float64(left-6), float64(y+cell/2+4), "end", colorText, 11, dayNames[d])
		for hour := range 24 {
			v, ok, tip := value(d*24 + hour)
			fill, stroke := noValue, "#ffffff"
			if ok {
				fill = shade(v)
			} else {
				stroke = colorGrid
			}
			b.printf(`<rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="%s"><title>%s %02d:00 – %s</title></rect>`,
				left+hour*cell, y, cell, cell, fill, stroke, dayNames[d], hour, esc(tip))
		}
	}
	// The scale.
	y := top + 7*cell + 14
	for i := range 11 {
		b.printf(`<rect x="%d" y="%d" width="20" height="10" fill="%s"/>`, left+i*20, y, shade(float64(i)/10))
	}
	b.text(float64(left), float64(y+24), "start", colorMuted, 11, scaleLow)
	b.text(float64(left+220), float64(y+24), "end", colorMuted, 11, scaleHigh)
	b.printf(`<rect x="%d" y="%d" width="20" height="10" fill="%s" stroke="%s"/>`, left+260, y, noValue, colorGrid)
	b.text(float64(left+286), float64(y+9), "start", colorMuted, 11, "no leads")
	return b.close()
}

// shade maps 0..1 to a sequential yellow-green-blue scale (ColorBrewer's YlGnBu),
// which reads in grey and to the colour-blind.
func shade(v float64) string {
	stops := [][3]float64{{0xff, 0xff, 0xcc}, {0xa1, 0xda, 0xb4}, {0x41, 0xb6, 0xc4}, {0x2c, 0x7f, 0xb8}, {0x25, 0x34, 0x94}}
	v = math.Max(0, math.Min(1, v)) * float64(len(stops)-1)
	i := min(int(v), len(stops)-2)
	f := v - float64(i)
	var c [3]int
	for k := range 3 {
		c[k] = int(math.Round(stops[i][k] + (stops[i+1][k]-stops[i][k])*f))
	}
	return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2])
}

// slaHeatmap is the share within the SLA by hour of arrival.
func slaHeatmap(name, world string, hw HourOfWeek) template.HTML {
	return heatmap(name, world+": share of leads first contacted within the SLA, by hour of arrival",
		"Seven rows, Monday to Sunday, of 24 hours; darker is a larger share within the SLA.",
		func(h int) (float64, bool, string) {
			if hw.Leads[h] == 0 || hw.WithinSLA[h] == nil {
				return 0, false, "no leads"
			}
			median := "–"
			if m := hw.MedianSeconds[h]; m != nil {
				median = Seconds(*m)
			}
			return *hw.WithinSLA[h], true, fmt.Sprintf("%d leads, %s within the SLA, median %s", hw.Leads[h], pct(hw.WithinSLA[h]), median)
		}, "0% within the SLA", "100%")
}

// arrivalsHeatmap is the leads received by hour of the week.
func arrivalsHeatmap(hw HourOfWeek) template.HTML {
	most := 1
	for _, n := range hw.Leads {
		most = max(most, n)
	}
	return heatmap("arrivals", "Leads received by hour of the week",
		"Seven rows, Monday to Sunday, of 24 hours; darker is more leads.",
		func(h int) (float64, bool, string) {
			if hw.Leads[h] == 0 {
				return 0, false, "no leads"
			}
			return float64(hw.Leads[h]) / float64(most), true, fmt.Sprintf("%d leads", hw.Leads[h])
		}, "fewest", fmt.Sprintf("%d leads", most))
}

// nudgeChart is horizontal bars: messages per day per person, SMS and email stacked.
func nudgeChart(reps []Rep) template.HTML {
	const left, right, top, row = 190, 60, 30, 26
	w, h := 760, top+row*len(reps)+30
	var b svgWriter
	b.open("nudges", "LeadClock messages per person per day", "One bar per person: messages a day, SMS and email together.", w, h)
	most := 1.0
	for _, r := range reps {
		most = math.Max(most, r.Nudges.PerDay)
	}
	scale := float64(w-left-right) / most
	b.text(float64(left), 16, "start", colorMuted, 11, "messages per day (SMS and email each count)")
	for i, r := range reps {
		y := float64(top + i*row)
		b.text(float64(left-8), y+15, "end", colorText, 12, r.Name+" ("+r.Role+")")
		bw := r.Nudges.PerDay * scale
		b.printf(`<rect x="%d" y="%.1f" width="%.1f" height="%d" fill="%s"><title>%s: %d messages, %.1f a day, at most %d in a day and %d in an hour</title></rect>`,
			left, y+2, bw, row-8, colorLeadClock, esc(r.Name), r.Nudges.Messages, r.Nudges.PerDay, r.Nudges.MaxDay, r.Nudges.BusiestHour)
		b.text(float64(left)+bw+6, y+15, "start", colorText, 12, fmt.Sprintf("%.1f", r.Nudges.PerDay))
	}
	return b.close()
}

// sweepChart is lines: a figure of both worlds against the sweep's values.
func sweepChart(name, title string, sw *Sweep, get func(Summary) *float64, asShare bool) template.HTML {
	const w, h, left, right, top, bottom = 760, 260, 56, 20, 34, 40
	var b svgWriter
	b.open(name, title, "Two lines, LeadClock and CRM only, one point per value of "+sw.Parameter+".", w, h)
	most := 0.0
	for _, r := range sw.Rows {
		for _, v := range []*float64{get(r.LeadClock), get(r.Baseline)} {
			if v != nil {
				most = math.Max(most, *v)
			}
		}
	}
	if asShare || most == 0 {
		most = math.Max(most, 1)
	}
	plotH := float64(h - top - bottom)
	for _, p := range []float64{0, 0.5, 1} {
		y := float64(top) + plotH*(1-p)
		b.printf(`<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="%s"/>`, left, y, w-right, y, colorGrid)
		label := fmt.Sprintf("%.1f", most*p)
		if asShare {
			label = fmt.Sprintf("%.0f%%", most*p*100)
		}
		b.text(left-6, y+4, "end", colorMuted, 11, label)
	}
	b.legend(w-250, 18)
	n := len(sw.Rows)
	x := func(i int) float64 {
		if n == 1 {
			return float64(left+w-right) / 2
		}
		return float64(left+20) + float64(w-left-right-40)*float64(i)/float64(n-1)
	}
	for k, color := range []string{colorLeadClock, colorBaseline} {
		var pts []string
		for i, r := range sw.Rows {
			v := get([]Summary{r.LeadClock, r.Baseline}[k])
			if v == nil {
				continue
			}
			y := float64(top) + plotH*(1-*v/most)
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y))
			b.printf(`<circle cx="%.1f" cy="%.1f" r="4" fill="%s"/>`, x(i), y, color)
		}
		b.printf(`<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`, strings.Join(pts, " "), color)
	}
	for i, r := range sw.Rows {
		b.text(x(i), float64(h-bottom+18), "middle", colorText, 12, sw.Parameter+"="+r.Value)
	}
	return b.close()
}
