package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
)

// MaxBody is the largest request body accepted. A lead is a few kilobytes; an ADF
// document with a long comment thread stays far below this.
const MaxBody = 256 << 10

// readBody reads a request body of one of the accepted media types, refusing
// oversized ones before reading them whole.
func readBody(w http.ResponseWriter, r *http.Request, accept ...string) ([]byte, *Problem) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || !contains(accept, mt) {
		got := r.Header.Get("Content-Type")
		if got == "" {
			got = "none"
		}
		return nil, problem(http.StatusUnsupportedMediaType, fmt.Sprintf("content type %s is not accepted here; send %s", got, strings.Join(accept, " or ")))
	}
	if r.ContentLength > MaxBody {
		return nil, tooLarge()
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, tooLarge()
	case err != nil:
		return nil, problem(http.StatusBadRequest, "could not read the request body: "+err.Error())
	}
	return body, nil
}

func tooLarge() *Problem {
	return problem(http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is larger than %d KB", MaxBody>>10))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// decodeJSON decodes a JSON request body strictly: unknown fields are refused, so a
// typo in an activity is an error and not a silently ignored field.
func decodeJSON(body []byte, v any) *Problem {
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return problem(http.StatusBadRequest, "the body is not valid JSON for this request: "+jsonError(body, err))
	}
	if dec.More() {
		return problem(http.StatusBadRequest, "the body holds more than one JSON value")
	}
	return nil
}

// jsonError says where a JSON error is, in words.
func jsonError(body []byte, err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return "it is empty"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "it ends too early"
	case errors.As(err, &syn):
		line, col := position(body, syn.Offset)
		return fmt.Sprintf("%s at line %d, column %d", syn.Error(), line, col)
	case errors.As(err, &typ):
		return fmt.Sprintf("field %q should be a %s, not %s", typ.Field, typ.Type, typ.Value)
	}
	return err.Error()
}

func position(body []byte, offset int64) (line, col int) {
	line, col = 1, 1
	for i := int64(0); i < offset && i < int64(len(body)); i++ {
		if body[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}
