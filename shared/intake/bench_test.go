package intake

import (
	"os"
	"testing"
	"time"
)

// BenchmarkParseADF reads and normalises a typical 3 KB ADF lead: two vehicles
// (one a trade-in), options, finance, a customer with address and comments, the
// vendor's and the provider's contacts.
func BenchmarkParseADF(b *testing.B) {
	doc, err := os.ReadFile("testdata/typical.xml")
	if err != nil {
		b.Fatal(err)
	}
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		ps, err := parseADF(doc, testProvider, testRegion, loc, testNow)
		if err != nil || len(ps) != 1 || ps[0].Err != nil {
			b.Fatalf("%v %+v", err, ps)
		}
	}
}

// BenchmarkParseJSON reads and normalises the JSON lead of events/lead.json.
func BenchmarkParseJSON(b *testing.B) {
	body, err := os.ReadFile("../../events/lead.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseJSON(body, testProvider, testRegion, testNow); err != nil {
			b.Fatal(err)
		}
	}
}
