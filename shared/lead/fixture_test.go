package lead

import (
	"slices"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/leadclock/leadclock/shared/roster"
)

var chicago = func() *time.Location {
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		panic(err)
	}
	return loc
}()

// clock reads a Chicago wall-clock time; 2026-11-24 is a Tuesday.
func clock(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, chicago)
	if err != nil {
		t, err = time.ParseInLocation("2006-01-02 15:04", s, chicago)
	}
	if err != nil {
		panic(err)
	}
	return t
}

func week(shifts ...roster.Shift) roster.Week {
	w, err := roster.ParseWeek(shifts)
	if err != nil {
		panic(err)
	}
	return w
}

// testTeam: alice, bob and erin on weekday shifts (erin late), carol on call only when
// onCall, mona the manager on weekdays, max a manager with no shifts.
func testTeam(onCall bool) roster.Team {
	day := roster.Shift{Days: "mon-fri", Hours: "09:00-18:00"}
	t := roster.Team{
		Location: chicago,
		Reps: []roster.Rep{
			{ID: "alice", Role: roster.Sales, Phone: "+13125550101", Email: "alice@example.com", Shifts: week(day)},
			{ID: "bob", Role: roster.Sales, Phone: "+13125550102", Shifts: week(day)},
			{ID: "erin", Role: roster.BDC, Email: "erin@example.com", Shifts: week(roster.Shift{Days: "mon-fri", Hours: "12:00-21:00"})},
			{ID: "carol", Role: roster.Sales, Phone: "+13125550104"},
			{ID: "mona", Role: roster.Manager, Phone: "+13125550105", Email: "mona@example.com", Shifts: week(roster.Shift{Days: "mon-fri", Hours: "08:00-17:00"})},
			{ID: "max", Role: roster.Manager, Email: "max@example.com"},
		},
	}
	if onCall {
		h, _ := roster.ParseHandoff("mon 08:00")
		t.OnCall = &roster.Rotation{Reps: []string{"carol"}, Days: 7, Handoff: h, Start: roster.DefaultRotationStart}
	}
	return t
}

// testPolicy is the policy: a 5-minute SLA with a warning 2 minutes before it,
// a reroute after 5 minutes, then managers every 10 minutes, three times.
func testPolicy() Policy {
	return Policy{
		FirstContact:  5 * time.Minute,
		WarnBefore:    2 * time.Minute,
		SecondContact: 24 * time.Hour,
		StalledAfter:  72 * time.Hour,
		Escalation: []Step{
			{Action: Reroute, After: 5 * time.Minute},
			{Action: NotifyManagers, After: 10 * time.Minute, Repeat: 3},
		},
		Cadence: []time.Duration{24 * time.Hour, 48 * time.Hour, 96 * time.Hour},
	}
}

func testEnv(onCall bool) Env {
	return Env{Team: testTeam(onCall), Policy: testPolicy(), Channels: []Channel{SMS, Email}}
}

// run feeds one lead its events and fires its timers as a scheduler would: it is the
// smallest harness that exercises Decide; the engine's tests use the real ports.
type run struct {
	t     tb
	env   Env
	l     Lead
	now   time.Time
	acts  []Activity
	effs  []Effect
	fired []Timer // every timer ever scheduled, to replay duplicates
}

// tb is what run needs of a test: both *testing.T and *rapid.T have it.
type tb interface {
	Helper()
	Fatalf(format string, args ...any)
}

func newRun(t testing.TB, env Env) *run {
	return &run{t: t, env: env}
}

// do applies an event at the run's current time.
func (r *run) do(ev Event) error {
	r.t.Helper()
	d, err := Decide(r.l, ev, r.now, r.env)
	if err != nil {
		return err
	}
	r.take(d)
	return nil
}

func (r *run) must(ev Event) {
	r.t.Helper()
	if err := r.do(ev); err != nil {
		r.t.Fatalf("%T at %s: %v", ev, r.now.In(chicago).Format("15:04:05"), err)
	}
}

func (r *run) take(d Decision) {
	if !d.Changed() {
		return
	}
	r.l = d.Lead
	r.acts = append(r.acts, d.Activities...)
	r.effs = append(r.effs, d.Effects...)
	if d.RosterChanged {
		r.env.Roster = d.Roster
	}
	for _, e := range d.Effects {
		if e.Kind == EffectSchedule {
			r.fired = append(r.fired, *e.Timer)
		}
	}
}

// receive makes the lead arrive at the instant.
func (r *run) receive(at string, ev Received) {
	r.t.Helper()
	r.now = clock(at)
	if ev.ID == "" {
		ev.ID = "L1"
	}
	if ev.Source.Provider == "" {
		ev.Source.Provider = "cars-com"
	}
	r.must(ev)
}

// until moves time forward, firing each outstanding timer when it falls due.
func (r *run) until(at string) {
	r.t.Helper()
	end := clock(at)
	for fires := 0; ; fires++ {
		if fires > 1000 {
			r.t.Fatalf("timers keep falling due: %+v", r.l.Timers)
		}
		next := slices.MinFunc(append([]Timer{{At: end.Add(time.Nanosecond)}}, r.l.Timers...), func(a, b Timer) int { return a.At.Compare(b.At) })
		if next.At.After(end) {
			break
		}
		r.now = next.At
		r.must(Fired{Timer: next})
	}
	r.now = end
}

// since returns the activities and effects from index marks on.
func (r *run) mark() (int, int) { return len(r.acts), len(r.effs) }

// notices returns "to:kind" for the notify effects from effect index i on.
func (r *run) notices(i int) []string {
	var out []string
	for _, e := range r.effs[i:] {
		if e.Kind == EffectNotify {
			s := e.Notice.To + ":" + string(e.Notice.Kind)
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// types returns the activity types from index i on.
func (r *run) types(i int) []Type {
	var out []Type
	for _, a := range r.acts[i:] {
		out = append(out, a.Type)
	}
	return out
}

func (r *run) timer(kind TimerKind) (Timer, bool) {
	i := slices.IndexFunc(r.l.Timers, func(t Timer) bool { return t.Kind == kind })
	if i < 0 {
		return Timer{}, false
	}
	return r.l.Timers[i], true
}
