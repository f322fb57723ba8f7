package main

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestConcurrentLeads: 200 leads posted by 8 clients at once each get exactly one
// owner and one first notification per channel, and round robin stays fair.
func TestConcurrentLeads(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	s := startServer(t, filepath.Join("testdata", "e2e.yaml"), data, 1)
	const leads, clients = 200, 8
	ids := make([]string, leads)
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			for i := c; i < leads; i += clients {
				// Distinct customers: a returning one would go back to their rep.
				ids[i] = s.postLead(fmt.Sprintf("cc-%d", i), fmt.Sprintf("customer-%d@example.com", i))
			}
		})
	}
	wg.Wait()
	eventually(t, 60*time.Second, "a first nudge per lead and channel", func() bool { return len(outbox(t, data)) >= 2*leads })

	owners := map[string]int{}
	ownerOf := map[string]string{}
	for _, id := range ids {
		v := s.lead(id)
		assigned := 0
		for _, e := range v.Timeline {
			if e.Type == "assigned" {
				assigned++
			}
		}
		if v.Owner == nil || assigned != 1 {
			t.Fatalf("lead %s: owner %+v after %d assignments", id, v.Owner, assigned)
		}
		owners[v.Owner.ID]++
		ownerOf[id] = v.Owner.ID
	}
	if owners["alice"] != leads/2 || owners["bob"] != leads/2 {
		t.Errorf("owners %v: round robin should give each rep %d", owners, leads/2)
	}
	s.stop()
	nudges := map[string]int{}
	for _, l := range outbox(t, data) {
		if l.Kind != "new-lead" {
			t.Errorf("unexpected %s message to %s", l.Kind, l.To.Rep)
		}
		nudges[l.LeadID+" "+l.Channel+" "+l.To.Rep]++
	}
	for _, id := range ids {
		for _, ch := range []string{"sms", "email"} {
			if n := nudges[id+" "+ch+" "+ownerOf[id]]; n != 1 {
				t.Errorf("lead %s: %d %s nudges to its owner %s, want 1", id, n, ch, ownerOf[id])
			}
		}
	}
}

// TestContactRacingTheDeadline logs contacts at about the moment each lead's
// deadline passes. Whichever wins, a lead never has both a reroute and a contact
// counted as made before it.
func TestContactRacingTheDeadline(t *testing.T) {
	t.Parallel()
	s := startServer(t, filepath.Join("testdata", "e2e.yaml"), t.TempDir(), 60) // deadlines five seconds out
	const leads = 40
	ids := make([]string, leads)
	posted := make([]time.Time, leads)
	for i := range leads {
		posted[i] = time.Now()
		ids[i] = s.postLead(fmt.Sprintf("race-%d", i), fmt.Sprintf("+1312555%04d", 100+i))
	}
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Go(func() {
			jitter := time.Duration(rand.IntN(400)-200) * time.Millisecond
			time.Sleep(time.Until(posted[i].Add(5*time.Second + jitter)))
			code := s.do("POST", "/leads/"+id+"/activities", map[string]string{"x-api-key": integrationKey},
				`{"type":"contact","channel":"call","rep":"alice"}`, nil)
			if code != http.StatusOK {
				t.Errorf("contact %s: %d", id, code)
			}
		})
	}
	wg.Wait()
	before, after := 0, 0
	for _, id := range ids {
		v := s.lead(id)
		var rerouted, contact *time.Time
		for _, e := range v.Timeline {
			switch {
			case e.Type == "rerouted" && rerouted == nil:
				rerouted = &e.At
			case e.Type == "contact" && contact == nil:
				contact = &e.At
			}
		}
		if contact == nil || v.FirstContactAt == nil {
			t.Fatalf("lead %s: no contact recorded", id)
		}
		if rerouted == nil {
			before++
			continue
		}
		after++
		if contact.Before(*rerouted) {
			t.Errorf("lead %s: rerouted at %s after a contact at %s", id, rerouted, contact)
		}
	}
	t.Logf("%d contacts won the race, %d came after the reroute", before, after)
}
