package memory

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
)

// Notifier records the messages it is given.
type Notifier struct {
	clock engine.Clock
	mu    sync.Mutex
	sent  []Delivery
}

// Delivery is a message as it reached a rep.
type Delivery struct {
	At time.Time
	engine.Delivery
}

var _ engine.Notifier = (*Notifier)(nil)

// NewNotifier returns a notifier stamping deliveries with the clock's time.
func NewNotifier(clock engine.Clock) *Notifier {
	return &Notifier{clock: clock}
}

// Send records the message.
func (n *Notifier) Send(_ context.Context, d engine.Delivery) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.sent = append(n.sent, Delivery{At: n.clock.Now(), Delivery: d})
	return nil
}

// Sent returns the deliveries so far, in order.
func (n *Notifier) Sent() []Delivery {
	n.mu.Lock()
	defer n.mu.Unlock()
	return slices.Clone(n.sent)
}
