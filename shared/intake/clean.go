package intake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on text fields, in characters. They are far above anything real, so that
// only junk or abuse is cut: the lead is stored and shown to reps whole, and one
// provider's runaway field must not bloat every screen and message it appears in.
const (
	maxName     = 200
	maxComments = 8000
	maxID       = 200 // a provider lead id
	maxField    = 100 // make, model, trim, stock, status, interest, phone type
	maxVIN      = 64  // well past 17, so that the VIN check can say what was wrong
	maxPhone    = 64  // longer than any number with an extension
	maxEmail    = 254 // the longest address SMTP can carry
	maxShown    = 200 // a raw value quoted in a warning
)

// oneLine strips s and makes every run of white space, line breaks included, one
// space: names and the like are shown on one line, and "Jane\n Doe" is "Jane Doe".
func oneLine(s string) string {
	if plain(s) {
		return s // most values: nothing to strip or join, and nothing to allocate
	}
	return strings.Join(strings.Fields(strip(s)), " ")
}

// plain reports whether s is printable ASCII without leading, trailing or doubled
// spaces, which oneLine would return unchanged.
func plain(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == ' ' && s[i+1] == ' ' {
			return false
		}
	}
	return true
}

// strip removes control characters but line breaks and tabs: they garble screens,
// SMS and CSV exports. It also removes the invisible characters that reorder text
// (bidi overrides) or hide in it (byte order marks), which make a name look like
// another one.
func strip(s string) string {
	return strings.Map(func(c rune) rune {
		switch {
		case c == '\n' || c == '\t':
			return c
		case c == '\u00a0':
			return ' ' // &nbsp; from HTML forms: a space to anyone reading the lead
		case unicode.IsControl(c), c == '\ufeff', c >= '\u202a' && c <= '\u202e', c >= '\u2066' && c <= '\u2069':
			return -1
		}
		return c
	}, s)
}

// quoted shows a raw value in a warning, escaped so that it cannot garble what it is
// shown in and cut short so that a huge value does not make a huge warning.
func quoted(s string) string {
	if utf8.RuneCountInString(s) > maxShown {
		return fmt.Sprintf("%q…", cut(s, maxShown))
	}
	return fmt.Sprintf("%q", s)
}

// shownJSON shows a value of the wrong kind in a warning as the provider sent it, on
// one line and cut short.
func shownJSON(raw json.RawMessage) string {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		b.Reset()
		b.Write(raw)
	}
	s := strip(b.String())
	if utf8.RuneCountInString(s) > maxShown {
		return cut(s, maxShown) + "…"
	}
	return s
}

// cut returns the first n characters of s.
func cut(s string, n int) string {
	i := 0
	for range n {
		if i >= len(s) {
			break
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}
