package weekly

import (
	"time"

	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/followup"
)

// Next returns when the report goes out next, strictly after the instant: the
// schedule's weekday and time on the wall clock of loc. Days are counted on the
// calendar, so a Monday 07:00 report stays at 07:00 across daylight-saving changes
// (the week between is an hour shorter or longer). A time the clocks skip that day
// goes out as they jump past it; a time they show twice goes out once, at the first.
func Next(after time.Time, s dealer.Report, loc *time.Location) time.Time {
	local := after.In(loc)
	y, m, d := local.Date()
	for day := 0; day <= 7; day++ {
		// The weekday of a calendar date, read at noon in UTC where no day is skipped.
		if time.Date(y, m, d+day, 12, 0, 0, 0, time.UTC).Weekday() != s.Weekday {
			continue
		}
		if at := wallClock(y, m, d+day, s.Hour, s.Minute, loc); at.After(after) {
			return at
		}
	}
	// Unreachable: one of eight days in a row is the weekday, and the later of two
	// such days is past the instant.
	return wallClock(y, m, d+7, s.Hour, s.Minute, loc)
}

// wallClock is the first instant the clocks of loc show the date and time, or, when
// they skip it, the instant they jump past it. time.Date leaves the choice for a
// skipped time open, and may land an hour early or late.
func wallClock(y int, m time.Month, d, hour, minute int, loc *time.Location) time.Time {
	at := time.Date(y, m, d, hour, minute, 0, 0, loc)
	if at.Hour() == hour && at.Minute() == minute {
		return at
	}
	shown := time.Date(at.Year(), at.Month(), at.Day(), at.Hour(), at.Minute(), 0, 0, time.UTC)
	start, end := at.ZoneBounds()
	if shown.Before(time.Date(y, m, d, hour, minute, 0, 0, time.UTC)) {
		return end // at is before the jump: the jump is where its zone ends
	}
	return start
}

// Period is the leads a column of the report is about (those received in Window) and
// the instant its figures are as of.
type Period struct {
	Window followup.Window
	AsOf   time.Time
}

// Week returns the period of a report made at the instant: the seven calendar days up
// to the latest start of the weekday in loc at or before it (the week Monday to Monday
// for a Monday report), as of the instant. A day starts at midnight, or where the
// clocks skip midnight, when they jump past it.
func Week(at time.Time, weekday time.Weekday, loc *time.Location) Period {
	local := at.In(loc)
	y, m, d := local.Date()
	back := (int(local.Weekday()) - int(weekday) + 7) % 7
	end := wallClock(y, m, d-back, 0, 0, loc)
	if end.After(at) {
		// The day's first instant is the jump past a skipped midnight, and the instant
		// is in the hour the clocks skipped: the day has not begun.
		back += 7
		end = wallClock(y, m, d-back, 0, 0, loc)
	}
	return Period{Window: followup.Window{From: wallClock(y, m, d-back-7, 0, 0, loc), To: end}, AsOf: at}
}

// Before returns the period just before p, of the same length and as of the same lag
// after its end. A window of whole calendar days in loc (a week, say) is moved back by
// days, so that a week across a daylight-saving change still runs midnight to
// midnight; any other window by its length.
func (p Period) Before(loc *time.Location) Period {
	from, to := p.Window.From.In(loc), p.Window.To.In(loc)
	length := to.Sub(from)
	days := int((length + 12*time.Hour) / (24 * time.Hour))
	if days > 0 && from.AddDate(0, 0, days).Equal(to) {
		return Period{
			Window: followup.Window{From: from.AddDate(0, 0, -days), To: from},
			AsOf:   p.AsOf.In(loc).AddDate(0, 0, -days),
		}
	}
	return Period{Window: followup.Window{From: from.Add(-length), To: from}, AsOf: p.AsOf.Add(-length)}
}
