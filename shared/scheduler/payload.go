package scheduler

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/leadclock/leadclock/shared/lead"
)

// Payload is what a schedule sends the timer function: the timer, with its real
// deadline (the schedule itself fires up to Lead earlier). Schedules outlive
// deploys, so fields are only ever added, and a payload without "at" (set by hand,
// or by an older version) is still a timer.
type Payload struct {
	LeadID string         `json:"leadId,omitempty"`
	Inbox  string         `json:"inbox,omitempty"`
	Kind   lead.TimerKind `json:"kind"`
	Seq    int            `json:"seq"`
	// At is the timer's deadline, RFC 3339 in UTC.
	At time.Time `json:"at,omitzero"`
}

// PayloadOf returns the payload of a timer's schedule.
func PayloadOf(t lead.Timer) Payload {
	p := Payload{LeadID: t.LeadID, Inbox: t.Inbox, Kind: t.Kind, Seq: t.Seq}
	if !t.At.IsZero() {
		p.At = t.At.UTC()
	}
	return p
}

// Timer returns the timer the payload is about.
func (p Payload) Timer() lead.Timer {
	return lead.Timer{LeadID: p.LeadID, Inbox: p.Inbox, Kind: p.Kind, Seq: p.Seq, At: p.At}
}

// Decode reads a schedule's payload, as the timer function receives it. Fields it
// does not know are ignored, for payloads written by a newer version.
func Decode(data []byte) (Payload, error) {
	var p Payload
	if err := json.Unmarshal(data, &p); err != nil {
		return Payload{}, fmt.Errorf("decode timer payload: %w", err)
	}
	switch {
	case (p.LeadID == "") == (p.Inbox == ""):
		return Payload{}, errors.New("decode timer payload: want exactly one of leadId and inbox")
	case p.Kind == "":
		return Payload{}, errors.New("decode timer payload: no kind")
	case p.Seq < 0:
		return Payload{}, fmt.Errorf("decode timer payload: negative seq %d", p.Seq)
	}
	return p, nil
}

func (p Payload) encode() (string, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return "", fmt.Errorf("encode timer payload: %w", err)
	}
	return string(b), nil
}
