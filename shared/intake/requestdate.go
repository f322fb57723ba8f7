package intake

import (
	"regexp"
	"strings"
	"time"
)

var (
	oneDigitHour  = regexp.MustCompile(`^(\d{4}-\d{1,2}-\d{1,2})[T ](\d)(:\d)`)
	dateSpace     = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2}) (\d)`)
	offsetNoColon = regexp.MustCompile(`([+-])(\d{2})(\d{2})$`)
	offsetShort   = regexp.MustCompile(`([+-])(\d)(?::?(\d{2}))?$`)
	offsetHours   = regexp.MustCompile(`(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([+-]\d{2})$`)
	placeholder   = regexp.MustCompile(`^[{\[<%$].*[}\]>%]$`)
)

// zoned are the layouts of a date with its own offset, tried in order after the
// offset has been repaired; local are those without one, read in the dealership's
// time zone.
var (
	zoned = []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00"}
	local = []string{
		"2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02",
		"1/2/2006 3:04:05 PM", "1/2/2006 3:04 PM", "1/2/2006 15:04:05", "1/2/2006 15:04", "1/2/2006",
	}
)

// requestDate reads a provider's request date as best it can: a one-digit hour, an
// offset without its colon, or no zone at all (read in loc) are what real templates
// write. ok is false when it cannot be read; the caller keeps the text as sent either
// way, since the date is the provider's word and the SLA clock never starts from it.
func requestDate(s string, loc *time.Location) (t time.Time, ok bool) {
	if s == "" || placeholder.MatchString(s) {
		return time.Time{}, false
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true // as the spec writes it, and as most providers do
	}
	s = strings.Replace(s, " ", "T", 1)
	if strings.Count(s, "/") == 2 {
		s = strings.Replace(s, "T", " ", 1) // US dates keep their space
	}
	s = oneDigitHour.ReplaceAllString(s, "${1}T0${2}${3}")
	s = dateSpace.ReplaceAllString(s, "${1}T${2}")
	if strings.HasSuffix(s, "z") {
		s = s[:len(s)-1] + "Z"
	}
	if strings.Contains(s, "T") {
		s = offsetNoColon.ReplaceAllString(s, "${1}${2}:${3}")
		s = offsetHours.ReplaceAllString(s, "${1}${2}:00")
		if m := offsetShort.FindStringSubmatch(s); m != nil && strings.Count(s, ":") >= 1 && !strings.HasSuffix(s, "Z") {
			mins := m[3]
			if mins == "" {
				mins = "00"
			}
			s = s[:len(s)-len(m[0])] + m[1] + "0" + m[2] + ":" + mins
		}
	}
	for _, layout := range zoned {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	for _, layout := range local {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
