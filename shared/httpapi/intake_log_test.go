package httpapi_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

var (
	emailPattern = regexp.MustCompile(`[\w.+-]+@[\w-]+(?:\.[\w-]+)+`)
	phonePattern = regexp.MustCompile(`\(?\d{3}\)?[-. ]?\d{3}[-. ]\d{4}`)
)

// TestIntakeLogKeepsCustomersOut posts every sample payload of events/ (ADF and JSON,
// good, refused and merged), each twice, with the log at debug level, and checks that
// the log holds none of the customers' phone numbers or emails, in any form, nor any
// piece of a payload.
func TestIntakeLogKeepsCustomersOut(t *testing.T) {
	f := newFixture(t)
	var logs bytes.Buffer
	f.srv.Log = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	paths, err := filepath.Glob("../../events/*/*")
	if err != nil {
		t.Fatal(err)
	}
	var secrets []string
	statuses := map[int]int{}
	for _, path := range paths {
		contentType := map[string]string{"adf": "application/xml", "json": "application/json"}[filepath.Base(filepath.Dir(path))]
		if contentType == "" {
			continue
		}
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for range 2 { // the second time a duplicate or a merge
			rec := f.serve(request(http.MethodPost, "/leads", string(body), "Content-Type", contentType, "x-api-key", providerKey))
			statuses[rec.Code]++
		}
		secrets = append(secrets, emailPattern.FindAllString(string(body), -1)...)
		for _, p := range phonePattern.FindAllString(string(body), -1) {
			secrets = append(secrets, p)
			if n, err := phonenumbers.Parse(p, "US"); err == nil {
				secrets = append(secrets, phonenumbers.Format(n, phonenumbers.E164), phonenumbers.GetNationalSignificantNumber(n))
			}
		}
		secrets = append(secrets, "<prospect", "<customer", `"customer"`)
	}
	if statuses[http.StatusCreated] == 0 || statuses[http.StatusOK] == 0 || statuses[http.StatusUnprocessableEntity] == 0 {
		t.Fatalf("statuses %v: want leads created, resent or merged, and refused", statuses)
	}
	out := logs.String()
	if !strings.Contains(out, `"lead received"`) || !strings.Contains(out, `"lead refused"`) {
		t.Fatalf("the log says nothing of the intake:\n%s", out)
	}
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("the log holds %q", s)
		}
	}
}
