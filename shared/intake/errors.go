package intake

import (
	"errors"
	"strings"
)

// Sentinels the HTTP layer maps to statuses; the errors that wrap them say exactly
// what is wrong, for the provider to fix.
var (
	// ErrMalformed: the body is not a JSON object.
	ErrMalformed = errors.New("malformed lead")
	// ErrUnreachable: the lead gives no phone or email anyone could contact.
	ErrUnreachable = errors.New("no way to reach the customer")
)

// Problem is one thing wrong with a lead: the field it is about (a path such as
// customer.phones[1], empty for the body as a whole) and what is wrong with it.
type Problem struct {
	Field   string
	Message string
}

// Error lists what made a lead unusable, so that a provider learns all of it from one
// response. It unwraps to ErrMalformed or ErrUnreachable.
type Error struct {
	Kind     error // ErrMalformed or ErrUnreachable
	Problems []Problem
}

// Error reads as a sentence, e.g. `no way to reach the customer: phone "12" is not a
// phone number and no email was given`.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Kind.Error())
	for i, p := range e.Problems {
		switch {
		case i == 0:
			b.WriteString(": ")
		case i == len(e.Problems)-1:
			b.WriteString(" and ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(p.Message)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Kind }
