package message

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/leadclock/leadclock/shared/lead"
)

// Lengths past which provider-supplied text is cut: a name pasted with a whole
// paragraph must not push the deadline and the link out of a text message.
const (
	maxCustomer = 40
	maxVehicle  = 48
	maxRepName  = 30
)

// CustomerName is how a message names the customer: the full name as sent, else first
// and last name, else the first email, else "a customer".
func CustomerName(c lead.Customer) string {
	for _, s := range []string{c.Name, c.FirstName + " " + c.LastName} {
		if n := clean(s, maxCustomer); n != "" {
			return n
		}
	}
	for _, e := range c.Emails {
		if e := clean(e, maxCustomer); e != "" {
			return e
		}
	}
	return "a customer"
}

// ShortName names the customer in logs: first name and last initial ("Pat D."), never
// an email or a phone number, since logs travel further than messages.
func ShortName(c lead.Customer) string {
	first, last := strings.Fields(c.FirstName), strings.Fields(c.LastName)
	if len(first) == 0 && len(last) == 0 {
		if f := strings.Fields(c.Name); len(f) > 0 {
			first, last = f[:1], f[1:]
		}
	}
	if len(first) == 0 || strings.ContainsFunc(first[0], func(r rune) bool { return r == '@' || unicode.IsDigit(r) }) {
		return "a customer"
	}
	s := clean(first[0], maxCustomer)
	if len(last) > 0 {
		if r, _ := utf8.DecodeRuneInString(last[len(last)-1]); unicode.IsLetter(r) {
			s += " " + string(r) + "."
		}
	}
	return s
}

// VehicleSummary describes the lead's first vehicle: "2024 Honda Civic LX (used)".
// Empty when the lead names none.
func VehicleSummary(l lead.Lead) string {
	if len(l.Vehicles) == 0 {
		return ""
	}
	v := l.Vehicles[0]
	s := vehicleName(v)
	if st := clean(v.Status, 12); st != "" {
		if s == "" {
			return "a " + st + " vehicle"
		}
		s = clip(s, maxVehicle-len(st)-3) + " (" + st + ")"
	}
	return s
}

func vehicleName(v lead.Vehicle) string {
	var parts []string
	if v.Year > 0 {
		parts = append(parts, strconv.Itoa(v.Year))
	}
	parts = append(parts, v.Make, v.Model, v.Trim)
	return clean(strings.Join(parts, " "), maxVehicle)
}

// firstPhone returns the customer's first valid number in E.164, checked again here
// because it ends up in tel: and sms: links.
func firstPhone(c lead.Customer) string {
	for _, p := range c.Phones {
		if p.Valid && lead.IsE164(p.E164) {
			return p.E164
		}
	}
	return ""
}

func firstEmail(c lead.Customer) string {
	for _, e := range c.Emails {
		if e = strings.TrimSpace(e); e != "" && !strings.ContainsFunc(e, unicode.IsSpace) {
			return e
		}
	}
	return ""
}

// clean makes provider text safe to place in a line: control characters and runs of
// whitespace become single spaces (a newline in a name must not start a new line of
// the message, or a new header), and it is cut to max runes.
func clean(s string, max int) string {
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
	return clip(s, max)
}

func clip(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:max-1])) + "…"
}
