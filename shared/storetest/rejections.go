package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
)

// RunRejections runs the suite for engine.Rejections. open returns a new, empty store
// for each subtest.
func RunRejections(t *testing.T, open func(t *testing.T) engine.Rejections) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s engine.Rejections)
	}{
		{"payloads round-trip byte for byte", rejectionsRoundTrip},
		{"lists are newest first within the window", rejectionsWindow},
		{"counts follow the window", rejectionsCount},
		{"limit defaults and caps", rejectionsLimit},
		{"an id is kept once", rejectionKeptOnce},
		{"unknown rejection is not found", missingRejection},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fn(t, open(t))
		})
	}
}

// Payloads the suite keeps: what providers send, and what they send by mistake.
var (
	adfPayload  = []byte(`<?xml version="1.0"?><adf><prospect><customer><contact><name part="full">Pat Doe</name></contact></customer></prospect></adf>`)
	jsonPayload = []byte(`{"providerLeadId":"p-1","customer":{"name":"Pat Doe"}}`)
	// Latin-1 "José" and a truncated UTF-8 sequence, a NUL and bytes no UTF-8 holds.
	binaryPayload = []byte{'J', 'o', 's', 0xE9, ' ', 0xE2, 0x82, 0x00, 0xFF, 0xFE, '\n'}
)

// bigPayload is a 256 KB payload of bytes of every value, the same on every run.
func bigPayload() []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, 256<<10)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// rejection is a rejection as the engine would hand it to the store.
func rejection(id string, at time.Time, payload []byte) engine.Rejection {
	return engine.Rejection{
		ID: id, At: at, Provider: "cars-com", ContentType: "application/json", Status: 422,
		Reason:  "the lead has no valid phone or email: customer.phones[0] \"555-01\" is not a phone number",
		Size:    len(payload),
		Payload: payload,
	}
}

func mustReject(t *testing.T, s engine.Rejections, r engine.Rejection) {
	t.Helper()
	if err := s.Reject(context.Background(), r); err != nil {
		t.Fatalf("reject %s: %v", r.ID, err)
	}
}

// sameRejection compares all but payloads as the store sees them (times by instant).
func sameRejection(t *testing.T, got, want engine.Rejection) bool {
	t.Helper()
	got.Payload, want.Payload = nil, nil
	return equalJSON(t, got, want)
}

func rejectionsRoundTrip(t *testing.T, s engine.Rejections) {
	ctx := context.Background()
	tests := []struct {
		name        string
		contentType string
		status      int
		payload     []byte
	}{
		{"ADF XML", "application/xml; charset=utf-8", 422, adfPayload},
		{"JSON", "application/json", 422, jsonPayload},
		{"not UTF-8", "application/json", 400, binaryPayload},
		{"256 KB", "application/octet-stream", 400, bigPayload()},
		{"empty", "application/json", 400, []byte{}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := rejection(fmt.Sprintf("R%02d", i), t0.Add(time.Duration(i)*time.Second), tt.payload)
			in.ContentType, in.Status = tt.contentType, tt.status
			// The caller's buffer may be reused once Reject returns.
			sent := bytes.Clone(tt.payload)
			in.Payload = sent
			mustReject(t, s, in)
			clear(sent)

			got, err := s.Rejection(ctx, in.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Payload, tt.payload) {
				t.Fatalf("payload of %d bytes came back as %d different bytes", len(tt.payload), len(got.Payload))
			}
			if want := in; !sameRejection(t, got, want) {
				got.Payload = nil
				t.Fatalf("rejection\n got %+v\nwant %+v", got, want)
			}
			// What the caller holds does not alias what is kept.
			clear(got.Payload)
			if again, _ := s.Rejection(ctx, in.ID); !bytes.Equal(again.Payload, tt.payload) {
				t.Fatal("changing a returned payload changed the kept one")
			}
		})
	}
}

// window keeps rejections a minute apart from t0, two of them at the same instant, and
// returns them oldest first.
func window(t *testing.T, s engine.Rejections) []engine.Rejection {
	t.Helper()
	rs := []engine.Rejection{
		rejection("R1", t0, jsonPayload),
		rejection("R2", t0.Add(time.Minute), binaryPayload),
		rejection("R3", t0.Add(2*time.Minute), adfPayload),
		rejection("R4", t0.Add(2*time.Minute), jsonPayload),
		rejection("R5", t0.Add(3*time.Minute).Add(time.Nanosecond), jsonPayload),
	}
	// Kept out of order: the store orders them, not the caller.
	for _, i := range []int{2, 0, 4, 1, 3} {
		mustReject(t, s, rs[i])
	}
	return rs
}

func rejectionIDs(rs []engine.Rejection) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func rejectionsWindow(t *testing.T, s engine.Rejections) {
	ctx := context.Background()
	rs := window(t, s)
	tests := []struct {
		name string
		q    engine.RejectionQuery
		want []string
	}{
		{"unbounded", engine.RejectionQuery{}, []string{"R5", "R4", "R3", "R2", "R1"}},
		{"from is inclusive", engine.RejectionQuery{From: t0.Add(time.Minute)}, []string{"R5", "R4", "R3", "R2"}},
		{"to is exclusive", engine.RejectionQuery{To: t0.Add(2 * time.Minute)}, []string{"R2", "R1"}},
		{"to a nanosecond later", engine.RejectionQuery{To: t0.Add(2*time.Minute + 1)}, []string{"R4", "R3", "R2", "R1"}},
		{"from and to", engine.RejectionQuery{From: t0.Add(time.Minute), To: t0.Add(3 * time.Minute)}, []string{"R4", "R3", "R2"}},
		{"to a nanosecond short", engine.RejectionQuery{From: t0.Add(3 * time.Minute), To: t0.Add(3*time.Minute + 1)}, []string{}},
		{"empty window", engine.RejectionQuery{From: t0.Add(time.Minute), To: t0.Add(time.Minute)}, []string{}},
		{"before everything", engine.RejectionQuery{To: t0}, []string{}},
		{"after everything", engine.RejectionQuery{From: t0.Add(time.Hour)}, []string{}},
		{"limit", engine.RejectionQuery{Limit: 2}, []string{"R5", "R4"}},
		{"limit within a window", engine.RejectionQuery{To: t0.Add(2 * time.Minute), Limit: 1}, []string{"R2"}},
		{"window in another zone", engine.RejectionQuery{From: t0.Add(time.Minute).In(time.FixedZone("CST", -6*3600))}, []string{"R5", "R4", "R3", "R2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Rejections(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if ids := rejectionIDs(got); !slices.Equal(ids, tt.want) {
				t.Fatalf("Rejections(%+v) = %v, want %v", tt.q, ids, tt.want)
			}
		})
	}

	// Lists leave payloads out but keep everything else.
	got, err := s.Rejections(ctx, engine.RejectionQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range got {
		want := rs[len(rs)-1-i]
		if r.Payload != nil {
			t.Errorf("listed %s with its payload of %d bytes", r.ID, len(r.Payload))
		}
		if !sameRejection(t, r, want) {
			t.Errorf("listed\n got %+v\nwant %+v", r, want)
		}
	}
}

func rejectionsCount(t *testing.T, s engine.Rejections) {
	ctx := context.Background()
	if n, err := s.CountRejections(ctx, time.Time{}, time.Time{}); err != nil || n != 0 {
		t.Fatalf("count of none: %d, %v", n, err)
	}
	window(t, s)
	tests := []struct {
		name     string
		from, to time.Time
		want     int
	}{
		{"unbounded", time.Time{}, time.Time{}, 5},
		{"from is inclusive", t0.Add(time.Minute), time.Time{}, 4},
		{"to is exclusive", time.Time{}, t0.Add(2 * time.Minute), 2},
		{"both", t0.Add(time.Minute), t0.Add(3 * time.Minute), 3},
		{"empty", t0.Add(time.Minute), t0.Add(time.Minute), 0},
		{"after everything", t0.Add(time.Hour), time.Time{}, 0},
	}
	for _, tt := range tests {
		if n, err := s.CountRejections(ctx, tt.from, tt.to); err != nil || n != tt.want {
			t.Errorf("%s: CountRejections = %d, %v; want %d", tt.name, n, err, tt.want)
		}
	}
}

// rejectionsLimit keeps more than the largest limit, concurrently, as a burst of bad
// leads would arrive: from as many writers at once as a function's concurrency
// would give, not a thousand, which would only load-test an emulator.
func rejectionsLimit(t *testing.T, s engine.Rejections) {
	ctx := context.Background()
	const kept, writers = engine.MaxRejectionLimit + 1, 16
	var wg sync.WaitGroup
	errs := make([]error, kept)
	for w := range writers {
		wg.Go(func() {
			for i := w; i < kept; i += writers {
				errs[i] = s.Reject(ctx, rejection(fmt.Sprintf("R%04d", i), t0.Add(time.Duration(i)*time.Millisecond), jsonPayload))
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		limit     int
		want      int
		wantFirst string
	}{
		{0, engine.DefaultRejectionLimit, "R1000"},
		{-1, engine.DefaultRejectionLimit, "R1000"},
		{7, 7, "R1000"},
		{engine.MaxRejectionLimit, engine.MaxRejectionLimit, "R1000"},
		{engine.MaxRejectionLimit + 500, engine.MaxRejectionLimit, "R1000"},
	}
	for _, tt := range tests {
		got, err := s.Rejections(ctx, engine.RejectionQuery{Limit: tt.limit})
		if err != nil {
			t.Fatal(err)
		}
		if ids := rejectionIDs(got); len(ids) != tt.want || ids[0] != tt.wantFirst {
			t.Errorf("limit %d: %d rejections starting %v, want %d starting %s", tt.limit, len(ids), ids[:min(1, len(ids))], tt.want, tt.wantFirst)
		}
	}
	if n, err := s.CountRejections(ctx, time.Time{}, time.Time{}); err != nil || n != kept {
		t.Errorf("count %d, %v; want %d: counts are not limited", n, err, kept)
	}
}

func rejectionKeptOnce(t *testing.T, s engine.Rejections) {
	ctx := context.Background()
	first := rejection("R1", t0, jsonPayload)
	mustReject(t, s, first)
	tests := []struct {
		name     string
		change   func(r *engine.Rejection)
		conflict bool
	}{
		{"the same again, as a retried write", func(*engine.Rejection) {}, false},
		{"another instant", func(r *engine.Rejection) { r.At = r.At.Add(time.Minute) }, true},
		{"another payload", func(r *engine.Rejection) { r.Payload, r.Size = binaryPayload, len(binaryPayload) }, true},
		{"a payload one byte short", func(r *engine.Rejection) { r.Payload = r.Payload[:len(r.Payload)-1] }, true},
		{"another reason", func(r *engine.Rejection) { r.Reason = "not ADF" }, true},
		{"another provider", func(r *engine.Rejection) { r.Provider = "cargurus" }, true},
	}
	for _, tt := range tests {
		again := first
		tt.change(&again)
		err := s.Reject(ctx, again)
		if tt.conflict && !errors.Is(err, engine.ErrConflict) || !tt.conflict && err != nil {
			t.Errorf("%s: second Reject with id R1: %v, want conflict %t", tt.name, err, tt.conflict)
		}
	}
	got, err := s.Rejection(ctx, "R1")
	if err != nil || !got.Same(first) {
		t.Fatalf("R1 after a second one with its id: at %v, payload %q, %v; want the first", got.At, got.Payload, err)
	}
	if n, _ := s.CountRejections(ctx, time.Time{}, time.Time{}); n != 1 {
		t.Fatalf("count %d after a refused duplicate, want 1", n)
	}
}

func missingRejection(t *testing.T, s engine.Rejections) {
	ctx := context.Background()
	mustReject(t, s, rejection("R1", t0, jsonPayload))
	for _, id := range []string{"nope", "", "R", "R10"} {
		if _, err := s.Rejection(ctx, id); !errors.Is(err, engine.ErrNotFound) {
			t.Errorf("Rejection(%q): %v, want ErrNotFound", id, err)
		}
	}
}
