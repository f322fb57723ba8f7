package handler_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/handler"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/memory"
	"github.com/leadclock/leadclock/shared/scheduler"
)

// firer records the timers fired and when.
type firer struct {
	clock *memory.Clock
	fired []string
	err   error
}

func (f *firer) FireTimer(_ context.Context, t lead.Timer) error {
	f.fired = append(f.fired, t.LeadID+"/"+string(t.Kind)+"@"+f.clock.Now().Format("15:04:05"))
	return f.err
}

// sleepOn moves the clock instead of sleeping.
func sleepOn(clock *memory.Clock) scheduler.Sleep {
	return func(ctx context.Context, d time.Duration) error {
		clock.Set(clock.Now().Add(d))
		return ctx.Err()
	}
}

func TestTimer(t *testing.T) {
	deadline := time.Date(2026, 11, 24, 16, 5, 0, 0, time.UTC)
	payload := func(at time.Time) string {
		b, _ := json.Marshal(scheduler.PayloadOf(lead.Timer{LeadID: "L1", Kind: lead.TimerDeadline, Seq: 1, At: at}))
		return string(b)
	}
	tests := []struct {
		name      string
		arrives   time.Time
		payload   string
		fireErr   error
		wantFired []string
		wantErr   string
		wantLog   string
	}{
		{"a minute early: waits for the deadline", deadline.Add(-55 * time.Second), payload(deadline), nil, []string{"L1/deadline@16:05:00"}, "", `"lateMs":0`},
		{"late: fires at once", deadline.Add(40 * time.Second), payload(deadline), nil, []string{"L1/deadline@16:05:40"}, "", `"lateMs":40000`},
		{"an older payload without its deadline fires at once", deadline.Add(-30 * time.Second), `{"leadId":"L1","kind":"deadline","seq":1}`, nil, []string{"L1/deadline@16:04:30"}, "", `"timer fired"`},
		{"far too early: fails to be retried", deadline.Add(-10 * time.Minute), payload(deadline), nil, nil, "too early", `"timer not fired"`},
		{"unreadable: fails", deadline, `{"kind":"deadline"}`, nil, nil, "want exactly one of leadId and inbox", `"timer payload unreadable"`},
		{"the engine fails: the invocation fails", deadline, payload(deadline), errors.New("throttled"), []string{"L1/deadline@16:05:00"}, "throttled", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := memory.NewClock(tt.arrives)
			f := &firer{clock: clock, err: tt.fireErr}
			var logs bytes.Buffer
			h := &handler.Timer{Engine: f, Clock: clock, Sleep: sleepOn(clock), Log: slog.New(slog.NewJSONHandler(&logs, nil))}
			err := h.Handle(context.Background(), json.RawMessage(tt.payload))
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			}
			if strings.Join(f.fired, ",") != strings.Join(tt.wantFired, ",") {
				t.Errorf("fired %v, want %v", f.fired, tt.wantFired)
			}
			if !strings.Contains(logs.String(), tt.wantLog) {
				t.Errorf("log %s, want %s", logs.String(), tt.wantLog)
			}
		})
	}
}

// sweeper records the grace it was given.
type sweeper struct {
	grace time.Duration
	n     int
	err   error
}

func (s *sweeper) SweepOverdue(_ context.Context, grace time.Duration) (int, error) {
	s.grace = grace
	return s.n, s.err
}

func TestSweep(t *testing.T) {
	tests := []struct {
		name    string
		n       int
		err     error
		wantLog bool
	}{
		{"nothing overdue", 0, nil, false},
		{"two overdue timers fired", 2, nil, true},
		{"a failure after one", 1, errors.New("throttled"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &sweeper{n: tt.n, err: tt.err}
			var logs bytes.Buffer
			err := (&handler.Sweep{Engine: s, Grace: handler.DefaultGrace, Log: slog.New(slog.NewJSONHandler(&logs, nil))}).Handle(context.Background())
			if !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
				t.Errorf("error %v, want %v", err, tt.err)
			}
			if s.grace != handler.DefaultGrace {
				t.Errorf("grace %s, want %s", s.grace, handler.DefaultGrace)
			}
			if got := strings.Contains(logs.String(), "swept overdue timers"); got != tt.wantLog {
				t.Errorf("logged %q, want a warning: %v", logs.String(), tt.wantLog)
			}
		})
	}
}
