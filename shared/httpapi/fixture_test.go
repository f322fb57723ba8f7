package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/action"
	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/httpapi"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/memory"
	"github.com/leadclock/leadclock/shared/phone"
	"github.com/leadclock/leadclock/shared/roster"
)

const (
	providerKey    = "test-key-cars-com"
	integrationKey = "test-key-dms"
	baseURL        = "http://127.0.0.1:8080"
)

// testSecret is the action signer's fixed 32-byte secret.
var testSecret = []byte("0123456789abcdef0123456789abcdef")

// testConfig is a dealership on duty around the clock: alice and bob take leads, mona
// manages. The first escalation step is filled in, so that tests can pick reroute or
// offer-all.
const testConfig = `
dealership: {id: test-motors, name: Test Motors, timezone: America/Chicago, region: US}
sla: {firstContact: 5m, warnBefore: 2m, secondContact: 1h, stalledAfter: 72h}
escalation:
  - {action: %s, after: 5m}
  - {action: notify-managers, after: 10m}
cadence: [1d]
reps:
  - {id: alice, name: Alice Able, phone: "+13125550101", email: alice@example.com, role: sales, shifts: {mon-sun: "00:00-24:00"}}
  - {id: bob, name: Bob Baker, phone: "+13125550102", email: bob@example.com, role: sales, shifts: {mon-sun: "00:00-24:00"}}
  - {id: mona, name: Mona Manager, phone: "+13125550110", email: mona@example.com, role: manager, shifts: {mon-sun: "00:00-24:00"}}
providers:
  - {id: cars-com, name: Cars.com, apiKey: "test-key-cars-com"}
integrations:
  - {id: dms, apiKey: "test-key-dms"}
notifications: {sms: true, email: true, from: leads@test-motors.example, bundleWindow: 0s}
`

// fixture is an API server over an engine on the memory store, with a virtual clock
// stopped at a Tuesday 10:00 in Chicago.
type fixture struct {
	t         *testing.T
	ctx       context.Context
	srv       *httpapi.Server
	store     *memory.Store
	clock     *memory.Clock
	eng       *engine.Engine
	signer    *action.Signer
	cfg       *dealer.Config
	committed atomic.Int32
}

// start is the fixture clock's time: Tuesday, November 3, 2026, 10:00 in Chicago.
func start(t *testing.T) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(2026, time.November, 3, 10, 0, 0, 0, loc)
}

// newFixture returns a server whose dealership reroutes a lead nobody contacted.
func newFixture(t *testing.T) *fixture { return newFixtureWith(t, "reroute") }

// newFixtureWith returns a server whose dealership applies firstStep (an escalation
// action) when the first deadline passes.
func newFixtureWith(t *testing.T, firstStep string) *fixture {
	t.Helper()
	cfg, err := dealer.Parse("test.yaml", fmt.Appendf(nil, testConfig, firstStep), phone.Numbers)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := action.NewSigner(testSecret)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, ctx: context.Background(), store: memory.NewStore(), clock: memory.NewClock(start(t)), signer: signer, cfg: cfg}
	n := 0
	f.eng = engine.New(f.store, f.clock, cfg.Engine(), func() string {
		n++
		return fmt.Sprintf("L%04d", n)
	})
	f.srv = &httpapi.Server{
		Commands: f.eng, Reader: f.store, Config: cfg, Auth: httpapi.KeysFrom(cfg), Signer: signer,
		Clock: f.clock, BaseURL: baseURL, Committed: func() { f.committed.Add(1) },
		Log: slog.New(slog.DiscardHandler),
	}
	return f
}

// serve runs one request through the server's handler.
func (f *fixture) serve(r *http.Request) *httptest.ResponseRecorder {
	f.t.Helper()
	rec := httptest.NewRecorder()
	f.srv.Handler().ServeHTTP(rec, r)
	return rec
}

// request builds a request; header holds name, value pairs. A body of any type other
// than string is sent as it is, so that its length can be left unknown.
func request(method, path string, body any, header ...string) *http.Request {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case io.Reader:
		rd = b
	default:
		panic(fmt.Sprintf("request body of type %T", body))
	}
	r := httptest.NewRequest(method, path, rd)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	return r
}

// jsonRequest is a request with a JSON body and an API key.
func jsonRequest(method, path, key, body string) *http.Request {
	return request(method, path, body, "Content-Type", "application/json", "x-api-key", key)
}

// tokenRequest is a request with a JSON body and a rep's action token.
func tokenRequest(method, path, token, body string) *http.Request {
	return request(method, path, body, "Content-Type", "application/json", "Authorization", "Bearer "+token)
}

// formRequest is a tap on a button of the action page.
func formRequest(token string, fields ...string) *http.Request {
	form := make([]string, 0, len(fields)/2)
	for i := 0; i+1 < len(fields); i += 2 {
		form = append(form, fields[i]+"="+fields[i+1])
	}
	return request(http.MethodPost, "/a/"+token, strings.Join(form, "&"), "Content-Type", "application/x-www-form-urlencoded")
}

// customer is who a test lead is about.
type customer struct {
	Name, Email, Phone string
}

var pat = customer{Name: "Pat Doe", Email: "pat.doe@example.com", Phone: "(312) 555-0123"}

// leadJSON is a provider's lead for the customer.
func leadJSON(providerLeadID string, c customer) string {
	cust := map[string]any{"name": c.Name}
	if c.Email != "" {
		cust["email"] = c.Email
	}
	if c.Phone != "" {
		cust["phones"] = []any{map[string]string{"number": c.Phone, "type": "mobile"}}
	}
	b, err := json.Marshal(map[string]any{
		"providerLeadId": providerLeadID,
		"customer":       cust,
		"vehicle":        map[string]any{"year": 2025, "make": "Honda", "model": "Civic", "trim": "EX", "status": "used"},
		"comments":       "Is the blue one still available? I can come by Saturday.",
	})
	if err != nil {
		panic(err)
	}
	return string(b)
}

// postLead posts a lead as cars-com and returns its id.
func (f *fixture) postLead(providerLeadID string, c customer) string {
	f.t.Helper()
	rec := f.serve(jsonRequest(http.MethodPost, "/leads", providerKey, leadJSON(providerLeadID, c)))
	if rec.Code != http.StatusCreated {
		f.t.Fatalf("POST /leads: %d %s", rec.Code, rec.Body)
	}
	var got httpapi.Receipt
	decodeJSON(f.t, rec, &got)
	return got.ID
}

// lead reads a lead from the store.
func (f *fixture) lead(id string) lead.Lead {
	f.t.Helper()
	l, err := f.store.Lead(f.ctx, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return l
}

// timeline reads a lead's timeline from the store.
func (f *fixture) timeline(id string) []lead.Activity {
	f.t.Helper()
	tl, err := f.store.Timeline(f.ctx, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return tl
}

// token signs an action token for the rep and the lead, valid for a day.
func (f *fixture) token(leadID, rep string) string {
	return f.signer.Sign(action.Claims{Lead: leadID, Rep: rep, Expires: f.clock.Now().Add(24 * time.Hour)})
}

// expiredToken signs a token that expired a minute ago.
func (f *fixture) expiredToken(leadID, rep string) string {
	return f.signer.Sign(action.Claims{Lead: leadID, Rep: rep, Expires: f.clock.Now().Add(-time.Minute)})
}

// tampered changes one character of a token's signature.
func tampered(token string) string {
	i := strings.IndexByte(token, '.') + 1
	c := byte('A')
	if token[i] == 'A' {
		c = 'B'
	}
	return token[:i] + string(c) + token[i+1:]
}

// fireDeadline moves the clock to the lead's outstanding first-contact deadline and
// fires it, as the scheduler would.
func (f *fixture) fireDeadline(id string) {
	f.t.Helper()
	l := f.lead(id)
	i := slices.IndexFunc(l.Timers, func(t lead.Timer) bool { return t.Kind == lead.TimerDeadline })
	if i < 0 {
		f.t.Fatalf("lead %s has no deadline timer: %+v", id, l.Timers)
	}
	f.clock.Set(l.Timers[i].At)
	if err := f.eng.FireTimer(f.ctx, l.Timers[i]); err != nil {
		f.t.Fatal(err)
	}
}

// snapshot is everything a request could write: each lead's version and timeline
// length, the roster's version, and the effects waiting to run.
type snapshot struct {
	Versions  map[string]int64
	Timelines map[string]int
	Roster    int64
	Pending   int
}

func (f *fixture) snapshot() snapshot {
	f.t.Helper()
	leads, err := f.store.Leads(f.ctx, engine.Filter{})
	if err != nil {
		f.t.Fatal(err)
	}
	s := snapshot{Versions: map[string]int64{}, Timelines: map[string]int{}}
	for _, l := range leads {
		s.Versions[l.ID] = l.Version
		s.Timelines[l.ID] = len(f.timeline(l.ID))
	}
	st, err := f.store.Roster(f.ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	s.Roster = st.Version
	pending, err := f.store.Pending(f.ctx, 1<<20)
	if err != nil {
		f.t.Fatal(err)
	}
	s.Pending = len(pending)
	return s
}

// unchanged fails the test when the store differs from before or the server said it
// committed something since the count was reset.
func (f *fixture) unchanged(before snapshot) {
	f.t.Helper()
	if after := f.snapshot(); !reflect.DeepEqual(before, after) {
		f.t.Errorf("the request wrote to the store:\nbefore %+v\nafter  %+v", before, after)
	}
	if n := f.committed.Load(); n != 0 {
		f.t.Errorf("Committed was called %d times", n)
	}
}

// problemBody is an RFC 9457 problem as the API sends it.
type problemBody struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail"`
	Problems []struct {
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"problems"`
}

// wantProblem checks that the response is a problem with the status whose detail
// mentions each of the phrases, and returns it.
func wantProblem(t *testing.T, rec *httptest.ResponseRecorder, status int, phrases ...string) problemBody {
	t.Helper()
	if rec.Code != status {
		t.Errorf("status %d, want %d; body %s", rec.Code, status, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q, want application/problem+json", ct)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(rec.Body.Bytes(), &fields); err != nil {
		t.Fatalf("problem body is not a JSON object: %v; %s", err, rec.Body)
	}
	for _, k := range []string{"type", "title", "status", "detail"} {
		if _, ok := fields[k]; !ok {
			t.Errorf("problem has no %q: %s", k, rec.Body)
		}
	}
	var p problemBody
	decodeJSON(t, rec, &p)
	if p.Type == "" || p.Title != http.StatusText(status) || p.Status != status {
		t.Errorf("problem type %q, title %q, status %d; want a type, title %q, status %d", p.Type, p.Title, p.Status, http.StatusText(status), status)
	}
	if strings.TrimSpace(p.Detail) == "" {
		t.Error("problem detail is empty")
	}
	for _, s := range phrases {
		if !strings.Contains(strings.ToLower(p.Detail), strings.ToLower(s)) {
			t.Errorf("detail %q does not mention %q", p.Detail, s)
		}
	}
	return p
}

func decodeJSON(t *testing.T, rec *httptest.ResponseRecorder, v any) {
	t.Helper()
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatalf("decode %T: %v; body %s", v, err, rec.Body)
	}
}

// object decodes a JSON object response generically, to check names as sent.
func object(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		t.Fatalf("decode object: %v; body %s", err, rec.Body)
	}
	return m
}

// entryTypes lists the types of a timeline's entries.
func entryTypes(tl []lead.Activity) []lead.Type {
	out := make([]lead.Type, 0, len(tl))
	for _, a := range tl {
		out = append(out, a.Type)
	}
	return out
}

// roster reads the team's state from the store.
func (f *fixture) roster() roster.State {
	f.t.Helper()
	st, err := f.store.Roster(f.ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	return st
}
