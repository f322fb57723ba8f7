package intake

import (
	"fmt"
	"strings"
	"time"

	"github.com/nyaruka/phonenumbers"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
)

// ParseJSON reads a lead a provider posted as JSON. provider is the provider's id in
// the dealership's config; region is the ISO country local phone numbers are read in
// (the dealership's region, such as "US").
//
// It fails only when the body is not a JSON object (ErrMalformed) or names no phone
// or email anyone could use (ErrUnreachable), with an *Error listing why. Everything
// else it cannot make sense of is left out of the intake and described in its
// Warnings, raw values included, to be stored with the lead.
func ParseJSON(body []byte, provider string, region string) (engine.Intake, error) {
	return parseJSON(body, provider, region, time.Now())
}

// parseJSON is ParseJSON at a given time, which bounds the model years it accepts.
func parseJSON(data []byte, provider, region string, now time.Time) (engine.Intake, error) {
	region, err := checkRegion(provider, region)
	if err != nil {
		return engine.Intake{}, err
	}
	var b body
	if err := decode(data, &b); err != nil {
		return engine.Intake{}, err
	}
	r := reader{region: region, maxYear: now.Year() + 2}
	in, err := r.intake(b, provider)
	if err != nil {
		return engine.Intake{}, err
	}
	in.Request = lead.Request{Format: "json"}
	return in, nil
}

// checkRegion returns the region in upper case, or an error when phone numbers cannot
// be read in it. The region comes from the dealership's config, not the provider: a
// bad one is ours to fix, and blaming the provider for it would hide it.
func checkRegion(provider, region string) (string, error) {
	region = strings.ToUpper(strings.TrimSpace(region))
	if !phonenumbers.GetSupportedRegions()[region] {
		return "", fmt.Errorf("parse %s lead: region %q is not a country phone numbers can be read in", provider, region)
	}
	return region, nil
}

// intake normalises a lead's body, whichever format it came in. The intake it returns
// with an error still holds what was read, for the rejection to describe.
func (r *reader) intake(b body, provider string) (engine.Intake, error) {
	in := engine.Intake{
		Source: lead.Source{Provider: provider, ProviderLeadID: r.line("providerLeadId", b.ProviderLeadID, maxID)},
	}
	var phoneProblems, emailProblems []Problem
	switch c := b.Customer; {
	case c.wrong != nil:
		r.warn("customer", "expected an object, found %s; ignored", shownJSON(c.wrong))
	default:
		r.recover(&c.v)
		r.name(c.v, &in.Customer)
		in.Customer.Phones, phoneProblems = r.phones(c.v)
		in.Customer.Emails, emailProblems = r.emails(c.v)
		in.Customer.Preferred = r.preferred(c.v.Preferred, in.Customer)
	}
	in.Vehicles = r.vehicles(b)
	in.Comments = r.block("comments", b.Comments, maxComments)
	in.Warnings = r.warnings
	return in, reachable(in.Customer, phoneProblems, emailProblems)
}

// reachable checks that someone can contact the customer: a lead nobody can call or
// write to cannot be followed up, and the provider must hear so now, while it can
// still fix the lead, rather than a rep finding out after the clock has run.
func reachable(c lead.Customer, phoneProblems, emailProblems []Problem) error {
	if len(c.Emails) > 0 {
		return nil
	}
	faxes := 0
	for _, p := range c.Phones {
		if p.Valid && p.Type != "fax" {
			return nil
		}
		if p.Valid {
			faxes++
		}
	}
	problems := phoneProblems
	switch {
	case faxes > 0:
		problems = append(problems, Problem{Field: "customer.phone", Message: "the only valid phone is a fax, which nobody can call or text"})
	case len(problems) == 0:
		problems = append(problems, Problem{Field: "customer.phone", Message: "no phone was given"})
	}
	problems = append(problems, emailProblems...)
	if len(emailProblems) == 0 {
		problems = append(problems, Problem{Field: "customer.email", Message: "no email was given"})
	}
	return &Error{Kind: ErrUnreachable, Problems: problems}
}
