package action

import (
	"encoding/binary"
	"fmt"
	"time"
)

// version leads every payload so that a later format can be told apart from this one
// instead of being misread.
const version = 1

// encode writes the claims as length-prefixed fields: ids may contain any byte,
// including whatever a delimiter would have been, and still decode to what was signed.
func encode(c Claims) []byte {
	b := make([]byte, 0, 1+2*binary.MaxVarintLen64+len(c.Lead)+len(c.Rep)+binary.MaxVarintLen64)
	b = append(b, version)
	b = binary.AppendUvarint(b, uint64(len(c.Lead)))
	b = append(b, c.Lead...)
	b = binary.AppendUvarint(b, uint64(len(c.Rep)))
	b = append(b, c.Rep...)
	return binary.AppendVarint(b, c.Expires.Unix())
}

// decode is the inverse of encode. It is only ever given a payload whose signature
// checked, so a failure here means a format this build does not know.
func decode(b []byte) (Claims, error) {
	if len(b) == 0 || b[0] != version {
		return Claims{}, fmt.Errorf("%w: unknown payload version", ErrMalformed)
	}
	rest := b[1:]
	field := func() (string, bool) {
		n, k := binary.Uvarint(rest)
		if k <= 0 || n > uint64(len(rest)-k) {
			return "", false
		}
		s := string(rest[k : k+int(n)])
		rest = rest[k+int(n):]
		return s, true
	}
	lead, ok1 := field()
	rep, ok2 := field()
	if !ok1 || !ok2 {
		return Claims{}, fmt.Errorf("%w: truncated payload", ErrMalformed)
	}
	exp, k := binary.Varint(rest)
	if k <= 0 || k != len(rest) {
		return Claims{}, fmt.Errorf("%w: bad expiry", ErrMalformed)
	}
	return Claims{Lead: lead, Rep: rep, Expires: time.Unix(exp, 0).UTC()}, nil
}
