package engine

import (
	"context"
	"errors"
	"time"

	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/nudge"
	"github.com/leadclock/leadclock/shared/roster"
)

// Errors stores return. Adapters wrap them with context.
var (
	ErrNotFound = errors.New("not found")
	// ErrConflict: the commit's guard failed (someone else wrote the lead, the roster
	// or the inbox first, or the provider's lead id is taken). The engine decides again
	// on fresh state.
	ErrConflict = errors.New("conflict")
	// ErrUndeliverable: a notifier will never deliver this message however often it
	// is asked (no address on that channel, an address the provider refuses). Notifiers
	// wrap it so the message is recorded as failed instead of retried forever.
	ErrUndeliverable = errors.New("undeliverable")
)

// Clock tells the time. Production passes ClockFunc(time.Now); tests and the
// simulator a virtual clock.
type Clock interface {
	Now() time.Time
}

// ClockFunc adapts a function to Clock.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }

// Change is one decision to commit atomically.
type Change struct {
	// Lead is the new state. Its Version is the version it was read at (0 for a new
	// lead); the store writes it only if that is still the stored version, and bumps it.
	// Empty ID: the change touches only the roster.
	Lead       lead.Lead
	Activities []lead.Activity
	Effects    []lead.Effect
	// Roster, when set, is the new team state, guarded by its Version the same way.
	Roster *roster.State
	// MatchKeys point the customer's phones and emails at a new lead, for returning
	// customers.
	MatchKeys []string
}

// Filter selects leads. Empty fields match everything.
type Filter struct {
	Owner  string
	Status lead.Status
}

// Store keeps leads, their timelines, the roster, inboxes and the outbox of effects
// not yet run. A new lead with a provider lead id claims it: a second commit of the
// same provider's id fails with ErrConflict.
type Store interface {
	Lead(ctx context.Context, id string) (lead.Lead, error)
	Timeline(ctx context.Context, id string) ([]lead.Activity, error)
	LeadBySource(ctx context.Context, src lead.Source) (lead.Lead, error)
	// LeadByCustomer returns the lead a match key was last pointed at.
	LeadByCustomer(ctx context.Context, keys []string) (lead.Lead, error)
	Leads(ctx context.Context, f Filter) ([]lead.Lead, error)
	// Due returns leads with an outstanding timer at or before the instant.
	Due(ctx context.Context, before time.Time) ([]lead.Lead, error)
	Roster(ctx context.Context) (roster.State, error)
	// Commit writes changes in one atomic write, in order, as if one after another:
	// each change's guards see what the changes before it wrote, and when one guard
	// fails nothing is written. Changes in one call touch distinct leads but may each
	// carry the roster: an adapter whose transaction cannot write one item twice
	// (DynamoDB) writes the last roster, guarded by the first one's version. An
	// adapter may refuse more changes than its transactions hold; the engine commits
	// one change at a time unless told it may batch (Engine.WithBatch).
	Commit(ctx context.Context, cs ...Change) error

	// Inbox returns the inbox with the key; one never written is empty, Version 0.
	Inbox(ctx context.Context, key string) (nudge.Inbox, error)
	// CommitInbox writes an inbox guarded by its Version, with its effects.
	CommitInbox(ctx context.Context, b nudge.Inbox, effects []lead.Effect) error
	// DueInboxes returns inboxes holding notices whose flush time has passed.
	DueInboxes(ctx context.Context, before time.Time) ([]nudge.Inbox, error)

	// Pending returns effects not yet done, oldest first, in commit order per lead.
	Pending(ctx context.Context, limit int) ([]lead.Effect, error)
	Done(ctx context.Context, ids ...string) error
}

// Notifier delivers messages to reps.
type Notifier interface {
	Send(ctx context.Context, d Delivery) error
}

// OnceNotifier is a Notifier that delivers each message once however often it is
// asked to, as local mode's outbox does by remembering what it wrote. A message sent
// again after a crash then reaches nobody twice, so the runner hands it a lead's or an
// inbox's messages together and marks them done with the rest of their job, instead
// of one send and one commit after another.
type OnceNotifier interface {
	Notifier
	// SendOnce delivers the messages in order and returns once all are delivered. On
	// an error some may have been delivered; calling again with the same messages
	// delivers only the others.
	SendOnce(ctx context.Context, ds ...Delivery) error
}

// Delivery is a message on its way to a rep, with what it is about: a notifier renders
// the customer's name, the vehicle and the links from the leads, as they are when the
// message goes out.
type Delivery struct {
	Rep     roster.Rep
	Message lead.Message
	// Leads holds the current state of each lead the message's notices name, in notice
	// order; a lead deleted since is missing.
	Leads []lead.Lead
	// Refused is, for a manager, how many leads LeadClock refused in the day before
	// the message (kept as rejections): a provider sending leads nobody can contact is
	// a problem only a manager can take up with it, and only if they hear of it.
	Refused int
}

// Scheduler sets and cancels timers. Scheduling a timer twice, or cancelling one
// that already fired, must succeed: effects run at least once.
type Scheduler interface {
	Schedule(ctx context.Context, t lead.Timer) error
	Cancel(ctx context.Context, t lead.Timer) error
}
