package httpapi

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/intake"
	"github.com/leadclock/leadclock/shared/lead"
)

// Problem is an RFC 9457 problem detail: every error LeadClock's API returns is one,
// so that a provider's developer reads what went wrong instead of guessing.
type Problem struct {
	Type     string       `json:"type"`
	Title    string       `json:"title"`
	Status   int          `json:"status"`
	Detail   string       `json:"detail"`
	Problems []FieldIssue `json:"problems,omitempty"`
	// Rejection is the id under which a refused lead was kept (GET /rejections/{id}).
	Rejection string `json:"rejection,omitempty"`
}

// FieldIssue is one thing wrong with one field of a request.
type FieldIssue struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func problem(status int, detail string) *Problem {
	return &Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail}
}

func (p *Problem) Error() string { return p.Detail }

func writeProblem(w http.ResponseWriter, p *Problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `ApiKey header="x-api-key", Bearer realm="leadclock"`)
	}
	if p.Status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", strconv.Itoa(1))
	}
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// fromError maps an engine or domain error to the problem a caller sees. Unknown
// errors are the server's fault: their detail is not shown, it is logged.
func fromError(err error) *Problem {
	var p *Problem
	var in *intake.Error
	switch {
	case errors.As(err, &p):
		return p
	case errors.As(err, &in) && errors.Is(err, intake.ErrUnreachable):
		q := problem(http.StatusUnprocessableEntity, err.Error())
		for _, f := range in.Problems {
			q.Problems = append(q.Problems, FieldIssue{Field: f.Field, Message: f.Message})
		}
		return q
	case errors.Is(err, intake.ErrMalformed):
		return problem(http.StatusBadRequest, err.Error())
	case errors.Is(err, engine.ErrNotFound):
		return problem(http.StatusNotFound, err.Error())
	case errors.Is(err, lead.ErrInvalid):
		return problem(http.StatusUnprocessableEntity, err.Error())
	case errors.Is(err, lead.ErrClosed), errors.Is(err, lead.ErrTaken), errors.Is(err, lead.ErrNoOffer), errors.Is(err, lead.ErrRepeated):
		return problem(http.StatusConflict, err.Error())
	case errors.Is(err, engine.ErrConflict):
		return problem(http.StatusServiceUnavailable, "the lead is changing under heavy contention; retry shortly")
	}
	return nil
}
