package intake

import (
	"fmt"
	"strings"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
)

// Prospect is one lead of an ADF document: its intake or, when nobody could follow it
// up, why (an *Error wrapping ErrUnreachable). One document may hold several, and one
// bad prospect must not cost the others.
type Prospect struct {
	Intake engine.Intake
	Err    error
}

// maxProspects bounds the leads read from one document: a provider batches a few, and
// more only ties up intake.
const maxProspects = 50

// ParseADF reads an ADF (Auto-lead Data Format) document as providers really send it:
// any prolog or none, any encoding label over whatever bytes, text around the
// document, HTML entities and bare ampersands, elements in any order and in any case,
// vendor extensions. provider is the provider's id in the dealership's config, region
// the ISO country local phone numbers are read in, loc the dealership's time zone,
// for request dates written without one.
//
// It fails (ErrMalformed) only when there is no <adf> document with a prospect in it,
// or when it declares a DOCTYPE or entities. Each prospect is a lead of its own.
func ParseADF(doc []byte, provider, region string, loc *time.Location) ([]Prospect, error) {
	return parseADF(doc, provider, region, loc, time.Now())
}

func parseADF(doc []byte, provider, region string, loc *time.Location, now time.Time) ([]Prospect, error) {
	region, err := checkRegion(provider, region)
	if err != nil {
		return nil, err
	}
	text, encoding := utf8Text(doc)
	top := reader{region: region, maxYear: now.Year() + 2}
	if encoding == "windows-1252" {
		top.warn("document", "not UTF-8; read as windows-1252 (Latin-1)")
	}
	root, err := readTree(text, &top)
	if err != nil {
		return nil, err
	}
	prospects := root.all("prospect")
	if len(prospects) == 0 && root.first("customer") != nil {
		prospects = []*node{root} // the <prospect> wrapper left out
	}
	if len(prospects) == 0 {
		return nil, malformed("the <adf> document holds no <prospect>; each lead is a <prospect> with a <customer> in it")
	}
	if len(prospects) > maxProspects {
		top.warn("document", "%d prospects; read the first %d", len(prospects), maxProspects)
		prospects = prospects[:maxProspects]
	}
	out := make([]Prospect, 0, len(prospects))
	for _, p := range prospects {
		r := reader{region: region, maxYear: top.maxYear, warnings: append([]string(nil), top.warnings...)}
		in, err := r.prospect(p, provider, loc)
		out = append(out, Prospect{Intake: in, Err: err})
	}
	return out, nil
}

// prospect reads one <prospect> into the body a JSON lead would have been, so that
// both formats share one normalisation, and keeps everything else as extras.
func (r *reader) prospect(p *node, provider string, loc *time.Location) (engine.Intake, error) {
	var b body
	req := lead.Request{Format: "adf"}
	x := extras{r: r}
	var customerComments, vehicleComments []string
	ids, dated, vendor, prov := 0, false, false, false
	for _, c := range p.children {
		switch c.name {
		case "id":
			if ids++; ids == 1 {
				b.ProviderLeadID = given(c.value())
				continue
			}
		case "requestdate":
			if !dated {
				dated = true
				req.Date, req.At = r.requestDate(c.value(), loc)
				continue
			}
		case "vehicle":
			v, comments := x.vehicle(c, len(b.Vehicles))
			b.Vehicles = append(b.Vehicles, object[vehicleBody]{v: v})
			vehicleComments = append(vehicleComments, comments...)
			continue
		case "customer":
			customerComments = append(customerComments, x.customer(c, &b.Customer.v)...)
			continue
		case "vendor":
			if !vendor {
				vendor = true
				req.Vendor = r.line("vendor.vendorname", given(c.first("vendorname").value()), maxName)
				x.children("vendor", c, "vendorname")
				continue
			}
		case "provider":
			if !prov {
				prov = true
				req.ProviderName = r.line("provider.name", given(c.first("name").value()), maxName)
				x.children("provider", c, "name")
				continue
			}
		}
		x.add("", c)
	}
	b.Comments = given(strings.Join(nonEmpty(append(customerComments, vehicleComments...)), "\n\n"))
	in, err := r.intake(b, provider)
	in.Request = req
	in.Request.Extras = x.fields
	in.Resend = strings.EqualFold(p.attr("status"), "resend")
	in.Warnings = r.warnings
	return in, err
}

// requestDate keeps the date as written and reads it when it can; a date it cannot
// read is only worth a warning.
func (r *reader) requestDate(raw string, loc *time.Location) (string, time.Time) {
	s := r.limit("request.date", oneLine(raw), maxField)
	if s == "" {
		return "", time.Time{}
	}
	t, ok := requestDate(s, loc)
	if !ok {
		r.warn("request.date", "%s is not a date LeadClock can read; kept as sent", quoted(s))
	}
	return s, t
}

// customer reads a <customer>: the names of its primary contact (the one marked
// primarycontact="1", or the first), the phones and emails of every contact, primary
// first, and its comments, which it returns.
func (x *extras) customer(c *node, to *customerBody) (comments []string) {
	contacts := c.all("contact")
	if len(contacts) == 0 && (c.first("name") != nil || c.first("phone") != nil || c.first("email") != nil) {
		contacts = []*node{c} // the <contact> wrapper left out
	}
	for i, ct := range contacts {
		if ct.attr("primarycontact") == "1" && i > 0 {
			contacts[0], contacts[i] = contacts[i], contacts[0]
			break
		}
	}
	for i, ct := range contacts {
		if i == 0 {
			x.names(ct, to)
		}
		x.contact(ct, to, i)
	}
	// Without a <contact> wrapper, the customer's own names, phones and emails were
	// read above as its contact's.
	bare := len(contacts) > 0 && contacts[0] == c
	for _, n := range c.children {
		switch {
		case n.name == "comments":
			comments = append(comments, n.value())
		case n.name == "contact", bare && (n.name == "name" || n.name == "phone" || n.name == "email"):
		default:
			x.add("customer/", n)
		}
	}
	return comments
}

// names reads a contact's <name> parts. Providers mislabel them: type="full" is taken
// for part="full", and a name with no part is a full name.
func (x *extras) names(ct *node, to *customerBody) {
	parts := map[string]*text{"first": &to.FirstName, "middle": &to.MiddleName, "last": &to.LastName, "suffix": &to.Suffix, "full": &to.Name}
	for _, n := range ct.all("name") {
		part := strings.ToLower(n.attr("part"))
		if part == "" && strings.EqualFold(n.attr("type"), "full") {
			part = "full"
		}
		field, ok := parts[part]
		if !ok {
			field = &to.Name
		}
		if v := strings.TrimSpace(n.value()); v != "" && field.s == "" {
			*field = given(v)
		}
	}
}

// contact reads a contact's phones and emails, and keeps the rest (an address) as
// extras. The first phone or email marked preferredcontact="1" is the preferred one.
func (x *extras) contact(ct *node, to *customerBody, i int) {
	prefix := "customer/contact/"
	if i > 0 {
		prefix = fmt.Sprintf("customer/contact[%d]/", i+1)
	}
	for _, n := range ct.children {
		switch n.name {
		case "email":
			to.Emails = append(to.Emails, given(n.value()))
		case "phone":
			to.Phones = append(to.Phones, phoneBody{number: given(n.value()), label: given(n.attr("type")), time: given(n.attr("time"))})
		case "name":
			if i == 0 {
				continue
			}
			x.add(prefix, n)
			continue
		default:
			x.add(prefix, n)
			continue
		}
		if n.attr("preferredcontact") == "1" && to.Preferred.s == "" {
			to.Preferred = given(n.value())
		}
	}
}

// vehicle reads a <vehicle>; its comments are returned for the lead's comments, and
// what LeadClock has no field for (price, odometer, colours, finance) kept as extras.
func (x *extras) vehicle(v *node, i int) (vehicleBody, []string) {
	out := vehicleBody{Status: given(v.attr("status")), Interest: given(v.attr("interest"))}
	fields := map[string]*text{"year": &out.Year, "make": &out.Make, "model": &out.Model, "trim": &out.Trim, "vin": &out.VIN, "stock": &out.Stock}
	prefix := "vehicle/"
	if i > 0 {
		prefix = fmt.Sprintf("vehicle[%d]/", i+1)
	}
	var comments []string
	for _, n := range v.children {
		if f, ok := fields[n.name]; ok && f.s == "" {
			*f = given(n.value())
			continue
		}
		if n.name == "comments" {
			comments = append(comments, n.value())
			continue
		}
		x.add(prefix, n)
	}
	return out, comments
}

func given(s string) text { return text{s: s, set: true} }

func nonEmpty(ss []string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
