package scheduler_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/scheduler"
)

// nameRule is AWS's rule for schedule names.
var nameRule = regexp.MustCompile(`^[0-9a-zA-Z\-_.]{1,64}$`)

func TestName(t *testing.T) {
	long := strings.Repeat("L", 70)
	tests := []struct {
		timer lead.Timer
		want  string // "" when a hash is expected
	}{
		{lead.Timer{LeadID: "01JDQ4S3W5X7Y9Z0ABCDEFGHJK", Kind: lead.TimerDeadline, Seq: 3}, "l_01JDQ4S3W5X7Y9Z0ABCDEFGHJK_deadline_3"},
		{lead.Timer{LeadID: "01JDQ4S3W5X7Y9Z0ABCDEFGHJK", Kind: lead.TimerSecondContact, Seq: 123456}, "l_01JDQ4S3W5X7Y9Z0ABCDEFGHJK_second-contact_123456"},
		{lead.Timer{Inbox: "alice.sms", Kind: lead.TimerFlush, Seq: 7}, "i_alice.sms_flush_7"},
		{lead.Timer{LeadID: "alice.sms", Kind: lead.TimerFlush, Seq: 7}, "l_alice.sms_flush_7"},
		{lead.Timer{LeadID: "L1", Kind: lead.TimerDeadline, Seq: 1}, "l_L1_deadline_1"},
		{lead.Timer{LeadID: "L1", Kind: lead.TimerDeadline, Seq: 11}, "l_L1_deadline_11"},
		{lead.Timer{LeadID: "L11", Kind: lead.TimerDeadline, Seq: 1}, "l_L11_deadline_1"},
		{lead.Timer{LeadID: "L1", Kind: lead.TimerWarn, Seq: 1}, "l_L1_warn_1"},
		// Characters Scheduler refuses, the separator, too long, or empty parts: hashed.
		{lead.Timer{LeadID: "L1_deadline", Kind: lead.TimerDeadline, Seq: 1}, ""},
		{lead.Timer{LeadID: "L1", Kind: "deadline_1", Seq: 1}, ""},
		{lead.Timer{Inbox: "zoë.sms", Kind: lead.TimerFlush, Seq: 1}, ""},
		{lead.Timer{Inbox: "bob/sms", Kind: lead.TimerFlush, Seq: 1}, ""},
		{lead.Timer{Inbox: "bob sms", Kind: lead.TimerFlush, Seq: 1}, ""},
		{lead.Timer{LeadID: long, Kind: lead.TimerDeadline, Seq: 1}, ""},
		{lead.Timer{LeadID: long, Kind: lead.TimerDeadline, Seq: 2}, ""},
		{lead.Timer{LeadID: long + "X", Kind: lead.TimerDeadline, Seq: 1}, ""},
		{lead.Timer{Inbox: long, Kind: lead.TimerDeadline, Seq: 1}, ""},
		{lead.Timer{LeadID: "", Kind: lead.TimerDeadline, Seq: 1}, ""},
		{lead.Timer{LeadID: "L1", Kind: "", Seq: 1}, ""},
	}
	seen := map[string]lead.Timer{}
	for _, tt := range tests {
		name := scheduler.Name(tt.timer)
		if !nameRule.MatchString(name) {
			t.Errorf("%+v: name %q breaks AWS's rule", tt.timer, name)
		}
		if tt.want != "" && name != tt.want {
			t.Errorf("%+v: name %q, want %q", tt.timer, name, tt.want)
		}
		if tt.want == "" && !strings.HasPrefix(name, "h_") {
			t.Errorf("%+v: name %q, want a hash", tt.timer, name)
		}
		if other, dup := seen[name]; dup {
			t.Errorf("%+v and %+v share the name %q", tt.timer, other, name)
		}
		seen[name] = tt.timer
		// Deterministic, and blind to the instant: the instant is not part of a
		// timer's identity.
		again := tt.timer
		again.At = again.At.Add(1)
		if n := scheduler.Name(again); n != name {
			t.Errorf("%+v: named %q, then %q", tt.timer, name, n)
		}
	}
}

// TestNamesDistinct names every timer of many leads and inboxes and finds no two
// alike.
func TestNamesDistinct(t *testing.T) {
	kinds := []lead.TimerKind{lead.TimerWarn, lead.TimerDeadline, lead.TimerOpen, lead.TimerSecondContact, lead.TimerFollowUp, lead.TimerStall, lead.TimerFlush}
	subjects := []string{"L", "L1", "L12", "1", "01JDQ4S3W5X7Y9Z0ABCDEFGHJK", "alice.sms", "alice.email", "a_b", strings.Repeat("x", 60), strings.Repeat("x", 61)}
	seen := map[string]lead.Timer{}
	for _, s := range subjects {
		for _, k := range kinds {
			for seq := range 30 {
				for _, tm := range []lead.Timer{{LeadID: s, Kind: k, Seq: seq}, {Inbox: s, Kind: k, Seq: seq}} {
					name := scheduler.Name(tm)
					if !nameRule.MatchString(name) {
						t.Fatalf("%+v: name %q breaks AWS's rule", tm, name)
					}
					if other, dup := seen[name]; dup {
						t.Fatalf("%+v and %+v share the name %q", tm, other, name)
					}
					seen[name] = tm
				}
			}
		}
	}
}
