package memory

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
)

var _ engine.Rejections = (*Store)(nil)

// kept is a rejection as the store keeps it. The payload is kept apart from the
// encoded rest, as raw bytes: base64 in JSON would only cost a third more memory,
// and a list need not decode payloads it leaves out.
type kept struct {
	at      time.Time
	id      string
	header  []byte // the rejection without its payload, JSON-encoded
	payload []byte
}

// compareKept orders rejections by time, then id: the order the bbolt adapter's keys
// give, so that both list ties alike.
func compareKept(a, b kept) int {
	if c := a.at.Compare(b.at); c != 0 {
		return c
	}
	return strings.Compare(a.id, b.id)
}

// Reject keeps a rejection; an id already kept is a conflict, unless it is the same
// rejection.
func (s *Store) Reject(_ context.Context, r engine.Rejection) error {
	if r.ID == "" {
		return fmt.Errorf("keep rejection from %s: no id", r.Provider)
	}
	payload := bytes.Clone(r.Payload)
	r.Payload = nil
	k := kept{at: r.At, id: r.ID, header: encode(r), payload: payload}
	s.mu.Lock()
	defer s.mu.Unlock()
	if i := slices.IndexFunc(s.rejections, func(o kept) bool { return o.id == r.ID }); i >= 0 {
		if o := s.rejections[i]; bytes.Equal(o.header, k.header) && bytes.Equal(o.payload, k.payload) {
			return nil
		}
		return fmt.Errorf("rejection %s is already kept: %w", r.ID, engine.ErrConflict)
	}
	i, _ := slices.BinarySearchFunc(s.rejections, k, compareKept)
	s.rejections = slices.Insert(s.rejections, i, k)
	return nil
}

// Rejections returns the rejections in the query's window, newest first, without
// their payloads.
func (s *Store) Rejections(_ context.Context, q engine.RejectionQuery) ([]engine.Rejection, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []engine.Rejection{}
	for i := len(s.rejections) - 1; i >= 0 && len(out) < q.Max(); i-- {
		k := s.rejections[i]
		if !q.Includes(k.at) {
			continue
		}
		r, err := decode[engine.Rejection](k.header)
		if err != nil {
			return nil, fmt.Errorf("rejection %s: %w", k.id, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// Rejection returns a rejection with its payload.
func (s *Store) Rejection(_ context.Context, id string) (engine.Rejection, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.rejections, func(k kept) bool { return k.id == id })
	if i < 0 {
		return engine.Rejection{}, fmt.Errorf("rejection %s: %w", id, engine.ErrNotFound)
	}
	r, err := decode[engine.Rejection](s.rejections[i].header)
	if err != nil {
		return engine.Rejection{}, fmt.Errorf("rejection %s: %w", id, err)
	}
	r.Payload = bytes.Clone(s.rejections[i].payload)
	return r, nil
}

// CountRejections counts the rejections kept in [from, to).
func (s *Store) CountRejections(_ context.Context, from, to time.Time) (int, error) {
	q := engine.RejectionQuery{From: from, To: to}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, k := range s.rejections {
		if q.Includes(k.at) {
			n++
		}
	}
	return n, nil
}
