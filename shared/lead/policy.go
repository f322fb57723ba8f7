package lead

import "time"

// Policy is a dealership's follow-up policy: the service levels, the escalation chain
// applied each time a first-contact wait ends without contact, and the follow-up
// cadence after contact. A lead keeps the policy it was received under.
type Policy struct {
	// FirstContact is how long the owner has to make first contact.
	FirstContact time.Duration `json:"firstContact"`
	// WarnBefore is how long before a deadline the owner is reminded; zero for never.
	WarnBefore time.Duration `json:"warnBefore,omitempty"`
	// SecondContact is when, after the first contact, the second is due.
	SecondContact time.Duration `json:"secondContact"`
	// StalledAfter is how long a contacted lead may go without a contact attempt
	// before it is flagged as stalled.
	StalledAfter time.Duration `json:"stalledAfter"`
	Escalation   []Step        `json:"escalation,omitempty"`
	// Cadence lists the follow-up reminders after the second contact: the n-th entry is
	// the wait after the (n+2)-th attempt.
	Cadence []time.Duration `json:"cadence,omitempty"`
}

// Action is what an escalation step does.
type Action string

// Actions.
const (
	// Reroute hands the lead to the next eligible rep.
	Reroute Action = "reroute"
	// OfferAll offers the lead to every eligible rep; the first to claim owns it.
	OfferAll Action = "offer-all"
	// NotifyManagers pages the managers.
	NotifyManagers Action = "notify-managers"
)

// Actions lists the valid actions, for validation messages.
var Actions = []Action{Reroute, OfferAll, NotifyManagers}

// Step is one link of the escalation chain: the action, run Repeat times (at least
// once), each followed by a wait of After before the next deadline.
type Step struct {
	Action Action        `json:"action"`
	After  time.Duration `json:"after"`
	Repeat int           `json:"repeat,omitempty"`
}

// runs is how many times the step runs.
func (s Step) runs() int {
	return max(s.Repeat, 1)
}
