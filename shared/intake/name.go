package intake

import (
	"strings"

	"github.com/leadclock/leadclock/shared/lead"
)

// name fills in the customer's name from whichever of name, firstName, middleName,
// lastName and suffix the provider gave: reps greet customers by first name, and lists show the full one.
func (r *reader) name(c customerBody, to *lead.Customer) {
	to.FirstName = r.line("customer.firstName", c.FirstName, maxName)
	to.LastName = r.line("customer.lastName", c.LastName, maxName)
	to.Name = r.line("customer.name", c.Name, maxName)
	middle := r.line("customer.middleName", c.MiddleName, maxName)
	suffix := r.line("customer.suffix", c.Suffix, maxName)
	switch {
	case to.Name == "":
		to.Name = strings.Join(nonEmpty([]string{to.FirstName, middle, to.LastName, suffix}), " ")
	case to.FirstName == "" && to.LastName == "":
		to.FirstName, to.LastName = splitName(to.Name)
	}
}

// splitName guesses the first and last name in a full name: the last word is the last
// name and the rest the first, which is right for most names a US dealership sees and
// harmless when wrong, since the full name is kept as given. "Doe, Jane" is read the
// other way round, and a generational suffix stays with the last name.
func splitName(full string) (first, last string) {
	l, f, ok := strings.Cut(full, ",")
	l, f = strings.TrimSpace(l), strings.TrimSpace(f)
	if ok && l != "" && f != "" && !strings.Contains(f, ",") && !isSuffix(f) {
		return f, l
	}
	words := strings.Fields(strings.Trim(full, ", "))
	n := len(words) - 1
	if n >= 1 && isSuffix(words[n]) {
		n--
	}
	if n < 1 {
		return strings.Join(words, " "), ""
	}
	return strings.Join(words[:n], " "), strings.Join(words[n:], " ")
}

func isSuffix(w string) bool {
	switch strings.ToLower(strings.TrimSuffix(w, ".")) {
	case "jr", "sr", "ii", "iii", "iv":
		return true
	}
	return false
}
