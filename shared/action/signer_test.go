package action

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var (
	secret  = []byte("0123456789abcdef0123456789abcdef")
	another = []byte("fedcba9876543210fedcba9876543210")
	now     = time.Date(2026, 11, 24, 16, 0, 0, 0, time.UTC)
)

func mustSigner(t testing.TB, key []byte) *Signer {
	t.Helper()
	s, err := NewSigner(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestNewSignerRejectsShortSecrets(t *testing.T) {
	for _, n := range []int{0, 1, MinSecretLen - 1} {
		if _, err := NewSigner(make([]byte, n)); err == nil {
			t.Errorf("NewSigner(%d bytes) succeeded, want an error", n)
		}
	}
	if _, err := NewSigner(make([]byte, MinSecretLen)); err != nil {
		t.Errorf("NewSigner(%d bytes): %v", MinSecretLen, err)
	}
}

func TestNewSignerCopiesSecret(t *testing.T) {
	key := []byte(string(secret))
	s := mustSigner(t, key)
	tok := s.Sign(Claims{Lead: "L0001", Rep: "alice", Expires: now.Add(time.Hour)})
	key[0] ^= 1 // the caller reusing its buffer must not change the signer's key
	if _, err := s.Verify(tok, now); err != nil {
		t.Fatalf("Verify after the caller changed its secret buffer: %v", err)
	}
}

func TestRoundTrip(t *testing.T) {
	s := mustSigner(t, secret)
	tests := []struct {
		name   string
		claims Claims
	}{
		{"ulid and rep", Claims{Lead: "01JDQ4S3W5X7Y9Z0ABCDEFGHJK", Rep: "alice", Expires: now.Add(DefaultTTL)}},
		{"separators in ids", Claims{Lead: "L.1/2?x=y&z", Rep: "a.b\x00c\n", Expires: now.Add(time.Minute)}},
		{"unicode ids", Claims{Lead: "lead-ü", Rep: "zoë", Expires: now.Add(time.Second)}},
		{"empty ids", Claims{Expires: now.Add(time.Hour)}},
		{"sub-second expiry is truncated", Claims{Lead: "L0001", Rep: "bob", Expires: now.Add(90*time.Second + 700*time.Millisecond)}},
		{"long ids", Claims{Lead: strings.Repeat("L", 300), Rep: strings.Repeat("r", 300), Expires: now.Add(time.Hour)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := s.Sign(tt.claims)
			if i := strings.IndexFunc(tok, func(r rune) bool { return !isTokenChar(r) }); i >= 0 {
				t.Errorf("token %q has a character that is not URL-safe at %d", tok, i)
			}
			got, err := s.Verify(tok, now)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			want := tt.claims
			want.Expires = want.Expires.Truncate(time.Second).UTC()
			if got != want {
				t.Errorf("Verify = %+v, want %+v", got, want)
			}
		})
	}
}

func TestTokenIsCompact(t *testing.T) {
	tok := mustSigner(t, secret).Sign(Claims{Lead: "01JDQ4S3W5X7Y9Z0ABCDEFGHJK", Rep: "alice", Expires: now.Add(DefaultTTL)})
	// A text message has room for the link only if the token stays short.
	if len(tok) > 110 {
		t.Errorf("token is %d characters, want at most 110: %s", len(tok), tok)
	}
}

// flip changes the character at i to another character of the base64url alphabet
// whose top bits differ, so the decoded bytes change and the encoding stays canonical.
func flip(tok string, i int) string {
	c := byte('A')
	if tok[i] == 'A' {
		c = 'g'
	}
	return tok[:i] + string(c) + tok[i+1:]
}

func TestVerifyRejects(t *testing.T) {
	s := mustSigner(t, secret)
	good := Claims{Lead: "L0001", Rep: "alice", Expires: now.Add(time.Hour)}
	tok := s.Sign(good)
	dot := strings.IndexByte(tok, '.')
	forged := mustSigner(t, another).Sign(good)
	// A genuine token for another lead, with its payload spliced onto this signature.
	otherPayload, _, _ := strings.Cut(s.Sign(Claims{Lead: "L0002", Rep: "alice", Expires: good.Expires}), ".")

	tests := []struct {
		name  string
		token string
		at    time.Time
		want  error
	}{
		{"tampered payload", flip(tok, 3), now, ErrTampered},
		{"payload of another token", otherPayload + tok[dot:], now, ErrTampered},
		{"tampered signature", flip(tok, dot+1), now, ErrTampered},
		{"wrong secret", forged, now, ErrTampered},
		{"expired", tok, good.Expires, ErrExpired},
		{"long expired", tok, good.Expires.Add(DefaultTTL), ErrExpired},
		{"expired and wrong secret", forged, good.Expires.Add(time.Hour), ErrTampered},
		{"empty", "", now, ErrMalformed},
		{"no dot", strings.Replace(tok, ".", "", 1), now, ErrMalformed},
		{"two dots", tok + ".", now, ErrMalformed},
		{"only a dot", ".", now, ErrMalformed},
		{"no signature", tok[:dot+1], now, ErrMalformed},
		{"no payload", tok[dot:], now, ErrMalformed},
		{"bad base64", "!!!!" + tok[4:], now, ErrMalformed},
		{"padding", tok + "=", now, ErrMalformed},
		{"newline inside", tok[:2] + "\n" + tok[2:], now, ErrMalformed},
		{"standard base64 alphabet", "ab+/" + tok[4:], now, ErrMalformed},
		{"truncated signature", tok[:len(tok)-2], now, ErrMalformed},
		{"huge", strings.Repeat("A", 1<<20) + "." + strings.Repeat("A", 43), now, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Verify(tt.token, tt.at)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Verify = %+v, %v; want %v", got, err, tt.want)
			}
			for _, other := range []error{ErrMalformed, ErrTampered, ErrExpired} {
				if other != tt.want && errors.Is(err, other) {
					t.Errorf("error %v is also %v", err, other)
				}
			}
			if got != (Claims{}) {
				t.Errorf("Verify returned claims %+v with an error", got)
			}
		})
	}
}

func TestVerifyAcceptsUntilExpiry(t *testing.T) {
	s := mustSigner(t, secret)
	exp := now.Add(time.Hour)
	tok := s.Sign(Claims{Lead: "L0001", Rep: "alice", Expires: exp})
	if _, err := s.Verify(tok, exp.Add(-time.Nanosecond)); err != nil {
		t.Errorf("Verify just before expiry: %v", err)
	}
	if _, err := s.Verify(tok, exp); !errors.Is(err, ErrExpired) {
		t.Errorf("Verify at expiry: %v, want ErrExpired", err)
	}
}

// A payload signed with the right secret but not in Sign's encoding is still refused:
// only tokens Sign wrote are tokens.
func TestVerifyRejectsSignedGarbage(t *testing.T) {
	s := mustSigner(t, secret)
	tests := []struct {
		name    string
		payload []byte
	}{
		{"empty payload", nil},
		{"unknown version", append([]byte{2}, encode(Claims{Lead: "L0001", Expires: now.Add(time.Hour)})[1:]...)},
		{"trailing byte", append(encode(Claims{Lead: "L0001", Expires: now.Add(time.Hour)}), 0)},
		{"length past the end", []byte{version, 50, 'L'}},
		{"non-minimal length", []byte{version, 0x85, 0x00, 'L', '0', '0', '0', '1', 0, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := b64.EncodeToString(tt.payload) + "." + b64.EncodeToString(s.mac(tt.payload))
			if _, err := s.Verify(tok, now); !errors.Is(err, ErrMalformed) {
				t.Errorf("Verify = %v, want ErrMalformed", err)
			}
		})
	}
}
