package intake

import (
	"fmt"
	"net/mail"
	"strings"
)

// emails reads the customer's addresses, from "email" and "emails" alike, as bare
// addresses. It returns the problems with the addresses given, for the error when the
// customer turns out to be unreachable.
func (r *reader) emails(c customerBody) ([]string, []Problem) {
	var out []string
	var problems []Problem
	seen := map[string]bool{}
	add := func(field string, t text) {
		if t.wrong != nil {
			r.warn(field, "expected an email address, found %s; ignored", shownJSON(t.wrong))
			problems = append(problems, Problem{Field: field, Message: fmt.Sprintf("email %s is not an email address", shownJSON(t.wrong))})
			return
		}
		raw := oneLine(t.s)
		if raw == "" {
			return
		}
		addrs, ok := addresses(raw)
		if !ok {
			r.warn(field, "%s could not be read as an email address", quoted(raw))
			problems = append(problems, Problem{Field: field, Message: fmt.Sprintf("email %s is not an email address", quoted(raw))})
		}
		for _, a := range addrs {
			// Mailboxes differ only in case in theory; in practice "Jane@" and "jane@"
			// are one customer, and the engine matches them as one.
			if k := strings.ToLower(a); !seen[k] {
				seen[k] = true
				out = append(out, a)
			}
		}
	}
	add("customer.email", c.Email)
	for i, t := range first(r, "customer.emails", c.Emails) {
		add(fmt.Sprintf("customer.emails[%d]", i), t)
	}
	return out, problems
}

// addresses reads one address or, failing that, a list of them separated by commas or
// semicolons, as some forms let customers type. ok is false when any part is not an
// address; the parts that are still count.
func addresses(raw string) (addrs []string, ok bool) {
	if a, ok := address(raw); ok {
		return []string{a}, true
	}
	if !strings.ContainsAny(raw, ",;") {
		return nil, false
	}
	ok = true
	parts := 0
	for part := range strings.FieldsFuncSeq(raw, func(c rune) bool { return c == ',' || c == ';' }) {
		if strings.TrimSpace(part) == "" {
			continue
		}
		if parts++; parts > maxItems {
			ok = false
			break
		}
		a, good := address(part)
		if good {
			addrs = append(addrs, a)
		}
		ok = ok && good
	}
	return addrs, ok && len(addrs) > 0
}

// address reads one address, with or without a display name or a mailto: in front,
// and returns it bare with its domain, which is case-insensitive, in lower case. The
// local part keeps its case: a few mail servers honour it.
func address(raw string) (string, bool) {
	s := strings.TrimSpace(raw)
	if len(s) >= len("mailto:") && strings.EqualFold(s[:len("mailto:")], "mailto:") {
		s, _, _ = strings.Cut(s[len("mailto:"):], "?") // mailto: links may carry ?subject=
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return "", false
	}
	at := strings.LastIndex(a.Address, "@")
	domain := a.Address[at+1:]
	// A domain without a dot is a typo ("gmail") or an intranet host; mail to it from
	// the dealership never arrives.
	if at < 1 || !strings.Contains(domain, ".") || len(a.Address) > maxEmail {
		return "", false
	}
	addr := a.Address[:at+1] + strings.ToLower(domain)
	// net/mail unquotes a quoted local part ("jane doe"@...); such an address cannot be
	// stored bare, and no customer really has one.
	if b, err := mail.ParseAddress(addr); err != nil || b.Address != addr {
		return "", false
	}
	return addr, true
}
