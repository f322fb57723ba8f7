package bolt_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/bolt"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/storetest"
)

func TestStoreConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) engine.Store { return openDB(t).Store() })
}

// openDB opens a new database that is closed when the test ends.
func openDB(t testing.TB) *bolt.DB {
	t.Helper()
	db, err := bolt.Open(filepath.Join(t.TempDir(), "leadclock.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}

var t0 = time.Date(2026, 11, 24, 16, 0, 0, 0, time.UTC)

// newLead is a new lead's decision: assigned with a deadline timer, a two-entry
// timeline, a notice and the timer's schedule effect.
func newLead(id, owner string, status lead.Status) engine.Change {
	l := lead.Lead{
		ID: id, Status: status, Owner: owner, ReceivedAt: t0, Deadline: t0.Add(5 * time.Minute),
		Source:   lead.Source{Provider: "cars-com", ProviderLeadID: "p-" + id},
		Customer: lead.Customer{Name: "Pat Doe", Emails: []string{"pat@example.com"}, Phones: []lead.Phone{{E164: "+13125550150", Raw: "(312) 555-0150", Valid: true}}},
		Timers:   []lead.Timer{{LeadID: id, Kind: lead.TimerDeadline, Seq: 1, At: t0.Add(5 * time.Minute)}},
		Seq:      1, Activities: 2, Owners: []string{owner},
	}
	return engine.Change{
		Lead: l,
		Activities: []lead.Activity{
			{LeadID: id, Seq: 1, At: t0, Type: lead.TypeReceived, Status: lead.StatusNew, Actor: "cars-com"},
			{LeadID: id, Seq: 2, At: t0, Type: lead.TypeAssigned, Status: status, Actor: lead.System, Rep: owner},
		},
		Effects: []lead.Effect{
			{ID: id + "/owner1/" + owner + "/sms", LeadID: id, Kind: lead.EffectNotify, Notice: &lead.Notice{LeadID: id, To: owner, Channel: lead.SMS, Kind: lead.NoticeNewLead, At: t0}},
			{ID: id + "/schedule/deadline/1", LeadID: id, Kind: lead.EffectSchedule, Timer: &l.Timers[0]},
		},
		MatchKeys: []string{"tel:+13125550150", "mailto:pat@example.com"},
	}
}
