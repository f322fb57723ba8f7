package httpapi_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// TestRequestLogKeepsSecrets runs requests of every kind, good and bad, with the log
// at debug level, and checks that the log names routes but never holds an action
// token, a customer's details or a body.
func TestRequestLogKeepsSecrets(t *testing.T) {
	f := newFixture(t)
	var logs bytes.Buffer
	f.srv.Log = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	id := f.postLead("cc-1", pat)
	token := f.token(id, "alice")
	expired := f.expiredToken(id, "alice")
	const note = "Wants the trade-in appraised first"
	requests := []*http.Request{
		jsonRequest(http.MethodPost, "/leads", providerKey, leadJSON("cc-1", pat)),
		jsonRequest(http.MethodPost, "/leads", providerKey, `{"customer": {"name": "Pat Doe", "phone": "312-555-01"}}`),
		jsonRequest(http.MethodPost, "/leads", providerKey, `{"customer": {"name": "Pat Doe", "email": "pat.doe@example.com"`),
		request(http.MethodGet, "/leads/"+id, nil, "x-api-key", integrationKey),
		request(http.MethodGet, "/leads?owner=alice", nil, "x-api-key", integrationKey),
		request(http.MethodGet, "/a/"+token, nil),
		request(http.MethodGet, "/a/"+tampered(token), nil),
		request(http.MethodGet, "/a/"+expired, nil),
		request(http.MethodPut, "/a/"+token, nil),
		formRequest(token, "action", "call", "seen", "0"),
		formRequest(token, "action", "bogus"),
		tokenRequest(http.MethodPost, "/leads/"+id+"/activities", token, `{"type": "note", "note": "`+note+`"}`),
		tokenRequest(http.MethodPost, "/leads/"+id+"/activities", expired, `{"type": "note", "note": "`+note+`"}`),
		jsonRequest(http.MethodPost, "/leads/"+id+"/activities", integrationKey, `{"type": "note", "note": "`+note+`", "extra": 1}`),
		jsonRequest(http.MethodPost, "/leads/"+id+"/activities", providerKey, `{"type": "note", "note": "`+note+`"}`),
	}
	for _, r := range requests {
		f.serve(r)
	}

	out := logs.String()
	for _, secret := range []string{
		token, tampered(token), expired, token[:strings.IndexByte(token, '.')],
		pat.Name, pat.Email, pat.Phone, "+13125550123", "3125550123", "312-555-01",
		"blue one", note, providerKey, integrationKey,
	} {
		if strings.Contains(out, secret) {
			t.Errorf("the log holds %q:\n%s", secret, out)
		}
	}

	// One request line per request, naming the route pattern and the status.
	type line struct {
		Msg    string
		Method string
		Route  string
		Status int
	}
	var lines []line
	for _, raw := range strings.Split(strings.TrimSpace(out), "\n") {
		var msg struct{ Msg string }
		if err := json.Unmarshal([]byte(raw), &msg); err != nil {
			t.Fatalf("log line %q: %v", raw, err)
		}
		if msg.Msg != "request" {
			continue
		}
		var l line
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			t.Fatalf("log line %q: %v", raw, err)
		}
		lines = append(lines, l)
	}
	if len(lines) != len(requests)+1 {
		t.Fatalf("%d request lines for %d requests:\n%s", len(lines), len(requests)+1, out)
	}
	want := []line{
		{"request", "POST", "POST /leads", http.StatusCreated},
		{"request", "POST", "POST /leads", http.StatusOK},
		{"request", "POST", "POST /leads", http.StatusUnprocessableEntity},
		{"request", "POST", "POST /leads", http.StatusBadRequest},
		{"request", "GET", "GET /leads/{id}", http.StatusOK},
		{"request", "GET", "GET /leads", http.StatusOK},
		{"request", "GET", "GET /a/{token}", http.StatusOK},
		{"request", "GET", "GET /a/{token}", http.StatusForbidden},
		{"request", "GET", "GET /a/{token}", http.StatusGone},
		{"request", "PUT", "/", http.StatusNotFound},
		{"request", "POST", "POST /a/{token}", http.StatusSeeOther},
		{"request", "POST", "POST /a/{token}", http.StatusBadRequest},
		{"request", "POST", "POST /leads/{id}/activities", http.StatusOK},
		{"request", "POST", "POST /leads/{id}/activities", http.StatusUnauthorized},
		{"request", "POST", "POST /leads/{id}/activities", http.StatusBadRequest},
		{"request", "POST", "POST /leads/{id}/activities", http.StatusForbidden},
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("request line %d: %+v, want %+v", i, lines[i], want[i])
		}
	}
}
