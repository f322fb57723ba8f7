package intake

import (
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
)

// Every test reads leads as if from one provider, in the US, in June 2026, so that
// model years 1900..2028 are accepted.
const (
	testProvider = "cars-com"
	testRegion   = "US"
)

var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func parse(body string) (engine.Intake, error) {
	return parseJSON([]byte(body), testProvider, testRegion, testNow)
}

func mustParse(t *testing.T, body string) engine.Intake {
	t.Helper()
	in, err := parse(body)
	if err != nil {
		t.Fatalf("ParseJSON(%s): %v", body, err)
	}
	return in
}
