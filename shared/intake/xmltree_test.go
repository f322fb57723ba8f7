package intake

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// oracle reads a well-formed document with encoding/xml into the same shape as
// readTree, names and attributes lower-cased and without namespace. It is the
// reference the scanner is checked against: wherever encoding/xml reads a document
// whole, the scanner must read it the same.
func oracle(doc string) (*node, error) {
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	var root *node
	var stack []*node
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return root, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &node{name: strings.ToLower(t.Name.Local)}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" || strings.HasPrefix(a.Name.Local, "xmlns:") {
					continue
				}
				n.attrs = append(n.attrs, attr{name: strings.ToLower(a.Name.Local), value: a.Value})
			}
			if len(stack) == 0 {
				if root != nil {
					return root, nil
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				return root, nil
			}
		case xml.CharData:
			if n := len(stack); n > 0 && (stack[n-1].text != "" || len(bytes.TrimSpace(t)) > 0) {
				stack[n-1].text += string(t)
			}
		}
	}
}

// dump writes a tree as indented lines, to compare and to show.
func dump(b *strings.Builder, n *node, depth int) {
	fmt.Fprintf(b, "%s<%s", strings.Repeat("  ", depth), n.name)
	for _, a := range n.attrs {
		fmt.Fprintf(b, " %s=%q", a.name, a.value)
	}
	fmt.Fprintf(b, "> %q\n", n.text)
	for _, c := range n.children {
		dump(b, c, depth+1)
	}
}

func treeString(n *node) string {
	var b strings.Builder
	dump(&b, n, 0)
	return b.String()
}

// TestTreeAgreesWithEncodingXML reads every sample document and hand-picked corners
// with both readers.
func TestTreeAgreesWithEncodingXML(t *testing.T) {
	docs := map[string]string{
		"entities":        `<adf><a x="&lt;&amp;&quot;&#65;&#x42;">caf&eacute; &nbsp;AT&amp;T &copy; &#233;</a></adf>`,
		"cdata and text":  `<adf><a>one <![CDATA[<two> & ]]> three</a></adf>`,
		"line ends":       "<adf><a v=\"x\r\ny\">one\r\ntwo\rthree</a></adf>",
		"namespaces":      `<a:adf xmlns:a="urn:example" xmlns="urn:x"><a:prospect a:status="new"><b:id>1</b:id></a:prospect></a:adf>`,
		"empty elements":  `<adf><a/><b x='1'/><c></c></adf>`,
		"mixed content":   `<adf><a>before<b>in</b>after</a></adf>`,
		"comments and PI": `<adf><!-- a comment --><?pi x?><a>1<!-- c -->2</a></adf>`,
		"upper case":      `<ADF><Prospect STATUS="New"><ID Source="X">1</ID></Prospect></ADF>`,
		"unicode names":   `<adf><véhicule>1</véhicule></adf>`,
	}
	for _, dir := range []string{"../../events/adf", "testdata"} {
		paths, err := filepath.Glob(filepath.Join(dir, "*.xml"))
		if err != nil || len(paths) == 0 {
			t.Fatalf("no samples in %s: %v", dir, err)
		}
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			docs[p] = string(b)
		}
	}
	compared := 0
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			text, _ := utf8Text([]byte(doc))
			start, end, ok := document(text)
			if !ok {
				t.Fatal("no <adf> in the sample")
			}
			piece := string(unquotePrintable(text[start:end]))
			want, err := oracle(piece)
			if err != nil {
				t.Skipf("encoding/xml cannot read it whole (%v); TestParseADFForgives covers such documents", err)
			}
			var r reader
			got, err := readTree(text, &r)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := treeString(got), treeString(want); g != w {
				t.Errorf("scanner read\n%s\nencoding/xml read\n%s", g, w)
			}
			compared++
		})
	}
	if compared < len(docs)-2 {
		t.Errorf("compared %d of %d documents; encoding/xml should read nearly every sample whole", compared, len(docs))
	}
}

// TestScannerForgives covers what encoding/xml stops at and the scanner reads on.
func TestScannerForgives(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"a bare < in text", `<adf><a>budget < 20k</a></adf>`, "<adf> \"\"\n  <a> \"budget < 20k\"\n"},
		{"a < at the end of text", `<adf><a>less <</a></adf>`, "<adf> \"\"\n  <a> \"less <\"\n"},
		{"an unknown entity and a bare &", `<adf><a>R&D &bogus; & co</a></adf>`, "<adf> \"\"\n  <a> \"R&D &bogus; & co\"\n"},
		{"an unquoted attribute", `<adf><a part=full>x</a></adf>`, "<adf> \"\"\n  <a part=\"full\"> \"x\"\n"},
		{"an attribute without value", `<adf><a checked>x</a></adf>`, "<adf> \"\"\n  <a checked=\"checked\"> \"x\"\n"},
		{"an end tag that does not match", `<adf><a>x</b><c>y</c></adf>`, "<adf> \"\"\n  <a> \"x\"\n  <c> \"y\"\n"},
		{"an invalid numeric reference stays", `<adf><a>&#0; &#xZZ;</a></adf>`, "<adf> \"\"\n  <a> \"&#0; &#xZZ;\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r reader
			got, err := readTree([]byte(tt.doc), &r)
			if err != nil {
				t.Fatal(err)
			}
			if s := treeString(got); s != tt.want {
				t.Errorf("read\n%s\nwant\n%s", s, tt.want)
			}
			if len(r.warnings) > 0 {
				t.Errorf("warnings %q, want none", r.warnings)
			}
		})
	}
}

// TestScannerBreaksOff: a document that stops being XML keeps what came before and
// says where it broke.
func TestScannerBreaksOff(t *testing.T) {
	tests := []struct {
		name, doc, want, warning string
	}{
		{"a comment not closed", "<adf><a>1</a>\n<!-- oops <b>2</b></adf>", "<adf> \"\"\n  <a> \"1\"\n", "at line 2 (a comment is not closed)"},
		{"a tag not closed", "<adf><a>1</a><b x=\"1\"", "<adf> \"\"\n  <a> \"1\"\n", "at line 1 (the <b> tag is not closed)"},
		{"an attribute not closed", "<adf><a>1</a>\n\n<b x=\"1>2</b></adf>", "<adf> \"\"\n  <a> \"1\"\n", "at line 3 (an attribute value is not closed)"},
		{"cut in the middle of an element", "<adf><a>1</a><b>2", "<adf> \"\"\n  <a> \"1\"\n  <b> \"2\"\n", "at line 1 (<b> is not closed)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r reader
			got, err := readTree([]byte(tt.doc), &r)
			if err != nil {
				t.Fatal(err)
			}
			if s := treeString(got); s != tt.want {
				t.Errorf("read\n%s\nwant\n%s", s, tt.want)
			}
			if len(r.warnings) != 1 || !strings.Contains(r.warnings[0], tt.warning) {
				t.Errorf("warnings %q, want one saying %q", r.warnings, tt.warning)
			}
		})
	}
}

// FuzzTreeAgrees: wherever encoding/xml reads a document whole and strictly (where
// the two readers' forgiveness cannot differ), the scanner reads the same tree.
func FuzzTreeAgrees(f *testing.F) {
	f.Add(`<adf><prospect status="new"><id>1</id><customer><contact><name part="first">Pat</name></contact></customer></prospect></adf>`)
	f.Add(`<a:adf xmlns:a="u"><a:x a:y='1'>t&amp;<![CDATA[c]]>&#233;</a:x></a:adf>`)
	f.Add("<adf>\r\n<a>x\ry</a><!-- c --><?p?></adf>")
	f.Fuzz(func(t *testing.T, doc string) {
		if !strings.HasPrefix(doc, "<adf") || declares([]byte(doc)) {
			return
		}
		strict := xml.NewDecoder(strings.NewReader(doc))
		for {
			tok, err := strict.RawToken()
			if errors.Is(err, io.EOF) {
				break
			}
			if _, directive := tok.(xml.Directive); err != nil || directive {
				return // a declaration is refused outright; TestParseADFRefuses
			}
		}
		start, end, ok := document([]byte(doc))
		if !ok || start != 0 || end != len(doc) || bytes.Contains([]byte(doc), []byte("=3D")) || strings.Contains(doc, "=\n") || strings.Contains(doc, "=\r\n") {
			return
		}
		want, err := oracle(doc)
		if err != nil || want == nil {
			return
		}
		var r reader
		got, err := readTree([]byte(doc), &r)
		if err != nil {
			t.Fatalf("scanner refused what encoding/xml reads: %v", err)
		}
		if g, w := treeString(got), treeString(want); g != w {
			t.Fatalf("scanner read\n%s\nencoding/xml read\n%s", g, w)
		}
	})
}
