package signature

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Header is the name of the HTTP header that carries the signature.
const Header = "X-LeadClock-Signature"

// Tolerance is how far the signing time may be from the verifier's clock, either
// way. It bounds how long a captured request can be replayed, and leaves room for a
// provider's clock that drifts or a request that sits in a retry queue for a while.
const Tolerance = 5 * time.Minute

// maxHeaderLen bounds what Verify parses. A header with a timestamp and a couple of
// signatures is under 200 characters; anything far longer is garbage or an attempt
// to make the server work, and is refused before any parsing or hashing.
const maxHeaderLen = 1024

// Verify's errors. They are wrapped with what exactly was wrong, so that a provider's
// developer can fix it; test for them with errors.Is.
var (
	// ErrMissing: there is no signature at all.
	ErrMissing = errors.New("signature missing")
	// ErrMalformed: the header is not t=<unix seconds>,v1=<64 hex digits>.
	ErrMalformed = errors.New("malformed signature")
	// ErrStale: the header is well formed but its time is outside Tolerance.
	ErrStale = errors.New("stale signature")
	// ErrMismatch: no signature in the header matches the body under any secret.
	ErrMismatch = errors.New("signature mismatch")
)

// Sign returns the header value for body sent at t: t=<unix seconds>,v1=<lowercase
// hex HMAC-SHA256 of "<t>.<body>" under secret>.
func Sign(secret []byte, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac(secret, ts, body))
}

// Verify checks header, as received, against the raw body. It succeeds when the time
// in the header is within Tolerance of now and any of the header's v1 signatures is
// the HMAC of "<t>.<body>" under any of secrets (the current secret and, while it is
// being rotated out, the previous one). Empty secrets are skipped: anyone could sign
// with one. With no usable secret nothing verifies, and the error is ErrMismatch.
//
// Unknown keys (such as v0) are ignored, so that the scheme can grow. The time is
// checked before any hashing: it is cheap, and it is part of what is signed, so a
// request outside the tolerance is refused whatever its signature.
func Verify(header string, body []byte, secrets [][]byte, now time.Time) error {
	ts, sigs, err := parse(header)
	if err != nil {
		return err
	}
	// parse accepts only canonical decimal digits, which fit an int64.
	t, _ := strconv.ParseInt(ts, 10, 64)
	if off := now.Sub(time.Unix(t, 0)); off > Tolerance || off < -Tolerance {
		return stale(now.Unix() - t)
	}
	// Every secret is hashed and every candidate compared, with no early exit, so that
	// the time taken says nothing about which secret or which candidate matched.
	match := 0
	for _, secret := range secrets {
		if len(secret) == 0 {
			continue
		}
		want := mac(secret, ts, body)
		for _, sig := range sigs {
			if hmac.Equal(sig, want) {
				match |= 1
			}
		}
	}
	if match == 0 {
		return fmt.Errorf(`%w: no v1 value is the HMAC-SHA256 of "<t>.<raw body>" under this provider's signing secret; `+
			"sign t, a dot and the body bytes exactly as sent with the current secret, and send the digest hex-encoded", ErrMismatch)
	}
	return nil
}

// stale explains a time off by off seconds (positive: in the past).
func stale(off int64) error {
	dir := "behind"
	if off < 0 {
		dir, off = "ahead of", -off
	}
	return fmt.Errorf("%w: t is %d seconds %s the server's clock; sign each request, retries included, when it is sent, "+
		"and keep the signing clock within %d minutes of the real time", ErrStale, off, dir, int(Tolerance/time.Minute))
}

func mac(secret []byte, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// parse splits a header into its timestamp, as sent, and its decoded v1 signatures.
// Values are not quoted back in errors beyond a short prefix: the header is
// unauthenticated input.
func parse(header string) (ts string, sigs [][]byte, err error) {
	if strings.TrimSpace(header) == "" {
		return "", nil, fmt.Errorf("%w: the header is empty", ErrMissing)
	}
	if len(header) > maxHeaderLen {
		return "", nil, fmt.Errorf("%w: %d characters, more than the %d allowed", ErrMalformed, len(header), maxHeaderLen)
	}
	seenT := false
	for part := range strings.SplitSeq(header, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue // a trailing or doubled comma says nothing
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return "", nil, fmt.Errorf("%w: %.20q is not key=value", ErrMalformed, part)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		switch k {
		case "t":
			if seenT {
				return "", nil, fmt.Errorf("%w: t is given twice", ErrMalformed)
			}
			seenT = true
			// One spelling per time (no sign, no leading zeros): the text of t is what
			// is signed, and Sign writes it this way.
			n, perr := strconv.ParseInt(v, 10, 64)
			if perr != nil || n < 0 || strconv.FormatInt(n, 10) != v {
				return "", nil, fmt.Errorf("%w: t=%.20q is not a Unix time in whole seconds", ErrMalformed, v)
			}
			ts = v
		case "v1":
			sig, derr := hex.DecodeString(v)
			if derr != nil || len(sig) != sha256.Size {
				return "", nil, fmt.Errorf("%w: v1 value %d is not %d hex digits (a hex-encoded HMAC-SHA256)", ErrMalformed, len(sigs)+1, 2*sha256.Size)
			}
			sigs = append(sigs, sig)
		}
	}
	switch {
	case !seenT:
		return "", nil, fmt.Errorf("%w: no t=<unix seconds>", ErrMalformed)
	case len(sigs) == 0:
		return "", nil, fmt.Errorf("%w: no v1=<hex HMAC-SHA256>", ErrMalformed)
	}
	return ts, sigs, nil
}
