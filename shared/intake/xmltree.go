package intake

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime/quotedprintable"
	"regexp"
	"strings"
)

// node is an element of an ADF document, read forgivingly: names lower-cased and
// without namespace, so that <Vehicle> and <adf:vehicle> are one element.
type node struct {
	name     string
	attrs    []xml.Attr // names lower-cased, without namespace
	text     strings.Builder
	children []*node
}

// attr returns an attribute's value, trimmed; names are matched in any case.
func (n *node) attr(name string) string {
	for _, a := range n.attrs {
		if a.Name.Local == name {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// all returns the children with a name.
func (n *node) all(name string) []*node {
	var out []*node
	for _, c := range n.children {
		if c.name == name {
			out = append(out, c)
		}
	}
	return out
}

// first returns the first child with a name, or nil.
func (n *node) first(name string) *node {
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

// value is an element's own text; nil has none.
func (n *node) value() string {
	if n == nil {
		return ""
	}
	return n.text.String()
}

// Bounds on what one document may hold. A lead has a few dozen elements; these only
// stop a crafted document from costing more than its 256 KB.
const (
	maxNodes = 4000
	maxDepth = 32
)

var (
	// adfStart and adfEnd find the document in whatever surrounds it (a forwarded
	// email's headers, a footer): <adf> in any case, with a namespace prefix or
	// attributes. They are the slow path, for documents with a prefix.
	adfStart = regexp.MustCompile(`(?i)<(?:[a-z_][\w.-]*:)?adf[\s/>]`)
	adfEnd   = regexp.MustCompile(`(?i)</(?:[a-z_][\w.-]*:)?adf\s*>`)
)

// document returns where the <adf> element starts and ends in doc; end is the end of
// doc when the document is cut short.
func document(doc []byte) (start, end int, ok bool) {
	start = -1
	for i := 0; ; {
		j := indexFold(doc[i:], "<adf")
		if j < 0 {
			break
		}
		i += j + len("<adf")
		if i == len(doc) || strings.IndexByte(" \t\r\n/>", doc[i]) >= 0 {
			start = i - len("<adf")
			break
		}
	}
	if start < 0 {
		loc := adfStart.FindIndex(doc)
		if loc == nil {
			return 0, 0, false
		}
		start = loc[0]
	}
	end = len(doc)
	if j := lastIndexFold(doc[start:], "</adf"); j >= 0 {
		if k := bytes.IndexByte(doc[start+j:], '>'); k >= 0 {
			end = start + j + k + 1
		}
	} else if ends := adfEnd.FindAllIndex(doc[start:], -1); len(ends) > 0 {
		end = start + ends[len(ends)-1][1]
	}
	return start, end, true
}

// declares reports whether doc declares a DOCTYPE or entities outside CDATA sections.
// Those can expand entities without bound or read files; LeadClock reads neither, and
// says so rather than silently ignoring one.
func declares(doc []byte) bool {
	for i := 0; ; {
		j := bytes.Index(doc[i:], []byte("<!"))
		if j < 0 {
			return false
		}
		i += j + 2
		rest := doc[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("[CDATA[")):
			k := bytes.Index(rest, []byte("]]>"))
			if k < 0 {
				return false
			}
			i += k + 3
		case hasPrefixFold(rest, "doctype"), hasPrefixFold(rest, "entity"):
			return true
		}
	}
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix)
}

// indexFold is bytes.Index ignoring ASCII case; pattern is in lower case.
func indexFold(b []byte, pattern string) int {
	for i := 0; i+len(pattern) <= len(b); i++ {
		j := bytes.IndexByte(b[i:], pattern[0])
		if j < 0 {
			return -1
		}
		i += j
		if hasPrefixFold(b[i:], pattern) {
			return i
		}
	}
	return -1
}

// lastIndexFold is bytes.LastIndex ignoring ASCII case; pattern starts with '<'.
func lastIndexFold(b []byte, pattern string) int {
	for i := len(b); i > 0; {
		j := bytes.LastIndexByte(b[:i], pattern[0])
		if j < 0 {
			return -1
		}
		if hasPrefixFold(b[j:], pattern) {
			return j
		}
		i = j
	}
	return -1
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

// readTree reads the <adf> element of a document. It fails when there is none or the
// document declares a DOCTYPE or entities; otherwise it reads as much as it can, and
// when the XML breaks off it keeps what came before, with a warning.
func readTree(doc []byte, r *reader) (*node, error) {
	if declares(doc) {
		return nil, malformed("the document declares a DOCTYPE or entities (<!DOCTYPE or <!ENTITY), which LeadClock never reads: entity expansion is a way to attack XML readers. Send the <adf> document without them")
	}
	start, end, ok := document(doc)
	if !ok {
		return nil, malformed("no <adf> element found; an ADF lead is an XML document whose root element is <adf>, holding one <prospect> per lead")
	}
	doc = unquotePrintable(doc[start:end])

	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = false
	d.Entity = xml.HTMLEntity // &nbsp;, &eacute; and friends, as HTML forms write them
	var root *node
	var stack []*node
	nodes := 0
	for {
		// RawToken, not Token: names stay as written, without the namespace bookkeeping
		// nothing here needs, and end tags that do not match are forgiven below.
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			if len(stack) > 0 && root != nil {
				line, _ := d.InputPos()
				r.warn("document", "the XML breaks off at line %d (<%s> is not closed); read what came before", line, stack[len(stack)-1].name)
			}
			break
		}
		if err != nil {
			if root == nil {
				return nil, malformed(fmt.Sprintf("the <adf> document cannot be read as XML: %v", err))
			}
			line, _ := d.InputPos()
			r.warn("document", "the XML breaks off at line %d (%s); read what came before", line, xmlReason(err))
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			nodes++
			if nodes > maxNodes || len(stack) >= maxDepth {
				r.warn("document", "more than %d elements or deeper than %d; read what came before", maxNodes, maxDepth)
				return root, nil
			}
			n := &node{name: lower(t.Name.Local)}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
					continue
				}
				n.attrs = append(n.attrs, xml.Attr{Name: xml.Name{Local: lower(a.Name.Local)}, Value: a.Value})
			}
			if len(stack) == 0 {
				if root != nil {
					return root, nil // a second document after the first: the first is the lead
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			if len(stack) == 0 {
				return root, nil
			}
		case xml.CharData:
			// The indentation between elements is no element's text.
			if n := len(stack); n > 0 && (stack[n-1].text.Len() > 0 || len(bytes.TrimSpace(t)) > 0) {
				stack[n-1].text.Write(t)
			}
		case xml.Directive:
			return nil, malformed("the document declares a DOCTYPE or entities, which LeadClock never reads; send the <adf> document without them")
		}
	}
	if root == nil {
		return nil, malformed("the <adf> element is empty")
	}
	return root, nil
}

// xmlReason is an encoding/xml error without its "XML syntax error on line N" prefix,
// which the warning already gives.
func xmlReason(err error) string {
	var syn *xml.SyntaxError
	if errors.As(err, &syn) {
		return syn.Msg
	}
	return err.Error()
}

// unquotePrintable undoes quoted-printable encoding that an email gateway left on the
// document: =3D for every = in attributes, = at the end of wrapped lines. Only a
// document that plainly carries it is decoded, and a decoding error leaves it as it was.
func unquotePrintable(doc []byte) []byte {
	if !bytes.Contains(doc, []byte("=3D")) && !bytes.Contains(doc, []byte("=\n")) && !bytes.Contains(doc, []byte("=\r\n")) {
		return doc
	}
	out, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(doc)))
	if err != nil {
		return doc
	}
	return out
}
