package httpapi

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/leadclock/leadclock/shared/action"
	"github.com/leadclock/leadclock/shared/lead"
)

// caller is who logs an activity: an integration, or a rep holding an action token.
type caller struct {
	integration string // integration id, or empty
	rep         string // the token's rep, or empty
	lead        string // the token's lead, or empty
}

// activityCaller authenticates an integration key or an action token in an
// "Authorization: Bearer" header.
func (s *Server) activityCaller(r *http.Request) (caller, *Problem) {
	if scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " "); ok && strings.EqualFold(scheme, "Bearer") {
		c, err := s.Signer.Verify(strings.TrimSpace(tok), s.Clock.Now())
		if err != nil {
			return caller{}, problem(http.StatusUnauthorized, tokenDetail(err))
		}
		return caller{rep: c.Rep, lead: c.Lead}, nil
	}
	p, ok := s.Auth.Principal(r)
	switch {
	case !ok:
		return caller{}, problem(http.StatusUnauthorized, "send an integration key in the x-api-key header, or a rep's action token as Authorization: Bearer")
	case p.Role != Integration:
		return caller{}, problem(http.StatusForbidden, article(string(p.Role))+" key cannot log activities or change availability; use an integration key")
	}
	return caller{integration: p.ID}, nil
}

func tokenDetail(err error) string {
	switch {
	case errors.Is(err, action.ErrExpired):
		return "the action link has expired; open the latest message about this lead"
	case errors.Is(err, action.ErrTampered):
		return "the action link is not one LeadClock signed (it was changed or cut short)"
	}
	return "the action link is not valid"
}

// ActivityRequest is the body of POST /leads/{id}/activities.
type ActivityRequest struct {
	Type    string `json:"type"` // contact, note, close
	Channel string `json:"channel,omitempty"`
	Outcome string `json:"outcome,omitempty"`
	Rep     string `json:"rep,omitempty"`
	Note    string `json:"note,omitempty"`
	Reason  string `json:"reason,omitempty"`
}

var activityTypes = []string{"contact", "note", "close"}

func (s *Server) postActivity(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	c, prob := s.activityCaller(r)
	if prob == nil && c.lead != "" && c.lead != id {
		prob = problem(http.StatusForbidden, "this action token is for another lead")
	}
	if prob != nil {
		writeProblem(w, prob)
		return
	}
	body, prob := readBody(w, r, "application/json")
	if prob != nil {
		writeProblem(w, prob)
		return
	}
	var req ActivityRequest
	if prob := decodeJSON(body, &req); prob != nil {
		writeProblem(w, prob)
		return
	}
	if c.rep != "" && req.Rep != "" && req.Rep != c.rep {
		writeProblem(w, problem(http.StatusForbidden, fmt.Sprintf("this action token is %s's; it cannot log for %s", c.rep, req.Rep)))
		return
	}
	actor, evidence, rep := c.integration, lead.Integration, req.Rep
	if c.rep != "" {
		actor, evidence, rep = c.rep, lead.SelfReported, c.rep
	}
	var l lead.Lead
	var err error
	switch req.Type {
	case "contact":
		l, err = s.Commands.LogActivity(r.Context(), id, lead.Contacted{Rep: rep, Actor: actor, Channel: req.Channel, Outcome: req.Outcome, Evidence: evidence, Note: req.Note})
	case "note":
		if strings.TrimSpace(req.Note) == "" {
			writeProblem(w, problem(http.StatusUnprocessableEntity, "a note needs a non-empty note"))
			return
		}
		l, err = s.Commands.LogActivity(r.Context(), id, lead.Noted{Actor: actor, Note: req.Note})
	case "close":
		l, err = s.Commands.Close(r.Context(), id, lead.Closed{Outcome: lead.Outcome(req.Outcome), Reason: req.Reason, Actor: actor})
	default:
		writeProblem(w, problem(http.StatusUnprocessableEntity, fmt.Sprintf("activity type %q is not one of %v", req.Type, activityTypes)))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.committed()
	tl, err := s.Reader.Timeline(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, view(s.Config, l, tl))
}

// AvailabilityRequest is the body of PUT /reps/{id}/availability.
type AvailabilityRequest struct {
	Available *bool     `json:"available"`
	Until     time.Time `json:"until,omitzero"`
}

// Availability is the answer to PUT /reps/{id}/availability.
type Availability struct {
	Rep       string     `json:"rep"`
	Available bool       `json:"available"`
	Until     *time.Time `json:"until"`
}

func (s *Server) putAvailability(w http.ResponseWriter, r *http.Request) {
	rep := r.PathValue("id")
	c, prob := s.activityCaller(r)
	if prob == nil && c.rep != "" && c.rep != rep {
		prob = problem(http.StatusForbidden, "an action token only sets its own rep's availability")
	}
	if prob != nil {
		writeProblem(w, prob)
		return
	}
	if _, ok := s.Config.Team.Rep(rep); !ok {
		writeProblem(w, problem(http.StatusNotFound, fmt.Sprintf("rep %q is not on this dealership's team", rep)))
		return
	}
	body, prob := readBody(w, r, "application/json")
	if prob != nil {
		writeProblem(w, prob)
		return
	}
	var req AvailabilityRequest
	if prob := decodeJSON(body, &req); prob != nil {
		writeProblem(w, prob)
		return
	}
	if req.Available == nil {
		writeProblem(w, problem(http.StatusUnprocessableEntity, `say "available": true or false`))
		return
	}
	if *req.Available && !req.Until.IsZero() {
		writeProblem(w, problem(http.StatusUnprocessableEntity, `"until" only applies when "available" is false`))
		return
	}
	actor := c.integration
	if c.rep != "" {
		actor = c.rep
	}
	if err := s.Commands.SetAvailability(r.Context(), rep, *req.Available, req.Until, actor); err != nil {
		s.fail(w, r, err)
		return
	}
	s.committed()
	writeJSON(w, http.StatusOK, Availability{Rep: rep, Available: *req.Available, Until: optTime(req.Until)})
}
