package httpapi

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/leadclock/leadclock/shared/action"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/message"
)

// The one-tap page a rep opens from a nudge. A GET never changes anything: link
// previewers and mail scanners open links too. Its buttons POST back to the same URL
// and are answered with a redirect, so a reload does not post again.

// BusyFor is how long "I'm with a customer" takes a rep out of rotation. A floor
// visit rarely runs longer; a rep who forgets to say they are free again is back
// in rotation on their own.
const BusyFor = time.Hour

type pageData struct {
	Dealership, Rep string
	Error           *Problem
	Flash           *flash
	Lead            bool
	Customer        string
	Vehicle         string
	Provider        string
	Received        string
	StatusLine      string
	Deadline        string
	Comments        string
	Phones          []lead.Phone
	Emails          []string
	Open, CanClaim  bool
	Busy            string
	Seen            int
	Timeline        []string
}

type flash struct {
	Text string
	Warn bool
}

// flashes are the outcomes a tap redirects with.
var flashes = map[string]flash{
	"call":     {Text: "Call logged. Thank you!"},
	"text":     {Text: "Text logged. Thank you!"},
	"email":    {Text: "Email logged. Thank you!"},
	"claim":    {Text: "The lead is yours. Reach the customer now."},
	"busy":     {Text: "You are marked busy for an hour; new leads go to others."},
	"free":     {Text: "You are back in rotation."},
	"repeated": {Text: "Already logged: that attempt was recorded before. Tap again only for a new attempt.", Warn: true},
	"taken":    {Text: "Someone else claimed or reached this customer first.", Warn: true},
	"nooffer":  {Text: "This lead is no longer on offer.", Warn: true},
	"closed":   {Text: "This lead is closed.", Warn: true},
}

func (s *Server) actionPage(w http.ResponseWriter, r *http.Request) {
	c, prob := s.verifyPage(r)
	if prob != nil {
		s.renderPage(w, prob.Status, pageData{Dealership: s.Config.Dealership.Name, Error: prob})
		return
	}
	data, err := s.pageData(r, c)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	if f, ok := flashes[r.URL.Query().Get("done")]; ok {
		data.Flash = &f
	}
	s.renderPage(w, http.StatusOK, data)
}

func (s *Server) verifyPage(r *http.Request) (action.Claims, *Problem) {
	c, err := s.Signer.Verify(r.PathValue("token"), s.Clock.Now())
	switch {
	case errors.Is(err, action.ErrExpired):
		return c, &Problem{Title: "This link has expired", Status: http.StatusGone, Detail: "Links in nudges last a week. Open the latest message about this lead, or ask your manager."}
	case err != nil:
		return c, &Problem{Title: "This link is not valid", Status: http.StatusForbidden, Detail: "It was changed or cut short on the way. Open the link from the message again, without editing it."}
	}
	return c, nil
}

func (s *Server) pageData(r *http.Request, c action.Claims) (pageData, error) {
	ctx := r.Context()
	l, err := s.Reader.Lead(ctx, c.Lead)
	if err != nil {
		return pageData{}, err
	}
	tl, err := s.Reader.Timeline(ctx, c.Lead)
	if err != nil {
		return pageData{}, err
	}
	st, err := s.Reader.Roster(ctx)
	if err != nil {
		return pageData{}, err
	}
	now := s.Clock.Now()
	d := pageData{
		Dealership: s.Config.Dealership.Name, Rep: repRef(s.Config, c.Rep).Name, Lead: true,
		Customer: message.CustomerName(l.Customer), Vehicle: message.VehicleSummary(l), Provider: providerRef(s.Config, l.Source.Provider).Name,
		Received: s.clockTime(l.ReceivedAt, now), StatusLine: s.statusLine(l, c.Rep), Comments: l.Comments,
		Emails: l.Customer.Emails, Open: l.Status != lead.StatusClosed, Seen: l.Attempts,
	}
	for _, p := range l.Customer.Phones {
		if p.Valid {
			d.Phones = append(d.Phones, p)
		}
	}
	if l.Status.AwaitingContact() && !l.Deadline.IsZero() {
		d.Deadline = s.clockTime(l.Deadline, now)
		if left := l.Deadline.Sub(now); left > 0 {
			d.Deadline += fmt.Sprintf(" (%d min %02d s left)", int(left.Minutes()), int(left.Seconds())%60)
		}
	}
	d.CanClaim = l.Status == lead.StatusAssigned && l.Offer.Step != 0 && l.Offer.Step == l.Escalation.Step &&
		l.Offer.ClaimedBy == "" && slices.Contains(l.Offer.Reps, c.Rep)
	if away, ok := st.Away[c.Rep]; ok && (away.Until.IsZero() || away.Until.After(now)) {
		d.Busy = "further notice"
		if !away.Until.IsZero() {
			d.Busy = s.clockTime(away.Until, now)
		}
	}
	for _, a := range slices.Backward(tl) {
		d.Timeline = append(d.Timeline, s.clockTime(a.At, now)+" · "+describe(s, a))
		if len(d.Timeline) == 8 {
			break
		}
	}
	return d, nil
}

func (s *Server) statusLine(l lead.Lead, rep string) string {
	owner := repRef(s.Config, l.Owner).Name
	if l.Owner == rep {
		owner = "you"
	}
	switch l.Status {
	case lead.StatusQueued:
		return "Waiting for the next shift to open."
	case lead.StatusAssigned:
		return "Nobody has reached the customer yet. Owner: " + owner + "."
	case lead.StatusContacted, lead.StatusWorking:
		return fmt.Sprintf("Contacted (%d attempts). Owner: %s.", l.Attempts, owner)
	case lead.StatusStalled:
		return fmt.Sprintf("Stalled after %d attempts: follow up. Owner: %s.", l.Attempts, owner)
	case lead.StatusClosed:
		return "Closed: " + string(l.Closure.Outcome) + "."
	}
	return string(l.Status)
}

// clockTime shows an instant in the dealership's time, with the day when it is not
// today.
func (s *Server) clockTime(t, now time.Time) string {
	loc := s.Config.Team.Location
	t, now = t.In(loc), now.In(loc)
	if t.YearDay() == now.YearDay() && t.Year() == now.Year() {
		return t.Format("3:04 PM")
	}
	return t.Format("Mon Jan 2, 3:04 PM")
}

func describe(s *Server, a lead.Activity) string {
	name := func(id string) string { return repRef(s.Config, id).Name }
	switch a.Type {
	case lead.TypeAssigned:
		return "assigned to " + name(a.Rep)
	case lead.TypeRerouted, lead.TypeReassigned:
		return "moved from " + name(a.From) + " to " + name(a.Rep)
	case lead.TypeNotified:
		return name(a.Rep) + " notified (" + a.Channel + ")"
	case lead.TypeContact:
		return name(a.Rep) + ": " + a.Channel + " (" + string(a.Evidence) + ")"
	case lead.TypeClaimed:
		return "claimed by " + name(a.Rep)
	case lead.TypeClosed:
		return "closed: " + a.Outcome
	}
	return string(a.Type)
}

func (s *Server) actionTap(w http.ResponseWriter, r *http.Request) {
	c, prob := s.verifyPage(r)
	if prob != nil {
		s.renderPage(w, prob.Status, pageData{Dealership: s.Config.Dealership.Name, Error: prob})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		s.renderPage(w, http.StatusBadRequest, pageData{Dealership: s.Config.Dealership.Name,
			Error: &Problem{Title: "Could not read the form", Status: http.StatusBadRequest, Detail: "Go back and tap the button again."}})
		return
	}
	ctx, now := r.Context(), s.Clock.Now()
	var err error
	done := r.PostForm.Get("action")
	switch done {
	case "call", "text", "email":
		seen, convErr := strconv.Atoi(r.PostForm.Get("seen"))
		ev := lead.Contacted{Rep: c.Rep, Actor: c.Rep, Channel: done, Evidence: lead.SelfReported}
		if convErr == nil {
			ev.Seen = &seen
		}
		_, err = s.Commands.LogActivity(ctx, c.Lead, ev)
	case "claim":
		_, err = s.Commands.LogActivity(ctx, c.Lead, lead.Claimed{Rep: c.Rep})
	case "busy":
		err = s.Commands.SetAvailability(ctx, c.Rep, false, now.Add(BusyFor), c.Rep)
	case "free":
		err = s.Commands.SetAvailability(ctx, c.Rep, true, time.Time{}, c.Rep)
	default:
		s.renderPage(w, http.StatusBadRequest, pageData{Dealership: s.Config.Dealership.Name,
			Error: &Problem{Title: "Unknown button", Status: http.StatusBadRequest, Detail: fmt.Sprintf("%q is not something this page can do.", done)}})
		return
	}
	switch {
	case err == nil:
		s.committed()
		s.Log.InfoContext(ctx, "tap", "lead", c.Lead, "rep", c.Rep, "action", done)
	case errors.Is(err, lead.ErrRepeated):
		done = "repeated"
	case errors.Is(err, lead.ErrTaken):
		done = "taken"
	case errors.Is(err, lead.ErrNoOffer):
		done = "nooffer"
	case errors.Is(err, lead.ErrClosed):
		done = "closed"
	default:
		s.pageFail(w, r, err)
		return
	}
	http.Redirect(w, r, "/a/"+url.PathEscape(r.PathValue("token"))+"?done="+done, http.StatusSeeOther)
}

func (s *Server) pageFail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, engine.ErrNotFound) {
		s.renderPage(w, http.StatusNotFound, pageData{Dealership: s.Config.Dealership.Name,
			Error: &Problem{Title: "Lead not found", Status: http.StatusNotFound, Detail: "This lead no longer exists."}})
		return
	}
	s.Log.ErrorContext(r.Context(), "action page failed", "err", err)
	s.renderPage(w, http.StatusInternalServerError, pageData{Dealership: s.Config.Dealership.Name,
		Error: &Problem{Title: "Something went wrong", Status: http.StatusInternalServerError, Detail: "Nothing was logged. Try again in a moment."}})
}

func (s *Server) renderPage(w http.ResponseWriter, status int, d pageData) {
	var buf bytes.Buffer
	if err := page(d).Render(&buf); err != nil {
		s.Log.Error("render action page", "err", err)
		http.Error(w, "could not render the page", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	// The URL is a credential: never send it on as a referrer, never frame the page.
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
