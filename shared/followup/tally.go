package followup

import (
	"time"

	"github.com/leadclock/leadclock/shared/lead"
)

// Limits the shares are counted against, besides each lead's own SLA.
const (
	quarterHour = 15 * time.Minute
	hour        = time.Hour
	// SecondContactWithin is how soon after the first contact a second attempt counts
	// as prompt.
	SecondContactWithin = 48 * time.Hour
	// FewAttempts is the number of contact attempts below which a closed lead is
	// closed early.
	FewAttempts = 3
)

// tally gathers one group's figures lead by lead.
type tally struct {
	leads, merged, excluded int
	elapsed, business       responses
	second                  seconds
	queueWaits              sample
	queued                  int
	stalled, closedEarly    int
	reroutes, escalations   int
	attempts, first         Evidence
}

// responses gathers first-contact times counted from one start.
type responses struct {
	leads, contacted, awaiting     int
	withinSLA, within15m, within1h int
	times                          sample
}

// seconds gathers second attempts.
type seconds struct {
	contacted, due, within, none int
	gaps                         sample
}

// add counts a measured lead's first contact, or its absence, from start.
func (r *responses) add(f *facts, start time.Time) {
	r.leads++
	if f.first.IsZero() {
		if !f.closed {
			r.awaiting++
		}
		return
	}
	d := max(f.first.Sub(start), 0)
	r.contacted++
	r.times = append(r.times, d.Seconds())
	if d <= f.firstContactWithin {
		r.withinSLA++
	}
	if d <= quarterHour {
		r.within15m++
	}
	if d <= hour {
		r.within1h++
	}
}

func (r *responses) figures() Response {
	times := r.times.sorted()
	return Response{
		Leads:         r.leads,
		Contacted:     r.contacted,
		Awaiting:      r.awaiting,
		MedianSeconds: percentile(times, 0.5),
		P90Seconds:    percentile(times, 0.9),
		MeanSeconds:   mean(times),
		WithinSLA:     share(r.withinSLA, r.leads),
		Within15m:     share(r.within15m, r.leads),
		Within1h:      share(r.within1h, r.leads),
		Never:         share(r.leads-r.contacted, r.leads),
	}
}

// add counts a contacted lead's second attempt, or its absence, as of now.
func (s *seconds) add(f *facts, now time.Time) {
	s.contacted++
	due := f.first.Add(SecondContactWithin)
	switch {
	case !f.second.IsZero():
		s.due++
		gap := f.second.Sub(f.first)
		s.gaps = append(s.gaps, gap.Seconds())
		if gap <= SecondContactWithin {
			s.within++
		}
	case (!f.closed || f.closedAt.After(due)) && !now.Before(due):
		s.due++
		s.none++
	}
}

func (s *seconds) figures() SecondContact {
	return SecondContact{
		Contacted:        s.contacted,
		Due:              s.due,
		Within48h:        share(s.within, s.due),
		MedianGapSeconds: percentile(s.gaps.sorted(), 0.5),
		NoSecondAttempt:  s.none,
	}
}

func (t *tally) figures() Figures {
	waits := t.queueWaits.sorted()
	var longest *float64
	if len(waits) > 0 {
		v := waits[len(waits)-1]
		longest = &v
	}
	return Figures{
		Leads:                t.leads,
		Merged:               t.merged,
		Excluded:             t.excluded,
		FirstContact:         t.elapsed.figures(),
		BusinessFirstContact: t.business.figures(),
		SecondContact:        t.second.figures(),
		Queued:               Queue{Leads: t.queued, MedianWaitSeconds: percentile(waits, 0.5), MaxWaitSeconds: longest},
		Stalled:              t.stalled,
		ClosedEarly:          t.closedEarly,
		Reroutes:             t.reroutes,
		Escalations:          t.escalations,
		Attempts:             t.attempts,
		FirstContacts:        t.first,
	}
}

// count adds one attempt of the evidence.
func (e *Evidence) count(ev lead.Evidence) {
	switch ev {
	case lead.SelfReported:
		e.SelfReported++
	case lead.Integration:
		e.Integration++
	case lead.Sent:
		e.Sent++
	}
}
