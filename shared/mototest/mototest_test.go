package mototest_test

import (
	"context"
	"net/http"
	"testing"

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
