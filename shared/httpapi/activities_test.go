package httpapi_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/httpapi"
	"github.com/leadclock/leadclock/shared/lead"
)

// TestPostActivity logs each kind of activity on a fresh lead, L0001 assigned to
// alice, and checks the answer, the stored lead and the timeline entry it made.
func TestPostActivity(t *testing.T) {
	const path = "/leads/L0001/activities"
	integration := func(body string) func(*fixture) *http.Request {
		return func(*fixture) *http.Request { return jsonRequest(http.MethodPost, path, integrationKey, body) }
	}
	byToken := func(rep, body string) func(*fixture) *http.Request {
		return func(f *fixture) *http.Request {
			return tokenRequest(http.MethodPost, path, f.token("L0001", rep), body)
		}
	}
	tests := []struct {
		name   string
		req    func(*fixture) *http.Request
		status lead.Status
		owner  string
		// entry is the timeline entry the activity made, without its time.
		entry httpapi.Entry
	}{
		{
			name:   "contact by an integration",
			req:    integration(`{"type": "contact", "channel": "call", "outcome": "left voicemail"}`),
			status: lead.StatusContacted,
			owner:  "alice",
			entry: httpapi.Entry{Type: lead.TypeContact, Actor: "dms", Status: lead.StatusContacted, Rep: "alice", Channel: "call",
				Evidence: lead.Integration, Outcome: "left voicemail", Attempts: 1},
		},
		{
			name:   "contact by an integration for another rep",
			req:    integration(`{"type": "contact", "channel": "in-person", "rep": "bob"}`),
			status: lead.StatusContacted,
			owner:  "bob",
			entry: httpapi.Entry{Type: lead.TypeContact, Actor: "dms", Status: lead.StatusContacted, Rep: "bob", From: "alice",
				Channel: "in-person", Evidence: lead.Integration, Attempts: 1},
		},
		{
			name:   "contact with alice's action token",
			req:    byToken("alice", `{"type": "contact", "channel": "text"}`),
			status: lead.StatusContacted,
			owner:  "alice",
			entry: httpapi.Entry{Type: lead.TypeContact, Actor: "alice", Status: lead.StatusContacted, Rep: "alice", Channel: "text",
				Evidence: lead.SelfReported, Attempts: 1},
		},
		{
			name:   "contact with alice's action token naming alice",
			req:    byToken("alice", `{"type": "contact", "channel": "call", "rep": "alice"}`),
			status: lead.StatusContacted,
			owner:  "alice",
			entry: httpapi.Entry{Type: lead.TypeContact, Actor: "alice", Status: lead.StatusContacted, Rep: "alice", Channel: "call",
				Evidence: lead.SelfReported, Attempts: 1},
		},
		{
			name:   "note by an integration",
			req:    integration(`{"type": "note", "note": "Asked for the out-the-door price."}`),
			status: lead.StatusAssigned,
			owner:  "alice",
			entry:  httpapi.Entry{Type: lead.TypeNote, Actor: "dms", Status: lead.StatusAssigned, Note: "Asked for the out-the-door price."},
		},
		{
			name:   "note with an action token",
			req:    byToken("alice", `{"type": "note", "note": "Prefers texts."}`),
			status: lead.StatusAssigned,
			owner:  "alice",
			entry:  httpapi.Entry{Type: lead.TypeNote, Actor: "alice", Status: lead.StatusAssigned, Note: "Prefers texts."},
		},
		{
			name:   "close as sold",
			req:    integration(`{"type": "close", "outcome": "sold"}`),
			status: lead.StatusClosed,
			owner:  "alice",
			entry:  httpapi.Entry{Type: lead.TypeClosed, Actor: "dms", Status: lead.StatusClosed, Outcome: "sold"},
		},
		{
			name:   "close as lost with a reason",
			req:    integration(`{"type": "close", "outcome": "lost", "reason": "bought elsewhere"}`),
			status: lead.StatusClosed,
			owner:  "alice",
			entry:  httpapi.Entry{Type: lead.TypeClosed, Actor: "dms", Status: lead.StatusClosed, Outcome: "lost", Reason: "bought elsewhere"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			id := f.postLead("cc-1", pat)
			before := f.lead(id)
			f.committed.Store(0)

			rec := f.serve(tc.req(f))
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d, want 200; body %s", rec.Code, rec.Body)
			}
			var v httpapi.LeadView
			decodeJSON(t, rec, &v)
			if v.ID != id || v.Status != tc.status || v.Owner == nil || v.Owner.ID != tc.owner {
				t.Errorf("answer: lead %s %s owned by %+v; want %s %s owned by %s", v.ID, v.Status, v.Owner, id, tc.status, tc.owner)
			}
			after := f.lead(id)
			if after.Version <= before.Version || after.Status != tc.status {
				t.Errorf("stored lead at version %d (was %d), %s; want a new version, %s", after.Version, before.Version, after.Status, tc.status)
			}
			if n := f.committed.Load(); n != 1 {
				t.Errorf("Committed called %d times, want 1", n)
			}
			if len(v.Timeline) != len(f.timeline(id)) {
				t.Errorf("answer shows %d timeline entries, the store holds %d", len(v.Timeline), len(f.timeline(id)))
			}
			got, ok := findEntry(v, tc.entry.Type)
			if !ok {
				t.Fatalf("no %s entry in %+v", tc.entry.Type, v.Timeline)
			}
			if !got.At.Equal(f.clock.Now()) {
				t.Errorf("entry at %s, want %s", got.At, f.clock.Now())
			}
			got.At = time.Time{}
			if got != tc.entry {
				t.Errorf("entry\n got %+v\nwant %+v", got, tc.entry)
			}
			if tc.status == lead.StatusClosed && (v.Closure == nil || string(v.Closure.Outcome) != tc.entry.Outcome) {
				t.Errorf("closure %+v, want outcome %s", v.Closure, tc.entry.Outcome)
			}
		})
	}
}

// findEntry returns the last timeline entry of the type.
func findEntry(v httpapi.LeadView, typ lead.Type) (httpapi.Entry, bool) {
	for i := len(v.Timeline) - 1; i >= 0; i-- {
		if v.Timeline[i].Type == typ {
			return v.Timeline[i], true
		}
	}
	return httpapi.Entry{}, false
}

func TestAvailability(t *testing.T) {
	f := newFixture(t)
	id := f.postLead("cc-1", pat)
	f.clock.Set(f.clock.Now().Add(time.Minute))

	// alice goes away: her lead still waiting for a first contact moves to bob.
	rec := f.serve(jsonRequest(http.MethodPut, "/reps/alice/availability", integrationKey, `{"available": false}`))
	if rec.Code != http.StatusOK {
		t.Fatalf("away: %d %s", rec.Code, rec.Body)
	}
	var got httpapi.Availability
	decodeJSON(t, rec, &got)
	if got != (httpapi.Availability{Rep: "alice", Available: false}) {
		t.Errorf("answer %+v", got)
	}
	if away := f.roster().Away; len(away) != 1 || !away["alice"].Until.IsZero() {
		t.Errorf("away %+v, want alice until further notice", away)
	}
	l := f.lead(id)
	if l.Owner != "bob" || l.Status != lead.StatusAssigned {
		t.Errorf("lead is %s owned by %s, want assigned to bob", l.Status, l.Owner)
	}
	tl := f.timeline(id)
	var moved *lead.Activity
	for i := range tl {
		if tl[i].Type == lead.TypeReassigned {
			moved = &tl[i]
		}
	}
	if moved == nil {
		t.Fatalf("no reassigned entry in %v", entryTypes(tl))
	}
	if moved.From != "alice" || moved.Rep != "bob" || moved.Actor != "dms" || !moved.At.Equal(f.clock.Now()) {
		t.Errorf("reassigned entry %+v, want from alice to bob by dms now", *moved)
	}
	if !l.Deadline.Equal(f.clock.Now().Add(5 * time.Minute)) {
		t.Errorf("deadline %s, want five minutes from the move", l.Deadline)
	}

	// alice is back.
	rec = f.serve(jsonRequest(http.MethodPut, "/reps/alice/availability", integrationKey, `{"available": true}`))
	if rec.Code != http.StatusOK {
		t.Fatalf("back: %d %s", rec.Code, rec.Body)
	}
	decodeJSON(t, rec, &got)
	if got != (httpapi.Availability{Rep: "alice", Available: true}) {
		t.Errorf("answer %+v", got)
	}
	if away := f.roster().Away; len(away) != 0 {
		t.Errorf("away %+v, want nobody", away)
	}
	if n := f.committed.Load(); n != 3 {
		t.Errorf("Committed called %d times, want 3 (lead, away, back)", n)
	}
	if l := f.lead(id); l.Owner != "bob" {
		t.Errorf("the lead went back to %s; it should stay with bob", l.Owner)
	}

	// A rep's action token sets that rep's own availability, until a time.
	until := f.clock.Now().Add(2 * time.Hour)
	rec = f.serve(tokenRequest(http.MethodPut, "/reps/bob/availability", f.token(id, "bob"),
		`{"available": false, "until": "`+until.Format(time.RFC3339)+`"}`))
	if rec.Code != http.StatusOK {
		t.Fatalf("bob away by token: %d %s", rec.Code, rec.Body)
	}
	decodeJSON(t, rec, &got)
	if got.Rep != "bob" || got.Available || got.Until == nil || !got.Until.Equal(until) {
		t.Errorf("answer %+v, want bob away until %s", got, until)
	}
	if away := f.roster().Away["bob"]; !away.Until.Equal(until) {
		t.Errorf("bob away until %s, want %s", away.Until, until)
	}
	if l := f.lead(id); l.Owner != "alice" {
		t.Errorf("lead owned by %s, want it back with alice now that bob is away", l.Owner)
	}
}
