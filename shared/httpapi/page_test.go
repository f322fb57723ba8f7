package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/leadclock/leadclock/shared/httpapi"
	"github.com/leadclock/leadclock/shared/lead"
)

// claimButton is how the page offers a claim.
const claimButton = `value="claim"`

// wantPage checks that the response is the action page with the status, sent with the
// headers that keep its URL (a credential) from leaking, and that it shows each phrase.
func wantPage(t *testing.T, rec *httptest.ResponseRecorder, status int, phrases ...string) string {
	t.Helper()
	if rec.Code != status {
		t.Errorf("status %d, want %d", rec.Code, status)
	}
	h := rec.Header()
	for name, want := range map[string]string{
		"Content-Type":    "text/html; charset=utf-8",
		"Referrer-Policy": "no-referrer",
		"Cache-Control":   "no-store",
		"X-Frame-Options": "DENY",
	} {
		if got := h.Get(name); got != want {
			t.Errorf("%s %q, want %q", name, got, want)
		}
	}
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	body := rec.Body.String()
	for _, p := range phrases {
		if !strings.Contains(body, p) {
			t.Errorf("page does not show %q:\n%s", p, body)
		}
	}
	return body
}

// wantRedirect checks that a tap was answered by a redirect back to the page, saying
// what was done.
func wantRedirect(t *testing.T, rec *httptest.ResponseRecorder, token, done string) {
	t.Helper()
	if rec.Code != http.StatusSeeOther {
		t.Errorf("status %d, want 303; body %s", rec.Code, rec.Body)
	}
	if got, want := rec.Header().Get("Location"), "/a/"+token+"?done="+done; got != want {
		t.Errorf("Location %q, want %q", got, want)
	}
}

func TestActionPageShowsTheLead(t *testing.T) {
	f := newFixture(t)
	id := f.postLead("cc-1", pat)
	token := f.token(id, "alice")
	f.committed.Store(0)
	before := f.snapshot()

	rec := f.serve(request(http.MethodGet, "/a/"+token, nil))

	body := wantPage(t, rec, http.StatusOK, "Pat Doe", "Test Motors", "for Alice Able", "2025 Honda Civic EX (used)",
		"Owner: you.", "Call by 10:05 AM", `href="tel:+13125550123"`, `href="mailto:pat.doe@example.com"`,
		`value="call"`, `value="busy"`, "assigned to Alice Able")
	if strings.Contains(body, claimButton) {
		t.Error("the page offers a claim on a lead that is not on offer")
	}
	f.unchanged(before)

	t.Run("flash", func(t *testing.T) {
		rec := f.serve(request(http.MethodGet, "/a/"+token+"?done=call", nil))
		wantPage(t, rec, http.StatusOK, "Call logged.")
		f.unchanged(before)
	})
}

func TestActionPageEscapes(t *testing.T) {
	f := newFixture(t)
	id := f.postLead("cc-1", customer{Name: "<script>alert(1)</script>", Email: "x@example.com"})

	body := wantPage(t, f.serve(request(http.MethodGet, "/a/"+f.token(id, "alice"), nil)), http.StatusOK,
		"&lt;script&gt;alert(1)&lt;/script&gt;")
	if strings.Contains(body, "<script") {
		t.Errorf("the customer's name reached the page unescaped:\n%s", body)
	}
}

// TestActionPageRefuses checks bad links and buttons: each is an HTML page saying
// what is wrong, and nothing is written.
func TestActionPageRefuses(t *testing.T) {
	tests := []struct {
		name    string
		req     func(f *fixture, id string) *http.Request
		status  int
		phrases []string
	}{
		{
			name: "open a tampered link",
			req: func(f *fixture, id string) *http.Request {
				return request(http.MethodGet, "/a/"+tampered(f.token(id, "alice")), nil)
			},
			status:  http.StatusForbidden,
			phrases: []string{"not valid"},
		},
		{
			name: "tap on a tampered link",
			req: func(f *fixture, id string) *http.Request {
				return formRequest(tampered(f.token(id, "alice")), "action", "call", "seen", "0")
			},
			status:  http.StatusForbidden,
			phrases: []string{"not valid"},
		},
		{
			name: "open a link cut short",
			req: func(f *fixture, id string) *http.Request {
				return request(http.MethodGet, "/a/"+f.token(id, "alice")[:20], nil)
			},
			status:  http.StatusForbidden,
			phrases: []string{"not valid"},
		},
		{
			name: "open an expired link",
			req: func(f *fixture, id string) *http.Request {
				return request(http.MethodGet, "/a/"+f.expiredToken(id, "alice"), nil)
			},
			status:  http.StatusGone,
			phrases: []string{"expired"},
		},
		{
			name: "tap on an expired link",
			req: func(f *fixture, id string) *http.Request {
				return formRequest(f.expiredToken(id, "alice"), "action", "call", "seen", "0")
			},
			status:  http.StatusGone,
			phrases: []string{"expired"},
		},
		{
			name: "tap an unknown button",
			req: func(f *fixture, id string) *http.Request {
				return formRequest(f.token(id, "alice"), "action", "bogus", "seen", "0")
			},
			status:  http.StatusBadRequest,
			phrases: []string{"Unknown button", "&#34;bogus&#34;"},
		},
		{
			name: "tap with the action in the query only",
			req: func(f *fixture, id string) *http.Request {
				return request(http.MethodPost, "/a/"+f.token(id, "alice")+"?action=call", "", "Content-Type", "application/x-www-form-urlencoded")
			},
			status:  http.StatusBadRequest,
			phrases: []string{"Unknown button"},
		},
		{
			name: "open a link to a lead that does not exist",
			req: func(f *fixture, _ string) *http.Request {
				return request(http.MethodGet, "/a/"+f.token("L9999", "alice"), nil)
			},
			status:  http.StatusNotFound,
			phrases: []string{"Lead not found"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			id := f.postLead("cc-1", pat)
			f.committed.Store(0)
			before := f.snapshot()

			body := wantPage(t, f.serve(tc.req(f, id)), tc.status, tc.phrases...)

			if strings.Contains(body, "Pat Doe") {
				t.Error("a refused page shows the customer")
			}
			f.unchanged(before)
		})
	}
}

func TestActionTapLogsContact(t *testing.T) {
	f := newFixture(t)
	id := f.postLead("cc-1", pat)
	token := f.token(id, "alice")
	f.committed.Store(0)

	wantRedirect(t, f.serve(formRequest(token, "action", "call", "seen", "0")), token, "call")
	l := f.lead(id)
	if l.Attempts != 1 || l.Status != lead.StatusContacted {
		t.Fatalf("lead has %d attempts, %s; want 1, contacted", l.Attempts, l.Status)
	}
	tl := f.timeline(id)
	if c := tl[len(tl)-1]; c.Type != lead.TypeContact || c.Rep != "alice" || c.Actor != "alice" || c.Channel != "call" || c.Evidence != lead.SelfReported {
		t.Errorf("contact entry %+v, want alice's self-reported call", c)
	}
	if n := f.committed.Load(); n != 1 {
		t.Errorf("Committed called %d times, want 1", n)
	}

	// The same form again, as a double tap or a resent form: not a second attempt.
	before := f.snapshot()
	f.committed.Store(0)
	wantRedirect(t, f.serve(formRequest(token, "action", "call", "seen", "0")), token, "repeated")
	f.unchanged(before)
	if l := f.lead(id); l.Attempts != 1 {
		t.Errorf("lead has %d attempts after a repeated tap, want 1", l.Attempts)
	}
	wantPage(t, f.serve(request(http.MethodGet, "/a/"+token+"?done=repeated", nil)), http.StatusOK, "Already logged", `name="seen" value="1"`)

	// A new attempt, made after seeing the first, counts.
	wantRedirect(t, f.serve(formRequest(token, "action", "text", "seen", "1")), token, "text")
	if l := f.lead(id); l.Attempts != 2 || l.Status != lead.StatusWorking {
		t.Errorf("lead has %d attempts, %s; want 2, working", l.Attempts, l.Status)
	}
}

func TestActionTapOnClosedLead(t *testing.T) {
	f := newFixture(t)
	id := f.postLead("cc-1", pat)
	f.close(id)
	token := f.token(id, "alice")
	f.committed.Store(0)
	before := f.snapshot()

	wantRedirect(t, f.serve(formRequest(token, "action", "call", "seen", "0")), token, "closed")
	f.unchanged(before)
	body := wantPage(t, f.serve(request(http.MethodGet, "/a/"+token+"?done=closed", nil)), http.StatusOK, "This lead is closed.", "Closed: sold.")
	if strings.Contains(body, `value="call"`) {
		t.Error("a closed lead's page still offers to log a call")
	}
}

func TestActionTapBusyAndFree(t *testing.T) {
	f := newFixture(t)
	id := f.postLead("cc-1", pat)
	token := f.token(id, "alice")

	wantRedirect(t, f.serve(formRequest(token, "action", "busy", "seen", "0")), token, "busy")
	away, ok := f.roster().Away["alice"]
	if want := f.clock.Now().Add(httpapi.BusyFor); !ok || !away.Until.Equal(want) {
		t.Errorf("alice away %v until %s, want until %s", ok, away.Until, want)
	}
	if l := f.lead(id); l.Owner != "bob" {
		t.Errorf("alice's waiting lead stayed with %s; it should move to bob", l.Owner)
	}
	wantPage(t, f.serve(request(http.MethodGet, "/a/"+token+"?done=busy", nil)), http.StatusOK,
		"You are marked busy for an hour", "busy until 11:00 AM", `value="free"`)

	wantRedirect(t, f.serve(formRequest(token, "action", "free", "seen", "0")), token, "free")
	if away := f.roster().Away; len(away) != 0 {
		t.Errorf("away %+v after free, want nobody", away)
	}
	wantPage(t, f.serve(request(http.MethodGet, "/a/"+token+"?done=free", nil)), http.StatusOK, "You are back in rotation.", `value="busy"`)
}

// TestActionPageClaim drives a lead to an offer-all step: only the reps it is offered
// to see a Claim button, and the first to tap it owns the lead.
func TestActionPageClaim(t *testing.T) {
	f := newFixtureWith(t, "offer-all")
	id := f.postLead("cc-1", pat)
	page := func(rep string) string {
		t.Helper()
		return wantPage(t, f.serve(request(http.MethodGet, "/a/"+f.token(id, rep), nil)), http.StatusOK)
	}
	if strings.Contains(page("bob"), claimButton) {
		t.Error("bob may claim before the lead is on offer")
	}

	f.fireDeadline(id)
	if l := f.lead(id); l.Offer.Step != 1 || l.Owner != "alice" {
		t.Fatalf("after the deadline: offer %+v, owner %s; want step 1 offered, alice still owner", l.Offer, l.Owner)
	}
	for rep, want := range map[string]bool{"bob": true, "alice": false, "mona": false} {
		if got := strings.Contains(page(rep), claimButton); got != want {
			t.Errorf("%s's page offers a claim: %v, want %v", rep, got, want)
		}
	}

	bob := f.token(id, "bob")
	wantRedirect(t, f.serve(formRequest(bob, "action", "claim", "seen", "0")), bob, "claim")
	if l := f.lead(id); l.Owner != "bob" || l.Offer.ClaimedBy != "bob" {
		t.Errorf("after the claim: owner %s, claimed by %s; want bob", l.Owner, l.Offer.ClaimedBy)
	}
	if strings.Contains(page("bob"), claimButton) {
		t.Error("bob's page still offers a claim on the lead he claimed")
	}
	wantRedirect(t, f.serve(formRequest(bob, "action", "claim", "seen", "0")), bob, "taken")
	wantRedirect(t, f.serve(formRequest(f.token(id, "mona"), "action", "claim", "seen", "0")), f.token(id, "mona"), "taken")
}
