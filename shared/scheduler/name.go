package scheduler

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"

	"github.com/leadclock/leadclock/shared/lead"
)

// maxName is the longest schedule name Scheduler accepts.
const maxName = 64

// Name is the schedule name of a timer: the same timer always gets the same name,
// which makes Schedule and Cancel idempotent, and different timers get different
// names. Names are readable where they can be, "l_<lead>_<kind>_<seq>" for a lead's
// timer and "i_<inbox>_<kind>_<seq>" for an inbox's, and otherwise "h_" and a hash
// of the timer: when a part holds a character Scheduler does not allow in a name
// (or the "_" that separates the parts), or the name would pass 64 characters.
func Name(t lead.Timer) string {
	prefix, subject := "l_", t.LeadID
	if t.Inbox != "" {
		prefix, subject = "i_", t.Inbox
	}
	name := prefix + subject + "_" + string(t.Kind) + "_" + strconv.Itoa(t.Seq)
	if len(name) <= maxName && subject != "" && t.Kind != "" && plain(subject) && plain(string(t.Kind)) {
		return name
	}
	// The readable names start with "l_" or "i_", so a hash never equals one; the
	// hash covers every part, with the lead/inbox distinction, in an encoding that
	// tells parts apart whatever they contain.
	canonical, _ := json.Marshal([]any{prefix, subject, t.Kind, t.Seq})
	sum := sha256.Sum256(canonical)
	return "h_" + hex.EncodeToString(sum[:20])
}

// plain reports whether s uses only characters allowed in a schedule name, other
// than the "_" that separates a readable name's parts.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}
