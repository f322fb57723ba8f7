package stack

import (
	"fmt"
	"strings"
)

// forDealership picks a dealership's value out of a context value, which is either
// one value for every dealership ("ops@example.com") or comma-separated
// "<dealership>=<value>" entries ("demo-motors=+13125550150,north-motors=+13125550151").
// A dealership an entry list does not name gets "". Context kept in cdk.context.json
// thus serves every dealership an account holds, each with its own value.
func forDealership(key, value, dealership string) (string, error) {
	if !strings.Contains(value, "=") {
		return value, nil
	}
	found := ""
	for entry := range strings.SplitSeq(value, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		d, v, ok := strings.Cut(entry, "=")
		d, v = strings.TrimSpace(d), strings.TrimSpace(v)
		if !ok || d == "" || v == "" {
			return "", fmt.Errorf("context %s: %q: want <dealership>=<value>", key, entry)
		}
		if d != dealership {
			continue
		}
		if found != "" {
			return "", fmt.Errorf("context %s: %s is given twice", key, dealership)
		}
		found = v
	}
	return found, nil
}
