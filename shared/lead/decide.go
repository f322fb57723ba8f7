package lead

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/leadclock/leadclock/shared/roster"
)

// Env is what a decision may look at besides the lead: the dealership's people and
// who of them is available, the policy for leads received now, and the channels
// notices go out on.
type Env struct {
	Team     roster.Team
	Roster   roster.State
	Policy   Policy
	Channels []Channel
}

// Decision is what one event does to a lead: its new state, the timeline entries to
// append and the effects to carry out, all to be committed together. When
// RosterChanged, the team state changed too (someone was given a lead) and is
// committed with it.
type Decision struct {
	Lead          Lead
	Activities    []Activity
	Effects       []Effect
	Roster        roster.State
	RosterChanged bool
	changed       bool
}

// Changed reports whether there is anything to commit. A stale or duplicate timer, for
// one, changes nothing.
func (d Decision) Changed() bool {
	return d.changed
}

// Decide applies an event to a lead at an instant. It never modifies l or env.
func Decide(l Lead, ev Event, now time.Time, env Env) (Decision, error) {
	d := &decider{l: l.clone(), now: now, env: env, roster: env.Roster}
	if _, isNew := ev.(Received); !isNew && l.ID == "" {
		return Decision{}, fmt.Errorf("%w: no lead to apply %T to", ErrInvalid, ev)
	}
	var err error
	switch ev := ev.(type) {
	case Received:
		err = d.received(ev)
	case Fired:
		d.fired(ev.Timer)
	case Inquired:
		err = d.inquired(ev)
	case Contacted:
		err = d.contacted(ev)
	case Claimed:
		err = d.claimed(ev)
	case Closed:
		err = d.closed(ev)
	case Noted:
		err = d.noted(ev)
	case AutoReplied:
		err = d.autoReplied(ev)
	case Undelivered:
		d.record(Activity{Type: TypeUndelivered, Actor: System, Rep: ev.Rep, Channel: string(ev.Channel), Reason: ev.Reason})
	case RosterChanged:
		d.rosterMoved(ev)
	default:
		err = fmt.Errorf("%w: unknown event %T", ErrInvalid, ev)
	}
	if err != nil {
		return Decision{}, err
	}
	return Decision{
		Lead:          d.l,
		Activities:    d.acts,
		Effects:       d.effs,
		Roster:        d.roster,
		RosterChanged: d.rosterChanged,
		changed:       d.changed,
	}, nil
}

// decider holds one decision in progress.
type decider struct {
	l             Lead
	now           time.Time
	env           Env
	roster        roster.State
	rosterChanged bool
	acts          []Activity
	effs          []Effect
	changed       bool
}

// record appends a timeline entry stamped with the lead's status at this point.
func (d *decider) record(a Activity) {
	d.l.Activities++
	a.LeadID, a.Seq, a.At, a.Status = d.l.ID, d.l.Activities, d.now, d.l.Status
	if a.Actor == "" {
		a.Actor = System
	}
	d.acts = append(d.acts, a)
	d.changed = true
}

// notify tells a rep about the lead on every enabled channel the rep can be reached on.
// cause makes the effect ids unique: one cause never notifies the same rep twice.
func (d *decider) notify(to string, kind NoticeKind, cause, about string) {
	rep, ok := d.env.Team.Rep(to)
	if !ok {
		return // no longer on the team
	}
	var via string
	for _, ch := range d.env.Channels {
		if (ch == SMS && rep.Phone == "") || (ch == Email && rep.Email == "") {
			continue
		}
		d.effs = append(d.effs, Effect{
			ID:     d.l.ID + "/" + cause + "/" + to + "/" + string(ch),
			LeadID: d.l.ID,
			Kind:   EffectNotify,
			Notice: &Notice{LeadID: d.l.ID, To: to, Channel: ch, Kind: kind, About: about, At: d.now},
		})
		if via != "" {
			via += ","
		}
		via += string(ch)
	}
	if via == "" {
		return
	}
	d.record(Activity{Type: TypeNotified, Rep: to, Notice: kind, Channel: via})
	if kind.urges() && !slices.Contains(d.l.Nudged, to) {
		d.l.Nudged = append(d.l.Nudged, to)
	}
}

func (d *decider) schedule(kind TimerKind, at time.Time) {
	d.l.Seq++
	t := Timer{LeadID: d.l.ID, Kind: kind, Seq: d.l.Seq, At: at}
	d.l.Timers = append(d.l.Timers, t)
	d.effs = append(d.effs, Effect{ID: timerEffectID(t, "schedule"), LeadID: d.l.ID, Kind: EffectSchedule, Timer: &t})
	d.changed = true
}

// cancel drops the outstanding timers of the given kinds (all of them when none are
// given) and asks the scheduler to forget them.
func (d *decider) cancel(kinds ...TimerKind) {
	d.l.Timers = slices.DeleteFunc(d.l.Timers, func(t Timer) bool {
		if len(kinds) > 0 && !slices.Contains(kinds, t.Kind) {
			return false
		}
		d.effs = append(d.effs, Effect{ID: timerEffectID(t, "cancel"), LeadID: d.l.ID, Kind: EffectCancel, Timer: &t})
		d.changed = true
		return true
	})
}

func timerEffectID(t Timer, verb string) string {
	return t.LeadID + "/" + verb + "/" + string(t.Kind) + "/" + strconv.Itoa(t.Seq)
}

// assign gives the lead to a rep, records how (a is the timeline entry to make) and
// notifies the new owner and the one it was taken from.
func (d *decider) assign(rep roster.Rep, a Activity) {
	from := d.l.Owner
	d.l.Owner = rep.ID
	d.l.Owners = append(d.l.Owners, rep.ID)
	d.l.Status = StatusAssigned
	d.roster = d.roster.Assigned(rep.ID, d.now)
	d.rosterChanged = true
	a.Rep, a.From = rep.ID, from
	d.record(a)
	cause := "owner" + strconv.Itoa(len(d.l.Owners))
	d.notify(rep.ID, NoticeNewLead, cause, "")
	if from != "" && from != rep.ID {
		d.notify(from, NoticeRerouted, cause, rep.ID)
	}
}

// startClock starts a first-contact wait: a deadline timer and, when warn is set and
// the wait is long enough, a warning for the owner before it.
func (d *decider) startClock(wait time.Duration, warn bool) {
	d.cancel(TimerWarn, TimerDeadline)
	d.l.Deadline = d.now.Add(wait)
	d.schedule(TimerDeadline, d.l.Deadline)
	if w := d.l.Policy.WarnBefore; warn && w > 0 && w < wait {
		d.schedule(TimerWarn, d.l.Deadline.Add(-w))
	}
}

func (d *decider) isOwner(id string) bool {
	return id == d.l.Owner
}

func (d *decider) received(ev Received) error {
	if d.l.ID != "" {
		return fmt.Errorf("%w: lead %s already exists", ErrInvalid, d.l.ID)
	}
	if ev.ID == "" {
		return fmt.Errorf("%w: a new lead needs an id", ErrInvalid)
	}
	d.l = Lead{
		ID:           ev.ID,
		Status:       StatusNew,
		Source:       ev.Source,
		Customer:     ev.Customer,
		Vehicles:     ev.Vehicles,
		Comments:     ev.Comments,
		Request:      ev.Request,
		Warnings:     ev.Warnings,
		PreviousLead: ev.PreviousLead,
		ReceivedAt:   d.now,
		Policy:       d.env.Policy,
	}
	d.record(Activity{Type: TypeReceived, Actor: ev.Source.Provider})
	if prev := ev.PreviousOwner; prev != "" && d.env.Team.Eligible(d.roster, prev, d.now) {
		rep, _ := d.env.Team.Rep(prev)
		d.assign(rep, Activity{Type: TypeAssigned, Reason: "returning customer"})
		d.l.ClockStartedAt = d.now
		d.startClock(d.l.Policy.FirstContact, true)
		return nil
	}
	d.assignOrQueue("")
	return nil
}

// assignOrQueue gives the lead to the next rep in turn and starts its clock, or queues
// it until a shift opens.
func (d *decider) assignOrQueue(actor string) {
	if rep, ok := d.env.Team.Pick(d.roster, d.now, nil); ok {
		d.assign(rep, Activity{Type: TypeAssigned, Actor: actor})
		d.l.ClockStartedAt = d.now
		d.startClock(d.l.Policy.FirstContact, true)
		return
	}
	if open, ok := d.env.Team.NextOpening(d.roster, d.now); ok {
		d.l.Status = StatusQueued
		d.record(Activity{Type: TypeQueued, Until: open, Reason: "nobody on duty"})
		d.schedule(TimerOpen, open)
		return
	}
	// Nobody on duty for as far as the roster looks ahead: a manager takes the lead
	// rather than nobody.
	if m, ok := d.env.Team.PickManager(d.roster, d.now, nil); ok {
		d.assign(m, Activity{Type: TypeAssigned, Reason: "nobody on duty"})
		d.l.ClockStartedAt = d.now
		d.startClock(d.l.Policy.FirstContact, true)
		return
	}
	until := d.now.Add(roster.Horizon)
	d.l.Status = StatusQueued
	d.record(Activity{Type: TypeQueued, Until: until, Reason: "nobody on the team"})
	d.schedule(TimerOpen, until)
}

func (d *decider) fired(t Timer) {
	i := slices.IndexFunc(d.l.Timers, func(x Timer) bool { return x.Kind == t.Kind && x.Seq == t.Seq })
	if i < 0 || d.now.Before(d.l.Timers[i].At) {
		return // stale, a duplicate, or early: nothing to do
	}
	t = d.l.Timers[i]
	d.l.Timers = slices.Delete(d.l.Timers, i, i+1)
	d.changed = true
	switch t.Kind {
	case TimerWarn:
		if d.l.Status == StatusAssigned && !d.roster.IsAway(d.l.Owner, d.now) {
			d.notify(d.l.Owner, NoticeWarning, "warn"+strconv.Itoa(t.Seq), "")
		}
	case TimerDeadline:
		if d.l.Status == StatusAssigned {
			d.escalate()
		}
	case TimerOpen:
		if d.l.Status == StatusQueued {
			d.assignOrQueue("")
		}
	case TimerSecondContact:
		if d.l.Status == StatusContacted {
			d.remind(t, NoticeSecondContact)
		}
	case TimerFollowUp:
		if d.l.Status == StatusWorking {
			d.remind(t, NoticeFollowUp)
		}
	case TimerStall:
		d.checkStall()
	}
}

// escalate applies the next escalation step. A step with nobody eligible is skipped at
// once rather than waited out.
func (d *decider) escalate() {
	steps := d.l.Policy.Escalation
	for {
		step, run := d.l.Escalation.Step, d.l.Escalation.Runs+1
		if step == 0 || run > steps[step-1].runs() {
			step, run = step+1, 1
		}
		if step > len(steps) {
			d.l.Deadline = time.Time{}
			d.record(Activity{Type: TypeExhausted, Rep: d.l.Owner})
			return
		}
		s := steps[step-1]
		d.l.Escalation = Escalation{Step: step, Runs: run}
		if applied, newOwner := d.apply(s, step, run); applied {
			d.startClock(s.After, newOwner)
			return
		}
		d.record(Activity{Type: TypeSkipped, Step: step, Run: run, Action: s.Action, Reason: "nobody eligible"})
		d.l.Escalation.Runs = s.runs()
	}
}

// apply runs one escalation step and reports whether it did anything and whether the
// lead changed hands.
func (d *decider) apply(s Step, step, run int) (applied, newOwner bool) {
	entry := Activity{Type: TypeRerouted, Step: step, Run: run, Action: s.Action}
	switch s.Action {
	case Reroute:
		if rep, ok := d.nextRep(); ok {
			d.assign(rep, entry)
			return true, true
		}
		if d.env.Team.Eligible(d.roster, d.l.Owner, d.now) {
			return false, false // the owner is the only one on duty: let them keep it
		}
		// The owner is off duty and nobody else is on: a manager, never nobody.
		if m, ok := d.env.Team.PickManager(d.roster, d.now, d.isOwner); ok {
			entry.Reason = "no rep on duty"
			d.assign(m, entry)
			return true, true
		}
	case OfferAll:
		var offered []string
		for _, r := range d.env.Team.Pool(d.roster, d.now) {
			if r.ID != d.l.Owner {
				offered = append(offered, r.ID)
			}
		}
		if len(offered) == 0 {
			return false, false
		}
		d.l.Offer = Offer{Step: step, Reps: offered}
		entry.Type, entry.Rep = TypeOffered, d.l.Owner
		d.record(entry)
		for _, id := range offered {
			d.notify(id, NoticeOffer, stepCause(step, run), "")
		}
		return true, false
	case NotifyManagers:
		managers := d.env.Team.Managers(d.roster, d.now)
		if len(managers) == 0 {
			return false, false
		}
		entry.Type, entry.Rep = TypeEscalated, d.l.Owner
		d.record(entry)
		for _, m := range managers {
			d.notify(m.ID, NoticeEscalation, stepCause(step, run), d.l.Owner)
		}
		return true, false
	}
	return false, false
}

func stepCause(step, run int) string {
	return "step" + strconv.Itoa(step) + "." + strconv.Itoa(run)
}

// nextRep picks who a lead moves to: a rep on duty who has not had it yet, else
// anyone on duty but the current owner.
func (d *decider) nextRep() (roster.Rep, bool) {
	if r, ok := d.env.Team.Pick(d.roster, d.now, func(id string) bool { return slices.Contains(d.l.Owners, id) }); ok {
		return r, true
	}
	return d.env.Team.Pick(d.roster, d.now, d.isOwner)
}

// remind nudges the owner about due follow-up, or, when they are off shift, sets the
// timer again for the start of their next shift.
func (d *decider) remind(t Timer, kind NoticeKind) {
	if rep, ok := d.env.Team.Rep(d.l.Owner); ok && !d.env.Team.OnShift(rep, d.now) {
		if next, ok := d.env.Team.NextShift(rep, d.now); ok {
			d.record(Activity{Type: TypeDeferred, Rep: rep.ID, Notice: kind, Until: next})
			d.schedule(t.Kind, next)
			return
		}
	}
	d.record(Activity{Type: TypeReminder, Rep: d.l.Owner, Notice: kind})
	d.notify(d.l.Owner, kind, string(t.Kind)+strconv.Itoa(t.Seq), "")
}

// checkStall flags the lead stalled if nobody has tried to reach the customer for
// StalledAfter, or sets the check again for when that will be true.
func (d *decider) checkStall() {
	if s := d.l.Status; s != StatusContacted && s != StatusWorking {
		return
	}
	if due := d.l.LastContactAt.Add(d.l.Policy.StalledAfter); d.now.Before(due) {
		d.schedule(TimerStall, due)
		return
	}
	d.l.Status = StatusStalled
	d.l.Stalls++
	d.record(Activity{Type: TypeStalled, Rep: d.l.Owner})
	cause := "stall" + strconv.Itoa(d.l.Stalls)
	d.notify(d.l.Owner, NoticeStalled, cause, "")
	for _, m := range d.env.Team.Managers(d.roster, d.now) {
		if m.ID != d.l.Owner {
			d.notify(m.ID, NoticeStalled, cause, d.l.Owner)
		}
	}
}

func (d *decider) contacted(ev Contacted) error {
	if d.l.Status == StatusClosed {
		return ErrClosed
	}
	if !slices.Contains(ContactChannels, ev.Channel) {
		return fmt.Errorf("%w: contact channel %q is not one of %v", ErrInvalid, ev.Channel, ContactChannels)
	}
	switch ev.Evidence {
	case SelfReported, Integration, Sent:
	default:
		return fmt.Errorf("%w: contact evidence %q is not one of %s, %s, %s", ErrInvalid, ev.Evidence, SelfReported, Integration, Sent)
	}
	if ev.Seen != nil && d.l.Attempts > *ev.Seen {
		return fmt.Errorf("%w: the lead has %d attempts, the report was made after %d", ErrRepeated, d.l.Attempts, *ev.Seen)
	}
	repID := ev.Rep
	if repID == "" {
		repID = d.l.Owner
	}
	rep, known := d.env.Team.Rep(repID)
	switch {
	case repID == "":
		return fmt.Errorf("%w: the lead has no owner yet: say which rep made contact", ErrInvalid)
	case !known && repID != d.l.Owner:
		return fmt.Errorf("%w: unknown rep %q", ErrInvalid, repID)
	}
	actor := ev.Actor
	if actor == "" {
		actor = repID
	}
	d.l.Attempts++
	d.l.LastContactAt = d.now
	entry := Activity{Type: TypeContact, Actor: actor, Rep: repID, Channel: ev.Channel, Outcome: ev.Outcome,
		Evidence: ev.Evidence, Note: ev.Note, Attempts: d.l.Attempts}

	if d.l.FirstContactAt.IsZero() {
		d.l.FirstContactAt = d.now
		d.l.Deadline = time.Time{}
		d.cancel(TimerWarn, TimerDeadline, TimerOpen)
		// Whoever reached the customer first owns the lead, unless a manager stepped in.
		if from := d.l.Owner; repID != from && (from == "" || rep.Role != roster.Manager) {
			d.l.Owner = repID
			d.l.Owners = append(d.l.Owners, repID)
			d.roster = d.roster.Assigned(repID, d.now)
			d.rosterChanged = true
			entry.From = from
		}
		d.l.Status = StatusContacted
		d.record(entry)
		for _, id := range slices.Clone(d.l.Nudged) {
			if id != repID {
				d.notify(id, NoticeContacted, "contact", repID)
			}
		}
		d.schedule(TimerSecondContact, d.now.Add(d.l.Policy.SecondContact))
		d.schedule(TimerStall, d.now.Add(d.l.Policy.StalledAfter))
		return nil
	}

	wasStalled := d.l.Status == StatusStalled
	d.l.Status = StatusWorking
	d.record(entry)
	d.cancel(TimerSecondContact, TimerFollowUp)
	if n := d.l.Attempts - 2; n < len(d.l.Policy.Cadence) {
		d.schedule(TimerFollowUp, d.now.Add(d.l.Policy.Cadence[n]))
	}
	if wasStalled {
		d.schedule(TimerStall, d.now.Add(d.l.Policy.StalledAfter))
	}
	return nil
}

func (d *decider) claimed(ev Claimed) error {
	switch {
	case d.l.Status == StatusClosed:
		return ErrClosed
	case !d.l.Status.AwaitingContact():
		return fmt.Errorf("%w: %s already contacted the customer", ErrTaken, d.l.Owner)
	case d.l.Offer.Step != 0 && d.l.Offer.Step == d.l.Escalation.Step && d.l.Offer.ClaimedBy != "":
		return fmt.Errorf("%w: claimed by %s", ErrTaken, d.l.Offer.ClaimedBy)
	case !d.l.offerOpen():
		return fmt.Errorf("%w: lead %s is not on offer", ErrNoOffer, d.l.ID)
	case ev.Rep != d.l.Owner && !slices.Contains(d.l.Offer.Reps, ev.Rep):
		return fmt.Errorf("%w: lead %s was not offered to %q", ErrNoOffer, d.l.ID, ev.Rep)
	}
	from := d.l.Owner
	d.l.Offer.ClaimedBy = ev.Rep
	if ev.Rep != from {
		d.l.Owner = ev.Rep
		d.l.Owners = append(d.l.Owners, ev.Rep)
		d.roster = d.roster.Assigned(ev.Rep, d.now)
		d.rosterChanged = true
	}
	d.record(Activity{Type: TypeClaimed, Actor: ev.Rep, Rep: ev.Rep, From: from, Step: d.l.Offer.Step})
	for _, id := range slices.Clone(d.l.Nudged) {
		if id != ev.Rep {
			// A repeated offer-all step is a new offer each run, claimed once per run.
			d.notify(id, NoticeClaimed, "claim"+strconv.Itoa(d.l.Offer.Step)+"."+strconv.Itoa(d.l.Escalation.Runs), ev.Rep)
		}
	}
	return nil
}

func (d *decider) closed(ev Closed) error {
	if d.l.Status == StatusClosed {
		return ErrClosed
	}
	switch ev.Outcome {
	case Sold, Duplicate, Junk:
	case Lost:
		if ev.Reason == "" {
			return fmt.Errorf("%w: closing a lead as lost needs a reason", ErrInvalid)
		}
	default:
		return fmt.Errorf("%w: outcome %q is not one of %s, %s, %s, %s", ErrInvalid, ev.Outcome, Sold, Lost, Duplicate, Junk)
	}
	d.cancel()
	d.l.Deadline = time.Time{}
	d.l.Status = StatusClosed
	d.l.Closure = &Closure{Outcome: ev.Outcome, Reason: ev.Reason, At: d.now, By: ev.Actor, Attempts: d.l.Attempts}
	d.record(Activity{Type: TypeClosed, Actor: ev.Actor, Outcome: string(ev.Outcome), Reason: ev.Reason, Attempts: d.l.Attempts})
	return nil
}

func (d *decider) noted(ev Noted) error {
	if ev.Note == "" {
		return fmt.Errorf("%w: a note needs text", ErrInvalid)
	}
	d.record(Activity{Type: TypeNote, Actor: ev.Actor, Note: ev.Note})
	return nil
}

// inquired merges a returning customer's new inquiry into their open lead and tells
// the owner: a customer asking twice is one to call now.
func (d *decider) inquired(ev Inquired) error {
	if d.l.Status == StatusClosed {
		return ErrClosed
	}
	d.l.Customer = d.l.Customer.merged(ev.Customer)
	for _, v := range ev.Vehicles {
		if !slices.Contains(d.l.Vehicles, v) {
			d.l.Vehicles = append(d.l.Vehicles, v)
		}
	}
	d.record(Activity{Type: TypeInquired, Actor: ev.Source.Provider, Inquiry: &Inquiry{
		Source: ev.Source, Vehicles: ev.Vehicles, Comments: ev.Comments, Request: ev.Request, Warnings: ev.Warnings,
	}})
	if d.l.Owner != "" {
		d.notify(d.l.Owner, NoticeReturning, "inquiry"+strconv.Itoa(d.l.Activities), "")
	}
	return nil
}

func (d *decider) autoReplied(ev AutoReplied) error {
	if d.l.Status == StatusClosed {
		return ErrClosed
	}
	d.record(Activity{Type: TypeAutoReply, Channel: ev.Channel, Evidence: Sent})
	return nil
}

// rosterMoved gives a queued lead an owner if someone is now on duty, and moves a
// lead awaiting contact away from an owner who became unavailable.
func (d *decider) rosterMoved(ev RosterChanged) {
	switch d.l.Status {
	case StatusQueued:
		if rep, ok := d.env.Team.Pick(d.roster, d.now, nil); ok {
			d.cancel(TimerOpen)
			d.assign(rep, Activity{Type: TypeAssigned, Actor: ev.Actor})
			d.l.ClockStartedAt = d.now
			d.startClock(d.l.Policy.FirstContact, true)
		}
	case StatusAssigned:
		if !d.roster.IsAway(d.l.Owner, d.now) {
			return
		}
		rep, ok := d.nextRep()
		if !ok {
			rep, ok = d.env.Team.PickManager(d.roster, d.now, d.isOwner)
		}
		if !ok {
			return
		}
		d.assign(rep, Activity{Type: TypeReassigned, Actor: ev.Actor, Reason: "owner unavailable"})
		wait := d.l.Policy.FirstContact
		if s := d.l.Escalation.Step; s > 0 {
			wait = d.l.Policy.Escalation[s-1].After
		}
		d.startClock(wait, true)
	}
}
