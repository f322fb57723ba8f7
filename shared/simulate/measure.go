package simulate

import (
	"math"
	"time"

	"github.com/leadclock/leadclock/shared/followup"
	"github.com/leadclock/leadclock/shared/lead"
)

// World is one world's outcome. The follow-up figures are followup.Measure's, over
// the leads received in the simulated days, as of the end of the tail; the rest is
// what only a simulation can count (every message a rep got) or a breakdown of them.
type World struct {
	Name        string           `json:"name"`
	Description string           `json:"description"`
	Intake      Intake           `json:"intake"`
	Summary     Summary          `json:"summary"`
	Figures     followup.Figures `json:"figures"`
	// FirstContactWithin is the share of the leads measured first contacted within
	// each limit, from receipt.
	FirstContactWithin []Within      `json:"firstContactWithin"`
	Leads              LeadOutcomes  `json:"leads"`
	Nudges             Nudges        `json:"nudges"`
	ByHourOfWeek       HourOfWeek    `json:"byHourOfWeek"`
	Reps               []Rep         `json:"reps"`
	Providers          []ProviderRow `json:"providers"`
}

// Summary is a world's outcome in the figures a decision turns on; the headline and
// the sweep tabulate them.
type Summary struct {
	Leads               int      `json:"leads"`
	MedianSeconds       *float64 `json:"medianSeconds"`
	P90Seconds          *float64 `json:"p90Seconds"`
	WithinSLA           *float64 `json:"withinSla"`
	Within15m           *float64 `json:"within15m"`
	Within1h            *float64 `json:"within1h"`
	Never               *float64 `json:"never"`
	SecondWithin48h     *float64 `json:"secondContactWithin48h"`
	Stalled             int      `json:"stalled"`
	ReroutesPerLead     float64  `json:"reroutesPerLead"`
	EscalationsPerLead  float64  `json:"escalationsPerLead"`
	ReachedManagers     *float64 `json:"reachedManagers"`
	NudgesPerRepPerDay  float64  `json:"nudgesPerRepPerDay"`
	BusiestRepHour      int      `json:"busiestRepHour"`
	QueuedMedianSeconds *float64 `json:"queuedMedianWaitSeconds"`
}

// Within is the share first contacted within a limit.
type Within struct {
	Limit Duration `json:"limit"`
	Share *float64 `json:"share"`
}

// LeadOutcomes counts what happened to the leads measured, beyond the follow-up
// figures.
type LeadOutcomes struct {
	// ReachedManagers counts the leads on which the managers were paged (a
	// notify-managers step ran).
	ReachedManagers int `json:"reachedManagers"`
	// Offered counts the leads offered to every rep on duty.
	Offered int `json:"offered"`
	// Reassigned counts the leads moved because their owner said they were with a
	// customer.
	Reassigned int `json:"reassigned"`
	// Exhausted counts the leads whose escalation chain ran out before anyone made
	// contact: they stayed with their last owner, still waiting.
	Exhausted int `json:"exhausted"`
}

// Nudges is the messages reps got during the simulated days (SMS and email each
// count; a bundle is one message).
type Nudges struct {
	Messages int `json:"messages"`
	Notices  int `json:"notices"`
	SMS      int `json:"sms"`
	Email    int `json:"email"`
	// PerRepPerDay is messages over every person on the team and every day.
	PerRepPerDay float64 `json:"perRepPerDay"`
	// MaxRepDay is the most messages one person got in one day.
	MaxRepDay RepCount `json:"maxRepDay"`
	// BusiestRepHour is the most messages one person got in one clock hour.
	BusiestRepHour RepCount `json:"busiestRepHour"`
	// WithCustomer, OnBreak, OffShift and Asleep count the messages that reached reps
	// in that state.
	WithCustomer int `json:"withCustomer"`
	OnBreak      int `json:"onBreak"`
	OffShift     int `json:"offShift"`
	Asleep       int `json:"asleep"`
	// BusyTaps counts the times reps said "I'm with a customer".
	BusyTaps int `json:"busyTaps"`
	// ByKind counts the notices the messages carried by what they were about.
	ByKind []KindCount `json:"byKind"`
}

// KindCount is how many notices of a kind reps got, and how many of them reached a
// rep who was asleep.
type KindCount struct {
	Kind    lead.NoticeKind `json:"kind"`
	Notices int             `json:"notices"`
	Asleep  int             `json:"asleep"`
}

// noticeKinds is the order kinds are listed in: those that urge first.
var noticeKinds = []lead.NoticeKind{lead.NoticeNewLead, lead.NoticeWarning, lead.NoticeOffer, lead.NoticeEscalation,
	lead.NoticeRerouted, lead.NoticeClaimed, lead.NoticeContacted, lead.NoticeReturning,
	lead.NoticeSecondContact, lead.NoticeFollowUp, lead.NoticeStalled}

// RepCount is a count for one rep over one stretch of time (local).
type RepCount struct {
	Rep      string `json:"rep,omitempty"`
	At       string `json:"at,omitempty"`
	Messages int    `json:"messages"`
}

// HourOfWeek is first contact by the hour of the week the lead arrived, Monday
// 00:00 first (168 hours, dealership time).
type HourOfWeek struct {
	Leads         []int      `json:"leads"`
	WithinSLA     []*float64 `json:"withinSla"`
	MedianSeconds []*float64 `json:"medianSeconds"`
}

// Rep is one person's figures: the messages they got and the follow-up figures
// followup.Measure credits them with.
type Rep struct {
	ID      string           `json:"id"`
	Name    string           `json:"name"`
	Role    string           `json:"role"`
	Nudges  RepNudges        `json:"nudges"`
	Figures followup.Figures `json:"figures"`
}

// RepNudges is the messages one person got.
type RepNudges struct {
	Messages     int     `json:"messages"`
	Urging       int     `json:"urging"`
	PerDay       float64 `json:"perDay"`
	MaxDay       int     `json:"maxDay"`
	BusiestHour  int     `json:"busiestHour"`
	WithCustomer int     `json:"withCustomer"`
	Asleep       int     `json:"asleep"`
	BusyTaps     int     `json:"busyTaps"`
}

// ProviderRow is one provider's first-contact figures.
type ProviderRow struct {
	ID        string   `json:"id"`
	Leads     int      `json:"leads"`
	Merged    int      `json:"merged"`
	WithinSLA *float64 `json:"withinSla"`
	Median    *float64 `json:"medianSeconds"`
}

// limits are the first-contact limits of the distribution.
var limits = []time.Duration{time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute,
	30 * time.Minute, time.Hour, 2 * time.Hour, 4 * time.Hour, 8 * time.Hour, 24 * time.Hour, 72 * time.Hour}

// outcome measures a world once it has run.
func (w *world) outcome() (World, error) {
	records := make([]followup.Record, 0, len(w.store.ids))
	for _, id := range w.store.ids {
		l, err := w.store.Lead(w.ctx, id)
		if err != nil {
			return World{}, err
		}
		tl, err := w.store.Timeline(w.ctx, id)
		if err != nil {
			return World{}, err
		}
		records = append(records, followup.Record{Lead: l, Timeline: tl})
	}
	window := followup.Window{From: w.p.start, To: w.p.end}
	asOf := w.p.stop
	r := followup.Measure(records, window, asOf)
	out := World{Intake: w.intake, Figures: r.Dealership}
	if w.kind == withLeadClock {
		out.Name, out.Description = "LeadClock", "The dealership's config as written: nudges, warnings, the escalation chain, on-call."
	} else {
		out.Name, out.Description = "CRM only", "The same team and leads without LeadClock: no nudges, no reroutes or escalation, no on-call; reps look at the CRM every so often on shift, and leads that come after hours wait for the morning."
	}

	// The leads followup measures: received in the window, and not closed away as a
	// duplicate or junk before any attempt.
	var measured []*followup.Record
	for i := range records {
		rec := &records[i]
		if !window.Contains(rec.Lead.ReceivedAt) || excluded(rec) {
			continue
		}
		measured = append(measured, rec)
	}
	for _, limit := range limits {
		n := 0
		for _, rec := range measured {
			if l := rec.Lead; !l.FirstContactAt.IsZero() && max(l.FirstContactAt.Sub(l.ReceivedAt), 0) <= limit {
				n++
			}
		}
		out.FirstContactWithin = append(out.FirstContactWithin, Within{Limit: Duration(limit), Share: share(n, len(measured))})
	}
	for _, rec := range measured {
		reached, offered, reassigned := false, false, false
		for _, a := range rec.Timeline {
			switch {
			case a.Type == lead.TypeEscalated && a.Action == lead.NotifyManagers:
				reached = true
			case a.Type == lead.TypeOffered:
				offered = true
			case a.Type == lead.TypeReassigned:
				reassigned = true
			case a.Type == lead.TypeExhausted && w.kind == withLeadClock &&
				(rec.Lead.FirstContactAt.IsZero() || a.At.Before(rec.Lead.FirstContactAt)):
				out.Leads.Exhausted++
			}
		}
		out.Leads.ReachedManagers += b2i(reached)
		out.Leads.Offered += b2i(offered)
		out.Leads.Reassigned += b2i(reassigned)
	}

	out.ByHourOfWeek = w.byHourOfWeek(records, window, asOf)
	out.Nudges, out.Reps = w.nudges(r)
	for _, g := range r.Providers {
		f := g.Figures.FirstContact
		out.Providers = append(out.Providers, ProviderRow{ID: g.ID, Leads: g.Figures.Leads, Merged: g.Figures.Merged,
			WithinSLA: f.WithinSLA, Median: f.MedianSeconds})
	}
	out.Summary = summarise(out)
	return out, nil
}

// excluded is followup's rule: a lead closed as a duplicate or junk before any
// attempt is nobody waiting for a call.
func excluded(rec *followup.Record) bool {
	c := rec.Lead.Closure
	return c != nil && rec.Lead.Attempts == 0 && (c.Outcome == lead.Duplicate || c.Outcome == lead.Junk)
}

func summarise(w World) Summary {
	f := w.Figures
	n := f.FirstContact.Leads
	s := Summary{
		Leads:               n,
		MedianSeconds:       f.FirstContact.MedianSeconds,
		P90Seconds:          f.FirstContact.P90Seconds,
		WithinSLA:           f.FirstContact.WithinSLA,
		Within15m:           f.FirstContact.Within15m,
		Within1h:            f.FirstContact.Within1h,
		Never:               f.FirstContact.Never,
		SecondWithin48h:     f.SecondContact.Within48h,
		Stalled:             f.Stalled,
		ReachedManagers:     share(w.Leads.ReachedManagers, n),
		NudgesPerRepPerDay:  w.Nudges.PerRepPerDay,
		BusiestRepHour:      w.Nudges.BusiestRepHour.Messages,
		QueuedMedianSeconds: f.Queued.MedianWaitSeconds,
	}
	if n > 0 {
		s.ReroutesPerLead = round(float64(f.Reroutes)/float64(n), 4)
		s.EscalationsPerLead = round(float64(f.Escalations)/float64(n), 4)
	}
	return s
}

// byHourOfWeek measures the leads of each hour of the week with followup.Measure.
func (w *world) byHourOfWeek(records []followup.Record, window followup.Window, asOf time.Time) HourOfWeek {
	buckets := make([][]followup.Record, 7*24)
	for _, rec := range records {
		local := rec.Lead.ReceivedAt.In(w.p.loc)
		h := (int(local.Weekday())+6)%7*24 + local.Hour()
		buckets[h] = append(buckets[h], rec)
	}
	out := HourOfWeek{Leads: make([]int, 7*24), WithinSLA: make([]*float64, 7*24), MedianSeconds: make([]*float64, 7*24)}
	for h, b := range buckets {
		f := followup.Measure(b, window, asOf).Dealership.FirstContact
		out.Leads[h], out.WithinSLA[h], out.MedianSeconds[h] = f.Leads, f.WithinSLA, f.MedianSeconds
	}
	return out
}

// nudges counts the messages of the simulated days, for the team and for each rep.
func (w *world) nudges(r followup.Report) (Nudges, []Rep) {
	var n Nudges
	days := float64(w.p.end.Sub(w.p.start)) / float64(day)
	byRep := map[string][]sent{}
	byKind, asleepByKind := map[lead.NoticeKind]int{}, map[lead.NoticeKind]int{}
	for _, s := range w.sent {
		if s.at.Before(w.p.start) || !s.at.Before(w.p.end) {
			continue
		}
		n.Messages++
		n.Notices += len(s.kinds)
		for _, k := range s.kinds {
			byKind[k]++
			if s.state == stateAsleep {
				asleepByKind[k]++
			}
		}
		if s.channel == lead.Email {
			n.Email++
		} else {
			n.SMS++
		}
		switch s.state {
		case stateWithCustomer:
			n.WithCustomer++
		case stateOnBreak:
			n.OnBreak++
		case stateOffShift:
			n.OffShift++
		case stateAsleep:
			n.Asleep++
		}
		byRep[s.rep] = append(byRep[s.rep], s)
	}
	for _, k := range noticeKinds {
		n.ByKind = append(n.ByKind, KindCount{Kind: k, Notices: byKind[k], Asleep: asleepByKind[k]})
	}
	taps := map[string]int{}
	for _, m := range w.marks {
		if !m.from.Before(w.p.start) && m.from.Before(w.p.end) {
			taps[m.rep]++
			n.BusyTaps++
		}
	}
	figures := map[string]followup.Figures{}
	for _, g := range r.Reps {
		figures[g.ID] = g.Figures
	}
	var reps []Rep
	for _, rp := range w.p.reps {
		id := rp.rep.ID
		rn := RepNudges{Messages: len(byRep[id]), BusyTaps: taps[id]}
		day, hour := w.busiest(byRep[id], func(t time.Time) time.Time {
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, w.p.loc)
		}), w.busiest(byRep[id], func(t time.Time) time.Time {
			return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), 0, 0, 0, w.p.loc)
		})
		rn.MaxDay, rn.BusiestHour = day.Messages, hour.Messages
		for _, s := range byRep[id] {
			rn.Urging += b2i(s.urging > 0)
			rn.WithCustomer += b2i(s.state == stateWithCustomer)
			rn.Asleep += b2i(s.state == stateAsleep)
		}
		if days > 0 {
			rn.PerDay = round(float64(rn.Messages)/days, 2)
		}
		if day.Messages > n.MaxRepDay.Messages {
			n.MaxRepDay = RepCount{Rep: id, At: day.At[:10], Messages: day.Messages}
		}
		if hour.Messages > n.BusiestRepHour.Messages {
			n.BusiestRepHour = RepCount{Rep: id, At: hour.At[:16], Messages: hour.Messages}
		}
		reps = append(reps, Rep{ID: id, Name: rp.rep.Name, Role: string(rp.rep.Role), Nudges: rn, Figures: figures[id]})
	}
	if people := float64(len(w.p.reps)); people > 0 && days > 0 {
		n.PerRepPerDay = round(float64(n.Messages)/people/days, 2)
	}
	return n, reps
}

// busiest returns the stretch (as bucket gives it, in local time) in which the most
// messages came, the earliest of equals.
func (w *world) busiest(msgs []sent, bucket func(time.Time) time.Time) RepCount {
	var best RepCount
	var cur time.Time
	count := 0
	for i, s := range msgs {
		b := bucket(s.at.In(w.p.loc))
		if i == 0 || !b.Equal(cur) {
			cur, count = b, 0
		}
		count++
		if count > best.Messages {
			best = RepCount{At: cur.Format("2006-01-02T15:04"), Messages: count}
		}
	}
	return best
}

func share(n, of int) *float64 {
	if of == 0 {
		return nil
	}
	v := float64(n) / float64(of)
	return &v
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
