package apigw

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/httpapi"
)

// KeyIDs tells who called from the id of the API key API Gateway validated. The
// key's value never reaches LeadClock's config on AWS: API Gateway keeps it, and the
// stack hands the function only which key id belongs to which provider or
// integration.
type KeyIDs map[string]httpapi.Principal

var _ httpapi.Authenticator = KeyIDs(nil)

// Principal returns who owns the request's API key.
func (k KeyIDs) Principal(r *http.Request) (httpapi.Principal, bool) {
	rc, ok := RequestContext(r.Context())
	if !ok || rc.Identity.APIKeyID == "" {
		return httpapi.Principal{}, false
	}
	p, ok := k[rc.Identity.APIKeyID]
	return p, ok
}

// ParseKeyIDs reads the stack's JSON map from API key id to "provider:<id>" or
// "integration:<id>", and checks each names one in the dealership's config.
func ParseKeyIDs(js string, cfg *dealer.Config) (KeyIDs, error) {
	var m map[string]string
	if err := json.Unmarshal([]byte(js), &m); err != nil {
		return nil, fmt.Errorf(`API key ids: want a JSON object such as {"a1b2c3": "provider:cars-com"}: %w`, err)
	}
	out := KeyIDs{}
	for keyID, who := range m {
		role, id, ok := strings.Cut(who, ":")
		if keyID == "" || !ok {
			return nil, fmt.Errorf("API key id %q: want \"provider:<id>\" or \"integration:<id>\", got %q", keyID, who)
		}
		p, err := principal(cfg, httpapi.Role(role), id)
		if err != nil {
			return nil, fmt.Errorf("API key id %q: %w", keyID, err)
		}
		out[keyID] = p
	}
	return out, nil
}

func principal(cfg *dealer.Config, role httpapi.Role, id string) (httpapi.Principal, error) {
	switch role {
	case httpapi.Provider:
		for _, p := range cfg.Providers {
			if p.ID == id {
				return httpapi.Principal{Role: httpapi.Provider, ID: p.ID, Name: p.Name}, nil
			}
		}
	case httpapi.Integration:
		for _, i := range cfg.Integrations {
			if i.ID == id {
				return httpapi.Principal{Role: httpapi.Integration, ID: i.ID, Name: i.ID}, nil
			}
		}
	default:
		return httpapi.Principal{}, fmt.Errorf("role %q: want provider or integration", role)
	}
	return httpapi.Principal{}, fmt.Errorf("no %s %q in the dealership config", role, id)
}
