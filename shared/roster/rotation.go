package roster

import (
	"fmt"
	"strings"
	"time"
)

// Rotation is an on-call rotation: reps take turns of Days days each, handing off at a
// local wall-clock time. Turns are counted in calendar days, not hours, so a handoff
// at 08:00 stays at 08:00 across daylight-saving changes.
type Rotation struct {
	Reps []string
	// Days is the length of one turn.
	Days int
	// Handoff is when a turn begins.
	Handoff Handoff
	// Start is a local calendar date (its clock is ignored) on which Reps[0] takes the
	// first turn; dates before it continue the cycle backwards.
	Start time.Time
}

// Handoff is the moment turns change hands: a minute of the day and, for weekly
// rotations, a weekday.
type Handoff struct {
	Weekly  bool
	Weekday time.Weekday
	Minute  int
}

// ParseHandoff reads "mon 08:00" (weekly) or "08:00" (every turn, whatever the weekday).
func ParseHandoff(s string) (Handoff, error) {
	fields := strings.Fields(s)
	var h Handoff
	switch len(fields) {
	case 1:
	case 2:
		d, err := parseDay(fields[0])
		if err != nil {
			return h, err
		}
		h.Weekly, h.Weekday = true, time.Weekday((d+1)%7)
		fields = fields[1:]
	default:
		return h, fmt.Errorf("%q is not a handoff (want \"mon 08:00\" or \"08:00\")", s)
	}
	m, err := parseClock(fields[0], false)
	if err != nil {
		return h, err
	}
	h.Minute = m
	return h, nil
}

// DefaultRotationStart is the date turns are counted from when a config gives none:
// the first handoff on or after it belongs to the first rep of the rotation.
var DefaultRotationStart = time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)

// FirstTurn returns the date of the first handoff on or after from: for weekly
// handoffs the next date with the handoff's weekday.
func (h Handoff) FirstTurn(from time.Time) time.Time {
	d := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	if !h.Weekly {
		return d
	}
	return d.AddDate(0, 0, (int(h.Weekday)-int(d.Weekday())+7)%7)
}

// turn returns the index of the turn running at local time t (possibly negative, before
// Start) and the civil minute at which the next turn begins.
func (r Rotation) turn(c civil) (turn int, next civil) {
	first := civilDate(r.Start) + civil(r.Handoff.Minute)
	length := civil(r.Days * minutesPerDay)
	turn = int(floorDiv(int64(c-first), int64(length)))
	return turn, first + civil(turn+1)*length
}

// At returns the rep whose turn it is at t, in the rotation's location.
func (r Rotation) At(t time.Time, loc *time.Location) string {
	if len(r.Reps) == 0 || r.Days <= 0 {
		return ""
	}
	turn, _ := r.turn(toCivil(t, loc))
	return r.Reps[mod(turn, len(r.Reps))]
}

// nextHandoff returns the first handoff strictly after t.
func (r Rotation) nextHandoff(t time.Time, loc *time.Location) time.Time {
	_, next := r.turn(toCivil(t, loc))
	return next.in(loc)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func mod(a, n int) int {
	return ((a % n) + n) % n
}

// civil counts wall-clock minutes since 1970-01-01 00:00 in some location, ignoring
// offsets: arithmetic on it moves the clock on the wall, which is what shifts and
// rotations are written in.
type civil int64

func toCivil(t time.Time, loc *time.Location) civil {
	l := t.In(loc)
	return civilDate(l) + civil(l.Hour()*60+l.Minute())
}

// civilDate is the civil minute at 00:00 of t's calendar date (read as written).
func civilDate(t time.Time) civil {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return civil(d.Unix() / 60)
}

// in returns the instant the wall clock shows c in loc. A wall time that a
// daylight-saving change skips or repeats resolves as time.Date resolves it: to an
// instant in one of the two offsets, within an hour of the wall time.
func (c civil) in(loc *time.Location) time.Time {
	u := time.Unix(int64(c)*60, 0).UTC()
	return time.Date(u.Year(), u.Month(), u.Day(), u.Hour(), u.Minute(), 0, 0, loc)
}
