package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/leadclock/leadclock/shared/action"
	"github.com/leadclock/leadclock/shared/browsertest"
)

// The action page is read on a phone, in whatever browser the rep's messaging app
// opens, so the HTML tests in shared/httpapi cannot say whether it works: layout,
// tap targets, the redirect after a tap and the Back button only exist in a browser.
// This test drives Debian's chromium at a phone's size against the real binary.

var updateScreenshot = flag.Bool("update-screenshot", false, "write docs/action-page.png from TestBrowserActionPage")

// The viewport of a common phone, in CSS pixels: the page has to work at this width
// without scrolling sideways.
const phoneWidth, phoneHeight = 390, 844

func TestBrowserActionPage(t *testing.T) {
	t.Parallel()
	chromium := browsertest.Chromium(t)
	data := t.TempDir()
	s := startServer(t, filepath.Join("testdata", "e2e.yaml"), data, 1)
	id := s.postLead("br-1", "(312) 555-0160")
	link := actionLink(t, data, id, "alice")
	// A second lead whose only contact is a long email address: the longest
	// unbreakable text the page shows, and the first thing to push it sideways.
	longID := s.postLead("br-2", "pat.doe.with.a.rather.long.address.for.wrapping@example.com")
	longLink := actionLink(t, data, longID, "")
	ctx := newPhone(t, chromium)
	const callButton = chromedp.CSS(`#actions button[value="call"]`)

	// 1. The page shows the lead at a phone's size, the main button in reach.
	if code := browsertest.Open(t, ctx, link); code != http.StatusOK {
		t.Fatalf("GET the action link: HTTP %d, want 200", code)
	}
	if got := text(t, ctx, chromedp.ID("customer")); got != "Pat Doe" {
		t.Errorf("customer %q, want Pat Doe", got)
	}
	if got := text(t, ctx, chromedp.ID("vehicle")); !strings.Contains(got, "2024 Honda Civic") {
		t.Errorf("vehicle %q, want 2024 Honda Civic", got)
	}
	if got := browsertest.Eval[string](t, ctx, `document.querySelector('#summary a[href^="tel:"]')?.getAttribute("href") ?? ""`); got != "tel:+13125550160" {
		t.Errorf("tap-to-call link %q, want tel:+13125550160", got)
	}
	if got := text(t, ctx, callButton); got != "I called" {
		t.Errorf("call button says %q, want I called", got)
	}
	l := measure(t, ctx, string(callButton))
	l.fits(t, "the lead page")
	if l.Bottom > float64(l.InnerHeight) {
		t.Errorf("I called ends at y=%.0f, below the %dpx screen: the rep has to scroll to log a call", l.Bottom, l.InnerHeight)
	}
	if *updateScreenshot {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "action-page.png"), png, 0o644); err != nil {
			t.Fatalf("write screenshot: %v", err)
		}
	}

	// 2. A tap logs the call, as reported by the rep the link was minted for.
	if resp := tap(t, ctx, string(callButton)); resp.Status != http.StatusOK || !strings.HasSuffix(resp.URL, "?done=call") {
		t.Fatalf("after tapping I called: HTTP %d at %s, want 200 at ?done=call", resp.Status, resp.URL)
	}
	if got := text(t, ctx, chromedp.ID("flash")); !strings.Contains(got, "Call logged") {
		t.Errorf("flash after the tap %q, want Call logged", got)
	}
	checkContacts(t, s, id, 1)

	// 3. Back shows the page as it was before the tap, its form still carrying the
	// attempts it saw then; tapping again must not log the same call twice.
	goBack(t, ctx, link)
	if seen := browsertest.Eval[string](t, ctx, `document.querySelector('#actions input[name="seen"]').value`); seen == "0" {
		if resp := tap(t, ctx, string(callButton)); resp.Status != http.StatusOK || !strings.HasSuffix(resp.URL, "?done=repeated") {
			t.Fatalf("re-tap from the page before Back: HTTP %d at %s, want 200 at ?done=repeated", resp.Status, resp.URL)
		}
		if got := text(t, ctx, chromedp.ID("flash")); !strings.Contains(got, "Already logged") {
			t.Errorf("flash after re-tapping the stale page %q, want Already logged", got)
		}
	} else {
		// The browser reloaded instead of restoring: the page is current, and a tap
		// there is a new attempt. The double tap below still sends a stale form.
		t.Logf("Back reloaded the page (seen=%s) instead of restoring it; no stale re-tap from history", seen)
		if seen != "1" {
			t.Errorf("the page after Back saw %s attempts, want 1", seen)
		}
	}
	checkContacts(t, s, id, 1)

	// A double tap: two POSTs of the same form. The browser is held on the first
	// answer until the second has gone out, so both reach the server every time.
	if code := browsertest.Open(t, ctx, link); code != http.StatusOK {
		t.Fatalf("reopen the action link: HTTP %d", code)
	}
	if n := doubleTap(t, ctx, string(callButton)); n != 2 {
		t.Fatalf("the double tap sent %d POSTs, want 2", n)
	}
	if got := waitText(t, ctx, chromedp.ID("flash")); !strings.Contains(got, "Already logged") {
		t.Errorf("flash after a double tap %q, want Already logged", got)
	}
	checkContacts(t, s, id, 2)

	// 4. A link changed on the way, or too old, says so and offers nothing to tap;
	// posting to it logs nothing.
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	token := strings.TrimPrefix(u.Path, "/a/")
	payload, sig, ok := strings.Cut(token, ".")
	if !ok || len(sig) < 10 {
		t.Fatalf("action link %s: no signature part in the token", link)
	}
	flipped := []byte(sig)
	mid := len(flipped) / 2
	if flipped[mid] == 'A' {
		flipped[mid] = 'B'
	} else {
		flipped[mid] = 'A'
	}
	tampered := s.url + "/a/" + payload + "." + string(flipped)

	key, err := os.ReadFile(filepath.Join(data, "signing.key"))
	if err != nil {
		t.Fatal(err)
	}
	signer, err := action.NewSigner(key)
	if err != nil {
		t.Fatal(err)
	}
	expired := s.url + "/a/" + signer.Sign(action.Claims{Lead: id, Rep: "alice", Expires: time.Now().Add(-time.Hour)})

	for _, c := range []struct {
		name, url, title string
		status           int
	}{
		{"tampered", tampered, "This link is not valid", http.StatusForbidden},
		{"expired", expired, "This link has expired", http.StatusGone},
	} {
		if code := browsertest.Open(t, ctx, c.url); code != int64(c.status) {
			t.Errorf("%s link: HTTP %d, want %d", c.name, code, c.status)
		}
		if got := text(t, ctx, chromedp.CSS(`.error h1`)); got != c.title {
			t.Errorf("%s link: page says %q, want %q", c.name, got, c.title)
		}
		if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll("button, form").length`); n != 0 {
			t.Errorf("%s link: the error page has %d buttons or forms, want none", c.name, n)
		}
		resp, err := http.PostForm(c.url, url.Values{"action": {"call"}, "seen": {"2"}})
		if err != nil {
			t.Fatalf("POST to the %s link: %v", c.name, err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.status {
			t.Errorf("POST to the %s link: HTTP %d, want %d", c.name, resp.StatusCode, c.status)
		}
	}
	checkContacts(t, s, id, 2)

	// A long email address wraps instead of widening the page.
	if code := browsertest.Open(t, ctx, longLink); code != http.StatusOK {
		t.Fatalf("GET the second lead's action link: HTTP %d", code)
	}
	measure(t, ctx, `#summary a[href^="mailto:"]`).fits(t, "a lead with a long email address")
}

// actionLink waits for the nudge about the lead to the rep (any rep when rep is
// empty) and returns its action link.
func actionLink(t *testing.T, data, lead, rep string) string {
	t.Helper()
	var link string
	eventually(t, 20*time.Second, "a nudge about lead "+lead, func() bool {
		for _, l := range outbox(t, data) {
			if l.LeadID == lead && (rep == "" || l.To.Rep == rep) && len(l.Links) > 0 {
				link = l.Links[0]
				return true
			}
		}
		return false
	})
	return link
}

// tap touches the middle of the element, as a finger would, and returns the page
// the browser ends up on after the POST and its redirect. It taps a point rather
// than a node: chromedp's node queries wait for a load event that a page restored
// by Back never fires.
func tap(t *testing.T, ctx context.Context, selector string) pageResponse {
	t.Helper()
	x, y := onScreen(t, ctx, selector)
	resp, err := chromedp.RunResponse(ctx, chromedp.TapXY(x, y))
	if err != nil {
		t.Fatalf("tap %s: %v", selector, err)
	}
	return pageResponse{Status: resp.Status, URL: resp.URL}
}

// onScreen returns the middle of the element, which must be on the screen.
func onScreen(t *testing.T, ctx context.Context, selector string) (x, y float64) {
	t.Helper()
	l := measure(t, ctx, selector)
	x, y = (l.Left+l.Right)/2, (l.Top+l.Bottom)/2
	if x < 0 || x > float64(l.InnerWidth) || y < 0 || y > float64(l.InnerHeight) {
		t.Fatalf("%s is off the screen at (%.0f, %.0f): cannot tap it", selector, x, y)
	}
	return x, y
}

type pageResponse struct {
	Status int64
	URL    string
}

func text[S chromedp.Selectable](t *testing.T, ctx context.Context, sel S) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		t.Fatalf("read %v: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// waitText is text for an element of a page that may still be loading.
func waitText(t *testing.T, ctx context.Context, sel chromedp.ID) string {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.WaitVisible(sel)); err != nil {
		t.Fatalf("wait for %s: %v", sel, err)
	}
	return text(t, ctx, sel)
}

// layout is where an element sits in the viewport, in CSS pixels, and how wide the
// page is.
type layout struct {
	Left, Right, Top, Bottom, Width float64
	InnerWidth, InnerHeight         int
	ScrollWidth                     int
}

func measure(t *testing.T, ctx context.Context, selector string) layout {
	t.Helper()
	js := fmt.Sprintf(`(() => {
		const r = document.querySelector(%q).getBoundingClientRect();
		return {Left: r.left, Right: r.right, Top: r.top, Bottom: r.bottom, Width: r.width,
			InnerWidth: window.innerWidth, InnerHeight: window.innerHeight,
			ScrollWidth: document.documentElement.scrollWidth};
	})()`, selector)
	return browsertest.Eval[layout](t, ctx, js)
}

// fits checks that the page does not scroll sideways and the element is inside the
// screen's width. A mobile browser zooms a page that is too wide out until it fits,
// which shows as a viewport wider than the phone.
func (l layout) fits(t *testing.T, what string) {
	t.Helper()
	if l.InnerWidth != phoneWidth || l.ScrollWidth > phoneWidth {
		t.Errorf("%s: viewport %dpx, content %dpx wide: want both %dpx, no sideways scrolling", what, l.InnerWidth, l.ScrollWidth, phoneWidth)
	}
	if l.Width <= 0 || l.Width > phoneWidth || l.Left < 0 || l.Right > phoneWidth {
		t.Errorf("%s: element spans x=%.0f..%.0f (%.0fpx), want inside 0..%d", what, l.Left, l.Right, l.Width, phoneWidth)
	}
}

// checkContacts checks that the lead has exactly n attempts, each a self-reported
// contact by alice.
func checkContacts(t *testing.T, s *server, id string, n int) {
	t.Helper()
	v := s.lead(id)
	contacts := 0
	for _, e := range v.Timeline {
		if e.Type != "contact" {
			continue
		}
		contacts++
		if e.Evidence != "self-reported" || e.Rep != "alice" {
			t.Errorf("contact entry %+v: want self-reported by alice", e)
		}
	}
	if v.Attempts != n || contacts != n {
		t.Errorf("lead has %d attempts and %d contact entries, want %d", v.Attempts, contacts, n)
	}
}

// goBack is the browser's Back button. chromedp.NavigateBack waits for a load event,
// which a page restored from the back/forward cache never fires, so this waits for
// the page at want to be complete instead.
func goBack(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		h, err := cdp.Call(ctx, tg, page.GetNavigationHistory, cdp.Empty{})
		if err != nil {
			return fmt.Errorf("read the history: %w", err)
		}
		if h.CurrentIndex < 1 || int(h.CurrentIndex) >= len(h.Entries) {
			return errors.New("no page to go back to")
		}
		if _, err := cdp.Call(ctx, tg, page.NavigateToHistoryEntry, page.NavigateToHistoryEntryParams{EntryID: h.Entries[h.CurrentIndex-1].ID}); err != nil {
			return fmt.Errorf("go back: %w", err)
		}
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	// While the old page goes away, evaluating can fail or meet either page: only
	// the wanted URL, fully loaded, ends the wait.
	deadline := time.Now().Add(10 * time.Second)
	for {
		actx, cancel := context.WithTimeout(ctx, 2*time.Second)
		got, err := chromedp.Run(actx, chromedp.Evaluate[[]string](`[location.href, document.readyState]`))
		cancel()
		if err == nil && got[0] == want && got[1] == "complete" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("Back did not return to %s within 10s: last saw %q, %v", want, got, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// doubleTap taps the element twice in quick succession and returns how many POSTs
// the server answered. The browser's answer to the first POST is held until the
// second POST has been answered too: on a fast local server the first answer would
// otherwise replace the page before the second tap, and the test would depend on
// timing. Holding it is the slowest network a rep can have, and the worst case for
// the server: both POSTs arrive, carrying the same form.
func doubleTap(t *testing.T, ctx context.Context, selector string) int {
	t.Helper()
	x, y := onScreen(t, ctx, selector)
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	_, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{
		Patterns: []*fetch.RequestPattern{{URLPattern: "*", RequestStage: fetch.RequestStageResponse}},
	})
	if err != nil {
		t.Fatalf("intercept responses: %v", err)
	}
	defer func() {
		if _, err := chromedp.Call(ctx, fetch.Disable, cdp.Empty{}); err != nil {
			t.Errorf("stop intercepting: %v", err)
		}
	}()
	if err := chromedp.Do(ctx, chromedp.TapXY(x, y)); err != nil {
		t.Fatalf("first tap: %v", err)
	}
	posts := 0
	for ev, err := range paused {
		if err != nil {
			t.Fatalf("after %d POSTs of the double tap: %v", posts, err)
		}
		if ev.Request.Method == http.MethodPost {
			if ev.ResponseStatusCode == 0 {
				t.Fatalf("POST %d of the double tap failed: %s", posts+1, ev.ResponseErrorReason)
			}
			posts++
			if posts == 1 {
				// The first answer stays held; the second tap replaces that
				// navigation, as on a phone, so it is never let through.
				if err := chromedp.Do(ctx, chromedp.TapXY(x, y)); err != nil {
					t.Fatalf("second tap: %v", err)
				}
				continue
			}
		}
		if _, err := chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID}); err != nil {
			t.Fatalf("let %s %s through: %v", ev.Request.Method, ev.Request.URL, err)
		}
		if ev.Request.Method == http.MethodGet && strings.Contains(ev.Request.URL, "?done=") {
			return posts // the redirect after the last POST: the page is on its way
		}
	}
	t.Fatal("the browser stopped reporting requests during the double tap")
	return posts
}

// newPhone starts the browser with one tab sized and behaving as a phone.
func newPhone(t *testing.T, chromium string) context.Context {
	t.Helper()
	return browsertest.Start(t, chromium, phoneWidth, phoneHeight,
		chromedp.EmulateScale(3), chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch)
}
