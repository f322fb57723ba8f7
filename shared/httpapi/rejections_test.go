package httpapi_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/httpapi"
)

// Payloads providers sent that LeadClock refused.
var (
	noContactPayload = []byte(`{"providerLeadId":"cc-9","customer":{"name":"Pat Doe","phones":[{"number":"312-555-01"}]}}`)
	// Cut off mid-string, in Latin-1: "José" with 0xE9, then bytes no UTF-8 holds.
	brokenPayload = []byte{'{', '"', 'c', 'u', 's', 't', 'o', 'm', 'e', 'r', '"', ':', '{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', 'J', 'o', 's', 0xE9, 0x00, 0xFF, 0xFE}
)

// reject keeps a rejection from cars-com through the engine, at the clock's time.
func (f *fixture) reject(contentType string, status int, reason string, payload []byte) engine.Rejection {
	f.t.Helper()
	r, err := f.eng.Reject(f.ctx, engine.Rejection{Provider: "cars-com", ContentType: contentType, Status: status, Reason: reason, Payload: payload})
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

// twoRejections keeps a 422 at the fixture's start and a 400 five minutes later, and
// leaves the clock there.
func (f *fixture) twoRejections() (noContact, broken engine.Rejection) {
	f.t.Helper()
	noContact = f.reject("application/json", http.StatusUnprocessableEntity, "the lead has no valid phone or email", noContactPayload)
	f.clock.Set(f.clock.Now().Add(5 * time.Minute))
	broken = f.reject("application/json; charset=iso-8859-1", http.StatusBadRequest, "the body is not valid JSON: it ends too early", brokenPayload)
	return noContact, broken
}

func TestListRejections(t *testing.T) {
	f := newFixture(t)
	noContact, broken := f.twoRejections()

	rec := f.serve(request(http.MethodGet, "/rejections", nil, "x-api-key", integrationKey))
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d; body %s", rec.Code, rec.Body)
	}
	if ct, cc := rec.Header().Get("Content-Type"), rec.Header().Get("Cache-Control"); ct != "application/json" || cc != "no-store" {
		t.Errorf("Content-Type %q, Cache-Control %q; want application/json, no-store", ct, cc)
	}
	m := object(t, rec)
	if n, _ := m["count"].(json.Number).Int64(); n != 2 {
		t.Errorf("count %v, want 2", m["count"])
	}
	items, _ := m["rejections"].([]any)
	if len(items) != 2 {
		t.Fatalf("rejections %v, want two", m["rejections"])
	}
	// Newest first, every field named as documented, and no payload.
	for i, want := range []engine.Rejection{broken, noContact} {
		item := items[i].(map[string]any)
		keys := make([]string, 0, len(item))
		for k := range item {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if wantKeys := []string{"at", "contentType", "id", "provider", "reason", "size", "status"}; !slices.Equal(keys, wantKeys) {
			t.Errorf("rejection %d has fields %v, want %v", i, keys, wantKeys)
		}
		wantTime(t, item, "at", want.At)
		if item["id"] != want.ID || item["provider"] != "cars-com" || item["contentType"] != want.ContentType || item["reason"] != want.Reason ||
			item["status"] != json.Number(strconv.Itoa(want.Status)) || item["size"] != json.Number(strconv.Itoa(len(want.Payload))) {
			t.Errorf("rejection %d = %v, want %+v", i, item, want)
		}
	}
}

func TestListRejectionsWindow(t *testing.T) {
	f := newFixture(t)
	first, second := f.twoRejections()
	f.clock.Set(f.clock.Now().Add(5 * time.Minute))
	third := f.reject("application/json", http.StatusUnprocessableEntity, "the lead has no valid phone or email", noContactPayload)
	at := func(r engine.Rejection) string { return url.QueryEscape(r.At.Format(time.RFC3339Nano)) }

	tests := []struct {
		name  string
		query string
		want  []string
		count int
	}{
		{"everything", "", []string{third.ID, second.ID, first.ID}, 3},
		{"from is inclusive", "?from=" + at(second), []string{third.ID, second.ID}, 2},
		{"to is exclusive", "?to=" + at(second), []string{first.ID}, 1},
		{"from and to", "?from=" + at(first) + "&to=" + at(third), []string{second.ID, first.ID}, 2},
		{"in UTC", "?from=" + url.QueryEscape(second.At.UTC().Format(time.RFC3339)), []string{third.ID, second.ID}, 2},
		{"limit counts the whole window", "?limit=1", []string{third.ID}, 3},
		{"limit within a window", "?to=" + at(third) + "&limit=1", []string{second.ID}, 2},
		{"nothing yet", "?from=" + url.QueryEscape(third.At.Add(time.Hour).Format(time.RFC3339)), []string{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.serve(request(http.MethodGet, "/rejections"+tt.query, nil, "x-api-key", integrationKey))
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d; body %s", rec.Code, rec.Body)
			}
			var got httpapi.RejectionList
			decodeJSON(t, rec, &got)
			ids := []string{}
			for _, r := range got.Rejections {
				ids = append(ids, r.ID)
			}
			if !slices.Equal(ids, tt.want) || got.Count != tt.count {
				t.Errorf("rejections %v, count %d; want %v, count %d", ids, got.Count, tt.want, tt.count)
			}
			if got.Rejections == nil || !strings.Contains(rec.Body.String(), `"rejections": [`) {
				t.Errorf("rejections is not a list: %s", rec.Body)
			}
		})
	}
}

func TestGetRejection(t *testing.T) {
	f := newFixture(t)
	noContact, broken := f.twoRejections()
	big := bytes.Repeat([]byte("Pat Doe, +1 312 555 0123, pat.doe@example.com\x00\xff\n"), (256<<10)/51)
	large := f.reject("application/xml", http.StatusBadRequest, "the ADF document is not well-formed", big)
	bad := f.reject("json, please", http.StatusBadRequest, "the body is not valid JSON: it ends too early", brokenPayload)

	tests := []struct {
		name        string
		r           engine.Rejection
		contentType string
	}{
		{"JSON", noContact, "application/json"},
		{"not UTF-8, with a charset", broken, "application/json; charset=iso-8859-1"},
		{"256 KB", large, "application/xml"},
		{"content type that does not parse", bad, "application/octet-stream"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.serve(request(http.MethodGet, "/rejections/"+tt.r.ID, nil, "x-api-key", integrationKey))
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d; body %.200s", rec.Code, rec.Body)
			}
			if !bytes.Equal(rec.Body.Bytes(), tt.r.Payload) {
				t.Errorf("body of %d bytes differs from the %d bytes kept", rec.Body.Len(), len(tt.r.Payload))
			}
			h := rec.Header()
			for name, want := range map[string]string{
				"Content-Type": tt.contentType, "Content-Length": strconv.Itoa(len(tt.r.Payload)),
				"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox",
			} {
				if got := h.Get(name); got != want {
					t.Errorf("%s %q, want %q", name, got, want)
				}
			}
		})
	}
}

func TestRejectionsRefuse(t *testing.T) {
	f := newFixture(t)
	r, _ := f.twoRejections()
	tests := []struct {
		name    string
		path    string
		key     string
		status  int
		phrases []string
	}{
		{"list without a key", "/rejections", "", http.StatusUnauthorized, []string{"x-api-key"}},
		{"list with an unknown key", "/rejections", "nope", http.StatusUnauthorized, []string{"not one this dealership issued"}},
		{"list with a provider key", "/rejections", providerKey, http.StatusForbidden, []string{"a provider key", "an integration key"}},
		{"payload without a key", "/rejections/" + r.ID, "", http.StatusUnauthorized, []string{"x-api-key"}},
		{"payload with a provider key", "/rejections/" + r.ID, providerKey, http.StatusForbidden, []string{"an integration key"}},
		{"unknown id", "/rejections/L9999", integrationKey, http.StatusNotFound, []string{"rejection L9999", "not found"}},
		{"from not a time", "/rejections?from=yesterday", integrationKey, http.StatusBadRequest, []string{`from "yesterday"`, "RFC 3339", "2026-11-03T10:00:00-06:00"}},
		{"to without a zone", "/rejections?to=2026-11-03T10:00:00", integrationKey, http.StatusBadRequest, []string{`to "2026-11-03T10:00:00"`, "RFC 3339"}},
		{"to a date", "/rejections?to=2026-11-03", integrationKey, http.StatusBadRequest, []string{"to", "RFC 3339"}},
		{"plus sent unescaped", "/rejections?from=2026-11-03T10:00:00+01:00", integrationKey, http.StatusBadRequest, []string{"from", "%2B"}},
		{"from after to", "/rejections?from=2026-11-03T11:00:00Z&to=2026-11-03T10:00:00Z", integrationKey, http.StatusBadRequest, []string{"from", "not before to"}},
		{"from equal to", "/rejections?from=2026-11-03T10:00:00Z&to=2026-11-03T10:00:00Z", integrationKey, http.StatusBadRequest, []string{"not before to"}},
		{"limit zero", "/rejections?limit=0", integrationKey, http.StatusBadRequest, []string{`limit "0"`, "from 1 to 1000"}},
		{"limit negative", "/rejections?limit=-5", integrationKey, http.StatusBadRequest, []string{`limit "-5"`}},
		{"limit too large", "/rejections?limit=1001", integrationKey, http.StatusBadRequest, []string{`limit "1001"`, "1000"}},
		{"limit not a number", "/rejections?limit=ten", integrationKey, http.StatusBadRequest, []string{`limit "ten"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var header []string
			if tt.key != "" {
				header = []string{"x-api-key", tt.key}
			}
			rec := f.serve(request(http.MethodGet, tt.path, nil, header...))
			wantProblem(t, rec, tt.status, tt.phrases...)
			if bytes.Contains(rec.Body.Bytes(), []byte("312-555-01")) {
				t.Errorf("a refusal shows the payload: %s", rec.Body)
			}
		})
	}
}

// A deployment whose reader keeps no rejections says so rather than listing none.
func TestRejectionsNotKept(t *testing.T) {
	f := newFixture(t)
	r, _ := f.twoRejections()
	f.srv.Reader = struct{ httpapi.Reader }{f.store}
	for _, path := range []string{"/rejections", "/rejections/" + r.ID} {
		rec := f.serve(request(http.MethodGet, path, nil, "x-api-key", integrationKey))
		wantProblem(t, rec, http.StatusNotImplemented, "this deployment keeps no rejections")
	}
}

// Serving rejections logs their routes, never what they hold.
func TestRejectionsLogNoPayload(t *testing.T) {
	f := newFixture(t)
	var logs bytes.Buffer
	f.srv.Log = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	noContact, broken := f.twoRejections()
	for _, path := range []string{"/rejections", "/rejections/" + noContact.ID, "/rejections/" + broken.ID, "/rejections/L9999"} {
		f.serve(request(http.MethodGet, path, nil, "x-api-key", integrationKey))
	}
	out := logs.String()
	for _, secret := range []string{"Pat Doe", "312-555-01", "cc-9", "Jos", noContact.Reason, broken.Reason} {
		if strings.Contains(out, secret) {
			t.Errorf("the log holds %q:\n%s", secret, out)
		}
	}
	if n := strings.Count(out, `"route":"GET /rejections`); n != 4 {
		t.Errorf("%d request lines for 4 requests:\n%s", n, out)
	}
}
