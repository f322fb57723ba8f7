package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"

	"github.com/leadclock/leadclock/shared/engine"
)

// Backoff bounds the retries of one call: Attempts tries in all, the n-th pause
// between Base·2ⁿ⁻¹/2 and Base·2ⁿ⁻¹, capped at Max (exponential backoff with half
// jitter, so that senders throttled together do not retry together).
type Backoff struct {
	Attempts int
	Base     time.Duration
	Max      time.Duration
}

// DefaultBackoff gives a call four tries with under two seconds of pauses in all:
// enough to ride out a burst of throttling, short enough not to hold up a dispatch.
var DefaultBackoff = Backoff{Attempts: 4, Base: 250 * time.Millisecond, Max: 2 * time.Second}

func (b Backoff) validate() error {
	if b.Attempts < 1 || b.Base <= 0 || b.Max < b.Base {
		return fmt.Errorf("backoff %+v: want at least one attempt and 0 < Base <= Max", b)
	}
	return nil
}

// pause is how long to wait before retry n (1 for the first retry).
func (b Backoff) pause(n int) time.Duration {
	ceiling := b.Base
	for i := 1; i < n && ceiling < b.Max; i++ {
		ceiling *= 2
	}
	ceiling = min(ceiling, b.Max)
	half := ceiling / 2
	return half + rand.N(ceiling-half+1)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// class is what an error from AWS says about trying again.
type class int

const (
	// other: not retried here, not given up: the runner tries again later.
	other class = iota
	// transient: throttled or failed on AWS's side; retried here.
	transient
	// undeliverable: this message will never be accepted.
	undeliverable
)

// undeliverableCodes are the codes with which SES and SNS refuse a message for
// what it is or where it goes.
var undeliverableCodes = map[string]bool{
	"MessageRejected":                    true, // SES: content refused, or the sender unverified in the sandbox
	"MailFromDomainNotVerifiedException": true, // SES
	"BadRequestException":                true, // SES: a malformed request (an address SES cannot parse)
	"InvalidParameter":                   true, // SNS: a number SNS will not text, a message too long
	"ParameterValueInvalid":              true, // SNS
	"InvalidParameterValue":              true, // SNS, as some endpoints spell it
	"ValidationException":                true, // SNS
	"OptedOut":                           true, // SNS
}

// transientCodes are the codes of SES and SNS that mean "later" but are not among
// the SDK's retryable codes.
var transientCodes = map[string]bool{
	"Throttled":                     true, // SNS ThrottledException
	"KMSThrottling":                 true, // SNS
	"InternalError":                 true, // SNS InternalErrorException
	"InternalFailure":               true,
	"ServiceUnavailable":            true,
	"InternalServiceErrorException": true, // SES v2
}

var retryable = retry.IsErrorRetryables(retry.DefaultRetryables)

func classify(err error) class {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return other
	}
	apiErr, isAPI := errors.AsType[smithy.APIError](err)
	if isAPI {
		switch code := apiErr.ErrorCode(); {
		case undeliverableCodes[code]:
			return undeliverable
		case transientCodes[code]:
			return transient
		}
	}
	if retryable.IsErrorRetryable(err) == aws.TrueTernary {
		return transient
	}
	if isAPI && apiErr.ErrorFault() == smithy.FaultServer {
		return transient
	}
	return other
}

// retry calls fn until it succeeds, fails for good, or runs out of attempts.
func (n *Notifier) retry(ctx context.Context, d engine.Delivery, op string, fn func() error) error {
	b := n.cfg.Backoff
	for attempt := 1; ; attempt++ {
		err := fn()
		if err == nil {
			return nil
		}
		c := classify(err)
		if c != transient || attempt == b.Attempts {
			return wrap(op, err, c, attempt)
		}
		pause := b.pause(attempt)
		// The error as wrap prints it: without AWS's message, which may hold an address.
		n.log.WarnContext(ctx, "retrying AWS call", slog.String("error", wrap(op, err, c, attempt).Error()),
			slog.Duration("pause", pause), slog.String("message", d.Message.ID), slog.String("rep", d.Rep.ID))
		if serr := n.cfg.Sleep(ctx, pause); serr != nil {
			return errors.Join(wrap(op, err, c, attempt), serr)
		}
	}
}

// apiError is an error AWS answered, printed without its message, which may quote
// the phone number or address it refused; errors.As still finds the AWS error
// inside.
type apiError struct {
	op, code, requestID string
	attempts            int
	err                 error
}

func (e *apiError) Error() string {
	s := e.op + ": " + e.code
	if e.requestID != "" {
		s += " (request id " + e.requestID + ")"
	}
	return s + attemptsNote(e.attempts)
}

func (e *apiError) Unwrap() error { return e.err }

func attemptsNote(n int) string {
	if n > 1 {
		return fmt.Sprintf(" after %d attempts", n)
	}
	return ""
}

func wrap(op string, err error, c class, attempts int) error {
	apiErr, ok := errors.AsType[smithy.APIError](err)
	if !ok {
		// Connection errors, timeouts, cancellations: they quote no address (SES and
		// SNS requests carry them in the body, never in the URL), so they stay whole.
		return fmt.Errorf("%s%s: %w", op, attemptsNote(attempts), err)
	}
	e := &apiError{op: op, code: apiErr.ErrorCode(), attempts: attempts, err: err}
	if re, ok := errors.AsType[*awshttp.ResponseError](err); ok {
		e.requestID = re.ServiceRequestID()
	}
	if c == undeliverable {
		return fmt.Errorf("%w: %w", e, engine.ErrUndeliverable)
	}
	return e
}
