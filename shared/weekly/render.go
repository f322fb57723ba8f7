package weekly

import (
	"strconv"
	"time"

	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/followup"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/message"
)

// Kind is the kind of message a report is, in the outbox and in logs.
const Kind = "weekly-report"

// MaxListed is how many leads each list shows. A manager acts on the first ones; a
// week with more stalled leads than this has a problem the count already tells.
const MaxListed = 25

// Renderer renders reports for one dealership.
type Renderer struct {
	// Config gives the dealership's name, time zone, policy, reps and providers.
	Config *dealer.Config
	// Links mints the one-tap links to the listed leads, as in nudges; nil renders
	// the report without links.
	Links message.Links
}

// Render renders the report for a manager, whose links it carries: an email with a
// text and an HTML part. An empty manager renders it for no one in particular, without
// links.
func (r Renderer) Render(w Weeks, manager string) message.Rendered {
	v := r.view(w, manager)
	out := message.Rendered{Kind: Kind, Subject: v.Subject, Text: v.text(), HTML: v.html()}
	for _, list := range [][]item{v.Stalled, v.Closed} {
		for _, it := range list {
			if it.Link != "" {
				out.Links = append(out.Links, it.Link)
			}
		}
	}
	return out
}

// view is a report as both parts show it.
type view struct {
	Subject, Dealership, Manager string
	Week, LastWeek               string
	AsOf, LastAsOf               string
	Rows                         []row
	Chart                        chart
	StalledAfter                 string
	Stalled, Closed              []item
	// StalledCount and ClosedCount are the lists' whole length; past MaxListed
	// the rest are counted, not shown.
	StalledCount, ClosedCount int
	Reps                      []repRow
	Footer                    string
}

// row is one figure, last week beside this week.
type row struct {
	Label, Last, This string
}

// item is a listed lead.
type item struct {
	Customer, Vehicle, Detail, Link string
}

// repRow is one rep's figures of this week.
type repRow struct {
	Name, Leads, Median, WithinSLA, Reroutes, Escalations, Stalled, Closed string
}

func (r Renderer) view(w Weeks, manager string) view {
	c := r.Config
	loc := c.Team.Location
	name := c.Dealership.Name
	this, last := w.This.Dealership, w.Last.Dealership
	v := view{
		Dealership: name, Manager: "the managers",
		Week: days(followup.Window{From: w.This.From, To: w.This.To}, loc), LastWeek: days(followup.Window{From: w.Last.From, To: w.Last.To}, loc),
		AsOf: moment(w.This.AsOf, loc), LastAsOf: moment(w.Last.AsOf, loc),
		Rows:         r.rows(this, last),
		Chart:        firstContactChart(this.FirstContact, last.FirstContact, c.Policy.FirstContact),
		StalledAfter: span(c.Policy.StalledAfter),
		StalledCount: len(w.This.Stalled), ClosedCount: len(w.This.ClosedEarly),
		Footer: "LeadClock for " + name + ". Times are " + name + " time (" + loc.String() + ").",
	}
	if manager != "" {
		v.Manager = r.repName(manager)
	}
	v.Subject = name + " weekly follow-up, " + v.Week + ": "
	if this.FirstContact.MedianSeconds == nil {
		v.Subject += plural(this.Leads, "lead", "leads") + ", none contacted"
	} else {
		v.Subject += "first contact " + duration(this.FirstContact.MedianSeconds) + " (median), " + plural(this.Stalled, "lead", "leads") + " stalled"
	}
	for _, s := range w.This.Stalled[:min(len(w.This.Stalled), MaxListed)] {
		v.Stalled = append(v.Stalled, r.stalled(s, w.Leads[s.ID], manager))
	}
	for _, cl := range w.This.ClosedEarly[:min(len(w.This.ClosedEarly), MaxListed)] {
		v.Closed = append(v.Closed, r.closed(cl, w.Leads[cl.ID], manager))
	}
	for _, g := range w.This.Reps {
		f := g.Figures
		v.Reps = append(v.Reps, repRow{Name: r.repName(g.ID), Leads: strconv.Itoa(f.Leads),
			Median: duration(f.FirstContact.MedianSeconds), WithinSLA: percent(f.FirstContact.WithinSLA),
			Reroutes: strconv.Itoa(f.Reroutes), Escalations: strconv.Itoa(f.Escalations),
			Stalled: strconv.Itoa(f.Stalled), Closed: strconv.Itoa(f.ClosedEarly)})
	}
	return v
}

// rows are the figures, in the order a manager reads them: how fast, how persistent,
// what slipped, and how much of it rests on the reps' word.
func (r Renderer) rows(this, last followup.Figures) []row {
	sla := duration(ptr(r.Config.Policy.FirstContact.Seconds()))
	var rows []row
	add := func(label string, value func(f followup.Figures) string) {
		rows = append(rows, row{Label: label, Last: value(last), This: value(this)})
	}
	itoa := strconv.Itoa
	add("Leads received", func(f followup.Figures) string { return itoa(f.Leads) })
	add("First contact, median", func(f followup.Figures) string { return duration(f.FirstContact.MedianSeconds) })
	add("First contact, 90th percentile", func(f followup.Figures) string { return duration(f.FirstContact.P90Seconds) })
	add("First contact within the SLA ("+sla+")", func(f followup.Figures) string { return percent(f.FirstContact.WithinSLA) })
	add("First contact within 1 h", func(f followup.Figures) string { return percent(f.FirstContact.Within1h) })
	add("Not contacted", func(f followup.Figures) string { return percent(f.FirstContact.Never) })
	add("First contact from the shift opening, median", func(f followup.Figures) string {
		return duration(f.BusinessFirstContact.MedianSeconds)
	})
	add("Second attempt within 48 h", func(f followup.Figures) string { return percent(f.SecondContact.Within48h) })
	add("No second attempt", func(f followup.Figures) string { return itoa(f.SecondContact.NoSecondAttempt) })
	add("Stalled leads", func(f followup.Figures) string { return itoa(f.Stalled) })
	add("Closed with fewer than 3 attempts", func(f followup.Figures) string { return itoa(f.ClosedEarly) })
	add("Deadlines missed: rerouted", func(f followup.Figures) string { return itoa(f.Reroutes) })
	add("Deadlines missed: escalated", func(f followup.Figures) string { return itoa(f.Escalations) })
	add("Queued after hours (median wait)", func(f followup.Figures) string {
		if f.Queued.Leads == 0 {
			return "0"
		}
		return itoa(f.Queued.Leads) + " (" + duration(f.Queued.MedianWaitSeconds) + ")"
	})
	add("First contacts only self-reported (tap)", func(f followup.Figures) string {
		e := f.FirstContacts
		return itoa(e.SelfReported) + " of " + itoa(e.SelfReported+e.Integration+e.Sent)
	})
	return rows
}

func (r Renderer) stalled(s followup.StalledLead, l lead.Lead, manager string) item {
	it := r.item(s.ID, l, manager)
	it.Detail = r.repName(s.Owner) + " · " + r.providerName(s.Provider) + " · " + plural(s.Attempts, "attempt", "attempts") +
		", the last " + moment(s.LastAttemptAt, r.Config.Team.Location) + " (" + duration(&s.IdleSeconds) + " ago)"
	return it
}

func (r Renderer) closed(c followup.ClosedLead, l lead.Lead, manager string) item {
	it := r.item(c.ID, l, manager)
	it.Detail = "Closed " + string(c.Outcome) + " by " + r.repName(c.ClosedBy) + " " + moment(c.ClosedAt, r.Config.Team.Location) +
		" after " + plural(c.Attempts, "attempt", "attempts")
	if c.Owner != "" && c.Owner != c.ClosedBy {
		it.Detail += " · " + r.repName(c.Owner) + "'s lead"
	}
	it.Detail += " · " + r.providerName(c.Provider)
	if reason := clean(c.Reason, 60); reason != "" {
		it.Detail += " · “" + reason + "”"
	}
	return it
}

// item names a listed lead's customer by first name and initial, and links to it.
func (r Renderer) item(id string, l lead.Lead, manager string) item {
	it := item{Customer: "a customer", Vehicle: message.VehicleSummary(l)}
	if l.ID == id {
		it.Customer = message.ShortName(l.Customer)
	}
	if r.Links != nil && manager != "" {
		it.Link = r.Links.Action(id, manager)
	}
	return it
}

// repName is a rep's name, or the id of whoever else acted (an integration).
func (r Renderer) repName(id string) string {
	if rep, ok := r.Config.Team.Rep(id); ok {
		return rep.Name
	}
	return clean(id, 32)
}

func (r Renderer) providerName(id string) string {
	for _, p := range r.Config.Providers {
		if p.ID == id {
			return p.Name
		}
	}
	return clean(id, 32)
}

// span says a policy's duration as a config writes it: "72 h" rather than "3 d", up
// to a week of whole hours.
func span(d time.Duration) string {
	if d > 0 && d < 7*24*time.Hour && d%time.Hour == 0 {
		return strconv.Itoa(int(d/time.Hour)) + " h"
	}
	return duration(ptr(d.Seconds()))
}
