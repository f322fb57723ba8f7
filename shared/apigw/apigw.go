// Package apigw serves LeadClock's HTTP API from Lambda: it turns API Gateway REST API
// proxy events into net/http requests for the same handlers local mode serves, and
// tells the handlers which API key API Gateway validated. Written here rather than
// taken from a proxy library because LeadClock needs only the REST proxy event, one
// response shape and the request context, in about a hundred lines.
package apigw

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
)

// Handler serves proxy events with an http.Handler.
type Handler struct {
	h   http.Handler
	log *slog.Logger
}

// New returns a Handler for h. A nil log discards.
func New(h http.Handler, log *slog.Logger) *Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Handler{h: h, log: log}
}

type contextKey struct{}

// RequestContext returns the API Gateway request context of a request the Handler
// made, with the caller's API key id and source address.
func RequestContext(ctx context.Context) (events.APIGatewayProxyRequestContext, bool) {
	rc, ok := ctx.Value(contextKey{}).(events.APIGatewayProxyRequestContext)
	return rc, ok
}

// Serve answers one proxy event. It returns an error only for what API Gateway
// should report as a failed integration; a request the handler cannot read gets a
// 400 response like any other.
func (a *Handler) Serve(ctx context.Context, ev events.APIGatewayProxyRequest) (resp events.APIGatewayProxyResponse, err error) {
	req, err := Request(ctx, ev)
	if err != nil {
		return problem(http.StatusBadRequest, err.Error()), nil
	}
	w := newRecorder()
	defer func() {
		// net/http recovers a handler's panic per connection; here it would fail the
		// invocation and API Gateway would answer 502 with no body. A 500 problem
		// says the same to the caller and keeps the function warm.
		if p := recover(); p != nil {
			a.log.ErrorContext(ctx, "handler panicked", "panic", fmt.Sprint(p), "method", ev.HTTPMethod, "resource", ev.Resource, "requestId", ev.RequestContext.RequestID)
			resp, err = problem(http.StatusInternalServerError, "the server failed; the request may be retried"), nil
		}
	}()
	a.h.ServeHTTP(w, req)
	return w.response(), nil
}

// Request builds the http.Request a proxy event stands for.
func Request(ctx context.Context, ev events.APIGatewayProxyRequest) (*http.Request, error) {
	body := []byte(ev.Body)
	if ev.IsBase64Encoded {
		b, err := base64.StdEncoding.DecodeString(ev.Body)
		if err != nil {
			return nil, fmt.Errorf("the body is marked base64 but is not: %w", err)
		}
		body = b
	}
	path := ev.Path
	if path == "" {
		path = "/"
	}
	u := &url.URL{Path: path, RawQuery: query(ev).Encode()}
	req, err := http.NewRequestWithContext(context.WithValue(ctx, contextKey{}, ev.RequestContext), ev.HTTPMethod, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("request %s %q: %w", ev.HTTPMethod, path, err)
	}
	for k, vs := range ev.MultiValueHeaders {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	for k, v := range ev.Headers {
		if _, ok := req.Header[http.CanonicalHeaderKey(k)]; !ok {
			req.Header.Set(k, v)
		}
	}
	req.Host = req.Header.Get("Host")
	req.RemoteAddr = ev.RequestContext.Identity.SourceIP
	req.RequestURI = u.RequestURI()
	return req, nil
}

// query merges the event's two views of the query string; the multi-value one is
// complete when present.
func query(ev events.APIGatewayProxyRequest) url.Values {
	q := url.Values{}
	for k, vs := range ev.MultiValueQueryStringParameters {
		for _, v := range vs {
			q.Add(k, v)
		}
	}
	for k, v := range ev.QueryStringParameters {
		if _, ok := q[k]; !ok {
			q.Set(k, v)
		}
	}
	return q
}

// recorder is the http.ResponseWriter a proxy response is built from.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newRecorder() *recorder { return &recorder{header: http.Header{}} }

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(b)
}

func (r *recorder) response() events.APIGatewayProxyResponse {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	resp := events.APIGatewayProxyResponse{StatusCode: r.status, MultiValueHeaders: map[string][]string(r.header)}
	if r.body.Len() > 0 && r.header.Get("Content-Type") == "" {
		resp.MultiValueHeaders["Content-Type"] = []string{http.DetectContentType(r.body.Bytes())}
	}
	if textual(resp.MultiValueHeaders["Content-Type"]) && utf8.Valid(r.body.Bytes()) {
		resp.Body = r.body.String()
	} else {
		resp.Body = base64.StdEncoding.EncodeToString(r.body.Bytes())
		resp.IsBase64Encoded = true
	}
	return resp
}

// textual reports whether a content type is text API Gateway may pass as it is.
func textual(ct []string) bool {
	if len(ct) == 0 {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct[0])
	if err != nil {
		return false
	}
	return strings.HasPrefix(mt, "text/") || mt == "application/json" || strings.HasSuffix(mt, "+json") ||
		mt == "application/xml" || strings.HasSuffix(mt, "+xml") || mt == "application/yaml"
}

// problem is an RFC 9457 problem response for what never reached the handler.
func problem(status int, detail string) events.APIGatewayProxyResponse {
	body := fmt.Sprintf(`{"type":"about:blank","title":%q,"status":%d,"detail":%q}`, http.StatusText(status), status, detail)
	return events.APIGatewayProxyResponse{
		StatusCode:        status,
		MultiValueHeaders: map[string][]string{"Content-Type": {"application/problem+json"}},
		Body:              body,
	}
}
