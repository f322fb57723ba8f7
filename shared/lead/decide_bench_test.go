package lead

import "testing"

// BenchmarkDecide measures typical events for a six-person team: a new lead assigned
// in turn, a first contact, and a missed deadline that reroutes.
func BenchmarkDecide(b *testing.B) {
	env := testEnv(true)
	r := newRun(b, env)
	r.receive("2026-11-24 10:00", Received{Customer: Customer{Name: "Pat Doe", Phones: []Phone{{E164: "+13125550150", Raw: "+13125550150", Valid: true}}}})
	assigned := r.l
	deadline, _ := r.timer(TimerDeadline)
	at := clock("2026-11-24 10:05")
	cases := []struct {
		name string
		l    Lead
		ev   Event
	}{
		{"received", Lead{}, Received{ID: "L2", Source: Source{Provider: "cars-com", ProviderLeadID: "p2"}, Customer: Customer{Name: "Pat Doe"}}},
		{"contacted", assigned, Contacted{Rep: "alice", Channel: "call", Evidence: SelfReported}},
		{"deadline-reroute", assigned, Fired{Timer: deadline}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Decide(c.l, c.ev, at, env); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
