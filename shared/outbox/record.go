package outbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/message"
)

// record is one line of outbox.jsonl. Its shape is what tools and tests read, so
// fields are only ever added.
type record struct {
	At     string `json:"at"`
	LeadID string `json:"leadId"`
	// LeadIDs lists every lead of a message about more than one.
	LeadIDs   []string     `json:"leadIds,omitempty"`
	To        recipient    `json:"to"`
	Channel   lead.Channel `json:"channel"`
	Kind      string       `json:"kind"`
	Subject   string       `json:"subject,omitempty"`
	Text      string       `json:"text"`
	Links     []string     `json:"links"`
	MessageID string       `json:"messageId"`
	// EML is the email's file, relative to the notifier's directory.
	EML string `json:"eml,omitempty"`
}

type recipient struct {
	Rep   string `json:"rep"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
}

func newRecord(d engine.Delivery, r message.Rendered, at time.Time) record {
	m := d.Message
	rec := record{
		At:        at.Format("2006-01-02T15:04:05.000Z07:00"), // milliseconds: the benchmarks time nudges by it
		To:        recipient{Rep: d.Rep.ID},
		Channel:   m.Channel,
		Kind:      r.Kind,
		Subject:   r.Subject,
		Text:      r.Text,
		Links:     r.Links,
		MessageID: m.ID,
	}
	if rec.Links == nil {
		rec.Links = []string{} // [] rather than null: readers need not special-case it
	}
	if m.Channel == lead.Email {
		rec.To.Email = d.Rep.Email
	} else {
		rec.To.Phone = d.Rep.Phone
	}
	ids := leadIDs(m)
	if len(ids) > 0 {
		rec.LeadID = ids[0]
	}
	if len(ids) > 1 {
		rec.LeadIDs = ids
	}
	return rec
}

// leadIDs returns the leads the message names, each once, in order of first mention.
func leadIDs(m lead.Message) []string {
	var ids []string
	seen := map[string]bool{}
	for _, n := range m.Notices {
		if !seen[n.LeadID] {
			seen[n.LeadID] = true
			ids = append(ids, n.LeadID)
		}
	}
	return ids
}

// marshal returns the record as one line. HTML escaping is off: the texts hold links
// with & and the arrows of a human reading tail -f matter more than a browser that
// will never see this.
func (rec record) marshal() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rec); err != nil {
		return nil, fmt.Errorf("encode log line: %w", err)
	}
	return b.Bytes(), nil
}
