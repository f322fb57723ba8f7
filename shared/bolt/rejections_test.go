package bolt_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/leadclock/leadclock/shared/bolt"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/storetest"
)

func TestRejectionsConformance(t *testing.T) {
	storetest.RunRejections(t, func(t *testing.T) engine.Rejections { return openDB(t).Store() })
}

// What one process kept, the next finds after a restart, byte for byte and in order.
func TestRejectionsSurviveReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "leadclock.db")
	big := make([]byte, 256<<10)
	for i := range big {
		big[i] = byte(i * 7)
	}
	kept := []engine.Rejection{
		{ID: "R1", At: t0, Provider: "cars-com", ContentType: "application/json", Status: 400, Reason: "the body is not JSON", Payload: []byte{0xFF, 0xFE, 0x00, '{'}},
		{ID: "R2", At: t0.Add(time.Minute), Provider: "cargurus", ContentType: "application/xml", Status: 422, Reason: "the lead has no valid phone or email", Payload: big},
	}
	db, err := bolt.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range kept {
		r.Size = len(r.Payload)
		if err := db.Store().Reject(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	db = reopen(t, db, path)
	s := db.Store()
	for _, want := range kept {
		got, err := s.Rejection(ctx, want.ID)
		if err != nil {
			t.Fatalf("rejection %s after reopen: %v", want.ID, err)
		}
		if !bytes.Equal(got.Payload, want.Payload) || got.Size != len(want.Payload) || !got.At.Equal(want.At) ||
			got.Provider != want.Provider || got.ContentType != want.ContentType || got.Status != want.Status || got.Reason != want.Reason {
			t.Fatalf("rejection %s after reopen: %+v", want.ID, got)
		}
	}
	if err := s.Reject(ctx, engine.Rejection{ID: "R3", At: t0.Add(2 * time.Minute), Provider: "cars-com", Status: 400}); err != nil {
		t.Fatal(err)
	}
	list, err := s.Rejections(ctx, engine.RejectionQuery{})
	if ids := rejectionIDs(list); err != nil || !slices.Equal(ids, []string{"R3", "R2", "R1"}) {
		t.Fatalf("rejections after reopen: %v, %v", ids, err)
	}
	if n, err := s.CountRejections(ctx, t0, time.Time{}); err != nil || n != 3 {
		t.Fatalf("count after reopen: %d, %v", n, err)
	}
}

// A file written before rejections were kept has no buckets for them; opening it
// adds them, and the layout's version stays, since older builds ignore them.
func TestRejectionsInAnOlderFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "leadclock.db")
	old, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = old.Update(func(tx *bbolt.Tx) error {
		meta, err := tx.CreateBucket([]byte("meta"))
		if err != nil {
			return err
		}
		return meta.Put([]byte("schema"), binary.BigEndian.AppendUint64(nil, 1))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	db, err := bolt.Open(path)
	if err != nil {
		t.Fatalf("open a file without rejection buckets: %v", err)
	}
	defer db.Close()
	s := db.Store()
	if err := s.Reject(ctx, engine.Rejection{ID: "R1", At: t0, Provider: "cars-com", Status: 422, Payload: []byte("{}"), Size: 2}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Rejection(ctx, "R1"); err != nil || string(got.Payload) != "{}" {
		t.Fatalf("rejection in an older file: %+v, %v", got, err)
	}
}

func rejectionIDs(rs []engine.Rejection) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}
