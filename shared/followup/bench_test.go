package followup_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/followup"
	"github.com/leadclock/leadclock/shared/lead"
)

// BenchmarkMeasure computes a week of 100,000 leads (one every 6 seconds) from ten reps
// and five providers, with every path the measures take: quick and slow first
// contacts, queued leads, reroutes and escalations, merges, second and third
// attempts, closes with few attempts, junk, leads nobody called, stalled leads.
func BenchmarkMeasure(b *testing.B) {
	const n = 100_000
	base := time.Date(2026, time.November, 2, 0, 0, 0, 0, time.UTC)
	records := generate(n, base)
	w := followup.Window{From: base, To: base.Add(7 * 24 * time.Hour)}
	now := base.Add(14 * 24 * time.Hour)
	if r := followup.Measure(records, w, now); r.Dealership.Leads != n {
		b.Fatalf("%d leads measured, want %d", r.Dealership.Leads, n)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		followup.Measure(records, w, now)
	}
}

// generate makes n leads and their timelines, all entries in one backing array so that
// setting up costs little.
func generate(n int, base time.Time) []followup.Record {
	reps := make([]string, 10)
	for i := range reps {
		reps[i] = fmt.Sprintf("rep%02d", i)
	}
	providers := []string{"cars-com", "cargurus", "autotrader", "truecar", "website"}
	records := make([]followup.Record, n)
	entries := make([]lead.Activity, 0, 7*n)
	for i := range records {
		received := base.Add(time.Duration(i) * 6 * time.Second)
		rep, other := reps[i%len(reps)], reps[(i+1)%len(reps)]
		start := len(entries)
		add := func(d time.Duration, a lead.Activity) {
			a.At = received.Add(d)
			entries = append(entries, a)
		}
		contact := func(d time.Duration, who string, ev lead.Evidence) {
			add(d, lead.Activity{Type: lead.TypeContact, Actor: who, Rep: who, Channel: "call", Evidence: ev})
		}
		add(0, lead.Activity{Type: lead.TypeReceived})
		switch i % 10 {
		case 0, 1, 2, 3:
			add(0, lead.Activity{Type: lead.TypeAssigned, Rep: rep})
			contact(time.Duration(i%7+1)*time.Minute, rep, lead.SelfReported)
			contact(24*time.Hour, rep, lead.Integration)
			contact(48*time.Hour, rep, lead.SelfReported)
			add(49*time.Hour, lead.Activity{Type: lead.TypeClosed, Actor: rep, Outcome: string(lead.Sold)})
		case 4:
			add(0, lead.Activity{Type: lead.TypeQueued})
			add(10*time.Hour, lead.Activity{Type: lead.TypeAssigned, Rep: rep})
			contact(10*time.Hour+3*time.Minute, rep, lead.SelfReported)
		case 5:
			add(0, lead.Activity{Type: lead.TypeAssigned, Rep: rep})
			add(5*time.Minute, lead.Activity{Type: lead.TypeRerouted, Rep: other, From: rep})
			add(10*time.Minute, lead.Activity{Type: lead.TypeEscalated, Rep: other})
			contact(12*time.Minute, other, lead.Integration)
		case 6:
			add(0, lead.Activity{Type: lead.TypeAssigned, Rep: rep})
			add(2*time.Minute, lead.Activity{Type: lead.TypeInquired, Actor: providers[(i+1)%len(providers)]})
			contact(3*time.Minute, rep, lead.Sent)
			add(time.Hour, lead.Activity{Type: lead.TypeClosed, Actor: rep, Outcome: string(lead.Lost), Reason: "bought elsewhere"})
		case 7:
			add(0, lead.Activity{Type: lead.TypeAssigned, Rep: rep})
			add(time.Minute, lead.Activity{Type: lead.TypeClosed, Actor: "dms", Outcome: string(lead.Junk)})
		case 8:
			add(0, lead.Activity{Type: lead.TypeAssigned, Rep: rep})
		case 9:
			add(0, lead.Activity{Type: lead.TypeAssigned, Rep: rep})
			contact(time.Minute, rep, lead.SelfReported)
			contact(30*time.Hour, rep, lead.SelfReported)
			contact(60*time.Hour, rep, lead.Integration)
		}
		records[i] = followup.Record{
			Lead: lead.Lead{ID: fmt.Sprintf("L%06d", i), Source: lead.Source{Provider: providers[i%len(providers)]},
				ReceivedAt: received, Policy: policy},
			Timeline: entries[start:len(entries):len(entries)],
		}
	}
	return records
}
