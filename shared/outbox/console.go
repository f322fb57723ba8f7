package outbox

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/message"
)

// summary is the terminal line for a message:
//
//	10:00:03  sms   → alice      new-lead            L000…0001 Pat D. – 2024 Honda Civic LX (used)
//
// Terminals end up in screen shares and CI logs, so it names the customer by first
// name and initial and shows no phone number or email of anyone; outbox.jsonl has
// the rest.
func (n *Notifier) summary(d engine.Delivery, r message.Rendered, now time.Time) string {
	line := fmt.Sprintf("%s  %-5s → %-10s %-19s", now.In(n.location()).Format("15:04:05"), d.Message.Channel, d.Rep.ID, r.Kind)
	ids := leadIDs(d.Message)
	if len(ids) == 0 {
		return strings.TrimRight(line, " ")
	}
	line += shortID(ids[0]) + " " + describe(ids[0], d.Leads)
	if len(ids) > 1 {
		line += " (+" + strconv.Itoa(len(ids)-1) + " more)"
	}
	return line
}

func describe(id string, leads []lead.Lead) string {
	for _, l := range leads {
		if l.ID == id {
			s := message.ShortName(l.Customer)
			if v := message.VehicleSummary(l); v != "" {
				s += " – " + v
			}
			return s
		}
	}
	return "(lead deleted)"
}

// shortID abbreviates a long lead id to its first and last characters: the first
// tell the time of a ULID, the last tell apart leads of the same minute.
func shortID(id string) string {
	r := []rune(id)
	if len(r) <= 10 {
		return id
	}
	return string(r[:4]) + "…" + string(r[len(r)-4:])
}
