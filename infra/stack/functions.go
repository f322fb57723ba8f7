package stack

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/leadclock/leadclock/shared/lambdaenv"
	"github.com/leadclock/leadclock/shared/scheduler"
)

// The functions the stack knows how to wire, by the name of their directory under
// functions/ (and under the build directory).
const (
	FnAPI      = "api"
	FnTimer    = "timer"
	FnDispatch = "dispatch"
	FnSweep    = "sweep"
	FnReport   = "report"
)

// Bootstrap is the executable scripts/build writes for each function, the handler of
// the provided.al2023 runtime.
const Bootstrap = "bootstrap"

// timerHandling is the time the timer function is given to handle a timer once its
// wait is over: read the lead, decide, commit, with the SDK's retries.
const timerHandling = time.Minute

// function says how one function runs: its size, its time limit and the environment
// variables it reads (shared/lambdaenv's Deps says which each needs).
type function struct {
	name        string
	description string
	required    bool
	memoryMB    int
	timeout     time.Duration
	env         []string
}

// functions are the functions the stack wires. The api function takes no base URL:
// its own URL would make it depend on the API that depends on it; it mints no links.
var functions = []function{
	{name: FnAPI, required: true, memoryMB: 512, timeout: 20 * time.Second,
		description: "HTTP API: leads from providers, reads and activities from integrations, the action page",
		env:         []string{lambdaenv.VarConfig, lambdaenv.VarTable, lambdaenv.VarAPIKeyIDs, lambdaenv.VarLinkSecret}},
	// The timer sleeps out up to scheduler.MaxWait before it fires, so its limit is
	// that wait and the handling after it.
	{name: FnTimer, required: true, memoryMB: 256, timeout: scheduler.MaxWait + timerHandling,
		description: "fires a lead's timer when EventBridge Scheduler delivers it",
		env:         []string{lambdaenv.VarConfig, lambdaenv.VarTable}},
	{name: FnDispatch, required: true, memoryMB: 256, timeout: 90 * time.Second,
		description: "runs the outbox effects of each commit: texts, emails, schedules",
		env: []string{lambdaenv.VarConfig, lambdaenv.VarTable, lambdaenv.VarScheduleGroup, lambdaenv.VarTimerARN,
			lambdaenv.VarSchedulerRole, lambdaenv.VarTimerDLQ, lambdaenv.VarBaseURL, lambdaenv.VarLinkSecret,
			lambdaenv.VarSender, lambdaenv.VarOrigination}},
	// Under the minute between two sweeps, so that two never overlap.
	{name: FnSweep, required: true, memoryMB: 256, timeout: 50 * time.Second,
		description: "every minute, fires the overdue timers whose schedule never did",
		env:         []string{lambdaenv.VarConfig, lambdaenv.VarTable}},
	// The report carries one-tap links to the leads it lists (shared/weekly), so it
	// signs them as nudges do.
	{name: FnReport, memoryMB: 512, timeout: 5 * time.Minute,
		description: "the weekly manager report",
		env: []string{lambdaenv.VarConfig, lambdaenv.VarTable, lambdaenv.VarBaseURL, lambdaenv.VarLinkSecret,
			lambdaenv.VarSender}},
}

// built returns the functions that have a bootstrap under buildDir, in the order of
// functions. A required function without one, or a bootstrap the stack has no wiring
// for, is an error: a stack without its API, or with a function nothing calls, is
// not one to deploy.
func built(buildDir string) ([]function, error) {
	entries, err := os.ReadDir(buildDir)
	if err != nil {
		return nil, fmt.Errorf("read the build directory (run scripts/build): %w", err)
	}
	var found []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		switch info, err := os.Stat(filepath.Join(buildDir, e.Name(), Bootstrap)); {
		case errors.Is(err, fs.ErrNotExist):
			continue // not a function: the staged config, say
		case err != nil:
			return nil, fmt.Errorf("read the build directory: %w", err)
		case info.IsDir():
			return nil, fmt.Errorf("%s is a directory, not an executable", filepath.Join(buildDir, e.Name(), Bootstrap))
		}
		found = append(found, e.Name())
	}
	var out, missing []string
	var fns []function
	for _, f := range functions {
		switch {
		case slices.Contains(found, f.name):
			fns = append(fns, f)
			out = append(out, f.name)
		case f.required:
			missing = append(missing, filepath.Join(buildDir, f.name, Bootstrap))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("missing %s: run scripts/build", strings.Join(missing, ", "))
	}
	for _, name := range found {
		if !slices.Contains(out, name) {
			return nil, fmt.Errorf("%s: the stack has no wiring for a function %q (add it to functions in infra/stack/functions.go)",
				filepath.Join(buildDir, name, Bootstrap), name)
		}
	}
	return fns, nil
}
