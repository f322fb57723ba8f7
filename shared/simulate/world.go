package simulate

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/memory"
	"github.com/leadclock/leadclock/shared/roster"
)

// kind says which world runs: the dealership with LeadClock, or the same dealership
// with its CRM only.
type kind int

const (
	withLeadClock kind = iota
	crmOnly
)

// baselineSettings is the dealership without LeadClock, told to the same engine: no
// notification channels (nobody is nudged), no escalation steps (a missed deadline
// reroutes nobody and pages nobody), no warning, and no on-call rotation (a lead
// that comes when no shift is on waits for the morning, as in a CRM's queue). The
// engine still assigns leads in turn, as a CRM's round robin does, and keeps every
// timeline, so both worlds are measured the same way.
func baselineSettings(s engine.Settings) engine.Settings {
	s.Channels = nil
	s.Policy.Escalation = nil
	s.Policy.WarnBefore = 0
	s.Team.OnCall = nil
	return s
}

// world is one dealership's month on virtual time: the real engine over an
// in-process store, driven by the plan's arrivals and the reps' simulated behaviour.
type world struct {
	kind   kind
	ctx    context.Context
	m      *Model
	p      *plan
	clock  *memory.Clock
	store  *store
	eng    *engine.Engine
	runner *engine.Runner
	seed   uint64
	actor  string // the integration that reports contacts
	// keys names each lead by the post that created it, the same in every world;
	// seen counts the draws made under each name.
	keys map[string]string
	seen map[uint64]int

	agenda events
	seq    uint64
	timers map[string]uint64 // timers outstanding: name → the seq of their event
	reps   map[string]*repSim
	fates  map[string]fate
	// pending is the earliest first-contact visit planned per rep and lead.
	pending map[[2]string]time.Time

	sent   []sent
	marks  []mark
	intake Intake
}

// repSim is a rep as the world runs them.
type repSim struct {
	plan *repPlan
	// phoneFree is when the rep's current call ends; calls waits for it, first
	// contacts before follow-ups, and ringing says an evPhone is on the agenda.
	phoneFree time.Time
	calls     []*event
	ringing   bool
	// marked is the end of the rep's "I'm with a customer", if any; mark is its entry
	// in world.marks.
	marked time.Time
	mark   int
}

// sent is a message as it reached a rep.
type sent struct {
	at      time.Time
	rep     string
	channel lead.Channel
	kinds   []lead.NoticeKind
	urging  int // notices that ask the rep to act on a lead awaiting contact
	// decided is when the latest of the urging notices was decided: a bundle goes out
	// a little after the notices in it.
	decided time.Time
	state   state
}

// mark is a rep's "I'm with a customer": from when to when it took them out of
// rotation.
type mark struct {
	rep      string
	from, to time.Time
}

// Intake counts what the engine made of the leads providers sent.
type Intake struct {
	Posted    int `json:"posted"`
	Created   int `json:"created"`
	Duplicate int `json:"duplicate"`
	Merged    int `json:"merged"`
}

func newWorld(ctx context.Context, k kind, cfg *dealer.Config, m *Model, p *plan, seed uint64) *world {
	settings := cfg.Engine()
	if k == crmOnly {
		settings = baselineSettings(settings)
	}
	w := &world{
		kind: k, ctx: ctx, m: m, p: p,
		clock: memory.NewClock(p.start), store: newStore(), seed: seed, keys: map[string]string{}, seen: map[uint64]int{},
		timers: map[string]uint64{}, reps: map[string]*repSim{}, fates: map[string]fate{},
		pending: map[[2]string]time.Time{}, actor: "phone-system",
	}
	if len(cfg.Integrations) > 0 {
		w.actor = cfg.Integrations[0].ID
	}
	n := 0
	w.eng = engine.New(w.store, w.clock, settings, func() string {
		n++
		return fmt.Sprintf("L%06d", n)
	})
	w.runner = engine.NewRunner(w.eng, notifier{w}, scheduler{w})
	for _, rp := range p.reps {
		w.reps[rp.rep.ID] = &repSim{plan: rp, mark: -1}
	}
	return w
}

// run plays the month to the end of the tail.
func (w *world) run() error {
	for i, a := range w.p.arrivals {
		w.push(&event{at: a.at, kind: evArrive, index: i})
	}
	for _, rp := range w.p.reps {
		w.push(&event{at: w.p.start, kind: evCRM, rep: rp.rep.ID})
	}
	for w.agenda.Len() > 0 {
		e := heap.Pop(&w.agenda).(*event)
		if e.at.After(w.p.stop) {
			break
		}
		if e.kind == evTimer {
			name := timerName(e.timer)
			if w.timers[name] != e.seq {
				continue // cancelled, or scheduled again since
			}
			delete(w.timers, name)
		}
		if e.at.After(w.clock.Now()) {
			w.clock.Set(e.at)
		}
		if err := w.handle(e); err != nil {
			return fmt.Errorf("%s at %s: %w", w.name(), e.at.In(w.p.loc).Format(time.RFC3339), err)
		}
		if err := w.settle(); err != nil {
			return fmt.Errorf("%s at %s: %w", w.name(), e.at.In(w.p.loc).Format(time.RFC3339), err)
		}
	}
	w.clock.Set(w.p.stop)
	return nil
}

// settle carries out every effect committed so far, in commit order, as the
// engine's runner does with one worker (Runner.Drain). Drain hands each effect to a
// goroutine of its own, a cost worth paying for a server that retries failures
// stream by stream; here nothing is retried (an effect that fails ends the run), so
// the effects go through Runner.Run one after another, a pass of those pending at a
// time as Drain reads them.
func (w *world) settle() error {
	for {
		pending, err := w.store.Pending(w.ctx, settleBatch)
		if err != nil || len(pending) == 0 {
			return err
		}
		ids := make([]string, 0, len(pending))
		for _, eff := range pending {
			if err := w.runner.Run(w.ctx, eff); err != nil {
				return err
			}
			ids = append(ids, eff.ID)
		}
		if err := w.store.Done(w.ctx, ids...); err != nil {
			return err
		}
	}
}

// settleBatch is how many pending effects settle reads at a time, as Drain does.
const settleBatch = 500

func (w *world) name() string {
	if w.kind == crmOnly {
		return "baseline"
	}
	return "LeadClock"
}

func (w *world) handle(e *event) error {
	switch e.kind {
	case evArrive:
		return w.arrive(e.index)
	case evTimer:
		return w.eng.FireTimer(w.ctx, e.timer)
	case evContact:
		return w.contact(e)
	case evFollowUp:
		return w.followUp(e)
	case evMarkBusy:
		return w.markBusy(e.rep)
	case evMarkFree:
		return w.markFree(e.rep)
	case evCRM:
		return w.lookAtCRM(e.rep)
	case evPhone:
		return w.phone(e.rep)
	}
	return fmt.Errorf("unknown event %d", e.kind)
}

func (w *world) arrive(i int) error {
	a := w.p.arrivals[i]
	rc, err := w.eng.Receive(w.ctx, a.intake)
	if err != nil {
		return fmt.Errorf("receive %s: %w", a.intake.Source.ProviderLeadID, err)
	}
	w.intake.Posted++
	switch rc.Status {
	case engine.Created:
		w.intake.Created++
		w.fates[rc.Lead.ID] = a.fate
		w.keys[rc.Lead.ID] = a.intake.Source.Provider + "/" + a.intake.Source.ProviderLeadID
	case engine.Duplicate:
		w.intake.Duplicate++
	case engine.Merged:
		w.intake.Merged++
	}
	return nil
}

// delivered is a message reaching its rep, who may act on it.
func (w *world) delivered(d engine.Delivery) {
	now := w.clock.Now()
	rs := w.reps[d.Rep.ID]
	if rs == nil {
		return
	}
	st, until := rs.plan.state(w.p.loc, now)
	s := sent{at: now, rep: d.Rep.ID, channel: d.Message.Channel, state: st}
	var contact, follow []string
	for _, n := range d.Message.Notices {
		s.kinds = append(s.kinds, n.Kind)
		switch n.Kind {
		case lead.NoticeNewLead, lead.NoticeWarning, lead.NoticeOffer, lead.NoticeEscalation, lead.NoticeReturning:
			if n.Kind != lead.NoticeReturning {
				s.urging++
				s.decided = maxTime(s.decided, n.At)
			}
			if !slices.Contains(contact, n.LeadID) {
				contact = append(contact, n.LeadID)
			}
		case lead.NoticeSecondContact, lead.NoticeFollowUp, lead.NoticeStalled:
			if !slices.Contains(follow, n.LeadID) {
				follow = append(follow, n.LeadID)
			}
		}
	}
	w.sent = append(w.sent, s)
	if len(contact)+len(follow) == 0 {
		return
	}
	ch := w.m.Channels.SMS
	if d.Message.Channel == lead.Email {
		ch = w.m.Channels.Email
	}
	resp := rs.plan.b.Respond.of(st)
	about := []string{d.Rep.ID, string(d.Message.Channel)}
	for _, n := range d.Message.Notices {
		about = append(about, w.keys[n.LeadID], string(n.Kind))
	}
	r := w.draw("message", about...)
	if chance(r, ch.Missed) || chance(r, resp.Missed) {
		return
	}
	seen := now.Add(ch.Lag.sample(r))
	u := r.Float64()
	var at time.Time
	switch {
	case u < resp.Now:
		at = seen.Add(resp.Delay.sample(r))
	case u < resp.Now+resp.Busy && (st == stateWithCustomer || st == stateOnBreak) && len(contact) > 0:
		w.push(&event{at: seen.Add(resp.Delay.sample(r)), kind: evMarkBusy, rep: d.Rep.ID})
		return
	default:
		at = maxTime(until, seen).Add(resp.After.sample(r))
	}
	for _, id := range contact {
		w.planContact(d.Rep.ID, id, at)
	}
	for _, id := range follow {
		w.push(&event{at: at, kind: evFollowUp, rep: d.Rep.ID, lead: id, since: now})
	}
}

func (r Respond) of(s state) Response {
	return [...]Response{r.Free, r.WithCustomer, r.OnBreak, r.OffShift, r.Asleep}[s]
}

// draw returns the random source for one decision, named by what it is about (the
// rep, the lead by the post that created it, the attempt) and by how many decisions
// of that name came before. The same decision in the other world, or in another
// value of a sweep, draws the same numbers: the worlds differ by what LeadClock
// does, not by the luck of the draw.
func (w *world) draw(what string, about ...string) *randT {
	h := fnv.New64a()
	h.Write([]byte(what))
	for _, s := range about {
		h.Write([]byte{0})
		h.Write([]byte(s))
	}
	key := h.Sum64()
	w.seen[key]++
	return rand.New(rand.NewPCG(w.seed^streamReactions, key+uint64(w.seen[key])*0x9e3779b97f4a7c15))
}

// planContact has the rep go to the lead at the instant, unless they are going to
// already by then.
func (w *world) planContact(rep, id string, at time.Time) {
	key := [2]string{rep, id}
	if t, ok := w.pending[key]; ok && !t.After(at) {
		return
	}
	w.pending[key] = at
	w.push(&event{at: at, kind: evContact, rep: rep, lead: id})
}

// busyOnPhone queues the call for when the rep's current one ends, if they are on
// one: new leads first, then follow-ups, each in the order they came.
func (w *world) busyOnPhone(rs *repSim, e *event) bool {
	if !rs.phoneFree.After(w.clock.Now()) {
		return false
	}
	i := len(rs.calls)
	if e.kind == evContact {
		i = slices.IndexFunc(rs.calls, func(c *event) bool { return c.kind != evContact })
		if i < 0 {
			i = len(rs.calls)
		}
	}
	rs.calls = slices.Insert(rs.calls, i, e)
	w.ring(rs)
	return true
}

// ring puts the end of the rep's call on the agenda, when calls wait for it.
func (w *world) ring(rs *repSim) {
	if !rs.ringing && len(rs.calls) > 0 {
		rs.ringing = true
		w.push(&event{at: rs.phoneFree, kind: evPhone, rep: rs.plan.rep.ID})
	}
}

// phone is a rep's call ending: they make the next call waiting, if any.
func (w *world) phone(rep string) error {
	rs := w.reps[rep]
	rs.ringing = false
	for len(rs.calls) > 0 && !rs.phoneFree.After(w.clock.Now()) {
		e := rs.calls[0]
		rs.calls = rs.calls[1:]
		if err := w.handle(e); err != nil {
			return err
		}
	}
	w.ring(rs)
	return nil
}

// contact is a rep going to make a lead's first contact: their own lead, one offered
// to them (they claim it first), or, for a manager, any lead they were paged about.
// The engine's state decides whether there is anything left to do.
func (w *world) contact(e *event) error {
	rs := w.reps[e.rep]
	key := [2]string{e.rep, e.lead}
	if t, ok := w.pending[key]; ok && t.Equal(e.at) {
		delete(w.pending, key)
	}
	if w.busyOnPhone(rs, e) {
		w.pending[key] = e.at
		return nil
	}
	l, err := w.store.glance(e.lead)
	if err != nil {
		return err
	}
	if !l.status.AwaitingContact() {
		return nil // contacted or closed meanwhile
	}
	switch {
	case l.owner == e.rep:
	case slices.Contains(l.offered, e.rep):
		if _, err := w.eng.LogActivity(w.ctx, e.lead, lead.Claimed{Rep: e.rep}); err != nil {
			return w.moot(err)
		}
	case rs.plan.rep.Role == roster.Manager:
	default:
		return nil // the lead is someone else's now
	}
	return w.attempt(rs, e.lead, 0)
}

// attempt makes a contact attempt (or, for a junk lead's first look, closes it) and
// decides what follows: the customer's decision, or the rep's next attempt.
func (w *world) attempt(rs *repSim, id string, before int) error {
	now := w.clock.Now()
	f := w.fates[id]
	rep := rs.plan.rep.ID
	if before == 0 && f.junk {
		rs.phoneFree = now.Add(rs.plan.b.Call.D() / 2)
		_, err := w.eng.Close(w.ctx, id, lead.Closed{Outcome: lead.Junk, Actor: rep})
		return w.moot(err)
	}
	r := w.draw("attempt", w.keys[id], strconv.Itoa(before+1))
	ev := lead.Contacted{Rep: rep, Channel: "call", Evidence: lead.SelfReported}
	if chance(r, w.m.FollowUp.Integration) {
		ev.Evidence, ev.Actor = lead.Integration, w.actor
	}
	l, err := w.eng.LogActivity(w.ctx, id, ev)
	if err != nil {
		return w.moot(err)
	}
	rs.phoneFree = now.Add(rs.plan.b.Call.D())
	switch {
	case f.closeAt == l.Attempts:
		c := lead.Closed{Outcome: lead.Lost, Reason: "bought elsewhere", Actor: l.Owner}
		if f.sold {
			c = lead.Closed{Outcome: lead.Sold, Actor: l.Owner}
		}
		_, err := w.eng.Close(w.ctx, id, c)
		return w.moot(err)
	case l.Attempts >= w.m.FollowUp.MaxAttempts:
		_, err := w.eng.Close(w.ctx, id, lead.Closed{Outcome: lead.Lost, Reason: "no response", Actor: l.Owner})
		return w.moot(err)
	case chance(r, w.m.FollowUp.OwnInitiative):
		w.push(&event{at: now.Add(w.m.FollowUp.Gap.sample(r)), kind: evFollowUp, lead: id, since: now})
	}
	return nil
}

// moot passes over the engine refusing an action that events made moot (the lead
// was closed, claimed or contacted by someone else first); anything else is an error.
func (w *world) moot(err error) error {
	if errors.Is(err, lead.ErrClosed) || errors.Is(err, lead.ErrTaken) || errors.Is(err, lead.ErrNoOffer) {
		return nil
	}
	return err
}

// followUp is the lead's owner going to make the next attempt, unprompted or
// reminded, during their shift and when free.
func (w *world) followUp(e *event) error {
	l, err := w.store.glance(e.lead)
	if err != nil {
		return err
	}
	switch {
	case l.status == lead.StatusClosed || l.firstContact.IsZero() || l.lastContact.After(e.since):
		return nil
	case e.rep != "" && e.rep != l.owner:
		return nil // a manager told of a stall leaves the call to the owner
	case l.attempts >= w.m.FollowUp.MaxAttempts:
		return nil
	}
	rs := w.reps[l.owner]
	if rs == nil {
		return nil
	}
	now := w.clock.Now()
	if st, until := rs.plan.state(w.p.loc, now); st != stateFree {
		again := *e
		again.at = until.Add(rs.plan.b.Respond.of(st).After.sample(w.draw("wait", w.keys[e.lead], strconv.Itoa(l.attempts))))
		w.push(&again)
		return nil
	}
	if w.busyOnPhone(rs, e) {
		return nil
	}
	return w.attempt(rs, e.lead, l.attempts)
}

// markBusy is a rep with a customer tapping "I'm with a customer": the engine takes
// them out of rotation and moves their leads awaiting contact.
func (w *world) markBusy(rep string) error {
	rs := w.reps[rep]
	now := w.clock.Now()
	st, until := rs.plan.state(w.p.loc, now)
	if (st != stateWithCustomer && st != stateOnBreak) || rs.marked.After(now) {
		return nil
	}
	end := now.Add(rs.plan.b.Busy.For.D())
	if rs.plan.b.Busy.For == 0 {
		end = until
	}
	if err := w.eng.SetAvailability(w.ctx, rep, false, end, rep); err != nil {
		return fmt.Errorf("%s busy: %w", rep, err)
	}
	rs.marked, rs.mark = end, len(w.marks)
	w.marks = append(w.marks, mark{rep: rep, from: now, to: end})
	if r := w.draw("busy", rep); until.Before(end) && chance(r, rs.plan.b.Busy.Free) {
		w.push(&event{at: until.Add(rs.plan.b.Respond.WithCustomer.After.sample(r)), kind: evMarkFree, rep: rep})
	}
	return nil
}

// markFree is the rep tapping "I'm free" once the customer left.
func (w *world) markFree(rep string) error {
	rs := w.reps[rep]
	now := w.clock.Now()
	if !rs.marked.After(now) {
		return nil
	}
	if err := w.eng.SetAvailability(w.ctx, rep, true, time.Time{}, rep); err != nil {
		return fmt.Errorf("%s free: %w", rep, err)
	}
	rs.marked = now
	w.marks[rs.mark].to = now
	return nil
}

// lookAtCRM is the rep looking at their leads: when free, they go to every lead of
// theirs still awaiting a first contact, and look again a while later; when busy,
// they look once the customer or the break is over; off shift, when the next shift
// starts.
func (w *world) lookAtCRM(rep string) error {
	rs := w.reps[rep]
	b := rs.plan.b
	if b.CRM.Every.Median <= 0 {
		return nil
	}
	now := w.clock.Now()
	st, until := rs.plan.state(w.p.loc, now)
	r := w.draw("crm", rep)
	next := until.Add(b.Respond.of(st).After.sample(r))
	if st == stateFree {
		leads, err := w.store.Leads(w.ctx, engine.Filter{Owner: rep, Status: lead.StatusAssigned})
		if err != nil {
			return err
		}
		for _, l := range leads {
			w.planContact(rep, l.ID, now)
		}
		next = now.Add(max(b.CRM.Every.sample(r), time.Minute))
	}
	if st == stateOffShift || st == stateAsleep {
		next = until.Add(b.Respond.Free.Delay.sample(r))
	}
	if !next.After(now) {
		next = now.Add(time.Minute)
	}
	w.push(&event{at: next, kind: evCRM, rep: rep})
	return nil
}
