package intake

import (
	"bytes"
	"io"
	"mime/quotedprintable"
	"regexp"
	"strings"
)

// This file finds the ADF document in what a provider sent and refuses what
// LeadClock never reads, before any XML is read.

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
