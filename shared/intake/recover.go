package intake

import (
	"slices"
	"strings"

	"github.com/leadclock/leadclock/shared/lead"
)

// recover moves values a provider put in the wrong field to the right one: an email
// address in a name field, a phone number in an email field. Forms are filled in
// hastily, and a lead whose only contact sits in the wrong box is still a customer
// waiting for a call.
func (r *reader) recover(c *customerBody) {
	names := []struct {
		field string
		t     *text
	}{
		{"customer.name", &c.Name}, {"customer.firstName", &c.FirstName},
		{"customer.middleName", &c.MiddleName}, {"customer.lastName", &c.LastName},
	}
	for _, n := range names {
		v := oneLine(n.t.s)
		if !strings.Contains(v, "@") {
			continue
		}
		if _, ok := address(v); ok {
			r.warn(n.field, "holds an email address; read as the customer's email")
			c.Emails = append(c.Emails, *n.t)
			*n.t = text{}
		}
	}
	move := func(field string, t text) bool {
		v := oneLine(t.s)
		if v == "" || strings.Contains(v, "@") {
			return false
		}
		if _, ok := r.e164(v); !ok {
			return false
		}
		r.warn(field, "holds a phone number; read as the customer's phone")
		c.Phones = append(c.Phones, phoneBody{number: t})
		return true
	}
	if move("customer.email", c.Email) {
		c.Email = text{}
	}
	c.Emails = slices.DeleteFunc(c.Emails, func(t text) bool { return move("customer.emails", t) })
}

// preferred reads how the customer wants to be reached: a phone or email they gave
// (ADF's preferredcontact="1"), or the words "phone" or "email", which pick the first
// of that kind.
func (r *reader) preferred(t text, c lead.Customer) string {
	v := oneLine(r.text("customer.preferredContact", t))
	if v == "" {
		return ""
	}
	switch strings.ToLower(v) {
	case "phone", "call", "text", "sms", "cellphone", "mobile":
		for _, p := range c.Phones {
			if p.Valid {
				return p.E164
			}
		}
		return ""
	case "email", "e-mail":
		if len(c.Emails) > 0 {
			return c.Emails[0]
		}
		return ""
	}
	if a, ok := address(v); ok {
		for _, e := range c.Emails {
			if strings.EqualFold(e, a) {
				return e
			}
		}
	}
	if e, ok := r.e164(v); ok {
		return e
	}
	r.warn("customer.preferredContact", "%s is none of the customer's phones or emails; ignored", quoted(v))
	return ""
}
