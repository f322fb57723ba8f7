package intake

import (
	"strings"

	"github.com/leadclock/leadclock/shared/lead"
)

// Bounds on the extras kept from one lead: real documents carry a few dozen.
const (
	maxExtras     = 200
	maxExtraValue = 1000
)

// extras gathers what a document held that LeadClock has no field for, with its path,
// so that a rep or an export still sees it: nothing a provider sent is dropped.
type extras struct {
	r      *reader
	fields []lead.Field
	full   bool
}

// add keeps an element's text and its descendants', under prefix.
func (x *extras) add(prefix string, n *node) {
	var b strings.Builder
	b.WriteString(prefix)
	b.WriteString(n.name)
	if len(n.attrs) > 0 {
		b.WriteByte('[')
		for i, a := range n.attrs {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(a.name)
			b.WriteByte('=')
			b.WriteString(oneLine(a.value))
		}
		b.WriteByte(']')
	}
	path := cut(b.String(), maxShown)
	if v := oneLine(n.value()); v != "" {
		if len(x.fields) >= maxExtras {
			if !x.full {
				x.full = true
				x.r.warn("extras", "more than %d elements LeadClock has no field for; kept the first %d", maxExtras, maxExtras)
			}
			return
		}
		x.fields = append(x.fields, lead.Field{Path: path, Value: cut(v, maxExtraValue)})
	}
	for _, c := range n.children {
		x.add(path+"/", c)
	}
}

// children keeps the children of an element but those read into fields.
func (x *extras) children(prefix string, n *node, skip string) {
	for _, c := range n.children {
		if c.name != skip {
			x.add(prefix+"/", c)
		}
	}
}
