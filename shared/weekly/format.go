package weekly

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/leadclock/leadclock/shared/followup"
)

// none stands for a figure over nothing: the median of no contacts, the share of no
// leads.
const none = "–"

// duration says a number of seconds the way a manager says it: "45 s", "4 min 30 s",
// "18 min", "13 h 4 min", "2 d 13 h". Seconds matter only under ten minutes, where the
// SLA is; minutes only under a day.
func duration(seconds *float64) string {
	if seconds == nil {
		return none
	}
	s := int64(math.Round(*seconds))
	switch {
	case s < 60:
		return strconv.FormatInt(s, 10) + " s"
	case s < 10*60:
		return join(s/60, "min", s%60, "s")
	case s < 3600:
		return strconv.FormatInt(int64(math.Round(float64(s)/60)), 10) + " min"
	case s < 24*3600:
		m := int64(math.Round(float64(s) / 60))
		return join(m/60, "h", m%60, "min")
	}
	h := int64(math.Round(float64(s) / 3600))
	return join(h/24, "d", h%24, "h")
}

// join writes "a unit b unit2", leaving out a zero b.
func join(a int64, unit string, b int64, unit2 string) string {
	s := strconv.FormatInt(a, 10) + " " + unit
	if b != 0 {
		s += " " + strconv.FormatInt(b, 10) + " " + unit2
	}
	return s
}

// percent says a share as a whole percentage.
func percent(share *float64) string {
	if share == nil {
		return none
	}
	return strconv.Itoa(int(math.Round(*share*100))) + "%"
}

// count of a share of n: the shares followup reports are counts over n.
func count(share *float64, n int) int {
	if share == nil {
		return 0
	}
	return int(math.Round(*share * float64(n)))
}

// moment is an instant on the dealership's clock: "Tue 3 Nov 14:18".
func moment(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("Mon 2 Jan 15:04")
}

// days names a window for a heading: "Mon 2 – Sun 8 Nov 2026" for whole days,
// "Mon 2 Nov 10:00 – Tue 3 Nov 10:00" otherwise. The window's end is exclusive, so a
// week to Monday midnight ends on Sunday.
func days(w followup.Window, loc *time.Location) string {
	from, to := w.From.In(loc), w.To.In(loc)
	if !midnight(from) || !midnight(to) {
		return from.Format("Mon 2 Jan 2006 15:04") + " – " + to.Format("Mon 2 Jan 2006 15:04")
	}
	last := to.AddDate(0, 0, -1)
	switch {
	case last.Equal(from):
		return from.Format("Mon 2 Jan 2006")
	case from.Year() != last.Year():
		return from.Format("Mon 2 Jan 2006") + " – " + last.Format("Mon 2 Jan 2006")
	case from.Month() != last.Month():
		return from.Format("Mon 2 Jan") + " – " + last.Format("Mon 2 Jan 2006")
	}
	return from.Format("Mon 2") + " – " + last.Format("Mon 2 Jan 2006")
}

func midnight(t time.Time) bool {
	return t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
}

// clean makes text a rep or an integration typed (a close reason) safe to place in a
// line: runs of whitespace and control characters become one space, and it is cut to
// max runes.
func clean(s string, max int) string {
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:max-1])) + "…"
}

// plural writes "1 attempt", "2 attempts".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
