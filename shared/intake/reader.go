package intake

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// reader normalises one lead's fields, gathering warnings as it goes: nothing it
// reads makes it give up, since what it could not read is still worth a rep's look.
type reader struct {
	region   string
	maxYear  int
	warnings []string
}

func (r *reader) warn(field, format string, args ...any) {
	r.warnings = append(r.warnings, field+": "+fmt.Sprintf(format, args...))
}

// line reads a one-line field, cut at limit.
func (r *reader) line(field string, t text, limit int) string {
	return r.limit(field, oneLine(r.text(field, t)), limit)
}

// block reads a field that may span lines, such as comments: line breaks and tabs
// stay as the customer typed them.
func (r *reader) block(field string, t text, limit int) string {
	return r.limit(field, strings.TrimSpace(strip(r.text(field, t))), limit)
}

// text is the text of a field, with a warning when it held something else.
func (r *reader) text(field string, t text) string {
	if t.wrong != nil {
		r.warn(field, "expected text, found %s; ignored", shownJSON(t.wrong))
	}
	return t.s
}

// limit cuts s to limit characters, with a warning when it was longer. A cut can end
// on a space, which goes too.
func (r *reader) limit(field, s string, limit int) string {
	if n := utf8.RuneCountInString(s); n > limit {
		r.warn(field, "%d characters long; kept the first %d", n, limit)
		return strings.TrimRightFunc(cut(s, limit), unicode.IsSpace)
	}
	return s
}

// maxItems bounds the phones, emails and vehicles read from one lead. Customers have a
// few; reading thousands would only let one huge body tie up intake.
const maxItems = 20

// first returns at most maxItems of items, with a warning when there were more.
func first[T any](r *reader, field string, items []T) []T {
	if len(items) > maxItems {
		r.warn(field, "%d given; read the first %d", len(items), maxItems)
		return items[:maxItems]
	}
	return items
}
