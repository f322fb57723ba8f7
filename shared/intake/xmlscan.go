package intake

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The scanner reads XML the way ADF senders write it, which is not always XML: it
// forgives what encoding/xml forgives with Strict off (HTML entities, a bare &,
// attributes without quotes or without a value, end tags that do not match) and a
// bare < in text, which encoding/xml stops at. It slices names, attributes and text
// out of the document instead of copying them, which makes a typical lead a few
// dozen allocations instead of several hundred (docs/BENCHMARKS.md).

// tokenKind says what a token is.
type tokenKind int

const (
	tokEOF tokenKind = iota
	tokStart
	tokEnd
	tokText
)

// attr is an attribute, its name lower-cased and without namespace prefix.
type attr struct {
	name, value string
}

// token is one piece of the document. Its strings share the document's memory.
type token struct {
	kind  tokenKind
	name  string // tokStart, tokEnd: the local name, lower-cased
	attrs []attr // tokStart
	empty bool   // tokStart: <name/>, which ends where it starts
	text  string // tokText: decoded
}

// syntaxError is where and why the document stops being readable.
type syntaxError struct {
	pos int
	msg string
}

func (e *syntaxError) Error() string { return e.msg }

// scanner hands out a document's tokens one at a time.
type scanner struct {
	s   string
	pos int
	// attrs holds every attribute read so far; each start tag's are a slice of it.
	attrs []attr
}

func (sc *scanner) fail(format string, args ...any) (token, error) {
	return token{}, &syntaxError{pos: sc.pos, msg: fmt.Sprintf(format, args...)}
}

// next returns the next token; tokEOF at the end of the document.
func (sc *scanner) next() (token, error) {
	s := sc.s
	if sc.pos >= len(s) {
		return token{kind: tokEOF}, nil
	}
	if s[sc.pos] != '<' {
		return sc.text()
	}
	rest := s[sc.pos+1:]
	switch {
	case strings.HasPrefix(rest, "!--"):
		end := strings.Index(rest[3:], "-->")
		if end < 0 {
			return sc.fail("a comment is not closed")
		}
		sc.pos += 1 + 3 + end + 3
		return sc.next()
	case strings.HasPrefix(rest, "![CDATA["):
		body := rest[len("![CDATA["):]
		end := strings.Index(body, "]]>")
		if end < 0 {
			return sc.fail("a CDATA section is not closed")
		}
		sc.pos += 1 + len("![CDATA[") + end + 3
		return token{kind: tokText, text: newlines(body[:end])}, nil
	case strings.HasPrefix(rest, "!"):
		return sc.fail("a declaration (<!...>) LeadClock never reads")
	case strings.HasPrefix(rest, "?"):
		end := strings.Index(rest, "?>")
		if end < 0 {
			return sc.fail("a processing instruction (<?...) is not closed")
		}
		sc.pos += 1 + end + 2
		return sc.next()
	case strings.HasPrefix(rest, "/"):
		sc.pos += 2
		name := sc.name()
		end := strings.IndexByte(s[sc.pos:], '>')
		if name == "" || end < 0 {
			return sc.fail("an end tag is not closed")
		}
		sc.pos += end + 1
		return token{kind: tokEnd, name: name}, nil
	case rest != "" && isNameStart(rest[0]):
		sc.pos++
		return sc.start()
	default:
		// A < that starts no tag ("budget < 20k") is text.
		return sc.text()
	}
}

// text reads character data up to the next tag.
func (sc *scanner) text() (token, error) {
	from := sc.pos
	to := len(sc.s)
	// Skip the < the text may start with: next found it starts no tag.
	if i := strings.IndexByte(sc.s[from+1:], '<'); i >= 0 {
		to = from + 1 + i
	}
	sc.pos = to
	return token{kind: tokText, text: unescape(sc.s[from:to])}, nil
}

// start reads a start tag after its <.
func (sc *scanner) start() (token, error) {
	name := sc.name()
	first := len(sc.attrs)
	s := sc.s
	for {
		sc.space()
		if sc.pos >= len(s) {
			return sc.fail("the <%s> tag is not closed", name)
		}
		switch c := s[sc.pos]; {
		case c == '>':
			sc.pos++
			return token{kind: tokStart, name: name, attrs: sc.attrs[first:len(sc.attrs):len(sc.attrs)]}, nil
		case c == '/' && strings.HasPrefix(s[sc.pos:], "/>"):
			sc.pos += 2
			return token{kind: tokStart, name: name, attrs: sc.attrs[first:len(sc.attrs):len(sc.attrs)], empty: true}, nil
		case isNameStart(c):
			from := sc.pos
			a := attr{name: sc.name()}
			raw := sc.s[from:sc.pos]
			sc.space()
			if sc.pos < len(s) && s[sc.pos] == '=' {
				sc.pos++
				sc.space()
				v, err := sc.value()
				if err != nil {
					return token{}, err
				}
				a.value = v
			} else {
				a.value = raw // <option selected>, as encoding/xml reads it
			}
			// Namespace declarations say nothing about the lead.
			if raw != "xmlns" && !strings.HasPrefix(raw, "xmlns:") {
				sc.attrs = append(sc.attrs, a)
			}
		default:
			return sc.fail("unexpected %q in the <%s> tag", c, name)
		}
	}
}

// value reads an attribute value after its =, quoted or not.
func (sc *scanner) value() (string, error) {
	s := sc.s
	if sc.pos >= len(s) {
		return "", &syntaxError{pos: sc.pos, msg: "an attribute has no value"}
	}
	if q := s[sc.pos]; q == '"' || q == '\'' {
		end := strings.IndexByte(s[sc.pos+1:], q)
		if end < 0 {
			return "", &syntaxError{pos: sc.pos, msg: "an attribute value is not closed"}
		}
		v := s[sc.pos+1 : sc.pos+1+end]
		sc.pos += end + 2
		return unescape(v), nil
	}
	from := sc.pos
	for sc.pos < len(s) && !isSpace(s[sc.pos]) && s[sc.pos] != '>' && !strings.HasPrefix(s[sc.pos:], "/>") {
		sc.pos++
	}
	if sc.pos == from {
		return "", &syntaxError{pos: sc.pos, msg: "an attribute has no value"}
	}
	return unescape(s[from:sc.pos]), nil
}

// name reads a name and returns its local part, lower-cased: <adf:Vehicle> is
// <vehicle>.
func (sc *scanner) name() string {
	from := sc.pos
	for sc.pos < len(sc.s) && isNameByte(sc.s[sc.pos]) {
		sc.pos++
	}
	n := sc.s[from:sc.pos]
	if i := strings.IndexByte(n, ':'); i > 0 && i < len(n)-1 {
		n = n[i+1:]
	}
	return lower(n)
}

func (sc *scanner) space() {
	for sc.pos < len(sc.s) && isSpace(sc.s[sc.pos]) {
		sc.pos++
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= 0x80
}

func isNameByte(c byte) bool {
	return isNameStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.'
}

// lower is strings.ToLower without allocating for names already in lower case, as most
// are.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}

// newlines turns \r\n and a lone \r into \n, as XML readers must.
func newlines(s string) string {
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// maxEntity is the longest entity reference looked up; &thetasym; is the longest
// HTML one.
const maxEntity = 32

// unescape replaces entity references (XML's, HTML's and numeric ones) and line ends.
// A reference it does not know, or a bare &, stays as written: "AT&T" is AT&T.
func unescape(s string) string {
	if strings.IndexByte(s, '&') < 0 {
		return newlines(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		s = s[i:]
		if r, n := entity(s); n > 0 {
			b.WriteString(r)
			s = s[n:]
			continue
		}
		b.WriteByte('&')
		s = s[1:]
	}
	return newlines(b.String())
}

// entity reads the reference s starts with and returns what it stands for and its
// length, or n == 0 when it is none.
func entity(s string) (string, int) {
	end := strings.IndexByte(s[:min(len(s), maxEntity+2)], ';')
	if end < 2 {
		return "", 0
	}
	name := s[1:end]
	if name[0] == '#' {
		var code uint64
		var err error
		if len(name) > 1 && (name[1] == 'x' || name[1] == 'X') {
			code, err = strconv.ParseUint(name[2:], 16, 32)
		} else {
			code, err = strconv.ParseUint(name[1:], 10, 32)
		}
		if err != nil || !isXMLChar(rune(code)) {
			return "", 0
		}
		return string(rune(code)), end + 1
	}
	switch name {
	case "lt":
		return "<", end + 1
	case "gt":
		return ">", end + 1
	case "amp":
		return "&", end + 1
	case "apos":
		return "'", end + 1
	case "quot":
		return `"`, end + 1
	}
	if v, ok := xml.HTMLEntity[name]; ok {
		return v, end + 1
	}
	return "", 0
}

// isXMLChar is XML's Char production: what a numeric reference may stand for.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= utf8.MaxRune
}
