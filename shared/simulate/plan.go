package simulate

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/roster"
)

// plan is what both worlds share: the leads that arrive and what becomes of each
// customer, and every rep's day. Drawn once, it makes LeadClock and the baseline
// meet the same month.
type plan struct {
	loc        *time.Location
	start, end time.Time // the days leads arrive: [start, end)
	stop       time.Time // end of the tail
	arrivals   []arrival // in time order
	reps       []*repPlan
	// counts of what was generated
	returning, resends int
}

// arrival is a provider posting a lead.
type arrival struct {
	at       time.Time
	intake   engine.Intake
	customer int
	// resendOf is the index of the arrival this one repeats, or -1.
	resendOf int
	// returning: the customer sent a lead before.
	returning bool
	fate      fate
}

// fate is what becomes of a lead whatever anyone does: whether it is junk, and at
// which contact attempt the customer decides (0: never, within the attempts a rep
// makes).
type fate struct {
	junk    bool
	closeAt int
	sold    bool
}

// repPlan is one rep's days: the shifts (from the config) and, within them, the
// customers on the floor and the breaks.
type repPlan struct {
	rep    roster.Rep
	b      Behaviour
	shifts []span
	busy   []span // sorted, not overlapping
	sleepFrom,
	sleepTo int // minutes of the day
}

type state int

const (
	stateFree state = iota
	stateWithCustomer
	stateOnBreak
	stateOffShift
	stateAsleep
)

var stateNames = []string{"free", "with a customer", "on break", "off shift", "asleep"}

func (s state) String() string { return stateNames[s] }

// span is a stretch of time in a state.
type span struct {
	from, to time.Time
	state    state
}

func newPlan(cfg *dealer.Config, m *Model, seed uint64) (*plan, error) {
	loc := cfg.Team.Location
	day0, err := time.ParseInLocation(time.DateOnly, m.Start, loc)
	if err != nil {
		return nil, fmt.Errorf("model start: %w", err)
	}
	p := &plan{loc: loc, start: day0, end: day0.AddDate(0, 0, m.Days)}
	p.stop = p.end.Add(m.Tail.D())
	providers, err := providerShares(cfg, m)
	if err != nil {
		return nil, err
	}
	p.arrive(m, providers, newRand(seed, streamArrivals))
	r := newRand(seed, streamDays)
	for _, rep := range cfg.Team.Reps {
		b, err := m.Behaviour(rep.ID, string(rep.Role))
		if err != nil {
			return nil, err
		}
		rp := &repPlan{rep: rep, b: b}
		rp.sleepFrom, _ = clockMinute(b.Sleep.From)
		rp.sleepTo, _ = clockMinute(b.Sleep.To)
		rp.shifts = shiftSpans(rep.Shifts, loc, day0.AddDate(0, 0, -1), p.stop.AddDate(0, 0, 1))
		rp.fill(r)
		p.reps = append(p.reps, rp)
	}
	return p, nil
}

// providerShares returns the config's providers with their share of the leads: the
// model's, and an equal split of what is left among those it does not list.
func providerShares(cfg *dealer.Config, m *Model) ([]Share, error) {
	known := map[string]bool{}
	for _, p := range cfg.Providers {
		known[p.ID] = true
	}
	given := map[string]float64{}
	total := 0.0
	for _, s := range m.Providers {
		if !known[s.ID] {
			return nil, fmt.Errorf("model providers: %q is not a provider of %s", s.ID, cfg.Dealership.ID)
		}
		given[s.ID] = s.Share
		total += s.Share
	}
	var rest []string
	for _, p := range cfg.Providers {
		if _, ok := given[p.ID]; !ok {
			rest = append(rest, p.ID)
		}
	}
	out := make([]Share, 0, len(cfg.Providers))
	for _, p := range cfg.Providers {
		share, ok := given[p.ID]
		if !ok {
			share = max(0, 1-total) / float64(len(rest))
		}
		out = append(out, Share{ID: p.ID, Share: share})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s has no providers: nobody can send it leads", cfg.Dealership.ID)
	}
	return out, nil
}

// arrive draws the month's leads: a Poisson process whose rate follows the day and
// hour weights, then for each lead its provider, its customer (new or returning),
// whether the provider sends it twice, and its fate.
func (p *plan) arrive(m *Model, providers []Share, rr *randT) {
	hourSum := 0.0
	for _, w := range m.Arrivals.Hours {
		hourSum += w
	}
	dayMean := m.Arrivals.Days.mean()
	var times []time.Time
	for d := p.start; d.Before(p.end); d = d.AddDate(0, 0, 1) {
		dayWeight := m.Arrivals.Days.of(d.Weekday()) / dayMean
		for h, w := range m.Arrivals.Hours {
			from := time.Date(d.Year(), d.Month(), d.Day(), h, 0, 0, 0, p.loc)
			to := time.Date(d.Year(), d.Month(), d.Day(), h+1, 0, 0, 0, p.loc)
			if !to.After(from) || from.Hour() != h {
				continue // an hour a daylight-saving change skips
			}
			n := poisson(rr, m.LeadsPerDay*dayWeight*w/hourSum)
			for range n {
				times = append(times, from.Add(time.Duration(rr.Int64N(int64(to.Sub(from)/time.Second)))*time.Second))
			}
		}
	}
	slices.SortFunc(times, time.Time.Compare)

	customers := 0
	var resends []arrival
	for i, at := range times {
		a := arrival{at: at, resendOf: -1}
		a.customer = customers
		if i > 0 && chance(rr, m.Customers.Returning) {
			// A customer among those who sent a lead within the lookback.
			first := sort.Search(i, func(j int) bool { return !p.arrivals[j].at.Before(at.Add(-m.Customers.ReturningWithin.D())) })
			if first < i {
				a.customer = p.arrivals[first+rr.IntN(i-first)].customer
				a.returning = true
				p.returning++
			}
		}
		if !a.returning {
			customers++
		}
		provider := pick(rr, providers)
		a.intake = engine.Intake{
			Source:   lead.Source{Provider: provider, ProviderLeadID: fmt.Sprintf("%s-%06d", provider, i+1)},
			Customer: customer(a.customer),
			Vehicles: []lead.Vehicle{{Year: 2024 + i%3, Make: "Demo", Model: models[i%len(models)], Stock: fmt.Sprintf("S%06d", i+1), Status: "used", Interest: "buy"}},
			Comments: "Is this vehicle still available?",
		}
		a.fate = fate{junk: chance(rr, m.Customers.Junk)}
		for n := 1; n <= m.FollowUp.MaxAttempts; n++ {
			if chance(rr, m.FollowUp.CloseChance) {
				a.fate.closeAt, a.fate.sold = n, chance(rr, m.FollowUp.Sold)
				break
			}
		}
		if chance(rr, m.Customers.Resend) {
			again := a
			again.at = at.Add(max(m.Customers.ResendAfter.sample(rr), time.Second))
			again.resendOf = i
			again.returning = false
			resends = append(resends, again)
		}
		p.arrivals = append(p.arrivals, a)
	}
	p.resends = len(resends)
	// Resends join the arrivals in time order; an original comes before its resend.
	p.arrivals = append(p.arrivals, resends...)
	slices.SortStableFunc(p.arrivals, func(a, b arrival) int { return a.at.Compare(b.at) })
}

var models = []string{"Sedan", "Hatchback", "Crossover", "Pickup", "Minivan", "Coupe"}

// customer is the customer with the number: a phone and an email of their own.
func customer(n int) lead.Customer {
	phone := fmt.Sprintf("+1312%07d", 5000000+n)
	return lead.Customer{
		Name:   fmt.Sprintf("Customer %d", n+1),
		Phones: []lead.Phone{{E164: phone, Raw: phone, Type: "mobile", Valid: true}},
		Emails: []string{fmt.Sprintf("customer%d@example.com", n+1)},
	}
}

// pick chooses a provider by share.
func pick(r *randT, shares []Share) string {
	total := 0.0
	for _, s := range shares {
		total += s.Share
	}
	if total <= 0 {
		return shares[r.IntN(len(shares))].ID
	}
	u := r.Float64() * total
	for _, s := range shares {
		if u < s.Share {
			return s.ID
		}
		u -= s.Share
	}
	return shares[len(shares)-1].ID
}

// shiftSpans returns the stretches the rep is on shift between two local dates, as
// the roster reads the shifts: the windows of the week in local wall-clock time.
func shiftSpans(w roster.Week, loc *time.Location, from, to time.Time) []span {
	var out []span
	for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
		dayStart := (int(d.Weekday()) + 6) % 7 * 24 * 60 // minutes from Monday 00:00
		for _, win := range w {
			lo, hi := max(win.Start, dayStart), min(win.End, dayStart+24*60)
			if lo >= hi {
				continue
			}
			s := time.Date(d.Year(), d.Month(), d.Day(), 0, lo-dayStart, 0, 0, loc)
			e := time.Date(d.Year(), d.Month(), d.Day(), 0, hi-dayStart, 0, 0, loc)
			if n := len(out); n > 0 && !out[n-1].to.Before(s) {
				out[n-1].to = maxTime(out[n-1].to, e)
				continue
			}
			out = append(out, span{from: s, to: e, state: stateFree})
		}
	}
	return out
}

// fill draws the rep's customers and breaks shift by shift.
func (rp *repPlan) fill(r *randT) {
	var busyUntil time.Time
	for _, sh := range rp.shifts {
		s, e := maxTime(sh.from, busyUntil), sh.to
		if !s.Before(e) {
			continue
		}
		if rp.b.Floor.AllDay {
			rp.busy = append(rp.busy, span{from: s, to: e, state: stateWithCustomer})
			busyUntil = e
			continue
		}
		var brk *span
		if length := e.Sub(s); length >= rp.b.Breaks.MinShift.D() && rp.b.Breaks.Length.Median > 0 {
			mid := s.Add(length/2 + time.Duration((r.Float64()-0.5)*float64(length)/3))
			l := rp.b.Breaks.Length.sample(r)
			brk = &span{from: mid.Add(-l / 2).Truncate(time.Minute), to: mid.Add(-l / 2).Truncate(time.Minute).Add(l), state: stateOnBreak}
		}
		t := s
		for {
			gap, ok := exponential(r, rp.b.Floor.VisitsPerHour)
			if !ok {
				break
			}
			t = t.Add(gap)
			if brk != nil && !t.Before(brk.from) && t.Before(brk.to) {
				t = brk.to
				continue
			}
			if !t.Before(e) {
				break
			}
			v := span{from: t, to: t.Add(max(rp.b.Floor.Visit.sample(r), time.Minute)), state: stateWithCustomer}
			if brk != nil && v.from.Before(brk.from) && v.to.After(brk.from) {
				// The customer came first: the break waits until they leave.
				l := brk.to.Sub(brk.from)
				brk.from, brk.to = v.to, v.to.Add(l)
			}
			rp.busy = append(rp.busy, v)
			t = v.to
		}
		if brk != nil && brk.from.Before(e) {
			rp.busy = append(rp.busy, *brk)
		}
		slices.SortFunc(rp.busy, func(a, b span) int { return a.from.Compare(b.from) })
		if n := len(rp.busy); n > 0 {
			busyUntil = maxTime(busyUntil, rp.busy[n-1].to)
		}
	}
}

// state is what the rep is doing at the instant, and until when.
func (rp *repPlan) state(loc *time.Location, at time.Time) (state, time.Time) {
	i := sort.Search(len(rp.busy), func(i int) bool { return rp.busy[i].to.After(at) })
	if i < len(rp.busy) && !rp.busy[i].from.After(at) {
		return rp.busy[i].state, rp.busy[i].to
	}
	j := sort.Search(len(rp.shifts), func(j int) bool { return rp.shifts[j].to.After(at) })
	if j < len(rp.shifts) && !rp.shifts[j].from.After(at) {
		return stateFree, at
	}
	next := at.Add(roster.Horizon)
	if j < len(rp.shifts) {
		next = rp.shifts[j].from
	}
	local := at.In(loc)
	minute := local.Hour()*60 + local.Minute()
	asleep := (rp.sleepFrom < rp.sleepTo && minute >= rp.sleepFrom && minute < rp.sleepTo) ||
		(rp.sleepFrom > rp.sleepTo && (minute >= rp.sleepFrom || minute < rp.sleepTo))
	if asleep {
		return stateAsleep, next
	}
	return stateOffShift, next
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
