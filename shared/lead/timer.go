package lead

import "time"

// TimerKind says what a timer is for.
type TimerKind string

// Timer kinds.
const (
	// TimerWarn reminds the owner WarnBefore the first-contact deadline.
	TimerWarn TimerKind = "warn"
	// TimerDeadline ends a first-contact wait: the next escalation step applies.
	TimerDeadline TimerKind = "deadline"
	// TimerOpen wakes a queued lead when a shift opens.
	TimerOpen TimerKind = "open"
	// TimerSecondContact is when the second contact is due.
	TimerSecondContact TimerKind = "second-contact"
	// TimerFollowUp is the next follow-up reminder from the cadence.
	TimerFollowUp TimerKind = "follow-up"
	// TimerStall checks whether follow-up has stopped.
	TimerStall TimerKind = "stall"
	// TimerFlush sends the notices an inbox holds.
	TimerFlush TimerKind = "flush"
)

// Timer is a wake-up the engine asks a scheduler for, for a lead or, for a flush, for a
// rep's inbox. Seq is unique within the lead (or inbox): a fired timer that is no
// longer among the outstanding ones is a no-op, which makes late and duplicate
// deliveries harmless.
type Timer struct {
	LeadID string    `json:"leadId,omitempty"`
	Inbox  string    `json:"inbox,omitempty"`
	Kind   TimerKind `json:"kind"`
	Seq    int       `json:"seq"`
	At     time.Time `json:"at,omitzero"`
}
