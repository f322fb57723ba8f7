package scheduler

import "time"

// Timing of schedules; the package doc explains the choice.
const (
	// Lead is how long before a timer's deadline its schedule is set: Scheduler fires
	// within the 60 seconds after a schedule's time, so a schedule a minute early
	// fires before the deadline and Wait sleeps out the rest.
	Lead = time.Minute
	// MinAhead is how far in the future a schedule is set at the least, for the
	// request (and the SDK's retries) to reach AWS before its time passes.
	MinAhead = 5 * time.Second
	// MaxWait is the longest Wait sleeps: Lead and the minute of imprecision, with
	// room for clocks that disagree. The timer function's timeout must exceed it.
	MaxWait = 3 * time.Minute
)

// fireAt returns when to set the schedule of a timer due at deadline: Lead before
// it, to the second, or, when that is too soon or past, the earliest time at least
// MinAhead after now. Never in the past, never after the deadline unless the
// deadline is that close.
func fireAt(now, deadline time.Time) time.Time {
	earliest := ceilSecond(now.Add(MinAhead))
	at := deadline.Add(-Lead).Truncate(time.Second)
	if at.Before(earliest) {
		return earliest
	}
	return at
}

func ceilSecond(t time.Time) time.Time {
	if tr := t.Truncate(time.Second); !tr.Equal(t) {
		return tr.Add(time.Second)
	}
	return t
}

// expression returns the at() expression for the instant and the time zone it is
// written in: loc, or UTC where loc's wall clock shows that time twice.
func expression(at time.Time, loc *time.Location) (expr, zone string) {
	if ambiguous(at, loc) {
		loc = time.UTC
	}
	return "at(" + at.In(loc).Format("2006-01-02T15:04:05") + ")", loc.String()
}

// ambiguous reports whether the wall clock t shows in loc is also shown at another
// instant, as in the hour repeated when daylight saving time ends. It compares the
// offsets in force a day either side: a transition moves the clock by hours at
// most, and no zone has two of them within a day.
func ambiguous(t time.Time, loc *time.Location) bool {
	lt := t.In(loc)
	_, off := lt.Zone()
	wall := time.Date(lt.Year(), lt.Month(), lt.Day(), lt.Hour(), lt.Minute(), lt.Second(), lt.Nanosecond(), time.UTC)
	for _, probe := range []time.Time{t.Add(-24 * time.Hour), t.Add(24 * time.Hour)} {
		_, other := probe.In(loc).Zone()
		if other == off {
			continue
		}
		// The instant at which the same wall clock would be read at the other offset:
		// if loc is at that offset then, the wall clock occurs twice.
		twin := wall.Add(-time.Duration(other) * time.Second)
		if _, o := twin.In(loc).Zone(); o == other {
			return true
		}
	}
	return false
}
