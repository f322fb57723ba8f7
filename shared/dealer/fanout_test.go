package dealer

import (
	"fmt"
	"strings"
	"testing"

	"github.com/leadclock/leadclock/shared/phone"
)

// teamOf returns the demo config with n more reps of the role, for tests of large
// teams; the numbers are fictional (+1 312 555 0120 onwards).
func teamOf(t *testing.T, n int, role string) string {
	t.Helper()
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "  - {id: %s%d, name: Rep %d, phone: \"+1312555%04d\", email: %s%d@example.com, role: %s, shifts: {mon-sun: \"00:00-24:00\"}}\n",
			role, i, i, 120+i, role, i, role)
	}
	text := demo(t)
	const at = "\n# Covers the hours no shift covers"
	if !strings.Contains(text, at) {
		t.Fatalf("the demo config no longer contains %q", at)
	}
	return strings.Replace(text, at, "\n"+b.String()+at, 1)
}

func TestLargestNotificationFitsOneChange(t *testing.T) {
	const offerAll = "  - {action: offer-all, after: 5m}"
	tests := []struct {
		name      string
		extra     int
		role      string
		old, new  string
		want      string
		maxPeople int
	}{
		// The demo has five reps who take leads and one manager, and reroutes twice
		// (reroute, offer-all), then pages the managers.
		{"offer-all to thirty people", 24, "sales", "", "", "", 30},
		{"offer-all to thirty-one", 25, "sales", "", "", "escalation[1].action: offer-all: 30 reps and 1 managers could be urged about one lead", 30},
		{"thirty-one without offer-all", 25, "sales", offerAll, "  - {action: reroute, after: 5m}", "", 30},
		{"texts only: forty-five", 39, "sales", "email: true, ", "email: false, ", "", 45},
		{"texts only: forty-six", 40, "sales", "email: true, ", "email: false, ", "one change notifies at most 45 (with these channels)", 45},
		{"offer-all with twenty-five managers", 24, "manager", "", "", "", 30},
		{"offer-all with twenty-six managers", 25, "manager", "", "", "offer-all: 5 reps and 26 managers", 30},
		{"three owners and twenty-seven managers", 26, "manager", offerAll, "  - {action: reroute, after: 5m}", "", 30},
		{"three owners and twenty-eight managers", 27, "manager", offerAll, "  - {action: reroute, after: 5m}", "reps: 28 managers and 3 owners could be urged about one lead", 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := teamOf(t, tt.extra, tt.role)
			if tt.old != "" {
				if !strings.Contains(text, tt.old) {
					t.Fatalf("the demo config no longer contains %q", tt.old)
				}
				text = strings.Replace(text, tt.old, tt.new, 1)
			}
			cfg, err := Parse("demo.yaml", []byte(text), phone.Numbers)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if got := cfg.Notifications.MaxNotified(); got != tt.maxPeople {
					t.Errorf("MaxNotified %d, want %d", got, tt.maxPeople)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}
