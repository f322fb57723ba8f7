package simulate

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"strings"
	"time"
)

//go:embed report.html.tmpl
var reportHTML string

var reportTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct": pct,
	"secs": func(v *float64) string {
		if v == nil {
			return "–"
		}
		return Seconds(*v)
	},
	"figure": func(c Compare, v *float64) string {
		if v == nil {
			return "–"
		}
		switch c.Unit {
		case "share":
			return pct(v)
		case "seconds":
			return Seconds(*v)
		case "count":
			return fmt.Sprintf("%.0f", *v)
		}
		return fmt.Sprintf("%.2f", *v)
	},
	"date": func(t time.Time) string { return t.Format("Mon 2 Jan 2006") },
	"last": func(t time.Time) string { return t.Add(-time.Second).Format("Mon 2 Jan 2006") },
	"f2":   func(v float64) string { return fmt.Sprintf("%.2f", v) },
	"per": func(n, of int) string {
		if of == 0 {
			return "–"
		}
		return fmt.Sprintf("%.2f", float64(n)/float64(of))
	},
	"share": func(n, of int) string { return pct(share(n, of)) },
	"at":    func(s string) string { return strings.Replace(s, "T", " ", 1) },
}).Parse(reportHTML))

// view is what the page template reads: the report and its charts.
type view struct {
	*Report
	Days              int
	FirstContactChart template.HTML
	LeadClockHeatmap  template.HTML
	BaselineHeatmap   template.HTML
	ArrivalsHeatmap   template.HTML
	NudgeChart        template.HTML
	SweepWithinChart  template.HTML
	SweepNudgesChart  template.HTML
	SweepMedianChart  template.HTML
	SLA               string
	ModelLeadsPerDay  string
}

// HTML renders the report as one self-contained page: styles and SVG charts inline,
// nothing to fetch, so it opens the same with no network.
func (r *Report) HTML() ([]byte, error) {
	v := view{
		Report:            r,
		Days:              r.Model.Days,
		FirstContactChart: firstContactChart(r.LeadClock.FirstContactWithin, r.Baseline.FirstContactWithin),
		LeadClockHeatmap:  slaHeatmap("heatmap-leadclock", "LeadClock", r.LeadClock.ByHourOfWeek),
		BaselineHeatmap:   slaHeatmap("heatmap-baseline", "CRM only", r.Baseline.ByHourOfWeek),
		ArrivalsHeatmap:   arrivalsHeatmap(r.LeadClock.ByHourOfWeek),
		NudgeChart:        nudgeChart(r.LeadClock.Reps),
		SLA:               Duration(time.Duration(r.Dealership.SLASeconds) * time.Second).String(),
		ModelLeadsPerDay:  fmt.Sprintf("%g", r.Model.LeadsPerDay),
	}
	if sw := r.Sweep; sw != nil {
		v.SweepWithinChart = sweepChart("sweep-within-sla", "First contact within the SLA against "+sw.Parameter, sw,
			func(s Summary) *float64 { return s.WithinSLA }, true)
		v.SweepMedianChart = sweepChart("sweep-median", "Median minutes to first contact against "+sw.Parameter, sw,
			func(s Summary) *float64 {
				if s.MedianSeconds == nil {
					return nil
				}
				m := *s.MedianSeconds / 60
				return &m
			}, false)
		v.SweepNudgesChart = sweepChart("sweep-nudges", "Messages per person per day against "+sw.Parameter, sw,
			func(s Summary) *float64 { x := s.NudgesPerRepPerDay; return &x }, false)
	}
	var out bytes.Buffer
	if err := reportTemplate.Execute(&out, v); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
