// Package phone reads the phone numbers of a dealership's config with libphonenumber
// (nyaruka/phonenumbers): a rep's number written any way a person writes it, checked
// for the dealership's region and turned into E.164. It is a package of its own so that
// only the programs that check a config (leadclock, the CDK app, the api function)
// carry the library and its metadata; the other functions read a config the stack
// checked already.
package phone

import "github.com/nyaruka/phonenumbers"

// Numbers reads phone numbers with libphonenumber; it is a dealer.Phones.
var Numbers numbers

type numbers struct{}

// Region reports whether numbers can be read in the region, an ISO country code in
// upper case.
func (numbers) Region(code string) bool {
	return phonenumbers.GetSupportedRegions()[code]
}

// E164 reads a number written in the region; ok is false when it is not a valid one.
func (numbers) E164(raw, region string) (string, bool) {
	num, err := phonenumbers.Parse(raw, region)
	if err != nil || !phonenumbers.IsValidNumber(num) {
		return "", false
	}
	return phonenumbers.Format(num, phonenumbers.E164), true
}
