package intake

import (
	"bytes"
	"encoding/json"
	"strings"
)

// body is the JSON a provider posts. Every field is optional and unknown fields are
// ignored: providers add fields without asking, and what LeadClock does not use must
// not cost a lead. encoding/json matches field names regardless of case, which also
// forgives "FirstName" and "PHONE".
type body struct {
	ProviderLeadID text                      `json:"providerLeadId"`
	Customer       object[customerBody]      `json:"customer"`
	Vehicle        object[vehicleBody]       `json:"vehicle"`
	Vehicles       list[object[vehicleBody]] `json:"vehicles"`
	Comments       text                      `json:"comments"`
}

type customerBody struct {
	FirstName text `json:"firstName"`
	LastName  text `json:"lastName"`
	Name      text `json:"name"`
	// MiddleName and Suffix come from ADF's name parts; a JSON body rarely has them.
	MiddleName text `json:"middleName"`
	Suffix     text `json:"suffix"`
	// Preferred is the phone or email the customer prefers, or "phone" or "email".
	Preferred text            `json:"preferredContact"`
	Email     text            `json:"email"`
	Emails    list[text]      `json:"emails"`
	Phone     phoneBody       `json:"phone"`
	Phones    list[phoneBody] `json:"phones"`
}

type vehicleBody struct {
	Year     text `json:"year"`
	Make     text `json:"make"`
	Model    text `json:"model"`
	Trim     text `json:"trim"`
	VIN      text `json:"vin"`
	Stock    text `json:"stock"`
	Status   text `json:"status"`
	Interest text `json:"interest"`
}

// phoneBody is a phone given as text, or as an object with the number under "number"
// or "raw" and, optionally, its type (mobile, home, work).
type phoneBody struct {
	number text
	label  text
	time   text // when the customer prefers calls
	wrong  json.RawMessage
}

func (p *phoneBody) UnmarshalJSON(data []byte) error {
	*p = phoneBody{}
	if kind(data) != '{' {
		return p.number.UnmarshalJSON(data)
	}
	var o struct {
		Number text `json:"number"`
		Raw    text `json:"raw"`
		Type   text `json:"type"`
		Time   text `json:"time"`
	}
	if json.Unmarshal(data, &o) != nil {
		p.wrong = bytes.Clone(data)
		return nil
	}
	p.number, p.label, p.time = o.Number, o.Type, o.Time
	switch {
	case strings.TrimSpace(o.Number.s) != "":
	case strings.TrimSpace(o.Raw.s) != "", o.Number.wrong == nil && o.Raw.wrong != nil:
		p.number = o.Raw
	case !o.Number.set && !o.Raw.set && o.Number.wrong == nil:
		p.wrong = bytes.Clone(data) // an object with no number in it
	}
	return nil
}
