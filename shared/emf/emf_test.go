package emf_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/leadclock/leadclock/infra/dealers"
	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/emf"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/memory"
	"github.com/leadclock/leadclock/shared/phone"
)

// line is one EMF log line as CloudWatch reads it.
type line struct {
	AWS struct {
		Timestamp         int64
		CloudWatchMetrics []struct {
			Namespace  string
			Dimensions [][]string
			Metrics    []struct{ Name, Unit string }
		}
	} `json:"_aws"`
	fields map[string]any
}

func parse(t *testing.T, out []byte) []line {
	t.Helper()
	var lines []line
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var l line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("%s: %v", sc.Text(), err)
		}
		if err := json.Unmarshal(sc.Bytes(), &l.fields); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, l)
	}
	return lines
}

// TestFiguresOfALead drives a lead through the real engine (received 10:00, rerouted
// at its 10:05 deadline, called at 10:07, closed lost) and reads the metric lines.
func TestFiguresOfALead(t *testing.T) {
	ctx := context.Background()
	cfg, err := dealer.Parse(dealers.DemoName, dealers.Demo, phone.Numbers)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 24, 10, 0, 0, 0, cfg.Team.Location)
	clock := memory.NewClock(start)
	var out bytes.Buffer
	eng := engine.New(memory.NewStore(), clock, cfg.Engine(), engine.IDs(clock)).WithObserver(emf.New(&out, "demo-motors"))

	rc, err := eng.Receive(ctx, engine.Intake{
		Source:   lead.Source{Provider: "cars-com", ProviderLeadID: "c-1"},
		Customer: lead.Customer{Name: "Pat Doe", Phones: []lead.Phone{{E164: "+13125550150", Raw: "312-555-0150", Valid: true}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	l := rc.Lead
	clock.Set(start.Add(5 * time.Minute))
	for _, tm := range l.Timers {
		if err := eng.FireTimer(ctx, tm); err != nil {
			t.Fatal(err)
		}
	}
	clock.Set(start.Add(7 * time.Minute))
	if _, err := eng.LogActivity(ctx, l.ID, lead.Contacted{Rep: "bob", Channel: "call", Evidence: lead.Integration}); err != nil {
		t.Fatal(err)
	}
	if _, err := eng.Close(ctx, l.ID, lead.Closed{Outcome: lead.Lost, Reason: "bought elsewhere", Actor: "bob"}); err != nil {
		t.Fatal(err)
	}

	var got []string
	for _, ln := range parse(t, out.Bytes()) {
		if len(ln.AWS.CloudWatchMetrics) != 1 || ln.AWS.CloudWatchMetrics[0].Namespace != emf.Namespace || len(ln.AWS.CloudWatchMetrics[0].Metrics) != 1 {
			t.Fatalf("line %+v: want one metric directive in %s", ln, emf.Namespace)
		}
		d := ln.AWS.CloudWatchMetrics[0]
		name := d.Metrics[0].Name
		for _, dims := range d.Dimensions { // every dimension named is a field of the line
			for _, dim := range dims {
				if _, ok := ln.fields[dim].(string); !ok {
					t.Errorf("%s: dimension %s has no value", name, dim)
				}
			}
		}
		extra := ""
		if len(d.Dimensions) > 1 {
			extra = fmt.Sprintf(" %s=%v", d.Dimensions[1][1], ln.fields[d.Dimensions[1][1]])
		}
		at := time.UnixMilli(ln.AWS.Timestamp).In(cfg.Team.Location).Format("15:04")
		got = append(got, fmt.Sprintf("%s %s=%v %s%s", at, name, ln.fields[name], d.Metrics[0].Unit, extra))
		if ln.fields["leadId"] != l.ID {
			t.Errorf("%s: lead %v, want %s", name, ln.fields["leadId"], l.ID)
		}
	}
	want := []string{
		"10:00 LeadsReceived=1 Count Provider=cars-com",
		"10:05 Reroutes=1 Count Rep=alice",
		"10:07 FirstContactSeconds=420 Seconds Evidence=integration",
		"10:07 BusinessFirstContact=420 Seconds Evidence=integration",
		"10:07 ClosedWithFewerThan3Attempts=1 Count Rep=bob",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("metric lines\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if bytes.Contains(out.Bytes(), []byte("5550150")) || bytes.Contains(out.Bytes(), []byte("Pat")) {
		t.Errorf("a metric line carries the customer's details: %s", out.String())
	}
}
