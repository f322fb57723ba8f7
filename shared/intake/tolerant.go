package intake

import (
	"bytes"
	"encoding/json"
)

// The types here never fail to decode. encoding/json fails a whole decode over one
// value of an unexpected kind, and a provider sending a year as a number or a phone as
// an object must not cost the lead; a value of the wrong kind is kept as raw JSON
// instead, for a warning.

// text is a value the body should hold as text. A number is taken as its literal,
// because providers send ids, years and phone numbers either way and the literal loses
// no digits.
type text struct {
	s     string
	set   bool
	wrong json.RawMessage // an object, list or true/false where text was expected
}

func (t *text) UnmarshalJSON(data []byte) error {
	*t = text{}
	switch kind(data) {
	case 'n':
	case '"':
		t.set = json.Unmarshal(data, &t.s) == nil
	case '0':
		t.s, t.set = string(data), true
	default:
		t.wrong = bytes.Clone(data)
	}
	return nil
}

// object is a JSON object decoded into T, or the raw value when it is not one.
type object[T any] struct {
	v     T
	wrong json.RawMessage
}

func (o *object[T]) UnmarshalJSON(data []byte) error {
	*o = object[T]{}
	switch kind(data) {
	case 'n':
	case '{':
		if json.Unmarshal(data, &o.v) != nil {
			o.wrong = bytes.Clone(data)
		}
	default:
		o.wrong = bytes.Clone(data)
	}
	return nil
}

// list is a JSON array of T; a lone T counts as a list of one, since a provider that
// sends "phones": "312-555-0100" plainly means one phone.
type list[T any] []T

func (l *list[T]) UnmarshalJSON(data []byte) error {
	*l = nil
	switch kind(data) {
	case 'n':
	case '[':
		var items []T
		if json.Unmarshal(data, &items) == nil {
			*l = items
		}
	default:
		var one T
		if json.Unmarshal(data, &one) == nil {
			*l = list[T]{one}
		}
	}
	return nil
}

// kind classifies a JSON value by its first byte: 'n' null, '"' string, '0' number,
// '{' object, '[' array, 't' true or false. encoding/json hands unmarshalers a value it
// has already checked, without leading space.
func kind(data []byte) byte {
	if len(data) == 0 {
		return 'n'
	}
	switch c := data[0]; {
	case c == '-' || c >= '0' && c <= '9':
		return '0'
	case c == 'f':
		return 't'
	default:
		return c
	}
}
