package memory_test

import (
	"strings"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/memory"
)

// TestScriptRunsInTimeOrder: steps run by their instant, in the order added at one
// instant, each with the clock showing it, and the clock ends at the end given.
func TestScriptRunsInTimeOrder(t *testing.T) {
	start := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	sb := memory.NewSandbox(engine.Settings{}, start)
	s := memory.NewScript(t, sb)
	var ran []string
	step := func(name string) func() {
		return func() { ran = append(ran, name+"@"+sb.Clock.Now().Format("15:04")) }
	}
	s.At(start.Add(2*time.Hour), step("c"))
	s.At(start.Add(time.Hour), step("a"))
	s.At(start.Add(time.Hour), step("b"))
	s.Run(start.Add(3 * time.Hour))
	if got := strings.Join(ran, " "); got != "a@10:00 b@10:00 c@11:00" {
		t.Errorf("ran %s", got)
	}
	if !sb.Clock.Now().Equal(start.Add(3 * time.Hour)) {
		t.Errorf("clock at %s, want the end", sb.Clock.Now())
	}
}
