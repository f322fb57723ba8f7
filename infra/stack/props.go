package stack

import (
	"fmt"
	"net/mail"
	"regexp"
)

// Props say which dealership a stack is for and where its parts are.
type Props struct {
	// Config is the path of the dealership config.
	Config string
	// BuildDir is where scripts/build wrote each function's bootstrap
	// (<BuildDir>/<function>/bootstrap); the config layer is staged under
	// <BuildDir>/config/<dealership id>.
	BuildDir string
	// OpsEmail, when set, is subscribed to the topic alarms go to. The config has
	// no field for it: ops, not the dealership, watch the stack. Like
	// SMSOrigination, it is one value for every dealership or a list of
	// "<dealership>=<value>" entries.
	OpsEmail string
	// SMSOrigination, when set, is the E.164 number texts are sent from; otherwise
	// SNS picks one of the account's.
	SMSOrigination string
	// KeyGenerations is the keyGenerations context value (see ParseKeyGenerations).
	KeyGenerations string
}

// DealershipTag is the tag every resource of a dealership's stack carries, with the
// dealership's id, for cost allocation across dealerships.
const DealershipTag = "leadclock:dealership"

// Name is the name of a dealership's stack.
func Name(dealership string) string { return "LeadClock-" + dealership }

// e164 is a phone number in E.164 form.
var e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

// check refuses context values that would only fail at deploy time.
func (p Props) check() error {
	if p.OpsEmail != "" {
		if a, err := mail.ParseAddress(p.OpsEmail); err != nil || a.Address != p.OpsEmail {
			return fmt.Errorf("context opsEmail: %q is not an email address", p.OpsEmail)
		}
	}
	if p.SMSOrigination != "" && !e164.MatchString(p.SMSOrigination) {
		return fmt.Errorf("context smsOrigination: %q is not an E.164 phone number such as +13125550100", p.SMSOrigination)
	}
	return nil
}
