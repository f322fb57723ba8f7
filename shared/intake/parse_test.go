package intake

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
)

// jane is the email most cases give so that the lead is reachable whatever else they
// test.
const jane = "jane@example.com"

func valid(e164, raw string) lead.Phone       { return lead.Phone{E164: e164, Raw: raw, Valid: true} }
func invalid(raw string) lead.Phone           { return lead.Phone{Raw: raw} }
func typed(p lead.Phone, t string) lead.Phone { p.Type = t; return p }

// reachJane is a customer known only by jane's email.
func reachJane(c lead.Customer) lead.Customer {
	c.Emails = []string{jane}
	return c
}

func source(id string) lead.Source { return lead.Source{Provider: testProvider, ProviderLeadID: id} }

func TestParseJSON(t *testing.T) {
	tests := []struct {
		name string
		body string
		want engine.Intake
	}{
		{
			name: "full body",
			body: `{
				"providerLeadId": "CC-1001",
				"customer": {"firstName": "Jane", "lastName": "Doe", "email": "jane@example.com", "phone": "(312) 555-0123"},
				"vehicle": {"year": 2024, "make": "Honda", "model": "Civic", "trim": "EX", "vin": "1hgcm82633a004352", "stock": "H1234", "status": "New", "interest": "Buy"},
				"comments": "Is it still available?"
			}`,
			want: engine.Intake{
				Source: source("CC-1001"),
				Customer: lead.Customer{Name: "Jane Doe", FirstName: "Jane", LastName: "Doe", Emails: []string{jane},
					Phones: []lead.Phone{valid("+13125550123", "(312) 555-0123")}},
				Vehicles: []lead.Vehicle{{Year: 2024, Make: "Honda", Model: "Civic", Trim: "EX", VIN: "1HGCM82633A004352", Stock: "H1234", Status: "new", StatusRaw: "New", Interest: "buy", InterestRaw: "Buy"}},
				Comments: "Is it still available?",
			},
		},
		{
			name: "name only, split on the last word",
			body: `{"customer": {"name": "  Jane  Q.\tDoe ", "email": "jane@example.com"}}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{Name: "Jane Q. Doe", FirstName: "Jane Q.", LastName: "Doe"})},
		},
		{
			name: "name only, last name first",
			body: `{"customer": {"name": "Doe, Jane", "email": "jane@example.com"}}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{Name: "Doe, Jane", FirstName: "Jane", LastName: "Doe"})},
		},
		{
			name: "name only, one word is a first name",
			body: `{"customer": {"name": "Jane", "email": "jane@example.com"}}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{Name: "Jane", FirstName: "Jane"})},
		},
		{
			name: "only a first name",
			body: `{"customer": {"firstName": " Jane ", "email": "jane@example.com"}}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{Name: "Jane", FirstName: "Jane"})},
		},
		{
			name: "only a last name",
			body: `{"customer": {"lastName": "Doe", "email": "jane@example.com"}}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{Name: "Doe", LastName: "Doe"})},
		},
		{
			name: "name and parts are kept as given",
			body: `{"customer": {"name": "Jane Doe-Smith", "firstName": "Janet", "email": "jane@example.com"}}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{Name: "Jane Doe-Smith", FirstName: "Janet"})},
		},
		{
			name: "phone with dots",
			body: `{"customer": {"phone": "312.555.0123"}}`,
			want: engine.Intake{Source: source(""), Customer: lead.Customer{Phones: []lead.Phone{valid("+13125550123", "312.555.0123")}}},
		},
		{
			name: "phone with country code",
			body: `{"customer": {"phone": "+1 312 555 0123"}}`,
			want: engine.Intake{Source: source(""), Customer: lead.Customer{Phones: []lead.Phone{valid("+13125550123", "+1 312 555 0123")}}},
		},
		{
			name: "phone with an extension keeps it in the raw form",
			body: `{"customer": {"phone": "3125550123 ext 4"}}`,
			want: engine.Intake{Source: source(""), Customer: lead.Customer{Phones: []lead.Phone{valid("+13125550123", "3125550123 ext 4")}}},
		},
		{
			name: "phone as a number",
			body: `{"customer": {"phone": 3125550123}}`,
			want: engine.Intake{Source: source(""), Customer: lead.Customer{Phones: []lead.Phone{valid("+13125550123", "3125550123")}}},
		},
		{
			name: "phone from another country",
			body: `{"customer": {"phone": "+44 20 7946 0018"}}`,
			want: engine.Intake{Source: source(""), Customer: lead.Customer{Phones: []lead.Phone{valid("+442079460018", "+44 20 7946 0018")}}},
		},
		{
			name: "garbage phone is kept, marked invalid, with a warning",
			body: `{"customer": {"phone": "12", "email": "jane@example.com"}}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{Phones: []lead.Phone{invalid("12")}}),
				Warnings: []string{`customer.phone: "12" could not be read as a phone number`}},
		},
		{
			name: "phones as a list of text and of objects",
			body: `{"customer": {"phones": ["312-555-0101", {"number": "312-555-0102", "type": "Mobile"}, {"raw": "312 555 0103", "type": "home"}]}}`,
			want: engine.Intake{Source: source(""), Customer: lead.Customer{Phones: []lead.Phone{
				valid("+13125550101", "312-555-0101"),
				{E164: "+13125550102", Raw: "312-555-0102", Type: "mobile", TypeRaw: "Mobile", Valid: true},
				typed(valid("+13125550103", "312 555 0103"), "home"),
			}}},
		},
		{
			name: "phones as a single value",
			body: `{"customer": {"phones": "312-555-0101"}}`,
			want: engine.Intake{Source: source(""), Customer: lead.Customer{Phones: []lead.Phone{valid("+13125550101", "312-555-0101")}}},
		},
		{
			name: "phone as an object",
			body: `{"customer": {"phone": {"number": "312-555-0101", "type": "work"}}}`,
			want: engine.Intake{Source: source(""), Customer: lead.Customer{Phones: []lead.Phone{typed(valid("+13125550101", "312-555-0101"), "work")}}},
		},
		{
			name: "phone objects: a blank number falls back to raw, a blank pair is no phone",
			body: `{"customer": {"phones": [{"number": " ", "raw": "312-555-0101"}, {"number": {"n": 1}, "raw": "312-555-0102"}, {"number": ""}], "email": "jane@example.com"}}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{Phones: []lead.Phone{
				valid("+13125550101", "312-555-0101"), valid("+13125550102", "312-555-0102"),
			}})},
		},
		{
			name: "phone objects holding values of the wrong kind",
			body: `{"customer": {"phones": [{"raw": [3125550101]}, {"number": true, "raw": null}, {}], "email": "jane@example.com"}}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{}),
				Warnings: []string{
					`customer.phones[0]: expected a phone number, found [3125550101]; ignored`,
					`customer.phones[1]: expected a phone number, found true; ignored`,
					`customer.phones[2]: expected a phone number, found {}; ignored`,
				}},
		},
		{
			name: "the same phone twice is one phone",
			body: `{"customer": {"phone": "312-555-0123", "phones": ["(312) 555-0123", "+13125550123", "312-555-0124"]}}`,
			want: engine.Intake{Source: source(""), Customer: lead.Customer{Phones: []lead.Phone{
				valid("+13125550123", "312-555-0123"), valid("+13125550124", "312-555-0124"),
			}}},
		},
		{
			name: "empty phones are no phones",
			body: `{"customer": {"phone": "  ", "phones": ["", null], "email": "jane@example.com"}}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{})},
		},
		{
			name: "phone object without a number",
			body: `{"customer": {"phone": {"type": "mobile"}, "email": "jane@example.com"}}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{}),
				Warnings: []string{`customer.phone: expected a phone number, found {"type":"mobile"}; ignored`}},
		},
		{
			name: "email with mailto: and an upper-case domain",
			body: `{"customer": {"email": "mailto:Jane.Doe@EXAMPLE.COM"}}`,
			want: engine.Intake{Source: source(""), Customer: lead.Customer{Emails: []string{"Jane.Doe@example.com"}}},
		},
		{
			name: "mailto link with a subject",
			body: `{"customer": {"email": "MAILTO:jane@example.com?subject=Civic"}}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{})},
		},
		{
			name: "email with a display name",
			body: `{"customer": {"email": "Jane Doe <jane@example.com>"}}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{})},
		},
		{
			name: "duplicate emails are dropped, whatever their case",
			body: `{"customer": {"email": "jane@example.com", "emails": ["JANE@Example.com", "jane@example.com", "bob@example.com"]}}`,
			want: engine.Intake{Source: source(""), Customer: lead.Customer{Emails: []string{jane, "bob@example.com"}}},
		},
		{
			name: "emails typed as a list in one field",
			body: `{"customer": {"email": "jane@example.com; bob@example.com"}}`,
			want: engine.Intake{Source: source(""), Customer: lead.Customer{Emails: []string{jane, "bob@example.com"}}},
		},
		{
			name: "emails as a single value",
			body: `{"customer": {"emails": "jane@example.com"}}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{})},
		},
		{
			name: "unparseable email is left out, with a warning",
			body: `{"customer": {"email": "jane(at)example.com", "emails": ["jane@example"], "phone": "312-555-0123"}}`,
			want: engine.Intake{Source: source(""), Customer: lead.Customer{Phones: []lead.Phone{valid("+13125550123", "312-555-0123")}},
				Warnings: []string{
					`customer.email: "jane(at)example.com" could not be read as an email address`,
					`customer.emails[0]: "jane@example" could not be read as an email address`,
				}},
		},
		{
			name: "year as text",
			body: `{"customer": {"email": "jane@example.com"}, "vehicle": {"year": " 2024 ", "make": "Ford"}}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{}), Vehicles: []lead.Vehicle{{Year: 2024, Make: "Ford"}}},
		},
		{
			name: "year as a number a spreadsheet wrote",
			body: `{"customer": {"email": "jane@example.com"}, "vehicle": {"year": 2024.0, "make": "Ford"}}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{}), Vehicles: []lead.Vehicle{{Year: 2024, Make: "Ford"}}},
		},
		{
			name: "years that are not years",
			body: `{"customer": {"email": "jane@example.com"}, "vehicles": [{"year": "next year", "make": "Ford"}, {"year": 1850, "make": "Benz"}, {"year": 2029, "make": "Tesla"}, {"year": 2028, "make": "Kia"}, {"year": 1900, "make": "Olds"}, {"year": 2024.5, "make": "Audi"}, {"year": ["2024"], "make": "BMW"}]}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{}),
				Vehicles: []lead.Vehicle{{Make: "Ford"}, {Make: "Benz"}, {Make: "Tesla"}, {Year: 2028, Make: "Kia"}, {Year: 1900, Make: "Olds"}, {Make: "Audi"}, {Make: "BMW"}},
				Warnings: []string{
					`vehicles[0].year: "next year" is not a year; ignored`,
					`vehicles[1].year: "1850" is not a model year between 1900 and 2028; ignored`,
					`vehicles[2].year: "2029" is not a model year between 1900 and 2028; ignored`,
					`vehicles[5].year: "2024.5" is not a year; ignored`,
					`vehicles[6].year: expected text, found ["2024"]; ignored`,
				}},
		},
		{
			name: "vehicle and vehicles together, empty and repeated ones dropped",
			body: `{"customer": {"email": "jane@example.com"}, "vehicle": {"make": "Honda", "model": "Civic"}, "vehicles": [{}, {"make": "Honda", "model": "Civic"}, {"make": "Toyota", "interest": "Trade-In"}]}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{}),
				Vehicles: []lead.Vehicle{{Make: "Honda", Model: "Civic"}, {Make: "Toyota", Interest: "trade-in", InterestRaw: "Trade-In"}}},
		},
		{
			name: "vehicles as a single object",
			body: `{"customer": {"email": "jane@example.com"}, "vehicles": {"make": "Honda"}}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{}), Vehicles: []lead.Vehicle{{Make: "Honda"}}},
		},
		{
			name: "vehicle as text is kept in a warning",
			body: `{"customer": {"email": "jane@example.com"}, "vehicle": "2024 Honda Civic"}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{}),
				Warnings: []string{`vehicle: expected an object, found "2024 Honda Civic"; ignored`}},
		},
		{
			name: "VIN upper-cased and trimmed, status and interest lower-cased with the raw values kept",
			body: `{"customer": {"email": "jane@example.com"}, "vehicle": {"vin": "  1hgcm82633a004352\n", "status": "USED", "interest": "Lease"}}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{}),
				Vehicles: []lead.Vehicle{{VIN: "1HGCM82633A004352", Status: "used", StatusRaw: "USED", Interest: "lease", InterestRaw: "Lease"}}},
		},
		{
			name: "a VIN with a wrong check digit is kept and flagged",
			body: `{"customer": {"email": "jane@example.com"}, "vehicle": {"vin": "1HGCM82633A004353"}}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{}),
				Vehicles: []lead.Vehicle{{VIN: "1HGCM82633A004353"}},
				Warnings: []string{`vehicle.vin: check digit is 3, the other characters give 5: probably a typo; kept as sent`}},
		},
		{
			name: "preferred contact as a kind picks the first valid phone",
			body: `{"customer": {"phones": ["12", "773-555-0142"], "email": "jane@example.com", "preferredContact": "Phone"}}`,
			want: engine.Intake{Source: source(""), Customer: lead.Customer{Emails: []string{jane}, Preferred: "+17735550142",
				Phones: []lead.Phone{invalid("12"), valid("+17735550142", "773-555-0142")}},
				Warnings: []string{`customer.phones[0]: "12" could not be read as a phone number`}},
		},
		{
			name: "preferred contact as an address given",
			body: `{"customer": {"email": "jane@Example.COM", "preferredContact": "mailto:jane@example.com"}}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{Preferred: jane})},
		},
		{
			name: "an email in a name field and a phone in an email field are recovered",
			body: `{"customer": {"name": "jane@example.com", "email": "(312) 555-0123"}}`,
			want: engine.Intake{Source: source(""), Customer: lead.Customer{Emails: []string{jane}, Phones: []lead.Phone{valid("+13125550123", "(312) 555-0123")}},
				Warnings: []string{"customer.name: holds an email address; read as the customer's email", "customer.email: holds a phone number; read as the customer's phone"}},
		},
		{
			name: "unknown fields are ignored",
			body: `{"customer": {"email": "jane@example.com", "contactMethod": "email", "address": {"zip": "60601"}}, "dealerId": 42, "tags": ["hot"], "vehicle": {"color": "red", "make": "Mazda"}}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{}), Vehicles: []lead.Vehicle{{Make: "Mazda"}}},
		},
		{
			name: "field names in another case",
			body: `{"Customer": {"FirstName": "Jane", "EMAIL": "jane@example.com"}, "ProviderLeadID": "A1"}`,
			want: engine.Intake{Source: source("A1"), Customer: reachJane(lead.Customer{Name: "Jane", FirstName: "Jane"})},
		},
		{
			name: "nulls are absent values",
			body: `{"providerLeadId": null, "customer": {"firstName": null, "email": "jane@example.com", "phones": null}, "vehicle": null, "vehicles": null, "comments": null}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{})},
		},
		{
			name: "numeric provider lead id keeps every digit",
			body: `{"providerLeadId": 98765432109876543210, "customer": {"email": "jane@example.com"}}`,
			want: engine.Intake{Source: source("98765432109876543210"), Customer: reachJane(lead.Customer{})},
		},
		{
			name: "provider lead id trimmed",
			body: `{"providerLeadId": "  CC-7 \n", "customer": {"email": "jane@example.com"}}`,
			want: engine.Intake{Source: source("CC-7"), Customer: reachJane(lead.Customer{})},
		},
		{
			name: "text fields of the wrong kind are warned about",
			body: `{"customer": {"firstName": true, "lastName": {"text": "Doe"}, "email": "jane@example.com"}, "comments": ["call after 5"]}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{}),
				Warnings: []string{
					`customer.firstName: expected text, found true; ignored`,
					`customer.lastName: expected text, found {"text":"Doe"}; ignored`,
					`comments: expected text, found ["call after 5"]; ignored`,
				}},
		},
		{
			name: "control characters stripped, line breaks and tabs kept in comments",
			body: `{"customer": {"firstName": "Ja\u0000ne\u0007", "lastName": "\u202eeoD", "email": "jane@example.com\u0008"}, "vehicle": {"model": "Civic\u001b[31m"}, "comments": "  Call me\r\n\tafter 5\u0001pm  "}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{Name: "Jane eoD", FirstName: "Jane", LastName: "eoD"}),
				Vehicles: []lead.Vehicle{{Model: "Civic[31m"}}, Comments: "Call me\n\tafter 5pm"},
		},
		{
			name: "a byte order mark before the body is skipped",
			body: "\ufeff" + `{"customer": {"email": "jane@example.com"}}`,
			want: engine.Intake{Source: source(""), Customer: reachJane(lead.Customer{})},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustParse(t, tt.body)
			tt.want.Request = lead.Request{Format: "json"}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", show(got), show(tt.want))
			}
		})
	}
}

func show(in engine.Intake) string {
	b, err := json.MarshalIndent(in, "", "  ")
	if err != nil {
		return err.Error()
	}
	return string(b)
}

func TestLongFieldsAreCut(t *testing.T) {
	long := func(s string, n int) string { return strings.Repeat(s, n) }
	tests := []struct {
		name    string
		body    map[string]any
		check   func(engine.Intake) (got int, want int)
		warning string
	}{
		{
			name:    "name",
			body:    map[string]any{"customer": map[string]any{"name": long("é", 250), "email": jane}},
			check:   func(in engine.Intake) (int, int) { return len([]rune(in.Customer.Name)), maxName },
			warning: "customer.name: 250 characters long; kept the first 200",
		},
		{
			name:    "first name",
			body:    map[string]any{"customer": map[string]any{"firstName": long("a", 201), "email": jane}},
			check:   func(in engine.Intake) (int, int) { return len(in.Customer.FirstName), maxName },
			warning: "customer.firstName: 201 characters long; kept the first 200",
		},
		{
			// The cut falls on the space, which is dropped rather than kept at the end.
			name:    "name cut at a space",
			body:    map[string]any{"customer": map[string]any{"lastName": long("a", 199) + " " + long("b", 50), "email": jane}},
			check:   func(in engine.Intake) (int, int) { return len(in.Customer.LastName), 199 },
			warning: "customer.lastName: 250 characters long; kept the first 200",
		},
		{
			name:    "comments",
			body:    map[string]any{"customer": map[string]any{"email": jane}, "comments": long("Is it available? ", 1000)},
			check:   func(in engine.Intake) (int, int) { return len(in.Comments), maxComments },
			warning: "comments: 16999 characters long; kept the first 8000",
		},
		{
			name:    "model",
			body:    map[string]any{"customer": map[string]any{"email": jane}, "vehicle": map[string]any{"model": long("x", 500)}},
			check:   func(in engine.Intake) (int, int) { return len(in.Vehicles[0].Model), maxField },
			warning: "vehicle.model: 500 characters long; kept the first 100",
		},
		{
			name:    "provider lead id",
			body:    map[string]any{"customer": map[string]any{"email": jane}, "providerLeadId": long("7", 300)},
			check:   func(in engine.Intake) (int, int) { return len(in.Source.ProviderLeadID), maxID },
			warning: "providerLeadId: 300 characters long; kept the first 200",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := json.Marshal(tt.body)
			if err != nil {
				t.Fatal(err)
			}
			in := mustParse(t, string(data))
			if got, want := tt.check(in); got != want {
				t.Errorf("length %d, want %d", got, want)
			}
			if len(in.Warnings) != 1 || in.Warnings[0] != tt.warning {
				t.Errorf("warnings %q, want [%q]", in.Warnings, tt.warning)
			}
		})
	}
}

// A phone or email too long to be one is not one, rather than cut into a different
// number or address.
func TestLongContactsAreNotCut(t *testing.T) {
	phone := "312-555-0123" + strings.Repeat(" ", 10) + strings.Repeat("9", 60)
	email := strings.Repeat("j", 250) + "@example.com"
	in := mustParse(t, `{"customer": {"phone": "`+phone+`", "emails": ["`+email+`", "jane@example.com"]}}`)
	if len(in.Customer.Phones) != 1 || in.Customer.Phones[0].Valid || len(in.Customer.Phones[0].Raw) != maxPhone {
		t.Errorf("phones %+v", in.Customer.Phones)
	}
	if !reflect.DeepEqual(in.Customer.Emails, []string{jane}) {
		t.Errorf("emails %q", in.Customer.Emails)
	}
	if len(in.Warnings) != 2 || !strings.Contains(in.Warnings[0], "could not be read as a phone number") || !strings.Contains(in.Warnings[1], "could not be read as an email address") {
		t.Errorf("warnings %q", in.Warnings)
	}
}

// Warnings quote what the provider sent; a huge value is cut and escaped there too.
func TestWarningsQuoteRawValuesSafely(t *testing.T) {
	in := mustParse(t, `{"customer": {"phone": "call\u0007 me `+strings.Repeat("x", 500)+`", "email": "jane@example.com"}}`)
	if len(in.Warnings) != 1 {
		t.Fatalf("warnings %q", in.Warnings)
	}
	w := in.Warnings[0]
	if len(w) > 300 || !strings.HasPrefix(w, `customer.phone: "call me xxx`) || !strings.HasSuffix(w, `xxx"… could not be read as a phone number`) {
		t.Errorf("warning %q", w)
	}
}

// ParseJSON bounds model years by the current year: the next model year is on lots
// from spring, and a year beyond the one after is a typo.
func TestParseJSONAcceptsYearsUpToTwoAhead(t *testing.T) {
	year := time.Now().Year()
	body := fmt.Sprintf(`{"customer": {"email": "jane@example.com"}, "vehicles": [{"year": %d, "make": "Kia"}, {"year": %d, "make": "Kia"}]}`, year+2, year+3)
	in, err := ParseJSON([]byte(body), testProvider, "us")
	if time.Now().Year() != year {
		t.Skip("the year changed during the test")
	}
	if err != nil {
		t.Fatal(err)
	}
	if in.Vehicles[0].Year != year+2 || in.Vehicles[1].Year != 0 || len(in.Warnings) != 1 {
		t.Errorf("vehicles %+v, warnings %q", in.Vehicles, in.Warnings)
	}
}

func TestRegionMustBeKnown(t *testing.T) {
	for _, region := range []string{"", "XX", "USA"} {
		_, err := ParseJSON([]byte(`{"customer": {"email": "jane@example.com"}}`), testProvider, region)
		if err == nil || errors.Is(err, ErrMalformed) || errors.Is(err, ErrUnreachable) {
			t.Errorf("region %q: %v, want an error that does not blame the provider", region, err)
		}
	}
}

// A local number is read in the dealership's region.
func TestRegion(t *testing.T) {
	in, err := parseJSON([]byte(`{"customer": {"phone": "020 7946 0018"}}`), testProvider, "GB", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if want := []lead.Phone{valid("+442079460018", "020 7946 0018")}; !reflect.DeepEqual(in.Customer.Phones, want) {
		t.Errorf("phones %+v, want %+v", in.Customer.Phones, want)
	}
}

// A lead lists a few phones, emails and vehicles; a body listing thousands is read
// only in part, so that it cannot tie up intake.
func TestListsAreBounded(t *testing.T) {
	var phones, emails, vehicles []string
	for i := range 25 {
		phones = append(phones, fmt.Sprintf(`"312-555-01%02d"`, i))
		emails = append(emails, fmt.Sprintf(`"jane%d@example.com"`, i))
		vehicles = append(vehicles, fmt.Sprintf(`{"stock": "S%d"}`, i))
	}
	in := mustParse(t, fmt.Sprintf(`{"customer": {"phones": [%s], "emails": [%s]}, "vehicles": [%s]}`,
		strings.Join(phones, ","), strings.Join(emails, ","), strings.Join(vehicles, ",")))
	if len(in.Customer.Phones) != maxItems || len(in.Customer.Emails) != maxItems || len(in.Vehicles) != maxItems {
		t.Errorf("%d phones, %d emails, %d vehicles; want %d of each", len(in.Customer.Phones), len(in.Customer.Emails), len(in.Vehicles), maxItems)
	}
	want := []string{"customer.phones: 25 given; read the first 20", "customer.emails: 25 given; read the first 20", "vehicles: 25 given; read the first 20"}
	if !reflect.DeepEqual(in.Warnings, want) {
		t.Errorf("warnings %q, want %q", in.Warnings, want)
	}
}
