package weekly_test

import (
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/leadclock/leadclock/shared/browsertest"
	"github.com/leadclock/leadclock/shared/httpapi"
	"github.com/leadclock/leadclock/shared/message"
	"github.com/leadclock/leadclock/shared/weekly"
)

// A mail client is a browser with most of the web taken away, so the report is
// opened in a real one: the text must be there, the chart must be drawn by the table
// cells alone, and every link must open the lead's action page. The page is served
// from 127.0.0.1 beside the real action route, as local mode serves it.

// The widths the report is read at: a desktop mail client's reading pane and a phone.
const (
	paneWidth, paneHeight   = 640, 900
	phoneWidth, phoneHeight = 390, 844
)

// thisWeekBar is the colour of this week's bars as the browser computes it.
const thisWeekBar = "rgb(29, 78, 216)"

func TestWeeklyReportInBrowser(t *testing.T) {
	chromium := browsertest.Chromium(t)
	w := runWeeks(t)

	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	api, signer := w.links(srv.URL)
	api.Reader, api.Commands, api.Auth = w.sb.Store, w.sb.Engine, httpapi.KeysFrom(w.cfg)
	api.Log = slog.New(slog.DiscardHandler)
	r := weekly.Renderer{Config: w.cfg, Links: api}.Render(w.compile(), "mona")
	mux.Handle("/a/", api.Handler())
	mux.HandleFunc("GET /report", func(rw http.ResponseWriter, _ *http.Request) {
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = rw.Write([]byte(r.HTML))
	})
	ctx := browsertest.Start(t, chromium, paneWidth, paneHeight)
	if code := browsertest.Open(t, ctx, srv.URL+"/report"); code != http.StatusOK {
		t.Fatalf("GET /report: HTTP %d", code)
	}

	t.Run("text", func(t *testing.T) {
		for sel, want := range map[string][]string{
			"body":          {"Week Motors · for Mona Manager", "Weekly follow-up report"},
			"#weeks":        {"This week: Mon 9 – Sun 15 Nov 2026, as of Mon 16 Nov 07:00.", "Last week: Mon 2 – Sun 8 Nov 2026, as of Mon 9 Nov 07:00."},
			"#figures":      {"Last week\tThis week", "Leads received\t11\t13", "Stalled leads\t4\t4", "Closed with fewer than 3 attempts\t1\t2"},
			"#stalled":      {"Stalled leads (4)", "CarGurus · 1 attempt, the last Mon 9 Nov 11:20 (6 d 20 h ago)"},
			"#closed-early": {"Closed with fewer than 3 attempts (2)", "Closed junk by dms Wed 11 Nov 12:01 after 0 attempts"},
			"#reps":         {"Alice Able", "Bob Baker"},
		} {
			got := browsertest.Eval[string](t, ctx, fmt.Sprintf(`document.querySelector(%q).innerText`, sel))
			for _, s := range want {
				if !strings.Contains(got, s) {
					t.Errorf("%s shows no %q:\n%s", sel, s, got)
				}
			}
		}
		for sel, leads := range map[string][]*planned{"#stalled": w.stalled(), "#closed-early": w.closedEarly()} {
			var want []string
			for _, p := range leads {
				want = append(want, message.ShortName(p.customer)+" – 2024 Honda Civic LX (used)")
			}
			got := browsertest.Eval[[]string](t, ctx, fmt.Sprintf(`[...document.querySelectorAll('%s .customer')].map(e => e.innerText.trim())`, sel))
			if !slices.Equal(got, want) {
				t.Errorf("%s lists %q, want %q", sel, got, want)
			}
		}
	})

	t.Run("chart", func(t *testing.T) {
		type drawn struct {
			Week    string
			Percent int
			Width   float64
			Colour  string
		}
		bars := browsertest.Eval[[]drawn](t, ctx, `[...document.querySelectorAll('#chart td.bar')].map(e => ({
			Week: e.dataset.week, Percent: Number(e.dataset.percent),
			Width: e.getBoundingClientRect().width, Colour: getComputedStyle(e).backgroundColor}))`)
		var this []drawn
		sum, widest := 0, drawn{}
		for _, b := range bars {
			if b.Week == "this" {
				this = append(this, b)
				sum += b.Percent
			}
			if b.Percent > widest.Percent {
				widest = b
			}
		}
		// This week: 42% within the SLA, 42% from 15 min to 1 h, 8% over 1 h, 8% never.
		if len(this) != 4 || math.Abs(float64(sum-100)) > 2 {
			t.Fatalf("this week's bars %+v: want 4 drawn, adding up to 100%%", this)
		}
		if this[0].Colour != thisWeekBar || this[0].Width < 100 {
			t.Errorf("the first bar is %.0fpx wide in %s: not drawn as a %s bar", this[0].Width, this[0].Colour, thisWeekBar)
		}
		for _, b := range bars {
			// Bars are drawn to scale: their widths are to the widest as their shares.
			want := widest.Width * float64(b.Percent) / float64(widest.Percent)
			if math.Abs(b.Width-want) > 3 {
				t.Errorf("the %s-week bar of %d%% is %.0fpx wide, want %.0fpx", b.Week, b.Percent, b.Width, want)
			}
		}
		if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll('svg, canvas, img, script, style, link').length`); n != 0 {
			t.Errorf("the report has %d images, scripts or style sheets, which mail clients drop", n)
		}
	})

	if os.Getenv("LEADCLOCK_SCREENSHOT") == "1" {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "weekly-report.png"), png, 0o644); err != nil {
			t.Fatalf("write screenshot: %v", err)
		}
	}

	t.Run("fits a phone", func(t *testing.T) {
		phone := browsertest.Start(t, chromium, phoneWidth, phoneHeight)
		browsertest.Open(t, phone, srv.URL+"/report")
		if sw := browsertest.Eval[int](t, phone, `document.documentElement.scrollWidth`); sw > phoneWidth {
			t.Errorf("the report is %dpx wide on a %dpx phone: the manager has to scroll sideways", sw, phoneWidth)
		}
	})

	t.Run("links", func(t *testing.T) {
		hrefs := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll('a[href]')].map(a => a.href)`)
		if !slices.Equal(hrefs, r.Links) {
			t.Fatalf("the page links to\n%q\nwant the report's links\n%q", hrefs, r.Links)
		}
		for i, p := range append(w.stalled(), w.closedEarly()...) {
			checkLink(t, signer, hrefs[i], srv.URL, p.id, "mona", w.reportTime())
		}
		// Each opens the lead's action page for the manager.
		for _, href := range hrefs {
			if code := browsertest.Open(t, ctx, href); code != http.StatusOK {
				t.Errorf("open %s: HTTP %d", href, code)
				continue
			}
			if got := browsertest.Eval[string](t, ctx, `document.body.innerText`); !strings.Contains(got, "Mona Manager") {
				t.Errorf("the page at %s is not the lead's page for Mona Manager:\n%s", href, got)
			}
		}
	})
}
