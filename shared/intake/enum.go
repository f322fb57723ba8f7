package intake

import "strings"

// Enumerated values arrive in any case and spelling ("Used", "TRADE IN", "cellphone");
// they are normalised to one spelling so that filters and reports count them together,
// and the value as sent is kept beside it when it differed.

var phoneTypes = map[string]string{
	"cellphone": "mobile", "cell": "mobile", "mobile": "mobile", "cellular": "mobile", "cell phone": "mobile",
	"voice": "voice", "phone": "voice",
	"home": "home", "evening": "home",
	"work": "work", "business": "work", "office": "work", "day": "work", "daytime": "work",
	"fax": "fax", "pager": "pager",
}

var callTimes = map[string]string{
	"morning": "morning", "afternoon": "afternoon", "evening": "evening", "day": "day",
	"nopreference": "nopreference", "no preference": "nopreference", "anytime": "nopreference", "any": "nopreference",
}

var vehicleStatuses = map[string]string{"new": "new", "used": "used", "pre-owned": "used", "preowned": "used", "certified": "used", "cpo": "used"}

var interests = map[string]string{
	"buy": "buy", "purchase": "buy", "lease": "lease", "sell": "sell",
	"trade-in": "trade-in", "trade in": "trade-in", "tradein": "trade-in", "trade": "trade-in",
	"test-drive": "test-drive", "test drive": "test-drive", "testdrive": "test-drive",
}

// enum normalises a value through a table: known spellings map to the canonical one,
// unknown values are kept in lower case. raw is the value as sent when it differs.
func enum(table map[string]string, s string) (value, raw string) {
	if s == "" {
		return "", ""
	}
	key := strings.ToLower(strings.Join(strings.FieldsFunc(s, func(c rune) bool { return c == ' ' || c == '_' }), " "))
	value, ok := table[key]
	if !ok {
		value = key
	}
	if value != s {
		raw = s
	}
	return value, raw
}
