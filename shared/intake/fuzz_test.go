package intake

import (
	"encoding/json"
	"errors"
	"net/mail"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/leadclock/leadclock/shared/engine"
)

// FuzzParseJSON feeds ParseJSON whatever a provider might send. It must never panic,
// must fail only with its two sentinels, and must never accept a lead nobody can
// contact, nor store text that garbles screens.
func FuzzParseJSON(f *testing.F) {
	for _, seed := range []string{
		``, `{}`, `[]`, `null`, `{"customer": {}}`,
		`{"providerLeadId": 7, "customer": {"name": "Doe, Jane", "phone": "(312) 555-0123"}}`,
		`{"customer": {"firstName": "Jane", "lastName": "Doe", "email": "mailto:Jane@EXAMPLE.com", "phone": "12"}}`,
		`{"customer": {"phones": ["312.555.0101", {"number": "+1 312 555 0102", "type": "mobile"}, {"raw": "3125550103 ext 4"}], "emails": ["jane@example.com", "JANE@example.com"]}}`,
		`{"customer": {"email": "a@example.com; b@example.com"}, "vehicle": {"year": "2024", "vin": " 1hgcm82633a004352 "}, "vehicles": [{"year": 2024.0}, "junk"], "comments": "hi\u0000\r\n"}`,
		`{"customer": {"phone": {"type": "home"}, "email": true}, "vehicle": [1], "comments": {}}`,
		"\ufeff{\"customer\": {\"email\": \"jane@example.com\"}} trailing",
		`{"customer": {"name": "\u202eeoD enaJ", "phone": 3125550123}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		in, err := parse(string(body))
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnreachable) {
				t.Fatalf("error %v wraps neither sentinel", err)
			}
			var e *Error
			if !errors.As(err, &e) || len(e.Problems) == 0 {
				t.Fatalf("error %v lists no problems", err)
			}
			return
		}
		checkIntake(t, in)
	})
}

// FuzzFields fuzzes the values inside a well-formed body, which FuzzParseJSON rarely
// reaches: phones, emails, names and years straight into the parsers behind them.
func FuzzFields(f *testing.F) {
	f.Add("(312) 555-0123", "mailto:Jane@EXAMPLE.com", "Doe, Jane", "2024")
	f.Add("3125550123 ext 4", "Jane Doe <jane@example.com>", "John Smith Jr.", "2024.0")
	f.Add("+1 312 555 0123", "a@example.com; b@example.com", "\u202eeoD", "1e3")
	f.Add("12", "jane@example", "", "abc")
	f.Fuzz(func(t *testing.T, phone, email, name, year string) {
		body, err := json.Marshal(map[string]any{
			"customer": map[string]any{"name": name, "phone": phone, "emails": []string{email, email}},
			"vehicle":  map[string]any{"year": year, "vin": name},
		})
		if err != nil {
			t.Skip()
		}
		in, err := parse(string(body))
		if err != nil {
			if !errors.Is(err, ErrUnreachable) {
				t.Fatalf("error %v, want ErrUnreachable", err)
			}
			return
		}
		checkIntake(t, in)
	})
}

// checkIntake checks what every accepted lead must be.
func checkIntake(t *testing.T, in engine.Intake) {
	t.Helper()
	reachable := len(in.Customer.Emails) > 0
	for _, p := range in.Customer.Phones {
		if p.Valid {
			reachable = true
			if !strings.HasPrefix(p.E164, "+") {
				t.Errorf("valid phone %+v is not E.164", p)
			}
		}
	}
	if !reachable {
		t.Fatalf("accepted a lead nobody can contact: %+v", in.Customer)
	}
	for _, m := range in.Customer.Emails {
		if a, err := mail.ParseAddress(m); err != nil || a.Address != m {
			t.Errorf("email %q is not a bare address", m)
		}
	}
	oneLineFields := []string{in.Source.ProviderLeadID, in.Customer.Name, in.Customer.FirstName, in.Customer.LastName}
	for _, v := range in.Vehicles {
		oneLineFields = append(oneLineFields, v.Make, v.Model, v.Trim, v.VIN, v.Stock, v.Status, v.Interest)
	}
	for _, s := range oneLineFields {
		if strings.ContainsFunc(s, unicode.IsControl) || s != strings.TrimSpace(s) {
			t.Errorf("field %q has control characters or surrounding space", s)
		}
	}
	if strings.ContainsFunc(in.Comments, func(c rune) bool { return unicode.IsControl(c) && c != '\n' && c != '\t' }) {
		t.Errorf("comments %q have control characters", in.Comments)
	}
	if utf8.RuneCountInString(in.Customer.Name) > maxName || utf8.RuneCountInString(in.Comments) > maxComments {
		t.Errorf("name or comments over their limits")
	}
}
