package engine

import (
	"context"
	"errors"
	"fmt"

	"github.com/leadclock/leadclock/shared/lead"
)

// undelivered records a message the notifier will never deliver on the timeline of
// every lead it was about, and reports success: retrying would fail the same way
// forever and hold back the lead's later effects. The lead's deadline still moves it
// on, so the customer is not lost with the message.
func (e *Engine) undelivered(ctx context.Context, m lead.Message, cause error) error {
	seen := map[string]bool{}
	var errs []error
	for _, n := range m.Notices {
		if n.LeadID == "" || seen[n.LeadID] {
			continue
		}
		seen[n.LeadID] = true
		ev := lead.Undelivered{Rep: m.To, Channel: m.Channel, Reason: cause.Error()}
		if _, err := e.update(ctx, n.LeadID, ev); err != nil && !errors.Is(err, ErrNotFound) {
			errs = append(errs, fmt.Errorf("record undelivered message %s on lead %s: %w", m.ID, n.LeadID, err))
		}
	}
	return errors.Join(errs...)
}
