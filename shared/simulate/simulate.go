package simulate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/roster"
)

// Options are what a run needs besides the dealership's config.
type Options struct {
	// Seed picks the month: the same seed, config and model give the same report, byte
	// for byte.
	Seed  uint64
	Model Model
	// ConfigName and Config are the config file's name and contents, for the report to
	// say which config it is about.
	ConfigName string
	Config     []byte
	// Sweep, when set, runs the month again for each of its values.
	Sweep *Sweep
}

// Report is a simulated month: LeadClock and the baseline side by side.
type Report struct {
	Title string `json:"title"`
	// Note says, in so many words, that the figures come from a model.
	Note       string     `json:"note"`
	Generator  string     `json:"generator"`
	Dealership Dealership `json:"dealership"`
	Seed       uint64     `json:"seed"`
	// From and To are the days leads arrived; AsOf is when the figures were taken,
	// at the end of the tail.
	From     time.Time    `json:"from"`
	To       time.Time    `json:"to"`
	AsOf     time.Time    `json:"asOf"`
	Arrivals ArrivalStats `json:"arrivals"`
	Headline []Compare    `json:"headline"`
	Notes    []string     `json:"notes"`
	// LeadClock and Baseline are the two worlds.
	LeadClock World  `json:"leadclock"`
	Baseline  World  `json:"baseline"`
	Sweep     *Sweep `json:"sweep,omitempty"`
	Model     Model  `json:"model"`
}

// Dealership says which dealership and config the report is about.
type Dealership struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Timezone     string `json:"timezone"`
	Config       string `json:"config,omitempty"`
	ConfigSHA256 string `json:"configSha256,omitempty"`
	Reps         int    `json:"reps"`
	SLASeconds   int64  `json:"slaSeconds"`
}

// ArrivalStats is what the providers sent.
type ArrivalStats struct {
	Posted    int            `json:"posted"`
	Returning int            `json:"returning"`
	Resends   int            `json:"resends"`
	Providers []ProviderPost `json:"providers"`
}

// ProviderPost counts a provider's posts.
type ProviderPost struct {
	ID    string `json:"id"`
	Posts int    `json:"posts"`
}

// Compare is one headline figure in both worlds.
type Compare struct {
	Measure   string   `json:"measure"`
	Unit      string   `json:"unit"` // share, seconds, count, rate
	LeadClock *float64 `json:"leadclock"`
	Baseline  *float64 `json:"baseline"`
}

// Sweep runs the month for each value of one parameter: sla (the first-contact
// deadline), reps (the first N sales and BDC reps of the config, with every
// manager) or leads (leads per day).
type Sweep struct {
	Parameter string     `json:"parameter"`
	Values    []string   `json:"values"`
	Rows      []SweepRow `json:"rows"`
}

// SweepRow is the outcome for one value.
type SweepRow struct {
	Value     string  `json:"value"`
	LeadClock Summary `json:"leadclock"`
	Baseline  Summary `json:"baseline"`
}

// ParseSweep reads "sla=3m,5m,10m", "reps=3,4,5" or "leads=50,100,200".
func ParseSweep(s string) (*Sweep, error) {
	param, list, ok := strings.Cut(s, "=")
	values := strings.Split(list, ",")
	if !ok || list == "" {
		return nil, fmt.Errorf("sweep %q: want PARAM=V1,V2,… (sla=3m,5m,10m, reps=3,4,5 or leads=50,100,200)", s)
	}
	for i, v := range values {
		values[i] = strings.TrimSpace(v)
		var err error
		switch param {
		case "sla":
			var d Duration
			if d, err = ParseDuration(values[i]); err == nil && d <= 0 {
				err = fmt.Errorf("%q must be more than zero", values[i])
			}
		case "reps":
			var n int
			if n, err = strconv.Atoi(values[i]); err == nil && n < 1 {
				err = fmt.Errorf("%d reps: want at least 1", n)
			}
		case "leads":
			var f float64
			if f, err = strconv.ParseFloat(values[i], 64); err == nil && (f < 0 || f > 100000) {
				err = fmt.Errorf("%v leads per day: want 0 to 100000", f)
			}
		default:
			return nil, fmt.Errorf("sweep %q: %q is not a parameter (sla, reps or leads)", s, param)
		}
		if err != nil {
			return nil, fmt.Errorf("sweep %q: %w", s, err)
		}
	}
	return &Sweep{Parameter: param, Values: values}, nil
}

// vary returns the config and model with the sweep's parameter set to the value.
func (sw *Sweep) vary(cfg *dealer.Config, m Model, value string) (*dealer.Config, Model, error) {
	c := *cfg
	switch sw.Parameter {
	case "sla":
		d, _ := ParseDuration(value)
		if c.Policy.WarnBefore >= d.D() {
			return nil, m, fmt.Errorf("sla=%s: the config warns %s before the deadline; the deadline must be longer", value, c.Policy.WarnBefore)
		}
		c.Policy.FirstContact = d.D()
	case "reps":
		n, _ := strconv.Atoi(value)
		var reps []roster.Rep
		kept := map[string]bool{}
		for _, r := range cfg.Team.Reps {
			if r.Role == roster.Manager || len(kept) < n {
				reps = append(reps, r)
				if r.Role != roster.Manager {
					kept[r.ID] = true
				}
			}
		}
		if len(kept) < n {
			return nil, m, fmt.Errorf("reps=%d: the config has %d sales and BDC reps", n, len(kept))
		}
		c.Team.Reps = reps
		if oc := cfg.Team.OnCall; oc != nil {
			rot := *oc
			rot.Reps = nil
			for _, id := range oc.Reps {
				if kept[id] {
					rot.Reps = append(rot.Reps, id)
				}
			}
			c.Team.OnCall = &rot
			if len(rot.Reps) == 0 {
				c.Team.OnCall = nil
			}
		}
	case "leads":
		m.LeadsPerDay, _ = strconv.ParseFloat(value, 64)
	}
	return &c, m, nil
}

// Run simulates the month in both worlds, and again for each value of the sweep.
func Run(ctx context.Context, cfg *dealer.Config, opt Options) (*Report, error) {
	if err := opt.Model.Validate(); err != nil {
		return nil, err
	}
	type job struct {
		cfg  *dealer.Config
		m    Model
		out  [2]World
		err  error
		plan *plan
	}
	jobs := []*job{{cfg: cfg, m: opt.Model}}
	if sw := opt.Sweep; sw != nil {
		for _, v := range sw.Values {
			c, m, err := sw.vary(cfg, opt.Model, v)
			if err != nil {
				return nil, err
			}
			jobs = append(jobs, &job{cfg: c, m: m})
		}
	}
	for _, j := range jobs {
		p, err := newPlan(j.cfg, &j.m, opt.Seed)
		if err != nil {
			return nil, err
		}
		j.plan = p
	}
	// Every world runs on its own: its own engine, store, clock and random stream.
	// They run side by side, and each result has its place.
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	var mu sync.Mutex
	for _, j := range jobs {
		for k := range 2 {
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				w := newWorld(ctx, kind(k), j.cfg, &j.m, j.plan, opt.Seed)
				err := w.run()
				var out World
				if err == nil {
					out, err = w.outcome()
				}
				mu.Lock()
				defer mu.Unlock()
				j.out[k] = out
				if err != nil && j.err == nil {
					j.err = err
				}
			})
		}
	}
	wg.Wait()
	for _, j := range jobs {
		if j.err != nil {
			return nil, j.err
		}
	}
	base := jobs[0]
	r := &Report{
		Title:     "What LeadClock does to speed to lead at " + cfg.Dealership.Name + ": a simulated month",
		Note:      "Figures from a model, not from a dealership: LeadClock's real engine ran on virtual time against simulated leads and reps whose behaviour is assumed (docs/SIMULATION.md). They compare LeadClock with the same team working from its CRM alone; they do not predict any dealership's results.",
		Generator: "leadclock simulate",
		Dealership: Dealership{ID: cfg.Dealership.ID, Name: cfg.Dealership.Name, Timezone: cfg.Dealership.Timezone,
			Config: opt.ConfigName, Reps: len(cfg.Team.Reps), SLASeconds: int64(cfg.Policy.FirstContact / time.Second)},
		Seed:      opt.Seed,
		From:      base.plan.start,
		To:        base.plan.end,
		AsOf:      base.plan.stop,
		LeadClock: base.out[withLeadClock],
		Baseline:  base.out[crmOnly],
		Model:     opt.Model,
	}
	if opt.Config != nil {
		sum := sha256.Sum256(opt.Config)
		r.Dealership.ConfigSHA256 = hex.EncodeToString(sum[:])
	}
	r.Arrivals = arrivalStats(base.plan)
	r.Headline = headline(r.LeadClock.Summary, r.Baseline.Summary)
	r.Notes = notes(r)
	if opt.Sweep != nil {
		sw := &Sweep{Parameter: opt.Sweep.Parameter, Values: opt.Sweep.Values}
		for i, j := range jobs[1:] {
			sw.Rows = append(sw.Rows, SweepRow{Value: opt.Sweep.Values[i], LeadClock: j.out[withLeadClock].Summary, Baseline: j.out[crmOnly].Summary})
		}
		r.Sweep = sw
	}
	return r, nil
}

func arrivalStats(p *plan) ArrivalStats {
	s := ArrivalStats{Posted: len(p.arrivals), Returning: p.returning, Resends: p.resends}
	index := map[string]int{}
	for _, a := range p.arrivals {
		id := a.intake.Source.Provider
		i, ok := index[id]
		if !ok {
			i = len(s.Providers)
			index[id] = i
			s.Providers = append(s.Providers, ProviderPost{ID: id})
		}
		s.Providers[i].Posts++
	}
	return s
}

func headline(lc, base Summary) []Compare {
	f := func(v float64) *float64 { return &v }
	i := func(v int) *float64 { x := float64(v); return &x }
	return []Compare{
		{"First contact within the SLA", "share", lc.WithinSLA, base.WithinSLA},
		{"First contact within 15 minutes", "share", lc.Within15m, base.Within15m},
		{"First contact within 1 hour", "share", lc.Within1h, base.Within1h},
		{"Never contacted", "share", lc.Never, base.Never},
		{"Median time to first contact", "seconds", lc.MedianSeconds, base.MedianSeconds},
		{"90th percentile time to first contact", "seconds", lc.P90Seconds, base.P90Seconds},
		{"Second contact within 48 hours", "share", lc.SecondWithin48h, base.SecondWithin48h},
		{"Leads stalled", "count", i(lc.Stalled), i(base.Stalled)},
		{"Reroutes per lead", "rate", f(lc.ReroutesPerLead), f(base.ReroutesPerLead)},
		{"Escalations per lead", "rate", f(lc.EscalationsPerLead), f(base.EscalationsPerLead)},
		{"Leads that reached the managers", "share", lc.ReachedManagers, base.ReachedManagers},
		{"Messages per person per day", "rate", f(lc.NudgesPerRepPerDay), f(base.NudgesPerRepPerDay)},
		{"Busiest person-hour (messages)", "count", i(lc.BusiestRepHour), i(base.BusiestRepHour)},
	}
}

// notes says in words what the figures show.
func notes(r *Report) []string {
	var out []string
	lc, base := r.LeadClock, r.Baseline
	n := lc.Summary.Leads
	switch reached := lc.Leads.ReachedManagers; {
	case n > 0 && reached == n:
		out = append(out, fmt.Sprintf("Every lead measured (%d of %d) reached the managers: the notify-managers step ran on each.", reached, n))
	case reached > 0:
		out = append(out, fmt.Sprintf("%d of %s (%s) reached the managers.", reached, count(n, "lead"), pct(share(reached, n))))
	default:
		out = append(out, "No lead reached the managers.")
	}
	if x := lc.Leads.Exhausted; x > 0 {
		out = append(out, fmt.Sprintf("On %s the escalation chain ran out before anyone made contact; each stayed with its last owner, still waiting for a call.", count(x, "lead")))
	}
	if q := base.Figures.Queued; q.Leads > 0 && q.MedianWaitSeconds != nil {
		out = append(out, fmt.Sprintf("Without LeadClock, %s came when nobody was on shift and waited a median of %s for a shift to open.", count(q.Leads, "lead"), Seconds(*q.MedianWaitSeconds)))
	}
	if q := lc.Figures.Queued; q.Leads > 0 && q.MedianWaitSeconds != nil {
		out = append(out, fmt.Sprintf("With LeadClock, %s came when nobody was on duty, on call included, and waited a median of %s.", count(q.Leads, "lead"), Seconds(*q.MedianWaitSeconds)))
	}
	nd := lc.Nudges
	if nd.Messages > 0 {
		out = append(out, fmt.Sprintf("LeadClock sent %d messages (%d SMS, %d emails): %.2f per person per day; the busiest person-hour was %d messages (%s, %s).",
			nd.Messages, nd.SMS, nd.Email, nd.PerRepPerDay, nd.BusiestRepHour.Messages, nd.BusiestRepHour.Rep, strings.Replace(nd.BusiestRepHour.At, "T", " ", 1)))
		out = append(out, fmt.Sprintf("%d messages reached a rep with a customer, %d on a break, %d off shift and %d asleep.", nd.WithCustomer, nd.OnBreak, nd.OffShift, nd.Asleep))
	}
	if nd.BusyTaps > 0 {
		out = append(out, fmt.Sprintf("Reps said \"I'm with a customer\" %s; %s moved at once to someone free.", count(nd.BusyTaps, "time"), count(lc.Leads.Reassigned, "lead")))
	}
	return out
}

// count writes "1 lead", "2 leads".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// JSON returns the report as indented JSON with a final newline.
func (r *Report) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// pct writes a share as a percentage.
func pct(v *float64) string {
	if v == nil {
		return "–"
	}
	return strconv.FormatFloat(*v*100, 'f', 1, 64) + "%"
}

// Seconds writes a number of seconds as a short duration: 45 s, 2.5 min, 3.2 h, 2.1 d.
func Seconds(s float64) string {
	switch {
	case s < 90:
		return strconv.FormatFloat(s, 'f', 0, 64) + " s"
	case s < 90*60:
		return strconv.FormatFloat(s/60, 'f', 1, 64) + " min"
	case s < 48*3600:
		return strconv.FormatFloat(s/3600, 'f', 1, 64) + " h"
	}
	return strconv.FormatFloat(s/86400, 'f', 1, 64) + " d"
}
