package mototest_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"syscall"
	"testing"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/leadclock/leadclock/shared/mototest"
)

func TestMain(m *testing.M) { mototest.Main(m) }

func TestStartAnswersAndStops(t *testing.T) {
	s, err := mototest.Start()
	if err != nil {
		t.Fatal(err)
	}
	data, err := s.Data(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if data == nil {
		t.Fatal("no data from moto")
	}
	s.Stop()
	if _, err := http.Get(s.URL + "/moto-api/"); err == nil {
		t.Fatalf("moto_server still answers at %s after Stop", s.URL)
	}
}

func TestSharedIsOneServer(t *testing.T) {
	a, b := mototest.Shared(t), mototest.Shared(t)
	if a != b || a.URL == "" {
		t.Fatalf("Shared gave %p and %p", a, b)
	}
}

func TestConfigRetriesBrokenConnectionsOnly(t *testing.T) {
	r := (&mototest.Server{URL: "http://127.0.0.1:1"}).Config().Retryer()
	tests := []struct {
		name  string
		err   error
		retry bool
	}{
		{"connection reset", &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}, true},
		{"closed while reading the body", fmt.Errorf("deserialization failed, %w", &net.OpError{Op: "read", Net: "tcp", Err: net.ErrClosed}), true},
		{"connection refused", &url.Error{Op: "Post", URL: "http://127.0.0.1:1", Err: errors.New("dial tcp: connection refused")}, true},
		{"throttled", &smithy.GenericAPIError{Code: "ThrottlingException"}, false},
		{"transaction conflict", &smithy.GenericAPIError{Code: "TransactionConflict"}, false},
		{"condition failed", &smithy.GenericAPIError{Code: "ConditionalCheckFailedException"}, false},
		{"server error", &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: 500}}, Err: errors.New("boom")}, false},
	}
	for _, tt := range tests {
		if got := r.IsErrorRetryable(tt.err); got != tt.retry {
			t.Errorf("%s: retryable %t, want %t", tt.name, got, tt.retry)
		}
	}
	if n := r.MaxAttempts(); n != 3 {
		t.Errorf("%d attempts, want 3", n)
	}
}
