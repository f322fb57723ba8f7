package roster

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

const (
	minutesPerDay  = 24 * 60
	minutesPerWeek = 7 * minutesPerDay
)

// Window is a span of the week in local wall-clock minutes since Monday 00:00,
// half-open: [Start, End). A window never wraps: an overnight shift from Sunday into
// Monday is stored as two windows.
type Window struct {
	Start, End int
}

// Week is a weekly shift pattern: sorted, non-overlapping windows. The zero Week is
// never on shift.
type Week []Window

// Covers reports whether the local minute of the week falls inside a window.
func (w Week) Covers(minute int) bool {
	_, found := slices.BinarySearchFunc(w, minute, func(win Window, m int) int {
		switch {
		case win.End <= m:
			return -1
		case win.Start > m:
			return 1
		}
		return 0
	})
	return found
}

// Shift is one entry of a rep's shift map as written in the config, e.g.
// Days "mon-fri" and Hours "09:00-18:00".
type Shift struct {
	Days  string
	Hours string
}

// ParseWeek turns shift entries into a Week. Days are day names or ranges
// ("mon", "mon-fri", "sat-sun", "fri-mon") separated by commas; hours are one or more
// "HH:MM-HH:MM" ranges separated by commas, where an end at or before the start runs
// past midnight and "24:00" ends at midnight. Entries that overlap are an error: a
// typo in a shift must not quietly widen someone's hours.
func ParseWeek(entries []Shift) (Week, error) {
	type owned struct {
		Window
		entry int
	}
	var all []owned
	for i, e := range entries {
		days, err := parseDays(e.Days)
		if err != nil {
			return nil, err
		}
		ranges, err := parseHours(e.Hours)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", e.Days, err)
		}
		for _, d := range days {
			for _, r := range ranges {
				start := d*minutesPerDay + r.Start
				end := d*minutesPerDay + r.End
				if end <= minutesPerWeek {
					all = append(all, owned{Window{start, end}, i})
					continue
				}
				all = append(all, owned{Window{start, minutesPerWeek}, i}, owned{Window{0, end - minutesPerWeek}, i})
			}
		}
	}
	slices.SortFunc(all, func(a, b owned) int { return a.Start - b.Start })
	week := make(Week, 0, len(all))
	for i, w := range all {
		if i > 0 && w.Start < all[i-1].End {
			prev := entries[all[i-1].entry]
			cur := entries[w.entry]
			return nil, fmt.Errorf("%q %s overlaps %q %s on %s", cur.Days, cur.Hours, prev.Days, prev.Hours, dayNames[w.Start/minutesPerDay])
		}
		if n := len(week); n > 0 && week[n-1].End == w.Start {
			week[n-1].End = w.End
			continue
		}
		week = append(week, w.Window)
	}
	return week, nil
}

// dayNames are indexed by day of the week counted from Monday, the ISO order shift
// tables are written in.
var dayNames = [7]string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

func parseDay(s string) (int, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for i, n := range dayNames {
		if s == n || s == fullDayNames[i] {
			return i, nil
		}
	}
	return 0, fmt.Errorf("%q is not a day (use mon, tue, wed, thu, fri, sat, sun)", s)
}

var fullDayNames = [7]string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

func parseDays(spec string) ([]int, error) {
	if strings.TrimSpace(spec) == "" {
		return nil, fmt.Errorf("empty day list")
	}
	var days []int
	seen := [7]bool{}
	for part := range strings.SplitSeq(spec, ",") {
		from, to, isRange := strings.Cut(part, "-")
		first, err := parseDay(from)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", spec, err)
		}
		last := first
		if isRange {
			if last, err = parseDay(to); err != nil {
				return nil, fmt.Errorf("%q: %w", spec, err)
			}
		}
		for d := first; ; d = (d + 1) % 7 {
			if seen[d] {
				return nil, fmt.Errorf("%q names %s twice", spec, dayNames[d])
			}
			seen[d] = true
			days = append(days, d)
			if d == last {
				break
			}
		}
	}
	return days, nil
}

// parseHours returns day-relative ranges; End may exceed one day for overnight shifts.
func parseHours(spec string) ([]Window, error) {
	var out []Window
	for part := range strings.SplitSeq(spec, ",") {
		from, to, ok := strings.Cut(strings.TrimSpace(part), "-")
		if !ok {
			return nil, fmt.Errorf("%q is not a time range (want HH:MM-HH:MM)", spec)
		}
		start, err := parseClock(from, false)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", spec, err)
		}
		end, err := parseClock(to, true)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", spec, err)
		}
		if end == start {
			return nil, fmt.Errorf("%q is empty: start and end are the same", part)
		}
		if end < start {
			end += minutesPerDay
		}
		out = append(out, Window{start, end})
	}
	return out, nil
}

// parseClock reads "HH:MM" as minutes since midnight; "24:00" is allowed as an end.
func parseClock(s string, isEnd bool) (int, error) {
	s = strings.TrimSpace(s)
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) == 0 || len(h) > 2 || len(m) != 2 {
		return 0, fmt.Errorf("%q is not a time (want HH:MM)", s)
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && (mm != 0 || !isEnd)) {
		return 0, fmt.Errorf("%q is not a time (want HH:MM between 00:00 and 24:00)", s)
	}
	return hh*60 + mm, nil
}

// minuteOfWeek is the local wall-clock minute since Monday 00:00.
func minuteOfWeek(local time.Time) int {
	day := (int(local.Weekday()) + 6) % 7 // Monday = 0
	return day*minutesPerDay + local.Hour()*60 + local.Minute()
}
