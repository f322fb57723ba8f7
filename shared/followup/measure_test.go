package followup_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/followup"
	"github.com/leadclock/leadclock/shared/lead"
)

// t0 is when the edge cases' leads arrive, unless they say otherwise: a Tuesday 10:00
// UTC, an hour into the window.
var (
	t0     = time.Date(2026, time.November, 3, 10, 0, 0, 0, time.UTC)
	window = followup.Window{From: t0.Add(-time.Hour), To: t0.Add(7 * 24 * time.Hour)}
	policy = lead.Policy{FirstContact: 5 * time.Minute, SecondContact: 24 * time.Hour, StalledAfter: 72 * time.Hour}
)

// at is t0 plus a duration written as Go writes them ("5m", "49h").
func at(d string) time.Time {
	dur, err := time.ParseDuration(d)
	if err != nil {
		panic(err)
	}
	return t0.Add(dur)
}

// record is a lead received at t0 by cars-com with the entries, numbered in order.
func record(id string, entries ...lead.Activity) followup.Record {
	return recordAt(id, t0, entries...)
}

func recordAt(id string, received time.Time, entries ...lead.Activity) followup.Record {
	l := lead.Lead{ID: id, Source: lead.Source{Provider: "cars-com"}, ReceivedAt: received, Policy: policy}
	tl := append([]lead.Activity{{Type: lead.TypeReceived, At: received, Actor: "cars-com"}}, entries...)
	for i := range tl {
		tl[i].LeadID, tl[i].Seq = id, i+1
	}
	return followup.Record{Lead: l, Timeline: tl}
}

func assigned(when, rep string) lead.Activity {
	return lead.Activity{Type: lead.TypeAssigned, At: at(when), Rep: rep}
}

func queued(when string) lead.Activity {
	return lead.Activity{Type: lead.TypeQueued, At: at(when), Reason: "nobody on duty"}
}

// called is a contact attempt by rep; from is the owner the first contact took the
// lead from, as the engine records it.
func called(when, rep string, ev lead.Evidence, from string) lead.Activity {
	return lead.Activity{Type: lead.TypeContact, At: at(when), Actor: rep, Rep: rep, From: from, Channel: "call", Evidence: ev}
}

func closed(when, by string, o lead.Outcome) lead.Activity {
	return lead.Activity{Type: lead.TypeClosed, At: at(when), Actor: by, Outcome: string(o)}
}

func TestMeasureEdgeCases(t *testing.T) {
	tests := []struct {
		name    string
		records []followup.Record
		now     time.Time
		check   func(t *testing.T, r followup.Report)
	}{
		{
			name: "no leads: nothing to measure, every figure over nothing is null",
			now:  at("1h"),
			check: func(t *testing.T, r followup.Report) {
				d := r.Dealership
				if d.Leads != 0 || d.FirstContact.Leads != 0 || d.FirstContact.MedianSeconds != nil || d.FirstContact.WithinSLA != nil ||
					d.FirstContact.Never != nil || d.SecondContact.Within48h != nil || d.Queued.MaxWaitSeconds != nil {
					t.Errorf("dealership %+v", d)
				}
				if r.Reps == nil || r.Providers == nil || r.Queued == nil || r.Stalled == nil || r.ClosedEarly == nil {
					t.Error("empty lists must be empty, not null")
				}
			},
		},
		{
			name: "no contacts: no times, every lead never contacted, the open one awaiting",
			now:  at("3h"),
			records: []followup.Record{
				record("L1", assigned("0s", "alice")),
				record("L2", assigned("0s", "bob"), closed("1h", "bob", lead.Lost)),
			},
			check: func(t *testing.T, r followup.Report) {
				fc := r.Dealership.FirstContact
				if fc.Leads != 2 || fc.Contacted != 0 || fc.Awaiting != 1 || fc.MedianSeconds != nil || fc.MeanSeconds != nil ||
					!eq(fc.Never, 1) || !eq(fc.WithinSLA, 0) {
					t.Errorf("first contact %+v", fc)
				}
				if sc := r.Dealership.SecondContact; sc.Contacted != 0 || sc.Due != 0 || sc.Within48h != nil || sc.MedianGapSeconds != nil {
					t.Errorf("second contact %+v", sc)
				}
				wantClosed(t, r, "L2")
			},
		},
		{
			name: "a lead belongs to the window it was received in, at or before now",
			now:  at("2h"),
			records: []followup.Record{
				recordAt("L1", window.From, assigned("-1h", "alice")),
				recordAt("L2", window.From.Add(-time.Nanosecond)),
				recordAt("L3", window.To),
				recordAt("L4", at("2h")),
				recordAt("L5", at("2h1ns")),
			},
			check: func(t *testing.T, r followup.Report) {
				if r.Dealership.Leads != 2 {
					t.Errorf("%d leads, want L1 (received at from) and L4 (received at now)", r.Dealership.Leads)
				}
			},
		},
		{
			name: "entries after now are left out",
			now:  at("10m"),
			records: []followup.Record{
				record("L1", assigned("0s", "alice"), called("11m", "alice", lead.SelfReported, "")),
				record("L2", assigned("0s", "alice"), called("2m", "alice", lead.SelfReported, ""), closed("10m1s", "alice", lead.Sold)),
			},
			check: func(t *testing.T, r followup.Report) {
				if fc := r.Dealership.FirstContact; fc.Contacted != 1 || fc.Awaiting != 1 || !eq(fc.MedianSeconds, 120) {
					t.Errorf("first contact %+v, want only L2 contacted, in 2 min", fc)
				}
				if len(r.ClosedEarly) != 0 {
					t.Errorf("closed early %+v: L2 was closed after now", r.ClosedEarly)
				}
			},
		},
		{
			name: "limits include themselves",
			now:  at("200h"),
			records: []followup.Record{
				record("L1", assigned("0s", "alice"), called("5m", "alice", lead.SelfReported, ""), called("48h5m", "alice", lead.SelfReported, ""), closed("49h", "alice", lead.Sold)),
				record("L2", assigned("0s", "alice"), called("5m1s", "alice", lead.SelfReported, ""), called("48h5m2s", "alice", lead.SelfReported, ""), closed("49h", "alice", lead.Sold)),
				record("L3", assigned("0s", "alice"), called("15m", "alice", lead.SelfReported, ""), closed("1h", "alice", lead.Sold)),
				record("L4", assigned("0s", "alice"), called("1h", "alice", lead.SelfReported, ""), closed("2h", "alice", lead.Sold)),
			},
			check: func(t *testing.T, r followup.Report) {
				fc := r.Dealership.FirstContact
				if !eq(fc.WithinSLA, 0.25) || !eq(fc.Within15m, 0.75) || !eq(fc.Within1h, 1) {
					t.Errorf("within SLA %s, 15 min %s, 1 h %s; want 1/4, 3/4, 4/4", show(fc.WithinSLA), show(fc.Within15m), show(fc.Within1h))
				}
				// L1's gap is 48 h exactly, L2's a second more; L3 and L4 were closed
				// within 48 h of their first contact: no second attempt was due.
				if sc := r.Dealership.SecondContact; sc.Due != 2 || !eq(sc.Within48h, 0.5) || sc.NoSecondAttempt != 0 {
					t.Errorf("second contact %s", showSecond(sc))
				}
			},
		},
		{
			name: "a second attempt is due 48 h after the first, unless the lead was closed before",
			now:  at("50h"),
			records: []followup.Record{
				record("L1", assigned("0s", "alice"), called("1m", "alice", lead.SelfReported, "")),                                      // due at 48h1m
				record("L2", assigned("0s", "alice"), called("3h", "alice", lead.SelfReported, "")),                                      // not yet: due at 51h
				record("L3", assigned("0s", "alice"), called("1m", "alice", lead.SelfReported, ""), closed("48h2m", "alice", lead.Lost)), // closed after it was due
				record("L4", assigned("0s", "alice"), called("1m", "alice", lead.SelfReported, ""), closed("48h1m", "alice", lead.Lost)), // closed as it fell due
			},
			check: func(t *testing.T, r followup.Report) {
				if sc := r.Dealership.SecondContact; sc.Contacted != 4 || sc.Due != 2 || sc.NoSecondAttempt != 2 || !eq(sc.Within48h, 0) || sc.MedianGapSeconds != nil {
					t.Errorf("second contact %s, want L1 and L3 due without a second attempt", showSecond(sc))
				}
			},
		},
		{
			name: "stalled once the last attempt is stalledAfter old, and only while open",
			now:  at("72h10m"),
			records: []followup.Record{
				record("L1", assigned("0s", "alice"), called("10m", "alice", lead.SelfReported, "")),
				record("L2", assigned("0s", "alice"), called("10m1s", "alice", lead.SelfReported, ""),
					lead.Activity{Type: lead.TypeNote, At: at("70h"), Actor: "alice", Note: "Left a message with the wife."}),
				record("L3", assigned("0s", "alice"), called("1m", "alice", lead.SelfReported, ""), closed("2m", "alice", lead.Sold)),
				record("L4", assigned("0s", "alice")),
			},
			check: func(t *testing.T, r followup.Report) {
				if len(r.Stalled) != 1 || r.Stalled[0].ID != "L1" || r.Stalled[0].IdleSeconds != 72*3600 || r.Dealership.Stalled != 1 ||
					!r.Stalled[0].LastAttemptAt.Equal(at("10m")) || r.Stalled[0].Owner != "alice" || r.Stalled[0].Attempts != 1 {
					t.Errorf("stalled %+v, want L1 alone (a note is not follow-up)", r.Stalled)
				}
			},
		},
		{
			name: "the first contact by another rep gives them the lead and its follow-up; the first owner keeps its first contact",
			now:  at("100h"),
			records: []followup.Record{
				record("L1", assigned("0s", "alice"), called("2m", "bob", lead.Integration, "alice")),
			},
			check: func(t *testing.T, r followup.Report) {
				alice, bob := repFigures(t, r, "alice"), repFigures(t, r, "bob")
				if alice.Leads != 1 || alice.FirstContact.Contacted != 1 || alice.SecondContact.Contacted != 0 || alice.Stalled != 0 || alice.Attempts.Integration != 0 {
					t.Errorf("alice %+v", alice)
				}
				if bob.Leads != 0 || bob.SecondContact.NoSecondAttempt != 1 || bob.Stalled != 1 || bob.Attempts.Integration != 1 {
					t.Errorf("bob %+v", bob)
				}
			},
		},
		{
			name: "a manager's contact for the owner leaves the owner's follow-up theirs",
			now:  at("100h"),
			records: []followup.Record{
				record("L1", assigned("0s", "alice"), called("2m", "mona", lead.SelfReported, "")),
			},
			check: func(t *testing.T, r followup.Report) {
				if alice, mona := repFigures(t, r, "alice"), repFigures(t, r, "mona"); alice.Stalled != 1 || mona.Stalled != 0 || mona.Attempts.SelfReported != 1 {
					t.Errorf("alice %+v\nmona %+v", alice, mona)
				}
				if r.Stalled[0].Owner != "alice" {
					t.Errorf("stalled %+v, want alice's", r.Stalled)
				}
			},
		},
		{
			name: "queued leads: waited until given to a rep, contacted or closed, or until now",
			now:  at("20h"),
			records: []followup.Record{
				// Given to alice when the shift opened, 11 h later, called 4 min after.
				record("L1", queued("0s"), assigned("11h", "alice"), called("11h4m", "alice", lead.SelfReported, "")),
				// Called by bob (logged by an integration) before any shift opened.
				record("L2", queued("0s"), called("2h", "bob", lead.Integration, "")),
				// Closed as junk while it waited.
				record("L3", queued("0s"), closed("1h", "dms", lead.Junk)),
				// Still waiting.
				record("L4", queued("0s"), queued("14h")),
			},
			check: func(t *testing.T, r followup.Report) {
				want := []followup.QueuedLead{
					{ID: "L1", Provider: "cars-com", ReceivedAt: t0, Owner: "alice", OpenedAt: at("11h"), WaitedSeconds: 11 * 3600},
					{ID: "L2", Provider: "cars-com", ReceivedAt: t0, Owner: "bob", OpenedAt: at("2h"), WaitedSeconds: 2 * 3600},
					{ID: "L3", Provider: "cars-com", ReceivedAt: t0, WaitedSeconds: 3600},
					{ID: "L4", Provider: "cars-com", ReceivedAt: t0, WaitedSeconds: 20 * 3600, Waiting: true},
				}
				if !slices.EqualFunc(r.Queued, want, sameQueued) {
					t.Errorf("queued\n%+v\nwant\n%+v", r.Queued, want)
				}
				if q := r.Dealership.Queued; q.Leads != 4 || !eq(q.MedianWaitSeconds, 6.5*3600) || !eq(q.MaxWaitSeconds, 20*3600) {
					t.Errorf("queue {%d median %s max %s}", q.Leads, show(q.MedianWaitSeconds), show(q.MaxWaitSeconds))
				}
				// From the clock start: L1 in 4 min, L2 at once; L3 is excluded.
				if b := r.Dealership.BusinessFirstContact; b.Leads != 3 || b.Contacted != 2 || b.Awaiting != 1 || !eq(b.MedianSeconds, 120) || !eq(b.WithinSLA, 2.0/3) {
					t.Errorf("business first contact %+v", b)
				}
				if fc := r.Dealership.FirstContact; !eq(fc.MedianSeconds, (11*3600+4*60+2*3600)/2.0) || !eq(fc.WithinSLA, 0) {
					t.Errorf("first contact median %s, within SLA %s", show(fc.MedianSeconds), show(fc.WithinSLA))
				}
			},
		},
		{
			name: "closed as duplicate or junk before any attempt: excluded from the contact figures, listed with who closed it",
			now:  at("1h"),
			records: []followup.Record{
				record("L1", assigned("0s", "alice"), closed("1m", "alice", lead.Duplicate)),
				record("L2", assigned("0s", "alice"), called("1m", "alice", lead.SelfReported, ""), closed("2m", "alice", lead.Junk)),
				record("L3", assigned("0s", "alice"), closed("3m", "dms", lead.Lost)),
			},
			check: func(t *testing.T, r followup.Report) {
				d := r.Dealership
				if d.Leads != 3 || d.Excluded != 1 || d.FirstContact.Leads != 2 || !eq(d.FirstContact.Never, 0.5) || d.ClosedEarly != 3 {
					t.Errorf("leads %d, excluded %d, measured %d, never %s, closed early %d", d.Leads, d.Excluded, d.FirstContact.Leads, show(d.FirstContact.Never), d.ClosedEarly)
				}
				wantClosed(t, r, "L1", "L2", "L3")
				if c := r.ClosedEarly[2]; c.ClosedBy != "dms" || c.Owner != "alice" || c.Outcome != lead.Lost || c.Attempts != 0 {
					t.Errorf("L3 %+v, want closed by dms, alice's, lost, no attempt", c)
				}
			},
		},
		{
			name: "three attempts is not closed early",
			now:  at("100h"),
			records: []followup.Record{
				record("L1", assigned("0s", "alice"), called("1m", "alice", lead.SelfReported, ""), called("1h", "alice", lead.Sent, ""),
					called("2h", "alice", lead.Integration, ""), closed("3h", "alice", lead.Sold)),
				record("L2", assigned("0s", "alice"), called("1m", "alice", lead.SelfReported, ""), called("1h", "alice", lead.Sent, ""), closed("3h", "alice", lead.Sold)),
			},
			check: func(t *testing.T, r followup.Report) {
				wantClosed(t, r, "L2")
				if a := r.Dealership.Attempts; a != (followup.Evidence{SelfReported: 2, Sent: 2, Integration: 1}) {
					t.Errorf("attempts %+v", a)
				}
			},
		},
		{
			name: "deadlines missed: a reroute for whom it was taken from, an escalation for its owner",
			now:  at("1h"),
			records: []followup.Record{
				record("L1", assigned("0s", "alice"),
					lead.Activity{Type: lead.TypeRerouted, At: at("5m"), Rep: "bob", From: "alice", Step: 1, Action: lead.Reroute},
					lead.Activity{Type: lead.TypeOffered, At: at("10m"), Rep: "bob", Step: 2, Action: lead.OfferAll},
					lead.Activity{Type: lead.TypeClaimed, At: at("11m"), Actor: "dave", Rep: "dave", From: "bob", Step: 2},
					lead.Activity{Type: lead.TypeEscalated, At: at("21m"), Rep: "dave", Step: 3, Action: lead.NotifyManagers},
					called("25m", "dave", lead.SelfReported, "")),
			},
			check: func(t *testing.T, r followup.Report) {
				for _, c := range []struct {
					rep                   string
					reroutes, escalations int
				}{{"alice", 1, 0}, {"bob", 0, 1}, {"dave", 0, 1}} {
					if g := repFigures(t, r, c.rep); g.Reroutes != c.reroutes || g.Escalations != c.escalations {
						t.Errorf("%s: %d reroutes, %d escalations; want %d, %d", c.rep, g.Reroutes, g.Escalations, c.reroutes, c.escalations)
					}
				}
				if dave := repFigures(t, r, "dave"); dave.SecondContact.Contacted != 1 || dave.Leads != 0 {
					t.Errorf("dave %+v: the follow-up is his, the lead was alice's first", dave)
				}
			},
		},
		{
			name: "a merged inquiry counts for its provider and the owner then, and restarts no clock",
			now:  at("1h"),
			records: []followup.Record{
				record("L1", assigned("0s", "alice"),
					lead.Activity{Type: lead.TypeInquired, At: at("3m"), Actor: "cargurus", Inquiry: &lead.Inquiry{Source: lead.Source{Provider: "cargurus"}}},
					called("10m", "alice", lead.SelfReported, "")),
			},
			check: func(t *testing.T, r followup.Report) {
				if got := groupIDs(r.Providers); !slices.Equal(got, []string{"cargurus", "cars-com"}) {
					t.Fatalf("providers %v", got)
				}
				gurus, cars := r.Providers[0].Figures, r.Providers[1].Figures
				if gurus.Merged != 1 || gurus.Leads != 0 || cars.Merged != 0 || cars.Leads != 1 || repFigures(t, r, "alice").Merged != 1 {
					t.Errorf("cargurus %d merged %d leads; cars-com %d merged %d leads", gurus.Merged, gurus.Leads, cars.Merged, cars.Leads)
				}
				if !eq(r.Dealership.FirstContact.MedianSeconds, 600) {
					t.Errorf("first contact %s, want 600 s from receipt", show(r.Dealership.FirstContact.MedianSeconds))
				}
			},
		},
		{
			name: "attempts by evidence, and each lead's first contact by its evidence",
			now:  at("1h"),
			records: []followup.Record{
				record("L1", assigned("0s", "alice"), called("1m", "alice", lead.Integration, ""), called("2m", "alice", lead.SelfReported, "")),
				record("L2", assigned("0s", "bob"), called("1m", "bob", lead.SelfReported, ""), called("2m", "bob", lead.SelfReported, "")),
				record("L3", assigned("0s", "bob"), called("1m", "bob", lead.Sent, "")),
			},
			check: func(t *testing.T, r followup.Report) {
				d := r.Dealership
				if d.Attempts != (followup.Evidence{SelfReported: 3, Integration: 1, Sent: 1}) || d.FirstContacts != (followup.Evidence{SelfReported: 1, Integration: 1, Sent: 1}) {
					t.Errorf("attempts %+v, first contacts %+v", d.Attempts, d.FirstContacts)
				}
				if bob := repFigures(t, r, "bob"); bob.Attempts != (followup.Evidence{SelfReported: 2, Sent: 1}) {
					t.Errorf("bob's attempts %+v", bob.Attempts)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, followup.Measure(tt.records, window, tt.now))
		})
	}
}

// TestReportJSON checks the body GET /metrics sends: camelCase names, durations as
// numbers of seconds, null for a figure over nothing.
func TestReportJSON(t *testing.T) {
	r := followup.Measure([]followup.Record{
		record("L1", assigned("0s", "alice"), called("90s", "alice", lead.SelfReported, "")),
	}, window, at("1h"))
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Dealership struct {
			FirstContact  map[string]any `json:"firstContact"`
			SecondContact map[string]any `json:"secondContact"`
		} `json:"dealership"`
		Reps []map[string]any `json:"reps"`
	}
	if err := json.Unmarshal(b, &body); err != nil {
		t.Fatal(err)
	}
	fc := body.Dealership.FirstContact
	if fc["medianSeconds"] != 90.0 || fc["p90Seconds"] != 90.0 || fc["withinSla"] != 1.0 || fc["never"] != 0.0 {
		t.Errorf("firstContact %v", fc)
	}
	if v, ok := body.Dealership.SecondContact["medianGapSeconds"]; !ok || v != nil {
		t.Errorf("secondContact %v: medianGapSeconds must be null", body.Dealership.SecondContact)
	}
	if len(body.Reps) != 1 || body.Reps[0]["id"] != "alice" || body.Reps[0]["figures"] == nil {
		t.Errorf("reps %v", body.Reps)
	}
	for _, name := range []string{`"asOf"`, `"businessFirstContact"`, `"closedEarly"`, `"firstContacts"`, `"selfReported"`} {
		if !strings.Contains(string(b), name) {
			t.Errorf("body has no %s: %s", name, b)
		}
	}
}

func repFigures(t *testing.T, r followup.Report, id string) followup.Figures {
	t.Helper()
	for _, g := range r.Reps {
		if g.ID == id {
			return g.Figures
		}
	}
	t.Fatalf("no figures for %s among %v", id, groupIDs(r.Reps))
	return followup.Figures{}
}

func wantClosed(t *testing.T, r followup.Report, ids ...string) {
	t.Helper()
	var got []string
	for _, c := range r.ClosedEarly {
		got = append(got, c.ID)
	}
	if !slices.Equal(got, ids) || r.Dealership.ClosedEarly != len(ids) {
		t.Errorf("closed early %v (%d), want %v", got, r.Dealership.ClosedEarly, ids)
	}
}

func sameQueued(a, b followup.QueuedLead) bool {
	return a.ID == b.ID && a.Provider == b.Provider && a.ReceivedAt.Equal(b.ReceivedAt) && a.Owner == b.Owner &&
		a.OpenedAt.Equal(b.OpenedAt) && a.WaitedSeconds == b.WaitedSeconds && a.Waiting == b.Waiting
}

// eq reports whether a figure is there and is v.
func eq(got *float64, v float64) bool {
	return got != nil && near(*got, v)
}
