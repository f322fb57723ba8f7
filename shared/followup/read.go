package followup

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
)

// Reader is what the records of a window are read from: the engine's store.
type Reader interface {
	Leads(ctx context.Context, f engine.Filter) ([]lead.Lead, error)
	Timeline(ctx context.Context, id string) ([]lead.Activity, error)
}

// ReceivedReader is a Reader that can list only the leads received in [from, to);
// Read uses it when the Reader has it, and otherwise reads every lead.
type ReceivedReader interface {
	LeadsReceived(ctx context.Context, from, to time.Time) ([]lead.Lead, error)
}

// Read returns the leads received in the window with their timelines, the records
// Measure takes. A lead gone between the listing and the reading of its timeline is
// left out.
func Read(ctx context.Context, r Reader, win Window) ([]Record, error) {
	var leads []lead.Lead
	var err error
	if rr, ok := r.(ReceivedReader); ok {
		leads, err = rr.LeadsReceived(ctx, win.From, win.To)
	} else {
		leads, err = r.Leads(ctx, engine.Filter{})
	}
	if err != nil {
		return nil, fmt.Errorf("list the leads received from %s to %s: %w", win.From.Format(time.RFC3339), win.To.Format(time.RFC3339), err)
	}
	records := make([]Record, 0, len(leads))
	for _, l := range leads {
		if !win.Contains(l.ReceivedAt) {
			continue
		}
		tl, err := r.Timeline(ctx, l.ID)
		switch {
		case errors.Is(err, engine.ErrNotFound):
			continue
		case err != nil:
			return nil, fmt.Errorf("read the timeline of lead %s: %w", l.ID, err)
		}
		records = append(records, Record{Lead: l, Timeline: tl})
	}
	return records, nil
}
