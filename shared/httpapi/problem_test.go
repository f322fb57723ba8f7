package httpapi_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/leadclock/leadclock/shared/httpapi"
	"github.com/leadclock/leadclock/shared/lead"
)

// oversized is a JSON body just over httpapi.MaxBody.
var oversized = `{"comments": "` + strings.Repeat("x", httpapi.MaxBody) + `"}`

// unknownLength sends a body whose length is not declared, as a chunked upload does.
func unknownLength(r *http.Request) *http.Request {
	r.Body = io.NopCloser(struct{ io.Reader }{r.Body})
	r.ContentLength = -1
	r.TransferEncoding = []string{"chunked"}
	return r
}

// TestBadInput checks that every refused request is answered with a problem that says
// what is wrong, and writes nothing. Each case runs against a fresh server holding one
// lead, L0001, assigned to alice.
func TestBadInput(t *testing.T) {
	const activities = "/leads/L0001/activities"
	contact := `{"type": "contact", "channel": "call"}`
	tests := []struct {
		name string
		// setup prepares the lead before the snapshot; may be nil.
		setup   func(f *fixture)
		req     func(f *fixture) *http.Request
		status  int
		phrases []string
		// fields are the fields the problem's list must name, for 422s on leads.
		fields []string
	}{
		// POST /leads
		{
			name:    "lead body over 256 KB with Content-Length",
			req:     func(*fixture) *http.Request { return jsonRequest("POST", "/leads", providerKey, oversized) },
			status:  http.StatusRequestEntityTooLarge,
			phrases: []string{"larger than 256 KB"},
		},
		{
			name: "lead body over 256 KB of unknown length",
			req: func(*fixture) *http.Request {
				return unknownLength(jsonRequest("POST", "/leads", providerKey, oversized))
			},
			status:  http.StatusRequestEntityTooLarge,
			phrases: []string{"larger than 256 KB"},
		},
		{
			name: "lead as text/plain",
			req: func(*fixture) *http.Request {
				return request("POST", "/leads", leadJSON("cc-2", pat), "Content-Type", "text/plain", "x-api-key", providerKey)
			},
			status:  http.StatusUnsupportedMediaType,
			phrases: []string{"text/plain body must hold an ADF document", "send JSON as application/json"},
		},
		{
			name: "lead as text/html",
			req: func(*fixture) *http.Request {
				return request("POST", "/leads", "<html><adf></adf></html>", "Content-Type", "text/html", "x-api-key", providerKey)
			},
			status:  http.StatusUnsupportedMediaType,
			phrases: []string{"text/html is not accepted", "application/json", "application/x-adf+xml"},
		},
		{
			name: "lead without a content type",
			req: func(*fixture) *http.Request {
				return request("POST", "/leads", leadJSON("cc-2", pat), "x-api-key", providerKey)
			},
			status:  http.StatusUnsupportedMediaType,
			phrases: []string{"content type none", "send application/json"},
		},
		{
			name: "ADF lead nobody can contact",
			req: func(*fixture) *http.Request {
				return request("POST", "/leads", "<adf><prospect/></adf>", "Content-Type", "application/xml", "x-api-key", providerKey)
			},
			status:  http.StatusUnprocessableEntity,
			phrases: []string{"no phone was given and no email was given"},
		},
		{
			name: "ADF lead with a DOCTYPE",
			req: func(*fixture) *http.Request {
				return request("POST", "/leads", `<!DOCTYPE adf [<!ENTITY x "x">]><adf><prospect/></adf>`, "Content-Type", "text/xml", "x-api-key", providerKey)
			},
			status:  http.StatusBadRequest,
			phrases: []string{"DOCTYPE", "never reads"},
		},
		{
			name: "lead JSON cut short",
			req: func(*fixture) *http.Request {
				return jsonRequest("POST", "/leads", providerKey, `{"customer": {"email": "pat.doe@example.com"`)
			},
			status:  http.StatusBadRequest,
			phrases: []string{"ends in the middle of the JSON"},
		},
		{
			name: "lead JSON with trailing garbage",
			req: func(*fixture) *http.Request {
				return jsonRequest("POST", "/leads", providerKey, `{"customer": {"email": "pat.doe@example.com"}} thanks`)
			},
			status:  http.StatusBadRequest,
			phrases: []string{"after the end of the JSON object"},
		},
		{
			name: "lead JSON as a top-level array",
			req: func(*fixture) *http.Request {
				return jsonRequest("POST", "/leads", providerKey, `[{"customer": {"email": "pat.doe@example.com"}}]`)
			},
			status:  http.StatusBadRequest,
			phrases: []string{"a list, not a JSON object"},
		},
		{
			name: "lead without a valid phone or email",
			req: func(*fixture) *http.Request {
				return jsonRequest("POST", "/leads", providerKey, `{"providerLeadId": "cc-2", "customer": {"name": "Sam Roe", "phone": "12"}}`)
			},
			status:  http.StatusUnprocessableEntity,
			phrases: []string{"no way to reach the customer", `"12"`, "no email was given"},
			fields:  []string{"customer.phone", "customer.email"},
		},
		{
			name: "lead without an API key",
			req: func(*fixture) *http.Request {
				return request("POST", "/leads", leadJSON("cc-2", pat), "Content-Type", "application/json")
			},
			status:  http.StatusUnauthorized,
			phrases: []string{"x-api-key"},
		},
		{
			name: "lead with an unknown API key",
			req: func(*fixture) *http.Request {
				return jsonRequest("POST", "/leads", "test-key-nobody", leadJSON("cc-2", pat))
			},
			status:  http.StatusUnauthorized,
			phrases: []string{"not one this dealership issued"},
		},
		{
			name: "lead posted with an integration key",
			req: func(*fixture) *http.Request {
				return jsonRequest("POST", "/leads", integrationKey, leadJSON("cc-2", pat))
			},
			status:  http.StatusForbidden,
			phrases: []string{"integration key cannot POST /leads", "this route needs a provider key"},
		},

		// GET /leads, GET /leads/{id}
		{
			name:    "list with a provider key",
			req:     func(*fixture) *http.Request { return request("GET", "/leads", nil, "x-api-key", providerKey) },
			status:  http.StatusForbidden,
			phrases: []string{"provider key cannot GET /leads"},
		},
		{
			name: "list by an unknown status",
			req: func(*fixture) *http.Request {
				return request("GET", "/leads?status=bogus", nil, "x-api-key", integrationKey)
			},
			status:  http.StatusBadRequest,
			phrases: []string{`status "bogus" is not one of`, "assigned"},
		},
		{
			name: "list by an unknown owner",
			req: func(*fixture) *http.Request {
				return request("GET", "/leads?owner=zoe", nil, "x-api-key", integrationKey)
			},
			status:  http.StatusBadRequest,
			phrases: []string{`owner "zoe" is not a rep`},
		},
		{
			name:    "unknown lead",
			req:     func(*fixture) *http.Request { return request("GET", "/leads/L9999", nil, "x-api-key", integrationKey) },
			status:  http.StatusNotFound,
			phrases: []string{"L9999", "not found"},
		},
		{
			name:    "lead without an API key",
			req:     func(*fixture) *http.Request { return request("GET", "/leads/L0001", nil) },
			status:  http.StatusUnauthorized,
			phrases: []string{"x-api-key"},
		},
		{
			name:    "lead read with a provider key",
			req:     func(*fixture) *http.Request { return request("GET", "/leads/L0001", nil, "x-api-key", providerKey) },
			status:  http.StatusForbidden,
			phrases: []string{"provider key cannot GET /leads/L0001", "integration key"},
		},

		// POST /leads/{id}/activities
		{
			name:    "activity with a provider key",
			req:     func(*fixture) *http.Request { return jsonRequest("POST", activities, providerKey, contact) },
			status:  http.StatusForbidden,
			phrases: []string{"provider key cannot log activities"},
		},
		{
			name: "activity without credentials",
			req: func(*fixture) *http.Request {
				return request("POST", activities, contact, "Content-Type", "application/json")
			},
			status:  http.StatusUnauthorized,
			phrases: []string{"x-api-key", "Authorization: Bearer"},
		},
		{
			name:    "activity with an unknown key",
			req:     func(*fixture) *http.Request { return jsonRequest("POST", activities, "test-key-nobody", contact) },
			status:  http.StatusUnauthorized,
			phrases: []string{"integration key"},
		},
		{
			name: "activity on an unknown lead",
			req: func(*fixture) *http.Request {
				return jsonRequest("POST", "/leads/L9999/activities", integrationKey, contact)
			},
			status:  http.StatusNotFound,
			phrases: []string{"L9999", "not found"},
		},
		{
			name:    "activity body over 256 KB with Content-Length",
			req:     func(*fixture) *http.Request { return jsonRequest("POST", activities, integrationKey, oversized) },
			status:  http.StatusRequestEntityTooLarge,
			phrases: []string{"larger than 256 KB"},
		},
		{
			name: "activity body over 256 KB of unknown length",
			req: func(*fixture) *http.Request {
				return unknownLength(jsonRequest("POST", activities, integrationKey, oversized))
			},
			status:  http.StatusRequestEntityTooLarge,
			phrases: []string{"larger than 256 KB"},
		},
		{
			name: "activity as text/plain",
			req: func(*fixture) *http.Request {
				return request("POST", activities, contact, "Content-Type", "text/plain", "x-api-key", integrationKey)
			},
			status:  http.StatusUnsupportedMediaType,
			phrases: []string{"text/plain is not accepted"},
		},
		{
			name: "activity JSON cut short",
			req: func(*fixture) *http.Request {
				return jsonRequest("POST", activities, integrationKey, `{"type": "contact"`)
			},
			status:  http.StatusBadRequest,
			phrases: []string{"ends too early"},
		},
		{
			name: "activity JSON with a second value",
			req: func(*fixture) *http.Request {
				return jsonRequest("POST", activities, integrationKey, contact+` {"type": "note"}`)
			},
			status:  http.StatusBadRequest,
			phrases: []string{"more than one JSON value"},
		},
		{
			name:    "activity JSON as a top-level array",
			req:     func(*fixture) *http.Request { return jsonRequest("POST", activities, integrationKey, "["+contact+"]") },
			status:  http.StatusBadRequest,
			phrases: []string{"not valid JSON for this request", "array"},
		},
		{
			name: "activity of an unknown type",
			req: func(*fixture) *http.Request {
				return jsonRequest("POST", activities, integrationKey, `{"type": "call-back"}`)
			},
			status:  http.StatusUnprocessableEntity,
			phrases: []string{`"call-back" is not one of`, "contact", "note", "close"},
		},
		{
			name: "activity with an unknown field",
			req: func(*fixture) *http.Request {
				return jsonRequest("POST", activities, integrationKey, `{"type": "contact", "chanel": "call"}`)
			},
			status:  http.StatusBadRequest,
			phrases: []string{`unknown field "chanel"`},
		},
		{
			name: "activity with a field of the wrong type",
			req: func(*fixture) *http.Request {
				return jsonRequest("POST", activities, integrationKey, `{"type": "contact", "channel": 3}`)
			},
			status:  http.StatusBadRequest,
			phrases: []string{`field "channel" should be a string`},
		},
		{
			name: "contact by an unknown channel",
			req: func(*fixture) *http.Request {
				return jsonRequest("POST", activities, integrationKey, `{"type": "contact", "channel": "fax"}`)
			},
			status:  http.StatusUnprocessableEntity,
			phrases: []string{`channel "fax" is not one of`},
		},
		{
			name: "contact by an unknown rep",
			req: func(*fixture) *http.Request {
				return jsonRequest("POST", activities, integrationKey, `{"type": "contact", "channel": "call", "rep": "zoe"}`)
			},
			status:  http.StatusUnprocessableEntity,
			phrases: []string{`unknown rep "zoe"`},
		},
		{
			name: "note without text",
			req: func(*fixture) *http.Request {
				return jsonRequest("POST", activities, integrationKey, `{"type": "note", "note": "  "}`)
			},
			status:  http.StatusUnprocessableEntity,
			phrases: []string{"non-empty note"},
		},
		{
			name: "close without an outcome",
			req: func(*fixture) *http.Request {
				return jsonRequest("POST", activities, integrationKey, `{"type": "close"}`)
			},
			status:  http.StatusUnprocessableEntity,
			phrases: []string{`outcome "" is not one of`, "sold"},
		},
		{
			name: "close as lost without a reason",
			req: func(*fixture) *http.Request {
				return jsonRequest("POST", activities, integrationKey, `{"type": "close", "outcome": "lost"}`)
			},
			status:  http.StatusUnprocessableEntity,
			phrases: []string{"lost needs a reason"},
		},
		{
			name:    "contact on a closed lead",
			setup:   func(f *fixture) { f.close("L0001") },
			req:     func(*fixture) *http.Request { return jsonRequest("POST", activities, integrationKey, contact) },
			status:  http.StatusConflict,
			phrases: []string{"closed"},
		},
		{
			name:  "close a closed lead",
			setup: func(f *fixture) { f.close("L0001") },
			req: func(*fixture) *http.Request {
				return jsonRequest("POST", activities, integrationKey, `{"type": "close", "outcome": "junk"}`)
			},
			status:  http.StatusConflict,
			phrases: []string{"closed"},
		},
		{
			name: "activity with a token for another lead",
			setup: func(f *fixture) {
				f.postLead("cc-2", customer{Name: "Sam Roe", Email: "sam.roe@example.com"})
			},
			req: func(f *fixture) *http.Request {
				return tokenRequest("POST", activities, f.token("L0002", "alice"), contact)
			},
			status:  http.StatusForbidden,
			phrases: []string{"token is for another lead"},
		},
		{
			name: "activity with an expired token",
			req: func(f *fixture) *http.Request {
				return tokenRequest("POST", activities, f.expiredToken("L0001", "alice"), contact)
			},
			status:  http.StatusUnauthorized,
			phrases: []string{"has expired"},
		},
		{
			name: "activity with a tampered token",
			req: func(f *fixture) *http.Request {
				return tokenRequest("POST", activities, tampered(f.token("L0001", "alice")), contact)
			},
			status:  http.StatusUnauthorized,
			phrases: []string{"not one LeadClock signed"},
		},
		{
			name: "alice's token logging for bob",
			req: func(f *fixture) *http.Request {
				return tokenRequest("POST", activities, f.token("L0001", "alice"), `{"type": "contact", "channel": "call", "rep": "bob"}`)
			},
			status:  http.StatusForbidden,
			phrases: []string{"alice's", "cannot log for bob"},
		},

		// PUT /reps/{id}/availability
		{
			name: "availability with a provider key",
			req: func(*fixture) *http.Request {
				return jsonRequest("PUT", "/reps/alice/availability", providerKey, `{"available": false}`)
			},
			status:  http.StatusForbidden,
			phrases: []string{"provider key cannot", "availability"},
		},
		{
			name: "availability without credentials",
			req: func(*fixture) *http.Request {
				return request("PUT", "/reps/alice/availability", `{"available": false}`, "Content-Type", "application/json")
			},
			status:  http.StatusUnauthorized,
			phrases: []string{"x-api-key"},
		},
		{
			name: "availability of an unknown rep",
			req: func(*fixture) *http.Request {
				return jsonRequest("PUT", "/reps/x/availability", integrationKey, `{"available": false}`)
			},
			status:  http.StatusNotFound,
			phrases: []string{`rep "x" is not on this dealership's team`},
		},
		{
			name: "alice's token setting bob's availability",
			req: func(f *fixture) *http.Request {
				return tokenRequest("PUT", "/reps/bob/availability", f.token("L0001", "alice"), `{"available": false}`)
			},
			status:  http.StatusForbidden,
			phrases: []string{"own rep's availability"},
		},
		{
			name: "availability without available",
			req: func(*fixture) *http.Request {
				return jsonRequest("PUT", "/reps/alice/availability", integrationKey, `{}`)
			},
			status:  http.StatusUnprocessableEntity,
			phrases: []string{`"available": true or false`},
		},
		{
			name: "available until a time",
			req: func(*fixture) *http.Request {
				return jsonRequest("PUT", "/reps/alice/availability", integrationKey, `{"available": true, "until": "2026-11-03T18:00:00-06:00"}`)
			},
			status:  http.StatusUnprocessableEntity,
			phrases: []string{`"until" only applies`},
		},
		{
			name: "away until a time that has passed",
			req: func(*fixture) *http.Request {
				return jsonRequest("PUT", "/reps/alice/availability", integrationKey, `{"available": false, "until": "2026-11-03T09:00:00-06:00"}`)
			},
			status:  http.StatusUnprocessableEntity,
			phrases: []string{"which has passed"},
		},
		{
			name: "availability as text/plain",
			req: func(*fixture) *http.Request {
				return request("PUT", "/reps/alice/availability", `{"available": false}`, "Content-Type", "text/plain", "x-api-key", integrationKey)
			},
			status:  http.StatusUnsupportedMediaType,
			phrases: []string{"text/plain is not accepted"},
		},
		{
			name: "availability with an unknown field",
			req: func(*fixture) *http.Request {
				return jsonRequest("PUT", "/reps/alice/availability", integrationKey, `{"avail": false}`)
			},
			status:  http.StatusBadRequest,
			phrases: []string{`unknown field "avail"`},
		},

		// Routes
		{
			name:    "unknown route",
			req:     func(*fixture) *http.Request { return request("GET", "/customers", nil, "x-api-key", integrationKey) },
			status:  http.StatusNotFound,
			phrases: []string{"no route GET /customers"},
		},
		{
			name: "known path, unknown method",
			req: func(*fixture) *http.Request {
				return request("DELETE", "/leads/L0001", nil, "x-api-key", integrationKey)
			},
			status:  http.StatusNotFound,
			phrases: []string{"no route DELETE /leads/L0001"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.postLead("cc-1", pat)
			if tc.setup != nil {
				tc.setup(f)
			}
			f.committed.Store(0)
			before := f.snapshot()

			rec := f.serve(tc.req(f))

			p := wantProblem(t, rec, tc.status, tc.phrases...)
			for _, field := range tc.fields {
				if !hasField(p, field) {
					t.Errorf("problems %+v do not name %s", p.Problems, field)
				}
			}
			f.unchanged(before)
		})
	}
}

func hasField(p problemBody, field string) bool {
	for _, q := range p.Problems {
		if q.Field == field && q.Message != "" {
			return true
		}
	}
	return false
}

// close closes a lead as sold through the engine.
func (f *fixture) close(id string) {
	f.t.Helper()
	if _, err := f.eng.Close(f.ctx, id, lead.Closed{Outcome: lead.Sold, Actor: "dms"}); err != nil {
		f.t.Fatal(err)
	}
}
