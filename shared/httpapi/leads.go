package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
)

func (s *Server) getLead(w http.ResponseWriter, r *http.Request, _ Principal) {
	id := r.PathValue("id")
	l, err := s.Reader.Lead(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tl, err := s.Reader.Timeline(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, view(s.Config, l, tl))
}

// LeadList is the answer to GET /leads.
type LeadList struct {
	Leads []LeadView `json:"leads"`
}

var statuses = []lead.Status{lead.StatusQueued, lead.StatusAssigned, lead.StatusContacted, lead.StatusWorking, lead.StatusStalled, lead.StatusClosed}

func (s *Server) listLeads(w http.ResponseWriter, r *http.Request, _ Principal) {
	q := r.URL.Query()
	f := engine.Filter{Owner: q.Get("owner"), Status: lead.Status(q.Get("status"))}
	if f.Status != "" && !slices.Contains(statuses, f.Status) {
		writeProblem(w, problem(http.StatusBadRequest, fmt.Sprintf("status %q is not one of %v", f.Status, statuses)))
		return
	}
	if _, ok := s.Config.Team.Rep(f.Owner); f.Owner != "" && !ok {
		writeProblem(w, problem(http.StatusBadRequest, fmt.Sprintf("owner %q is not a rep of this dealership", f.Owner)))
		return
	}
	leads, err := s.Reader.Leads(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := LeadList{Leads: make([]LeadView, 0, len(leads))}
	for _, l := range leads {
		out.Leads = append(out.Leads, view(s.Config, l, nil))
	}
	writeJSON(w, http.StatusOK, out)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
