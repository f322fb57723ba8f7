package roster

import (
	"strings"
	"testing"
	"time"
)

func TestParseWeek(t *testing.T) {
	tests := []struct {
		name    string
		shifts  []Shift
		covered []string // "mon 09:00" style instants that must be on shift
		free    []string // instants that must not be
		wantErr string
	}{
		{
			name:    "weekdays and saturday",
			shifts:  []Shift{{"mon-fri", "09:00-18:00"}, {"sat", "10:00-16:00"}},
			covered: []string{"mon 09:00", "fri 17:59", "sat 10:00", "wed 12:30"},
			free:    []string{"mon 08:59", "mon 18:00", "sat 16:00", "sun 12:00"},
		},
		{
			name:    "overnight into the next day and across the week boundary",
			shifts:  []Shift{{"sun", "22:00-06:00"}},
			covered: []string{"sun 22:00", "sun 23:59", "mon 00:00", "mon 05:59"},
			free:    []string{"sun 21:59", "mon 06:00", "sat 23:00"},
		},
		{
			name:    "until midnight, split day, day list, full day names, case",
			shifts:  []Shift{{"Tue,thursday", "08:00-12:00, 13:00-24:00"}},
			covered: []string{"tue 08:00", "thu 23:59", "tue 13:00"},
			free:    []string{"tue 12:30", "wed 00:00", "mon 09:00"},
		},
		{
			name:    "range that wraps the week",
			shifts:  []Shift{{"fri-mon", "10:00-11:00"}},
			covered: []string{"fri 10:00", "sat 10:30", "sun 10:00", "mon 10:59"},
			free:    []string{"tue 10:00", "thu 10:00"},
		},
		{name: "overlapping entries", shifts: []Shift{{"mon-fri", "09:00-18:00"}, {"fri", "17:00-20:00"}}, wantErr: `"fri" 17:00-20:00 overlaps "mon-fri" 09:00-18:00 on fri`},
		{name: "overnight overlaps next morning", shifts: []Shift{{"mon", "20:00-02:00"}, {"tue", "01:00-05:00"}}, wantErr: "overlaps"},
		{name: "bad day", shifts: []Shift{{"mon-fry", "09:00-18:00"}}, wantErr: `"fry" is not a day`},
		{name: "day twice", shifts: []Shift{{"mon-fri,wed", "09:00-18:00"}}, wantErr: "names wed twice"},
		{name: "empty days", shifts: []Shift{{" ", "09:00-18:00"}}, wantErr: "empty day list"},
		{name: "hours without range", shifts: []Shift{{"mon", "9"}}, wantErr: "is not a time range"},
		{name: "hour out of range", shifts: []Shift{{"mon", "09:00-25:00"}}, wantErr: `"25:00" is not a time`},
		{name: "minutes out of range", shifts: []Shift{{"mon", "09:60-10:00"}}, wantErr: `"09:60" is not a time`},
		{name: "24:00 as a start", shifts: []Shift{{"mon", "24:00-02:00"}}, wantErr: `"24:00" is not a time`},
		{name: "empty range", shifts: []Shift{{"mon", "09:00-09:00"}}, wantErr: "is empty"},
		{name: "no minutes", shifts: []Shift{{"mon", "9-18"}}, wantErr: "is not a time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := ParseWeek(tt.shifts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseWeek error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseWeek: %v", err)
			}
			for _, s := range tt.covered {
				if !w.Covers(weekMinute(t, s)) {
					t.Errorf("%s: not covered by %v", s, w)
				}
			}
			for _, s := range tt.free {
				if w.Covers(weekMinute(t, s)) {
					t.Errorf("%s: covered by %v", s, w)
				}
			}
		})
	}
}

func TestParseWeekMergesTouchingWindows(t *testing.T) {
	w, err := ParseWeek([]Shift{{"mon", "09:00-12:00"}, {"mon", "12:00-18:00"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Week{{9 * 60, 18 * 60}}); len(w) != 1 || w[0] != want[0] {
		t.Fatalf("week = %v, want %v", w, want)
	}
}

// weekMinute reads "mon 09:00" as a minute of the week.
func weekMinute(t *testing.T, s string) int {
	t.Helper()
	day, clock, _ := strings.Cut(s, " ")
	d, err := parseDay(day)
	if err != nil {
		t.Fatal(err)
	}
	m, err := parseClock(clock, false)
	if err != nil {
		t.Fatal(err)
	}
	return d*minutesPerDay + m
}

func TestMinuteOfWeekFollowsWallClockAcrossDST(t *testing.T) {
	chicago := mustLoad(t, "America/Chicago")
	// 2026-03-08 is the Sunday clocks in Chicago spring forward at 02:00.
	before := time.Date(2026, 3, 8, 1, 59, 0, 0, chicago)
	after := before.Add(time.Minute) // 03:00 CDT
	if got, want := minuteOfWeek(after.In(chicago)), 6*minutesPerDay+3*60; got != want {
		t.Fatalf("minute after the jump = %d, want %d (sun 03:00)", got, want)
	}
}

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
