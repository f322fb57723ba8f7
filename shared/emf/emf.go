// Package emf reports the follow-up figures of each lead as CloudWatch Embedded
// Metric Format log lines: a Lambda function writes them to its log, CloudWatch turns
// them into metrics, and the dashboard graphs them beside the system's health. No API
// call is made on the hot path, and the lines carry lead ids and rep ids only, never a
// customer's details.
package emf

import (
	"context"
	"encoding/json"
	"io"
	"sync"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
)

// Namespace is the CloudWatch namespace of every metric; the stack's dashboard reads
// the same names.
const Namespace = "LeadClock"

// Metric names.
const (
	LeadsReceived        = "LeadsReceived"
	Queued               = "LeadsQueued"
	FirstContactSeconds  = "FirstContactSeconds"  // from receipt to the first attempt
	BusinessFirstContact = "BusinessFirstContact" // from when the clock started (a shift opening for a queued lead)
	Reroutes             = "Reroutes"
	Escalations          = "Escalations"
	Stalled              = "LeadsStalled"
	ClosedEarly          = "ClosedWithFewerThan3Attempts"
	Undelivered          = "NudgesUndelivered"
)

// Dimension names.
const (
	DimDealership = "Dealership"
	DimProvider   = "Provider"
	DimRep        = "Rep"
	DimEvidence   = "Evidence"
)

// Observer writes a metric line for each figure in the lead changes the engine
// commits. It is an engine.Observer and safe for concurrent use.
type Observer struct {
	mu         sync.Mutex
	w          io.Writer
	dealership string
}

var _ engine.Observer = (*Observer)(nil)

// New returns an observer writing to w (a Lambda function's standard output) for a
// dealership.
func New(w io.Writer, dealership string) *Observer {
	return &Observer{w: w, dealership: dealership}
}

// Committed writes the figures the changes' timeline entries carry.
func (o *Observer) Committed(_ context.Context, changes []engine.Change) {
	for _, c := range changes {
		l := c.Lead
		for _, a := range c.Activities {
			switch a.Type {
			case lead.TypeReceived:
				o.write(a, l, LeadsReceived, "Count", 1, DimProvider, l.Source.Provider)
			case lead.TypeQueued:
				o.write(a, l, Queued, "Count", 1, DimProvider, l.Source.Provider)
			case lead.TypeContact:
				// The change that holds the first attempt leaves the lead at one.
				if l.Attempts == 1 && l.FirstContactAt.Equal(a.At) {
					o.write(a, l, FirstContactSeconds, "Seconds", a.At.Sub(l.ReceivedAt).Seconds(), DimEvidence, string(a.Evidence))
					if !l.ClockStartedAt.IsZero() {
						o.write(a, l, BusinessFirstContact, "Seconds", max(0, a.At.Sub(l.ClockStartedAt).Seconds()), DimEvidence, string(a.Evidence))
					}
				}
			case lead.TypeRerouted:
				o.write(a, l, Reroutes, "Count", 1, DimRep, a.From)
			case lead.TypeEscalated:
				o.write(a, l, Escalations, "Count", 1, DimRep, l.Owner)
			case lead.TypeStalled:
				o.write(a, l, Stalled, "Count", 1, DimRep, l.Owner)
			case lead.TypeClosed:
				if a.Attempts < 3 {
					o.write(a, l, ClosedEarly, "Count", 1, DimRep, a.Actor)
				}
			case lead.TypeUndelivered:
				o.write(a, l, Undelivered, "Count", 1, DimRep, a.Rep)
			}
		}
	}
}

// write writes one metric, by dealership and by dealership and one other dimension
// (left out when its value is empty).
func (o *Observer) write(a lead.Activity, l lead.Lead, name, unit string, value float64, dim, dimValue string) {
	dims := [][]string{{DimDealership}}
	line := map[string]any{
		DimDealership: o.dealership,
		name:          value,
		"leadId":      l.ID,
	}
	if dimValue != "" {
		dims = append(dims, []string{DimDealership, dim})
		line[dim] = dimValue
	}
	line["_aws"] = map[string]any{
		"Timestamp": a.At.UnixMilli(),
		"CloudWatchMetrics": []any{map[string]any{
			"Namespace":  Namespace,
			"Dimensions": dims,
			"Metrics":    []any{map[string]any{"Name": name, "Unit": unit}},
		}},
	}
	b, err := json.Marshal(line)
	if err != nil {
		return // a map of strings and numbers always marshals
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	_, _ = o.w.Write(append(b, '\n'))
}
