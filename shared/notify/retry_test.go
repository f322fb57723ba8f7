package notify

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	sestypes "github.com/aws/aws-sdk-go-v2/service/sesv2/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/roster"
)

// httpError is an error as the SDK returns it for an HTTP answer: the API error
// inside a response error carrying the status and request id.
func httpError(status int, apiErr error) error {
	return &smithy.OperationError{ServiceID: "SNS", OperationName: "Publish", Err: &awshttp.ResponseError{
		RequestID: "req-1",
		ResponseError: &smithyhttp.ResponseError{
			Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}},
			Err:      apiErr,
		},
	}}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want class
	}{
		{"SES throttled", &sestypes.TooManyRequestsException{}, transient},
		{"SES quota", &sestypes.LimitExceededException{}, transient},
		{"SES internal error", &sestypes.InternalServiceErrorException{}, transient},
		{"SNS throttled", &snstypes.ThrottledException{}, transient},
		{"SNS KMS throttled", &snstypes.KMSThrottlingException{}, transient},
		{"SNS internal error", &snstypes.InternalErrorException{}, transient},
		{"Throttling over HTTP", httpError(400, &smithy.GenericAPIError{Code: "Throttling"}), transient},
		{"503 with an unknown code", httpError(503, &smithy.GenericAPIError{Code: "Whatever"}), transient},
		{"server fault", &smithy.GenericAPIError{Code: "Whatever", Fault: smithy.FaultServer}, transient},
		{"connection refused", &smithy.OperationError{Err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}}, transient},
		{"SES message rejected", httpError(400, &sestypes.MessageRejected{}), undeliverable},
		{"SES mail-from not verified", &sestypes.MailFromDomainNotVerifiedException{}, undeliverable},
		{"SES bad request", &sestypes.BadRequestException{}, undeliverable},
		{"SNS invalid parameter", httpError(400, &snstypes.InvalidParameterException{}), undeliverable},
		{"SNS invalid parameter value", &snstypes.InvalidParameterValueException{}, undeliverable},
		{"SNS opted out", &snstypes.OptedOutException{}, undeliverable},
		{"SES account suspended", &sestypes.AccountSuspendedException{}, other},
		{"SES sending paused", &sestypes.SendingPausedException{}, other},
		{"SNS authorization", &snstypes.AuthorizationErrorException{}, other},
		{"access denied", httpError(403, &smithy.GenericAPIError{Code: "AccessDenied"}), other},
		{"canceled", &smithy.OperationError{Err: &smithy.CanceledError{Err: context.Canceled}}, other},
		{"deadline", context.DeadlineExceeded, other},
		{"not from AWS", errors.New("boom"), other},
	}
	for _, tt := range tests {
		if got := classify(tt.err); got != tt.want {
			t.Errorf("%s: class %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestBackoffPauses(t *testing.T) {
	b := Backoff{Attempts: 8, Base: 100 * time.Millisecond, Max: time.Second}
	ceilings := []time.Duration{100, 200, 400, 800, 1000, 1000, 1000}
	for i, c := range ceilings {
		c *= time.Millisecond
		for range 50 {
			if p := b.pause(i + 1); p < c/2 || p > c {
				t.Fatalf("pause before retry %d: %s, want within [%s, %s]", i+1, p, c/2, c)
			}
		}
	}
}

// script is a client answering each call with the next error of its list (nil
// once the list is spent), counting calls.
type script struct {
	errs  []error
	calls int
	// optedOut is what CheckIfPhoneNumberIsOptedOut says once it succeeds.
	optedOut bool
	// check is the errors CheckIfPhoneNumberIsOptedOut answers, as errs.
	check      []error
	checkCalls int
}

func (s *script) next() error {
	s.calls++
	if len(s.errs) == 0 {
		return nil
	}
	err := s.errs[0]
	s.errs = s.errs[1:]
	return err
}

func (s *script) SendEmail(context.Context, *sesv2.SendEmailInput, ...func(*sesv2.Options)) (*sesv2.SendEmailOutput, error) {
	return &sesv2.SendEmailOutput{}, s.next()
}

func (s *script) Publish(context.Context, *sns.PublishInput, ...func(*sns.Options)) (*sns.PublishOutput, error) {
	return &sns.PublishOutput{}, s.next()
}

func (s *script) CheckIfPhoneNumberIsOptedOut(context.Context, *sns.CheckIfPhoneNumberIsOptedOutInput, ...func(*sns.Options)) (*sns.CheckIfPhoneNumberIsOptedOutOutput, error) {
	s.checkCalls++
	if len(s.check) > 0 {
		err := s.check[0]
		s.check = s.check[1:]
		return nil, err
	}
	return &sns.CheckIfPhoneNumberIsOptedOutOutput{IsOptedOut: s.optedOut}, nil
}

var (
	rep      = roster.Rep{ID: "alice", Name: "Alice Able", Phone: "+13125550101", Email: "alice@example.com"}
	quoting  = &smithy.GenericAPIError{Code: "InvalidParameter", Message: "Invalid parameter: PhoneNumber Reason: +13125550101 is not valid"}
	throttle = &snstypes.ThrottledException{Message: new("Rate exceeded")}
)

func TestRetry(t *testing.T) {
	backoff := Backoff{Attempts: 3, Base: 10 * time.Millisecond, Max: 40 * time.Millisecond}
	tests := []struct {
		name        string
		ch          lead.Channel
		client      *script
		calls       int
		pauses      int
		ok          bool
		undelivered bool
	}{
		{"text throttled, then sent", lead.SMS, &script{errs: []error{throttle, throttle}}, 3, 2, true, false},
		{"email throttled, then sent", lead.Email, &script{errs: []error{&sestypes.TooManyRequestsException{}}}, 2, 1, true, false},
		{"5xx each time: gives up after the attempts, for later", lead.Email, &script{errs: []error{httpError(503, &smithy.GenericAPIError{Code: "ServiceUnavailable"}), httpError(500, &smithy.GenericAPIError{Code: "InternalFailure"}), httpError(502, &smithy.GenericAPIError{Code: "BadGateway"})}}, 3, 2, false, false},
		{"refused: never retried", lead.SMS, &script{errs: []error{quoting}}, 1, 0, false, true},
		{"refused after a throttle", lead.Email, &script{errs: []error{throttle, &sestypes.MessageRejected{}}}, 2, 1, false, true},
		{"account paused: not retried, not given up", lead.Email, &script{errs: []error{&sestypes.SendingPausedException{}}}, 1, 0, false, false},
		{"opt-out check throttled, then sent", lead.SMS, &script{check: []error{throttle}}, 1, 1, true, false},
		{"opt-out check refused", lead.SMS, &script{check: []error{quoting}}, 0, 0, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var pauses []time.Duration
			var logs bytes.Buffer
			n, err := New(Config{Email: tt.client, SMS: tt.client, Renderer: renderer(), From: "leads@example.com", Backoff: backoff,
				Sleep:  func(_ context.Context, d time.Duration) error { pauses = append(pauses, d); return nil },
				Logger: slog.New(slog.NewJSONHandler(&logs, nil)),
			})
			if err != nil {
				t.Fatal(err)
			}
			err = n.Send(context.Background(), delivery(rep, tt.ch, lead.NoticeNewLead))
			if (err == nil) != tt.ok || errors.Is(err, engine.ErrUndeliverable) != tt.undelivered {
				t.Fatalf("Send: %v, want ok %v, undeliverable %v", err, tt.ok, tt.undelivered)
			}
			if tt.client.calls != tt.calls || len(pauses) != tt.pauses {
				t.Errorf("%d sends with %d pauses, want %d with %d", tt.client.calls, len(pauses), tt.calls, tt.pauses)
			}
			for _, p := range pauses {
				if p > backoff.Max {
					t.Errorf("paused %s, over the %s cap", p, backoff.Max)
				}
			}
			for _, s := range []string{rep.Phone, rep.Email, "312555"} {
				if err != nil && strings.Contains(err.Error(), s) {
					t.Errorf("error %q shows %s", err, s)
				}
				if strings.Contains(logs.String(), s) {
					t.Errorf("log shows %s:\n%s", s, logs.String())
				}
			}
			if tt.pauses > 0 && strings.Count(logs.String(), `"msg":"retrying AWS call"`) != tt.pauses {
				t.Errorf("log does not record each retry:\n%s", logs.String())
			}
		})
	}
}

func TestRetryStopsWhenCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	client := &script{errs: []error{throttle, throttle, throttle}}
	n, err := New(Config{Email: client, SMS: client, Renderer: renderer(), From: "leads@example.com",
		Sleep: func(ctx context.Context, _ time.Duration) error { cancel(); return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	err = n.Send(ctx, delivery(rep, lead.Email, lead.NoticeNewLead))
	if !errors.Is(err, context.Canceled) || errors.Is(err, engine.ErrUndeliverable) || client.calls != 1 {
		t.Errorf("Send: %v after %d calls, want context.Canceled after 1", err, client.calls)
	}
}
