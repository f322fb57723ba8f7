package handler

import (
	"context"
	"log/slog"

	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/message"
	"github.com/leadclock/leadclock/shared/weekly"
)

// Report handles the weekly report's recurring schedule, which fires at the time the
// config's report section says in the dealership's time zone: the week just ended is
// measured and emailed to the managers.
type Report struct {
	Config *dealer.Config
	Store  weekly.Reader
	Clock  engine.Clock
	Links  message.Links
	Mail   weekly.Mailer
	Log    *slog.Logger
}

// Handle sends the report for the week ending now. The event carries nothing needed.
func (h *Report) Handle(ctx context.Context) error {
	return weekly.Send(ctx, h.Config, h.Store, h.Links, h.Mail, h.Clock.Now(), h.Log)
}
