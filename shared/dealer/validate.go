package dealer

import (
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	yaml "go.yaml.in/yaml/v3"

	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/roster"
)

// validator turns a file into a Config, collecting every problem on the way.
type validator struct {
	pos      positions
	phones   Phones
	problems []Problem
}

func (v *validator) add(path, format string, args ...any) {
	v.problems = append(v.problems, Problem{Path: path, Line: v.pos.line(path), Message: fmt.Sprintf(format, args...)})
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)

// id checks an identifier: it names resources, appears in URLs and in timelines.
func (v *validator) id(path, s string) {
	switch {
	case s == "":
		v.add(path, "required")
	case !idPattern.MatchString(s):
		v.add(path, "%q is not an id: use up to 32 lowercase letters, digits and dashes, starting with a letter or digit", s)
	}
}

func (v *validator) required(path, s string) {
	if strings.TrimSpace(s) == "" {
		v.add(path, "required")
	}
}

func (v *validator) config(f *file) *Config {
	c := &Config{}
	c.Dealership, c.Team.Location = v.dealership(f.Dealership)
	c.Notifications = v.notifications(f.Notifications)
	c.Policy = v.policy(f)
	c.Team.Reps = v.reps(f.Reps, c.Dealership.Region, c.Notifications)
	if f.OnCall != nil {
		c.Team.OnCall = v.onCall(*f.OnCall, c.Team.Reps)
	}
	v.managersNeeded(c.Policy, c.Team.Reps)
	v.fanOut(c.Policy, c.Team.Reps, c.Notifications)
	c.Providers, c.Integrations = v.clients(f.Providers, f.Integrations)
	c.Report = v.report(f.Report, c.Team.Reps, f.Reps)
	return c
}

// dealership checks the dealership's identity and returns its time zone (UTC when
// the config's is invalid, so that validation can go on).
func (v *validator) dealership(d fileDealership) (Dealership, *time.Location) {
	v.id("dealership.id", d.ID)
	v.required("dealership.name", d.Name)
	loc, err := time.LoadLocation(d.Timezone)
	switch {
	case d.Timezone == "":
		v.add("dealership.timezone", "required (an IANA time zone such as America/Chicago)")
		loc = time.UTC
	case err != nil || d.Timezone == "Local":
		v.add("dealership.timezone", "%q is not an IANA time zone (such as America/Chicago)", d.Timezone)
		loc = time.UTC
	}
	region := strings.ToUpper(d.Region)
	switch {
	case d.Region == "":
		v.add("dealership.region", "required (the ISO country code phone numbers are read in, such as US)")
	case !v.phones.Region(region):
		v.add("dealership.region", "%q is not a country code phone numbers can be read in (such as US or CA)", d.Region)
	}
	return Dealership{ID: d.ID, Name: strings.TrimSpace(d.Name), Timezone: d.Timezone, Region: region}, loc
}

// duration reads a positive duration, or zero when the text is empty and optional.
func (v *validator) duration(path, s string, optional bool) time.Duration {
	if s == "" {
		if !optional {
			v.add(path, "required")
		}
		return 0
	}
	d, err := parseDuration(s)
	switch {
	case err != nil:
		v.add(path, "%v", err)
	case d <= 0 && !optional:
		v.add(path, "%q must be more than zero", s)
	case d < 0:
		v.add(path, "%q must not be negative", s)
	}
	return d
}

// parseDuration reads Go durations ("90s", "5m", "1h30m") and whole days or weeks
// ("2d", "1w"), the units follow-up policies are written in.
func parseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			if i, err := strconv.Atoi(n); err == nil {
				return time.Duration(i) * unit, nil
			}
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration (use 90s, 5m, 1h, 2d or 1w)", s)
	}
	return d, nil
}

func (v *validator) policy(f *file) lead.Policy {
	p := lead.Policy{
		FirstContact:  v.duration("sla.firstContact", f.SLA.FirstContact, false),
		WarnBefore:    v.duration("sla.warnBefore", f.SLA.WarnBefore, true),
		SecondContact: v.duration("sla.secondContact", f.SLA.SecondContact, false),
		StalledAfter:  v.duration("sla.stalledAfter", f.SLA.StalledAfter, false),
	}
	if p.WarnBefore > 0 && p.FirstContact > 0 && p.WarnBefore >= p.FirstContact {
		v.add("sla.warnBefore", "%s must be shorter than sla.firstContact (%s)", f.SLA.WarnBefore, f.SLA.FirstContact)
	}
	for i, s := range f.Escalation {
		path := "escalation[" + strconv.Itoa(i) + "]"
		step := lead.Step{Action: lead.Action(s.Action), After: v.duration(path+".after", s.After, false), Repeat: 1}
		if !slices.Contains(lead.Actions, step.Action) {
			v.add(path+".action", "%q is not an action (use %s)", s.Action, joinActions())
		}
		if s.Repeat != nil {
			if *s.Repeat < 1 {
				v.add(path+".repeat", "%d must be at least 1", *s.Repeat)
			}
			step.Repeat = *s.Repeat
		}
		p.Escalation = append(p.Escalation, step)
	}
	for i, s := range f.Cadence {
		p.Cadence = append(p.Cadence, v.duration("cadence["+strconv.Itoa(i)+"]", s, false))
	}
	return p
}

func joinActions() string {
	s := make([]string, len(lead.Actions))
	for i, a := range lead.Actions {
		s[i] = string(a)
	}
	return strings.Join(s, ", ")
}

var roles = []roster.Role{roster.Sales, roster.BDC, roster.Manager}

func (v *validator) reps(in []fileRep, region string, n Notifications) []roster.Rep {
	if len(in) == 0 {
		v.add("reps", "at least one rep is required")
	}
	seen := map[string]int{}
	var out []roster.Rep
	takesLeads := false
	for i, r := range in {
		path := "reps[" + strconv.Itoa(i) + "]"
		v.id(path+".id", r.ID)
		if first, dup := seen[r.ID]; dup && r.ID != "" {
			v.add(path+".id", "%q is already used by reps[%d]", r.ID, first)
		} else {
			seen[r.ID] = i
		}
		v.required(path+".name", r.Name)
		rep := roster.Rep{ID: r.ID, Name: strings.TrimSpace(r.Name), Role: roster.Role(r.Role)}
		if r.Role == "" {
			rep.Role = roster.Sales
		} else if !slices.Contains(roles, rep.Role) {
			v.add(path+".role", "%q is not a role (use sales, bdc or manager)", r.Role)
		}
		takesLeads = takesLeads || rep.Role != roster.Manager
		if r.Phone != "" {
			rep.Phone = v.phone(path+".phone", r.Phone, region)
		}
		if r.Email != "" {
			rep.Email = v.email(path+".email", r.Email)
		}
		if !(n.SMS && r.Phone != "") && !(n.Email && r.Email != "") {
			v.add(path, "cannot be reached: give a phone for sms or an email for email notifications, as enabled under notifications")
		}
		rep.Shifts = v.shifts(path+".shifts", &r.Shifts)
		out = append(out, rep)
	}
	if len(in) > 0 && !takesLeads {
		v.add("reps", "every rep is a manager: at least one sales or bdc rep must take leads")
	}
	return out
}

func (v *validator) phone(path, raw, region string) string {
	e164, ok := v.phones.E164(raw, region)
	if !ok {
		v.add(path, "%q is not a valid phone number for region %s", raw, region)
		return ""
	}
	return e164
}

// email checks a bare address ("alice@example.com", not "Alice <alice@...>") and
// lower-cases its domain, which is case-insensitive.
func (v *validator) email(path, raw string) string {
	addr, err := mail.ParseAddress(raw)
	if err != nil || addr.Name != "" || addr.Address != strings.TrimSpace(raw) || !strings.Contains(addr.Address[strings.LastIndex(addr.Address, "@")+1:], ".") {
		v.add(path, "%q is not an email address", raw)
		return ""
	}
	at := strings.LastIndex(addr.Address, "@")
	return addr.Address[:at] + strings.ToLower(addr.Address[at:])
}

func (v *validator) shifts(path string, n *yaml.Node) roster.Week {
	if n.Kind == 0 {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		v.add(path, `expected a mapping of days to hours, such as {mon-fri: "09:00-18:00"}`)
		return nil
	}
	var entries []roster.Shift
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if val.Kind != yaml.ScalarNode {
			v.add(path+"."+k.Value, `expected hours such as "09:00-18:00"`)
			return nil
		}
		entries = append(entries, roster.Shift{Days: k.Value, Hours: val.Value})
	}
	week, err := roster.ParseWeek(entries)
	if err != nil {
		v.add(path, "%v", err)
	}
	return week
}

func (v *validator) onCall(o fileOnCall, reps []roster.Rep) *roster.Rotation {
	r := &roster.Rotation{Reps: o.Rotation}
	if len(o.Rotation) == 0 {
		v.add("onCall.rotation", "list at least one rep")
	}
	for i, id := range o.Rotation {
		path := "onCall.rotation[" + strconv.Itoa(i) + "]"
		if !slices.ContainsFunc(reps, func(r roster.Rep) bool { return r.ID == id }) {
			v.add(path, "%q is not a rep id", id)
		}
		if slices.Index(o.Rotation, id) < i {
			v.add(path, "%q is in the rotation twice", id)
		}
	}
	h, err := roster.ParseHandoff(o.Handoff)
	switch {
	case o.Handoff == "":
		v.add("onCall.handoff", `required (such as "mon 08:00", or "08:00" for daily turns)`)
	case err != nil:
		v.add("onCall.handoff", "%v", err)
	}
	r.Handoff = h
	length := v.duration("onCall.length", o.Length, false)
	days := int(length / (24 * time.Hour))
	switch {
	case length <= 0:
	case length%(24*time.Hour) != 0:
		v.add("onCall.length", "%q must be whole days (such as 1d or 1w)", o.Length)
	case h.Weekly && days%7 != 0:
		v.add("onCall.length", "%q must be whole weeks when the handoff names a weekday", o.Length)
	}
	r.Days = days
	r.Start = h.FirstTurn(roster.DefaultRotationStart)
	if o.Start != "" {
		start, err := time.Parse(time.DateOnly, o.Start)
		switch {
		case err != nil:
			v.add("onCall.start", "%q is not a date (want YYYY-MM-DD)", o.Start)
		case h.Weekly && start.Weekday() != h.Weekday:
			v.add("onCall.start", "%s is a %s but the handoff is on %s", o.Start, start.Weekday(), h.Weekday)
		}
		r.Start = start
	}
	return r
}

// managersNeeded checks that steps which page managers have someone to page.
func (v *validator) managersNeeded(p lead.Policy, reps []roster.Rep) {
	if slices.ContainsFunc(reps, func(r roster.Rep) bool { return r.Role == roster.Manager }) {
		return
	}
	for i, s := range p.Escalation {
		if s.Action == lead.NotifyManagers {
			v.add("escalation["+strconv.Itoa(i)+"].action", "notify-managers needs at least one rep with role manager")
		}
	}
}

func (v *validator) notifications(n fileNotifications) Notifications {
	out := Notifications{SMS: n.SMS != nil && *n.SMS, Email: n.Email != nil && *n.Email, BundleWindow: DefaultBundleWindow}
	if !out.SMS && !out.Email {
		v.add("notifications", "enable sms, email or both: reps must hear about their leads")
	}
	if out.Email {
		if n.From == "" {
			v.add("notifications.from", "required when email is enabled")
		} else {
			out.From = v.email("notifications.from", n.From)
		}
	}
	if n.BundleWindow != "" {
		out.BundleWindow = v.duration("notifications.bundleWindow", n.BundleWindow, true)
		if out.BundleWindow > 10*time.Minute {
			v.add("notifications.bundleWindow", "%q is longer than 10m: nudges would arrive after the deadline they are about", n.BundleWindow)
		}
	}
	return out
}

func (v *validator) clients(providers []fileProvider, integrations []fileIntegration) ([]Provider, []Integration) {
	ids := map[string]string{}
	keys := map[string]string{}
	check := func(path, id, key string) {
		v.id(path+".id", id)
		if first, dup := ids[id]; dup && id != "" {
			v.add(path+".id", "%q is already used by %s", id, first)
		}
		ids[id] = path
		switch first, dup := keys[key]; {
		case key == "":
		case len(key) < 8:
			v.add(path+".apiKey", "too short: use at least 8 characters")
		case dup:
			v.add(path+".apiKey", "the same key as %s: every client needs its own", first)
		}
		keys[key] = path
	}
	var ps []Provider
	for i, p := range providers {
		path := "providers[" + strconv.Itoa(i) + "]"
		check(path, p.ID, p.APIKey)
		v.required(path+".name", p.Name)
		ps = append(ps, Provider{ID: p.ID, Name: strings.TrimSpace(p.Name), APIKey: p.APIKey})
	}
	var is []Integration
	for i, in := range integrations {
		path := "integrations[" + strconv.Itoa(i) + "]"
		check(path, in.ID, in.APIKey)
		is = append(is, Integration(in))
	}
	// Signing secrets are checked once every API key is known: a secret that is also a
	// key travels with every request, and a signature made with it proves nothing.
	secrets := map[string]string{}
	for i, p := range providers {
		ps[i].SigningSecrets = v.signingSecrets("providers["+strconv.Itoa(i)+"].signingSecrets", p.SigningSecrets, secrets, keys)
	}
	return ps, is
}

// minSigningSecretLen is the shortest signing secret accepted: HMAC-SHA256 is only as
// strong as its key, and 32 random bytes match the hash's own strength.
const minSigningSecretLen = 32

// signingSecrets checks a provider's signing secrets against each other, other
// providers' (seen) and API keys (keys), both by value to where they were first
// given. Messages name a secret by its place, never by its value: validation output
// ends up in terminals, CI logs and chat.
func (v *validator) signingSecrets(path string, in []string, seen, keys map[string]string) [][]byte {
	if len(in) > 2 {
		v.add(path, "lists %d secrets: give one, or two while rotating (the new one first)", len(in))
	}
	var out [][]byte
	for i, s := range in {
		p := path + "[" + strconv.Itoa(i) + "]"
		first, dup := seen[s]
		switch {
		case len(s) < minSigningSecretLen:
			v.add(p, "too short: use at least %d characters, such as 32 random bytes hex-encoded", minSigningSecretLen)
		case dup:
			v.add(p, "the same secret as %s: every provider needs its own, and each rotation a new one", first)
		case keys[s] != "":
			v.add(p, "the same as %s.apiKey: API keys are sent with every request, so a signing secret must differ from all of them", keys[s])
		}
		if !dup {
			seen[s] = p
		}
		out = append(out, []byte(s))
	}
	return out
}
