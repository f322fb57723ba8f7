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
	// sent holds the id of every message in the log (guarded by mu).
	sent map[string]bool
}

var _ engine.OnceNotifier = (*Notifier)(nil)

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
	sent, err := readSent(filepath.Join(dir, LogFile))
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	n.sent = sent
	return n, nil
}

// already reports whether the log holds the message.
func (n *Notifier) already(id string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.sent[id]
}

// Send renders the message and records it; see SendOnce.
func (n *Notifier) Send(ctx context.Context, d engine.Delivery) error {
	return n.SendOnce(ctx, d)
}

// SendOnce renders the messages and records them in order. When it returns nil every
// line is on disk, and a crash then must not lose a message that was reported sent;
// the lines share one fsync. A message the log already holds (sent before a crash, its
// effect not yet marked done) is not written again, so calling again after an error
// records only the messages still missing. The runner never sends one message from
// two goroutines at once.
func (n *Notifier) SendOnce(ctx context.Context, ds ...engine.Delivery) error {
	return n.send(ctx, ds, n.renderer.Render)
}

// send records the deliveries, each rendered by render, as SendOnce says.
func (n *Notifier) send(ctx context.Context, ds []engine.Delivery, render func(engine.Delivery) message.Rendered) error {
	var (
		wrote []pendingLine
		last  uint64
		err   error
	)
	for _, d := range ds {
		if err = ctx.Err(); err != nil {
			err = fmt.Errorf("outbox: message %s: %w", d.Message.ID, err)
			break
		}
		if n.already(d.Message.ID) {
			continue
		}
		p, seq, werr := n.write(d, render)
		if werr != nil {
			err = werr
			break
		}
		wrote, last = append(wrote, p), seq
	}
	if len(wrote) == 0 {
		return err
	}
	// Those written before a failure are made durable and reported all the same.
	if serr := n.synced.wait(last, n.sync); serr != nil {
		n.mu.Lock()
		for _, p := range wrote {
			delete(n.sent, p.id)
		}
		n.mu.Unlock()
		return fmt.Errorf("outbox: messages %s…: %w", wrote[0].id, serr)
	}
	// The messages are recorded; a terminal that cannot be written to must not make
	// the runner send them again.
	n.stdoutMu.Lock()
	for _, p := range wrote {
		_, _ = io.WriteString(n.stdout, p.summary+"\n")
	}
	n.stdoutMu.Unlock()
	return err
}

// pendingLine is a message appended to the log and not yet known durable.
type pendingLine struct {
	id, summary string
}

// write renders a message, writes its .eml, appends its line and returns the line's
// number for the group sync.
func (n *Notifier) write(d engine.Delivery, render func(engine.Delivery) message.Rendered) (pendingLine, uint64, error) {
	m := d.Message
	if err := checkAddress(d); err != nil {
		return pendingLine{}, 0, fmt.Errorf("outbox: message %s to %s by %s: %w", m.ID, d.Rep.ID, m.Channel, err)
	}
	r := render(d)
	now := n.clock.Now()

	rec := newRecord(d, r, now.In(n.location()))
	if m.Channel == lead.Email {
		name := emlName(now, m.ID)
		data, err := n.eml(d, r, now)
		if err != nil {
			return pendingLine{}, 0, fmt.Errorf("outbox: message %s: %w", m.ID, err)
		}
		if err := writeAtomic(filepath.Join(n.dir, EmailDir), name, data); err != nil {
			return pendingLine{}, 0, fmt.Errorf("outbox: message %s: %w", m.ID, err)
		}
		rec.EML = EmailDir + "/" + name
	}
	line, err := rec.marshal()
	if err != nil {
		return pendingLine{}, 0, fmt.Errorf("outbox: message %s: %w", m.ID, err)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := appendLine(filepath.Join(n.dir, LogFile), line); err != nil {
		return pendingLine{}, 0, fmt.Errorf("outbox: message %s: %w", m.ID, err)
	}
	n.sent[m.ID] = true
	return pendingLine{id: m.ID, summary: n.summary(d, r, now)}, n.synced.wrote(), nil
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
