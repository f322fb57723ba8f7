package httpapi

import (
	"errors"
	"net/http"
	"strings"

	"github.com/leadclock/leadclock/shared/signature"
)

// signatureFormat is what a signed request carries, as said to a provider's developer
// who got it wrong.
const signatureFormat = `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`

// checkSignature holds a provider configured with signing secrets to a valid
// X-LeadClock-Signature over the raw body, so that a leaked API key alone cannot post
// leads and a captured request cannot be replayed later. It returns nil when the
// provider signs nothing, or the signature is good; otherwise a 401 saying what to fix.
func (s *Server) checkSignature(r *http.Request, body []byte, p Principal) *Problem {
	var secrets [][]byte
	for _, c := range s.Config.Providers {
		if c.ID == p.ID {
			secrets = c.SigningSecrets
			break
		}
	}
	if len(secrets) == 0 {
		return nil
	}
	err := signature.Verify(r.Header.Get(signature.Header), body, secrets, s.Clock.Now())
	if err == nil {
		return nil
	}
	// The errors say what is wrong without the secret or the expected signature, so
	// their reasons can be passed on to the caller.
	h := "the " + signature.Header + " header"
	var detail string
	switch {
	case errors.Is(err, signature.ErrMissing):
		detail = h + " is missing; this provider's leads must be signed: " + signatureFormat
	case errors.Is(err, signature.ErrMalformed):
		detail = h + " is malformed: " + reason(err, signature.ErrMalformed) + "; send " + signatureFormat
	case errors.Is(err, signature.ErrStale):
		detail = h + " is stale: " + reason(err, signature.ErrStale)
	case errors.Is(err, signature.ErrMismatch):
		detail = h + " does not match the request: " + reason(err, signature.ErrMismatch)
	default:
		detail = h + " is not valid; send " + signatureFormat
	}
	return problem(http.StatusUnauthorized, detail)
}

// reason is what an error says beyond its sentinel's own words, which the detail has
// already put in the caller's terms.
func reason(err, sentinel error) string {
	return strings.TrimPrefix(err.Error(), sentinel.Error()+": ")
}
