package action

import (
	"strings"
	"testing"
	"time"
)

// FuzzVerify checks that Verify never panics and accepts nothing but what Sign
// produced: whatever it accepts, signing the claims it returns gives the same token
// back. The fuzzer cannot forge an HMAC, so in practice this says that every mutation
// of a genuine token is refused.
func FuzzVerify(f *testing.F) {
	s := mustSigner(f, secret)
	for _, c := range []Claims{
		{Lead: "L0001", Rep: "alice", Expires: now.Add(time.Hour)},
		{Lead: "01JDQ4S3W5X7Y9Z0ABCDEFGHJK", Rep: "bob", Expires: now.Add(DefaultTTL)},
		{Lead: "a.b", Rep: ".", Expires: now.Add(-time.Hour)},
	} {
		tok := s.Sign(c)
		f.Add(tok)
		f.Add(tok[:len(tok)-1])
		f.Add(strings.Replace(tok, ".", "", 1))
	}
	for _, seed := range []string{"", ".", "..", "A.A", "====.====", "\x00", "AQ." + strings.Repeat("A", 43)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, token string) {
		c, err := s.Verify(token, now)
		if err != nil {
			return
		}
		if again := s.Sign(c); again != token {
			t.Fatalf("Verify accepted %q, which Sign would write as %q", token, again)
		}
	})
}
