package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/httpapi"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/signature"
)

// specPath is the API's description, which this file holds the server to.
const specPath = "../../docs/openapi.yaml"

func init() {
	// The spec describes HTML pages and XML lead documents as strings; kin-openapi
	// decodes only the media types it knows unless told how to read others.
	for _, mt := range []string{"text/html", "application/xml", "text/xml", "application/x-adf+xml"} {
		openapi3filter.RegisterBodyDecoder(mt, openapi3filter.PlainBodyDecoder)
	}
}

// spec is the loaded, validated API description and a router over it.
type spec struct {
	doc    *openapi3.T
	router routers.Router
}

func loadSpec(t *testing.T) spec {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(specPath)
	if err != nil {
		t.Fatalf("load %s: %v", specPath, err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("%s is not a valid OpenAPI document: %v", specPath, err)
	}
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("%s is OpenAPI %s, want 3.0.3", specPath, doc.OpenAPI)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatalf("router over %s: %v", specPath, err)
	}
	return spec{doc: doc, router: router}
}

// TestOpenAPIRoutes checks that the routes the server registers and the operations
// the spec describes are the same, so that no route is added undocumented and no
// documented route is left unserved.
func TestOpenAPIRoutes(t *testing.T) {
	s := loadSpec(t)
	src, err := os.ReadFile("server.go")
	if err != nil {
		t.Fatal(err)
	}
	served := map[string]bool{}
	for _, m := range regexp.MustCompile(`mux\.HandleFunc\("([^"]*)"`).FindAllStringSubmatch(string(src), -1) {
		method, path, ok := strings.Cut(m[1], " ")
		if !ok {
			if m[1] != "/" {
				t.Errorf("server.go registers %q for every method; the spec can only describe a route with a method", m[1])
			}
			continue // the catch-all that answers 404 "no route"
		}
		served[method+" "+path] = true
	}
	if len(served) == 0 {
		t.Fatal("found no routes in server.go")
	}
	documented := map[string]bool{}
	for path, item := range s.doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
		}
	}
	for _, r := range slices.Sorted(maps.Keys(served)) {
		if !documented[r] {
			t.Errorf("server.go serves %s, which %s does not describe", r, specPath)
		}
	}
	for _, r := range slices.Sorted(maps.Keys(documented)) {
		if !served[r] {
			t.Errorf("%s describes %s, which server.go does not serve", specPath, r)
		}
	}
}

// apiCase is one request and the status the server must answer it with.
type apiCase struct {
	name string
	// setup prepares the fixture, which holds one lead, L0001, assigned to alice; may
	// be nil.
	setup  func(f *fixture)
	req    func(f *fixture) *http.Request
	status int
	// outside, when set, says why the request is outside the spec: the spec must
	// refuse it too. Otherwise the spec must take it.
	outside string
}

// TestOpenAPI drives the server through every route and every status the fixture can
// provoke, and checks each request and each response against the spec. Every status
// the spec documents for a route must be provoked by some case.
func TestOpenAPI(t *testing.T) {
	s := loadSpec(t)
	// seen holds, per operation ("POST /leads"), the statuses the cases provoked.
	seen := map[string]map[int]bool{}
	for _, tc := range apiCases() {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.postLead("cc-1", pat)
			if tc.setup != nil {
				tc.setup(f)
			}
			r := tc.req(f)
			body := takeBody(t, r)
			route, params, routeErr := s.router.FindRoute(specRequest(r, body))
			if routeErr == nil {
				s.checkRequest(t, f, route, params, specRequest(r, body), tc.outside)
			} else if tc.outside == "" {
				t.Errorf("the spec has no route for %s %s: %v", r.Method, r.URL.Path, routeErr)
			}

			r.Body = io.NopCloser(bytes.NewReader(body))
			rec := f.serve(r)
			if rec.Code != tc.status {
				t.Errorf("status %d, want %d; body %s", rec.Code, tc.status, rec.Body)
			}
			if routeErr != nil {
				s.checkNoRoute(t, rec)
				return
			}
			op := route.Method + " " + route.Path
			if seen[op] == nil {
				seen[op] = map[int]bool{}
			}
			seen[op][rec.Code] = true
			s.checkResponse(t, f, route, params, specRequest(r, body), rec)
		})
	}

	for path, item := range s.doc.Paths.Map() {
		for method, op := range item.Operations() {
			name := method + " " + path
			for code := range op.Responses.Map() {
				status, err := strconv.Atoi(code)
				if err != nil {
					t.Errorf("%s documents response %q; only numeric statuses are allowed (no default), so that an undocumented status fails", name, code)
					continue
				}
				if !seen[name][status] {
					t.Errorf("%s documents %d, which no case provoked: add one", name, status)
				}
			}
		}
	}
}

// takeBody takes the request's body out, leaving the request without one.
func takeBody(t *testing.T, r *http.Request) []byte {
	t.Helper()
	if r.Body == nil {
		return nil
	}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// specRequest is a copy of r, with body, addressed to the spec's local server so that
// the router matches it.
func specRequest(r *http.Request, body []byte) *http.Request {
	c := r.Clone(context.Background())
	u, err := url.Parse(baseURL + r.URL.RequestURI())
	if err != nil {
		panic(err)
	}
	c.URL, c.Host, c.RequestURI = u, u.Host, ""
	c.Body = io.NopCloser(bytes.NewReader(body))
	c.ContentLength = r.ContentLength
	return c
}

func (s spec) checkRequest(t *testing.T, f *fixture, route *routers.Route, params map[string]string, r *http.Request, outside string) {
	t.Helper()
	err := openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
		Request: r, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: f.authenticate},
	})
	switch {
	case outside == "" && err != nil:
		t.Errorf("the request is not valid per the spec: %v", err)
	case outside != "" && err == nil:
		t.Errorf("the spec takes the request, which should be outside it (%s)", outside)
	}
}

// authenticate is the spec's security schemes applied to the fixture's dealership: a
// provider key, an integration key, or an action token that verifies now.
func (f *fixture) authenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	r := in.RequestValidationInput.Request
	switch in.SecuritySchemeName {
	case "ProviderKey", "IntegrationKey":
		want := httpapi.Provider
		if in.SecuritySchemeName == "IntegrationKey" {
			want = httpapi.Integration
		}
		if p, ok := httpapi.KeysFrom(f.cfg).Principal(r); !ok || p.Role != want {
			return fmt.Errorf("no %s key in x-api-key", want)
		}
		return nil
	case "ActionToken":
		scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			return errors.New("no bearer token")
		}
		_, err := f.signer.Verify(strings.TrimSpace(tok), f.clock.Now())
		return err
	}
	return fmt.Errorf("unknown security scheme %q", in.SecuritySchemeName)
}

func (s spec) checkResponse(t *testing.T, f *fixture, route *routers.Route, params map[string]string, r *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: r, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: f.authenticate},
		},
		Status:  rec.Code,
		Header:  rec.Header(),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(rec.Body.Bytes())
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("the response does not match the spec: %v\nheaders %v\nbody %s", err, rec.Header(), rec.Body)
	}
}

// checkNoRoute checks the answer to a request the spec has no route for: the 404
// problem the spec's introduction promises.
func (s spec) checkNoRoute(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	if rec.Code != http.StatusNotFound {
		return
	}
	notFound := s.doc.Components.Responses["NotFound"]
	if notFound == nil {
		t.Fatal("the spec has no NotFound response")
	}
	ct := rec.Header().Get("Content-Type")
	mt := notFound.Value.Content.Get(ct)
	if mt == nil {
		t.Fatalf("Content-Type %q is not one of the spec's NotFound", ct)
	}
	var v any
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("body is not JSON: %v; %s", err, rec.Body)
	}
	if err := mt.Schema.Value.VisitJSON(v, openapi3.MultiErrors()); err != nil {
		t.Errorf("the 404 does not match the spec's NotFound: %v; body %s", err, rec.Body)
	}
	if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", cc)
	}
	if !strings.Contains(rec.Body.String(), "no route") {
		t.Errorf("404 body %s does not say there is no route", rec.Body)
	}
}

// failingCommands fails every engine command with err; failingReader every read.
type failingCommands struct {
	httpapi.Commands
	err error
}

func (c failingCommands) Receive(context.Context, engine.Intake) (engine.Receipt, error) {
	return engine.Receipt{}, c.err
}

func (c failingCommands) Reject(context.Context, engine.Rejection) (engine.Rejection, error) {
	return engine.Rejection{}, c.err
}

func (c failingCommands) LogActivity(context.Context, string, lead.Event) (lead.Lead, error) {
	return lead.Lead{}, c.err
}

func (c failingCommands) Close(context.Context, string, lead.Closed) (lead.Lead, error) {
	return lead.Lead{}, c.err
}

func (c failingCommands) SetAvailability(context.Context, string, bool, time.Time, string) error {
	return c.err
}

// failingReader fails every read, rejections included.
type failingReader struct {
	httpapi.Reader
	err error
}

func (r failingReader) Lead(context.Context, string) (lead.Lead, error) { return lead.Lead{}, r.err }

func (r failingReader) Leads(context.Context, engine.Filter) ([]lead.Lead, error) {
	return nil, r.err
}

func (r failingReader) Rejections(context.Context, engine.RejectionQuery) ([]engine.Rejection, error) {
	return nil, r.err
}

func (r failingReader) Rejection(context.Context, string) (engine.Rejection, error) {
	return engine.Rejection{}, r.err
}

func (r failingReader) CountRejections(context.Context, time.Time, time.Time) (int, error) {
	return 0, r.err
}

var _ httpapi.RejectionReader = failingReader{}

// keepsNone reads leads but keeps no rejections, as a deployment without a store
// for them.
func keepsNone(f *fixture) {
	f.srv.Reader = struct{ httpapi.Reader }{f.srv.Reader}
}

// keepRejections keeps two payloads LeadClock refused: a 422 in JSON and a 400 in
// XML, five minutes later, under a content type that does not parse.
func keepRejections(f *fixture) {
	f.t.Helper()
	for _, r := range []engine.Rejection{
		{Provider: "cars-com", ContentType: "application/json", Status: http.StatusUnprocessableEntity,
			Reason: "no way to reach the customer", Payload: []byte(`{"customer": {"name": "Sam Roe", "phone": "12"}}`)},
		{Provider: "cars-com", ContentType: "text/xml; charset", Status: http.StatusBadRequest,
			Reason: "the body is not an ADF document", Payload: []byte("<adf><prospect><customer>")},
	} {
		if _, err := f.eng.Reject(f.ctx, r); err != nil {
			f.t.Fatal(err)
		}
		f.clock.Set(f.clock.Now().Add(5 * time.Minute))
	}
}

// newestRejection is the path of the newest rejection kept.
func (f *fixture) newestRejection() string {
	f.t.Helper()
	list, err := f.store.Rejections(f.ctx, engine.RejectionQuery{Limit: 1})
	if err != nil || len(list) == 0 {
		f.t.Fatalf("no rejection kept: %v", err)
	}
	return "/rejections/" + list[0].ID
}

// errBroken is a failure that is not the caller's: a 500. errContended is one the
// engine gives up on under contention: a 503.
var (
	errBroken    = errors.New("the disk is on fire")
	errContended = fmt.Errorf("lead L0001 changed 5 times while committing: %w", engine.ErrConflict)
)

// storeFails makes every command and read fail as a broken store would.
func storeFails(f *fixture) {
	f.srv.Commands = failingCommands{Commands: f.srv.Commands, err: errBroken}
	f.srv.Reader = failingReader{Reader: f.srv.Reader, err: errBroken}
}

// storeContended makes every command give up under contention.
func storeContended(f *fixture) {
	f.srv.Commands = failingCommands{Commands: f.srv.Commands, err: errContended}
}

// oversizedLead is a valid lead whose comments take it over httpapi.MaxBody.
func oversizedLead() string {
	b, err := json.Marshal(map[string]any{
		"providerLeadId": "cc-big",
		"customer":       map[string]any{"name": "Sam Roe", "email": "sam.roe@example.com"},
		"comments":       strings.Repeat("x", httpapi.MaxBody),
	})
	if err != nil {
		panic(err)
	}
	return string(b)
}

// adfProspect is an ADF <prospect> for a customer, with the provider's lead id.
func adfProspect(providerLeadID string, c customer) string {
	var contact strings.Builder
	fmt.Fprintf(&contact, `<name part="full">%s</name>`, c.Name)
	if c.Email != "" {
		fmt.Fprintf(&contact, `<email>%s</email>`, c.Email)
	}
	if c.Phone != "" {
		fmt.Fprintf(&contact, `<phone type="cellphone">%s</phone>`, c.Phone)
	}
	return `<prospect status="new">
    <id sequence="1" source="Cars.com">` + providerLeadID + `</id>
    <requestdate>2026-11-03T09:58:00-06:00</requestdate>
    <vehicle interest="buy" status="used"><year>2025</year><make>Honda</make><model>Civic</model><trim>EX</trim></vehicle>
    <customer><contact>` + contact.String() + `</contact><comments>Is the blue one still available?</comments></customer>
    <provider><name part="full">Cars.com</name></provider>
  </prospect>`
}

// adfDoc is an ADF document holding the prospects.
func adfDoc(prospects ...string) string {
	return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?adf version=\"1.0\"?>\n<adf>\n  " + strings.Join(prospects, "\n  ") + "\n</adf>\n"
}

// specSigningSecret is the secret cars-com signs its leads with once signsLeads set it.
var specSigningSecret = []byte("cars-com-signing-secret-0123456789")

// signsLeads makes cars-com a provider that signs every lead.
func signsLeads(f *fixture) {
	for i := range f.cfg.Providers {
		if f.cfg.Providers[i].ID == "cars-com" {
			f.cfg.Providers[i].SigningSecrets = [][]byte{specSigningSecret}
		}
	}
}

// signedLead posts body as the content type, signed at the fixture's time with secret.
func signedLead(contentType, body string, secret []byte) func(*fixture) *http.Request {
	return func(f *fixture) *http.Request {
		return request(http.MethodPost, "/leads", body, "Content-Type", contentType, "x-api-key", providerKey,
			signature.Header, signature.Sign(secret, f.clock.Now(), []byte(body)))
	}
}

// apiCases are the requests TestOpenAPI sends, by route: each documented status of
// each route at least once.
func apiCases() []apiCase {
	const activities = "/leads/L0001/activities"
	contact := `{"type": "contact", "channel": "call"}`
	sam := customer{Name: "Sam Roe", Email: "sam.roe@example.com"}
	// returning is pat asking about another car while L0001 is open.
	returning := `{"providerLeadId": "cc-2", "customer": {"name": "Pat Doe", "email": "pat.doe@example.com"},
		"vehicle": {"year": 2024, "make": "Toyota", "model": "RAV4"}, "comments": "Is the RAV4 a hybrid?"}`
	get := func(path, key string) func(*fixture) *http.Request {
		return func(*fixture) *http.Request { return request(http.MethodGet, path, nil, "x-api-key", key) }
	}
	post := func(path, key, body string) func(*fixture) *http.Request {
		return func(*fixture) *http.Request { return jsonRequest(http.MethodPost, path, key, body) }
	}
	postAs := func(contentType, body string) func(*fixture) *http.Request {
		return func(*fixture) *http.Request {
			return request(http.MethodPost, "/leads", body, "Content-Type", contentType, "x-api-key", providerKey)
		}
	}
	lee := customer{Name: "Lee Poe", Phone: "+1 312 555 0177"}
	nobody := customer{Name: "Kim Noe"} // no phone, no email: unreachable
	samADF := adfDoc(adfProspect("cc-2", sam))
	put := func(path, key, body string) func(*fixture) *http.Request {
		return func(*fixture) *http.Request { return jsonRequest(http.MethodPut, path, key, body) }
	}
	withToken := func(method, path, lead, rep, body string) func(*fixture) *http.Request {
		return func(f *fixture) *http.Request { return tokenRequest(method, path, f.token(lead, rep), body) }
	}
	page := func(token func(f *fixture) string, query string) func(*fixture) *http.Request {
		return func(f *fixture) *http.Request { return request(http.MethodGet, "/a/"+token(f)+query, nil) }
	}
	tap := func(token func(f *fixture) string, fields ...string) func(*fixture) *http.Request {
		return func(f *fixture) *http.Request { return formRequest(token(f), fields...) }
	}
	alices := func(f *fixture) string { return f.token("L0001", "alice") }
	gone := func(f *fixture) string { return f.token("L9999", "alice") }
	expired := func(f *fixture) string { return f.expiredToken("L0001", "alice") }
	forged := func(f *fixture) string { return tampered(f.token("L0001", "alice")) }

	return []apiCase{
		// POST /leads
		{name: "post a lead", req: post("/leads", providerKey, leadJSON("cc-2", sam)), status: http.StatusCreated},
		{name: "resend a lead", req: post("/leads", providerKey, leadJSON("cc-1", pat)), status: http.StatusOK},
		{name: "post a returning customer's lead", req: post("/leads", providerKey, returning), status: http.StatusOK},
		{
			name: "post a lead with a charset", status: http.StatusCreated,
			req: func(*fixture) *http.Request {
				return request(http.MethodPost, "/leads", leadJSON("cc-2", sam), "Content-Type", "application/json; charset=utf-8", "x-api-key", providerKey)
			},
		},
		{name: "post a lead as application/xml", req: postAs("application/xml", samADF), status: http.StatusCreated},
		{name: "post a lead as text/xml", req: postAs("text/xml; charset=utf-8", samADF), status: http.StatusCreated},
		{name: "post a lead as application/x-adf+xml", req: postAs("application/x-adf+xml", samADF), status: http.StatusCreated},
		{
			name: "post a lead in a forwarded email", status: http.StatusCreated,
			req: postAs("text/plain", "---------- Forwarded message ---------\nFrom: Cars.com Leads <leads@example.com>\nSubject: New lead\n\n"+samADF),
		},
		{name: "resend an ADF lead", setup: func(f *fixture) {
			if rec := f.serve(postAs("application/xml", samADF)(f)); rec.Code != http.StatusCreated {
				f.t.Fatalf("first post: %d %s", rec.Code, rec.Body)
			}
		}, req: postAs("application/xml", samADF), status: http.StatusOK},
		{
			name: "post an ADF document of several prospects", status: http.StatusCreated,
			req: postAs("application/xml", adfDoc(adfProspect("cc-2", sam), adfProspect("cc-3", nobody), adfProspect("cc-4", lee))),
		},
		{
			name: "post an ADF document whose first prospect was sent before", status: http.StatusCreated,
			setup: func(f *fixture) {
				if rec := f.serve(postAs("application/xml", samADF)(f)); rec.Code != http.StatusCreated {
					f.t.Fatalf("first post: %d %s", rec.Code, rec.Body)
				}
			},
			req: postAs("application/xml", adfDoc(adfProspect("cc-2", sam), adfProspect("cc-4", lee))),
		},
		{
			name: "resend an ADF document of several prospects, one unreachable", status: http.StatusOK,
			setup: func(f *fixture) {
				if rec := f.serve(postAs("application/xml", adfDoc(adfProspect("cc-2", sam), adfProspect("cc-3", nobody), adfProspect("cc-4", lee)))(f)); rec.Code != http.StatusCreated {
					f.t.Fatalf("first post: %d %s", rec.Code, rec.Body)
				}
			},
			req: postAs("application/xml", adfDoc(adfProspect("cc-2", sam), adfProspect("cc-3", nobody), adfProspect("cc-4", lee))),
		},
		{name: "post an ADF lead nobody could contact", req: postAs("application/xml", adfDoc(adfProspect("cc-2", nobody))), status: http.StatusUnprocessableEntity},
		{
			name: "post an ADF document whose every prospect is unreachable", status: http.StatusUnprocessableEntity,
			req: postAs("application/xml", adfDoc(adfProspect("cc-2", nobody), adfProspect("cc-3", customer{Name: "Max Moe", Phone: "12"}))),
		},
		{
			name: "post an unreachable lead when it cannot be kept", setup: storeFails, status: http.StatusInternalServerError,
			req: post("/leads", providerKey, `{"providerLeadId": "cc-2", "customer": {"name": "Sam Roe", "phone": "12"}}`),
		},
		{
			name: "post an ADF document with a DOCTYPE", status: http.StatusBadRequest,
			req: postAs("application/xml", `<?xml version="1.0"?><!DOCTYPE adf [<!ENTITY x "x">]>`+strings.TrimPrefix(samADF, `<?xml version="1.0" encoding="UTF-8"?>`)),
		},
		{name: "post an XML document that is not ADF", req: postAs("application/xml", `<lead><name>Sam Roe</name></lead>`), status: http.StatusBadRequest},
		{name: "post a signed lead", setup: signsLeads, req: signedLead("application/json", leadJSON("cc-2", sam), specSigningSecret), status: http.StatusCreated},
		{name: "post a signed ADF lead", setup: signsLeads, req: signedLead("application/xml", samADF, specSigningSecret), status: http.StatusCreated},
		{
			name: "post a lead signed with another secret", setup: signsLeads, status: http.StatusUnauthorized,
			req: signedLead("application/json", leadJSON("cc-2", sam), []byte("not-the-secret")),
		},
		{
			name: "post a lead signed too long ago", setup: signsLeads, status: http.StatusUnauthorized,
			req: func(f *fixture) *http.Request {
				body := leadJSON("cc-2", sam)
				return request(http.MethodPost, "/leads", body, "Content-Type", "application/json", "x-api-key", providerKey,
					signature.Header, signature.Sign(specSigningSecret, f.clock.Now().Add(-time.Hour), []byte(body)))
			},
		},
		{
			name: "post a lead with a malformed signature", setup: signsLeads, status: http.StatusUnauthorized,
			req: func(*fixture) *http.Request {
				return request(http.MethodPost, "/leads", leadJSON("cc-2", sam), "Content-Type", "application/json", "x-api-key", providerKey,
					signature.Header, "sha256=0123")
			},
		},
		{name: "post an unsigned lead as a provider that signs", setup: signsLeads, req: post("/leads", providerKey, leadJSON("cc-2", sam)), status: http.StatusUnauthorized},
		{name: "post a lead cut short", req: post("/leads", providerKey, `{"customer": {"email": "sam.roe@example.com"`), status: http.StatusBadRequest, outside: "not JSON"},
		{name: "post a lead as a list", req: post("/leads", providerKey, "["+leadJSON("cc-2", sam)+"]"), status: http.StatusBadRequest, outside: "not an object"},
		{
			name: "post an unreachable lead", status: http.StatusUnprocessableEntity,
			req: post("/leads", providerKey, `{"providerLeadId": "cc-2", "customer": {"name": "Sam Roe", "phone": "12"}}`),
		},
		{name: "post a lead without a key", req: func(*fixture) *http.Request {
			return request(http.MethodPost, "/leads", leadJSON("cc-2", sam), "Content-Type", "application/json")
		}, status: http.StatusUnauthorized, outside: "no key"},
		{name: "post a lead with an unknown key", req: post("/leads", "test-key-nobody", leadJSON("cc-2", sam)), status: http.StatusUnauthorized, outside: "a key nobody issued"},
		{name: "post a lead with an integration key", req: post("/leads", integrationKey, leadJSON("cc-2", sam)), status: http.StatusForbidden, outside: "not a provider key"},
		{name: "post a lead over 256 KB", req: post("/leads", providerKey, oversizedLead()), status: http.StatusRequestEntityTooLarge},
		{
			name: "post a lead over 256 KB of unknown length", status: http.StatusRequestEntityTooLarge,
			req: func(*fixture) *http.Request {
				return unknownLength(jsonRequest(http.MethodPost, "/leads", providerKey, oversizedLead()))
			},
		},
		{name: "post a lead as text/plain without an ADF document", req: postAs("text/plain", "Sam Roe wants a Civic; call 312 555 0123"), status: http.StatusUnsupportedMediaType, outside: "text without <adf"},
		{
			name: "post a lead as form data", status: http.StatusUnsupportedMediaType, outside: "a content type the route does not take",
			req: func(*fixture) *http.Request {
				return request(http.MethodPost, "/leads", "name=Sam", "Content-Type", "application/x-www-form-urlencoded", "x-api-key", providerKey)
			},
		},
		{
			name: "post a lead without a content type", status: http.StatusUnsupportedMediaType, outside: "no content type",
			req: func(*fixture) *http.Request {
				return request(http.MethodPost, "/leads", leadJSON("cc-2", sam), "x-api-key", providerKey)
			},
		},
		{name: "post a lead that cannot be stored", setup: storeFails, req: post("/leads", providerKey, leadJSON("cc-2", sam)), status: http.StatusInternalServerError},
		{name: "post a lead under contention", setup: storeContended, req: post("/leads", providerKey, leadJSON("cc-2", sam)), status: http.StatusServiceUnavailable},

		// GET /leads
		{name: "list leads", req: get("/leads", integrationKey), status: http.StatusOK},
		{name: "list leads by owner and status", req: get("/leads?owner=alice&status=assigned", integrationKey), status: http.StatusOK},
		{
			name: "list leads with a closed one", status: http.StatusOK,
			setup: func(f *fixture) {
				f.postLead("cc-2", sam)
				f.close("L0002")
			},
			req: get("/leads", integrationKey),
		},
		{name: "list leads by an unknown status", req: get("/leads?status=bogus", integrationKey), status: http.StatusBadRequest, outside: "status not in the enum"},
		{name: "list leads by an unknown owner", req: get("/leads?owner=zoe", integrationKey), status: http.StatusBadRequest},
		{name: "list leads without a key", req: get("/leads", ""), status: http.StatusUnauthorized, outside: "no key"},
		{name: "list leads with a provider key", req: get("/leads", providerKey), status: http.StatusForbidden, outside: "not an integration key"},
		{name: "list leads when the store fails", setup: storeFails, req: get("/leads", integrationKey), status: http.StatusInternalServerError},

		// GET /leads/{id}
		{name: "read a lead", req: get("/leads/L0001", integrationKey), status: http.StatusOK},
		{
			name: "read a lead with every kind of entry", status: http.StatusOK,
			setup: func(f *fixture) {
				f.fireDeadline("L0001") // rerouted to bob
				for _, body := range []string{
					`{"type": "contact", "channel": "call", "outcome": "left voicemail"}`,
					`{"type": "note", "note": "Prefers texts."}`,
					`{"type": "close", "outcome": "lost", "reason": "bought elsewhere"}`,
				} {
					if rec := f.serve(jsonRequest(http.MethodPost, activities, integrationKey, body)); rec.Code != http.StatusOK {
						f.t.Fatalf("%s: %d %s", body, rec.Code, rec.Body)
					}
				}
			},
			req: get("/leads/L0001", integrationKey),
		},
		{
			name: "read a lead a returning customer asked about again", status: http.StatusOK,
			setup: func(f *fixture) {
				if rec := f.serve(jsonRequest(http.MethodPost, "/leads", providerKey, returning)); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"merged"`) {
					f.t.Fatalf("returning customer: %d %s", rec.Code, rec.Body)
				}
			},
			req: get("/leads/L0001", integrationKey),
		},
		{
			name: "read a queued lead, which has no owner", status: http.StatusOK,
			setup: func(f *fixture) {
				// The fixture's team is on duty around the clock: store the lead as it
				// is while nobody is.
				l := f.lead("L0001")
				l.ID, l.Version, l.Source.ProviderLeadID = "L0002", 0, "cc-2"
				l.Status, l.Owner, l.Deadline, l.Owners, l.Timers = lead.StatusQueued, "", time.Time{}, nil, nil
				if err := f.store.Commit(f.ctx, engine.Change{Lead: l}); err != nil {
					f.t.Fatal(err)
				}
			},
			req: get("/leads/L0002", integrationKey),
		},
		{name: "read an unknown lead", req: get("/leads/L9999", integrationKey), status: http.StatusNotFound},
		{name: "read a lead without a key", req: get("/leads/L0001", ""), status: http.StatusUnauthorized, outside: "no key"},
		{name: "read a lead with a provider key", req: get("/leads/L0001", providerKey), status: http.StatusForbidden, outside: "not an integration key"},
		{name: "read a lead when the store fails", setup: storeFails, req: get("/leads/L0001", integrationKey), status: http.StatusInternalServerError},

		// GET /rejections
		{name: "list rejections", setup: keepRejections, req: get("/rejections", integrationKey), status: http.StatusOK},
		{name: "list no rejections", req: get("/rejections", integrationKey), status: http.StatusOK},
		{
			name: "list rejections in a window", setup: keepRejections, status: http.StatusOK,
			req: get("/rejections?from=2026-11-03T10:00:00-06:00&to=2026-11-03T10:05:00-06:00&limit=1", integrationKey),
		},
		{name: "list rejections from a time that is not one", req: get("/rejections?from=yesterday", integrationKey), status: http.StatusBadRequest, outside: "from is not a date-time"},
		{
			name: "list rejections from after to", status: http.StatusBadRequest,
			req: get("/rejections?from=2026-11-03T11:00:00-06:00&to=2026-11-03T10:00:00-06:00", integrationKey),
		},
		{name: "list rejections with a limit of 0", req: get("/rejections?limit=0", integrationKey), status: http.StatusBadRequest, outside: "limit below its minimum"},
		{name: "list rejections with a limit over 1000", req: get("/rejections?limit=1001", integrationKey), status: http.StatusBadRequest, outside: "limit above its maximum"},
		{name: "list rejections without a key", req: get("/rejections", ""), status: http.StatusUnauthorized, outside: "no key"},
		{name: "list rejections with a provider key", req: get("/rejections", providerKey), status: http.StatusForbidden, outside: "not an integration key"},
		{name: "list rejections when the store fails", setup: storeFails, req: get("/rejections", integrationKey), status: http.StatusInternalServerError},
		{name: "list rejections where none are kept", setup: keepsNone, req: get("/rejections", integrationKey), status: http.StatusNotImplemented},

		// GET /rejections/{id}
		{
			name: "read a rejection", setup: keepRejections, status: http.StatusOK,
			req: func(f *fixture) *http.Request {
				return request(http.MethodGet, f.newestRejection(), nil, "x-api-key", integrationKey)
			},
		},
		{
			name: "read the rejection a refused lead left", status: http.StatusOK,
			setup: func(f *fixture) {
				if rec := f.serve(postAs("application/xml", `<lead><name>Sam Roe</name></lead>`)(f)); rec.Code != http.StatusBadRequest {
					f.t.Fatalf("refused lead: %d %s", rec.Code, rec.Body)
				}
			},
			req: func(f *fixture) *http.Request {
				return request(http.MethodGet, f.newestRejection(), nil, "x-api-key", integrationKey)
			},
		},
		{name: "read an unknown rejection", req: get("/rejections/L9999", integrationKey), status: http.StatusNotFound},
		{name: "read a rejection without a key", req: get("/rejections/L9999", ""), status: http.StatusUnauthorized, outside: "no key"},
		{name: "read a rejection with a provider key", req: get("/rejections/L9999", providerKey), status: http.StatusForbidden, outside: "not an integration key"},
		{name: "read a rejection when the store fails", setup: storeFails, req: get("/rejections/L9999", integrationKey), status: http.StatusInternalServerError},
		{name: "read a rejection where none are kept", setup: keepsNone, req: get("/rejections/L9999", integrationKey), status: http.StatusNotImplemented},

		// GET /metrics
		{name: "measure the last 7 days", req: get("/metrics", integrationKey), status: http.StatusOK},
		{
			name: "measure a window with every kind of figure", status: http.StatusOK,
			setup: func(f *fixture) {
				f.fireDeadline("L0001") // rerouted to bob, who calls
				if rec := f.serve(jsonRequest(http.MethodPost, activities, integrationKey, contact)); rec.Code != http.StatusOK {
					f.t.Fatalf("contact: %d %s", rec.Code, rec.Body)
				}
				f.postLead("cc-2", sam)
				f.close("L0002")
				f.clock.Set(f.clock.Now().Add(100 * time.Hour)) // L0001 has stalled
			},
			req: get("/metrics?from=2026-11-03T00:00:00-06:00&to=2026-11-04T00:00:00-06:00", integrationKey),
		},
		{name: "measure from a time that is not one", req: get("/metrics?from=last-week", integrationKey), status: http.StatusBadRequest, outside: "from is not a date-time"},
		{name: "measure a window that ends before it starts", req: get("/metrics?from=2026-11-03T00:00:00-06:00&to=2026-11-02T00:00:00-06:00", integrationKey), status: http.StatusBadRequest},
		{name: "measure a window over 92 days", req: get("/metrics?from=2026-01-01T00:00:00Z&to=2026-11-01T00:00:00Z", integrationKey), status: http.StatusBadRequest},
		{name: "measure without a key", req: get("/metrics", ""), status: http.StatusUnauthorized, outside: "no key"},
		{name: "measure with a provider key", req: get("/metrics", providerKey), status: http.StatusForbidden, outside: "not an integration key"},
		{name: "measure when the store fails", setup: storeFails, req: get("/metrics", integrationKey), status: http.StatusInternalServerError},

		// POST /leads/{id}/activities
		{name: "log a contact", req: post(activities, integrationKey, `{"type": "contact", "channel": "call", "outcome": "left voicemail"}`), status: http.StatusOK},
		{name: "log a contact for another rep", req: post(activities, integrationKey, `{"type": "contact", "channel": "in-person", "rep": "bob"}`), status: http.StatusOK},
		{name: "log a contact by token", req: withToken(http.MethodPost, activities, "L0001", "alice", `{"type": "contact", "channel": "text"}`), status: http.StatusOK},
		{name: "log a note", req: post(activities, integrationKey, `{"type": "note", "note": "Asked for the out-the-door price."}`), status: http.StatusOK},
		{name: "close as sold", req: post(activities, integrationKey, `{"type": "close", "outcome": "sold"}`), status: http.StatusOK},
		{name: "log an activity cut short", req: post(activities, integrationKey, `{"type": "contact"`), status: http.StatusBadRequest, outside: "not JSON"},
		{name: "log an activity with an unknown field", req: post(activities, integrationKey, `{"type": "contact", "chanel": "call"}`), status: http.StatusBadRequest, outside: "an unknown field"},
		{name: "log an activity with a field of the wrong type", req: post(activities, integrationKey, `{"type": "contact", "channel": 3}`), status: http.StatusBadRequest, outside: "channel is not a string"},
		{name: "log an activity without credentials", req: func(*fixture) *http.Request {
			return request(http.MethodPost, activities, contact, "Content-Type", "application/json")
		}, status: http.StatusUnauthorized, outside: "no key or token"},
		{name: "log an activity with an expired token", req: func(f *fixture) *http.Request {
			return tokenRequest(http.MethodPost, activities, f.expiredToken("L0001", "alice"), contact)
		}, status: http.StatusUnauthorized, outside: "an expired token"},
		{name: "log an activity with a provider key", req: post(activities, providerKey, contact), status: http.StatusForbidden, outside: "not an integration key"},
		{
			name: "log an activity with a token for another lead", status: http.StatusForbidden,
			setup: func(f *fixture) { f.postLead("cc-2", sam) },
			req:   withToken(http.MethodPost, activities, "L0002", "alice", contact),
		},
		{name: "log for bob with alice's token", req: withToken(http.MethodPost, activities, "L0001", "alice", `{"type": "contact", "channel": "call", "rep": "bob"}`), status: http.StatusForbidden},
		{name: "log an activity on an unknown lead", req: post("/leads/L9999/activities", integrationKey, contact), status: http.StatusNotFound},
		{
			name: "log a contact on a closed lead", status: http.StatusConflict,
			setup: func(f *fixture) { f.close("L0001") },
			req:   post(activities, integrationKey, contact),
		},
		{name: "log an activity over 256 KB", req: post(activities, integrationKey, `{"type": "note", "note": "`+strings.Repeat("x", httpapi.MaxBody)+`"}`), status: http.StatusRequestEntityTooLarge},
		{
			name: "log an activity as text/plain", status: http.StatusUnsupportedMediaType, outside: "a content type the route does not take",
			req: func(*fixture) *http.Request {
				return request(http.MethodPost, activities, contact, "Content-Type", "text/plain", "x-api-key", integrationKey)
			},
		},
		{name: "log an activity of an unknown type", req: post(activities, integrationKey, `{"type": "call-back"}`), status: http.StatusUnprocessableEntity, outside: "type not in the enum"},
		{name: "log a contact by an unknown channel", req: post(activities, integrationKey, `{"type": "contact", "channel": "fax"}`), status: http.StatusUnprocessableEntity, outside: "channel not in the enum"},
		{name: "log a contact by an unknown rep", req: post(activities, integrationKey, `{"type": "contact", "channel": "call", "rep": "zoe"}`), status: http.StatusUnprocessableEntity},
		{name: "log a blank note", req: post(activities, integrationKey, `{"type": "note", "note": "  "}`), status: http.StatusUnprocessableEntity, outside: "a blank note"},
		{name: "close as lost without a reason", req: post(activities, integrationKey, `{"type": "close", "outcome": "lost"}`), status: http.StatusUnprocessableEntity},
		{name: "log an activity that cannot be stored", setup: storeFails, req: post(activities, integrationKey, contact), status: http.StatusInternalServerError},
		{name: "log an activity under contention", setup: storeContended, req: post(activities, integrationKey, contact), status: http.StatusServiceUnavailable},

		// PUT /reps/{id}/availability
		{name: "take a rep out", req: put("/reps/alice/availability", integrationKey, `{"available": false}`), status: http.StatusOK},
		{name: "put a rep back", req: put("/reps/alice/availability", integrationKey, `{"available": true}`), status: http.StatusOK},
		{name: "go busy by token until a time", req: withToken(http.MethodPut, "/reps/alice/availability", "L0001", "alice", `{"available": false, "until": "2026-11-03T12:00:00-06:00"}`), status: http.StatusOK},
		{name: "set availability with an unknown field", req: put("/reps/alice/availability", integrationKey, `{"avail": false}`), status: http.StatusBadRequest, outside: "an unknown field"},
		{name: "set availability without credentials", req: func(*fixture) *http.Request {
			return request(http.MethodPut, "/reps/alice/availability", `{"available": false}`, "Content-Type", "application/json")
		}, status: http.StatusUnauthorized, outside: "no key or token"},
		{name: "set availability with a provider key", req: put("/reps/alice/availability", providerKey, `{"available": false}`), status: http.StatusForbidden, outside: "not an integration key"},
		{name: "set bob's availability with alice's token", req: withToken(http.MethodPut, "/reps/bob/availability", "L0001", "alice", `{"available": false}`), status: http.StatusForbidden},
		{name: "set an unknown rep's availability", req: put("/reps/zoe/availability", integrationKey, `{"available": false}`), status: http.StatusNotFound},
		{name: "set availability over 256 KB", req: put("/reps/alice/availability", integrationKey, `{"available": false}`+strings.Repeat(" ", httpapi.MaxBody)), status: http.StatusRequestEntityTooLarge},
		{
			name: "set availability as text/plain", status: http.StatusUnsupportedMediaType, outside: "a content type the route does not take",
			req: func(*fixture) *http.Request {
				return request(http.MethodPut, "/reps/alice/availability", `{"available": false}`, "Content-Type", "text/plain", "x-api-key", integrationKey)
			},
		},
		{name: "set availability without available", req: put("/reps/alice/availability", integrationKey, `{}`), status: http.StatusUnprocessableEntity, outside: "available is required"},
		{name: "set available until a time", req: put("/reps/alice/availability", integrationKey, `{"available": true, "until": "2026-11-03T18:00:00-06:00"}`), status: http.StatusUnprocessableEntity},
		{name: "go away until a time that has passed", req: put("/reps/alice/availability", integrationKey, `{"available": false, "until": "2026-11-03T09:00:00-06:00"}`), status: http.StatusUnprocessableEntity},
		{name: "set availability that cannot be stored", setup: storeFails, req: put("/reps/alice/availability", integrationKey, `{"available": false}`), status: http.StatusInternalServerError},
		{name: "set availability under contention", setup: storeContended, req: put("/reps/alice/availability", integrationKey, `{"available": false}`), status: http.StatusServiceUnavailable},

		// GET /a/{token}
		{name: "open the page", req: page(alices, ""), status: http.StatusOK},
		{name: "open the page after a tap", req: page(alices, "?done=call"), status: http.StatusOK},
		{name: "open a tampered link", req: page(forged, ""), status: http.StatusForbidden},
		{name: "open a link to a lead that is gone", req: page(gone, ""), status: http.StatusNotFound},
		{name: "open an expired link", req: page(expired, ""), status: http.StatusGone},
		{name: "open the page when the store fails", setup: storeFails, req: page(alices, ""), status: http.StatusInternalServerError},

		// POST /a/{token}
		{name: "tap call", req: tap(alices, "action", "call", "seen", "0"), status: http.StatusSeeOther},
		{name: "tap busy", req: tap(alices, "action", "busy"), status: http.StatusSeeOther},
		{
			name: "tap call on a closed lead", status: http.StatusSeeOther,
			setup: func(f *fixture) { f.close("L0001") },
			req:   tap(alices, "action", "call", "seen", "0"),
		},
		{name: "tap an unknown button", req: tap(alices, "action", "dance"), status: http.StatusBadRequest, outside: "action not in the enum"},
		{name: "tap with a form over 16 KB", req: tap(alices, "action", "call", "pad", strings.Repeat("x", 16<<10)), status: http.StatusBadRequest},
		{name: "tap on a tampered link", req: tap(forged, "action", "call", "seen", "0"), status: http.StatusForbidden},
		{name: "tap on a link to a lead that is gone", req: tap(gone, "action", "call", "seen", "0"), status: http.StatusNotFound},
		{name: "tap on an expired link", req: tap(expired, "action", "call", "seen", "0"), status: http.StatusGone},
		{name: "tap when the store fails", setup: storeFails, req: tap(alices, "action", "call", "seen", "0"), status: http.StatusInternalServerError},

		// GET /healthz
		{name: "health", req: get("/healthz", ""), status: http.StatusOK},

		// No route
		{name: "unknown path", req: get("/customers", integrationKey), status: http.StatusNotFound, outside: "no such route"},
		{name: "unknown method", req: func(*fixture) *http.Request {
			return request(http.MethodDelete, "/leads/L0001", nil, "x-api-key", integrationKey)
		}, status: http.StatusNotFound, outside: "no such route"},
	}
}
