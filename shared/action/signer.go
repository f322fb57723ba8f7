package action

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
)

// MinSecretLen is the shortest secret NewSigner accepts: HMAC-SHA256 is only as strong
// as its key, and 32 random bytes match the hash's own strength.
const MinSecretLen = 32

// maxTokenLen bounds what Verify will decode. Tokens carry two short ids and a
// timestamp, around a hundred characters; anything far longer is garbage or an
// attempt to make the server work, and is refused before any decoding or hashing.
const maxTokenLen = 1024

// b64 is strict so that each token has exactly one spelling: a variant with different
// padding bits would otherwise verify too, and a token is only what Sign produced.
var b64 = base64.RawURLEncoding.Strict()

// Signer signs and verifies action tokens with one secret. It is safe for concurrent
// use.
type Signer struct {
	secret []byte
}

// NewSigner returns a signer using a copy of secret, which must be at least
// MinSecretLen bytes.
func NewSigner(secret []byte) (*Signer, error) {
	if len(secret) < MinSecretLen {
		return nil, fmt.Errorf("action signer: secret is %d bytes, need at least %d", len(secret), MinSecretLen)
	}
	return &Signer{secret: bytes.Clone(secret)}, nil
}

// Sign returns a URL-safe token for the claims: base64url(payload) "." base64url(MAC).
// The expiry is kept to the second. Ids are expected to be short (lead and rep ids);
// a token longer than about a kilobyte would not verify.
func (s *Signer) Sign(c Claims) string {
	payload := encode(c)
	return b64.EncodeToString(payload) + "." + b64.EncodeToString(s.mac(payload))
}

// Verify checks the token and returns its claims if it is genuine and not expired at
// now. The signature is checked before the payload is parsed, so unauthenticated bytes
// are never interpreted, and ErrExpired is only ever said of a genuine token.
func (s *Signer) Verify(token string, now time.Time) (Claims, error) {
	payload, sig, err := split(token)
	if err != nil {
		return Claims{}, err
	}
	if !hmac.Equal(sig, s.mac(payload)) {
		return Claims{}, ErrTampered
	}
	c, err := decode(payload)
	if err != nil {
		return Claims{}, err
	}
	if !bytes.Equal(encode(c), payload) {
		// Signed but not in the one encoding Sign writes: not a token we issued.
		return Claims{}, fmt.Errorf("%w: non-canonical payload", ErrMalformed)
	}
	if !now.Before(c.Expires) {
		return Claims{}, fmt.Errorf("%w at %s", ErrExpired, c.Expires.Format(time.RFC3339))
	}
	return c, nil
}

func (s *Signer) mac(payload []byte) []byte {
	m := hmac.New(sha256.New, s.secret)
	m.Write(payload)
	return m.Sum(nil)
}

// split decodes the two halves of a token without trusting either.
func split(token string) (payload, sig []byte, err error) {
	if token == "" {
		return nil, nil, fmt.Errorf("%w: empty", ErrMalformed)
	}
	if len(token) > maxTokenLen {
		return nil, nil, fmt.Errorf("%w: %d characters", ErrMalformed, len(token))
	}
	// The base64 decoder skips newlines; refusing everything outside the alphabet keeps
	// one spelling per token.
	if i := strings.IndexFunc(token, func(r rune) bool { return !isTokenChar(r) }); i >= 0 {
		return nil, nil, fmt.Errorf("%w: unexpected character at %d", ErrMalformed, i)
	}
	p, q, ok := strings.Cut(token, ".")
	if !ok || strings.Contains(q, ".") {
		return nil, nil, fmt.Errorf("%w: want two parts separated by one dot", ErrMalformed)
	}
	if p == "" {
		return nil, nil, fmt.Errorf("%w: no payload", ErrMalformed)
	}
	if payload, err = b64.DecodeString(p); err != nil {
		return nil, nil, fmt.Errorf("%w: payload: %w", ErrMalformed, err)
	}
	if sig, err = b64.DecodeString(q); err != nil {
		return nil, nil, fmt.Errorf("%w: signature: %w", ErrMalformed, err)
	}
	if len(sig) != sha256.Size {
		return nil, nil, fmt.Errorf("%w: signature is %d bytes", ErrMalformed, len(sig))
	}
	return payload, sig, nil
}

func isTokenChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.'
}
