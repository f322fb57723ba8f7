package followup

import (
	"time"

	"github.com/leadclock/leadclock/shared/lead"
)

// Report is the follow-up figures of the leads received in a window, as of an instant.
// It is the body of GET /metrics. Durations are seconds; a figure over nothing (the
// median of no contacts, the share of no leads) is null.
type Report struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	// AsOf is the instant the figures hold at: later timeline entries are left out.
	AsOf       time.Time `json:"asOf"`
	Dealership Figures   `json:"dealership"`
	// Reps and Providers are in id order.
	Reps      []Group `json:"reps"`
	Providers []Group `json:"providers"`
	// The leads a manager acts on, in id order (the order they arrived).
	Queued      []QueuedLead  `json:"queued"`
	Stalled     []StalledLead `json:"stalled"`
	ClosedEarly []ClosedLead  `json:"closedEarly"`
}

// Group is the figures of one rep or one provider.
type Group struct {
	ID      string  `json:"id"`
	Figures Figures `json:"figures"`
}

// Figures are the measures over one set of leads: the dealership's, a rep's or a
// provider's.
type Figures struct {
	// Leads received in the window, excluded ones included.
	Leads int `json:"leads"`
	// Merged counts the returning customers' inquiries merged into the leads.
	Merged int `json:"merged"`
	// Excluded counts the leads closed as duplicate or junk without a contact attempt,
	// which the contact figures leave out.
	Excluded             int           `json:"excluded"`
	FirstContact         Response      `json:"firstContact"`
	BusinessFirstContact Response      `json:"businessFirstContact"`
	SecondContact        SecondContact `json:"secondContact"`
	Queued               Queue         `json:"queued"`
	Stalled              int           `json:"stalled"`
	ClosedEarly          int           `json:"closedEarly"`
	Reroutes             int           `json:"reroutes"`
	Escalations          int           `json:"escalations"`
	// Attempts counts every contact attempt by its evidence; FirstContacts each
	// lead's first one.
	Attempts      Evidence `json:"attempts"`
	FirstContacts Evidence `json:"firstContacts"`
}

// Response is how long customers waited for a first contact, counted from one start.
type Response struct {
	// Leads is how many leads were measured: the shares are of them.
	Leads     int `json:"leads"`
	Contacted int `json:"contacted"`
	// Awaiting counts the leads never contacted that are still open.
	Awaiting      int      `json:"awaiting"`
	MedianSeconds *float64 `json:"medianSeconds"`
	P90Seconds    *float64 `json:"p90Seconds"`
	MeanSeconds   *float64 `json:"meanSeconds"`
	WithinSLA     *float64 `json:"withinSla"`
	Within15m     *float64 `json:"within15m"`
	Within1h      *float64 `json:"within1h"`
	Never         *float64 `json:"never"`
}

// SecondContact is whether a second attempt followed the first.
type SecondContact struct {
	Contacted int `json:"contacted"`
	// Due counts the contacted leads that had a second attempt, or were open 48 hours
	// after the first.
	Due              int      `json:"due"`
	Within48h        *float64 `json:"within48h"`
	MedianGapSeconds *float64 `json:"medianGapSeconds"`
	NoSecondAttempt  int      `json:"noSecondAttempt"`
}

// Queue is the leads that waited because nobody was on duty, and how long.
type Queue struct {
	Leads             int      `json:"leads"`
	MedianWaitSeconds *float64 `json:"medianWaitSeconds"`
	MaxWaitSeconds    *float64 `json:"maxWaitSeconds"`
}

// Evidence counts contact attempts by how LeadClock knows of them.
type Evidence struct {
	SelfReported int `json:"selfReported"`
	Integration  int `json:"integration"`
	Sent         int `json:"sent"`
}

// QueuedLead is a lead that waited for a shift to open.
type QueuedLead struct {
	ID         string    `json:"id"`
	Provider   string    `json:"provider"`
	ReceivedAt time.Time `json:"receivedAt"`
	// Owner is the rep it was first given to; empty while it waits.
	Owner string `json:"owner,omitempty"`
	// OpenedAt is when it was given to a rep or contacted; zero while it waits, or
	// when it was closed first.
	OpenedAt      time.Time `json:"openedAt,omitzero"`
	WaitedSeconds float64   `json:"waitedSeconds"`
	// Waiting: it still waits as of now.
	Waiting bool `json:"waiting"`
}

// StalledLead is a contacted lead nobody has tried to reach for too long.
type StalledLead struct {
	ID            string    `json:"id"`
	Owner         string    `json:"owner"`
	Provider      string    `json:"provider"`
	Attempts      int       `json:"attempts"`
	LastAttemptAt time.Time `json:"lastAttemptAt"`
	IdleSeconds   float64   `json:"idleSeconds"`
}

// ClosedLead is a lead closed with fewer than three contact attempts.
type ClosedLead struct {
	ID       string `json:"id"`
	Owner    string `json:"owner,omitempty"`
	Provider string `json:"provider"`
	// ClosedBy is who closed it: a rep, or an integration's id.
	ClosedBy string       `json:"closedBy"`
	Outcome  lead.Outcome `json:"outcome"`
	Reason   string       `json:"reason,omitempty"`
	Attempts int          `json:"attempts"`
	ClosedAt time.Time    `json:"closedAt"`
}
