package dealer

import (
	"strconv"

	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/roster"
)

// One decision of the engine is one change, written whole or not at all; on AWS, one
// DynamoDB transaction, which holds at most ChangeItems items. Every person a
// decision notifies costs an item per channel (the nudges waiting to be sent) and one
// for the timeline entry that says so, and the rest of the change (the lead, the
// entry for the step, its timers) a few more. A change too large to write would leave
// its lead stuck at the deadline that made it, so a config whose largest notification
// would not fit is refused, in local mode too: the same config must run the same
// everywhere.
const (
	// ChangeItems is what one DynamoDB transaction writes at most.
	ChangeItems = 100
	// changeOverhead is what a change holds besides its notifications, with room to
	// spare; shared/dynamo's TestLargestNotificationFitsOneTransaction commits the
	// largest change a config may make.
	changeOverhead = 10
)

// MaxNotified is how many people one decision may notify at once with the channels
// enabled.
func (n Notifications) MaxNotified() int {
	perPerson := 1 // the timeline entry
	if n.SMS {
		perPerson++
	}
	if n.Email {
		perPerson++
	}
	return (ChangeItems - changeOverhead) / perPerson
}

// fanOut checks that everyone who can be urged about one lead fits in one change:
// once the customer is reached, all of them are told at once, so that nobody else
// calls. Urged are its owners (the first, and one more for each reroute), every
// rep on duty when it is offered to all, and every manager when they are paged; a
// stalled lead is told to its owner and every manager.
func (v *validator) fanOut(p lead.Policy, reps []roster.Rep, n Notifications) {
	var managers, others int
	for _, r := range reps {
		if r.Role == roster.Manager {
			managers++
		} else {
			others++
		}
	}
	owners, offer := 1, -1
	for i, s := range p.Escalation {
		switch s.Action {
		case lead.Reroute:
			owners += max(s.Repeat, 1)
		case lead.OfferAll:
			offer = i
		}
	}
	if offer >= 0 {
		owners = others
	}
	urged := managers + min(owners, others)
	most := n.MaxNotified()
	switch {
	case urged <= most:
	case offer >= 0:
		v.add("escalation["+strconv.Itoa(offer)+"].action", "offer-all: %d reps and %d managers could be urged about one lead, and all of them told when it is reached, but one change notifies at most %d (with these channels): use reroute, or split the team", others, managers, most)
	default:
		v.add("reps", "%d managers and %d owners could be urged about one lead, and all of them told when it is reached, but one change notifies at most %d (with these channels): fewer managers, or fewer reroutes", managers, min(owners, others), most)
	}
}
