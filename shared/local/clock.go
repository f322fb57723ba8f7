package local

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Clock is local mode's clock: real time, or real time sped up for demos and
// black-box tests (speed 60 makes the five-minute deadline pass in five seconds).
// Times it shows are clock times. Its anchor is kept in the data directory, so the
// clock never goes back across restarts, and time that passed while the process was
// down counts at the speed it was running at.
type Clock struct {
	real      func() time.Time
	realStart time.Time
	start     time.Time
	speed     float64
}

type anchor struct {
	Real  time.Time `json:"real"`
	Clock time.Time `json:"clock"`
	Speed float64   `json:"speed"`
}

// OpenClock returns a clock at the speed, continuing the one anchored in the file
// when there is one, and anchors the new one there.
func OpenClock(path string, speed float64, real func() time.Time) (*Clock, error) {
	if speed <= 0 {
		return nil, fmt.Errorf("clock speed %g: must be positive", speed)
	}
	now := real()
	c := &Clock{real: real, realStart: now, start: now, speed: speed}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("read clock anchor: %w", err)
	default:
		var a anchor
		if err := json.Unmarshal(data, &a); err != nil {
			return nil, fmt.Errorf("read clock anchor %s: %w", path, err)
		}
		c.start = a.Clock.Add(scale(now.Sub(a.Real), a.Speed))
		if c.start.Before(a.Clock) {
			c.start = a.Clock // the machine's clock went back: hold still rather than rewind
		}
	}
	out, err := json.Marshal(anchor{Real: now, Clock: c.start, Speed: speed})
	if err != nil {
		return nil, fmt.Errorf("encode clock anchor: %w", err)
	}
	if err := writeFileAtomic(path, out); err != nil {
		return nil, fmt.Errorf("write clock anchor: %w", err)
	}
	return c, nil
}

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	return c.start.Add(scale(c.real().Sub(c.realStart), c.speed))
}

// Speed is how many clock seconds pass per real second.
func (c *Clock) Speed() float64 { return c.speed }

// RealDuration is how long a clock duration takes in real time.
func (c *Clock) RealDuration(d time.Duration) time.Duration {
	return time.Duration(float64(d) / c.speed)
}

func scale(d time.Duration, speed float64) time.Duration {
	return time.Duration(float64(d) * speed)
}

func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
