package intake

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// utf8Text returns a document as UTF-8 text, judging its encoding by its bytes alone.
// Labels lie: a template says encoding="utf-16" over UTF-8 bytes, or UTF-8 over bytes a
// Windows tool wrote in windows-1252. The bytes are what the customer typed, so a UTF-16
// byte order mark wins, then valid UTF-8, and anything else is windows-1252, the superset
// of Latin-1 that US systems write. label says which was read, for a warning.
func utf8Text(data []byte) (text []byte, label string) {
	switch {
	case bytes.HasPrefix(data, []byte{0xef, 0xbb, 0xbf}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}), bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.UseBOM), data, "utf-16")
	case len(data) >= 4 && data[0] == '<' && data[1] == 0 && data[3] == 0:
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), data, "utf-16")
	case len(data) >= 4 && data[0] == 0 && data[1] == '<' && data[2] == 0:
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), data, "utf-16")
	}
	if utf8.Valid(data) {
		return data, "utf-8"
	}
	return decodeWith(charmap.Windows1252, data, "windows-1252")
}

// decodeWith decodes data; bytes the encoding cannot map become U+FFFD rather than a
// failure, since one odd byte must not cost the lead.
func decodeWith(enc encoding.Encoding, data []byte, label string) ([]byte, string) {
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return bytes.ToValidUTF8(data, []byte("\ufffd")), "utf-8"
	}
	return out, label
}
