package httpapi

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/intake"
)

// Receipt is the answer to a posted lead: its id and what LeadClock made of it
// (created, duplicate, merged). An ADF document of several prospects is answered with
// its first accepted lead and, in Leads, every prospect in document order; a prospect
// nobody could contact is "rejected", with the problem instead of an id.
type Receipt struct {
	ID      string    `json:"id,omitempty"`
	Status  string    `json:"status"`
	Problem *Problem  `json:"problem,omitempty"`
	Leads   []Receipt `json:"leads,omitempty"`
}

// Media types of posted leads. text/plain is what an email-to-HTTP bridge sends; it
// counts as ADF when the body holds an <adf> document.
var (
	jsonTypes = []string{"application/json"}
	adfTypes  = []string{"application/xml", "text/xml", "application/x-adf+xml"}
	leadTypes = append(append(append([]string{}, jsonTypes...), adfTypes...), "text/plain")
)

func (s *Server) postLead(w http.ResponseWriter, r *http.Request, p Principal) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	body, prob := readBody(w, r, leadTypes...)
	if prob != nil {
		writeProblem(w, prob)
		return
	}
	if prob := s.checkSignature(r, body, p); prob != nil {
		writeProblem(w, prob)
		return
	}
	var prospects []intake.Prospect
	var err error
	switch {
	case contains(jsonTypes, mt):
		var in engine.Intake
		in, err = intake.ParseJSON(body, p.ID, s.Config.Dealership.Region)
		prospects = []intake.Prospect{{Intake: in, Err: err}}
		if !errors.Is(err, intake.ErrMalformed) {
			err = nil
		}
	case contains(adfTypes, mt) || hasADF(body):
		prospects, err = intake.ParseADF(body, p.ID, s.Config.Dealership.Region, s.Config.Team.Location)
	default:
		writeProblem(w, problem(http.StatusUnsupportedMediaType, "a text/plain body must hold an ADF document (<adf>...</adf>); send JSON as application/json"))
		return
	}
	if err != nil {
		s.refuse(w, r, p, body, fromError(err))
		return
	}
	s.receive(w, r, p, body, prospects)
}

// hasADF reports whether a body holds an ADF document, whatever surrounds it.
func hasADF(body []byte) bool {
	return bytes.Contains(bytes.ToLower(body), []byte("<adf"))
}

// receive takes each prospect that can be followed up and answers for all of them.
// Prospects nobody could contact are refused together, with the whole body kept once
// as a rejection, so that the others are not held back by them.
func (s *Server) receive(w http.ResponseWriter, r *http.Request, p Principal, body []byte, prospects []intake.Prospect) {
	answers := make([]Receipt, len(prospects))
	var refused []int
	for i, pr := range prospects {
		if pr.Err != nil {
			answers[i] = Receipt{Status: "rejected", Problem: fromError(pr.Err)}
			refused = append(refused, i)
		}
	}
	if len(refused) == len(prospects) {
		prob := answers[0].Problem
		if len(prospects) > 1 {
			prob = problem(http.StatusUnprocessableEntity, fmt.Sprintf("none of the %d prospects gives a phone or email anyone could use", len(prospects)))
			for i, a := range answers {
				for _, f := range a.Problem.Problems {
					prob.Problems = append(prob.Problems, FieldIssue{Field: fmt.Sprintf("prospect[%d].%s", i, f.Field), Message: f.Message})
				}
			}
		}
		s.refuse(w, r, p, body, prob)
		return
	}
	created := false
	for i, pr := range prospects {
		if pr.Err != nil {
			continue
		}
		rc, err := s.Commands.Receive(r.Context(), pr.Intake)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		answers[i] = Receipt{ID: rc.Lead.ID, Status: string(rc.Status)}
		switch rc.Status {
		case engine.Created:
			created = true
			s.Log.InfoContext(r.Context(), "lead received", "lead", rc.Lead.ID, "provider", p.ID, "owner", rc.Lead.Owner, "status", rc.Lead.Status, "warnings", len(rc.Lead.Warnings))
		case engine.Merged:
			s.Log.InfoContext(r.Context(), "inquiry merged into open lead", "lead", rc.Lead.ID, "provider", p.ID, "owner", rc.Lead.Owner)
		}
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	if len(refused) > 0 {
		// The rejection records the status the provider got for the document as a whole.
		id, err := s.keep(r, p, body, problemsOf(prospects, refused), status)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, i := range refused {
			answers[i].Problem.Rejection = id
		}
	}
	if created {
		s.committed()
	}
	answer := answers[0]
	for _, a := range answers {
		if a.ID != "" {
			answer = a
			break
		}
	}
	if len(answers) > 1 {
		answer.Leads = answers
	}
	w.Header().Set("Location", "/leads/"+answer.ID)
	writeJSON(w, status, answer)
}

// problemsOf says why the refused prospects of a document were refused.
func problemsOf(prospects []intake.Prospect, refused []int) string {
	var parts []string
	for _, i := range refused {
		parts = append(parts, fmt.Sprintf("prospect %d of %d: %v", i+1, len(prospects), prospects[i].Err))
	}
	return strings.Join(parts, "; ")
}

// refuse answers a lead LeadClock cannot take, after keeping its body as a rejection:
// a refused lead is a customer, and the dealership must be able to see and replay it.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, p Principal, body []byte, prob *Problem) {
	if prob == nil {
		prob = problem(http.StatusBadRequest, "the lead could not be read")
	}
	id, err := s.keep(r, p, body, prob.Detail, prob.Status)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	prob.Rejection = id
	writeProblem(w, prob)
}

// keep stores a refused body and returns the rejection's id. When it cannot, the
// provider gets a 500 and sends the lead again later, rather than being told it was
// refused while nothing of it was kept.
func (s *Server) keep(r *http.Request, p Principal, body []byte, reason string, status int) (string, error) {
	rj, err := s.Commands.Reject(r.Context(), engine.Rejection{
		Provider: p.ID, ContentType: r.Header.Get("Content-Type"), Status: status, Reason: reason, Payload: body,
	})
	if err != nil {
		return "", fmt.Errorf("keep refused lead: %w", err)
	}
	// The reason can quote what the provider sent (a phone that is not one): it goes to
	// the rejection, readable with an integration key, never to the log.
	s.Log.InfoContext(r.Context(), "lead refused", "provider", p.ID, "status", status, "rejection", rj.ID, "size", rj.Size)
	return rj.ID, nil
}
