package simulate

import (
	"context"
	"testing"

	"github.com/leadclock/leadclock/infra/dealers"
	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/phone"
)

// BenchmarkMonth200 is the target: a simulated 30-day month at 200 leads per
// day, LeadClock and the baseline, measured and reported, in under 10 seconds.
//
//	go test ./shared/simulate -run '^$' -bench Month200 -benchtime 3x
func BenchmarkMonth200(b *testing.B) {
	cfg, err := dealer.Parse(dealers.DemoName, dealers.Demo, phone.Numbers)
	if err != nil {
		b.Fatal(err)
	}
	m := Default()
	m.Days, m.LeadsPerDay = 30, 200
	for b.Loop() {
		r, err := Run(context.Background(), cfg, Options{Seed: 1, Model: m})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.JSON(); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(r.LeadClock.Intake.Created), "leads")
		b.ReportMetric(float64(r.LeadClock.Nudges.Messages), "messages")
	}
}
