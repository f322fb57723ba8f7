package apigw_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/leadclock/leadclock/shared/apigw"
)

// echo answers with what it was asked, as JSON.
var echo = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc, _ := apigw.RequestContext(r.Context())
	w.Header().Set("Content-Type", "application/json")
	w.Header().Add("Vary", "a")
	w.Header().Add("Vary", "b")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"method": r.Method, "path": r.URL.Path, "query": r.URL.Query(), "body": string(body),
		"type": r.Header.Get("Content-Type"), "accept": r.Header.Values("Accept"),
		"remote": r.RemoteAddr, "keyId": rc.Identity.APIKeyID, "uri": r.RequestURI,
	})
})

func TestServeBuildsTheRequest(t *testing.T) {
	tests := []struct {
		name string
		ev   events.APIGatewayProxyRequest
		want map[string]any
	}{
		{
			name: "a JSON lead",
			ev: events.APIGatewayProxyRequest{
				HTTPMethod: "POST", Path: "/leads", Body: `{"customer":{}}`,
				Headers:        map[string]string{"content-type": "application/json"},
				RequestContext: events.APIGatewayProxyRequestContext{Identity: events.APIGatewayRequestIdentity{APIKeyID: "k1", SourceIP: "192.0.2.10"}},
			},
			want: map[string]any{"method": "POST", "path": "/leads", "query": map[string]any{}, "body": `{"customer":{}}`, "type": "application/json", "accept": nil, "remote": "192.0.2.10", "keyId": "k1", "uri": "/leads"},
		},
		{
			name: "a base64 body, multi-value headers and query",
			ev: events.APIGatewayProxyRequest{
				HTTPMethod: "GET", Path: "/leads", Body: base64.StdEncoding.EncodeToString([]byte("<adf/>")), IsBase64Encoded: true,
				MultiValueHeaders:               map[string][]string{"Accept": {"text/html", "application/json"}},
				Headers:                         map[string]string{"Accept": "text/html", "Content-Type": "text/xml"},
				MultiValueQueryStringParameters: map[string][]string{"status": {"new", "assigned"}},
				QueryStringParameters:           map[string]string{"status": "assigned", "owner": "rep-1"},
			},
			want: map[string]any{"method": "GET", "path": "/leads", "query": map[string]any{"status": []any{"new", "assigned"}, "owner": []any{"rep-1"}}, "body": "<adf/>", "type": "text/xml", "accept": []any{"text/html", "application/json"}, "remote": "", "keyId": "", "uri": "/leads?owner=rep-1&status=new&status=assigned"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := apigw.New(echo, nil).Serve(context.Background(), tt.ev)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != http.StatusCreated || resp.IsBase64Encoded {
				t.Fatalf("status %d base64 %v, want 201 as text", resp.StatusCode, resp.IsBase64Encoded)
			}
			if got := resp.MultiValueHeaders["Vary"]; !reflect.DeepEqual(got, []string{"a", "b"}) {
				t.Errorf("Vary %q, want both values", got)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(resp.Body), &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("handler saw\n%v\nwant\n%v", got, tt.want)
			}
		})
	}
}

func TestServeResponses(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00")
	tests := []struct {
		name       string
		h          http.HandlerFunc
		ev         events.APIGatewayProxyRequest
		wantStatus int
		wantBody   string
		wantBase64 bool
		wantType   string
	}{
		{"nothing written is 200 with no body", func(http.ResponseWriter, *http.Request) {}, events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: "/"}, 200, "", false, ""},
		{"HTML passes as text", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = io.WriteString(w, "<p>café</p>")
		}, events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: "/a/x"}, 200, "<p>café</p>", false, "text/html; charset=utf-8"},
		{"binary is base64", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "image/png")
			_, _ = w.Write(png)
		}, events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: "/x.png"}, 200, base64.StdEncoding.EncodeToString(png), true, "image/png"},
		{"a panic is a 500 problem", func(http.ResponseWriter, *http.Request) { panic("boom") }, events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: "/"}, 500, "", false, "application/problem+json"},
		{"a body marked base64 that is not is a 400 problem", func(http.ResponseWriter, *http.Request) { t.Error("handler called") }, events.APIGatewayProxyRequest{HTTPMethod: "POST", Path: "/leads", Body: "not base64!", IsBase64Encoded: true}, 400, "", false, "application/problem+json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := apigw.New(tt.h, nil).Serve(context.Background(), tt.ev)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.wantStatus || resp.IsBase64Encoded != tt.wantBase64 {
				t.Errorf("status %d base64 %v, want %d %v", resp.StatusCode, resp.IsBase64Encoded, tt.wantStatus, tt.wantBase64)
			}
			if tt.wantBody != "" && resp.Body != tt.wantBody {
				t.Errorf("body %q, want %q", resp.Body, tt.wantBody)
			}
			if got := resp.MultiValueHeaders["Content-Type"]; tt.wantType != "" && (len(got) != 1 || got[0] != tt.wantType) {
				t.Errorf("Content-Type %q, want %q", got, tt.wantType)
			}
			if tt.wantType == "application/problem+json" {
				var p struct{ Status int }
				if err := json.Unmarshal([]byte(resp.Body), &p); err != nil || p.Status != tt.wantStatus {
					t.Errorf("problem body %s (%v)", resp.Body, err)
				}
			}
		})
	}
}
