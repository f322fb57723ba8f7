package intake

import (
	"fmt"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"

	"github.com/leadclock/leadclock/shared/lead"
)

// phones reads the customer's phones, from "phone" and "phones" alike. A number that
// is not one is kept as sent, marked invalid, so that a rep can still try to make
// sense of it. It returns the problems with the numbers given, for the error when the
// customer turns out to be unreachable.
func (r *reader) phones(c customerBody) ([]lead.Phone, []Problem) {
	var out []lead.Phone
	var problems []Problem
	seen := map[string]bool{}
	add := func(field string, p phoneBody) {
		wrong := p.wrong
		if wrong == nil {
			wrong = p.number.wrong
		}
		if wrong != nil {
			r.warn(field, "expected a phone number, found %s; ignored", shownJSON(wrong))
			problems = append(problems, Problem{Field: field, Message: fmt.Sprintf("phone %s is not a phone number", shownJSON(wrong))})
			return
		}
		raw := oneLine(p.number.s)
		if raw == "" {
			return
		}
		e164, valid := r.e164(raw)
		// The same number sent twice, as "phone" and in "phones" say, is one phone.
		key := e164
		if !valid {
			key = "raw " + raw
		}
		if seen[key] {
			return
		}
		seen[key] = true
		if !valid {
			r.warn(field, "%s could not be read as a phone number", quoted(raw))
			problems = append(problems, Problem{Field: field, Message: fmt.Sprintf("phone %s is not a phone number", quoted(raw))})
		}
		kind, kindRaw := enum(phoneTypes, r.line(field+".type", p.label, maxField))
		when, _ := enum(callTimes, r.line(field+".time", p.time, maxField))
		out = append(out, lead.Phone{E164: e164, Raw: cut(raw, maxPhone), Type: kind, TypeRaw: kindRaw, Time: when, Valid: valid})
	}
	add("customer.phone", c.Phone)
	for i, p := range first(r, "customer.phones", c.Phones) {
		add(fmt.Sprintf("customer.phones[%d]", i), p)
	}
	return out, problems
}

// e164 reads a number in the dealership's region, so that a local number needs no
// country code. An extension ("ext 4") is dropped from the E.164 form, which cannot
// carry one, and stays in the raw form for the rep.
func (r *reader) e164(raw string) (e164 string, ok bool) {
	// Nothing that long is a phone number, and cutting it could make it a different one.
	if utf8.RuneCountInString(raw) > maxPhone {
		return "", false
	}
	// phonenumbers is a large port of a Java library fed whatever a provider sends; a
	// bug in it must cost one phone, not the lead.
	defer func() {
		if recover() != nil {
			e164, ok = "", false
		}
	}()
	num, err := phonenumbers.Parse(raw, r.region)
	if err != nil || !phonenumbers.IsValidNumber(num) {
		return "", false
	}
	return phonenumbers.Format(num, phonenumbers.E164), true
}
