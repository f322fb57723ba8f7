// Package browsertest drives Debian's chromium, headless, for the tests that check
// LeadClock's pages (the one-tap action page, the weekly report, the simulation
// report) in a real browser. A missing browser fails the test rather than skipping
// it, so that CI without one cannot pass by testing less; LEADCLOCK_SKIP_BROWSER=1
// skips on purpose.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Chromium returns the browser to drive.
func Chromium(t testing.TB) string {
	t.Helper()
	if os.Getenv("LEADCLOCK_SKIP_BROWSER") == "1" {
		t.Skip("LEADCLOCK_SKIP_BROWSER=1: not tested in a browser")
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	t.Fatal("chromium is not installed: run scripts/test, which installs Debian's chromium, " +
		"or set LEADCLOCK_SKIP_BROWSER=1 to skip the browser tests")
	return ""
}

// Start starts the browser with a fresh profile and one tab with the viewport given,
// closed when the test ends, and returns the tab's context.
func Start(t testing.TB, chromium string, width, height int64, viewport ...chromedp.EmulateViewportOption) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		// Containers run as root without user namespaces, where the sandbox cannot
		// start; the browser only opens the test's own pages.
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		// Nothing but the test's own requests: no updates, sync or QUIC probes that
		// slow the start or fail on a machine without network.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// Containers often have a small /dev/shm, which crashes the renderer.
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	// The first action ties the browser's life to this context, so the timeout
	// bounds everything the browser does. Cancelling the allocator waits for the
	// browser to exit, before t.TempDir removes its profile.
	ctx, tcancel := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() {
		tcancel()
		cancel()
		acancel()
	})
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height, viewport...)); err != nil {
		t.Fatalf("start %s at %dx%d: %v", chromium, width, height, err)
	}
	return ctx
}

// Open loads the URL and returns the HTTP status of the page.
func Open(t testing.TB, ctx context.Context, u string) int64 {
	t.Helper()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(u))
	if err != nil {
		t.Fatalf("open %s: %v", u, err)
	}
	return resp.Status
}

// Eval evaluates the script in the page and returns its value.
func Eval[T any](t testing.TB, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}
