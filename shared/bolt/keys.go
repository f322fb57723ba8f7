package bolt

import (
	"encoding/binary"
	"errors"
	"time"
)

// Composite keys are built so that bbolt's byte order is the order queries need and a
// prefix selects exactly one value of the leading fields.
//
// A string is written with each 0x00 byte as 0x00 0xFF and ends with 0x00 0x01. Keys
// then compare as their strings do, no encoded string is a prefix of another (so the
// prefix for owner "al" does not match owner "alice"), and an empty string is still a
// non-empty key, which bbolt requires.
func appendString(b []byte, s string) []byte {
	for i := range len(s) {
		b = append(b, s[i])
		if s[i] == 0 {
			b = append(b, 0xFF)
		}
	}
	return append(b, 0, 1)
}

var errMalformedKey = errors.New("malformed key")

// readString reads a string appendString wrote and returns what follows it.
func readString(b []byte) (string, []byte, error) {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != 0 {
			out = append(out, b[i])
			continue
		}
		if i+1 == len(b) {
			break
		}
		switch b[i+1] {
		case 0xFF:
			out = append(out, 0)
			i++
		case 1:
			return string(out), b[i+2:], nil
		default:
			return "", nil, errMalformedKey
		}
	}
	return "", nil, errMalformedKey
}

// lastString reads n strings and returns the last, the id at the end of an index key.
func lastString(b []byte, n int) (string, error) {
	var s string
	var err error
	for range n {
		if s, b, err = readString(b); err != nil {
			return "", err
		}
	}
	if len(b) != 0 {
		return "", errMalformedKey
	}
	return s, nil
}

func key(s string) []byte { return appendString(nil, s) }

// instantLen is the length of an encoded instant.
const instantLen = 12

// appendInstant writes an instant so that keys sort by time: Unix seconds with the
// sign bit flipped, then nanoseconds, big-endian. Not UnixNano, which is undefined
// outside 1678–2262 and so for the zero time.
func appendInstant(b []byte, t time.Time) []byte {
	b = binary.BigEndian.AppendUint64(b, uint64(t.Unix())^(1<<63))
	return binary.BigEndian.AppendUint32(b, uint32(t.Nanosecond()))
}

func appendUint64(b []byte, v uint64) []byte { return binary.BigEndian.AppendUint64(b, v) }

func readUint64(b []byte) (uint64, bool) {
	if len(b) != 8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(b), true
}
