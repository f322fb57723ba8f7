// Package message writes what a rep reads. The engine decides who hears about which
// lead and why; a rep standing on the lot needs to see, in one glance, which customer,
// which car, what to do and by when, and to act with one tap. Every channel adapter
// (local outbox, SMS, email) renders through here, so a nudge says the same thing
// whichever way it arrives.
package message

import (
	"strconv"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
)

// Links mints the one-tap URL that lets a rep act on a lead. The server implements it
// from its base URL and an action.Signer; this package only places the links.
type Links interface {
	Action(leadID, rep string) string
}

// Rendered is a message ready for a channel. SMS uses Text only; email uses Subject,
// Text and HTML.
type Rendered struct {
	// Kind is the notice kind, or "digest" for a message about several things.
	Kind    string
	Subject string
	Text    string
	HTML    string
	// Links are the action URLs the message carries, in the order of its leads. Leads
	// the recipient has nothing left to do about (someone else claimed or contacted
	// them) carry none.
	Links []string
}

// Digest is the Kind of a message bundling notices of different kinds.
const Digest = "digest"

// Renderer renders deliveries for one dealership.
type Renderer struct {
	// Dealership is the name reps know the dealership by; texts start with it because
	// a rep may work for more than one store and the sender is a short code.
	Dealership string
	// Location is the dealership's time zone: deadlines are read on the lot's clock.
	// Nil means UTC.
	Location *time.Location
	// Links mints action URLs; nil renders messages without links.
	Links Links
	// RepName returns a rep's display name; nil or "" falls back to the id. Notices
	// only name other reps by id.
	RepName func(id string) string
}

// Render renders the delivery for its channel. Notices about the same lead collapse
// into the latest one: when a bundle holds an offer and then "Bob claimed it", only
// the claim is still true. One notice left renders as a single nudge, more as a
// digest with a line per lead.
func (r Renderer) Render(d engine.Delivery) Rendered {
	entries := r.entries(d)
	out := Rendered{Kind: kindOf(entries)}
	for _, e := range entries {
		if e.link != "" {
			out.Links = append(out.Links, e.link)
		}
	}
	note := refusedNote(d.Refused)
	if d.Message.Channel == lead.Email {
		out.Subject = r.subject(entries)
		out.Text = r.emailText(entries, note)
		out.HTML = r.emailHTML(out.Subject, entries, note)
		return out
	}
	out.Text = r.sms(entries)
	if note != "" {
		out.Text += "\n" + note
	}
	return out
}

// refusedNote tells a manager how many leads were refused lately, and where they are
// kept: leads nobody could contact are a provider's problem that only a manager can
// raise with it.
func refusedNote(n int) string {
	switch {
	case n <= 0:
		return ""
	case n == 1:
		return "Note: 1 lead was refused in the last 24 h (no usable phone or email, or unreadable); see GET /rejections."
	}
	return "Note: " + strconv.Itoa(n) + " leads were refused in the last 24 h (no usable phone or email, or unreadable); see GET /rejections."
}

func kindOf(entries []entry) string {
	if len(entries) == 0 {
		return Digest
	}
	k := entries[0].notice.Kind
	for _, e := range entries[1:] {
		if e.notice.Kind != k {
			return Digest
		}
	}
	return string(k)
}

func (r Renderer) location() *time.Location {
	if r.Location == nil {
		return time.UTC
	}
	return r.Location
}

func (r Renderer) repName(id string) string {
	if r.RepName != nil {
		if n := clean(r.RepName(id), maxRepName); n != "" {
			return n
		}
	}
	return clean(id, maxRepName)
}
