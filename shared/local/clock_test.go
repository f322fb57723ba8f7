package local

import (
	"path/filepath"
	"testing"
	"time"
)

// fakeReal is the machine's clock, moved by the test.
type fakeReal struct{ now time.Time }

func (f *fakeReal) Now() time.Time { return f.now }

func TestClockContinuesAcrossRestarts(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 16, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		// The first run's speed and how long it runs, how long the process is then
		// down, and the second run's speed.
		speed1    float64
		ran, down time.Duration
		speed2    float64
		// clock shown right after the restart
		want time.Time
	}{
		{"real time stays real time", 1, time.Minute, time.Hour, 1, t0.Add(time.Minute + time.Hour)},
		{"sped-up time keeps its lead", 60, 10 * time.Second, 0, 1, t0.Add(10 * time.Minute)},
		{"downtime counts at the speed it was running at", 60, 10 * time.Second, 5 * time.Second, 60, t0.Add(15 * time.Minute)},
		{"a machine clock that went back does not rewind", 1, time.Minute, -time.Hour, 1, t0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "clock.json")
			real := &fakeReal{now: t0}
			c, err := OpenClock(path, tt.speed1, real.Now)
			if err != nil {
				t.Fatal(err)
			}
			real.now = real.now.Add(tt.ran)
			if got, want := c.Now(), t0.Add(time.Duration(float64(tt.ran)*tt.speed1)); !got.Equal(want) {
				t.Fatalf("while running: %v, want %v", got, want)
			}
			real.now = real.now.Add(tt.down)
			c2, err := OpenClock(path, tt.speed2, real.Now)
			if err != nil {
				t.Fatal(err)
			}
			if got := c2.Now(); !got.Equal(tt.want) {
				t.Fatalf("after restart: %v, want %v", got, tt.want)
			}
			if d := c2.RealDuration(time.Minute); d != time.Duration(float64(time.Minute)/tt.speed2) {
				t.Fatalf("a clock minute takes %v in real time at speed %g", d, tt.speed2)
			}
		})
	}
}

func TestClockRefusesNonPositiveSpeeds(t *testing.T) {
	for _, speed := range []float64{0, -1} {
		if _, err := OpenClock(filepath.Join(t.TempDir(), "clock.json"), speed, time.Now); err == nil {
			t.Errorf("speed %g accepted", speed)
		}
	}
}
