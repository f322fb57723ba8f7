package message

import (
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
)

// entry is one lead of a message: the latest notice about it, the lead as it is now
// (nil when it was deleted since), and what to say.
type entry struct {
	notice lead.Notice
	lead   *lead.Lead
	say    phrasing
	link   string
}

// entries pairs each lead the message names, in order of first mention, with the
// last notice about it.
func (r Renderer) entries(d engine.Delivery) []entry {
	byID := make(map[string]*lead.Lead, len(d.Leads))
	for i := range d.Leads {
		byID[d.Leads[i].ID] = &d.Leads[i]
	}
	var out []entry
	pos := map[string]int{}
	for _, n := range d.Message.Notices {
		if i, ok := pos[n.LeadID]; ok {
			out[i].notice = n
			continue
		}
		pos[n.LeadID] = len(out)
		out = append(out, entry{notice: n, lead: byID[n.LeadID]})
	}
	for i := range out {
		e := &out[i]
		e.say = r.phrase(d.Rep.ID, e.notice, e.lead)
		if e.say.action != "" && r.Links != nil {
			e.link = r.Links.Action(e.notice.LeadID, d.Rep.ID)
		}
	}
	return out
}
