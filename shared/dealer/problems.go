package dealer

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	yaml "go.yaml.in/yaml/v3"
)

// Problem is one thing wrong with a config: where (a path such as reps[2].phone, and
// the line when known) and what.
type Problem struct {
	Path    string
	Line    int
	Message string
}

// Error lists every problem found in a config file, so ops fix them in one pass.
type Error struct {
	File     string
	Problems []Problem
}

func (e *Error) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.File)
		if p.Line > 0 {
			b.WriteString(":" + strconv.Itoa(p.Line))
		}
		b.WriteString(": ")
		if p.Path != "" {
			b.WriteString(p.Path + ": ")
		}
		b.WriteString(p.Message)
	}
	return b.String()
}

// positions maps the paths of a YAML document to the lines they are on.
type positions struct {
	lines map[string]int
	nodes []located // in document order
}

type located struct {
	path  string
	key   bool // the node is a mapping key
	value string
	line  int
}

func indexDocument(doc *yaml.Node) positions {
	p := positions{lines: map[string]int{}}
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		p.lines[path] = n.Line
		p.nodes = append(p.nodes, located{path: path, value: n.Value, line: n.Line})
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, path)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, path+"["+strconv.Itoa(i)+"]")
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				child := k.Value
				if path != "" {
					child = path + "." + k.Value
				}
				p.nodes = append(p.nodes, located{path: child, key: true, value: k.Value, line: k.Line})
				walk(n.Content[i+1], child)
			}
		}
	}
	walk(doc, "")
	return p
}

// line returns the line of a path, or of its nearest parent that is in the document.
func (p positions) line(path string) int {
	for path != "" {
		if l, ok := p.lines[path]; ok {
			return l
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return 0
}

// find returns the path of the first node on a line, preferring keys or values equal
// to text when text is given.
func (p positions) find(line int, text string, key bool) string {
	first := ""
	for _, n := range p.nodes {
		if n.line != line {
			continue
		}
		if text != "" && n.value == text && n.key == key {
			return n.path
		}
		if first == "" {
			first = n.path
		}
	}
	return first
}

// decoderMessages are the shapes of the YAML decoder's messages. They are compiled on
// the first config that fails to decode, not when a function starts: every Lambda
// function loads a config that decodes, and compiling them at package init cost every
// cold start a quarter of a millisecond for nothing.
var decoderMessages = sync.OnceValue(func() (m struct{ yamlLine, unknownField, cannotDecode, duplicatedKey *regexp.Regexp }) {
	m.yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	m.unknownField = regexp.MustCompile(`^field (\S+) not found in type `)
	m.cannotDecode = regexp.MustCompile("^cannot unmarshal !!(\\w+)(?: `(.*)`)? into (\\S+)$") // the value is quoted in backticks
	m.duplicatedKey = regexp.MustCompile(`^mapping key "(.*)" already defined at line (\d+)$`)
	return m
})

// decodeProblems turns the YAML decoder's errors into problems with paths. The
// decoder reports lines only; the document index finds the path on that line.
func decodeProblems(err error, pos positions) []Problem {
	var te *yaml.TypeError
	messages := []string{err.Error()}
	if errors.As(err, &te) {
		messages = te.Errors
	}
	re := decoderMessages()
	var out []Problem
	for _, msg := range messages {
		m := re.yamlLine.FindStringSubmatch(msg)
		if m == nil {
			out = append(out, Problem{Message: strings.TrimPrefix(msg, "yaml: ")})
			continue
		}
		line, _ := strconv.Atoi(m[1])
		text := m[2]
		switch {
		case re.unknownField.MatchString(text):
			name := re.unknownField.FindStringSubmatch(text)[1]
			out = append(out, Problem{Path: pos.find(line, name, true), Line: line, Message: "unknown field (check the spelling; fields are camelCase)"})
		case re.duplicatedKey.MatchString(text):
			d := re.duplicatedKey.FindStringSubmatch(text)
			out = append(out, Problem{Path: pos.find(line, d[1], true), Line: line, Message: "defined twice (first at line " + d[2] + ")"})
		case re.cannotDecode.MatchString(text):
			c := re.cannotDecode.FindStringSubmatch(text)
			out = append(out, Problem{Path: pos.find(line, c[2], false), Line: line, Message: wrongKind(c[1], c[2], c[3])})
		default:
			out = append(out, Problem{Line: line, Message: text})
		}
	}
	return out
}

// wrongKind explains a value of the wrong YAML kind in the words of the config.
func wrongKind(got, value, into string) string {
	want := map[string]string{"string": "a single value", "int": "a whole number", "*int": "a whole number", "bool": "true or false", "*bool": "true or false"}[into]
	switch {
	case strings.HasPrefix(into, "[]"):
		want = "a list"
	case strings.HasPrefix(into, "dealer.") || strings.HasPrefix(into, "*dealer."):
		want = "a mapping of fields"
	case want == "":
		want = into
	}
	found := map[string]string{"seq": "a list", "map": "a mapping"}[got]
	if found == "" {
		found = fmt.Sprintf("%q", value)
	}
	return "expected " + want + ", found " + found
}
