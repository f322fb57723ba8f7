// Package httpapi is LeadClock's HTTP API: providers post leads, integrations read
// them and log activities, reps open one-tap action pages from their nudges. The
// handlers are written once against the engine's ports and serve both local mode
// (net/http) and the AWS deployment (API Gateway events adapted to net/http).
package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/leadclock/leadclock/shared/action"
	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/roster"
)

// Commands are the engine commands the API calls.
type Commands interface {
	Receive(ctx context.Context, in engine.Intake) (engine.Receipt, error)
	// Reject keeps a lead LeadClock refused, so that it is never lost.
	Reject(ctx context.Context, r engine.Rejection) (engine.Rejection, error)
	LogActivity(ctx context.Context, id string, ev lead.Event) (lead.Lead, error)
	Close(ctx context.Context, id string, ev lead.Closed) (lead.Lead, error)
	SetAvailability(ctx context.Context, rep string, available bool, until time.Time, actor string) error
}

// Reader reads leads and the team's state.
type Reader interface {
	Lead(ctx context.Context, id string) (lead.Lead, error)
	Timeline(ctx context.Context, id string) ([]lead.Activity, error)
	Leads(ctx context.Context, f engine.Filter) ([]lead.Lead, error)
	Roster(ctx context.Context) (roster.State, error)
}

// Server serves the API for one dealership.
type Server struct {
	Commands Commands
	Reader   Reader
	Config   *dealer.Config
	Auth     Authenticator
	Signer   *action.Signer
	Clock    engine.Clock
	// BaseURL is where reps reach the server, for the links in nudges
	// ("https://leads.example.com"); no trailing slash.
	BaseURL string
	// Committed is called after a request committed something, so that the effects
	// run at once instead of at the next poll. May be nil.
	Committed func()
	Log       *slog.Logger
}

// Handler returns the routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /leads", s.role(Provider, s.postLead))
	mux.HandleFunc("GET /leads", s.role(Integration, s.listLeads))
	mux.HandleFunc("GET /leads/{id}", s.role(Integration, s.getLead))
	mux.HandleFunc("GET /rejections", s.role(Integration, s.listRejections))
	mux.HandleFunc("GET /rejections/{id}", s.role(Integration, s.getRejection))
	mux.HandleFunc("GET /metrics", s.role(Integration, s.getMetrics))
	mux.HandleFunc("POST /leads/{id}/activities", s.postActivity)
	mux.HandleFunc("PUT /reps/{id}/availability", s.putAvailability)
	mux.HandleFunc("GET /a/{token}", s.actionPage)
	mux.HandleFunc("POST /a/{token}", s.actionTap)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, problem(http.StatusNotFound, "no route "+r.Method+" "+r.URL.Path))
	})
	return s.logged(mux)
}

// Action is the one-tap link for a rep and a lead, valid for action.DefaultTTL. It
// makes Server the message.Links that nudges are rendered with.
func (s *Server) Action(leadID, rep string) string {
	return action.Links{BaseURL: s.BaseURL, Signer: s.Signer, Clock: s.Clock}.Action(leadID, rep)
}

// role lets through callers with the role; others get 401 (no or unknown key) or
// 403 (a key used outside its role).
func (s *Server) role(want Role, next func(http.ResponseWriter, *http.Request, Principal)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, ok := s.Auth.Principal(r)
		switch {
		case !ok:
			writeProblem(w, unauthorized(r))
		case p.Role != want:
			writeProblem(w, problem(http.StatusForbidden, article(string(p.Role))+" key cannot "+r.Method+" "+r.URL.Path+"; this route needs "+article(string(want))+" key"))
		default:
			next(w, r, p)
		}
	}
}

// article puts "a" or "an" before a role name.
func article(word string) string {
	if strings.ContainsAny(word[:1], "aeiou") {
		return "an " + word
	}
	return "a " + word
}

func unauthorized(r *http.Request) *Problem {
	if r.Header.Get("x-api-key") == "" {
		return problem(http.StatusUnauthorized, "send your API key in the x-api-key header")
	}
	return problem(http.StatusUnauthorized, "the API key is not one this dealership issued")
}

func (s *Server) committed() {
	if s.Committed != nil {
		s.Committed()
	}
}

// fail writes the problem for an error; errors that are not the caller's are logged
// and answered with a 500 that does not leak them.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if p := fromError(err); p != nil {
		writeProblem(w, p)
		return
	}
	s.Log.ErrorContext(r.Context(), "request failed", "method", r.Method, "route", r.Pattern, "err", err)
	writeProblem(w, problem(http.StatusInternalServerError, "LeadClock could not complete the request; the error was logged. Retry shortly: posting a lead again with the same providerLeadId never creates it twice"))
}
