package lead

// IsE164 reports whether s is written in E.164: a plus, a non-zero digit, and up to
// fifteen digits in all. It checks the form only; whether the number exists is
// libphonenumber's to say (shared/phone, intake).
func IsE164(s string) bool {
	if len(s) < 3 || len(s) > 16 || s[0] != '+' || s[1] == '0' {
		return false
	}
	for _, r := range s[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
