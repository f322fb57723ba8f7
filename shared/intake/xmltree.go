package intake

import (
	"errors"
	"fmt"
	"strings"
)

// node is an element of an ADF document, read forgivingly: names lower-cased and
// without namespace, so that <Vehicle> and <adf:vehicle> are one element.
type node struct {
	name     string
	attrs    []attr
	text     string
	children []*node

	parent, kids int32 // while the tree is read: the parent's index, the number of children
}

// attr returns an attribute's value, trimmed; names are matched in any case.
func (n *node) attr(name string) string {
	for _, a := range n.attrs {
		if a.name == name {
			return strings.TrimSpace(a.value)
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
	return n.text
}

// Bounds on what one document may hold. A lead has a few dozen elements; these only
// stop a crafted document from costing more than its 256 KB.
const (
	maxNodes = 4000
	maxDepth = 32
)

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
	// One copy: every name, attribute and text below is a piece of it.
	s := string(unquotePrintable(doc[start:end]))
	t := tree{
		sc: scanner{s: s},
		// Every element starts with a <, so the nodes never outgrow this and pointers
		// to them stay valid while the tree is read.
		nodes: make([]node, 0, min(strings.Count(s, "<"), maxNodes)+1),
	}
	if err := t.read(r); err != nil {
		return nil, err
	}
	if len(t.nodes) == 0 {
		return nil, malformed("the <adf> element is empty")
	}
	t.link()
	return &t.nodes[0], nil
}

// tree reads a document's elements into nodes, in document order.
type tree struct {
	sc    scanner
	nodes []node
	stack []int32 // indexes of the open elements
}

func (t *tree) read(r *reader) error {
	t.stack = make([]int32, 0, maxDepth)
	for {
		tok, err := t.sc.next()
		if err != nil {
			var syn *syntaxError
			errors.As(err, &syn)
			if len(t.nodes) == 0 {
				return malformed(fmt.Sprintf("the <adf> document cannot be read as XML: %s", syn.msg))
			}
			r.warn("document", "the XML breaks off at line %d (%s); read what came before", t.line(syn.pos), syn.msg)
			return nil
		}
		switch tok.kind {
		case tokEOF:
			if len(t.stack) > 0 {
				r.warn("document", "the XML breaks off at line %d (<%s> is not closed); read what came before", t.line(len(t.sc.s)), t.nodes[t.stack[len(t.stack)-1]].name)
			}
			return nil
		case tokStart:
			if len(t.nodes) > 0 && len(t.stack) == 0 {
				return nil // a second document after the first: the first is the lead
			}
			if len(t.nodes) >= maxNodes || len(t.stack) >= maxDepth {
				r.warn("document", "more than %d elements or deeper than %d; read what came before", maxNodes, maxDepth)
				return nil
			}
			parent := int32(-1)
			if n := len(t.stack); n > 0 {
				parent = t.stack[n-1]
				t.nodes[parent].kids++
			}
			t.nodes = append(t.nodes, node{name: tok.name, attrs: tok.attrs, parent: parent})
			if !tok.empty {
				t.stack = append(t.stack, int32(len(t.nodes)-1))
			} else if len(t.stack) == 0 {
				return nil // <adf/>
			}
		case tokEnd:
			if len(t.stack) > 0 {
				t.stack = t.stack[:len(t.stack)-1]
			}
			if len(t.stack) == 0 {
				return nil
			}
		case tokText:
			// The indentation between elements is no element's text.
			if n := len(t.stack); n > 0 {
				e := &t.nodes[t.stack[n-1]]
				switch {
				case e.text == "" && strings.TrimSpace(tok.text) != "":
					e.text = tok.text
				case e.text != "":
					e.text += tok.text
				}
			}
		}
	}
}

// link gives each node its children, all slices of one array.
func (t *tree) link() {
	all := make([]*node, len(t.nodes)-1)
	off := 0
	for i := range t.nodes {
		n := &t.nodes[i]
		n.children = all[off:off:int(int32(off)+n.kids)]
		off += int(n.kids)
	}
	for i := 1; i < len(t.nodes); i++ {
		p := &t.nodes[t.nodes[i].parent]
		p.children = append(p.children, &t.nodes[i])
	}
}

// line is the line of the document a position is on, counted from the <adf> tag.
func (t *tree) line(pos int) int {
	return 1 + strings.Count(t.sc.s[:min(pos, len(t.sc.s))], "\n")
}
