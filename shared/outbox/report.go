package outbox

import (
	"context"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/message"
	"github.com/leadclock/leadclock/shared/roster"
)

// SendReport records an email rendered elsewhere (the weekly manager report, which is
// about a week of leads rather than a notice) as Send records a nudge: a line in
// outbox.jsonl, an .eml file and a line on the terminal, durable when it returns nil.
// A message id the log already holds is not written again, so a report retried after
// a crash goes out once.
func (n *Notifier) SendReport(ctx context.Context, to roster.Rep, messageID string, r message.Rendered) error {
	d := engine.Delivery{Rep: to, Message: lead.Message{ID: messageID, To: to.ID, Channel: lead.Email}}
	return n.send(ctx, []engine.Delivery{d}, func(engine.Delivery) message.Rendered { return r })
}
