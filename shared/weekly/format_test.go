package weekly

import (
	"slices"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/followup"
)

func TestWeeklyDuration(t *testing.T) {
	tests := []struct {
		seconds *float64
		want    string
	}{
		{nil, "–"},
		{ptr(0), "0 s"},
		{ptr(44.6), "45 s"},
		{ptr(60), "1 min"},
		{ptr(270), "4 min 30 s"},
		{ptr(599.4), "9 min 59 s"},
		{ptr(600), "10 min"},
		{ptr(1110), "19 min"}, // 18.5 rounds up
		{ptr(3600), "1 h"},
		{ptr(13*3600 + 4*60), "13 h 4 min"},
		{ptr(24*3600 - 20), "24 h"}, // 23 h 59 min 40 s rounds to a whole day in minutes
		{ptr(24 * 3600), "1 d"},
		{ptr(61 * 3600), "2 d 13 h"},
		{ptr(6*24*3600 + 19*3600 + 40*60), "6 d 20 h"},
	}
	for _, tt := range tests {
		if got := duration(tt.seconds); got != tt.want {
			t.Errorf("duration(%v) = %q, want %q", deref(tt.seconds), got, tt.want)
		}
	}
}

func deref(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

func TestWeeklyPercentAndSpan(t *testing.T) {
	for _, tt := range []struct {
		share *float64
		want  string
	}{{nil, "–"}, {ptr(0), "0%"}, {ptr(5.0 / 12), "42%"}, {ptr(1), "100%"}} {
		if got := percent(tt.share); got != tt.want {
			t.Errorf("percent(%v) = %q, want %q", deref(tt.share), got, tt.want)
		}
	}
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{{72 * time.Hour, "72 h"}, {24 * time.Hour, "24 h"}, {7 * 24 * time.Hour, "7 d"}, {90 * time.Minute, "1 h 30 min"}, {5 * time.Minute, "5 min"}} {
		if got := span(tt.d); got != tt.want {
			t.Errorf("span(%s) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestWeeklyDays(t *testing.T) {
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	day := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, chicago) }
	tests := []struct {
		from, to time.Time
		want     string
	}{
		{day(2026, 11, 9, 0), day(2026, 11, 16, 0), "Mon 9 – Sun 15 Nov 2026"},
		{day(2026, 10, 26, 0), day(2026, 11, 2, 0), "Mon 26 Oct – Sun 1 Nov 2026"},
		{day(2026, 12, 28, 0), day(2027, 1, 4, 0), "Mon 28 Dec 2026 – Sun 3 Jan 2027"},
		{day(2026, 11, 11, 0), day(2026, 11, 12, 0), "Wed 11 Nov 2026"},
		{day(2026, 11, 9, 10), day(2026, 11, 10, 10), "Mon 9 Nov 2026 10:00 – Tue 10 Nov 2026 10:00"},
		// Read in the dealership's zone whatever zone the window is given in.
		{day(2026, 11, 9, 0).UTC(), day(2026, 11, 16, 0).UTC(), "Mon 9 – Sun 15 Nov 2026"},
	}
	for _, tt := range tests {
		if got := days(followup.Window{From: tt.from, To: tt.to}, chicago); got != tt.want {
			t.Errorf("days(%s, %s) = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestWeeklyClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"no answer", "no answer"},
		{"  no\nanswer\t\x00 at all ", "no answer at all"},
		{"a reason well past the length that a line of the list can hold", "a reason well past the length that a…"},
	}
	for _, tt := range tests {
		if got := clean(tt.in, 38); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// response is a first-contact figure of n leads with counts within each limit.
func response(n, sla, q, h, never int) followup.Response {
	share := func(k int) *float64 {
		if n == 0 {
			return nil
		}
		return ptr(float64(k) / float64(n))
	}
	return followup.Response{Leads: n, WithinSLA: share(sla), Within15m: share(q), Within1h: share(h), Never: share(never)}
}

func TestWeeklyChart(t *testing.T) {
	type bars struct {
		labels          []string
		this, last      []int // leads per bar
		widths, percent []int // this week's
	}
	tests := []struct {
		name       string
		this, last followup.Response
		sla        time.Duration
		want       bars
	}{
		{"the SLA gets a bar", response(12, 5, 5, 10, 1), response(11, 4, 5, 10, 0), 5 * time.Minute, bars{
			labels:  []string{"within 5 min (SLA)", "5 min to 15 min", "15 min to 1 h", "over 1 h", "not contacted"},
			this:    []int{5, 0, 5, 1, 1},
			last:    []int{4, 1, 5, 1, 0},
			widths:  []int{93, 0, 93, 18, 18}, // of last week's 45%, the longest
			percent: []int{42, 0, 42, 8, 8},
		}},
		{"an SLA of 15 minutes or more gets none", response(4, 4, 2, 4, 0), response(0, 0, 0, 0, 0), 30 * time.Minute, bars{
			labels:  []string{"within 15 min", "15 min to 1 h", "over 1 h", "not contacted"},
			this:    []int{2, 2, 0, 0},
			last:    []int{0, 0, 0, 0},
			widths:  []int{100, 100, 0, 0},
			percent: []int{50, 50, 0, 0},
		}},
		{"an SLA that overlaps 15 minutes (a policy changed) gets none", response(4, 3, 2, 4, 0), response(4, 1, 2, 4, 0), 5 * time.Minute, bars{
			labels:  []string{"within 15 min", "15 min to 1 h", "over 1 h", "not contacted"},
			this:    []int{2, 2, 0, 0},
			last:    []int{2, 2, 0, 0},
			widths:  []int{100, 100, 0, 0},
			percent: []int{50, 50, 0, 0},
		}},
		{"no leads at all", response(0, 0, 0, 0, 0), response(0, 0, 0, 0, 0), 5 * time.Minute, bars{
			labels:  []string{"within 5 min (SLA)", "5 min to 15 min", "15 min to 1 h", "over 1 h", "not contacted"},
			this:    []int{0, 0, 0, 0, 0},
			last:    []int{0, 0, 0, 0, 0},
			widths:  []int{0, 0, 0, 0, 0},
			percent: []int{0, 0, 0, 0, 0},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := firstContactChart(tt.this, tt.last, tt.sla)
			var got bars
			for _, b := range c.Bars {
				got.labels = append(got.labels, b.Label)
				got.this = append(got.this, b.This.Leads)
				got.last = append(got.last, b.Last.Leads)
				got.widths = append(got.widths, b.This.Width)
				got.percent = append(got.percent, b.This.Percent)
			}
			for name, pair := range map[string][2][]int{"this": {got.this, tt.want.this}, "last": {got.last, tt.want.last},
				"widths": {got.widths, tt.want.widths}, "percent": {got.percent, tt.want.percent}} {
				if !slices.Equal(pair[0], pair[1]) {
					t.Errorf("%s %v, want %v", name, pair[0], pair[1])
				}
			}
			if !slices.Equal(got.labels, tt.want.labels) {
				t.Errorf("labels %q, want %q", got.labels, tt.want.labels)
			}
			if !c.Bars[len(c.Bars)-1].Missed || c.Bars[0].Missed {
				t.Error("only the last bar is of leads not contacted")
			}
		})
	}
}
