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
	// adfStart finds the document in whatever surrounds it (a forwarded email's headers,
	// a footer): <adf> in any case, with a namespace prefix or attributes.
	adfStart = regexp.MustCompile(`(?i)<(?:[a-z_][\w.-]*:)?adf[\s/>]`)
	adfEnd   = regexp.MustCompile(`(?i)</(?:[a-z_][\w.-]*:)?adf\s*>`)
	// declaration finds a DOCTYPE or an entity declaration, which can expand entities
	// without bound or read files; LeadClock reads neither, and says so rather than
	// silently ignoring one.
	declaration = regexp.MustCompile(`(?i)<!(?:doctype|entity)`)
	cdata       = regexp.MustCompile(`(?s)<!\[CDATA\[.*?\]\]>`)
)

// readTree reads the <adf> element of a document. It fails when there is none or the
// document declares a DOCTYPE or entities; otherwise it reads as much as it can, and
// when the XML breaks off it keeps what came before, with a warning.
func readTree(doc []byte, r *reader) (*node, error) {
	if loc := declaration.FindIndex(cdata.ReplaceAllLiteral(doc, nil)); loc != nil {
		return nil, malformed("the document declares a DOCTYPE or entities (<!DOCTYPE or <!ENTITY), which LeadClock never reads: entity expansion is a way to attack XML readers. Send the <adf> document without them")
	}
	start := adfStart.FindIndex(doc)
	if start == nil {
		return nil, malformed("no <adf> element found; an ADF lead is an XML document whose root element is <adf>, holding one <prospect> per lead")
	}
	doc = doc[start[0]:]
	if ends := adfEnd.FindAllIndex(doc, -1); len(ends) > 0 {
		doc = doc[:ends[len(ends)-1][1]]
	}
	doc = unquotePrintable(doc)

	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = false
	d.Entity = xml.HTMLEntity // &nbsp;, &eacute; and friends, as HTML forms write them
	var root *node
	var stack []*node
	nodes := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
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
			n := &node{name: strings.ToLower(t.Name.Local), attrs: make([]xml.Attr, 0, len(t.Attr))}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
					continue
				}
				n.attrs = append(n.attrs, xml.Attr{Name: xml.Name{Local: strings.ToLower(a.Name.Local)}, Value: a.Value})
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
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
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
