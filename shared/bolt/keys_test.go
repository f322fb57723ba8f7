package bolt

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// Index queries rely on three properties of encoded strings: keys sort as the strings
// do, a prefix selects one string exactly, and they decode back.
func TestStringKeys(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		// Few distinct runes, so that 0x00 next to 0x01 and shared prefixes come up.
		str := rapid.StringOfN(rapid.SampledFrom([]rune{0, 1, 'a', 'b', 0xFF}), 0, 6, -1)
		a, b, rest := str.Draw(t, "a"), str.Draw(t, "b"), str.Draw(t, "rest")
		ka, kb := key(a), key(b)
		if got, want := bytes.Compare(ka, kb), strings.Compare(a, b); got != want {
			t.Fatalf("compare %q %q: keys %d, strings %d", a, b, got, want)
		}
		if a != b && bytes.HasPrefix(kb, ka) {
			t.Fatalf("key of %q is a prefix of the key of %q", a, b)
		}
		got, tail, err := readString(appendString(ka, rest))
		if err != nil || got != a || !bytes.Equal(tail, key(rest)) {
			t.Fatalf("readString(%q + %q) = %q, %q, %v", a, rest, got, tail, err)
		}
	})
}

func TestInstantKeysSortByTime(t *testing.T) {
	instants := []time.Time{
		{},
		time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Unix(-1, 999_999_999),
		time.Unix(0, 0),
		time.Unix(0, 1),
		time.Date(2026, 11, 24, 16, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 24, 10, 0, 0, 1, time.FixedZone("CST", -6*3600)),
		time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	for _, a := range instants {
		for _, b := range instants {
			if got, want := bytes.Compare(appendInstant(nil, a), appendInstant(nil, b)), a.Compare(b); got != want {
				t.Errorf("compare %v %v: keys %d, instants %d", a, b, got, want)
			}
		}
	}
}

func TestReadStringRejectsMalformedKeys(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("abc"), {'a', 0}, {'a', 0, 2}} {
		if _, _, err := readString(b); err == nil {
			t.Errorf("readString(%q) accepted a malformed key", b)
		}
	}
}
