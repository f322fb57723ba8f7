package httpapi

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
)

// RejectionReader reads the payloads LeadClock refused. The handlers look for it on
// the Server's Reader, which in local mode is the store that keeps them, so that a
// deployment keeping none needs no field set to say so.
type RejectionReader interface {
	Rejections(ctx context.Context, q engine.RejectionQuery) ([]engine.Rejection, error)
	Rejection(ctx context.Context, id string) (engine.Rejection, error)
	CountRejections(ctx context.Context, from, to time.Time) (int, error)
}

// RejectionList is the answer to GET /rejections.
type RejectionList struct {
	Rejections []RejectionView `json:"rejections"`
	// Count is how many the window holds, which is more than listed when the limit
	// cut the list short.
	Count int `json:"count"`
}

// RejectionView is a rejection as a list shows it. The payload is left out: it can
// be large and holds customers' details; GET /rejections/{id} returns it.
type RejectionView struct {
	ID          string    `json:"id"`
	At          time.Time `json:"at"`
	Provider    string    `json:"provider"`
	ContentType string    `json:"contentType"`
	Status      int       `json:"status"`
	Reason      string    `json:"reason"`
	Size        int       `json:"size"`
}

// rejectionExample shows the expected time format in problems.
const rejectionExample = "2026-11-03T10:00:00-06:00"

func (s *Server) listRejections(w http.ResponseWriter, r *http.Request, _ Principal) {
	rr, ok := s.Reader.(RejectionReader)
	if !ok {
		writeProblem(w, noRejections())
		return
	}
	q, prob := rejectionQuery(r.URL.Query())
	if prob != nil {
		writeProblem(w, prob)
		return
	}
	list, err := rr.Rejections(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	count, err := rr.CountRejections(r.Context(), q.From, q.To)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := RejectionList{Rejections: make([]RejectionView, 0, len(list)), Count: count}
	for _, x := range list {
		out.Rejections = append(out.Rejections, RejectionView{
			ID: x.ID, At: x.At, Provider: x.Provider, ContentType: x.ContentType, Status: x.Status, Reason: x.Reason, Size: x.Size,
		})
	}
	writeJSON(w, http.StatusOK, out)
}

// rejectionQuery reads from, to and limit, saying which one is wrong and how to send
// it.
func rejectionQuery(v url.Values) (engine.RejectionQuery, *Problem) {
	var q engine.RejectionQuery
	for _, p := range []struct {
		name string
		t    *time.Time
	}{{"from", &q.From}, {"to", &q.To}} {
		raw := v.Get(p.name)
		if raw == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, raw)
		if err != nil {
			detail := fmt.Sprintf("%s %q is not a time in RFC 3339 format, like %s", p.name, raw, rejectionExample)
			if strings.Contains(raw, " ") {
				// A "+" in a query string arrives as a space.
				detail += "; send a + in the offset as %2B"
			}
			return q, problem(http.StatusBadRequest, detail)
		}
		*p.t = t
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
		return q, problem(http.StatusBadRequest, fmt.Sprintf("from %s is not before to %s; the window is [from, to)",
			q.From.Format(time.RFC3339Nano), q.To.Format(time.RFC3339Nano)))
	}
	if raw := v.Get("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > engine.MaxRejectionLimit {
			return q, problem(http.StatusBadRequest, fmt.Sprintf("limit %q is not a whole number from 1 to %d (%d when left out)",
				raw, engine.MaxRejectionLimit, engine.DefaultRejectionLimit))
		}
		q.Limit = n
	}
	return q, nil
}

// getRejection answers with the payload as the provider sent it, under its content
// type, so that it can be replayed once the cause is fixed.
func (s *Server) getRejection(w http.ResponseWriter, r *http.Request, _ Principal) {
	rr, ok := s.Reader.(RejectionReader)
	if !ok {
		writeProblem(w, noRejections())
		return
	}
	x, err := rr.Rejection(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// A content type that does not parse may be why the payload was refused; it is
	// not repeated as a header.
	ct := x.ContentType
	if _, _, err := mime.ParseMediaType(ct); err != nil {
		ct = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Length", strconv.Itoa(len(x.Payload)))
	h.Set("Cache-Control", "no-store")
	// The payload is whatever a provider sent: a browser must neither guess its type
	// nor run it.
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(x.Payload)
}

func noRejections() *Problem {
	return problem(http.StatusNotImplemented, "this deployment keeps no rejections")
}
