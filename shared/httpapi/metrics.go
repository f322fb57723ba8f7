package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/leadclock/leadclock/shared/followup"
)

// Metrics windows. A week is what a manager reviews; a quarter bounds what one request
// reads, since every lead of the window and its timeline is read to answer it.
const (
	DefaultMetricsWindow = 7 * 24 * time.Hour
	MaxMetricsWindow     = 92 * 24 * time.Hour
)

// ReceivedReader is a Reader that can list only the leads received in [from, to).
type ReceivedReader = followup.ReceivedReader

// metricsExample shows the expected time format in problems.
const metricsExample = "2026-11-02T00:00:00-06:00"

// getMetrics answers with the follow-up figures of the leads received in the window, as
// of now.
func (s *Server) getMetrics(w http.ResponseWriter, r *http.Request, _ Principal) {
	now := s.Clock.Now()
	win, prob := metricsWindow(r.URL.Query(), now)
	if prob != nil {
		writeProblem(w, prob)
		return
	}
	records, err := s.received(r.Context(), win)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, followup.Measure(records, win, now))
}

// metricsWindow reads from and to: to defaults to now, from to DefaultMetricsWindow
// before to.
func metricsWindow(v url.Values, now time.Time) (followup.Window, *Problem) {
	win := followup.Window{To: now}
	for _, p := range []struct {
		name string
		t    *time.Time
	}{{"to", &win.To}, {"from", &win.From}} {
		raw := v.Get(p.name)
		if raw == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, raw)
		if err != nil {
			detail := fmt.Sprintf("%s %q is not a time in RFC 3339 format, like %s", p.name, raw, metricsExample)
			if strings.Contains(raw, " ") {
				// A "+" in a query string arrives as a space.
				detail += "; send a + in the offset as %2B"
			}
			return win, problem(http.StatusBadRequest, detail)
		}
		*p.t = t
	}
	if v.Get("from") == "" {
		win.From = win.To.Add(-DefaultMetricsWindow)
	}
	switch width := win.To.Sub(win.From); {
	case width <= 0:
		return win, problem(http.StatusBadRequest, fmt.Sprintf("from %s is not before to %s; the window is [from, to), and to defaults to now",
			win.From.Format(time.RFC3339Nano), win.To.Format(time.RFC3339Nano)))
	case width > MaxMetricsWindow:
		return win, problem(http.StatusBadRequest, fmt.Sprintf("the window from %s to %s is longer than %d days; ask for a shorter one",
			win.From.Format(time.RFC3339), win.To.Format(time.RFC3339), MaxMetricsWindow/(24*time.Hour)))
	}
	return win, nil
}

// received reads the leads received in the window with their timelines.
func (s *Server) received(ctx context.Context, win followup.Window) ([]followup.Record, error) {
	return followup.Read(ctx, s.Reader, win)
}
