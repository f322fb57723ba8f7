package lead

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/roster"
)

func TestReceiveAssignsInTurnAndStartsTheClock(t *testing.T) {
	r := newRun(t, testEnv(false))
	r.receive("2026-11-24 10:00", Received{Customer: Customer{Name: "Pat Doe", Phones: []Phone{{E164: "+13125550150", Raw: "+13125550150", Valid: true}}}})

	if r.l.Status != StatusAssigned || r.l.Owner != "alice" {
		t.Fatalf("status %s owner %q, want assigned to alice", r.l.Status, r.l.Owner)
	}
	if !r.l.Deadline.Equal(clock("2026-11-24 10:05")) || !r.l.ClockStartedAt.Equal(clock("2026-11-24 10:00")) {
		t.Fatalf("deadline %v clock %v", r.l.Deadline, r.l.ClockStartedAt)
	}
	if got, want := r.types(0), []Type{TypeReceived, TypeAssigned, TypeNotified}; !slices.Equal(got, want) {
		t.Fatalf("timeline %v, want %v", got, want)
	}
	if r.acts[0].Status != StatusNew || r.acts[1].Status != StatusAssigned || r.acts[0].Actor != "cars-com" {
		t.Fatalf("entries %+v", r.acts[:2])
	}
	var channels []Channel
	for _, e := range r.effs {
		if e.Kind == EffectNotify {
			channels = append(channels, e.Notice.Channel)
		}
	}
	if !slices.Equal(channels, []Channel{SMS, Email}) {
		t.Fatalf("alice notified on %v, want sms and email", channels)
	}
	deadline, _ := r.timer(TimerDeadline)
	warn, _ := r.timer(TimerWarn)
	if !deadline.At.Equal(clock("2026-11-24 10:05")) || !warn.At.Equal(clock("2026-11-24 10:03")) {
		t.Fatalf("timers %+v", r.l.Timers)
	}

	// The next lead goes to the rep given one least recently.
	r2 := newRun(t, r.env)
	r2.receive("2026-11-24 10:01", Received{ID: "L2"})
	if r2.l.Owner != "bob" {
		t.Fatalf("second lead owner %q, want bob", r2.l.Owner)
	}
}

func TestReturningCustomer(t *testing.T) {
	tests := []struct {
		name, at, previous, want string
	}{
		{"previous owner on shift", "2026-11-24 10:00", "bob", "bob"},
		{"previous owner off shift: round robin", "2026-11-24 20:00", "bob", "erin"},
		{"previous owner unknown: round robin", "2026-11-24 10:00", "zed", "alice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRun(t, testEnv(false))
			r.receive(tt.at, Received{PreviousOwner: tt.previous, PreviousLead: "L0"})
			if r.l.Owner != tt.want || r.l.PreviousLead != "L0" {
				t.Fatalf("owner %q previous %q, want %q", r.l.Owner, r.l.PreviousLead, tt.want)
			}
		})
	}
}

func TestQueuedUntilTheNextShift(t *testing.T) {
	r := newRun(t, testEnv(false))
	r.receive("2026-11-24 23:30", Received{})
	if r.l.Status != StatusQueued || r.l.Owner != "" || !r.l.Deadline.IsZero() {
		t.Fatalf("status %s owner %q deadline %v, want queued with no owner or deadline", r.l.Status, r.l.Owner, r.l.Deadline)
	}
	if n := r.notices(0); len(n) != 0 {
		t.Fatalf("queued lead notified %v at night", n)
	}
	r.until("2026-11-25 09:00")
	if r.l.Status != StatusAssigned || r.l.Owner != "alice" {
		t.Fatalf("at opening: %s %q", r.l.Status, r.l.Owner)
	}
	if !r.l.ClockStartedAt.Equal(clock("2026-11-25 09:00")) || !r.l.Deadline.Equal(clock("2026-11-25 09:05")) {
		t.Fatalf("clock started %v deadline %v, want 09:00 and 09:05", r.l.ClockStartedAt, r.l.Deadline)
	}
}

func TestOnCallTakesNightLeads(t *testing.T) {
	r := newRun(t, testEnv(true))
	r.receive("2026-11-24 23:30", Received{})
	if r.l.Owner != "carol" || r.l.Status != StatusAssigned {
		t.Fatalf("owner %q status %s, want carol assigned", r.l.Owner, r.l.Status)
	}
}

func TestNobodyForTheWholeHorizonGoesToAManager(t *testing.T) {
	env := testEnv(false)
	env.Roster = roster.State{Away: map[string]roster.Away{"alice": {}, "bob": {}, "erin": {}}}
	r := newRun(t, env)
	r.receive("2026-11-24 10:00", Received{})
	if r.l.Owner != "mona" || r.l.Status != StatusAssigned {
		t.Fatalf("owner %q status %s, want mona (manager on shift)", r.l.Owner, r.l.Status)
	}
}

func TestEscalationPath(t *testing.T) {
	r := newRun(t, testEnv(false))
	r.receive("2026-11-24 10:00", Received{})

	_, e := r.mark()
	r.until("2026-11-24 10:03")
	if got := r.notices(e); !slices.Equal(got, []string{"alice:warning"}) {
		t.Fatalf("10:03 notices %v, want alice warned", got)
	}

	a, e := r.mark()
	r.until("2026-11-24 10:05")
	if r.l.Owner != "bob" {
		t.Fatalf("10:05 owner %q, want bob", r.l.Owner)
	}
	if got, want := r.notices(e), []string{"bob:new-lead", "alice:rerouted"}; !slices.Equal(got, want) {
		t.Fatalf("10:05 notices %v, want %v", got, want)
	}
	if r.acts[a].Type != TypeRerouted || r.acts[a].From != "alice" || r.acts[a].Step != 1 {
		t.Fatalf("10:05 entry %+v", r.acts[a])
	}

	_, e = r.mark()
	r.until("2026-11-24 10:08")
	if got := r.notices(e); !slices.Equal(got, []string{"bob:warning"}) {
		t.Fatalf("10:08 notices %v, want bob warned two minutes before his deadline", got)
	}

	for i, at := range []string{"2026-11-24 10:10", "2026-11-24 10:20", "2026-11-24 10:30"} {
		a, e := r.mark()
		r.until(at)
		if got := r.notices(e); !slices.Equal(got, []string{"mona:escalation"}) {
			t.Fatalf("%s notices %v, want mona paged", at, got)
		}
		if r.acts[a].Type != TypeEscalated || r.acts[a].Run != i+1 || r.l.Owner != "bob" {
			t.Fatalf("%s entry %+v owner %s", at, r.acts[a], r.l.Owner)
		}
	}
	a, e = r.mark()
	r.until("2026-11-24 11:00")
	if got := r.types(a); !slices.Equal(got, []Type{TypeExhausted}) || len(r.notices(e)) != 0 {
		t.Fatalf("after the chain: %v %v", got, r.notices(e))
	}
	if len(r.l.Timers) != 0 || !r.l.Deadline.IsZero() || r.l.Owner != "bob" {
		t.Fatalf("exhausted lead still has timers %v / deadline %v / owner %q", r.l.Timers, r.l.Deadline, r.l.Owner)
	}
}

func TestStepWithNobodyEligibleIsSkippedAtOnce(t *testing.T) {
	env := testEnv(false)
	env.Policy.Escalation = []Step{
		{Action: OfferAll, After: 5 * time.Minute},
		{Action: NotifyManagers, After: 10 * time.Minute},
	}
	r := newRun(t, env)
	r.receive("2026-11-24 19:00", Received{}) // only erin on duty
	r.until("2026-11-24 19:04")
	a, e := r.mark()
	r.until("2026-11-24 19:05")
	if got, want := r.types(a), []Type{TypeSkipped, TypeEscalated, TypeNotified, TypeNotified}; !slices.Equal(got, want) {
		t.Fatalf("timeline %v, want %v", got, want)
	}
	// No manager is on shift at 19:00: both are paged.
	if got, want := r.notices(e), []string{"mona:escalation", "max:escalation"}; !slices.Equal(got, want) {
		t.Fatalf("notices %v, want %v", got, want)
	}
	if !r.l.Deadline.Equal(clock("2026-11-24 19:15")) {
		t.Fatalf("deadline %v, want 19:15", r.l.Deadline)
	}
}

func TestRerouteWhenOwnerWentOffDutyGoesToAManager(t *testing.T) {
	r := newRun(t, testEnv(false))
	r.receive("2026-11-24 17:58", Received{}) // alice, whose shift ends at 18:00
	r.until("2026-11-24 18:03")
	// bob's shift ended too; erin is on until 21:00.
	if r.l.Owner != "erin" {
		t.Fatalf("owner %q, want erin", r.l.Owner)
	}

	env := testEnv(false)
	env.Roster = roster.State{Away: map[string]roster.Away{"erin": {}}}
	r = newRun(t, env)
	r.receive("2026-11-24 17:58", Received{})
	r.until("2026-11-24 18:03")
	if r.l.Owner != "mona" {
		t.Fatalf("owner %q, want mona: nobody else on duty and alice went home", r.l.Owner)
	}
}

func TestRerouteKeepsOwnerWhenTheyAreTheOnlyOneOnDuty(t *testing.T) {
	r := newRun(t, testEnv(false))
	r.receive("2026-11-24 19:00", Received{}) // erin alone
	r.until("2026-11-24 19:04")
	a, _ := r.mark()
	r.until("2026-11-24 19:05")
	if r.l.Owner != "erin" || r.acts[a].Type != TypeSkipped || r.acts[a].Action != Reroute {
		t.Fatalf("owner %q entry %+v", r.l.Owner, r.acts[a])
	}
}

func TestTimersFiredTwiceLateOrEarlyRerouteOnce(t *testing.T) {
	r := newRun(t, testEnv(false))
	r.receive("2026-11-24 10:00", Received{})
	deadline, _ := r.timer(TimerDeadline)

	r.now = clock("2026-11-24 10:04")
	before := r.l
	r.must(Fired{Timer: deadline}) // early: ignored
	if !reflect.DeepEqual(before, r.l) {
		t.Fatal("an early timer changed the lead")
	}

	r.now = clock("2026-11-24 10:09") // late
	r.must(Fired{Timer: deadline})
	if r.l.Owner != "bob" {
		t.Fatalf("owner %q after the late deadline, want bob", r.l.Owner)
	}
	if !r.l.Deadline.Equal(clock("2026-11-24 10:14")) {
		t.Fatalf("bob's deadline %v, want five minutes from the late fire", r.l.Deadline)
	}
	state, acts := r.l, len(r.acts)
	for range 3 {
		d, err := Decide(r.l, Fired{Timer: deadline}, clock("2026-11-24 10:10"), r.env)
		if err != nil || d.Changed() {
			t.Fatalf("duplicate fire: changed=%v err=%v", d.Changed(), err)
		}
	}
	if !reflect.DeepEqual(state, r.l) || len(r.acts) != acts {
		t.Fatal("duplicate fires changed the lead")
	}
	rerouted := 0
	for _, a := range r.acts {
		if a.Type == TypeRerouted {
			rerouted++
		}
	}
	if rerouted != 1 {
		t.Fatalf("%d reroutes, want 1", rerouted)
	}
}

func TestContactJustBeforeTheDeadlineStopsEscalation(t *testing.T) {
	r := newRun(t, testEnv(false))
	r.receive("2026-11-24 10:00", Received{})
	r.until("2026-11-24 10:04:59")
	r.must(Contacted{Rep: "alice", Channel: "call", Evidence: SelfReported})
	if r.l.Status != StatusContacted || len(r.l.Timers) != 2 {
		t.Fatalf("status %s timers %+v", r.l.Status, r.l.Timers)
	}
	for _, kind := range []TimerKind{TimerWarn, TimerDeadline} {
		if _, ok := r.timer(kind); ok {
			t.Fatalf("%s timer outstanding after contact", kind)
		}
	}
	second, _ := r.timer(TimerSecondContact)
	if !second.At.Equal(clock("2026-11-25 10:04:59")) {
		t.Fatalf("second contact due %v, want 24h after first contact", second.At)
	}
	a, _ := r.mark()
	r.until("2026-11-24 12:00")
	if got := r.types(a); len(got) != 0 {
		t.Fatalf("after contact: %v", got)
	}
}

func TestWhoeverContactsFirstOwnsTheLead(t *testing.T) {
	r := newRun(t, testEnv(false))
	r.receive("2026-11-24 10:00", Received{})
	r.until("2026-11-24 10:05") // rerouted to bob; alice and bob were nudged
	_, e := r.mark()
	r.must(Contacted{Rep: "alice", Channel: "text", Evidence: Integration, Actor: "dms"})
	if r.l.Owner != "alice" || r.acts[len(r.acts)-len(r.notices(e))-1].From != "bob" {
		t.Fatalf("owner %q, want alice who reached the customer", r.l.Owner)
	}
	if got := r.notices(e); !slices.Equal(got, []string{"bob:contacted"}) {
		t.Fatalf("notices %v, want bob told", got)
	}

	// A manager stepping in does not take the lead from its owner.
	r = newRun(t, testEnv(false))
	r.receive("2026-11-24 10:00", Received{})
	r.now = clock("2026-11-24 10:02")
	r.must(Contacted{Rep: "mona", Channel: "call", Evidence: SelfReported})
	if r.l.Owner != "alice" {
		t.Fatalf("owner %q, want alice", r.l.Owner)
	}
}

func TestEveryoneNudgedHearsOfTheContact(t *testing.T) {
	r := newRun(t, testEnv(false))
	r.receive("2026-11-24 10:00", Received{})
	r.until("2026-11-24 10:10") // alice, bob, then mona paged
	_, e := r.mark()
	r.must(Contacted{Rep: "bob", Channel: "call", Evidence: SelfReported})
	if got, want := r.notices(e), []string{"alice:contacted", "mona:contacted"}; !slices.Equal(got, want) {
		t.Fatalf("notices %v, want %v", got, want)
	}
}

func TestOfferAll(t *testing.T) {
	env := testEnv(false)
	env.Policy.Escalation = []Step{
		{Action: OfferAll, After: 5 * time.Minute},
		{Action: NotifyManagers, After: 10 * time.Minute},
	}
	r := newRun(t, env)
	r.receive("2026-11-24 13:00", Received{}) // alice; bob and erin on duty too
	r.until("2026-11-24 13:04")
	_, e := r.mark()
	r.until("2026-11-24 13:05")
	if got, want := r.notices(e), []string{"bob:offer", "erin:offer"}; !slices.Equal(got, want) {
		t.Fatalf("offer notices %v, want %v", got, want)
	}
	if err := r.do(Claimed{Rep: "mona"}); !errors.Is(err, ErrNoOffer) {
		t.Fatalf("claim by a rep not offered: %v", err)
	}
	_, e = r.mark()
	r.now = clock("2026-11-24 13:06")
	r.must(Claimed{Rep: "erin"})
	if r.l.Owner != "erin" || r.l.Status != StatusAssigned {
		t.Fatalf("after claim: owner %q status %s", r.l.Owner, r.l.Status)
	}
	if got, want := r.notices(e), []string{"alice:claimed", "bob:claimed"}; !slices.Equal(got, want) {
		t.Fatalf("claim notices %v, want %v", got, want)
	}
	if err := r.do(Claimed{Rep: "bob"}); !errors.Is(err, ErrTaken) {
		t.Fatalf("second claim: %v, want ErrTaken", err)
	}
	// A claim is not contact: the clock keeps running.
	a, _ := r.mark()
	r.until("2026-11-24 13:10")
	if got := r.types(a); len(got) == 0 || got[0] != TypeEscalated {
		t.Fatalf("after the claimed offer's deadline: %v, want managers paged", got)
	}
	if err := r.do(Claimed{Rep: "alice"}); !errors.Is(err, ErrNoOffer) {
		t.Fatalf("claim after the offer step: %v, want ErrNoOffer (the offer expired)", err)
	}
}

func TestClaimWithoutOffer(t *testing.T) {
	r := newRun(t, testEnv(false))
	r.receive("2026-11-24 10:00", Received{})
	if err := r.do(Claimed{Rep: "bob"}); !errors.Is(err, ErrNoOffer) {
		t.Fatalf("claim: %v, want ErrNoOffer", err)
	}
	r.must(Contacted{Rep: "alice", Channel: "call", Evidence: SelfReported})
	if err := r.do(Claimed{Rep: "bob"}); !errors.Is(err, ErrTaken) {
		t.Fatalf("claim after contact: %v, want ErrTaken", err)
	}
}

func TestFollowUpCadenceAndStall(t *testing.T) {
	r := newRun(t, testEnv(false))
	r.receive("2026-11-24 10:00", Received{})
	r.now = clock("2026-11-24 10:02")
	r.must(Contacted{Rep: "alice", Channel: "call", Evidence: SelfReported})

	// Second contact due 24 h later, during alice's shift.
	a, e := r.mark()
	r.until("2026-11-25 10:02")
	if got := r.notices(e); !slices.Equal(got, []string{"alice:second-contact-due"}) || r.types(a)[0] != TypeReminder {
		t.Fatalf("second-contact reminder: %v %v", r.types(a), got)
	}

	r.now = clock("2026-11-25 11:00")
	r.must(Contacted{Rep: "alice", Channel: "text", Evidence: Sent})
	if r.l.Status != StatusWorking || r.l.Attempts != 2 {
		t.Fatalf("status %s attempts %d", r.l.Status, r.l.Attempts)
	}
	next, ok := r.timer(TimerFollowUp)
	if !ok || !next.At.Equal(clock("2026-11-26 11:00")) {
		t.Fatalf("follow-up timer %+v, want cadence[0] = 1 day after", next)
	}
	_, e = r.mark()
	r.until("2026-11-26 11:00")
	if got := r.notices(e); !slices.Equal(got, []string{"alice:follow-up-due"}) {
		t.Fatalf("follow-up notices %v", got)
	}

	// No attempt for 72 h after the last one: stalled, owner and managers told.
	a, e = r.mark()
	r.until("2026-11-28 11:00")
	if r.l.Status != StatusStalled || !slices.Contains(r.types(a), TypeStalled) {
		t.Fatalf("status %s timeline %v, want stalled at 72 h", r.l.Status, r.types(a))
	}
	if got, want := r.notices(e), []string{"alice:stalled", "mona:stalled", "max:stalled"}; !slices.Equal(got, want) {
		t.Fatalf("stall notices %v, want %v", got, want)
	}
	// A contact brings it back to working and re-arms the stall check.
	r.now = clock("2026-11-30 10:00")
	r.must(Contacted{Rep: "alice", Channel: "call", Evidence: Integration})
	if _, ok := r.timer(TimerStall); r.l.Status != StatusWorking || !ok {
		t.Fatalf("status %s stall timer %v", r.l.Status, ok)
	}
}

func TestStallCheckIsPostponedByLaterContacts(t *testing.T) {
	r := newRun(t, testEnv(false))
	r.receive("2026-11-24 10:00", Received{})
	r.must(Contacted{Rep: "alice", Channel: "call", Evidence: SelfReported})
	r.now = clock("2026-11-26 10:00")
	r.must(Contacted{Rep: "alice", Channel: "call", Evidence: SelfReported})
	r.until("2026-11-27 10:00") // the first stall check: not stalled yet
	if r.l.Status == StatusStalled {
		t.Fatal("stalled 24 h after the last attempt")
	}
	stall, ok := r.timer(TimerStall)
	if !ok || !stall.At.Equal(clock("2026-11-29 10:00")) {
		t.Fatalf("stall timer %+v, want 72 h after the last attempt", stall)
	}
}

func TestRemindersWaitForTheOwnersShift(t *testing.T) {
	r := newRun(t, testEnv(false))
	r.receive("2026-11-27 17:00", Received{}) // Friday
	r.must(Contacted{Rep: "alice", Channel: "call", Evidence: SelfReported})
	a, e := r.mark()
	r.until("2026-11-28 17:00") // due Saturday: alice does not work weekends
	if got := r.notices(e); len(got) != 0 {
		t.Fatalf("notices on alice's day off: %v", got)
	}
	if r.acts[a].Type != TypeDeferred || !r.acts[a].Until.Equal(clock("2026-11-30 09:00")) {
		t.Fatalf("entry %+v, want deferred to Monday 09:00", r.acts[a])
	}
	_, e = r.mark()
	r.until("2026-11-30 09:00")
	if got := r.notices(e); !slices.Equal(got, []string{"alice:second-contact-due"}) {
		t.Fatalf("Monday notices %v", got)
	}
}

func TestClose(t *testing.T) {
	tests := []struct {
		name    string
		ev      Closed
		wantErr error
	}{
		{"sold", Closed{Outcome: Sold, Actor: "alice"}, nil},
		{"lost with reason", Closed{Outcome: Lost, Reason: "bought elsewhere"}, nil},
		{"lost without reason", Closed{Outcome: Lost}, ErrInvalid},
		{"duplicate", Closed{Outcome: Duplicate}, nil},
		{"junk", Closed{Outcome: Junk}, nil},
		{"unknown outcome", Closed{Outcome: "won"}, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRun(t, testEnv(false))
			r.receive("2026-11-24 10:00", Received{})
			r.now = clock("2026-11-24 10:01")
			r.must(Contacted{Rep: "alice", Channel: "call", Evidence: SelfReported})
			_, e := r.mark()
			err := r.do(tt.ev)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("close: %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if r.l.Status != StatusClosed || r.l.Closure.Attempts != 1 || len(r.l.Timers) != 0 {
				t.Fatalf("closed lead %+v", r.l)
			}
			cancels := 0
			for _, eff := range r.effs[e:] {
				if eff.Kind == EffectCancel {
					cancels++
				}
			}
			if cancels != 2 {
				t.Fatalf("%d cancels, want the second-contact and stall timers cancelled", cancels)
			}
			for _, ev := range []Event{Closed{Outcome: Sold}, Contacted{Rep: "alice", Channel: "call", Evidence: SelfReported}, Claimed{Rep: "bob"}} {
				if err := r.do(ev); !errors.Is(err, ErrClosed) {
					t.Errorf("%T on a closed lead: %v, want ErrClosed", ev, err)
				}
			}
			if err := r.do(Noted{Actor: "alice", Note: "customer came back to say thanks"}); err != nil {
				t.Errorf("note on a closed lead: %v", err)
			}
		})
	}
}

func TestAutoReplyIsNeverContact(t *testing.T) {
	r := newRun(t, testEnv(false))
	r.receive("2026-11-24 10:00", Received{})
	r.must(AutoReplied{Channel: "email"})
	if r.l.Status != StatusAssigned || r.l.Attempts != 0 || !r.l.FirstContactAt.IsZero() {
		t.Fatalf("after auto-reply: %s, %d attempts", r.l.Status, r.l.Attempts)
	}
	r.until("2026-11-24 10:05")
	if r.l.Owner != "bob" {
		t.Fatal("the auto-reply stopped the clock")
	}
}

func TestInvalidEvents(t *testing.T) {
	r := newRun(t, testEnv(false))
	r.receive("2026-11-24 10:00", Received{})
	tests := []struct {
		name string
		ev   Event
	}{
		{"unknown channel", Contacted{Rep: "alice", Channel: "fax", Evidence: SelfReported}},
		{"unknown evidence", Contacted{Rep: "alice", Channel: "call", Evidence: "hearsay"}},
		{"unknown rep", Contacted{Rep: "zed", Channel: "call", Evidence: SelfReported}},
		{"empty note", Noted{Actor: "alice"}},
		{"received twice", Received{ID: "L1"}},
	}
	for _, tt := range tests {
		if err := r.do(tt.ev); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", tt.name, err)
		}
	}
	if _, err := Decide(Lead{}, Contacted{}, r.now, r.env); !errors.Is(err, ErrInvalid) {
		t.Errorf("event on no lead: %v", err)
	}
	q := newRun(t, testEnv(false))
	q.receive("2026-11-24 23:00", Received{})
	if err := q.do(Contacted{Channel: "call", Evidence: Integration}); !errors.Is(err, ErrInvalid) {
		t.Errorf("contact on a queued lead without a rep: %v", err)
	}
	q.must(Contacted{Rep: "carol", Channel: "call", Evidence: SelfReported})
	if q.l.Owner != "carol" || q.l.Status != StatusContacted {
		t.Errorf("queued lead contacted by carol: owner %q status %s", q.l.Owner, q.l.Status)
	}
	if _, ok := q.timer(TimerOpen); ok {
		t.Error("open timer outstanding after contact")
	}
}

func TestOwnerBecomingUnavailable(t *testing.T) {
	r := newRun(t, testEnv(false))
	r.receive("2026-11-24 10:00", Received{})
	r.now = clock("2026-11-24 10:02")
	r.env.Roster = r.env.Roster.WithAway("alice", &roster.Away{Until: clock("2026-11-24 12:00")})
	r.must(RosterChanged{Actor: "alice"})
	if r.l.Owner != "bob" || r.acts[len(r.acts)-3].Type != TypeReassigned {
		t.Fatalf("owner %q, want bob", r.l.Owner)
	}
	if !r.l.Deadline.Equal(clock("2026-11-24 10:07")) {
		t.Fatalf("deadline %v, want a full SLA for bob", r.l.Deadline)
	}
	// Nothing changes for leads already contacted or for owners still available.
	before := r.l
	r.env.Roster = r.env.Roster.WithAway("alice", nil)
	d, err := Decide(r.l, RosterChanged{}, r.now, r.env)
	if err != nil || d.Changed() || !reflect.DeepEqual(before, r.l) {
		t.Fatalf("roster change with the owner present: changed=%v err=%v", d.Changed(), err)
	}
}

func TestQueuedLeadTakenWhenSomeoneComesBack(t *testing.T) {
	env := testEnv(false)
	env.Roster = roster.State{Away: map[string]roster.Away{"alice": {}, "bob": {}}}
	r := newRun(t, env)
	r.receive("2026-11-24 10:00", Received{})
	if r.l.Status != StatusQueued {
		t.Fatalf("status %s, want queued (erin starts at 12:00)", r.l.Status)
	}
	r.now = clock("2026-11-24 10:30")
	r.env.Roster = r.env.Roster.WithAway("bob", nil)
	r.must(RosterChanged{Actor: "bob"})
	if r.l.Owner != "bob" || !r.l.ClockStartedAt.Equal(r.now) {
		t.Fatalf("owner %q clock %v", r.l.Owner, r.l.ClockStartedAt)
	}
	if _, ok := r.timer(TimerOpen); ok {
		t.Fatal("open timer outstanding")
	}
}

func TestDecideDoesNotModifyItsInput(t *testing.T) {
	r := newRun(t, testEnv(false))
	r.receive("2026-11-24 10:00", Received{})
	r.until("2026-11-24 10:05")
	saved := r.l.clone()
	roster := r.env.Roster
	savedAssigned := roster.LastAssigned["bob"]
	for _, ev := range []Event{
		Contacted{Rep: "alice", Channel: "call", Evidence: SelfReported},
		Closed{Outcome: Junk},
		Fired{Timer: r.l.Timers[0]},
	} {
		if _, err := Decide(r.l, ev, clock("2026-11-24 10:20"), r.env); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(saved, r.l) {
			t.Fatalf("%T modified the lead", ev)
		}
		if !roster.LastAssigned["bob"].Equal(savedAssigned) {
			t.Fatalf("%T modified the roster", ev)
		}
	}
}

// TestRepeatedContactReport: a report made from a page showing n attempts is refused
// once the lead has more, so a double tap logs one attempt; an unguarded report (an
// integration) always counts.
func TestRepeatedContactReport(t *testing.T) {
	seen := func(n int) *int { return &n }
	tests := []struct {
		name     string
		reports  []Contacted
		attempts int
		refused  int // index of the report refused with ErrRepeated, -1 for none
	}{
		{"double tap", []Contacted{{Channel: "call", Seen: seen(0)}, {Channel: "call", Seen: seen(0)}}, 1, 1},
		{"second attempt from a fresh page", []Contacted{{Channel: "call", Seen: seen(0)}, {Channel: "call", Seen: seen(1)}}, 2, -1},
		{"unguarded reports all count", []Contacted{{Channel: "call"}, {Channel: "call"}}, 2, -1},
		{"stale page after another rep's attempt", []Contacted{{Channel: "text", Rep: "bob"}, {Channel: "call", Seen: seen(0)}}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRun(t, testEnv(false))
			r.receive("2026-11-24 10:00", Received{})
			r.now = clock("2026-11-24 10:02")
			for i, ev := range tt.reports {
				ev.Evidence = SelfReported
				err := r.do(ev)
				if wantRefused := i == tt.refused; wantRefused != errors.Is(err, ErrRepeated) || (!wantRefused && err != nil) {
					t.Fatalf("report %d: err %v, refused want %v", i, err, wantRefused)
				}
			}
			if r.l.Attempts != tt.attempts {
				t.Fatalf("%d attempts, want %d", r.l.Attempts, tt.attempts)
			}
		})
	}
}

// TestRepeatedOfferClaimedEachRun: an offer-all step that repeats is a new offer each
// run, and a claim in each run tells the others each time, under distinct effect ids
// (found by the property test: the second claim's notices reused the first's ids).
func TestRepeatedOfferClaimedEachRun(t *testing.T) {
	env := testEnv(false)
	env.Policy.Escalation = []Step{{Action: OfferAll, After: time.Minute, Repeat: 2}}
	r := newRun(t, env)
	r.receive("2026-11-24 13:00", Received{}) // alice, bob and erin on duty: a third rep hears of both claims
	seen := map[string]bool{}
	for run, deadline := range []string{"2026-11-24 13:05", "2026-11-24 13:06"} {
		r.until(deadline)
		if r.l.Escalation.Runs != run+1 || len(r.l.Offer.Reps) == 0 {
			t.Fatalf("run %d: escalation %+v offer %+v", run+1, r.l.Escalation, r.l.Offer)
		}
		r.must(Claimed{Rep: r.l.Offer.Reps[0]})
	}
	for _, e := range r.effs {
		if seen[e.ID] {
			t.Fatalf("effect %s produced twice", e.ID)
		}
		seen[e.ID] = true
	}
}
