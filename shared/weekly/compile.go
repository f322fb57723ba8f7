package weekly

import (
	"context"
	"time"

	"github.com/leadclock/leadclock/shared/followup"
	"github.com/leadclock/leadclock/shared/lead"
)

// Reader reads leads and their timelines: an engine store.
type Reader = followup.Reader

// ReceivedReader is a Reader that can list only the leads received in [from, to).
type ReceivedReader = followup.ReceivedReader

// Weeks is what a report is made of: the figures of this week and last week, and the
// leads that this week's lists name, by id, for their customers and vehicles.
type Weeks struct {
	This, Last followup.Report
	Leads      map[string]lead.Lead
}

// Empty reports whether neither week had a lead: a report of nothing but dashes.
func (w Weeks) Empty() bool {
	return w.This.Dealership.Leads == 0 && w.Last.Dealership.Leads == 0
}

// Compile measures this period and the one before it (see Period.Before) from the
// leads in the reader.
func Compile(ctx context.Context, r Reader, this Period, loc *time.Location) (Weeks, error) {
	last := this.Before(loc)
	records, err := read(ctx, r, followup.Window{From: last.Window.From, To: this.Window.To})
	if err != nil {
		return Weeks{}, err
	}
	w := Weeks{
		This:  followup.Measure(records, this.Window, this.AsOf),
		Last:  followup.Measure(records, last.Window, last.AsOf),
		Leads: map[string]lead.Lead{},
	}
	listed := map[string]bool{}
	for _, s := range w.This.Stalled {
		listed[s.ID] = true
	}
	for _, c := range w.This.ClosedEarly {
		listed[c.ID] = true
	}
	for _, rec := range records {
		if listed[rec.Lead.ID] {
			w.Leads[rec.Lead.ID] = rec.Lead
		}
	}
	return w, nil
}

// read returns the leads received in the window with their timelines.
func read(ctx context.Context, r Reader, win followup.Window) ([]followup.Record, error) {
	return followup.Read(ctx, r, win)
}
