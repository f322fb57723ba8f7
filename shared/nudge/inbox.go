// Package nudge keeps people from being flooded. Each rep has an inbox per channel:
// the first notice goes out at once, and notices that arrive within the bundle window
// after a message are held and go out together when the window ends. A rep who gets
// five leads in forty seconds gets two texts, not five, and the first without delay.
// Pure: no I/O, no clock.
package nudge

import (
	"slices"
	"strconv"
	"time"

	"github.com/leadclock/leadclock/shared/lead"
)

// Inbox is one rep's notices on one channel.
type Inbox struct {
	Key     string `json:"key"`
	Version int64  `json:"version"`
	// LastSentAt is when the last message went out.
	LastSentAt time.Time `json:"lastSentAt,omitzero"`
	// Held are the notices waiting for the window to end, sent at FlushAt.
	Held    []lead.Notice `json:"held,omitempty"`
	FlushAt time.Time     `json:"flushAt,omitzero"`
	// Seq numbers flush timers and messages.
	Seq int `json:"seq"`
	// Seen are the ids of the latest notice effects taken, so that an effect run twice
	// is not sent twice.
	Seen []string `json:"seen,omitempty"`
}

// seenLimit bounds Seen: effects are retried within minutes, not after hundreds of
// other notices.
const seenLimit = 100

// Key names the inbox of a rep on a channel.
func Key(rep string, ch lead.Channel) string {
	return rep + "." + string(ch)
}

// Offer takes a notice (id is the id of the effect that carried it) and returns the
// inbox after it and the effects to commit with it: a message to send now, or a flush
// timer when the notice is the first one held. changed is false for a notice already
// taken.
func (b Inbox) Offer(id string, n lead.Notice, now time.Time, window time.Duration) (next Inbox, effects []lead.Effect, changed bool) {
	if slices.Contains(b.Seen, id) {
		return b, nil, false
	}
	b.Seen = append(slices.Clone(b.Seen[max(0, len(b.Seen)-seenLimit+1):]), id)
	b.Held = slices.Clone(b.Held)
	if len(b.Held) == 0 && (b.LastSentAt.IsZero() || !now.Before(b.LastSentAt.Add(window))) {
		return b.send([]lead.Notice{n}, now)
	}
	b.Held = append(b.Held, n)
	if len(b.Held) > 1 {
		return b, nil, true
	}
	b.Seq++
	b.FlushAt = b.LastSentAt.Add(window)
	t := lead.Timer{Inbox: b.Key, Kind: lead.TimerFlush, Seq: b.Seq, At: b.FlushAt}
	return b, []lead.Effect{{ID: b.Key + "/schedule/flush/" + strconv.Itoa(b.Seq), Kind: lead.EffectSchedule, Timer: &t}}, true
}

// Flush sends what the inbox holds when its flush timer fires. A stale or early timer
// changes nothing.
func (b Inbox) Flush(t lead.Timer, now time.Time) (next Inbox, effects []lead.Effect, changed bool) {
	if t.Seq != b.Seq || len(b.Held) == 0 || now.Before(b.FlushAt) {
		return b, nil, false
	}
	held := b.Held
	b.Held, b.FlushAt = nil, time.Time{}
	return b.send(held, now)
}

func (b Inbox) send(notices []lead.Notice, now time.Time) (Inbox, []lead.Effect, bool) {
	b.Seq++
	b.LastSentAt = now
	m := lead.Message{ID: b.Key + "/" + strconv.Itoa(b.Seq), To: notices[0].To, Channel: notices[0].Channel, Notices: notices}
	return b, []lead.Effect{{ID: m.ID, Kind: lead.EffectSend, Message: &m}}, true
}
