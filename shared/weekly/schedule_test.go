package weekly_test

import (
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/followup"
	"github.com/leadclock/leadclock/shared/weekly"
)

func load(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestWeeklyNext: in 2026 the US clocks go forward on Sunday 8 March at 02:00 and back
// on Sunday 1 November at 02:00; Europe's go back on Sunday 25 October at 03:00.
func TestWeeklyNext(t *testing.T) {
	chicago, berlin, kolkata := load(t, "America/Chicago"), load(t, "Europe/Berlin"), load(t, "Asia/Kolkata")
	monday7 := dealer.Report{Weekday: time.Monday, Hour: 7}
	tests := []struct {
		name  string
		after time.Time
		s     dealer.Report
		loc   *time.Location
		want  time.Time
	}{
		{"later the same day", time.Date(2026, 11, 9, 6, 59, 0, 0, chicago), monday7, chicago, time.Date(2026, 11, 9, 7, 0, 0, 0, chicago)},
		{"a nanosecond before", time.Date(2026, 11, 9, 6, 59, 59, 999999999, chicago), monday7, chicago, time.Date(2026, 11, 9, 7, 0, 0, 0, chicago)},
		{"at the time: the next week", time.Date(2026, 11, 9, 7, 0, 0, 0, chicago), monday7, chicago, time.Date(2026, 11, 16, 7, 0, 0, 0, chicago)},
		{"from midweek", time.Date(2026, 11, 11, 15, 30, 0, 0, chicago), monday7, chicago, time.Date(2026, 11, 16, 7, 0, 0, 0, chicago)},
		{"from Sunday night", time.Date(2026, 11, 15, 23, 59, 0, 0, chicago), monday7, chicago, time.Date(2026, 11, 16, 7, 0, 0, 0, chicago)},
		{"the instant given in UTC", time.Date(2026, 11, 16, 12, 59, 0, 0, time.UTC), monday7, chicago, time.Date(2026, 11, 16, 7, 0, 0, 0, chicago)},
		{"in UTC, already Monday there but Sunday here", time.Date(2026, 11, 16, 2, 0, 0, 0, time.UTC), monday7, chicago, time.Date(2026, 11, 16, 7, 0, 0, 0, chicago)},
		{"across the clocks going forward: 167 hours", time.Date(2026, 3, 2, 7, 0, 0, 0, chicago), monday7, chicago, time.Date(2026, 3, 9, 7, 0, 0, 0, chicago)},
		{"across the clocks going back: 169 hours", time.Date(2026, 10, 26, 7, 0, 0, 0, chicago), monday7, chicago, time.Date(2026, 11, 2, 7, 0, 0, 0, chicago)},
		{"Berlin goes back a week earlier", time.Date(2026, 10, 19, 7, 0, 0, 0, berlin), monday7, berlin, time.Date(2026, 10, 26, 7, 0, 0, 0, berlin)},
		{"no daylight saving", time.Date(2026, 3, 2, 7, 0, 0, 0, kolkata), monday7, kolkata, time.Date(2026, 3, 9, 7, 0, 0, 0, kolkata)},
		{"Friday afternoon", time.Date(2026, 11, 9, 7, 0, 0, 0, chicago), dealer.Report{Weekday: time.Friday, Hour: 16, Minute: 30}, chicago,
			time.Date(2026, 11, 13, 16, 30, 0, 0, chicago)},
		{"Sunday midnight", time.Date(2026, 11, 14, 12, 0, 0, 0, chicago), dealer.Report{Weekday: time.Sunday}, chicago, time.Date(2026, 11, 15, 0, 0, 0, 0, chicago)},
		// 02:30 does not exist on 8 March: it goes out as the clocks jump from 02:00
		// CST to 03:00 CDT.
		{"a time the clocks skip", time.Date(2026, 3, 7, 12, 0, 0, 0, chicago), dealer.Report{Weekday: time.Sunday, Hour: 2, Minute: 30}, chicago,
			time.Date(2026, 3, 8, 8, 0, 0, 0, time.UTC)},
		{"the week after a skipped time", time.Date(2026, 3, 8, 8, 0, 0, 0, time.UTC), dealer.Report{Weekday: time.Sunday, Hour: 2, Minute: 30}, chicago,
			time.Date(2026, 3, 15, 2, 30, 0, 0, chicago)},
		// Lord Howe Island moves its clocks by half an hour, on 4 October at 02:00.
		{"half an hour skipped", time.Date(2026, 10, 3, 12, 0, 0, 0, load(t, "Australia/Lord_Howe")), dealer.Report{Weekday: time.Sunday, Hour: 2, Minute: 15},
			load(t, "Australia/Lord_Howe"), time.Date(2026, 10, 4, 2, 30, 0, 0, load(t, "Australia/Lord_Howe"))},
		// 01:30 happens twice on 1 November: first at 06:30 UTC (CDT), then 07:30 UTC.
		{"a time the clocks show twice: the first", time.Date(2026, 10, 31, 12, 0, 0, 0, chicago), dealer.Report{Weekday: time.Sunday, Hour: 1, Minute: 30}, chicago,
			time.Date(2026, 11, 1, 6, 30, 0, 0, time.UTC)},
		{"a time the clocks show twice: not the second", time.Date(2026, 11, 1, 6, 30, 0, 0, time.UTC), dealer.Report{Weekday: time.Sunday, Hour: 1, Minute: 30}, chicago,
			time.Date(2026, 11, 8, 1, 30, 0, 0, chicago)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := weekly.Next(tt.after, tt.s, tt.loc)
			if !got.Equal(tt.want) {
				t.Fatalf("Next(%s) = %s, want %s", tt.after, got, tt.want.In(tt.loc))
			}
			if got.Location() != tt.loc {
				t.Errorf("Next returned a time in %s, want %s", got.Location(), tt.loc)
			}
		})
	}
}

// TestWeeklyNextEveryWeek walks two years of Monday reports: each a week of calendar
// days after the last, at 07:00 on the wall clock, none skipped or doubled.
func TestWeeklyNextEveryWeek(t *testing.T) {
	for _, name := range []string{"America/Chicago", "Europe/Berlin", "Australia/Lord_Howe", "America/Santiago"} {
		loc := load(t, name)
		at := weekly.Next(time.Date(2026, 1, 1, 0, 0, 0, 0, loc), dealer.Report{Weekday: time.Monday, Hour: 7}, loc)
		for range 104 {
			next := weekly.Next(at, dealer.Report{Weekday: time.Monday, Hour: 7}, loc)
			y, m, d := at.Date()
			if want := time.Date(y, m, d+7, 7, 0, 0, 0, loc); !next.Equal(want) || next.Weekday() != time.Monday || next.Hour() != 7 || next.Minute() != 0 {
				t.Fatalf("%s: after %s came %s, want %s", name, at, next, want)
			}
			at = next
		}
	}
}

func TestWeeklyWeek(t *testing.T) {
	chicago, santiago := load(t, "America/Chicago"), load(t, "America/Santiago")
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, chicago) }
	tests := []struct {
		name     string
		at       time.Time
		weekday  time.Weekday
		from, to time.Time
		loc      *time.Location
	}{
		{"the Monday report", time.Date(2026, 11, 16, 7, 0, 0, 0, chicago), time.Monday, day(11, 9), day(11, 16), chicago},
		{"at Monday midnight", day(11, 16), time.Monday, day(11, 9), day(11, 16), chicago},
		{"just before Monday", day(11, 16).Add(-time.Nanosecond), time.Monday, day(11, 2), day(11, 9), chicago},
		{"midweek", time.Date(2026, 11, 18, 12, 0, 0, 0, chicago), time.Monday, day(11, 9), day(11, 16), chicago},
		{"a Friday report", time.Date(2026, 11, 13, 16, 30, 0, 0, chicago), time.Friday, day(11, 6), day(11, 13), chicago},
		{"the week the clocks go forward: 167 hours", time.Date(2026, 3, 9, 7, 0, 0, 0, chicago), time.Monday, day(3, 2), day(3, 9), chicago},
		{"the week the clocks go back: 169 hours", time.Date(2026, 11, 2, 7, 0, 0, 0, chicago), time.Monday, day(10, 26), day(11, 2), chicago},
		{"the instant in UTC", time.Date(2026, 11, 16, 3, 0, 0, 0, time.UTC), time.Monday, day(11, 2), day(11, 9), chicago},
		// Chile's clocks go from Saturday 5 September 24:00 to Sunday 01:00: that
		// Sunday begins at 01:00.
		{"a Sunday without a midnight", time.Date(2026, 9, 6, 7, 0, 0, 0, santiago), time.Sunday,
			time.Date(2026, 8, 30, 0, 0, 0, 0, santiago), time.Date(2026, 9, 6, 1, 0, 0, 0, santiago), santiago},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := weekly.Week(tt.at, tt.weekday, tt.loc)
			if !p.Window.From.Equal(tt.from) || !p.Window.To.Equal(tt.to) || !p.AsOf.Equal(tt.at) {
				t.Fatalf("Week(%s) = [%s, %s) as of %s, want [%s, %s)", tt.at, p.Window.From, p.Window.To, p.AsOf, tt.from, tt.to)
			}
		})
	}
}

func TestWeeklyBefore(t *testing.T) {
	chicago := load(t, "America/Chicago")
	at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, chicago) }
	tests := []struct {
		name string
		p    weekly.Period
		want weekly.Period
	}{
		{"a week", weekly.Period{Window: followup.Window{From: at(11, 9, 0), To: at(11, 16, 0)}, AsOf: at(11, 16, 7)},
			weekly.Period{Window: followup.Window{From: at(11, 2, 0), To: at(11, 9, 0)}, AsOf: at(11, 9, 7)}},
		{"the week before the clocks went back runs midnight to midnight", weekly.Period{Window: followup.Window{From: at(11, 2, 0), To: at(11, 9, 0)}, AsOf: at(11, 9, 7)},
			weekly.Period{Window: followup.Window{From: at(10, 26, 0), To: at(11, 2, 0)}, AsOf: at(11, 2, 7)}},
		{"days from 10:00", weekly.Period{Window: followup.Window{From: at(3, 8, 10), To: at(3, 10, 10)}, AsOf: at(3, 12, 10)},
			weekly.Period{Window: followup.Window{From: at(3, 6, 10), To: at(3, 8, 10)}, AsOf: at(3, 10, 10)}},
		{"hours", weekly.Period{Window: followup.Window{From: at(11, 9, 9), To: at(11, 9, 12)}, AsOf: at(11, 9, 13)},
			weekly.Period{Window: followup.Window{From: at(11, 9, 6), To: at(11, 9, 9)}, AsOf: at(11, 9, 10)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.p.Before(chicago)
			if !got.Window.From.Equal(tt.want.Window.From) || !got.Window.To.Equal(tt.want.Window.To) || !got.AsOf.Equal(tt.want.AsOf) {
				t.Fatalf("Before = [%s, %s) as of %s\nwant     [%s, %s) as of %s", got.Window.From, got.Window.To, got.AsOf,
					tt.want.Window.From, tt.want.Window.To, tt.want.AsOf)
			}
		})
	}
}
