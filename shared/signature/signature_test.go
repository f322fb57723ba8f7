package signature

import (
	"bytes"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

var (
	current  = []byte("fake-signing-secret-current-0123456789")
	previous = []byte("fake-signing-secret-previous-012345678")
	stranger = []byte("fake-signing-secret-of-someone-else-00")
	now      = time.Date(2026, 11, 24, 16, 0, 0, 0, time.UTC)
	body     = []byte(`{"providerLeadId":"CC-1001","customer":{"name":"Pat Doe","email":"pat.doe@example.com","phones":[{"number":"+1 312 555 0123"}]}}`)
)

// v1 is the hex signature of body at t under secret, as Sign writes it.
func v1(secret []byte, t time.Time, body []byte) string {
	_, sig, _ := strings.Cut(Sign(secret, t, body), ",v1=")
	return sig
}

func ts(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// TestSign checks a known answer, computed independently:
// printf '1795536000.{}' | openssl dgst -sha256 -hmac key
func TestSign(t *testing.T) {
	got := Sign([]byte("key"), now, []byte("{}"))
	if want := "t=1795536000,v1=4bb480cfa49cd04bbfa5be063537fcb5da195e35f5c67c54768056e8055ed84e"; got != want {
		t.Fatalf("Sign = %q, want %q", got, want)
	}
	if again := Sign([]byte("key"), now.Add(999*time.Millisecond), []byte("{}")); again != got {
		t.Fatalf("Sign does not truncate to the second: %q", again)
	}
}

func TestVerify(t *testing.T) {
	both := [][]byte{current, previous}
	changed := bytes.Clone(body)
	changed[len(changed)-2] ^= 1
	tests := []struct {
		name    string
		header  string
		body    []byte // body when nil
		secrets [][]byte
		late    time.Duration // how far the verifier's clock is past now
		want    error         // nil: accepted
		detail  string        // expected in the message, when given
	}{
		{name: "valid", header: Sign(current, now, body), secrets: [][]byte{current}},
		{name: "signed with the current secret", header: Sign(current, now, body), secrets: both},
		{name: "signed with the previous secret", header: Sign(previous, now, body), secrets: both},
		{name: "wrong secret", header: Sign(stranger, now, body), secrets: both, want: ErrMismatch, detail: "current secret"},
		{name: "body changed by one byte", header: Sign(current, now, body), body: changed, secrets: both, want: ErrMismatch},
		{name: "empty body signed", header: Sign(current, now, nil), body: []byte{}, secrets: both},
		{name: "no secrets", header: Sign(current, now, body), want: ErrMismatch},
		{name: "empty secret is never used", header: Sign(nil, now, body), secrets: [][]byte{{}}, want: ErrMismatch},
		{name: "sub-second clock", header: Sign(current, now, body), secrets: both, late: 999 * time.Millisecond},

		{name: "just inside the tolerance, past", header: Sign(current, now.Add(-Tolerance), body), secrets: both},
		{name: "just outside the tolerance, past", header: Sign(current, now.Add(-Tolerance-time.Second), body), secrets: both, want: ErrStale, detail: "301 seconds behind"},
		{name: "just inside the tolerance, future", header: Sign(current, now.Add(Tolerance), body), secrets: both},
		{name: "just outside the tolerance, future", header: Sign(current, now.Add(Tolerance+time.Second), body), secrets: both, want: ErrStale, detail: "301 seconds ahead of"},
		{name: "far in the past", header: Sign(current, now.AddDate(-1, 0, 0), body), secrets: both, want: ErrStale, detail: "within 5 minutes"},
		{name: "the epoch", header: Sign(current, time.Unix(0, 0), body), secrets: both, want: ErrStale},
		{name: "largest time", header: "t=9223372036854775807,v1=" + v1(current, now, body), secrets: both, want: ErrStale},
		{name: "stale with a wrong signature says stale", header: "t=" + ts(now.Add(-time.Hour)) + ",v1=" + strings.Repeat("0", 64), secrets: both, want: ErrStale},

		{name: "missing header", header: "", secrets: both, want: ErrMissing},
		{name: "blank header", header: "  ", secrets: both, want: ErrMissing},
		{name: "t not a number", header: "t=abc,v1=" + v1(current, now, body), secrets: both, want: ErrMalformed, detail: `t="abc" is not a Unix time`},
		{name: "t negative", header: "t=-1,v1=" + v1(current, now, body), secrets: both, want: ErrMalformed},
		{name: "t with a plus sign", header: "t=+" + ts(now) + ",v1=" + v1(current, now, body), secrets: both, want: ErrMalformed},
		{name: "t with a leading zero", header: "t=0" + ts(now) + ",v1=" + v1(current, now, body), secrets: both, want: ErrMalformed},
		{name: "t in milliseconds overflows", header: "t=99999999999999999999,v1=" + v1(current, now, body), secrets: both, want: ErrMalformed},
		{name: "t empty", header: "t=,v1=" + v1(current, now, body), secrets: both, want: ErrMalformed},
		{name: "t twice", header: "t=" + ts(now) + ",t=" + ts(now) + ",v1=" + v1(current, now, body), secrets: both, want: ErrMalformed, detail: "twice"},
		{name: "no t", header: "v1=" + v1(current, now, body), secrets: both, want: ErrMalformed, detail: "no t="},
		{name: "v1 not hex", header: "t=" + ts(now) + ",v1=zz", secrets: both, want: ErrMalformed, detail: "64 hex digits"},
		{name: "v1 empty", header: "t=" + ts(now) + ",v1=", secrets: both, want: ErrMalformed},
		{name: "v1 odd length", header: "t=" + ts(now) + ",v1=" + v1(current, now, body)[1:], secrets: both, want: ErrMalformed},
		{name: "v1 too short", header: "t=" + ts(now) + ",v1=" + v1(current, now, body)[2:], secrets: both, want: ErrMalformed},
		{name: "v1 too long", header: "t=" + ts(now) + ",v1=" + v1(current, now, body) + "00", secrets: both, want: ErrMalformed},
		{name: "v1 base64", header: "t=" + ts(now) + ",v1=q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=", secrets: both, want: ErrMalformed},
		{name: "no v1", header: "t=" + ts(now), secrets: both, want: ErrMalformed, detail: "no v1="},
		{name: "only an unknown scheme", header: "t=" + ts(now) + ",v0=" + v1(current, now, body), secrets: both, want: ErrMalformed, detail: "no v1="},
		{name: "not key=value", header: "t=" + ts(now) + "," + v1(current, now, body), secrets: both, want: ErrMalformed, detail: "not key=value"},
		{name: "very long header", header: Sign(current, now, body) + "," + strings.Repeat("foo=bar,", 200), secrets: both, want: ErrMalformed, detail: "characters"},
		{name: "stripe-style name", header: "timestamp=" + ts(now) + ",signature=" + v1(current, now, body), secrets: both, want: ErrMalformed},

		{name: "several v1, the second matches", header: "t=" + ts(now) + ",v1=" + v1(stranger, now, body) + ",v1=" + v1(previous, now, body), secrets: both},
		{name: "several v1, none matches", header: "t=" + ts(now) + ",v1=" + v1(stranger, now, body) + ",v1=" + strings.Repeat("ab", 32), secrets: both, want: ErrMismatch},
		{name: "v1 signed over another time", header: "t=" + ts(now) + ",v1=" + v1(current, now.Add(-time.Second), body), secrets: both, want: ErrMismatch},
		{name: "unknown keys are ignored", header: "foo=bar,t=" + ts(now) + ",v0=deadbeef,v1=" + v1(current, now, body) + ",v2=", secrets: both},
		{name: "order does not matter", header: "v1=" + v1(current, now, body) + ",t=" + ts(now), secrets: both},
		{name: "spaces around elements", header: "  t = " + ts(now) + " ,  v1= " + v1(current, now, body) + "  ", secrets: both},
		{name: "trailing comma", header: Sign(current, now, body) + ",", secrets: both},
		{name: "upper-case hex", header: "t=" + ts(now) + ",v1=" + strings.ToUpper(v1(current, now, body)), secrets: both},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := body
			if tt.body != nil {
				b = tt.body
			}
			err := Verify(tt.header, b, tt.secrets, now.Add(tt.late))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Verify(%q): %v", tt.header, err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Verify(%q) = %v, want %v", tt.header, err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.detail) {
				t.Errorf("error %q does not mention %q", err, tt.detail)
			}
			for _, s := range slices.Concat(tt.secrets, [][]byte{current, previous}) {
				if len(s) > 0 && strings.Contains(err.Error(), string(s)) {
					t.Errorf("error %q reveals a secret", err)
				}
				if want := v1(s, now, b); strings.Contains(err.Error(), want) {
					t.Errorf("error %q reveals the expected signature", err)
				}
			}
		})
	}
}

// TestToleranceIsInclusiveToTheNanosecond pins the boundary exactly: |now - t| equal
// to Tolerance passes, a nanosecond more does not.
func TestToleranceIsInclusiveToTheNanosecond(t *testing.T) {
	h := Sign(current, now, body)
	for _, c := range []struct {
		clock time.Time
		ok    bool
	}{
		{now.Add(Tolerance), true},
		{now.Add(Tolerance + time.Nanosecond), false},
		{now.Add(-Tolerance), true},
		{now.Add(-Tolerance - time.Nanosecond), false},
	} {
		err := Verify(h, body, [][]byte{current}, c.clock)
		if (err == nil) != c.ok {
			t.Errorf("at now%+v: %v", c.clock.Sub(now), err)
		}
		if err != nil && !errors.Is(err, ErrStale) {
			t.Errorf("at now%+v: %v, want ErrStale", c.clock.Sub(now), err)
		}
	}
}

// FuzzVerify checks that Verify never panics, always returns one of its sentinels,
// and accepts nothing but what Sign could produce within the tolerance. The fuzzer
// cannot forge an HMAC, so in practice this says that every mutation of a genuine
// header is either refused or differs only in what Verify ignores.
func FuzzVerify(f *testing.F) {
	for _, seed := range []string{
		Sign(current, now, body),
		Sign(previous, now.Add(-Tolerance), body),
		"t=" + ts(now) + ",v1=" + v1(stranger, now, body) + ",v1=" + v1(current, now, body),
		" t = " + ts(now) + " , v0=00, v1= " + v1(current, now, body),
		"", ",", "=", "t=", "v1=", "t=1,v1=zz", "t=abc,v1=00", "t=9223372036854775807,v1=" + strings.Repeat("0", 64),
		"t=" + ts(now) + ",v1=" + strings.Repeat("0", 63), "\x00=\xff",
	} {
		f.Add(seed, body)
	}
	sentinels := []error{ErrMissing, ErrMalformed, ErrStale, ErrMismatch}
	f.Fuzz(func(t *testing.T, header string, body []byte) {
		err := Verify(header, body, [][]byte{current, previous}, now)
		if err != nil {
			for _, s := range sentinels {
				if errors.Is(err, s) {
					return
				}
			}
			t.Fatalf("Verify(%q) = %v, not one of the sentinels", header, err)
		}
		lower := strings.ToLower(strings.Join(strings.Fields(header), ""))
		for off := -Tolerance; off <= Tolerance; off += time.Second {
			for _, s := range [][]byte{current, previous} {
				if strings.Contains(lower, "t="+ts(now.Add(off))) && strings.Contains(lower, v1(s, now.Add(off), body)) {
					return
				}
			}
		}
		t.Fatalf("Verify accepted %q, which Sign did not write for this body", header)
	})
}

func BenchmarkVerify(b *testing.B) {
	// A lead with long comments and extras runs to a few kilobytes.
	body := bytes.Repeat([]byte(`{"comments":"Is the blue one still available?"}`), 3<<10)[:3<<10]
	h := Sign(previous, now, body)
	secrets := [][]byte{current, previous}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if err := Verify(h, body, secrets, now); err != nil {
			b.Fatal(err)
		}
	}
}
