package intake

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

func chicago(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

const prospect = `<prospect><id>P-1</id><customer><contact><name part="full">Pat Doe</name><phone>312-555-0123</phone></contact></customer></prospect>`

func TestParseADFRefuses(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"empty body", ``, "no <adf> element"},
		{"JSON sent as XML", `{"customer": {}}`, "no <adf> element"},
		{"no prospect", `<adf><note>hi</note></adf>`, "holds no <prospect>"},
		{"a DOCTYPE", `<?xml version="1.0"?><!DOCTYPE adf SYSTEM "adf.dtd"><adf>` + prospect + `</adf>`, "DOCTYPE"},
		{"an entity declared", `<!DOCTYPE adf [<!ENTITY lol "lol">]><adf>` + prospect + `</adf>`, "DOCTYPE"},
		{"a doctype in lower case after the root", `<adf>` + prospect + `<!doctype x></adf>`, "DOCTYPE"},
		{"not XML after <adf", `<adf <<<`, "cannot be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseADF([]byte(tt.doc), testProvider, testRegion, chicago(t), testNow)
			if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want ErrMalformed saying %q", err, tt.want)
			}
		})
	}
}

func TestParseADFForgives(t *testing.T) {
	utf16le := func(s string) string {
		var b strings.Builder
		b.WriteString("\xff\xfe")
		for _, u := range utf16.Encode([]rune(s)) {
			b.WriteByte(byte(u))
			b.WriteByte(byte(u >> 8))
		}
		return b.String()
	}
	tests := []struct {
		name, doc    string
		wantName     string
		wantWarnings []string
	}{
		{"a CDATA section holding a DOCTYPE is text", `<adf><prospect><id>P-1</id><customer><contact><name part="full">Pat Doe</name><phone>312-555-0123</phone></contact><comments><![CDATA[<!DOCTYPE html> pasted]]></comments></customer></prospect></adf>`, "Pat Doe", nil},
		{"UTF-16 with a byte order mark", utf16le(`<?xml version="1.0" encoding="utf-16"?><adf>` + strings.Replace(prospect, "Pat Doe", "Zoë Doe", 1) + `</adf>`), "Zoë Doe", nil},
		{"quoted-printable left by a mail gateway", `<adf><prospect><id>P-1</id><customer><contact><name part=3D"full">Pat=` + "\n" + ` Doe</name><phone>312-555-0123</phone></contact></customer></prospect></adf>`, "Pat Doe", nil},
		{"a document cut short keeps what came before", `<adf>` + strings.TrimSuffix(prospect, `</customer></prospect>`) + `<comments>Call me aft`, "Pat Doe", []string{"document: the XML breaks off at line 1"}},
		{"a bare < in text is text", `<adf><prospect><customer><contact><name part="full">Pat Doe</name><phone>312-555-0123</phone></contact><comments>budget < 20k</comments></customer></prospect></adf>`, "Pat Doe", nil},
		{"no <prospect> wrapper", `<ADF><customer><contact><name>Pat Doe</name><phone>312-555-0123</phone></contact></customer></ADF>`, "Pat Doe", nil},
		{"no <contact> wrapper", `<adf><prospect><customer><name>Pat Doe</name><phone>312-555-0123</phone></customer></prospect></adf>`, "Pat Doe", nil},
		{"a second document after the first is ignored", `<adf>` + prospect + `</adf><adf>` + strings.Replace(prospect, "Pat", "Sam", 1) + `</adf>`, "Pat Doe", nil},
		{"namespace prefix on every element", `<a:adf xmlns:a="urn:example"><a:prospect><a:customer><a:contact><a:name a:part="full">Pat Doe</a:name><a:phone>312-555-0123</a:phone></a:contact></a:customer></a:prospect></a:adf>`, "Pat Doe", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := parseADF([]byte(tt.doc), testProvider, testRegion, chicago(t), testNow)
			if err != nil {
				t.Fatal(err)
			}
			if len(ps) != 1 || ps[0].Err != nil {
				t.Fatalf("prospects %+v, want one lead", ps)
			}
			in := ps[0].Intake
			if in.Customer.Name != tt.wantName || len(in.Customer.Phones) != 1 || !in.Customer.Phones[0].Valid {
				t.Errorf("customer %+v, want %s with one valid phone", in.Customer, tt.wantName)
			}
			if len(in.Warnings) != len(tt.wantWarnings) {
				t.Fatalf("warnings %q, want %q", in.Warnings, tt.wantWarnings)
			}
			for i, w := range tt.wantWarnings {
				if !strings.HasPrefix(in.Warnings[i], w) {
					t.Errorf("warning %q, want one starting %q", in.Warnings[i], w)
				}
			}
		})
	}
}

func TestParseADFBounds(t *testing.T) {
	many := `<adf>` + strings.Repeat(prospect, maxProspects+5) + `</adf>`
	ps, err := parseADF([]byte(many), testProvider, testRegion, chicago(t), testNow)
	if err != nil || len(ps) != maxProspects {
		t.Fatalf("%d prospects (%v), want the first %d", len(ps), err, maxProspects)
	}
	if !strings.Contains(strings.Join(ps[0].Intake.Warnings, "\n"), "read the first") {
		t.Errorf("warnings %q, want one about the prospects left out", ps[0].Intake.Warnings)
	}
	deep := `<adf>` + prospect[:len(prospect)-len("</prospect>")] + strings.Repeat("<x>", 100) + `</prospect></adf>`
	ps, err = parseADF([]byte(deep), testProvider, testRegion, chicago(t), testNow)
	if err != nil || len(ps) != 1 || ps[0].Err != nil {
		t.Fatalf("deep document: %v %+v", err, ps)
	}
	extras := `<adf><prospect>` + strings.Repeat(`<x-tag>v</x-tag>`, maxExtras+10) + `<customer><email>pat@example.com</email></customer></prospect></adf>`
	ps, err = parseADF([]byte(extras), testProvider, testRegion, chicago(t), testNow)
	if err != nil || len(ps[0].Intake.Request.Extras) != maxExtras {
		t.Fatalf("%v: %d extras kept, want %d", err, len(ps[0].Intake.Request.Extras), maxExtras)
	}
}

func TestRequestDate(t *testing.T) {
	loc := chicago(t)
	tests := []struct {
		in   string
		want string // RFC 3339, empty when it cannot be read
	}{
		{"2026-11-20T09:05:00-06:00", "2026-11-20T09:05:00-06:00"},
		{"2026-11-20T15:05:00Z", "2026-11-20T15:05:00Z"},
		{"2026-11-20T9:05:00-06:00", "2026-11-20T09:05:00-06:00"},
		{"2026-11-20T09:05:00-0600", "2026-11-20T09:05:00-06:00"},
		{"2026-11-20T09:05:00-06", "2026-11-20T09:05:00-06:00"},
		{"2026-11-20T09:05:00-6:00", "2026-11-20T09:05:00-06:00"},
		{"2026-11-20T09:05:00+0530", "2026-11-20T09:05:00+05:30"},
		{"2026-11-20T14:05:00", "2026-11-20T14:05:00-06:00"},
		{"2026-11-20 14:05:00", "2026-11-20T14:05:00-06:00"},
		{"2026-07-20T14:05", "2026-07-20T14:05:00-05:00"},
		{"2026-11-20", "2026-11-20T00:00:00-06:00"},
		{"11/20/2026 2:05 PM", "2026-11-20T14:05:00-06:00"},
		{"{requestdate}", ""},
		{"[DATE]", ""},
		{"yesterday", ""},
		{"2026-13-45T99:99:99", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := requestDate(tt.in, loc)
			switch {
			case tt.want == "" && ok:
				t.Errorf("read as %s, want it unread", got.Format(time.RFC3339))
			case tt.want != "" && (!ok || got.Format(time.RFC3339) != tt.want):
				t.Errorf("read as %s (%v), want %s", got.Format(time.RFC3339), ok, tt.want)
			}
		})
	}
}
