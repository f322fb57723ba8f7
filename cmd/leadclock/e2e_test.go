package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// messages summarises the outbox as sorted "rep kind channel lead" lines, for
// comparing with what a scenario expects: every message must be accounted for.
func messages(lines []outboxLine) []string {
	var out []string
	for _, l := range lines {
		out = append(out, fmt.Sprintf("%s %s %s %s", l.To.Rep, l.Kind, l.Channel, l.LeadID))
	}
	slices.Sort(out)
	return out
}

// both expands "rep kind" into its sms and email messages about the lead.
func both(lead string, repKinds ...string) []string {
	var out []string
	for _, rk := range repKinds {
		out = append(out, rk+" sms "+lead, rk+" email "+lead)
	}
	slices.Sort(out)
	return out
}

func checkMessages(t *testing.T, data string, want []string) {
	t.Helper()
	lines := outbox(t, data)
	if got := messages(lines); !slices.Equal(got, want) {
		t.Fatalf("outbox:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	emails := 0
	for _, l := range lines {
		if l.Text == "" || len(l.Links) == 0 || !strings.HasPrefix(l.Links[0], "http://127.0.0.1:") {
			t.Errorf("message %s to %s has no text or no action link: %+v", l.Kind, l.To.Rep, l)
		}
		switch l.Channel {
		case "sms":
			if !strings.HasPrefix(l.To.Phone, "+1312555") {
				t.Errorf("sms to %s went to %q", l.To.Rep, l.To.Phone)
			}
		case "email":
			emails++
			if l.Subject == "" || !strings.HasSuffix(l.To.Email, "@example.com") {
				t.Errorf("email to %s: subject %q address %q", l.To.Rep, l.Subject, l.To.Email)
			}
		}
	}
	eml, _ := filepath.Glob(filepath.Join(data, "outbox", "*.eml"))
	if len(eml) != emails {
		t.Errorf("%d .eml files for %d emails", len(eml), emails)
	}
}

func TestEndToEnd(t *testing.T) {
	t.Parallel()
	config := filepath.Join("testdata", "e2e.yaml")

	t.Run("no contact: reroute after the SLA, managers after the next step", func(t *testing.T) {
		t.Parallel()
		// At 300× the SLA's five minutes pass in one second.
		data := t.TempDir()
		s := startServer(t, config, data, 300)
		id := s.postLead("nc-1", "(312) 555-0150")
		if v := s.lead(id); v.Owner == nil || v.Owner.ID != "alice" || v.Status != "assigned" {
			t.Fatalf("new lead: %+v, want assigned to alice", v)
		}
		eventually(t, 20*time.Second, "the escalation chain to run out", func() bool { return s.lead(id).has("exhausted") })
		v := s.lead(id)
		var types []string
		for _, e := range v.Timeline {
			types = append(types, e.Type)
		}
		for _, want := range []string{"received", "assigned", "notified", "rerouted", "escalated", "exhausted"} {
			if !slices.Contains(types, want) {
				t.Errorf("timeline %v has no %s entry", types, want)
			}
		}
		if v.Owner.ID != "bob" {
			t.Errorf("owner %s, want bob after the reroute", v.Owner.ID)
		}
		s.stop()
		checkMessages(t, data, both(id,
			"alice new-lead", "alice warning", "alice rerouted",
			"bob new-lead", "bob warning",
			"mona escalation"))
	})

	t.Run("contact before the deadline: never rerouted, second contact reminded", func(t *testing.T) {
		t.Parallel()
		data := t.TempDir()
		s := startServer(t, config, data, 600) // the one-hour second-contact wait takes six seconds
		id := s.postLead("cb-1", "+1 312 555 0151")
		var v leadView
		code := s.do("POST", "/leads/"+id+"/activities", map[string]string{"x-api-key": integrationKey},
			`{"type":"contact","channel":"call","outcome":"left voicemail","rep":"alice"}`, &v)
		if code != http.StatusOK || v.Status != "contacted" || v.Attempts != 1 {
			t.Fatalf("log contact: %d %+v", code, v)
		}
		eventually(t, 30*time.Second, "the second-contact reminder", func() bool { return s.lead(id).has("reminder") })
		v = s.lead(id)
		if v.has("rerouted") || v.has("escalated") {
			t.Errorf("a lead contacted in time was escalated: %+v", v.Timeline)
		}
		if v.FirstContactAt == nil || v.Deadline != nil {
			t.Errorf("first contact %v, deadline %v: want a first contact and no deadline", v.FirstContactAt, v.Deadline)
		}
		s.stop()
		checkMessages(t, data, both(id, "alice new-lead", "alice second-contact-due"))
	})

	t.Run("a rep set unavailable loses their unanswered lead at once", func(t *testing.T) {
		t.Parallel()
		data := t.TempDir()
		s := startServer(t, config, data, 30) // the warning comes six real seconds after receipt
		id := s.postLead("ua-1", "312-555-0152")
		var got struct{ Available bool }
		code := s.do("PUT", "/reps/alice/availability", map[string]string{"x-api-key": integrationKey}, `{"available":false}`, &got)
		if code != http.StatusOK || got.Available {
			t.Fatalf("set alice unavailable: %d %+v", code, got)
		}
		v := s.lead(id)
		if v.Owner == nil || v.Owner.ID != "bob" || !v.has("reassigned") {
			t.Fatalf("after alice left: owner %+v, timeline %+v", v.Owner, v.Timeline)
		}
		eventually(t, 5*time.Second, "bob's nudge", func() bool { return len(outbox(t, data)) >= 6 })
		s.stop()
		checkMessages(t, data, both(id, "alice new-lead", "alice rerouted", "bob new-lead"))
	})
}

func TestServeRefusesABusyDataDirectory(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	startServer(t, filepath.Join("testdata", "e2e.yaml"), data, 1)
	var stderr strings.Builder
	code := run(t.Context(), []string{"serve", "--config", filepath.Join("testdata", "e2e.yaml"), "--data", data, "--addr", "127.0.0.1:0"}, os.Stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "in use by another leadclock process") {
		t.Fatalf("second server on the same data: exit %d, %q", code, stderr.String())
	}
}
