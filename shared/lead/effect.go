package lead

import "time"

// EffectKind says what an effect asks for.
type EffectKind string

// Effect kinds.
const (
	EffectNotify   EffectKind = "notify"
	EffectSchedule EffectKind = "schedule"
	EffectCancel   EffectKind = "cancel"
)

// Effect is something to do once the decision is committed. Its ID is deterministic:
// the same decision always yields the same ids, so running an effect twice can be
// recognised, and no two decisions about a lead yield the same id.
type Effect struct {
	ID     string     `json:"id"`
	LeadID string     `json:"leadId"`
	Kind   EffectKind `json:"kind"`
	Notice Notice     `json:"notice,omitzero"`
	Timer  Timer      `json:"timer,omitzero"`
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
