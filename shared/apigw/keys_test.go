package apigw_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/leadclock/leadclock/infra/dealers"
	"github.com/leadclock/leadclock/shared/apigw"
	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/httpapi"
	"github.com/leadclock/leadclock/shared/phone"
)

func demo(t *testing.T) *dealer.Config {
	t.Helper()
	cfg, err := dealer.Parse(dealers.DemoName, dealers.Demo, phone.Numbers)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestKeyIDs(t *testing.T) {
	keys, err := apigw.ParseKeyIDs(`{"k-cars":"provider:cars-com","k-dms":"integration:dms"}`, demo(t))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		keyID  string
		want   httpapi.Principal
		wantOK bool
	}{
		{"k-cars", httpapi.Principal{Role: httpapi.Provider, ID: "cars-com", Name: "Cars.com"}, true},
		{"k-dms", httpapi.Principal{Role: httpapi.Integration, ID: "dms", Name: "dms"}, true},
		{"k-unknown", httpapi.Principal{}, false},
		{"", httpapi.Principal{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.keyID, func(t *testing.T) {
			var got httpapi.Principal
			var ok bool
			h := http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got, ok = keys.Principal(r) })
			ev := events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: "/leads",
				RequestContext: events.APIGatewayProxyRequestContext{Identity: events.APIGatewayRequestIdentity{APIKeyID: tt.keyID}}}
			if _, err := apigw.New(h, nil).Serve(context.Background(), ev); err != nil {
				t.Fatal(err)
			}
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("principal %+v %v, want %+v %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
	// A request that did not come through the adapter has no key id.
	r, _ := http.NewRequest("GET", "/leads", nil)
	r.Header.Set("x-api-key", "dev-key-cars-com")
	if p, ok := keys.Principal(r); ok {
		t.Errorf("principal %+v from a request without API Gateway's context", p)
	}
}

func TestParseKeyIDsRefuses(t *testing.T) {
	tests := []struct{ js, want string }{
		{`[]`, "want a JSON object"},
		{`{"k":"cars-com"}`, `want "provider:<id>"`},
		{`{"k":"provider:nobody"}`, `no provider "nobody"`},
		{`{"k":"integration:cars-com"}`, `no integration "cars-com"`},
		{`{"k":"admin:x"}`, `role "admin"`},
	}
	for _, tt := range tests {
		t.Run(tt.js, func(t *testing.T) {
			_, err := apigw.ParseKeyIDs(tt.js, demo(t))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}
