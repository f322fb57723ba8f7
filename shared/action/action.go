// Package action mints and checks the one-tap links in nudges. A rep who has just
// called a customer should log it with a single tap from the text, without logging in
// on a phone in a parking lot; the link itself is the credential. So each token is
// signed, bound to one lead and one rep (a forwarded text cannot act on other leads
// or as someone else), and expires.
package action

import (
	"errors"
	"time"
)

// DefaultTTL is how long an action link works. A nudge may be read days after it was
// sent (a rep back after a weekend or a few days off still needs to log the call they
// made), while a link that lives forever turns every old text on a lost phone into a
// key. A week covers the first case and bounds the second; each nudge mints a fresh
// link, so a short life costs nothing to reps who keep up.
const DefaultTTL = 7 * 24 * time.Hour

// Claims is what a token vouches for: the rep may act on the lead until Expires.
// Tokens carry whole seconds, so Expires comes back truncated to the second, in UTC.
type Claims struct {
	Lead    string
	Rep     string
	Expires time.Time
}

// Verify's errors. The caller tells a rep "this link has expired, here is how to get
// a new one" but anything else only "this link is not valid": the distinction is for
// the rep and for logs, not for whoever is probing.
var (
	// ErrMalformed: the token is not one Sign could have produced.
	ErrMalformed = errors.New("malformed action token")
	// ErrTampered: the token is well formed but its signature does not match, because
	// it was altered or signed with another secret.
	ErrTampered = errors.New("action token signature mismatch")
	// ErrExpired: the token is genuine but past its expiry.
	ErrExpired = errors.New("action token expired")
)
