package message

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// smsBudget is the length a single-notice text aims for: two concatenated GSM
// segments (2 × 153) with room to spare. Whatever the customer's name and vehicle,
// they are cut to fit, since the deadline and the link are what the rep needs.
const smsBudget = 300

// minWho keeps the customer recognisable even when a long link eats the budget.
const minWho = 24

// gsm replaces the typographic characters this package would otherwise put in a
// text. One character outside the GSM 7-bit alphabet makes the carrier send the whole
// text as UCS-2, 70 characters a segment instead of 160: a two-part nudge becomes
// five.
var gsm = strings.NewReplacer("–", "-", "—", "-", "…", "...", "’", "'", "‘", "'", "“", `"`, "”", `"`, "·", "-")

// sms renders a text: "Demo Motors: NEW LEAD Pat Doe - 2024 Honda Civic (used). Call
// by 10:05. Tap: https://…". A digest puts each lead on a numbered line under one
// heading.
func (r Renderer) sms(entries []entry) string {
	dealer := clean(r.Dealership, 40)
	if len(entries) == 1 {
		head := dealer + ": "
		room := smsBudget - utf8.RuneCountInString(gsm.Replace(head+smsLine(entries[0], "")))
		return gsm.Replace(head + smsLine(entries[0], cutPlain(gsm.Replace(who(entries[0], "-", true)), max(room, minWho))))
	}
	var b strings.Builder
	b.WriteString(dealer + ": " + strconv.Itoa(len(entries)) + " updates")
	for i, e := range entries {
		b.WriteString("\n" + strconv.Itoa(i+1) + ") " + smsLine(e, who(e, "-", true)))
	}
	return gsm.Replace(b.String())
}

// smsLine says what happened to the lead named name, what to do, and where to tap.
func smsLine(e entry, name string) string {
	s := strings.ToUpper(e.say.title) + " " + name + ". " + e.say.detail
	if e.link != "" {
		label := e.say.tap
		if label == "" {
			label = "Tap:"
		}
		s += " " + label + " " + e.link
	}
	return s
}

// cutPlain cuts s to max runes with a plain "...", the ellipsis a text can carry.
func cutPlain(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return strings.TrimSpace(string([]rune(s)[:max-3])) + "..."
}
