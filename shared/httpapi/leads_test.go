package httpapi_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/httpapi"
	"github.com/leadclock/leadclock/shared/lead"
)

func TestPostLead(t *testing.T) {
	f := newFixture(t)

	rec := f.serve(jsonRequest(http.MethodPost, "/leads", providerKey, leadJSON("cc-1", pat)))
	if rec.Code != http.StatusCreated {
		t.Fatalf("status %d, want 201; body %s", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	var created httpapi.Receipt
	decodeJSON(t, rec, &created)
	if created.ID == "" || created.Status != "created" {
		t.Errorf("answer %+v, want an id and status created", created)
	}
	if got := rec.Header().Get("Location"); got != "/leads/"+created.ID {
		t.Errorf("Location %q, want /leads/%s", got, created.ID)
	}
	if f.committed.Load() != 1 {
		t.Errorf("Committed called %d times, want 1", f.committed.Load())
	}
	stored := f.lead(created.ID)
	if stored.Status != lead.StatusAssigned || stored.Owner != "alice" {
		t.Errorf("stored lead is %s, owned by %q; want assigned to alice", stored.Status, stored.Owner)
	}

	t.Run("resend", func(t *testing.T) {
		f.committed.Store(0)
		before := f.snapshot()
		rec := f.serve(jsonRequest(http.MethodPost, "/leads", providerKey, leadJSON("cc-1", pat)))
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d, want 200; body %s", rec.Code, rec.Body)
		}
		var again httpapi.Receipt
		decodeJSON(t, rec, &again)
		if !reflect.DeepEqual(again, httpapi.Receipt{ID: created.ID, Status: "duplicate"}) {
			t.Errorf("answer %+v, want the same id as duplicate", again)
		}
		if got := rec.Header().Get("Location"); got != "/leads/"+created.ID {
			t.Errorf("Location %q", got)
		}
		f.unchanged(before)
	})

	t.Run("charset parameter", func(t *testing.T) {
		r := request(http.MethodPost, "/leads", leadJSON("cc-2", customer{Name: "Sam Roe", Email: "sam.roe@example.com"}),
			"Content-Type", "application/json; charset=utf-8", "x-api-key", providerKey)
		if rec := f.serve(r); rec.Code != http.StatusCreated {
			t.Errorf("status %d, want 201; body %s", rec.Code, rec.Body)
		}
	})
}

func TestGetLead(t *testing.T) {
	f := newFixture(t)
	id := f.postLead("cc-1", pat)

	rec := f.serve(request(http.MethodGet, "/leads/"+id, nil, "x-api-key", integrationKey))
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d; body %s", rec.Code, rec.Body)
	}
	if got := rec.Header().Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", got)
	}
	m := object(t, rec)
	now := f.clock.Now()

	want := map[string]any{
		"id":             id,
		"status":         "assigned",
		"owner":          map[string]any{"id": "alice", "name": "Alice Able"},
		"firstContactAt": nil,
		"provider":       map[string]any{"id": "cars-com", "name": "Cars.com"},
		"comments":       "Is the blue one still available? I can come by Saturday.",
		"customer": map[string]any{
			"name": "Pat Doe", "firstName": "Pat", "lastName": "Doe",
			"emails": []any{"pat.doe@example.com"},
			"phones": []any{map[string]any{"e164": "+13125550123", "raw": "(312) 555-0123", "type": "mobile", "valid": true}},
		},
		"vehicles": []any{map[string]any{"year": json.Number("2025"), "make": "Honda", "model": "Civic", "trim": "EX", "status": "used"}},
	}
	for k, v := range want {
		got, ok := m[k]
		if !ok {
			t.Errorf("no %q in %s", k, rec.Body)
			continue
		}
		if !jsonEqual(got, v) {
			t.Errorf("%s = %#v, want %#v", k, got, v)
		}
	}
	wantTime(t, m, "receivedAt", now)
	wantTime(t, m, "deadline", now.Add(5*time.Minute))

	timeline, _ := m["timeline"].([]any)
	var types []string
	for i, e := range timeline {
		entry, _ := e.(map[string]any)
		for _, k := range []string{"at", "type", "actor"} {
			if _, ok := entry[k]; !ok {
				t.Errorf("timeline[%d] has no %q: %v", i, k, entry)
			}
		}
		wantTime(t, entry, "at", now)
		types = append(types, entry["type"].(string))
	}
	if !slices.Equal(types, []string{"received", "assigned", "notified"}) {
		t.Errorf("timeline types %v, want received, assigned, notified", types)
	}
	if len(timeline) == 3 {
		if e := timeline[1].(map[string]any); e["rep"] != "alice" {
			t.Errorf("assigned entry %v, want rep alice", e)
		}
		if e := timeline[2].(map[string]any); e["rep"] != "alice" || e["channel"] != "sms,email" {
			t.Errorf("notified entry %v, want alice by sms,email", e)
		}
	}

	t.Run("after contact", func(t *testing.T) {
		f.clock.Set(now.Add(3 * time.Minute))
		if rec := f.serve(jsonRequest(http.MethodPost, "/leads/"+id+"/activities", integrationKey, `{"type": "contact", "channel": "call"}`)); rec.Code != http.StatusOK {
			t.Fatalf("contact: %d %s", rec.Code, rec.Body)
		}
		m := object(t, f.serve(request(http.MethodGet, "/leads/"+id, nil, "x-api-key", integrationKey)))
		wantTime(t, m, "firstContactAt", now.Add(3*time.Minute))
		if m["deadline"] != nil || m["status"] != "contacted" {
			t.Errorf("deadline %v, status %v; want null and contacted", m["deadline"], m["status"])
		}
	})
}

// jsonEqual compares decoded JSON values.
func jsonEqual(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

// wantTime checks that a JSON object holds an RFC 3339 time equal to want.
func wantTime(t *testing.T, m map[string]any, key string, want time.Time) {
	t.Helper()
	s, ok := m[key].(string)
	if !ok {
		t.Errorf("%s = %#v, want a time", key, m[key])
		return
	}
	got, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Errorf("%s = %q: %v", key, s, err)
		return
	}
	if !got.Equal(want) {
		t.Errorf("%s = %s, want %s", key, got, want)
	}
}

func TestListLeads(t *testing.T) {
	f := newFixture(t)
	first := f.postLead("cc-1", pat)
	second := f.postLead("cc-2", customer{Name: "Sam Roe", Email: "sam.roe@example.com"})
	third := f.postLead("cc-3", customer{Name: "Lee Poe", Phone: "+1 312 555 0177"})
	if rec := f.serve(jsonRequest(http.MethodPost, "/leads/"+third+"/activities", integrationKey, `{"type": "contact", "channel": "text"}`)); rec.Code != http.StatusOK {
		t.Fatalf("contact: %d %s", rec.Code, rec.Body)
	}
	owner := map[string]string{first: f.lead(first).Owner, second: f.lead(second).Owner, third: f.lead(third).Owner}
	if owner[first] != "alice" || owner[second] != "bob" || owner[third] != "alice" {
		t.Fatalf("owners %v, want alice, bob, alice in turn", owner)
	}

	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{first, second, third}},
		{"?status=assigned", []string{first, second}},
		{"?owner=alice", []string{first, third}},
		{"?status=assigned&owner=alice", []string{first}},
		{"?status=contacted&owner=alice", []string{third}},
		{"?status=closed", []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			rec := f.serve(request(http.MethodGet, "/leads"+tc.query, nil, "x-api-key", integrationKey))
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d; body %s", rec.Code, rec.Body)
			}
			m := object(t, rec)
			if list, ok := m["leads"].([]any); !ok || list == nil {
				t.Fatalf("leads is %#v, want a list", m["leads"])
			}
			var got httpapi.LeadList
			decodeJSON(t, rec, &got)
			ids := []string{}
			for _, l := range got.Leads {
				ids = append(ids, l.ID)
				if l.Timeline != nil {
					t.Errorf("lead %s is listed with its timeline", l.ID)
				}
			}
			if !slices.Equal(ids, tc.want) {
				t.Errorf("leads %v, want %v", ids, tc.want)
			}
		})
	}
}
