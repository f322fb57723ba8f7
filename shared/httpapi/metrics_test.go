package httpapi_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/followup"
	"github.com/leadclock/leadclock/shared/httpapi"
	"github.com/leadclock/leadclock/shared/lead"
)

// measure asks for the figures with the query and decodes them.
func (f *fixture) measure(query string) followup.Report {
	f.t.Helper()
	rec := f.serve(request(http.MethodGet, "/metrics"+query, nil, "x-api-key", integrationKey))
	if rec.Code != http.StatusOK {
		f.t.Fatalf("GET /metrics%s: %d %s", query, rec.Code, rec.Body)
	}
	if ct, cc := rec.Header().Get("Content-Type"), rec.Header().Get("Cache-Control"); ct != "application/json" || cc != "no-store" {
		f.t.Errorf("Content-Type %q, Cache-Control %q; want application/json, no-store", ct, cc)
	}
	var r followup.Report
	decodeJSON(f.t, rec, &r)
	return r
}

// twoWeeks receives a lead (L0001) eight days before the fixture's start, which bob
// calls in 3 minutes, then pat's (L0002) at the start, which alice calls in 2, and
// leaves the clock an hour after the start.
func (f *fixture) twoWeeks() {
	f.t.Helper()
	now := f.clock.Now()
	f.clock.Set(now.Add(-8 * 24 * time.Hour))
	old := f.postLead("cc-0", customer{Name: "Sam Roe", Email: "sam.roe@example.com"})
	f.clock.Set(f.clock.Now().Add(3 * time.Minute))
	f.logContact(old, "bob")
	f.clock.Set(now)
	recent := f.postLead("cc-1", pat)
	f.clock.Set(now.Add(2 * time.Minute))
	f.logContact(recent, "")
	f.clock.Set(now.Add(time.Hour))
}

// logContact logs a call on the lead through the API, as an integration.
func (f *fixture) logContact(id, rep string) {
	f.t.Helper()
	body := `{"type": "contact", "channel": "call"}`
	if rep != "" {
		body = `{"type": "contact", "channel": "call", "rep": "` + rep + `"}`
	}
	if rec := f.serve(jsonRequest(http.MethodPost, "/leads/"+id+"/activities", integrationKey, body)); rec.Code != http.StatusOK {
		f.t.Fatalf("contact %s: %d %s", id, rec.Code, rec.Body)
	}
}

func TestMetricsDefaultsToTheLastWeek(t *testing.T) {
	f := newFixture(t)
	f.twoWeeks()
	now := f.clock.Now()

	r := f.measure("")
	if !r.To.Equal(now) || !r.From.Equal(now.Add(-7*24*time.Hour)) || !r.AsOf.Equal(now) {
		t.Errorf("window [%s, %s) as of %s, want the 7 days up to %s", r.From, r.To, r.AsOf, now)
	}
	d := r.Dealership
	if d.Leads != 1 || d.FirstContact.MedianSeconds == nil || *d.FirstContact.MedianSeconds != 120 || d.FirstContacts.Integration != 1 {
		t.Errorf("dealership %+v, want pat's lead alone, called in 2 minutes, logged by an integration", d)
	}
	if len(r.Reps) != 1 || r.Reps[0].ID != "alice" {
		t.Errorf("reps %+v, want alice's figures only", r.Reps)
	}
}

func TestMetricsWindow(t *testing.T) {
	f := newFixture(t)
	f.twoWeeks()
	start := f.clock.Now().Add(-time.Hour)
	for _, tt := range []struct {
		name     string
		from, to time.Time
		leads    int
		median   float64
	}{
		{"the week before", start.Add(-14 * 24 * time.Hour), start.Add(-7 * 24 * time.Hour), 1, 180},
		{"both weeks", start.Add(-14 * 24 * time.Hour), start.Add(time.Second), 2, 150},
		{"to excludes a lead received at to", start.Add(-14 * 24 * time.Hour), start, 1, 180},
		{"from includes a lead received at from", start, start.Add(time.Second), 1, 120},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := f.measure("?from=" + url.QueryEscape(tt.from.Format(time.RFC3339)) + "&to=" + url.QueryEscape(tt.to.Format(time.RFC3339)))
			if !r.From.Equal(tt.from) || !r.To.Equal(tt.to) {
				t.Errorf("window [%s, %s), want [%s, %s)", r.From, r.To, tt.from, tt.to)
			}
			if got := r.Dealership.FirstContact.MedianSeconds; r.Dealership.Leads != tt.leads || got == nil || *got != tt.median {
				t.Errorf("%d leads, median %v; want %d, %v", r.Dealership.Leads, r.Dealership.FirstContact.MedianSeconds, tt.leads, tt.median)
			}
		})
	}
}

// TestMetricsCountsTheFirstContactForTheFirstOwner: bob called the lead alice was given
// (logged by an integration), which made it his; alice answers for its first contact,
// bob for its follow-up.
func TestMetricsCountsTheFirstContactForTheFirstOwner(t *testing.T) {
	f := newFixture(t)
	f.logContact(f.postLead("cc-1", pat), "bob")
	f.clock.Set(f.clock.Now().Add(80 * time.Hour))
	r := f.measure("")
	if len(r.Reps) != 2 || r.Reps[0].ID != "alice" || r.Reps[1].ID != "bob" {
		t.Fatalf("reps %+v, want alice and bob", r.Reps)
	}
	alice, bob := r.Reps[0].Figures, r.Reps[1].Figures
	if alice.Leads != 1 || alice.FirstContact.Contacted != 1 || alice.Stalled != 0 || alice.Attempts.Integration != 0 {
		t.Errorf("alice %+v", alice)
	}
	if bob.Leads != 0 || bob.Stalled != 1 || bob.Attempts.Integration != 1 || len(r.Stalled) != 1 || r.Stalled[0].Owner != "bob" {
		t.Errorf("bob %+v, stalled %+v", bob, r.Stalled)
	}
}

func TestMetricsRefusesBadWindows(t *testing.T) {
	for _, tt := range []struct {
		name    string
		query   string
		phrases []string
	}{
		{"from is not a time", "?from=yesterday", []string{`from "yesterday"`, "RFC 3339"}},
		{"to is a date without a time", "?to=2026-11-03", []string{`to "2026-11-03"`, "RFC 3339"}},
		{"a + sent as is", "?from=2026-11-03T10:00:00+01:00", []string{"%2B"}},
		{"from after to", "?from=2026-11-03T10:00:00Z&to=2026-11-02T10:00:00Z", []string{"not before to", "[from, to)"}},
		{"an empty window", "?from=2026-11-03T10:00:00Z&to=2026-11-03T10:00:00Z", []string{"not before to"}},
		{"from after now, to left to now", "?from=2026-12-01T00:00:00Z", []string{"not before to", "defaults to now"}},
		{"over 92 days", "?from=2026-08-01T00:00:00Z&to=2026-11-02T00:00:00Z", []string{"longer than 92 days"}},
		{"over 92 days, to left to now", "?from=2026-01-01T00:00:00Z", []string{"longer than 92 days"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			rec := f.serve(request(http.MethodGet, "/metrics"+tt.query, nil, "x-api-key", integrationKey))
			wantProblem(t, rec, http.StatusBadRequest, tt.phrases...)
		})
	}
}

func TestMetricsTakesTheWidestWindow(t *testing.T) {
	f := newFixture(t)
	to := f.clock.Now()
	from := to.Add(-httpapi.MaxMetricsWindow)
	r := f.measure("?from=" + url.QueryEscape(from.Format(time.RFC3339)))
	if !r.From.Equal(from) || !r.To.Equal(to) || r.Dealership.Leads != 0 {
		t.Errorf("window [%s, %s) with %d leads, want [%s, %s) with none", r.From, r.To, r.Dealership.Leads, from, to)
	}
}

// windowReader is a store that can list the leads received in a window, as the
// DynamoDB store's index may: GET /metrics must ask it for the window alone.
type windowReader struct {
	httpapi.Reader
	asked    []followup.Window
	gone     string // a lead whose timeline is gone by the time it is read
	listings int
}

func (r *windowReader) LeadsReceived(ctx context.Context, from, to time.Time) ([]lead.Lead, error) {
	r.asked = append(r.asked, followup.Window{From: from, To: to})
	all, err := r.Reader.Leads(ctx, engine.Filter{})
	var out []lead.Lead
	for _, l := range all {
		if (followup.Window{From: from, To: to}).Contains(l.ReceivedAt) {
			out = append(out, l)
		}
	}
	return out, err
}

func (r *windowReader) Leads(ctx context.Context, f engine.Filter) ([]lead.Lead, error) {
	r.listings++
	return r.Reader.Leads(ctx, f)
}

func (r *windowReader) Timeline(ctx context.Context, id string) ([]lead.Activity, error) {
	if id == r.gone {
		return nil, engine.ErrNotFound
	}
	return r.Reader.Timeline(ctx, id)
}

var _ httpapi.ReceivedReader = (*windowReader)(nil)

func TestMetricsReadsOnlyTheWindowWhenTheStoreCan(t *testing.T) {
	f := newFixture(t)
	f.twoWeeks()
	wr := &windowReader{Reader: f.srv.Reader}
	f.srv.Reader = wr

	r := f.measure("")
	if len(wr.asked) != 1 || !wr.asked[0].From.Equal(r.From) || !wr.asked[0].To.Equal(r.To) || wr.listings != 0 {
		t.Errorf("asked for %v and listed every lead %d times; want the window [%s, %s) alone", wr.asked, wr.listings, r.From, r.To)
	}
	if r.Dealership.Leads != 1 {
		t.Errorf("%d leads, want 1", r.Dealership.Leads)
	}

	wr.gone = "L0002" // deleted between the listing and the reading of its timeline
	if r := f.measure(""); r.Dealership.Leads != 0 {
		t.Errorf("%d leads, want none: the lead that is gone is left out", r.Dealership.Leads)
	}
}
