package lead

import "time"

// Type says what a timeline entry records.
type Type string

// Timeline entry types.
const (
	TypeReceived   Type = "received"
	TypeQueued     Type = "queued"
	TypeAssigned   Type = "assigned"
	TypeRerouted   Type = "rerouted"
	TypeNotified   Type = "notified"
	TypeOffered    Type = "offered"
	TypeClaimed    Type = "claimed"
	TypeEscalated  Type = "escalated"
	TypeSkipped    Type = "skipped"   // an escalation step with nobody eligible
	TypeExhausted  Type = "exhausted" // the escalation chain ran out without a contact
	TypeContact    Type = "contact"
	TypeNote       Type = "note"
	TypeAutoReply  Type = "auto-reply"
	TypeReminder   Type = "reminder"
	TypeDeferred   Type = "deferred" // a reminder held until the owner's shift
	TypeStalled    Type = "stalled"
	TypeClosed     Type = "closed"
	TypeReassigned Type = "reassigned" // moved because the owner became unavailable
	TypeInquired   Type = "inquired"   // the customer asked again while the lead was open
	// TypeUndelivered: a message about the lead could not be delivered and will not be
	// retried (no address, an address the provider refuses).
	TypeUndelivered Type = "undelivered"
)

// Evidence says how LeadClock knows a contact happened. Reports count each kind
// separately so that a team cannot quietly game its numbers.
type Evidence string

// Evidence kinds.
const (
	// SelfReported: a rep said they made contact (tapped "I called").
	SelfReported Evidence = "self-reported"
	// Integration: a phone system or the dealer's CRM reported it.
	Integration Evidence = "integration"
	// Sent: LeadClock itself sent the rep's message to the customer.
	Sent Evidence = "sent"
)

// ContactChannels are the ways a rep can reach a customer.
var ContactChannels = []string{"call", "text", "email", "in-person"}

// System is the actor of entries LeadClock makes on its own.
const System = "leadclock"

// Activity is one entry of a lead's timeline. Every state change is recorded with the
// status it left the lead in.
type Activity struct {
	LeadID string    `json:"leadId"`
	Seq    int       `json:"seq"`
	At     time.Time `json:"at"`
	Type   Type      `json:"type"`
	Status Status    `json:"status"`
	// Actor did it: a rep, a provider or integration id, or System.
	Actor string `json:"actor"`
	// Rep is who the entry concerns: the new owner, the person notified.
	Rep string `json:"rep,omitempty"`
	// From is the previous owner when the lead changed hands.
	From   string     `json:"from,omitempty"`
	Step   int        `json:"step,omitempty"`
	Run    int        `json:"run,omitempty"`
	Action Action     `json:"action,omitempty"`
	Notice NoticeKind `json:"notice,omitempty"`
	// Channel is how a contact was made (call, text, email, in-person) or, on a
	// notified entry, the notification channels used ("sms,email").
	Channel  string    `json:"channel,omitempty"`
	Evidence Evidence  `json:"evidence,omitempty"`
	Outcome  string    `json:"outcome,omitempty"`
	Reason   string    `json:"reason,omitempty"`
	Note     string    `json:"note,omitempty"`
	Attempts int       `json:"attempts,omitempty"`
	Until    time.Time `json:"until,omitzero"`
	// Inquiry is what a returning customer sent, on an inquired entry.
	Inquiry *Inquiry `json:"inquiry,omitempty"`
}

// Inquiry is a returning customer's new inquiry, merged into their open lead: what they
// asked this time, and through whom, kept whole on the timeline.
type Inquiry struct {
	Source   Source    `json:"source"`
	Vehicles []Vehicle `json:"vehicles,omitempty"`
	Comments string    `json:"comments,omitempty"`
	Request  Request   `json:"request,omitzero"`
	Warnings []string  `json:"warnings,omitempty"`
}
