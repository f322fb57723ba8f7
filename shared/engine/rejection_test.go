package engine_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/memory"
)

// storeOnly is a store that keeps no rejections, as a test double of engine.Store is.
type storeOnly struct{ engine.Store }

func TestRejectKeepsThePayload(t *testing.T) {
	w := newWorld(t, "reroute", "")
	payload := []byte(`{"providerLeadId":"p-1","customer":{"name":"Pat Doe"}}`)
	tests := []struct {
		name    string
		store   func() engine.Store
		wantErr error
	}{
		{"a store that keeps rejections", func() engine.Store { return memory.NewStore() }, nil},
		{"a store that keeps none", func() engine.Store { return storeOnly{memory.NewStore()} }, engine.ErrNoRejections},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := tt.store()
			clock := memory.NewClock(w.at("Mon 10:00"))
			n := 0
			eng := engine.New(store, clock, w.cfg.Engine(), func() string { n++; return fmt.Sprintf("L%03d", n) })
			// A provider that hung up does not lose its payload.
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			in := engine.Rejection{ID: "ignored", Size: 1, Provider: "cars-com", ContentType: "application/json", Status: 422,
				Reason: "the lead has no valid phone or email", Payload: payload}

			got, err := eng.Reject(ctx, in)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Reject: %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if got.ID != "L001" || !got.At.Equal(clock.Now()) || got.Size != len(payload) {
				t.Fatalf("kept as id %q at %v, size %d; want L001 at %v, size %d", got.ID, got.At, got.Size, clock.Now(), len(payload))
			}
			kept, err := store.(engine.Rejections).Rejection(context.Background(), got.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(kept.Payload, payload) || kept.Provider != "cars-com" || kept.Status != 422 || kept.Reason != in.Reason ||
				kept.ContentType != "application/json" || !kept.At.Equal(got.At) || kept.Size != len(payload) {
				t.Fatalf("kept %+v", kept)
			}

			clock.Set(clock.Now().Add(time.Second))
			if next, err := eng.Reject(context.Background(), in); err != nil || next.ID != "L002" || !next.At.After(got.At) {
				t.Fatalf("second rejection: %+v, %v", next, err)
			}
		})
	}
}
