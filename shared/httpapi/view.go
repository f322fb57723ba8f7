package httpapi

import (
	"time"

	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/lead"
)

// LeadView is a lead as the API shows it: who owns it, when the customer's wait
// ends, the customer and vehicles as received, and the timeline.
type LeadView struct {
	ID             string         `json:"id"`
	Status         lead.Status    `json:"status"`
	Owner          *RepRef        `json:"owner"`
	ReceivedAt     time.Time      `json:"receivedAt"`
	Deadline       *time.Time     `json:"deadline"`
	FirstContactAt *time.Time     `json:"firstContactAt"`
	Attempts       int            `json:"attempts"`
	Customer       CustomerView   `json:"customer"`
	Vehicles       []lead.Vehicle `json:"vehicles"`
	Provider       RepRef         `json:"provider"`
	ProviderLeadID string         `json:"providerLeadId,omitempty"`
	Comments       string         `json:"comments"`
	Request        lead.Request   `json:"request"`
	Warnings       []string       `json:"warnings,omitempty"`
	PreviousLead   string         `json:"previousLead,omitempty"`
	Closure        *lead.Closure  `json:"closure,omitempty"`
	Timeline       []Entry        `json:"timeline,omitempty"`
}

// RepRef names a rep or a provider.
type RepRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// CustomerView is the customer with every email and phone kept.
type CustomerView struct {
	Name      string       `json:"name"`
	FirstName string       `json:"firstName"`
	LastName  string       `json:"lastName"`
	Emails    []string     `json:"emails"`
	Phones    []lead.Phone `json:"phones"`
	// Preferred is the phone or email the customer asked to be contacted on.
	Preferred string `json:"preferred,omitempty"`
}

// Entry is one timeline entry.
type Entry struct {
	At       time.Time       `json:"at"`
	Type     lead.Type       `json:"type"`
	Actor    string          `json:"actor"`
	Status   lead.Status     `json:"status"`
	Rep      string          `json:"rep,omitempty"`
	From     string          `json:"from,omitempty"`
	Step     int             `json:"step,omitempty"`
	Action   lead.Action     `json:"action,omitempty"`
	Notice   lead.NoticeKind `json:"notice,omitempty"`
	Channel  string          `json:"channel,omitempty"`
	Evidence lead.Evidence   `json:"evidence,omitempty"`
	Outcome  string          `json:"outcome,omitempty"`
	Reason   string          `json:"reason,omitempty"`
	Note     string          `json:"note,omitempty"`
	Attempts int             `json:"attempts,omitempty"`
	Until    *time.Time      `json:"until,omitempty"`
	// Inquiry is a returning customer's new inquiry, merged into this lead.
	Inquiry *lead.Inquiry `json:"inquiry,omitempty"`
}

// view builds the API's picture of a lead; timeline may be nil (lists leave it out).
func view(cfg *dealer.Config, l lead.Lead, timeline []lead.Activity) LeadView {
	v := LeadView{
		ID: l.ID, Status: l.Status, ReceivedAt: l.ReceivedAt, Attempts: l.Attempts,
		Deadline: optTime(l.Deadline), FirstContactAt: optTime(l.FirstContactAt),
		Customer: CustomerView{Name: l.Customer.Name, FirstName: l.Customer.FirstName, LastName: l.Customer.LastName,
			Emails: nonNil(l.Customer.Emails), Phones: nonNil(l.Customer.Phones), Preferred: l.Customer.Preferred},
		Vehicles: nonNil(l.Vehicles), Provider: providerRef(cfg, l.Source.Provider), ProviderLeadID: l.Source.ProviderLeadID,
		Comments: l.Comments, Request: l.Request, Warnings: l.Warnings, PreviousLead: l.PreviousLead, Closure: l.Closure,
	}
	if l.Owner != "" {
		ref := repRef(cfg, l.Owner)
		v.Owner = &ref
	}
	for _, a := range timeline {
		v.Timeline = append(v.Timeline, Entry{At: a.At, Type: a.Type, Actor: a.Actor, Status: a.Status, Rep: a.Rep, From: a.From,
			Step: a.Step, Action: a.Action, Notice: a.Notice, Channel: a.Channel, Evidence: a.Evidence, Outcome: a.Outcome,
			Reason: a.Reason, Note: a.Note, Attempts: a.Attempts, Until: optTime(a.Until), Inquiry: a.Inquiry})
	}
	return v
}

func repRef(cfg *dealer.Config, id string) RepRef {
	if r, ok := cfg.Team.Rep(id); ok {
		return RepRef{ID: id, Name: r.Name}
	}
	return RepRef{ID: id, Name: id}
}

func providerRef(cfg *dealer.Config, id string) RepRef {
	for _, p := range cfg.Providers {
		if p.ID == id {
			return RepRef{ID: id, Name: p.Name}
		}
	}
	return RepRef{ID: id, Name: id}
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// nonNil makes empty lists show as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
