package dealer

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/leadclock/leadclock/shared/roster"
)

// Report says when the weekly manager report goes out and to whom. A config without a
// report section sends it every Monday at 07:00 to every manager with an email
// address: before the week's first sales meeting, about the week that just ended.
type Report struct {
	// Weekday, Hour and Minute are when it goes out, on the dealership's wall clock.
	Weekday      time.Weekday
	Hour, Minute int
	// To lists the managers who get it, by rep id, in config order.
	To []string
}

// The report's schedule when a config gives none.
const (
	DefaultReportWeekday = time.Monday
	DefaultReportAt      = "07:00"
)

type fileReport struct {
	Weekday string   `yaml:"weekday"`
	At      string   `yaml:"at"`
	To      []string `yaml:"to"`
}

// weekdays are the names a report's weekday may be written with, Sunday first as
// time.Weekday counts.
var weekdays = [7][2]string{
	{"sunday", "sun"}, {"monday", "mon"}, {"tuesday", "tue"}, {"wednesday", "wed"},
	{"thursday", "thu"}, {"friday", "fri"}, {"saturday", "sat"},
}

func parseWeekday(s string) (time.Weekday, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for d, names := range weekdays {
		if s == names[0] || s == names[1] {
			return time.Weekday(d), true
		}
	}
	return 0, false
}

// report checks the report section, filling in the defaults. reps are the validated
// reps and in the reps as written: a rep whose email was refused already has a problem
// of its own, and is not said a second time to have none.
func (v *validator) report(f *fileReport, reps []roster.Rep, in []fileRep) Report {
	if f == nil {
		f = &fileReport{}
	}
	r := Report{Weekday: DefaultReportWeekday}
	if f.Weekday != "" {
		d, ok := parseWeekday(f.Weekday)
		if !ok {
			v.add("report.weekday", "%q is not a day of the week (use monday … sunday, or mon … sun)", f.Weekday)
		}
		r.Weekday = d
	}
	at := f.At
	if at == "" {
		at = DefaultReportAt
	}
	if t, err := time.Parse("15:04", strings.TrimSpace(at)); err != nil {
		v.add("report.at", "%q is not a time of day (use HH:MM on the dealership's clock, such as \"07:00\")", f.At)
	} else {
		r.Hour, r.Minute = t.Hour(), t.Minute()
	}
	switch {
	case f.To == nil:
		for _, rep := range reps {
			if rep.Role == roster.Manager && rep.Email != "" {
				r.To = append(r.To, rep.ID)
			}
		}
	case len(f.To) == 0:
		v.add("report.to", "list at least one manager, or leave it out to send the report to every manager")
	}
	for i, id := range f.To {
		path := "report.to[" + strconv.Itoa(i) + "]"
		at := slices.IndexFunc(reps, func(r roster.Rep) bool { return r.ID == id })
		switch {
		case at < 0:
			v.add(path, "%q is not a rep id", id)
		case slices.Index(f.To, id) < i:
			v.add(path, "%q is listed twice", id)
		case reps[at].Role != roster.Manager:
			v.add(path, "%q is not a manager: the report shows every rep's leads, so it goes to reps with role manager", id)
		case in[at].Email == "":
			v.add(path, "%q has no email address: the report is sent by email", id)
		default:
			r.To = append(r.To, id)
		}
	}
	return r
}
