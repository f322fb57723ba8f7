// Package local runs LeadClock on one machine, with no AWS account: the engine over
// an embedded store, durable timers fired in the process, nudges written to files,
// and the same HTTP API the AWS deployment serves. It is the project's embedded
// default and what a newcomer runs first, so it is durable like production: a crash
// loses no accepted lead, no pending deadline and no nudge.
package local

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/leadclock/leadclock/shared/action"
	"github.com/leadclock/leadclock/shared/bolt"
	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/httpapi"
	"github.com/leadclock/leadclock/shared/message"
	"github.com/leadclock/leadclock/shared/outbox"
)

// DispatchWorkers is how many leads' effects run side by side. Each effect is a few
// fsynced writes; running leads side by side lets their writes share fsyncs, which is
// what keeps nudges flowing when leads arrive by the hundred.
const DispatchWorkers = 16

// ReceiveBatch is how many new leads share one commit when they arrive together.
// A bbolt commit of a new lead is a few kilobytes; 64 of them still make one small
// transaction, and the fsync every lead would otherwise wait for alone is shared.
const ReceiveBatch = 64

// Options configure a local server.
type Options struct {
	Config  *dealer.Config
	DataDir string
	// Addr is host:port to listen on; port 0 picks a free one.
	Addr string
	// PublicURL is where reps reach the server, for links in nudges; empty means
	// http://Addr as bound.
	PublicURL string
	// Speed runs the clock faster than real time; 0 means 1.
	Speed float64
	// Nudges receives one readable line per nudge sent.
	Nudges io.Writer
	Log    *slog.Logger
	// Ready is called with the server's URL once it accepts requests.
	Ready func(url string)
}

// Serve runs local mode until the context ends, then shuts down cleanly.
func Serve(ctx context.Context, o Options) error {
	if o.Speed == 0 {
		o.Speed = 1
	}
	if o.Nudges == nil {
		o.Nudges = io.Discard
	}
	if err := os.MkdirAll(o.DataDir, 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	clock, err := OpenClock(filepath.Join(o.DataDir, "clock.json"), o.Speed, time.Now)
	if err != nil {
		return err
	}
	secret, err := loadSecret(filepath.Join(o.DataDir, "signing.key"))
	if err != nil {
		return err
	}
	signer, err := action.NewSigner(secret)
	if err != nil {
		return err
	}
	db, err := bolt.Open(filepath.Join(o.DataDir, "leadclock.db"))
	if err != nil {
		return err
	}
	defer db.Close()

	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", o.Addr, err)
	}
	url := o.PublicURL
	if url == "" {
		url = "http://" + ln.Addr().String()
	}

	cfg := o.Config
	store := db.Store()
	eng := engine.New(store, clock, cfg.Engine(), engine.IDs(clock)).WithBatch(ReceiveBatch)
	api := &httpapi.Server{
		Commands: eng, Reader: store, Config: cfg, Auth: httpapi.KeysFrom(cfg), Signer: signer,
		Clock: clock, BaseURL: url, Log: o.Log,
	}
	renderer := message.Renderer{Dealership: cfg.Dealership.Name, Location: cfg.Team.Location, Links: api,
		RepName: func(id string) string {
			if r, ok := cfg.Team.Rep(id); ok {
				return r.Name
			}
			return id
		}}
	notifier, err := outbox.New(o.DataDir, renderer, clock, o.Nudges, outbox.WithFrom(cfg.Notifications.From))
	if err != nil {
		return err
	}
	alarm := NewAlarm(db.Timers(), clock, o.Log)
	runner := engine.NewRunner(eng, notifier, alarm).WithWorkers(DispatchWorkers)
	dispatcher := NewDispatcher(runner, o.Log)
	api.Committed, alarm.Fired = dispatcher.Poke, dispatcher.Poke

	srv := &http.Server{Handler: api.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, ErrorLog: slog.NewLogLogger(o.Log.Handler(), slog.LevelWarn)}
	loops, stop := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Go(func() { dispatcher.Run(loops) })
	wg.Go(func() { alarm.Run(loops, eng) })
	wg.Go(func() { newReports(cfg, store, clock, notifier, api, o.Log).run(loops) })
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	o.Log.Info("local mode started", "dealership", cfg.Dealership.ID, "url", url, "speed", o.Speed, "data", o.DataDir,
		"clock", clock.Now().Format(time.RFC3339))
	if o.Ready != nil {
		o.Ready(url)
	}

	select {
	case <-ctx.Done():
	case err = <-served:
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		o.Log.Warn("shutdown", "err", err)
	}
	stop()
	wg.Wait()
	// What was committed goes out before the process ends: a clean stop leaves no
	// nudge waiting for the next start.
	if ran, err := runner.Drain(shutdown); err != nil {
		o.Log.Warn("effects left pending at shutdown; they run at the next start", "ran", ran, "err", err)
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	o.Log.Info("local mode stopped")
	return nil
}
