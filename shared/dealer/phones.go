package dealer

import (
	"regexp"

	"github.com/leadclock/leadclock/shared/lead"
)

// Phones reads the phone numbers a config holds. `leadclock validate`, local mode and
// the CDK app pass phone.Numbers, libphonenumber; the Lambda functions, which read the
// config the stack already checked and wrote with every number in E.164, pass
// CheckedE164, which keeps a library of several megabytes out of them.
type Phones interface {
	// Region reports whether numbers can be read in the region, an ISO country code
	// in upper case.
	Region(code string) bool
	// E164 reads a number written in the region; ok is false when it is not a valid
	// one.
	E164(raw, region string) (e164 string, ok bool)
}

// CheckedE164 reads a config whose numbers were checked and written in E.164 before:
// it takes a number only in that form and any two-letter region.
var CheckedE164 checkedE164

type checkedE164 struct{}

var regionForm = regexp.MustCompile(`^[A-Z]{2}$`)

func (checkedE164) Region(code string) bool { return regionForm.MatchString(code) }

func (checkedE164) E164(raw, _ string) (string, bool) { return raw, lead.IsE164(raw) }
