package lead

// Event is something that happened to a lead. Decide handles each kind.
type Event interface {
	event()
}

// Received is a new lead from a provider. ID is the lead's new id.
type Received struct {
	ID       string
	Source   Source
	Customer Customer
	Vehicles []Vehicle
	Comments string
	Request  Request
	Warnings []string
	// PreviousOwner and PreviousLead identify a returning customer's earlier lead.
	PreviousOwner string
	PreviousLead  string
}

// Inquired is a returning customer asking again, through any provider, while their lead
// is open. It is a hot signal for the owner, not a new lead: the clock does not
// restart, and the contact details and vehicles new this time join the lead.
type Inquired struct {
	Source   Source
	Customer Customer
	Vehicles []Vehicle
	Comments string
	Request  Request
	Warnings []string
}

// Contacted is a contact attempt: a call, text, email or visit.
type Contacted struct {
	// Rep made the attempt; when empty (an integration that cannot tell), the owner.
	Rep      string
	Actor    string
	Channel  string
	Outcome  string
	Evidence Evidence
	Note     string
	// Seen, when set, is the number of attempts the reporter saw before reporting (the
	// one-tap page sends it). A lead with more attempts by now already has this report:
	// it is refused with ErrRepeated rather than counted twice.
	Seen *int
}

// Noted is a note on the timeline; it is not contact.
type Noted struct {
	Actor string
	Note  string
}

// AutoReplied records LeadClock's automatic reply to the customer. It is never contact.
type AutoReplied struct {
	Channel string
}

// Claimed is a rep claiming a lead offered to everyone.
type Claimed struct {
	Rep string
}

// Closed ends the lead.
type Closed struct {
	Outcome Outcome
	Reason  string
	Actor   string
}

// Fired is a timer going off.
type Fired struct {
	Timer Timer
}

// RosterChanged says who is available changed: a queued lead may now find an owner, and
// a lead awaiting contact whose owner became unavailable moves at once.
type RosterChanged struct {
	// Actor is who changed it, for the timeline.
	Actor string
}

// Undelivered records that a message to a rep about the lead will never be delivered,
// so that the timeline shows why the rep did not hear of it. It changes nothing else:
// the deadline still moves the lead on.
type Undelivered struct {
	Rep     string
	Channel Channel
	Reason  string
}

func (Undelivered) event()   {}
func (Received) event()      {}
func (Inquired) event()      {}
func (Contacted) event()     {}
func (Noted) event()         {}
func (AutoReplied) event()   {}
func (Claimed) event()       {}
func (Closed) event()        {}
func (Fired) event()         {}
func (RosterChanged) event() {}
