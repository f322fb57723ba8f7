package intake

import (
	"errors"
	"strings"
	"testing"
)

func TestMalformed(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string // the whole message
	}{
		{"empty body", "", `malformed lead: the body is empty; expected a JSON object such as {"customer": {...}}`},
		{"only white space", " \n\t", `malformed lead: the body is empty; expected a JSON object such as {"customer": {...}}`},
		{"truncated", `{"customer": {"phone": "312-55`,
			"malformed lead: line 1, column 31 (offset 30): the body ends in the middle of the JSON; is it cut short, or missing a closing } or ]?"},
		{"missing closing brace", "{\"customer\": {\"phone\": \"312-555-0123\"}\n",
			"malformed lead: line 2, column 1 (offset 39): the body ends in the middle of the JSON; is it cut short, or missing a closing } or ]?"},
		{"trailing garbage", `{"customer": {}} thanks!`,
			`malformed lead: line 1, column 18 (offset 17): found "t" after the end of the JSON object; send exactly one object, with nothing after it`},
		{"two objects", `{"customer": {}}{"customer": {}}`,
			`malformed lead: line 1, column 17 (offset 16): found "{" after the end of the JSON object; send exactly one object, with nothing after it`},
		{"array at the top level", `[{"customer": {"phone": "312-555-0123"}}]`,
			`malformed lead: the body is a list, not a JSON object; send one lead as {"customer": {...}}`},
		{"text at the top level", `"jane@example.com"`, `malformed lead: the body is text, not a JSON object; send one lead as {"customer": {...}}`},
		{"null at the top level", `null`, `malformed lead: the body is null, not a JSON object; send one lead as {"customer": {...}}`},
		{"number at the top level", `3125550123`, `malformed lead: the body is a number, not a JSON object; send one lead as {"customer": {...}}`},
		{"trailing comma", "{\n  \"customer\": {\n    \"phone\": \"312-555-0123\",\n  }\n}",
			`malformed lead: line 4, column 3 (offset 49): expected a field name in double quotes, found "}"; is there a comma too many, or a name without quotes?`},
		{"field name without quotes", `{customer: {}}`,
			`malformed lead: line 1, column 2 (offset 1): expected a field name in double quotes, found "c"; is there a comma too many, or a name without quotes?`},
		{"missing colon", `{"customer" {}}`,
			`malformed lead: line 1, column 13 (offset 12): expected a colon after a field name, found "{"`},
		{"missing comma between fields", `{"comments": "hi" "customer": {}}`,
			`malformed lead: line 1, column 19 (offset 18): expected a comma or a closing } after a field's value, found "\""`},
		{"missing comma in a list", `{"customer": {"phones": ["312-555-0101" "312-555-0102"]}}`,
			`malformed lead: line 1, column 41 (offset 40): expected a comma or a closing ] after an item of a list, found "\""`},
		{"single quotes", `{"customer": {"phone": '312-555-0123'}}`,
			`malformed lead: line 1, column 24 (offset 23): expected a value (text in double quotes, a number, true, false, null, an object or a list), found "'"`},
		{"raw line break in text", "{\"comments\": \"call\nme\"}",
			`malformed lead: line 1, column 19 (offset 18): found a line break inside text in double quotes; line breaks, tabs and other control characters there must be escaped, as \n or \t`},
		{"bad escape", `{"comments": "C:\Users"}`,
			`malformed lead: line 1, column 18 (offset 17): found "U" after a backslash inside text; a backslash must be doubled (\\) or start an escape such as \n, \" or \u00e9`},
		{"bad number", `{"vehicle": {"year": 20-24}}`,
			`malformed lead: line 1, column 24 (offset 23): expected a comma or a closing } after a field's value, found "-"`},
		{"sign without a number", `{"vehicle": {"year": -x}}`,
			`malformed lead: line 1, column 23 (offset 22): found "x" in a number; numbers are written like 2024 or 12.5, and text goes in double quotes`},
		{"misspelt word", `{"vehicle": {"year": nul}}`,
			`malformed lead: line 1, column 25 (offset 24): found "}" in a word; the only words JSON knows are true, false and null, and text goes in double quotes`},
		{"not UTF-8", "{\"customer\": \xff}",
			`malformed lead: line 1, column 14 (offset 13): expected a value (text in double quotes, a number, true, false, null, an object or a list), found the byte 0xff, which is not UTF-8 text`},
		{"offsets count a byte order mark", "\ufeff{\"customer\": }",
			`malformed lead: line 1, column 14 (offset 16): expected a value (text in double quotes, a number, true, false, null, an object or a list), found "}"`},
		{"columns count characters", `{"comments": "é" x}`,
			`malformed lead: line 1, column 18 (offset 18): expected a comma or a closing } after a field's value, found "x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse(tt.body)
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v, want ErrMalformed", err)
			}
			if err.Error() != tt.want {
				t.Errorf("message\n%s\nwant\n%s", err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) || len(e.Problems) != 1 || e.Problems[0].Field != "" || !strings.HasSuffix(tt.want, e.Problems[0].Message) {
				t.Errorf("problems %+v", e)
			}
		})
	}
}
