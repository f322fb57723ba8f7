package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"
)

// Rejection is a lead LeadClock could not take, kept whole so that a refused lead is
// never simply lost: the dealership sees that a provider sent something it could not
// work, with what was wrong, and once the cause is fixed (a provider's mapping, a
// parser) ops can replay the payload exactly as it arrived.
type Rejection struct {
	// ID is made by the engine's id generator, so it is unique and sorts by time like
	// a lead's.
	ID          string
	At          time.Time
	Provider    string // provider id from the config
	ContentType string // as the provider sent it
	Status      int    // the HTTP status the provider got (400, 422)
	Reason      string // the error message the provider got
	Size        int    // bytes of Payload
	// Payload is the body as received, byte for byte: it may not be valid JSON, nor
	// even UTF-8, and it holds customers' details, so it is never logged.
	Payload []byte
}

// Same reports whether two rejections are the same one, payload included: a store
// asked to keep a rejection it already holds, the same in every field, is seeing its
// own write retried (a network error after the write landed), which is no conflict.
func (r Rejection) Same(o Rejection) bool {
	return r.ID == o.ID && r.At.Equal(o.At) && r.Provider == o.Provider && r.ContentType == o.ContentType &&
		r.Status == o.Status && r.Reason == o.Reason && r.Size == o.Size && bytes.Equal(r.Payload, o.Payload)
}

// Bounds of RejectionQuery.Limit.
const (
	DefaultRejectionLimit = 100
	MaxRejectionLimit     = 1000
)

// RejectionQuery selects rejections by when they were kept.
type RejectionQuery struct {
	// From and To bound At to [From, To); a zero bound is no bound.
	From, To time.Time
	// Limit is how many to return at most: DefaultRejectionLimit when 0 or less, and
	// never more than MaxRejectionLimit.
	Limit int
}

// Max is how many rejections the query returns at most.
func (q RejectionQuery) Max() int {
	switch {
	case q.Limit <= 0:
		return DefaultRejectionLimit
	case q.Limit > MaxRejectionLimit:
		return MaxRejectionLimit
	}
	return q.Limit
}

// Includes reports whether an instant falls in the query's window.
func (q RejectionQuery) Includes(t time.Time) bool {
	return (q.From.IsZero() || !t.Before(q.From)) && (q.To.IsZero() || t.Before(q.To))
}

// Rejections keeps rejected payloads. It is apart from Store because not every store
// keeps them (nor every test double of one); a store that does is used for them too
// (see New).
type Rejections interface {
	// Reject keeps a rejection as given. An ID already kept is ErrConflict: the
	// first payload stays; unless what is kept is the Same rejection, when Reject
	// does nothing and returns nil, so that a retried write is harmless.
	Reject(ctx context.Context, r Rejection) error
	// Rejections returns those with At in [q.From, q.To), newest first (ties: greatest
	// ID first), without their payloads: a thousand of them could be hundreds of
	// megabytes, and a list only needs their Size. Rejection returns one whole.
	Rejections(ctx context.Context, q RejectionQuery) ([]Rejection, error)
	// Rejection returns one with its payload; ErrNotFound when unknown.
	Rejection(ctx context.Context, id string) (Rejection, error)
	// CountRejections counts those with At in [from, to); a zero bound is no bound.
	CountRejections(ctx context.Context, from, to time.Time) (int, error)
}

// ErrNoRejections is what Reject returns when the engine's store keeps no rejections.
var ErrNoRejections = errors.New("the store keeps no rejections")

// Reject keeps a payload LeadClock refused, stamped with a new id, the engine's time
// and the payload's size, and returns it as kept. It is kept even when the provider
// hangs up meanwhile: the provider was already told it was refused, and a payload
// lost now could not be asked for again.
func (e *Engine) Reject(ctx context.Context, r Rejection) (Rejection, error) {
	if e.rejections == nil {
		return Rejection{}, fmt.Errorf("keep rejection from %s: %w", r.Provider, ErrNoRejections)
	}
	r.At = e.clock.Now()
	r.ID = e.newID()
	r.Size = len(r.Payload)
	if err := e.rejections.Reject(context.WithoutCancel(ctx), r); err != nil {
		return Rejection{}, fmt.Errorf("keep rejection %s from %s: %w", r.ID, r.Provider, err)
	}
	return r, nil
}
