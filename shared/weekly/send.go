package weekly

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/message"
	"github.com/leadclock/leadclock/shared/roster"
)

// Mailer delivers a rendered report to a manager: local mode's outbox, or SES on
// AWS. The message id makes a report sent twice (a retried invocation, a restart in
// the minute it is due) recognisable.
type Mailer interface {
	SendReport(ctx context.Context, to roster.Rep, messageID string, r message.Rendered) error
}

// Send makes the report due at the instant and sends it to each recipient the config
// names. Two weeks without a lead make no report: there is nothing to act on, and a
// new setup stays quiet.
func Send(ctx context.Context, cfg *dealer.Config, store Reader, links message.Links, mail Mailer, at time.Time, log *slog.Logger) error {
	loc := cfg.Team.Location
	w, err := Compile(ctx, store, Week(at, cfg.Report.Weekday, loc), loc)
	if err != nil {
		return fmt.Errorf("make the weekly report: %w", err)
	}
	week := w.This.From.In(loc).Format(time.DateOnly)
	if w.Empty() {
		log.InfoContext(ctx, "weekly report skipped: no leads in either week", "week", week)
		return nil
	}
	renderer := Renderer{Config: cfg, Links: links}
	var errs []error
	for _, id := range cfg.Report.To {
		rep, ok := cfg.Team.Rep(id)
		if !ok {
			continue // the config was validated: every recipient is a rep
		}
		if err := mail.SendReport(ctx, rep, "weekly/"+week+"/"+id, renderer.Render(w, id)); err != nil {
			errs = append(errs, fmt.Errorf("weekly report to %s: %w", id, err))
			continue
		}
		log.InfoContext(ctx, "weekly report sent", "to", id, "week", week, "leads", w.This.Dealership.Leads,
			"stalled", len(w.This.Stalled), "closedEarly", len(w.This.ClosedEarly))
	}
	return errors.Join(errs...)
}
