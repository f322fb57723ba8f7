package message

import (
	"strconv"
	"strings"
)

// subject leads with what happened and ends with what to do, so that the inbox list
// alone tells a rep whether to open it: "New lead: Pat Doe – 2024 Honda Civic — call
// by 10:05". The vehicle's status is left out to keep it within a phone's width.
func (r Renderer) subject(entries []entry) string {
	if len(entries) == 1 {
		e := entries[0]
		s := e.say.title + ": " + who(e, "–", false)
		if e.say.tail != "" {
			s += " — " + e.say.tail
		}
		return s
	}
	// "Demo Motors: 3 updates — New lead ×2, Claimed"
	var titles []string
	count := map[string]int{}
	for _, e := range entries {
		if count[e.say.title] == 0 {
			titles = append(titles, e.say.title)
		}
		count[e.say.title]++
	}
	for i, t := range titles {
		if count[t] > 1 {
			titles[i] = t + " ×" + strconv.Itoa(count[t])
		}
	}
	return clean(r.Dealership, 40) + ": " + strconv.Itoa(len(entries)) + " updates — " + strings.Join(titles, ", ")
}

// emailText is the plain-text part, for mail clients that show no HTML and for
// previews: one block per lead, with what the HTML part shows.
func (r Renderer) emailText(entries []entry, note string) string {
	var b strings.Builder
	dealer := clean(r.Dealership, 40)
	if len(entries) > 1 {
		b.WriteString(dealer + ": " + strconv.Itoa(len(entries)) + " updates\n\n")
	}
	for i, e := range entries {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(e.say.title + ": " + who(e, "–", true) + "\n")
		b.WriteString(e.say.detail + "\n")
		if e.say.urgent && e.lead != nil {
			if p := firstPhone(e.lead.Customer); p != "" {
				b.WriteString("Phone: " + p + "\n")
			}
			if m := firstEmail(e.lead.Customer); m != "" {
				b.WriteString("Email: " + m + "\n")
			}
		}
		if e.link != "" {
			b.WriteString(e.say.action + ": " + e.link + "\n")
		}
	}
	if note != "" {
		b.WriteString("\n" + note + "\n")
	}
	b.WriteString("\n— " + footer(dealer) + "\n")
	return b.String()
}

func footer(dealer string) string {
	return "LeadClock for " + dealer
}
