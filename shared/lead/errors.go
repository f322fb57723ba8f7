package lead

import "errors"

// Errors Decide returns, wrapped with details. The HTTP layer maps them to statuses.
var (
	// ErrInvalid: the event is malformed (unknown rep, missing reason, bad outcome).
	ErrInvalid = errors.New("invalid")
	// ErrClosed: the lead is closed.
	ErrClosed = errors.New("lead is closed")
	// ErrNoOffer: there is no open offer for this rep to claim.
	ErrNoOffer = errors.New("no open offer")
	// ErrTaken: someone already claimed or contacted the lead.
	ErrTaken = errors.New("already taken")
	// ErrRepeated: a contact report guarded by the attempts its reporter saw arrived after
	// another attempt was logged: a double tap, or a form sent twice.
	ErrRepeated = errors.New("already logged")
)
