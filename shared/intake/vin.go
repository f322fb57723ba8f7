package intake

import (
	"fmt"
	"strings"
)

// vinProblem says what is wrong with a VIN (already upper-cased), or "" when nothing
// is. A VIN is 17 characters from digits and letters other than I, O and Q. Vehicles
// built for North America (a first character 1 to 5) carry a check digit in ninth
// place (49 CFR 565), which catches most single typos; other regions need not, so it
// is not checked for them. A wrong VIN is still kept: a salesperson can read it back
// to the customer, and a lead is never refused for it.
func vinProblem(vin string) string {
	if len(vin) != 17 {
		return fmt.Sprintf("%d characters, a VIN has 17", len(vin))
	}
	sum := 0
	for i := range len(vin) {
		v, ok := vinValue(vin[i])
		if !ok {
			return fmt.Sprintf("%q is not a VIN character (letters I, O and Q are never used)", vin[i])
		}
		sum += v * vinWeights[i]
	}
	if !strings.ContainsRune("12345", rune(vin[0])) {
		return ""
	}
	want := byte('0' + sum%11)
	if sum%11 == 10 {
		want = 'X'
	}
	if vin[8] != want {
		return fmt.Sprintf("check digit is %c, the other characters give %c: probably a typo", vin[8], want)
	}
	return ""
}

var vinWeights = [17]int{8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2}

// vinLetters are the letters' values, A to Z; I, O and Q (never used) are '-'.
const vinLetters = "12345678-12345-7-923456789"

// vinValue is a character's value in the check digit sum.
func vinValue(c byte) (int, bool) {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0'), true
	case c >= 'A' && c <= 'Z':
		if v := vinLetters[c-'A']; v != '-' {
			return int(v - '0'), true
		}
	}
	return 0, false
}
