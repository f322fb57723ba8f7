package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/message"
)

// Errors, both wrapping engine.ErrUndeliverable: retrying cannot help until the
// rep's details change.
var (
	// ErrNoAddress: the rep has no phone number for a text, or no address for an
	// email.
	ErrNoAddress = fmt.Errorf("rep has no address on this channel: %w", engine.ErrUndeliverable)
	// ErrOptedOut: the rep's number opted out of texts and there is no email address
	// to send the message to instead.
	ErrOptedOut = fmt.Errorf("rep's number is opted out of SMS and there is no email to fall back to: %w", engine.ErrUndeliverable)
)

// Emailer is the part of *sesv2.Client the notifier uses.
type Emailer interface {
	SendEmail(ctx context.Context, in *sesv2.SendEmailInput, opts ...func(*sesv2.Options)) (*sesv2.SendEmailOutput, error)
}

// Texter is the part of *sns.Client the notifier uses.
type Texter interface {
	Publish(ctx context.Context, in *sns.PublishInput, opts ...func(*sns.Options)) (*sns.PublishOutput, error)
	CheckIfPhoneNumberIsOptedOut(ctx context.Context, in *sns.CheckIfPhoneNumberIsOptedOutInput, opts ...func(*sns.Options)) (*sns.CheckIfPhoneNumberIsOptedOutOutput, error)
}

// Config is what a dealership's notifier needs.
type Config struct {
	Email Emailer
	SMS   Texter
	// Renderer renders every message, as in local mode.
	Renderer message.Renderer
	// From is the sender address of emails, the dealership's notifications.from: an
	// SES identity verified for sending. Its display name is Renderer.Dealership.
	From string
	// OriginationNumber, when set, is the E.164 number texts are sent from (SNS's
	// AWS.MM.SMS.OriginationNumber); otherwise SNS picks one of the account's.
	OriginationNumber string
	// Backoff bounds the retries of throttled and failed calls; zero is
	// DefaultBackoff.
	Backoff Backoff
	// Sleep pauses between retries; nil sleeps in real time. Tests pass one that
	// records the pauses.
	Sleep func(ctx context.Context, d time.Duration) error
	// Logger receives retries and fallbacks; nil discards them.
	Logger *slog.Logger
}

// Notifier is an engine.Notifier over SES v2 and SNS. It is safe for concurrent use.
type Notifier struct {
	cfg  Config
	from string // From with the dealership's name, as the From header shows it
	log  *slog.Logger
}

var _ engine.Notifier = (*Notifier)(nil)

// New returns a notifier.
func New(cfg Config) (*Notifier, error) {
	if cfg.Email == nil || cfg.SMS == nil {
		return nil, errors.New("notify: an SES and an SNS client are both needed")
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("notify: sender %q is not an email address", cfg.From)
	}
	if cfg.OriginationNumber != "" && !lead.IsE164(cfg.OriginationNumber) {
		return nil, errors.New("notify: origination number is not in E.164 form")
	}
	if cfg.Backoff == (Backoff{}) {
		cfg.Backoff = DefaultBackoff
	}
	if err := cfg.Backoff.validate(); err != nil {
		return nil, fmt.Errorf("notify: %w", err)
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Notifier{
		cfg:  cfg,
		from: (&mail.Address{Name: cfg.Renderer.Dealership, Address: from.Address}).String(),
		log:  log,
	}, nil
}

// Send delivers the message on its channel: a text, or an email when the rep's
// number opted out of texts; an email. See the package doc for what its errors mean.
func (n *Notifier) Send(ctx context.Context, d engine.Delivery) error {
	var err error
	switch d.Message.Channel {
	case lead.SMS:
		err = n.text(ctx, d)
	case lead.Email:
		err = n.email(ctx, d, "")
	default:
		err = fmt.Errorf("unknown channel: %w", engine.ErrUndeliverable)
	}
	if err != nil {
		return fmt.Errorf("notify: message %s to %s by %s: %w", d.Message.ID, d.Rep.ID, d.Message.Channel, err)
	}
	return nil
}
