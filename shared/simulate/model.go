package simulate

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	yaml "go.yaml.in/yaml/v3"
)

// Model is everything the simulator assumes about a dealership's month besides its
// config: when leads arrive and from whom, what the reps do with their day, how they
// answer a nudge, how they follow up. docs/SIMULATION.md gives each default with its
// source, or says it is an assumption. A model file overrides any part of it; what
// it leaves out keeps its default.
type Model struct {
	// Start is the first day simulated, a date in the dealership's time zone.
	Start string `yaml:"start" json:"start"`
	// Days is how many days of leads arrive; the report covers the leads received in
	// them.
	Days int `yaml:"days" json:"days"`
	// Tail is how long the simulation goes on after the last day, with no new leads, so
	// that the last leads run their course (second contact, stalls) before the figures
	// are taken.
	Tail        Duration  `yaml:"tail" json:"tail"`
	LeadsPerDay float64   `yaml:"leadsPerDay" json:"leadsPerDay"`
	Arrivals    Arrivals  `yaml:"arrivals" json:"arrivals"`
	Providers   []Share   `yaml:"providers" json:"providers"`
	Customers   Customers `yaml:"customers" json:"customers"`
	// Reps is how every rep behaves; Overrides change it for a role (sales, bdc,
	// manager) and then for one rep by id, field by field. A model file's overrides
	// merge by key with the defaults' (bdc and manager); give "bdc: {}" to drop one.
	Reps      Behaviour                 `yaml:"reps" json:"reps"`
	Overrides map[string]map[string]any `yaml:"overrides" json:"overrides"`
	Channels  Channels                  `yaml:"channels" json:"channels"`
	FollowUp  FollowUp                  `yaml:"followUp" json:"followUp"`
}

// Arrivals is when leads arrive: a weight per day of the week and per hour of the
// day (dealership time). The expected leads in an hour are leadsPerDay × the day's
// weight over the mean day weight × the hour's weight over the sum of hour weights.
type Arrivals struct {
	Days  DayWeights `yaml:"days" json:"days"`
	Hours []float64  `yaml:"hours" json:"hours"`
}

// DayWeights weigh the days of the week.
type DayWeights struct {
	Mon float64 `yaml:"mon" json:"mon"`
	Tue float64 `yaml:"tue" json:"tue"`
	Wed float64 `yaml:"wed" json:"wed"`
	Thu float64 `yaml:"thu" json:"thu"`
	Fri float64 `yaml:"fri" json:"fri"`
	Sat float64 `yaml:"sat" json:"sat"`
	Sun float64 `yaml:"sun" json:"sun"`
}

// of returns the weight of a weekday.
func (d DayWeights) of(w time.Weekday) float64 {
	return [...]float64{d.Sun, d.Mon, d.Tue, d.Wed, d.Thu, d.Fri, d.Sat}[w]
}

func (d DayWeights) mean() float64 {
	return (d.Mon + d.Tue + d.Wed + d.Thu + d.Fri + d.Sat + d.Sun) / 7
}

// Share is a provider's share of the leads.
type Share struct {
	ID    string  `yaml:"id" json:"id"`
	Share float64 `yaml:"share" json:"share"`
}

// Customers is who the leads are from.
type Customers struct {
	// Returning is the share of leads from a customer who sent one before (within
	// ReturningWithin): the engine merges the inquiry into their open lead, or makes a
	// new lead offered to their previous rep.
	Returning       float64  `yaml:"returning" json:"returning"`
	ReturningWithin Duration `yaml:"returningWithin" json:"returningWithin"`
	// Resend is the share of leads the provider sends a second time, ResendAfter
	// later: the engine recognises them as duplicates.
	Resend      float64 `yaml:"resend" json:"resend"`
	ResendAfter Dist    `yaml:"resendAfter" json:"resendAfter"`
	// Junk is the share of leads nobody can sell to (a fake name, a wrong number): the
	// rep who opens one closes it as junk instead of calling.
	Junk float64 `yaml:"junk" json:"junk"`
}

// Behaviour is how a rep spends the day and answers.
type Behaviour struct {
	Floor  Floor  `yaml:"floor" json:"floor"`
	Breaks Breaks `yaml:"breaks" json:"breaks"`
	// Respond is how the rep answers a nudge, by the state they are in when it comes.
	Respond Respond `yaml:"respond" json:"respond"`
	Busy    Busy    `yaml:"busy" json:"busy"`
	CRM     CRM     `yaml:"crm" json:"crm"`
	// Call is how long one call takes: a rep with several leads to call calls them
	// one after another.
	Call Duration `yaml:"call" json:"call"`
	// Sleep is when a rep off shift is asleep (dealership time).
	Sleep Hours `yaml:"sleep" json:"sleep"`
}

// Floor is the customers a rep takes on the showroom floor.
type Floor struct {
	// VisitsPerHour is how often, while free on shift, a customer walks up to the rep.
	VisitsPerHour float64 `yaml:"visitsPerHour" json:"visitsPerHour"`
	Visit         Dist    `yaml:"visit" json:"visit"`
	// AllDay: the rep is with a customer from the start to the end of every shift.
	AllDay bool `yaml:"allDay" json:"allDay"`
}

// Breaks is the rep's break: one per shift of at least MinShift, around its middle.
type Breaks struct {
	MinShift Duration `yaml:"minShift" json:"minShift"`
	Length   Dist     `yaml:"length" json:"length"`
}

// Respond is a response per state.
type Respond struct {
	Free         Response `yaml:"free" json:"free"`
	WithCustomer Response `yaml:"withCustomer" json:"withCustomer"`
	OnBreak      Response `yaml:"onBreak" json:"onBreak"`
	OffShift     Response `yaml:"offShift" json:"offShift"`
	Asleep       Response `yaml:"asleep" json:"asleep"`
}

// Response is what a rep does with a nudge that reaches them in one state. A nudge
// not Missed is acted on at once (Now: after Delay), answered by tapping "I'm with a
// customer" (Busy: after Delay; LeadClock only), or else left until the state ends
// (after the visit, the break, or at the next shift) and acted on After later.
type Response struct {
	Missed float64 `yaml:"missed" json:"missed"`
	Now    float64 `yaml:"now" json:"now"`
	Busy   float64 `yaml:"busy" json:"busy"`
	Delay  Dist    `yaml:"delay" json:"delay"`
	After  Dist    `yaml:"after" json:"after"`
}

// Busy is the rep's use of "I'm with a customer".
type Busy struct {
	// For is how long the tap takes the rep out of rotation (the one-tap page's
	// BusyFor); zero: until the customer leaves, as a rep who gives the end through
	// the availability API would.
	For Duration `yaml:"for" json:"for"`
	// Free is the share of those taps the rep ends with "I'm free" when the customer
	// leaves; the others run out on their own.
	Free float64 `yaml:"free" json:"free"`
}

// CRM is the rep looking at their leads in the CRM: every so often while free on
// shift, on coming back from a customer or a break, and at the start of each shift,
// they call every lead of theirs still awaiting a first contact.
type CRM struct {
	// Every is the time between looks while free; zero never looks.
	Every Dist `yaml:"every" json:"every"`
}

// Hours is a span of the day, "22:00" to "07:00"; equal ends are no span.
type Hours struct {
	From string `yaml:"from" json:"from"`
	To   string `yaml:"to" json:"to"`
}

// Channels is how each notification channel's messages get through.
type Channels struct {
	SMS   Channel `yaml:"sms" json:"sms"`
	Email Channel `yaml:"email" json:"email"`
}

// Channel says how often a message on it goes unseen, and how long it takes to be
// seen at all.
type Channel struct {
	Missed float64 `yaml:"missed" json:"missed"`
	Lag    Dist    `yaml:"lag" json:"lag"`
}

// FollowUp is what happens after the first contact.
type FollowUp struct {
	// OwnInitiative is the chance that, after an attempt, the rep makes the next one
	// unprompted (a CRM task), Gap later, during a shift. LeadClock's reminders come
	// on top.
	OwnInitiative float64 `yaml:"ownInitiative" json:"ownInitiative"`
	Gap           Dist    `yaml:"gap" json:"gap"`
	// MaxAttempts is how many attempts a rep makes before closing a lead whose
	// customer never decided as lost (no response).
	MaxAttempts int `yaml:"maxAttempts" json:"maxAttempts"`
	// Integration is the share of contacts a phone system or the CRM reports; the
	// others the rep reports.
	Integration float64 `yaml:"integration" json:"integration"`
	// CloseChance is the chance that an attempt ends the lead (the customer buys, or
	// says no); Sold is the share of those that are sales.
	CloseChance float64 `yaml:"closeChance" json:"closeChance"`
	Sold        float64 `yaml:"sold" json:"sold"`
}

// Default returns the model docs/SIMULATION.md documents.
func Default() Model {
	return Model{
		Start:       "2026-11-02",
		Days:        30,
		Tail:        Duration(7 * day),
		LeadsPerDay: 20,
		Arrivals: Arrivals{
			Days: DayWeights{Mon: 1.15, Tue: 1.25, Wed: 1.1, Thu: 1.0, Fri: 0.85, Sat: 0.8, Sun: 0.75},
			// Percent of a day's leads per hour from 00:00: 17 between 05:00 and 10:00, 38
			// between 10:00 and 16:00, 45 between 16:00 and 05:00.
			Hours: []float64{1.8, 1.0, 0.6, 0.4, 0.4, 1.0, 2.0, 3.5, 4.5, 6.0, 6.2, 6.4, 6.5, 6.4, 6.3, 6.2,
				6.0, 5.6, 5.4, 5.8, 6.0, 5.2, 4.0, 2.8},
		},
		Customers: Customers{
			Returning: 0.08, ReturningWithin: Duration(30 * day),
			Resend: 0.03, ResendAfter: Dist{Median: Duration(10 * time.Minute), P90: Duration(2 * time.Hour)},
			Junk: 0.03,
		},
		Reps: Behaviour{
			Floor:  Floor{VisitsPerHour: 0.2, Visit: Dist{Median: Duration(time.Hour), P90: Duration(150 * time.Minute)}},
			Breaks: Breaks{MinShift: Duration(6 * time.Hour), Length: Dist{Median: Duration(30 * time.Minute), P90: Duration(45 * time.Minute)}},
			Respond: Respond{
				Free: Response{Missed: 0.05, Now: 1, Delay: minutes(1.5, 4)},
				WithCustomer: Response{Missed: 0.05, Now: 0.15, Busy: 0.35, Delay: minutes(2, 6),
					After: minutes(3, 10)},
				OnBreak:  Response{Missed: 0.05, Now: 0.5, Delay: minutes(3, 10), After: minutes(2, 5)},
				OffShift: Response{Missed: 0.3, Now: 1, Delay: minutes(6, 20), After: minutes(5, 15)},
				Asleep:   Response{Missed: 0.7, Now: 1, Delay: minutes(10, 30), After: minutes(5, 15)},
			},
			Busy:  Busy{For: Duration(time.Hour), Free: 0.5},
			CRM:   CRM{Every: minutes(90, 240)},
			Call:  Duration(4 * time.Minute),
			Sleep: Hours{From: "22:00", To: "07:00"},
		},
		Overrides: map[string]map[string]any{
			"bdc":     {"floor": map[string]any{"visitsPerHour": 0}},
			"manager": {"floor": map[string]any{"visitsPerHour": 0.1}},
		},
		Channels: Channels{
			SMS:   Channel{Missed: 0},
			Email: Channel{Missed: 0.5, Lag: minutes(5, 30)},
		},
		FollowUp: FollowUp{
			OwnInitiative: 0.6, Gap: Dist{Median: Duration(26 * time.Hour), P90: Duration(3 * day)}, MaxAttempts: 6,
			Integration: 0.4, CloseChance: 0.2, Sold: 0.3,
		},
	}
}

const day = 24 * time.Hour

func minutes(median, p90 float64) Dist {
	return Dist{Median: Duration(median * float64(time.Minute)), P90: Duration(p90 * float64(time.Minute))}
}

// LoadModel reads a model file over the defaults.
func LoadModel(path string) (Model, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Model{}, fmt.Errorf("read model: %w", err)
	}
	return ParseModel(path, data)
}

// ParseModel reads a model over the defaults: what the document gives replaces the
// default, field by field; unknown fields are an error. name is used in messages.
func ParseModel(name string, data []byte) (Model, error) {
	m := Default()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil && !errors.Is(err, io.EOF) {
		return Model{}, fmt.Errorf("%s: %w", name, err)
	}
	if err := m.Validate(); err != nil {
		return Model{}, fmt.Errorf("%s: %w", name, err)
	}
	return m, nil
}

// Behaviour returns how a rep with the id and role behaves: the model's reps, then
// the role's overrides, then the rep's.
func (m *Model) Behaviour(id, role string) (Behaviour, error) {
	b := m.Reps
	for _, key := range []string{role, id} {
		o, ok := m.Overrides[key]
		if !ok {
			continue
		}
		data, err := yaml.Marshal(o)
		if err != nil {
			return b, fmt.Errorf("overrides.%s: %w", key, err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&b); err != nil {
			return b, fmt.Errorf("overrides.%s: %w", key, err)
		}
	}
	return b, nil
}

// Validate checks that every share is a share, every weight a weight, and so on.
func (m *Model) Validate() error {
	var v problems
	if _, err := time.Parse(time.DateOnly, m.Start); err != nil {
		v.add("start", "%q is not a date (YYYY-MM-DD)", m.Start)
	}
	v.check(m.Days >= 1 && m.Days <= 3660, "days", "%d: want 1 to 3660", m.Days)
	v.check(m.Tail >= 0, "tail", "must not be negative")
	v.check(m.LeadsPerDay >= 0 && m.LeadsPerDay <= 100000, "leadsPerDay", "%v: want 0 to 100000", m.LeadsPerDay)
	d := m.Arrivals.Days
	for i, w := range []float64{d.Mon, d.Tue, d.Wed, d.Thu, d.Fri, d.Sat, d.Sun} {
		v.weight("arrivals.days."+[]string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}[i], w)
	}
	v.check(d.mean() > 0, "arrivals.days", "at least one day needs a weight")
	v.check(len(m.Arrivals.Hours) == 24, "arrivals.hours", "%d weights: want 24, one per hour from 00:00", len(m.Arrivals.Hours))
	sum := 0.0
	for i, w := range m.Arrivals.Hours {
		v.weight(fmt.Sprintf("arrivals.hours[%d]", i), w)
		sum += w
	}
	v.check(sum > 0, "arrivals.hours", "at least one hour needs a weight")
	seen := map[string]bool{}
	for i, p := range m.Providers {
		path := fmt.Sprintf("providers[%d]", i)
		v.check(p.ID != "", path+".id", "required")
		v.check(!seen[p.ID], path+".id", "%q is listed twice", p.ID)
		seen[p.ID] = true
		v.weight(path+".share", p.Share)
	}
	c := m.Customers
	v.share("customers.returning", c.Returning)
	v.check(c.ReturningWithin >= 0, "customers.returningWithin", "must not be negative")
	v.share("customers.resend", c.Resend)
	v.dist("customers.resendAfter", c.ResendAfter)
	v.share("customers.junk", c.Junk)
	v.behaviour("reps", m.Reps)
	for _, key := range sortedKeys(m.Overrides) {
		b, err := m.Behaviour("", key)
		if err != nil {
			v.add("overrides."+key, "%v", err)
			continue
		}
		v.behaviour("overrides."+key, b)
	}
	for _, ch := range []struct {
		name string
		c    Channel
	}{{"sms", m.Channels.SMS}, {"email", m.Channels.Email}} {
		v.share("channels."+ch.name+".missed", ch.c.Missed)
		v.dist("channels."+ch.name+".lag", ch.c.Lag)
	}
	f := m.FollowUp
	v.share("followUp.ownInitiative", f.OwnInitiative)
	v.dist("followUp.gap", f.Gap)
	v.check(f.MaxAttempts >= 1, "followUp.maxAttempts", "%d: want at least 1", f.MaxAttempts)
	v.share("followUp.integration", f.Integration)
	v.share("followUp.closeChance", f.CloseChance)
	v.share("followUp.sold", f.Sold)
	return v.err()
}

// problems gathers what is wrong with a model.
type problems []string

func (v *problems) add(path, format string, args ...any) {
	*v = append(*v, path+": "+fmt.Sprintf(format, args...))
}

func (v *problems) check(ok bool, path, format string, args ...any) {
	if !ok {
		v.add(path, format, args...)
	}
}

func (v *problems) share(path string, s float64) {
	v.check(s >= 0 && s <= 1, path, "%v is not a share between 0 and 1", s)
}

func (v *problems) weight(path string, w float64) {
	v.check(w >= 0 && !math.IsInf(w, 0) && !math.IsNaN(w), path, "%v is not a weight (0 or more)", w)
}

func (v *problems) dist(path string, d Dist) {
	v.check(d.Median >= 0 && d.P90 >= 0, path, "durations must not be negative")
	v.check(d.P90 == 0 || d.P90 >= d.Median, path, "p90 %s is below the median %s", d.P90, d.Median)
}

func (v *problems) behaviour(path string, b Behaviour) {
	v.check(b.Floor.VisitsPerHour >= 0, path+".floor.visitsPerHour", "must not be negative")
	v.dist(path+".floor.visit", b.Floor.Visit)
	v.check(b.Breaks.MinShift >= 0, path+".breaks.minShift", "must not be negative")
	v.dist(path+".breaks.length", b.Breaks.Length)
	for _, r := range []struct {
		name string
		r    Response
	}{{"free", b.Respond.Free}, {"withCustomer", b.Respond.WithCustomer}, {"onBreak", b.Respond.OnBreak},
		{"offShift", b.Respond.OffShift}, {"asleep", b.Respond.Asleep}} {
		p := path + ".respond." + r.name
		v.share(p+".missed", r.r.Missed)
		v.share(p+".now", r.r.Now)
		v.share(p+".busy", r.r.Busy)
		v.check(r.r.Now+r.r.Busy <= 1+1e-9, p, "now %v and busy %v add up to more than 1", r.r.Now, r.r.Busy)
		v.dist(p+".delay", r.r.Delay)
		v.dist(p+".after", r.r.After)
	}
	v.check(b.Busy.For >= 0, path+".busy.for", "must not be negative")
	v.share(path+".busy.free", b.Busy.Free)
	v.dist(path+".crm.every", b.CRM.Every)
	v.check(b.Call >= 0, path+".call", "must not be negative")
	for _, h := range []struct{ name, s string }{{"from", b.Sleep.From}, {"to", b.Sleep.To}} {
		if _, err := clockMinute(h.s); err != nil {
			v.add(path+".sleep."+h.name, "%v", err)
		}
	}
}

func (v problems) err() error {
	if len(v) == 0 {
		return nil
	}
	return fmt.Errorf("invalid model:\n  %s", strings.Join(v, "\n  "))
}

// clockMinute reads "HH:MM" as minutes since midnight.
func clockMinute(s string) (int, error) {
	h, m, ok := strings.Cut(s, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 || len(m) != 2 {
		return 0, fmt.Errorf("%q is not a time of day (HH:MM)", s)
	}
	return hh*60 + mm, nil
}

// Duration is a time.Duration written as "90s", "5m", "1h30m", "2d" or "1w".
type Duration time.Duration

// D returns the duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

func (d Duration) String() string {
	t := time.Duration(d)
	switch {
	case t == 0:
		return "0s"
	case t%(7*day) == 0:
		return strconv.FormatInt(int64(t/(7*day)), 10) + "w"
	case t%day == 0:
		return strconv.FormatInt(int64(t/day), 10) + "d"
	}
	s := t.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// ParseDuration reads a Duration.
func ParseDuration(s string) (Duration, error) {
	s = strings.TrimSpace(s)
	for _, u := range []struct {
		suffix string
		unit   time.Duration
	}{{"d", day}, {"w", 7 * day}} {
		if n, ok := strings.CutSuffix(s, u.suffix); ok {
			if f, err := strconv.ParseFloat(n, 64); err == nil {
				return Duration(f * float64(u.unit)), nil
			}
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration (use 90s, 5m, 1h, 2d or 1w)", s)
	}
	return Duration(d), nil
}

// UnmarshalYAML reads a duration.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: want a duration such as 5m", n.Line)
	}
	v, err := ParseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*d = v
	return nil
}

// MarshalYAML writes a duration as its string.
func (d Duration) MarshalYAML() (any, error) { return d.String(), nil }

// MarshalText writes a duration as its string (JSON, too).
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a duration, so that a report's JSON reads back.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := ParseDuration(string(b))
	*d = v
	return err
}

// Dist is a random duration: log-normal with the given median and 90th percentile,
// the shape waiting times usually have (most short, a few long). A p90 of zero or
// equal to the median makes it fixed; it is written as one duration ("2m") then.
type Dist struct {
	Median Duration `yaml:"median" json:"median"`
	P90    Duration `yaml:"p90" json:"p90"`
}

// UnmarshalYAML reads {median: 2m, p90: 10m} or a fixed "2m".
func (d *Dist) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		v, err := ParseDuration(n.Value)
		if err != nil {
			return fmt.Errorf("line %d: %w", n.Line, err)
		}
		*d = Dist{Median: v, P90: v}
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: want a duration or {median: 2m, p90: 10m}", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		var field *Duration
		switch k := n.Content[i].Value; k {
		case "median":
			field = &d.Median
		case "p90":
			field = &d.P90
		default:
			return fmt.Errorf("line %d: field %s not found in a duration distribution (median, p90)", n.Content[i].Line, k)
		}
		if err := field.UnmarshalYAML(n.Content[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// MarshalYAML writes a fixed Dist as one duration.
func (d Dist) MarshalYAML() (any, error) {
	if d.fixed() {
		return d.Median.String(), nil
	}
	return map[string]string{"median": d.Median.String(), "p90": d.P90.String()}, nil
}

func (d Dist) fixed() bool { return d.P90 <= d.Median }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
