package intake

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// decode reads a body into b, or says in plain words where and how it is not a JSON
// object: whoever reads the response at the provider is rarely a JSON expert, and
// "invalid character '}' looking for beginning of object key string" does not tell
// them that their template leaves a trailing comma.
func decode(data []byte, b *body) error {
	// Some Windows tools start a file with a byte order mark; it is not the provider's
	// mistake to fix.
	bom := []byte("\ufeff")
	skipped := 0
	if bytes.HasPrefix(data, bom) {
		data, skipped = data[len(bom):], len(bom)
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return malformed("the body is empty; expected a JSON object such as {\"customer\": {...}}")
	}
	err := json.Unmarshal(data, b)
	var syntax *json.SyntaxError
	switch {
	case errors.As(err, &syntax):
		return malformed(explain(data, syntax, skipped))
	case trimmed[0] != '{':
		return malformed(fmt.Sprintf("the body is %s, not a JSON object; send one lead as {\"customer\": {...}}", topLevel(trimmed[0])))
	case err != nil:
		// The body's types never fail to decode, so this is encoding/json refusing
		// something new; say what it said.
		return malformed("could not read the body: " + err.Error())
	}
	return nil
}

func malformed(msg string) error {
	return &Error{Kind: ErrMalformed, Problems: []Problem{{Message: msg}}}
}

// topLevel names the kind of a JSON value by its first byte.
func topLevel(c byte) string {
	switch c {
	case '[':
		return "a list"
	case '"':
		return "text"
	case 't', 'f':
		return "true or false"
	case 'n':
		return "null"
	}
	return "a number"
}

// explain turns a syntax error into where it is (line, column and byte offset, for
// whoever debugs with a hex dump) and what was expected there. skipped is how many
// bytes came before data in the body, so that offsets count from the body's start.
func explain(data []byte, e *json.SyntaxError, skipped int) string {
	msg := e.Error()
	// encoding/json counts the bad character as read: it is the one before Offset.
	at := int(e.Offset) - 1
	if strings.HasPrefix(msg, "unexpected end of JSON input") || at < 0 || at >= len(data) {
		line, col := position(data, len(data))
		return fmt.Sprintf("line %d, column %d (offset %d): the body ends in the middle of the JSON; is it cut short, or missing a closing } or ]?", line, col, len(data)+skipped)
	}
	line, col := position(data, at)
	found := character(data[at:])
	what := ""
	switch {
	case strings.Contains(msg, "after top-level value"):
		what = fmt.Sprintf("found %s after the end of the JSON object; send exactly one object, with nothing after it", found)
	case strings.Contains(msg, "looking for beginning of object key string"):
		what = fmt.Sprintf("expected a field name in double quotes, found %s; is there a comma too many, or a name without quotes?", found)
	case strings.Contains(msg, "after object key:value pair"):
		what = fmt.Sprintf("expected a comma or a closing } after a field's value, found %s", found)
	case strings.Contains(msg, "after object key"):
		what = fmt.Sprintf("expected a colon after a field name, found %s", found)
	case strings.Contains(msg, "after array element"):
		what = fmt.Sprintf("expected a comma or a closing ] after an item of a list, found %s", found)
	case strings.Contains(msg, "looking for beginning of value"):
		what = fmt.Sprintf("expected a value (text in double quotes, a number, true, false, null, an object or a list), found %s", found)
	case strings.Contains(msg, "in string literal"):
		what = fmt.Sprintf("found %s inside text in double quotes; line breaks, tabs and other control characters there must be escaped, as \\n or \\t", found)
	case strings.Contains(msg, "in string escape code"), strings.Contains(msg, "hexadecimal character escape"):
		what = fmt.Sprintf("found %s after a backslash inside text; a backslash must be doubled (\\\\) or start an escape such as \\n, \\\" or \\u00e9", found)
	case strings.Contains(msg, "in numeric literal"):
		what = fmt.Sprintf("found %s in a number; numbers are written like 2024 or 12.5, and text goes in double quotes", found)
	case strings.Contains(msg, "in literal"):
		what = fmt.Sprintf("found %s in a word; the only words JSON knows are true, false and null, and text goes in double quotes", found)
	default:
		what = msg
	}
	return fmt.Sprintf("line %d, column %d (offset %d): %s", line, col, at+skipped, what)
}

// position is the 1-based line and column, in characters, of byte offset at.
func position(data []byte, at int) (line, col int) {
	before := data[:at]
	start := bytes.LastIndexByte(before, '\n') + 1
	return bytes.Count(before, []byte("\n")) + 1, utf8.RuneCount(before[start:]) + 1
}

// character quotes the character a syntax error is about.
func character(rest []byte) string {
	c, _ := utf8.DecodeRune(rest)
	switch c {
	case '\n':
		return "a line break"
	case '\t':
		return "a tab"
	case utf8.RuneError:
		return fmt.Sprintf("the byte 0x%02x, which is not UTF-8 text", rest[0])
	}
	return fmt.Sprintf("%q", string(c))
}
