package lead

import "time"

// EffectKind says what an effect asks for.
type EffectKind string

// Effect kinds.
const (
	// EffectNotify hands a notice to the recipient's inbox, which bundles it.
	EffectNotify EffectKind = "notify"
	// EffectSend delivers a message.
	EffectSend     EffectKind = "send"
	EffectSchedule EffectKind = "schedule"
	EffectCancel   EffectKind = "cancel"
)

// Effect is something to do once the decision is committed. Its payload is a pointer
// so that the slices of effects a decision builds stay narrow. Its ID is deterministic:
// the same decision always yields the same ids, so running an effect twice can be
// recognised, and no two decisions about a lead yield the same id.
type Effect struct {
	ID string `json:"id"`
	// LeadID is the lead the effect comes from; empty for an inbox's effects.
	LeadID  string     `json:"leadId,omitempty"`
	Kind    EffectKind `json:"kind"`
	Notice  *Notice    `json:"notice,omitempty"`  // EffectNotify
	Message *Message   `json:"message,omitempty"` // EffectSend
	Timer   *Timer     `json:"timer,omitempty"`   // EffectSchedule, EffectCancel
}

// Channel is a way LeadClock reaches a rep.
type Channel string

// Channels.
const (
	SMS   Channel = "sms"
	Email Channel = "email"
)

// NoticeKind says why a rep is told about a lead.
type NoticeKind string

// Notice kinds. The first four urge someone to act; the rest inform.
const (
	NoticeNewLead    NoticeKind = "new-lead"
	NoticeWarning    NoticeKind = "warning"
	NoticeOffer      NoticeKind = "offer"
	NoticeEscalation NoticeKind = "escalation"

	NoticeRerouted      NoticeKind = "rerouted" // the lead was taken from you
	NoticeClaimed       NoticeKind = "claimed"
	NoticeContacted     NoticeKind = "contacted"
	NoticeSecondContact NoticeKind = "second-contact-due"
	NoticeFollowUp      NoticeKind = "follow-up-due"
	NoticeStalled       NoticeKind = "stalled"
	NoticeReturning     NoticeKind = "returning" // the customer inquired again
)

// urges reports whether the notice asks the rep to act now on a lead awaiting contact.
func (k NoticeKind) urges() bool {
	switch k {
	case NoticeNewLead, NoticeWarning, NoticeOffer, NoticeEscalation:
		return true
	}
	return false
}

// Notice is a message to one rep on one channel about one lead.
type Notice struct {
	LeadID  string     `json:"leadId"`
	To      string     `json:"to"`
	Channel Channel    `json:"channel"`
	Kind    NoticeKind `json:"kind"`
	// About is the other rep the notice concerns: who claimed, contacted or now owns it.
	About string    `json:"about,omitempty"`
	At    time.Time `json:"at"`
}

// Message is what reaches a rep: one notice, or several bundled, on one channel.
type Message struct {
	ID      string   `json:"id"`
	To      string   `json:"to"`
	Channel Channel  `json:"channel"`
	Notices []Notice `json:"notices"`
}
