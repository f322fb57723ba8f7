package local

import (
	"context"
	"log/slog"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
)

// Dispatcher runs committed effects as soon as a command pokes it, and retries the
// ones that failed with a growing pause. It is the only goroutine that drains, so a
// lead's effects run in commit order.
type Dispatcher struct {
	runner *engine.Runner
	log    *slog.Logger
	poke   chan struct{}
}

// NewDispatcher returns a dispatcher over the runner.
func NewDispatcher(r *engine.Runner, log *slog.Logger) *Dispatcher {
	return &Dispatcher{runner: r, log: log, poke: make(chan struct{}, 1)}
}

// Poke asks for a drain; it never blocks.
func (d *Dispatcher) Poke() {
	select {
	case d.poke <- struct{}{}:
	default:
	}
}

// Retry bounds: a failed effect is tried again after minRetry, doubling up to maxRetry.
const (
	minRetry = 250 * time.Millisecond
	maxRetry = 30 * time.Second
)

// Run drains until the context ends. Effects committed before a crash are pending in
// the store and run on the first drain, at start.
func (d *Dispatcher) Run(ctx context.Context) {
	backoff := time.Duration(0)
	for {
		ran, err := d.runner.Drain(ctx)
		var retry <-chan time.Time
		if err != nil && ctx.Err() == nil {
			backoff = min(max(2*backoff, minRetry), maxRetry)
			d.log.Warn("effects failed; retrying", "ran", ran, "retryIn", backoff.String(), "err", err)
			retry = time.After(backoff)
		} else {
			backoff = 0
		}
		select {
		case <-ctx.Done():
			return
		case <-d.poke:
		case <-retry:
		}
	}
}
