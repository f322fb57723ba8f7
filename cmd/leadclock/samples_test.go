package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestSamplesOverHTTP posts every sample payload in events/ to a local server, as a
// provider would, and reads each lead back with GET /leads/{id}: what is stored and
// shown must be the expected normalised lead written beside the sample. Each sample
// gets its own server, since samples share customers and a second one would be merged.
func TestSamplesOverHTTP(t *testing.T) {
	t.Parallel()
	samples, err := filepath.Glob("../../events/*/*")
	if err != nil {
		t.Fatal(err)
	}
	config := filepath.Join("testdata", "e2e.yaml")
	n := 0
	for _, path := range samples {
		format := filepath.Base(filepath.Dir(path))
		contentType := map[string]string{"adf": "application/xml", "json": "application/json"}[format]
		if contentType == "" {
			continue
		}
		n++
		name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		t.Run(format+"/"+name, func(t *testing.T) {
			t.Parallel()
			body, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var want struct {
				Leads []struct {
					Lead  map[string]any `json:"lead"`
					Error *struct{ Kind string }
				}
			}
			raw, err := os.ReadFile(filepath.Join("../../events/expected", name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatal(err)
			}
			s := startServer(t, config, t.TempDir(), 1)
			var reply json.RawMessage
			code := s.do("POST", "/leads", map[string]string{"x-api-key": providerKey, "Content-Type": contentType}, string(body), &reply)
			var answer struct {
				ID, Status, Rejection string
				Leads                 []struct{ ID, Status string }
			}
			if code == http.StatusUnprocessableEntity {
				var prob struct{ Rejection string }
				if err := json.Unmarshal(reply, &prob); err != nil || prob.Rejection == "" {
					t.Fatalf("422 without the rejection's id: %s", reply)
				}
				answer.Status = "rejected"
			} else if err := json.Unmarshal(reply, &answer); err != nil {
				t.Fatalf("POST: %d %s: %v", code, reply, err)
			}
			results := answer.Leads
			if len(want.Leads) == 1 {
				results = []struct{ ID, Status string }{{answer.ID, answer.Status}}
			}
			if len(results) != len(want.Leads) {
				t.Fatalf("POST: %d, %d leads in the answer %+v, want %d", code, len(results), answer, len(want.Leads))
			}
			for i, w := range want.Leads {
				if w.Error != nil {
					if results[i].Status != "rejected" && code != http.StatusUnprocessableEntity {
						t.Errorf("lead %d: %d %s, want it rejected", i, code, results[i].Status)
					}
					continue
				}
				if results[i].Status != "created" {
					t.Fatalf("lead %d: %d %s, want created", i, code, results[i].Status)
				}
				var got map[string]any
				if code := s.do("GET", "/leads/"+results[i].ID, map[string]string{"x-api-key": integrationKey}, "", &got); code != http.StatusOK {
					t.Fatalf("GET /leads/%s: %d", results[i].ID, code)
				}
				compareStored(t, i, got, w.Lead)
			}
			if code == http.StatusUnprocessableEntity || slices.ContainsFunc(results, func(r struct{ ID, Status string }) bool { return r.Status == "rejected" }) {
				var list struct{ Count int }
				s.do("GET", "/rejections", map[string]string{"x-api-key": integrationKey}, "", &list)
				if list.Count != 1 {
					t.Errorf("%d rejections kept, want the refused document kept once", list.Count)
				}
			}
		})
	}
	if n < 15 {
		t.Fatalf("%d samples, want at least 15", n)
	}
}

// compareStored checks a lead as GET /leads/{id} shows it against an expected lead of
// events/expected: every expected field, the extras by value, the warnings by field.
func compareStored(t *testing.T, i int, got, want map[string]any) {
	t.Helper()
	src, _ := want["source"].(map[string]any)
	if id, _ := src["providerLeadId"].(string); got["providerLeadId"] != nil || id != "" {
		if got["providerLeadId"] != id {
			t.Errorf("lead %d: providerLeadId %v, want %q", i, got["providerLeadId"], id)
		}
	}
	request, _ := got["request"].(map[string]any)
	var extras []string
	if xs, ok := request["extras"].([]any); ok {
		for _, x := range xs {
			extras = append(extras, x.(map[string]any)["value"].(string))
		}
	}
	delete(request, "extras")
	for _, key := range []string{"customer", "vehicles", "comments", "request"} {
		if g, w := pruned(got[key]), pruned(want[key]); !reflect.DeepEqual(g, w) {
			gs, _ := json.Marshal(g)
			ws, _ := json.Marshal(w)
			t.Errorf("lead %d: %s is %s, want %s", i, key, gs, ws)
		}
	}
	if values, ok := want["extraValues"].([]any); ok {
		for _, v := range values {
			if !slices.Contains(extras, v.(string)) {
				t.Errorf("lead %d: extra %q not kept", i, v)
			}
		}
	}
	var warned, wantWarned []string
	if ws, ok := got["warnings"].([]any); ok {
		for _, w := range ws {
			field, _, _ := strings.Cut(w.(string), ":")
			if !slices.Contains(warned, field) {
				warned = append(warned, field)
			}
		}
	}
	if ws, ok := want["warningFields"].([]any); ok {
		for _, w := range ws {
			wantWarned = append(wantWarned, w.(string))
		}
	}
	slices.Sort(warned)
	slices.Sort(wantWarned)
	if !slices.Equal(warned, wantWarned) {
		t.Errorf("lead %d: warnings about %q, want about %q", i, warned, wantWarned)
	}
}

// pruned drops empty values, which the API shows ("", [], false) and expected results
// leave out.
func pruned(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			if p := pruned(x); p != nil {
				out[k] = p
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case []any:
		var out []any
		for _, x := range v {
			out = append(out, pruned(x))
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case string:
		if v == "" {
			return nil
		}
	case bool:
		if !v {
			return nil
		}
	}
	return v
}
