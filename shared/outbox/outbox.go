// Package outbox is local mode's notifier. Without an SMS provider or a mail server, a
// developer still needs to watch the nudges go out and tap their links: each message
// is appended to outbox.jsonl (for tools and tests), each email is also written as an
// .eml file a mail client opens, and a one-line summary goes to the terminal.
package outbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/message"
)

// ErrNoAddress: the rep has no phone number for a text, or no address for an email.
// The engine records the failure; retrying will not help until the config changes.
var ErrNoAddress = errors.New("rep has no address on this channel")

// DefaultFrom is the sender of emails when no WithFrom is given. localhost, so that an
// .eml opened by mistake in a real mail client cannot be replied to anyone.
const DefaultFrom = "leadclock@localhost"

// File names inside the notifier's directory.
const (
	LogFile  = "outbox.jsonl"
	EmailDir = "outbox"
)

// Notifier writes each message to files under one directory. It is safe for
// concurrent use.
type Notifier struct {
	dir      string
	renderer message.Renderer
	clock    engine.Clock
	stdout   io.Writer
	from     string

	// mu keeps lines of the log whole and in one order when the runner sends from
	// several goroutines.
	mu       sync.Mutex
	stdoutMu sync.Mutex
	// synced makes the lines durable together: one fsync for all the Sends waiting.
	synced groupSync
}

var _ engine.Notifier = (*Notifier)(nil)

// Option configures a Notifier.
type Option func(*Notifier)

// WithFrom sets the sender address of emails: the dealership's notifications.from.
func WithFrom(addr string) Option {
	return func(n *Notifier) { n.from = addr }
}

// New returns a notifier writing under dir, which it creates with dir/outbox. Lines
// go to stdout; nil discards them.
func New(dir string, r message.Renderer, clock engine.Clock, stdout io.Writer, opts ...Option) (*Notifier, error) {
	if dir == "" {
		return nil, errors.New("outbox: no directory given")
	}
	if clock == nil {
		return nil, errors.New("outbox: no clock given")
	}
	if stdout == nil {
		stdout = io.Discard
	}
	n := &Notifier{dir: dir, renderer: r, clock: clock, stdout: stdout, from: DefaultFrom}
	for _, o := range opts {
		o(n)
	}
	// Customer names and numbers end up here: readable by the developer only.
	if err := os.MkdirAll(filepath.Join(dir, EmailDir), 0o700); err != nil {
		return nil, fmt.Errorf("outbox: create %s: %w", dir, err)
	}
	// Created now, so that tail -f works before the first nudge.
	if err := touch(filepath.Join(dir, LogFile)); err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	return n, nil
}

// Send renders the message and records it. When Send returns nil the log line is on
// disk: the runner marks the effect done next, and a crash then must not lose a
// message that was reported sent. A message is recorded again if Send is retried
// after an error, as a real provider would send it again.
func (n *Notifier) Send(ctx context.Context, d engine.Delivery) error {
	m := d.Message
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("outbox: message %s: %w", m.ID, err)
	}
	if err := checkAddress(d); err != nil {
		return fmt.Errorf("outbox: message %s to %s by %s: %w", m.ID, d.Rep.ID, m.Channel, err)
	}
	r := n.renderer.Render(d)
	now := n.clock.Now()

	rec := newRecord(d, r, now.In(n.location()))
	if m.Channel == lead.Email {
		name := emlName(now, m.ID)
		data, err := n.eml(d, r, now)
		if err != nil {
			return fmt.Errorf("outbox: message %s: %w", m.ID, err)
		}
		if err := writeAtomic(filepath.Join(n.dir, EmailDir), name, data); err != nil {
			return fmt.Errorf("outbox: message %s: %w", m.ID, err)
		}
		rec.EML = EmailDir + "/" + name
	}
	line, err := rec.marshal()
	if err != nil {
		return fmt.Errorf("outbox: message %s: %w", m.ID, err)
	}
	n.mu.Lock()
	err = appendLine(filepath.Join(n.dir, LogFile), line)
	written := n.synced.wrote()
	n.mu.Unlock()
	if err != nil {
		return fmt.Errorf("outbox: message %s: %w", m.ID, err)
	}
	if err := n.synced.wait(written, n.sync); err != nil {
		return fmt.Errorf("outbox: message %s: %w", m.ID, err)
	}
	// The message is recorded; a terminal that cannot be written to must not make the
	// runner send it again.
	n.stdoutMu.Lock()
	_, _ = io.WriteString(n.stdout, n.summary(d, r, now)+"\n")
	n.stdoutMu.Unlock()
	return nil
}

// sync makes every line appended so far, and every .eml renamed into place, durable.
func (n *Notifier) sync() error {
	if err := syncFile(filepath.Join(n.dir, LogFile)); err != nil {
		return err
	}
	return syncDir(filepath.Join(n.dir, EmailDir))
}

func checkAddress(d engine.Delivery) error {
	switch d.Message.Channel {
	case lead.SMS:
		if d.Rep.Phone == "" {
			return fmt.Errorf("no phone number: %w", ErrNoAddress)
		}
	case lead.Email:
		if d.Rep.Email == "" {
			return fmt.Errorf("no email address: %w", ErrNoAddress)
		}
	default:
		return fmt.Errorf("unknown channel %q", d.Message.Channel)
	}
	return nil
}

func (n *Notifier) location() *time.Location {
	if n.renderer.Location == nil {
		return time.UTC
	}
	return n.renderer.Location
}
