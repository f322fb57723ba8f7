package weekly

import (
	"time"

	"github.com/leadclock/leadclock/shared/followup"
)

// chart is how long customers waited for a first contact, in bars: the share of the
// week's leads whose first contact came within each range, this week beside last
// week. The ranges are followup's own thresholds (the SLA, 15 minutes, an hour), so
// the bars add up to the figures above them and no wait is measured twice.
type chart struct {
	Bars []bar
	// Leads, LastLeads are the leads measured: the bars' shares are of them.
	Leads, LastLeads int
}

// bar is one range of waits.
type bar struct {
	Label      string
	This, Last barValue
	// Missed marks the bar of leads nobody contacted.
	Missed bool
}

// barValue is one week's bar: how many leads, which share, and how long to draw it,
// in percent of the longest bar of the chart.
type barValue struct {
	Leads, Percent, Width int
}

// firstContactChart draws the first-contact times of both weeks. The SLA gets a bar of
// its own when it is under 15 minutes and every lead was measured against one no
// longer than that (a policy changed mid-week could make "within the SLA" overlap
// "within 15 minutes" otherwise).
func firstContactChart(this, last followup.Response, sla time.Duration) chart {
	split := sla > 0 && sla < 15*time.Minute && nested(this) && nested(last)
	labels := []string{"within 15 min", "15 min to 1 h", "over 1 h", "not contacted"}
	if split {
		labels = append([]string{"within " + duration(ptr(sla.Seconds())) + " (SLA)", duration(ptr(sla.Seconds())) + " to 15 min"}, labels[1:]...)
	}
	c := chart{Leads: this.Leads, LastLeads: last.Leads}
	thisCounts, lastCounts := waits(this, split), waits(last, split)
	longest := 0
	for i := range labels {
		longest = max(longest, share(thisCounts[i], this.Leads), share(lastCounts[i], last.Leads))
	}
	for i, l := range labels {
		c.Bars = append(c.Bars, bar{Label: l, Missed: i == len(labels)-1,
			This: value(thisCounts[i], this.Leads, longest), Last: value(lastCounts[i], last.Leads, longest)})
	}
	return c
}

// nested reports whether the leads within the SLA are among those within 15 minutes.
func nested(r followup.Response) bool {
	return count(r.WithinSLA, r.Leads) <= count(r.Within15m, r.Leads)
}

// waits counts the leads of each bar, from the cumulative shares followup reports.
func waits(r followup.Response, split bool) []int {
	n := r.Leads
	sla, q, h, never := count(r.WithinSLA, n), count(r.Within15m, n), count(r.Within1h, n), count(r.Never, n)
	out := []int{q, h - q, n - h - never, never}
	if split {
		out = append([]int{sla, q - sla}, out[1:]...)
	}
	return out
}

// share is n of total in whole percent.
func share(n, total int) int {
	if total == 0 {
		return 0
	}
	return (200*n + total) / (2 * total)
}

func value(n, total, longest int) barValue {
	v := barValue{Leads: n, Percent: share(n, total)}
	if longest > 0 {
		v.Width = (100*v.Percent + longest/2) / longest
	}
	return v
}

func ptr(f float64) *float64 { return &f }
