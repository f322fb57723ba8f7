package scheduler

import (
	"regexp"
	"testing"
	"time"
)

// atRule is AWS's rule for one-time expressions; moto accepts anything.
var atRule = regexp.MustCompile(`^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$`)

// precision is how long after its time Scheduler may fire a schedule.
const precision = time.Minute

// TestFireAt measures, for deadlines from far ahead to long past, when the schedule
// is set and how late the check can then be: the schedule fires within precision
// after its time and Wait holds it until the deadline, so the check lands at the
// later of the deadline and the firing.
func TestFireAt(t *testing.T) {
	now := time.Date(2026, 11, 24, 16, 0, 3, 250e6, time.UTC)
	tests := []struct {
		name     string
		deadline time.Time
		at       time.Time     // the schedule's time
		late     time.Duration // the most the check can land after the deadline
	}{
		{"an hour ahead", now.Add(time.Hour), now.Add(time.Hour - Lead).Truncate(time.Second), 0},
		{"five minutes ahead, whole second", now.Add(5*time.Minute - 250*time.Millisecond), now.Add(4*time.Minute - 250*time.Millisecond), 0},
		{"five minutes ahead, truncated to the second", now.Add(5 * time.Minute), now.Add(4*time.Minute - 250*time.Millisecond), 0},
		{"just far enough for a minute early", now.Add(Lead + MinAhead + 750*time.Millisecond), now.Add(MinAhead + 750*time.Millisecond), 0},
		{"a minute ahead (a bundle flush)", now.Add(time.Minute), now.Add(MinAhead + 750*time.Millisecond), MinAhead + 750*time.Millisecond},
		{"thirty seconds ahead", now.Add(30 * time.Second), now.Add(MinAhead + 750*time.Millisecond), MinAhead + 750*time.Millisecond + 30*time.Second},
		{"due now", now, now.Add(MinAhead + 750*time.Millisecond), MinAhead + 750*time.Millisecond + precision},
		{"ten minutes past", now.Add(-10 * time.Minute), now.Add(MinAhead + 750*time.Millisecond), 10*time.Minute + MinAhead + 750*time.Millisecond + precision},
		{"no deadline", time.Time{}, now.Add(MinAhead + 750*time.Millisecond), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := fireAt(now, tt.deadline)
			if !at.Equal(tt.at) {
				t.Errorf("schedule at %s, want %s", at.Format(time.RFC3339Nano), tt.at.Format(time.RFC3339Nano))
			}
			if at.Before(now.Add(MinAhead)) {
				t.Errorf("schedule at %s, less than %s after now", at.Format(time.RFC3339Nano), MinAhead)
			}
			if at.Nanosecond() != 0 {
				t.Errorf("schedule at %s, not a whole second", at.Format(time.RFC3339Nano))
			}
			if tt.deadline.IsZero() {
				return
			}
			if wait := tt.deadline.Sub(at); wait > MaxWait {
				t.Errorf("fires up to %s before the deadline, over MaxWait %s", wait, MaxWait)
			}
			if late := max(0, at.Add(precision).Sub(tt.deadline)); late != tt.late {
				t.Errorf("check up to %s late, want %s", late, tt.late)
			}
		})
	}
}

func TestExpression(t *testing.T) {
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	kolkata, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		at   time.Time
		loc  *time.Location
		expr string
		zone string
	}{
		{"winter in Chicago", time.Date(2026, 1, 5, 15, 4, 5, 0, time.UTC), chicago, "at(2026-01-05T09:04:05)", "America/Chicago"},
		{"summer in Chicago", time.Date(2026, 7, 5, 15, 4, 5, 0, time.UTC), chicago, "at(2026-07-05T10:04:05)", "America/Chicago"},
		{"a different date there", time.Date(2026, 1, 1, 3, 0, 0, 0, time.UTC), chicago, "at(2025-12-31T21:00:00)", "America/Chicago"},
		{"half-hour offset", time.Date(2026, 7, 5, 15, 4, 5, 0, time.UTC), kolkata, "at(2026-07-05T20:34:05)", "Asia/Kolkata"},
		{"UTC", time.Date(2026, 7, 5, 15, 4, 5, 0, time.UTC), time.UTC, "at(2026-07-05T15:04:05)", "UTC"},
		{"just before the repeated hour", time.Date(2026, 11, 1, 5, 59, 59, 0, time.UTC), chicago, "at(2026-11-01T00:59:59)", "America/Chicago"},
		{"repeated hour, first time", time.Date(2026, 11, 1, 6, 0, 0, 0, time.UTC), chicago, "at(2026-11-01T06:00:00)", "UTC"},
		{"repeated hour, second time", time.Date(2026, 11, 1, 7, 59, 59, 0, time.UTC), chicago, "at(2026-11-01T07:59:59)", "UTC"},
		{"just after the repeated hour", time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC), chicago, "at(2026-11-01T02:00:00)", "America/Chicago"},
		{"after the skipped spring hour", time.Date(2026, 3, 8, 8, 0, 0, 0, time.UTC), chicago, "at(2026-03-08T03:00:00)", "America/Chicago"},
		{"before the skipped spring hour", time.Date(2026, 3, 8, 7, 59, 59, 0, time.UTC), chicago, "at(2026-03-08T01:59:59)", "America/Chicago"},
	}
	for _, tt := range tests {
		expr, zone := expression(tt.at, tt.loc)
		if expr != tt.expr || zone != tt.zone {
			t.Errorf("%s: %q in %q, want %q in %q", tt.name, expr, zone, tt.expr, tt.zone)
		}
	}
}

// TestExpressionRoundTrip checks every quarter hour of a year, in zones with and
// without daylight saving time: each expression passes AWS's rule and names exactly
// the instant it was made from, read back in the zone it says.
func TestExpressionRoundTrip(t *testing.T) {
	for _, name := range []string{"America/Chicago", "America/New_York", "America/Phoenix", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Date(2026, 1, 1, 0, 0, 7, 0, time.UTC)
		fallbacks := 0
		for at := start; at.Before(start.AddDate(1, 0, 0)); at = at.Add(15 * time.Minute) {
			expr, zone := expression(at, loc)
			if !atRule.MatchString(expr) {
				t.Fatalf("%s: %q breaks AWS's rule", name, expr)
			}
			in := time.UTC
			if zone == name {
				in = loc
			} else if zone != "UTC" {
				t.Fatalf("%s: written in zone %q", name, zone)
			}
			back, err := time.ParseInLocation("at(2006-01-02T15:04:05)", expr, in)
			if err != nil || !back.Equal(at) {
				t.Fatalf("%s: %s written %q in %s reads back as %s (%v)", name, at, expr, zone, back, err)
			}
			if zone != name {
				fallbacks++
			}
		}
		// Only the repeated hour (half an hour at Lord Howe) of each autumn falls back.
		if name != "UTC" && name != "America/Phoenix" && name != "Asia/Kolkata" && (fallbacks == 0 || fallbacks > 8) {
			t.Errorf("%s: %d quarter hours written in UTC, want those of one repeated hour", name, fallbacks)
		}
		if (name == "America/Phoenix" || name == "Asia/Kolkata") && fallbacks != 0 {
			t.Errorf("%s: %d quarter hours written in UTC in a zone without DST", name, fallbacks)
		}
	}
}
