package httpapi

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/phone"
	"github.com/leadclock/leadclock/shared/signature"
)

// Fake signing secrets for cars-com: the new one and the one being rotated out.
const (
	signingNew = "fake-signing-secret-cars-com-new-0001"
	signingOld = "fake-signing-secret-cars-com-old-0001"
)

// signedConfig is the API tests' dealership with two providers: cars-com signs its
// leads, dealer-site does not.
const signedConfig = `
dealership: {id: test-motors, name: Test Motors, timezone: America/Chicago, region: US}
sla: {firstContact: 5m, warnBefore: 2m, secondContact: 1h, stalledAfter: 72h}
escalation:
  - {action: reroute, after: 5m}
  - {action: notify-managers, after: 10m}
cadence: [1d]
reps:
  - {id: alice, name: Alice Able, phone: "+13125550101", email: alice@example.com, role: sales, shifts: {mon-sun: "00:00-24:00"}}
  - {id: mona, name: Mona Manager, phone: "+13125550110", email: mona@example.com, role: manager, shifts: {mon-sun: "00:00-24:00"}}
providers:
  - {id: cars-com, name: Cars.com, apiKey: "test-key-cars-com", signingSecrets: ["` + signingNew + `", "` + signingOld + `"]}
  - {id: dealer-site, name: Test Motors website, apiKey: "test-key-dealer-site"}
integrations:
  - {id: dms, apiKey: "test-key-dms"}
notifications: {sms: true, email: true, from: leads@test-motors.example, bundleWindow: 0s}
`

func TestCheckSignature(t *testing.T) {
	cfg, err := dealer.Parse("test.yaml", []byte(signedConfig), phone.Numbers)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, time.November, 3, 16, 0, 0, 0, time.UTC)
	s := &Server{Config: cfg, Clock: engine.ClockFunc(func() time.Time { return now })}
	carsCom := Principal{Role: Provider, ID: "cars-com", Name: "Cars.com"}
	dealerSite := Principal{Role: Provider, ID: "dealer-site", Name: "Test Motors website"}
	body := []byte(`{"providerLeadId":"CC-1001","customer":{"name":"Pat Doe","email":"pat.doe@example.com","phones":[{"number":"+1 312 555 0123"}]}}`)
	changed := bytes.Replace(body, []byte("CC-1001"), []byte("CC-1002"), 1)

	tests := []struct {
		name    string
		who     Principal
		header  string // X-LeadClock-Signature; none when empty
		body    []byte // body when nil
		phrases []string
	}{
		{name: "provider that does not sign", who: dealerSite},
		{name: "provider that does not sign sends a header anyway", who: dealerSite, header: "t=abc,v1=zz"},
		{name: "signed with the new secret", who: carsCom, header: signature.Sign([]byte(signingNew), now, body)},
		{name: "signed with the old secret", who: carsCom, header: signature.Sign([]byte(signingOld), now, body)},
		{name: "signed four minutes ago", who: carsCom, header: signature.Sign([]byte(signingNew), now.Add(-4*time.Minute), body)},
		{name: "caller not in the config", who: Principal{Role: Provider, ID: "autotrader"}},

		{name: "missing", who: carsCom, phrases: []string{"X-LeadClock-Signature header is missing", "must be signed", `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`}},
		{name: "malformed", who: carsCom, header: "t=abc,v1=" + strings.Repeat("0", 64), phrases: []string{"is malformed", `t="abc" is not a Unix time`, "send t=<unix seconds>,v1="}},
		{name: "no v1", who: carsCom, header: "t=1793721600", phrases: []string{"is malformed", "no v1="}},
		{name: "stale", who: carsCom, header: signature.Sign([]byte(signingNew), now.Add(-10*time.Minute), body), phrases: []string{"is stale", "600 seconds behind", "within 5 minutes"}},
		{name: "from the future", who: carsCom, header: signature.Sign([]byte(signingNew), now.Add(6*time.Minute), body), phrases: []string{"is stale", "360 seconds ahead of"}},
		{name: "wrong secret", who: carsCom, header: signature.Sign([]byte("fake-signing-secret-of-someone-else-1"), now, body), phrases: []string{"does not match the request", "current secret", `"<t>.<raw body>"`, "hex-encoded"}},
		{name: "body changed after signing", who: carsCom, header: signature.Sign([]byte(signingNew), now, body), body: changed, phrases: []string{"does not match the request"}},
		{name: "signed with the API key instead of the secret", who: carsCom, header: signature.Sign([]byte("test-key-cars-com"), now, body), phrases: []string{"does not match"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/leads", nil)
			if tt.header != "" {
				r.Header.Set(signature.Header, tt.header)
			}
			b := body
			if tt.body != nil {
				b = tt.body
			}
			p := s.checkSignature(r, b, tt.who)
			if len(tt.phrases) == 0 {
				if p != nil {
					t.Fatalf("refused: %d %s", p.Status, p.Detail)
				}
				return
			}
			if p == nil {
				t.Fatal("accepted, want 401")
			}
			if p.Status != http.StatusUnauthorized || p.Title != http.StatusText(http.StatusUnauthorized) {
				t.Errorf("status %d %q, want 401", p.Status, p.Title)
			}
			for _, phrase := range tt.phrases {
				if !strings.Contains(p.Detail, phrase) {
					t.Errorf("detail %q does not mention %q", p.Detail, phrase)
				}
			}
			for _, secret := range []string{signingNew, signingOld} {
				if strings.Contains(p.Detail, secret) {
					t.Errorf("detail %q shows a signing secret", p.Detail)
				}
				if _, want, _ := strings.Cut(signature.Sign([]byte(secret), now, b), ",v1="); strings.Contains(p.Detail, want) {
					t.Errorf("detail %q shows the expected signature", p.Detail)
				}
			}
		})
	}
}
