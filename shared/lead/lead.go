// Package lead is LeadClock's domain: a lead's lifecycle, its timeline, and the
// decisions that keep a customer from waiting — who owns the lead, when the next
// deadline is, and what happens when it passes.
//
// Everything here is a pure function of (state, event, time, dealership): no I/O, no
// clock, no AWS. Decide returns the new state, the timeline entries and the effects
// (notices to send, timers to set or cancel) that the engine commits together and
// carries out afterwards, at least once.
package lead

import (
	"slices"
	"strings"
	"time"
)

// Status is where a lead is in its lifecycle.
type Status string

// Statuses. A lead is new only while it is being received, then assigned (or queued when nobody is on duty) until the first
// contact, contacted until the second, then working until closed; stalled when
// follow-up stops.
const (
	StatusNew       Status = "new"
	StatusQueued    Status = "queued"
	StatusAssigned  Status = "assigned"
	StatusContacted Status = "contacted"
	StatusWorking   Status = "working"
	StatusStalled   Status = "stalled"
	StatusClosed    Status = "closed"
)

// AwaitingContact reports whether the customer is still waiting for a first contact.
func (s Status) AwaitingContact() bool {
	return s == StatusQueued || s == StatusAssigned
}

// Lead is one customer inquiry and everything LeadClock knows about following it up.
type Lead struct {
	ID string `json:"id"`
	// Version guards commits: the store writes a lead only if its version is still the
	// one read, and bumps it.
	Version int64  `json:"version"`
	Status  Status `json:"status"`
	// Owner is the rep responsible for the lead; empty only while queued.
	Owner    string    `json:"owner,omitempty"`
	Source   Source    `json:"source"`
	Customer Customer  `json:"customer"`
	Vehicles []Vehicle `json:"vehicles,omitempty"`
	Comments string    `json:"comments,omitempty"`
	// Request is how the provider framed the inquiry, beyond customer and vehicles.
	Request Request `json:"request,omitzero"`
	// Warnings say what intake could not make sense of (a phone that is not one, a
	// year that is not a year); the raw value is kept in the warning.
	Warnings []string `json:"warnings,omitempty"`
	// PreviousLead is the customer's earlier lead, for returning customers.
	PreviousLead string    `json:"previousLead,omitempty"`
	ReceivedAt   time.Time `json:"receivedAt"`
	// ClockStartedAt is when the first-contact clock started: on receipt, or when a
	// shift opened for a lead received while nobody was on duty.
	ClockStartedAt time.Time `json:"clockStartedAt,omitzero"`
	// Deadline is when the current first-contact wait ends; zero once nobody is
	// waiting on one.
	Deadline time.Time `json:"deadline,omitzero"`
	// Policy is the follow-up policy the lead was received under; later config changes
	// do not rewrite the path of a lead in flight.
	Policy     Policy     `json:"policy"`
	Escalation Escalation `json:"escalation"`
	Offer      Offer      `json:"offer,omitzero"`
	// Owners lists every assignment of the lead, in order (a rep may appear twice).
	Owners []string `json:"owners,omitempty"`
	// Nudged lists who has been urged to act on the lead; they hear when someone claims
	// or contacts it.
	Nudged         []string  `json:"nudged,omitempty"`
	FirstContactAt time.Time `json:"firstContactAt,omitzero"`
	LastContactAt  time.Time `json:"lastContactAt,omitzero"`
	// Attempts counts contact attempts, whatever their evidence.
	Attempts int `json:"attempts"`
	// Stalls counts the times the lead stalled.
	Stalls int `json:"stalls,omitempty"`
	// Timers are the outstanding timers; a fired timer not listed here is stale.
	Timers []Timer `json:"timers,omitempty"`
	// Seq is the last timer sequence number used.
	Seq int `json:"seq"`
	// Activities is the number of timeline entries so far.
	Activities int      `json:"activities"`
	Closure    *Closure `json:"closure,omitempty"`
}

// Source is who sent the lead and under which id; a resend with the same pair is the
// same lead.
type Source struct {
	Provider       string `json:"provider"`
	ProviderLeadID string `json:"providerLeadId,omitempty"`
	// Digest sums up the lead's content (customer, vehicles, comments). Some providers
	// reuse lead ids, sending the lead's type as its id: only the same id with the same
	// content is a resend, so that two customers are never taken for one.
	Digest string `json:"digest,omitempty"`
}

// Request is what the provider said about the inquiry besides the customer and the
// vehicles. None of it drives the follow-up: the SLA clock starts at receipt, whatever
// date the provider wrote.
type Request struct {
	// Format is how the lead came: "adf" or "json".
	Format string `json:"format,omitempty"`
	// Date is the request date as the provider wrote it; At is that date read, when it
	// could be.
	Date string    `json:"date,omitempty"`
	At   time.Time `json:"at,omitzero"`
	// ProviderName and Vendor are the names the document gives the lead provider and the
	// dealership (ADF's <provider> and <vendor>), which can differ from the config's.
	ProviderName string `json:"providerName,omitempty"`
	Vendor       string `json:"vendor,omitempty"`
	// Extras keeps what the document held that has no field here, vendor extensions
	// included, so that nothing a provider sent is lost.
	Extras []Field `json:"extras,omitempty"`
}

// Field is one value a lead document held that LeadClock has no field for: its path in
// the document (vehicle/price[type=quote]) and its text.
type Field struct {
	Path  string `json:"path"`
	Value string `json:"value"`
}

// Customer is who the lead is about.
type Customer struct {
	Name      string   `json:"name,omitempty"`
	FirstName string   `json:"firstName,omitempty"`
	LastName  string   `json:"lastName,omitempty"`
	Emails    []string `json:"emails,omitempty"`
	Phones    []Phone  `json:"phones,omitempty"`
	// Preferred is the phone (E.164, or as sent) or email the customer asked to be
	// contacted on.
	Preferred string `json:"preferred,omitempty"`
}

// Phone is a customer's number as sent and, when it is one, in E.164.
type Phone struct {
	E164 string `json:"e164,omitempty"`
	Raw  string `json:"raw"`
	// Type is mobile, home, work, voice, fax or pager; TypeRaw the type as sent when it
	// was written otherwise.
	Type    string `json:"type,omitempty"`
	TypeRaw string `json:"typeRaw,omitempty"`
	// Time is when the customer prefers calls: morning, afternoon, evening, day or
	// nopreference.
	Time  string `json:"time,omitempty"`
	Valid bool   `json:"valid"`
}

// Vehicle is a vehicle the customer asked about or offers in trade.
type Vehicle struct {
	Year     int    `json:"year,omitempty"`
	Make     string `json:"make,omitempty"`
	Model    string `json:"model,omitempty"`
	Trim     string `json:"trim,omitempty"`
	VIN      string `json:"vin,omitempty"`
	Stock    string `json:"stock,omitempty"`
	Status   string `json:"status,omitempty"`   // new, used
	Interest string `json:"interest,omitempty"` // buy, lease, sell, trade-in, test-drive
	// StatusRaw and InterestRaw are the values as sent, when they were written
	// otherwise ("Used", "TRADE IN").
	StatusRaw   string `json:"statusRaw,omitempty"`
	InterestRaw string `json:"interestRaw,omitempty"`
}

// Escalation is how far down the policy's escalation steps the lead has gone: Step is
// the 1-based index of the step applied last (0 before any), Runs how many times it
// has run.
type Escalation struct {
	Step int `json:"step"`
	Runs int `json:"runs"`
}

// Offer is an offer-all step: every eligible rep was offered the lead and the first to
// claim it owns it.
type Offer struct {
	Step      int      `json:"step"`
	Reps      []string `json:"reps,omitempty"`
	ClaimedBy string   `json:"claimedBy,omitempty"`
}

// Closure records how a lead ended.
type Closure struct {
	Outcome Outcome   `json:"outcome"`
	Reason  string    `json:"reason,omitempty"`
	At      time.Time `json:"at"`
	By      string    `json:"by,omitempty"`
	// Attempts is the number of contact attempts made before closing; managers look
	// at leads closed with fewer than three.
	Attempts int `json:"attempts"`
}

// Outcome is how a lead was closed.
type Outcome string

// Outcomes. Lost needs a reason.
const (
	Sold      Outcome = "sold"
	Lost      Outcome = "lost"
	Duplicate Outcome = "duplicate"
	Junk      Outcome = "junk"
)

// offerOpen reports whether the lead is on an offer-all step nobody has claimed yet.
func (l *Lead) offerOpen() bool {
	return l.Status == StatusAssigned && l.Offer.Step != 0 && l.Offer.Step == l.Escalation.Step && l.Offer.ClaimedBy == ""
}

// clone returns a copy that shares no mutable slice with l, so Decide never changes
// the state it was given.
func (l Lead) clone() Lead {
	l.Owners = slices.Clone(l.Owners)
	l.Nudged = slices.Clone(l.Nudged)
	l.Timers = slices.Clone(l.Timers)
	l.Offer.Reps = slices.Clone(l.Offer.Reps)
	if l.Closure != nil {
		c := *l.Closure
		l.Closure = &c
	}
	return l
}

// merged returns c with the phones and emails of o it does not have yet, and o's name
// parts where c has none: a returning customer often gives a new number or address.
func (c Customer) merged(o Customer) Customer {
	c.Emails = slices.Clone(c.Emails)
	c.Phones = slices.Clone(c.Phones)
	for _, e := range o.Emails {
		if !slices.ContainsFunc(c.Emails, func(x string) bool { return strings.EqualFold(x, e) }) {
			c.Emails = append(c.Emails, e)
		}
	}
	for _, p := range o.Phones {
		if !slices.ContainsFunc(c.Phones, func(x Phone) bool { return x.Raw == p.Raw || (p.Valid && x.E164 == p.E164) }) {
			c.Phones = append(c.Phones, p)
		}
	}
	if c.Name == "" {
		c.Name, c.FirstName, c.LastName = o.Name, o.FirstName, o.LastName
	}
	if c.Preferred == "" {
		c.Preferred = o.Preferred
	}
	return c
}
