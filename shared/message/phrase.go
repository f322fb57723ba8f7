package message

import (
	"fmt"
	"time"

	"github.com/leadclock/leadclock/shared/lead"
)

// phrasing is what a message says about one lead, in parts each channel arranges.
type phrasing struct {
	title  string // "New lead"; upper-cased in texts so it reads before anything else
	detail string // one or two sentences: what to do, by when, or what happened
	tail   string // the gist of detail for an email subject; may be empty
	// action labels the one-tap link; empty when there is nothing left for the
	// recipient to do, so the message offers no link.
	action string
	// tap introduces the link in a text when plain "Tap:" would not say why to tap.
	tap string
	// urgent marks notices that ask the recipient to reach the customer now; they show
	// the customer's phone and email.
	urgent bool
}

// phrase words a notice to the recipient. The deadline is read from the lead as it is
// now, not when the notice was made: a bundled nudge must not show a deadline that
// has moved.
func (r Renderer) phrase(recipient string, n lead.Notice, l *lead.Lead) phrasing {
	var deadline time.Time
	if l != nil {
		deadline = l.Deadline
	}
	callBy := "Call as soon as you can."
	tailBy := "call now"
	if !deadline.IsZero() {
		by := r.clock(deadline, n.At)
		callBy, tailBy = "Call by "+by+".", "call by "+by
	}
	about := r.repName(n.About)
	switch n.Kind {
	case lead.NoticeNewLead:
		return phrasing{title: "New lead", detail: callBy, tail: tailBy, action: "Log contact", urgent: true}
	case lead.NoticeWarning:
		return phrasing{title: minutesLeft(deadline, n.At), detail: callBy, tail: tailBy, action: "Log contact", urgent: true}
	case lead.NoticeOffer:
		return phrasing{title: "Up for grabs", detail: "First to claim owns it. " + callBy, tail: "first to claim owns it", action: "Claim it", urgent: true}
	case lead.NoticeEscalation:
		owner := n.About
		if owner == "" && l != nil {
			owner = l.Owner
		}
		d := "Nobody has contacted the customer yet."
		t := "nobody has contacted them"
		if owner != "" {
			d += " Owner: " + r.repName(owner) + "."
			t += " (owner " + r.repName(owner) + ")"
		}
		return phrasing{title: "Escalation", detail: d, tail: t, action: "Open lead", urgent: true}
	case lead.NoticeRerouted:
		// The rep may have called and not logged it; the link lets them say so, and
		// whoever reached the customer first keeps the lead.
		return phrasing{title: "Reassigned", detail: "Taken from you and given to " + about + ".", tail: "now with " + about, action: "Already called? Log it", tap: "Already called? Tap:"}
	case lead.NoticeClaimed:
		return phrasing{title: "Claimed", detail: about + " claimed it. No action needed.", tail: "by " + about}
	case lead.NoticeContacted:
		return phrasing{title: "Contacted", detail: about + " contacted the customer. No action needed.", tail: "by " + about}
	case lead.NoticeSecondContact:
		return phrasing{title: "Second contact due", detail: "Time to reach out again.", action: "Log contact", urgent: true}
	case lead.NoticeFollowUp:
		return phrasing{title: "Follow-up due", detail: "Time for your next follow-up.", action: "Log contact", urgent: true}
	case lead.NoticeReturning:
		// A customer who asks twice is shopping now: the strongest signal a lead gives.
		return phrasing{title: "Asked again", detail: "Returning customer inquired again. Call while they are shopping.", tail: "returning customer inquired again", action: "Log contact", urgent: true}
	case lead.NoticeStalled:
		d, t := "No contact logged yet.", "no contact logged"
		if l != nil && !l.LastContactAt.IsZero() {
			since := l.LastContactAt.In(r.location()).Format("Mon Jan 2")
			d, t = "No contact since "+since+".", "no contact since "+since
		}
		if l != nil && l.Owner != "" && l.Owner != recipient {
			d += " Owner: " + r.repName(l.Owner) + "."
		}
		return phrasing{title: "Stalled", detail: d, tail: t, action: "Log contact", urgent: true}
	}
	// A kind added to the engine before this package learns it still reaches the rep.
	return phrasing{title: clean(string(n.Kind), 30), detail: "Open the lead for details.", action: "Open lead"}
}

// minutesLeft titles a warning. Minutes round up: "1 min left" with 20 seconds to go
// is truer than "0 min left".
func minutesLeft(deadline, at time.Time) string {
	if deadline.IsZero() {
		return "Deadline soon"
	}
	left := deadline.Sub(at)
	if left <= 0 {
		return "Deadline passed"
	}
	return fmt.Sprintf("%d min left", (left+time.Minute-1)/time.Minute)
}

// clock shows an instant on the dealership's clock, with the weekday when it is not on
// the same local day as ref (the notice's time): "10:05", or "Wed 09:05" for a lead
// that came in overnight.
func (r Renderer) clock(t, ref time.Time) string {
	loc := r.location()
	lt, lr := t.In(loc), ref.In(loc)
	if lt.Year() != lr.Year() || lt.YearDay() != lr.YearDay() {
		return lt.Format("Mon 15:04")
	}
	return lt.Format("15:04")
}

// who names the lead: customer and vehicle, or the lead id when it is gone.
func who(e entry, dash string, status bool) string {
	if e.lead == nil {
		return "lead " + clean(e.notice.LeadID, 40)
	}
	s := CustomerName(e.lead.Customer)
	v := VehicleSummary(*e.lead)
	if !status && len(e.lead.Vehicles) > 0 {
		v = vehicleName(e.lead.Vehicles[0])
	}
	if v != "" {
		s += " " + dash + " " + v
	}
	return s
}
