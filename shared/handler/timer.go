package handler

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/scheduler"
)

// TimerFirer fires a timer; the engine does, and ignores stale and duplicate ones.
type TimerFirer interface {
	FireTimer(ctx context.Context, t lead.Timer) error
}

// Timer handles what EventBridge Scheduler delivers: a timer's payload, up to a
// minute before its deadline, at least once.
type Timer struct {
	Engine TimerFirer
	Clock  engine.Clock
	Sleep  scheduler.Sleep
	Log    *slog.Logger
}

// Handle waits for the payload's deadline and fires its timer. Duplicates and late
// deliveries are harmless: the engine re-checks the lead's state and the timer's
// sequence. An error makes Lambda retry the invocation, then hand it to the
// dead-letter destination.
func (h *Timer) Handle(ctx context.Context, raw json.RawMessage) error {
	p, err := scheduler.Decode(raw)
	if err != nil {
		h.Log.ErrorContext(ctx, "timer payload unreadable", "error", err.Error(), "bytes", len(raw))
		return err
	}
	if err := scheduler.Wait(ctx, h.Clock, h.Sleep, p); err != nil {
		h.Log.WarnContext(ctx, "timer not fired", "lead", p.LeadID, "inbox", p.Inbox, "kind", p.Kind, "seq", p.Seq, "error", err.Error())
		return err
	}
	late := h.Clock.Now().Sub(p.At)
	if err := h.Engine.FireTimer(ctx, p.Timer()); err != nil {
		return fmt.Errorf("fire %s timer %d of %s%s: %w", p.Kind, p.Seq, p.LeadID, p.Inbox, err)
	}
	attrs := []any{"lead", p.LeadID, "inbox", p.Inbox, "kind", p.Kind, "seq", p.Seq}
	if !p.At.IsZero() {
		attrs = append(attrs, "lateMs", late.Milliseconds())
	}
	h.Log.InfoContext(ctx, "timer fired", attrs...)
	return nil
}
