package lead

import (
	"flag"
	"os"
	"testing"
)

// TestMain raises the property tests' default number of runs: each takes well under a
// millisecond and rare paths (a claim during an offer to a rep who then goes away)
// need many runs to show up. -rapid.checks on the command line still wins.
func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("rapid.checks"); f != nil && f.Value.String() == f.DefValue {
		if err := f.Value.Set("3000"); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}
