package httpapi

import (
	"crypto/subtle"
	"net/http"

	"github.com/leadclock/leadclock/shared/dealer"
)

// Role is what a caller may do.
type Role string

// Roles. Providers post leads; integrations (the dealer's CRM, a phone system) read
// leads and log activities.
const (
	Provider    Role = "provider"
	Integration Role = "integration"
)

// Principal is who is calling.
type Principal struct {
	Role Role
	ID   string
	Name string
}

// Authenticator tells who sent a request. Local mode checks the x-api-key header
// against the config; on AWS, API Gateway has already validated the key and the
// adapter reads which one from the request context.
type Authenticator interface {
	// Principal returns the caller, or ok false when the request carries no key
	// LeadClock knows.
	Principal(r *http.Request) (p Principal, ok bool)
}

// Keys authenticates by the x-api-key header against a dealership's configured
// provider and integration keys.
type Keys struct {
	keys []key
}

type key struct {
	secret []byte
	who    Principal
}

// KeysFrom returns the keys of a dealership config.
func KeysFrom(cfg *dealer.Config) Keys {
	var k Keys
	for _, p := range cfg.Providers {
		k.keys = append(k.keys, key{[]byte(p.APIKey), Principal{Role: Provider, ID: p.ID, Name: p.Name}})
	}
	for _, i := range cfg.Integrations {
		k.keys = append(k.keys, key{[]byte(i.APIKey), Principal{Role: Integration, ID: i.ID, Name: i.ID}})
	}
	return k
}

// Principal compares the key with every configured one in constant time, so that
// response times say nothing about how much of a key was right.
func (k Keys) Principal(r *http.Request) (Principal, bool) {
	got := []byte(r.Header.Get("x-api-key"))
	if len(got) == 0 {
		return Principal{}, false
	}
	var found Principal
	ok := false
	for _, c := range k.keys {
		if len(c.secret) > 0 && subtle.ConstantTimeCompare(got, c.secret) == 1 {
			found, ok = c.who, true
		}
	}
	return found, ok
}
