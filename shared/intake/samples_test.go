package intake

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
)

// expectation is a sample's expected result, written by hand in events/expected from
// the sample alone: one entry per lead in the document.
type expectation struct {
	Leads []struct {
		Lead  json.RawMessage `json:"lead"`
		Error *struct {
			Kind   string   `json:"kind"`
			Fields []string `json:"fields"`
		} `json:"error"`
	} `json:"leads"`
}

// TestSamples reads every sample payload in events/ and checks every field extracted
// against the expected result beside it.
func TestSamples(t *testing.T) {
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	samples, err := filepath.Glob("../../events/*/*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, path := range samples {
		dir := filepath.Base(filepath.Dir(path))
		if dir != "adf" && dir != "json" {
			continue
		}
		n++
		name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		t.Run(dir+"/"+name, func(t *testing.T) {
			body, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var want expectation
			raw, err := os.ReadFile(filepath.Join("../../events/expected", name+".json"))
			if err != nil {
				t.Fatalf("no expected result: %v", err)
			}
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatalf("expected result: %v", err)
			}
			got := readSample(t, dir, body, loc)
			if len(got) != len(want.Leads) {
				t.Fatalf("%d leads read, want %d", len(got), len(want.Leads))
			}
			for i, w := range want.Leads {
				if w.Error != nil {
					checkRefused(t, i, got[i].Err, w.Error.Kind, w.Error.Fields)
					continue
				}
				if got[i].Err != nil {
					t.Errorf("lead %d: %v", i, got[i].Err)
					continue
				}
				checkLead(t, i, got[i].Intake, w.Lead)
			}
		})
	}
	if n < 15 {
		t.Fatalf("%d samples found in events/adf and events/json, want at least 15", n)
	}
}

func readSample(t *testing.T, format string, body []byte, loc *time.Location) []Prospect {
	t.Helper()
	if format == "json" {
		in, err := parseJSON(body, testProvider, testRegion, testNow)
		if err != nil && !errors.Is(err, ErrUnreachable) {
			t.Fatalf("ParseJSON: %v", err)
		}
		return []Prospect{{Intake: in, Err: err}}
	}
	ps, err := parseADF(body, testProvider, testRegion, loc, testNow)
	if err != nil {
		t.Fatalf("ParseADF: %v", err)
	}
	return ps
}

func checkRefused(t *testing.T, i int, err error, kind string, fields []string) {
	t.Helper()
	sentinel := map[string]error{"unreachable": ErrUnreachable, "malformed": ErrMalformed}[kind]
	var e *Error
	if !errors.Is(err, sentinel) || !errors.As(err, &e) {
		t.Errorf("lead %d: error %v, want %s", i, err, kind)
		return
	}
	var got []string
	for _, p := range e.Problems {
		got = append(got, p.Field)
	}
	for _, f := range fields {
		// customer.phone stands for customer.phones[0] and the like too.
		if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, f) }) {
			t.Errorf("lead %d: problems about %v, want one about %s", i, got, f)
		}
	}
}

// checkLead compares the fields of an intake with the expected lead: the fields as
// JSON, the extras by value (their paths are the parser's), the warnings by field.
func checkLead(t *testing.T, i int, in engine.Intake, want json.RawMessage) {
	t.Helper()
	var w map[string]any
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	extraValues, _ := w["extraValues"].([]any)
	warningFields, _ := w["warningFields"].([]any)
	delete(w, "extraValues")
	delete(w, "warningFields")

	req := in.Request
	req.Extras = nil
	shown, err := json.Marshal(struct {
		Source   any    `json:"source"`
		Customer any    `json:"customer,omitempty"`
		Vehicles any    `json:"vehicles,omitempty"`
		Comments string `json:"comments,omitempty"`
		Request  any    `json:"request"`
	}{
		Source:   map[string]string{"providerLeadId": in.Source.ProviderLeadID},
		Customer: in.Customer, Vehicles: in.Vehicles, Comments: in.Comments, Request: req,
	})
	if err != nil {
		t.Fatal(err)
	}
	var g map[string]any
	if err := json.Unmarshal(shown, &g); err != nil {
		t.Fatal(err)
	}
	if g["source"].(map[string]any)["providerLeadId"] == "" {
		g["source"] = map[string]any{}
	}
	if _, ok := w["source"]; !ok {
		w["source"] = map[string]any{}
	}
	if c, ok := g["customer"].(map[string]any); ok && len(c) == 0 {
		delete(g, "customer")
	}
	for k := range g {
		if !reflect.DeepEqual(g[k], w[k]) {
			gk, _ := json.MarshalIndent(g[k], "  ", "  ")
			wk, _ := json.MarshalIndent(w[k], "  ", "  ")
			t.Errorf("lead %d: %s is\n  %s\nwant\n  %s", i, k, gk, wk)
		}
	}
	for k := range w {
		if _, ok := g[k]; !ok {
			t.Errorf("lead %d: no %s read, want %v", i, k, w[k])
		}
	}
	var values []string
	for _, f := range in.Request.Extras {
		values = append(values, f.Value)
	}
	for _, v := range extraValues {
		if !slices.Contains(values, v.(string)) {
			t.Errorf("lead %d: extra %q not kept; extras are %q", i, v, values)
		}
	}
	var warned, wantWarned []string
	for _, s := range in.Warnings {
		field, _, _ := strings.Cut(s, ":")
		if !slices.Contains(warned, field) {
			warned = append(warned, field)
		}
	}
	for _, f := range warningFields {
		wantWarned = append(wantWarned, f.(string))
	}
	slices.Sort(warned)
	slices.Sort(wantWarned)
	if !slices.Equal(warned, wantWarned) {
		t.Errorf("lead %d: warnings %q, want warnings about %q", i, in.Warnings, wantWarned)
	}
}
