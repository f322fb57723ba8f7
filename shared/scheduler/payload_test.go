package scheduler_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/scheduler"
)

func TestPayloadRoundTrip(t *testing.T) {
	chicago := time.FixedZone("CST", -6*3600)
	for _, tm := range []lead.Timer{
		{LeadID: "01JDQ4S3W5X7Y9Z0ABCDEFGHJK", Kind: lead.TimerDeadline, Seq: 3, At: time.Date(2026, 11, 24, 10, 5, 3, 250e6, chicago)},
		{Inbox: "alice.sms", Kind: lead.TimerFlush, Seq: 7, At: time.Date(2026, 11, 24, 16, 1, 0, 0, time.UTC)},
		{LeadID: "L1", Kind: lead.TimerOpen, Seq: 0},
	} {
		data, err := json.Marshal(scheduler.PayloadOf(tm))
		if err != nil {
			t.Fatal(err)
		}
		p, err := scheduler.Decode(data)
		if err != nil {
			t.Fatalf("%s: %v", data, err)
		}
		got := p.Timer()
		if got.LeadID != tm.LeadID || got.Inbox != tm.Inbox || got.Kind != tm.Kind || got.Seq != tm.Seq || !got.At.Equal(tm.At) {
			t.Errorf("%s decodes to %+v, want %+v", data, got, tm)
		}
	}
}

func TestDecode(t *testing.T) {
	at := time.Date(2026, 11, 24, 16, 5, 3, 0, time.UTC)
	tests := []struct {
		name string
		in   string
		want scheduler.Payload
		fail bool
	}{
		{"lead timer", `{"leadId":"L1","kind":"deadline","seq":3,"at":"2026-11-24T16:05:03Z"}`,
			scheduler.Payload{LeadID: "L1", Kind: lead.TimerDeadline, Seq: 3, At: at}, false},
		{"inbox timer", `{"inbox":"alice.sms","kind":"flush","seq":7,"at":"2026-11-24T10:05:03-06:00"}`,
			scheduler.Payload{Inbox: "alice.sms", Kind: lead.TimerFlush, Seq: 7, At: at}, false},
		{"no deadline", `{"leadId":"L1","kind":"deadline","seq":1}`,
			scheduler.Payload{LeadID: "L1", Kind: lead.TimerDeadline, Seq: 1}, false},
		{"unknown fields ignored", `{"leadId":"L1","kind":"warn","seq":2,"v":2}`,
			scheduler.Payload{LeadID: "L1", Kind: lead.TimerWarn, Seq: 2}, false},
		{"neither lead nor inbox", `{"kind":"deadline","seq":1}`, scheduler.Payload{}, true},
		{"both lead and inbox", `{"leadId":"L1","inbox":"alice.sms","kind":"flush","seq":1}`, scheduler.Payload{}, true},
		{"no kind", `{"leadId":"L1","seq":1}`, scheduler.Payload{}, true},
		{"negative seq", `{"leadId":"L1","kind":"deadline","seq":-1}`, scheduler.Payload{}, true},
		{"bad time", `{"leadId":"L1","kind":"deadline","seq":1,"at":"tomorrow"}`, scheduler.Payload{}, true},
		{"not JSON", `leadId=L1`, scheduler.Payload{}, true},
	}
	for _, tt := range tests {
		p, err := scheduler.Decode([]byte(tt.in))
		if (err != nil) != tt.fail {
			t.Errorf("%s: error %v, want failure %v", tt.name, err, tt.fail)
			continue
		}
		if p.LeadID != tt.want.LeadID || p.Inbox != tt.want.Inbox || p.Kind != tt.want.Kind || p.Seq != tt.want.Seq || !p.At.Equal(tt.want.At) {
			t.Errorf("%s: %+v, want %+v", tt.name, p, tt.want)
		}
	}
}

// TestSampleEvent decodes the sample the docs and the timer function's tests use.
func TestSampleEvent(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "events", "timer-deadline.json"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := scheduler.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if p.LeadID == "" || p.Kind != lead.TimerDeadline {
		t.Errorf("sample decodes to %+v", p)
	}
}
