package intake

import (
	"encoding/json"
	"errors"
	"net/mail"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
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

// FuzzParseADF feeds ParseADF whatever a provider might send, starting from every
// sample in events/adf. It must never panic, must fail only with its sentinels, must
// read at most maxProspects leads, must never accept a lead nobody can contact, and
// must allocate a bounded amount for its input.
func FuzzParseADF(f *testing.F) {
	samples, err := filepath.Glob("../../events/adf/*.xml")
	if err != nil || len(samples) == 0 {
		f.Fatalf("no ADF samples: %v", err)
	}
	for _, path := range samples {
		doc, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(doc)
	}
	for _, seed := range []string{
		``, `<adf>`, `<adf></adf>`, `<adf><prospect/></adf>`, `<!DOCTYPE x><adf/>`,
		`<adf><prospect><customer><contact><name>a@example.com</name><email>312 555 0123</email></contact></customer></prospect></adf>`,
		"\xff\xfe<\x00a\x00d\x00f\x00>\x00",
		`<adf><prospect><requestdate>2026-11-20T9:05:00-0600</requestdate><customer><phone type="FAX">312-555-0199</phone></customer></prospect></adf>`,
	} {
		f.Add([]byte(seed))
	}
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		if len(doc) > 256<<10 {
			t.Skip() // the HTTP layer refuses larger bodies
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		ps, err := parseADF(doc, testProvider, testRegion, loc, testNow)
		runtime.ReadMemStats(&after)
		if used := after.TotalAlloc - before.TotalAlloc; used > allocBound(len(doc)) {
			t.Fatalf("%d bytes allocated for a %d-byte document, over %d", used, len(doc), allocBound(len(doc)))
		}
		if err != nil {
			var e *Error
			if !errors.Is(err, ErrMalformed) || !errors.As(err, &e) || len(e.Problems) == 0 {
				t.Fatalf("error %v is not a malformed lead with problems", err)
			}
			return
		}
		if len(ps) == 0 || len(ps) > maxProspects {
			t.Fatalf("%d prospects", len(ps))
		}
		for _, p := range ps {
			if p.Err != nil {
				if !errors.Is(p.Err, ErrUnreachable) {
					t.Fatalf("prospect error %v is not ErrUnreachable", p.Err)
				}
				continue
			}
			checkIntake(t, p.Intake)
			if len(p.Intake.Request.Extras) > maxExtras {
				t.Fatalf("%d extras", len(p.Intake.Request.Extras))
			}
			for _, x := range p.Intake.Request.Extras {
				if !utf8.ValidString(x.Path) || !utf8.ValidString(x.Value) || strings.ContainsFunc(x.Value, unicode.IsControl) {
					t.Fatalf("extra %q = %q is not clean text", x.Path, x.Value)
				}
			}
		}
	})
}

// allocBound is how much parsing a document of n bytes may allocate: a generous
// multiple of its size, so that no input can make a small body cost a lot of memory.
func allocBound(n int) uint64 {
	return 4<<20 + uint64(n)*400
}
