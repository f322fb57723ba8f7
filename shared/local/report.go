package local

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/leadclock/leadclock/shared/action"
	"github.com/leadclock/leadclock/shared/bolt"
	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/followup"
	"github.com/leadclock/leadclock/shared/httpapi"
	"github.com/leadclock/leadclock/shared/message"
	"github.com/leadclock/leadclock/shared/roster"
	"github.com/leadclock/leadclock/shared/weekly"
)

// The weekly manager report in local mode: serve writes it to the outbox for each
// manager at the time the config says, and leadclock report makes it on demand from
// the data directory.

// reports sends the weekly report on local mode's clock.
type reports struct {
	cfg    *dealer.Config
	store  weekly.Reader
	clock  engine.Clock
	outbox weekly.Mailer
	links  message.Links
	log    *slog.Logger
	// sleep waits until the instant on the clock, and reports false if the context
	// ended first. Tests replace it to move a fake clock instead.
	sleep func(ctx context.Context, until time.Time) bool
}

func newReports(cfg *dealer.Config, store weekly.Reader, clock *Clock, outbox weekly.Mailer, links message.Links, log *slog.Logger) *reports {
	return &reports{cfg: cfg, store: store, clock: clock, outbox: outbox, links: links, log: log,
		sleep: func(ctx context.Context, until time.Time) bool { return sleepUntil(ctx, clock, until) }}
}

// run sends each report at its time until the context ends. A report whose time
// passed while local mode was down is not sent late on the next start (leadclock
// report makes it at any time); one that fails is logged and the next goes out as
// planned.
func (r *reports) run(ctx context.Context) {
	if len(r.cfg.Report.To) == 0 {
		r.log.Info("no weekly report: no manager has an email address")
		return
	}
	after := r.clock.Now()
	for {
		at := weekly.Next(after, r.cfg.Report, r.cfg.Team.Location)
		if !r.sleep(ctx, at) {
			return
		}
		if err := r.send(ctx, at); err != nil {
			r.log.Error("weekly report", "at", at.Format(time.RFC3339), "err", err)
		}
		after = at
	}
}

// send makes the report due at the instant and writes it for each recipient.
func (r *reports) send(ctx context.Context, at time.Time) error {
	return weekly.Send(ctx, r.cfg, r.store, r.links, r.outbox, at, r.log)
}

// maxWait bounds one real wait for a report, so that a machine that slept through the
// time (a laptop closed over the weekend) sends it within a minute of waking.
const maxWait = time.Minute

// sleepUntil waits until the clock shows the instant, or the context ends.
func sleepUntil(ctx context.Context, clock *Clock, until time.Time) bool {
	for {
		d := clock.RealDuration(until.Sub(clock.Now()))
		if d <= 0 {
			return true
		}
		t := time.NewTimer(min(d, maxWait))
		select {
		case <-ctx.Done():
			t.Stop()
			return false
		case <-t.C:
		}
	}
}

// ReportOptions say which report Report makes.
type ReportOptions struct {
	Config  *dealer.Config
	DataDir string
	// PublicURL is where managers reach the server, for the links: leadclock serve's
	// --public-url, or http:// and its --addr.
	PublicURL string
	// Manager is whom the links are for, a rep with role manager; empty means the
	// first of the report's recipients, or else the first manager.
	Manager string
	// Window is the leads to report on; zero means the week of the report most
	// recently due (Monday to Monday by default). The week before is beside it.
	Window followup.Window
}

// Report makes the weekly report from a data directory, as of local mode's clock.
// The store is one file that one process opens at a time, so the server using the
// directory must be stopped first; Report says so when it is not.
func Report(ctx context.Context, o ReportOptions) (message.Rendered, error) {
	cfg := o.Config
	manager, err := reportManager(cfg, o.Manager)
	if err != nil {
		return message.Rendered{}, err
	}
	dbPath := filepath.Join(o.DataDir, "leadclock.db")
	if _, err := os.Stat(dbPath); err != nil {
		return message.Rendered{}, fmt.Errorf("no local-mode store in %s (run leadclock serve --data %s first): %w", o.DataDir, o.DataDir, err)
	}
	now, err := readClock(filepath.Join(o.DataDir, "clock.json"), time.Now())
	if err != nil {
		return message.Rendered{}, err
	}
	secret, err := loadSecret(filepath.Join(o.DataDir, "signing.key"))
	if err != nil {
		return message.Rendered{}, err
	}
	signer, err := action.NewSigner(secret)
	if err != nil {
		return message.Rendered{}, err
	}
	db, err := bolt.Open(dbPath)
	if errors.Is(err, bolt.ErrInUse) {
		return message.Rendered{}, fmt.Errorf("%s is in use by a running leadclock serve: stop it, then run leadclock report again "+
			"(one process at a time opens the store): %w", o.DataDir, err)
	}
	if err != nil {
		return message.Rendered{}, err
	}
	defer db.Close()

	loc := cfg.Team.Location
	period := weekly.Week(now, cfg.Report.Weekday, loc)
	if !o.Window.From.IsZero() || !o.Window.To.IsZero() {
		period = weekly.Period{Window: o.Window, AsOf: now}
	}
	w, err := weekly.Compile(ctx, db.Store(), period, loc)
	if err != nil {
		return message.Rendered{}, fmt.Errorf("make the weekly report: %w", err)
	}
	var links message.Links
	if manager != "" {
		links = &httpapi.Server{Signer: signer, BaseURL: o.PublicURL, Clock: engine.ClockFunc(func() time.Time { return now })}
	}
	return weekly.Renderer{Config: cfg, Links: links}.Render(w, manager), nil
}

// reportManager checks the manager the links are for, or picks one.
func reportManager(cfg *dealer.Config, id string) (string, error) {
	if id != "" {
		if r, ok := cfg.Team.Rep(id); !ok || r.Role != roster.Manager {
			return "", fmt.Errorf("%q is not a manager of %s: the links are for a rep with role manager", id, cfg.Dealership.ID)
		}
		return id, nil
	}
	if len(cfg.Report.To) > 0 {
		return cfg.Report.To[0], nil
	}
	if i := slices.IndexFunc(cfg.Team.Reps, func(r roster.Rep) bool { return r.Role == roster.Manager }); i >= 0 {
		return cfg.Team.Reps[i].ID, nil
	}
	return "", nil
}

// readClock is the time local mode's clock shows, read from its anchor without
// writing it, at the machine's time real: time since the anchor counts at the speed
// the server ran at, as it will when the server starts again. A directory without an
// anchor shows real time.
func readClock(path string, real time.Time) (time.Time, error) {
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return real, nil
	case err != nil:
		return time.Time{}, fmt.Errorf("read clock anchor: %w", err)
	}
	var a anchor
	if err := json.Unmarshal(data, &a); err != nil {
		return time.Time{}, fmt.Errorf("read clock anchor %s: %w", path, err)
	}
	now := a.Clock.Add(scale(real.Sub(a.Real), a.Speed))
	if now.Before(a.Clock) {
		return a.Clock, nil // the machine's clock went back: the server would hold still too
	}
	return now, nil
}
