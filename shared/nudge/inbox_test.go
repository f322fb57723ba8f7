package nudge

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/lead"
)

var t0 = time.Date(2026, 11, 24, 16, 0, 0, 0, time.UTC)

// replay offers notices at the given seconds after t0 (an id repeated is an effect run
// twice), firing flush timers when due, and returns each message sent as
// "second:lead,lead".
func replay(t *testing.T, window time.Duration, offers []string) []string {
	t.Helper()
	b := Inbox{Key: Key("alice", lead.SMS)}
	var timers []lead.Timer
	var sent []string
	take := func(next Inbox, effs []lead.Effect, now time.Time) {
		b = next
		for _, e := range effs {
			switch e.Kind {
			case lead.EffectSend:
				var leads []string
				for _, n := range e.Message.Notices {
					leads = append(leads, n.LeadID)
				}
				sent = append(sent, fmt.Sprintf("%d:%s", int(now.Sub(t0).Seconds()), strings.Join(leads, ",")))
			case lead.EffectSchedule:
				timers = append(timers, *e.Timer)
			}
		}
	}
	flushUntil := func(now time.Time) {
		for len(timers) > 0 && !timers[0].At.After(now) {
			tm := timers[0]
			timers = timers[1:]
			next, effs, _ := b.Flush(tm, tm.At)
			take(next, effs, tm.At)
		}
	}
	for _, o := range offers {
		var sec int
		var id string
		fmt.Sscanf(o, "%d %s", &sec, &id)
		now := t0.Add(time.Duration(sec) * time.Second)
		flushUntil(now)
		n := lead.Notice{LeadID: id, To: "alice", Channel: lead.SMS, Kind: lead.NoticeNewLead, At: now}
		next, effs, _ := b.Offer("effect-"+id, n, now, window)
		take(next, effs, now)
	}
	flushUntil(t0.Add(time.Hour))
	return sent
}

func TestBundling(t *testing.T) {
	tests := []struct {
		name   string
		window time.Duration
		offers []string // "second lead"
		want   []string // "second:leads"
	}{
		{"one nudge goes at once", time.Minute, []string{"0 L1"}, []string{"0:L1"}},
		{"a burst: first at once, the rest together when the window ends", time.Minute,
			[]string{"0 L1", "10 L2", "20 L3", "40 L4"}, []string{"0:L1", "60:L2,L3,L4"}},
		{"spaced nudges each go at once", time.Minute, []string{"0 L1", "60 L2", "180 L3"}, []string{"0:L1", "60:L2", "180:L3"}},
		{"after a bundle, the window starts again", time.Minute,
			[]string{"0 L1", "30 L2", "70 L3", "130 L4"}, []string{"0:L1", "60:L2", "120:L3", "180:L4"}},
		{"an effect run twice is sent once", time.Minute, []string{"0 L1", "5 L1", "10 L2", "15 L2"}, []string{"0:L1", "60:L2"}},
		{"no window: every nudge at once", 0, []string{"0 L1", "1 L2", "2 L3"}, []string{"0:L1", "1:L2", "2:L3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := replay(t, tt.window, tt.offers); !slices.Equal(got, tt.want) {
				t.Fatalf("sent %v, want %v", got, tt.want)
			}
		})
	}
}

func TestStaleAndEarlyFlushesDoNothing(t *testing.T) {
	b := Inbox{Key: Key("bob", lead.Email)}
	n := lead.Notice{LeadID: "L1", To: "bob", Channel: lead.Email}
	b, _, _ = b.Offer("e1", n, t0, time.Minute)
	b, effs, _ := b.Offer("e2", n, t0.Add(time.Second), time.Minute)
	if len(effs) != 1 || effs[0].Kind != lead.EffectSchedule {
		t.Fatalf("effects %+v, want a flush timer", effs)
	}
	timer := *effs[0].Timer
	if _, _, changed := b.Flush(timer, t0.Add(30*time.Second)); changed {
		t.Fatal("early flush sent")
	}
	stale := timer
	stale.Seq--
	if _, _, changed := b.Flush(stale, t0.Add(time.Minute)); changed {
		t.Fatal("stale flush sent")
	}
	b, effs, changed := b.Flush(timer, t0.Add(time.Minute))
	if !changed || len(effs) != 1 || effs[0].Kind != lead.EffectSend || len(b.Held) != 0 {
		t.Fatalf("flush: %v %+v", changed, effs)
	}
	if _, _, changed := b.Flush(timer, t0.Add(2*time.Minute)); changed {
		t.Fatal("a flush fired twice sent twice")
	}
}

func TestSeenIsBounded(t *testing.T) {
	b := Inbox{Key: Key("bob", lead.SMS)}
	for i := range 3 * seenLimit {
		b, _, _ = b.Offer(fmt.Sprint("e", i), lead.Notice{To: "bob"}, t0.Add(time.Duration(i)*time.Hour), time.Minute)
	}
	if len(b.Seen) != seenLimit || b.Seen[len(b.Seen)-1] != fmt.Sprint("e", 3*seenLimit-1) {
		t.Fatalf("seen holds %d ids, last %s", len(b.Seen), b.Seen[len(b.Seen)-1])
	}
}

func TestOfferDoesNotModifyTheInbox(t *testing.T) {
	b := Inbox{Key: Key("bob", lead.SMS), LastSentAt: t0, Held: make([]lead.Notice, 1, 8), Seen: make([]string, 1, 8)}
	b.Held[0] = lead.Notice{LeadID: "L0"}
	b.Seen[0] = "e0"
	_, _, _ = b.Offer("e1", lead.Notice{LeadID: "L1"}, t0.Add(time.Second), time.Minute)
	if len(b.Held) != 1 || b.Held[:2][1].LeadID != "" || b.Seen[:2][1] != "" {
		t.Fatal("Offer wrote into the inbox's arrays")
	}
}
