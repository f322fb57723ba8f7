package message

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leadclock/leadclock/shared/lead"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// dump lays a rendered message out for review: the goldens are where wording changes
// are read and agreed on. The links are signed with a fixed key and expiry, so a
// change of the action token format shows up here too.
func dump(r Rendered) string {
	var b strings.Builder
	b.WriteString("kind: " + r.Kind + "\n")
	if r.Subject != "" {
		b.WriteString("subject: " + r.Subject + "\n")
	}
	b.WriteString("links:\n")
	for _, l := range r.Links {
		b.WriteString("  " + l + "\n")
	}
	b.WriteString("--- text ---\n" + r.Text)
	if !strings.HasSuffix(r.Text, "\n") {
		b.WriteString("\n")
	}
	if r.HTML != "" {
		b.WriteString("--- html ---\n" + r.HTML)
	}
	return b.String()
}

// TestGolden renders every notice kind on both channels, a bundle of one kind and a
// digest; go test ./shared/message -update rewrites testdata after an intended change.
func TestGolden(t *testing.T) {
	r := renderer()
	for _, sc := range scenarios() {
		for _, ch := range []lead.Channel{lead.SMS, lead.Email} {
			name := sc.name + "." + string(ch)
			t.Run(name, func(t *testing.T) {
				d := delivery(sc.to, ch, sc.leads, sc.notices...)
				d.Refused = refusedIn[sc.name]
				got := dump(r.Render(d))
				path := filepath.Join("testdata", name+".golden")
				if *update {
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test ./shared/message -update to create it)", err)
				}
				if got != string(want) {
					t.Errorf("%s differs (run with -update if the change is intended):\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
				}
			})
		}
	}
}

// Every kind the engine knows has a golden on each channel, so a new kind cannot
// slip in without its wording being reviewed.
func TestGoldenCoversEveryKind(t *testing.T) {
	covered := map[lead.NoticeKind]bool{}
	for _, sc := range scenarios() {
		for _, n := range sc.notices {
			covered[n.Kind] = true
		}
	}
	for _, k := range []lead.NoticeKind{
		lead.NoticeNewLead, lead.NoticeWarning, lead.NoticeOffer, lead.NoticeEscalation, lead.NoticeRerouted,
		lead.NoticeClaimed, lead.NoticeContacted, lead.NoticeSecondContact, lead.NoticeFollowUp, lead.NoticeStalled, lead.NoticeReturning,
	} {
		if !covered[k] {
			t.Errorf("no golden scenario for %s", k)
		}
	}
}
