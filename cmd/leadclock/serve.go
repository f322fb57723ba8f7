package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/leadclock/leadclock/shared/local"
)

// serve runs local mode until interrupted: the HTTP API on --addr, the store,
// timers and outbox under --data.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", "", "dealership config (default: the built-in Demo Motors)")
	data := fs.String("data", ".leadclock", "data directory: store, timers, outbox, signing key")
	addr := fs.String("addr", "127.0.0.1:8080", "host:port to listen on (port 0 picks a free one)")
	public := fs.String("public-url", "", "URL reps reach the server at, for links in nudges (default http://ADDR)")
	speed := fs.Float64("speed", 1, "clock speed: 60 makes the five-minute deadline pass in five seconds")
	logLevel := fs.String("log", "info", "log level: debug, info, warn, error")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to this file until the server stops (for performance work)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "leadclock serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(stderr, "leadclock serve: --log %q: %v\n", *logLevel, err)
		return 2
	}
	if *speed <= 0 {
		fmt.Fprintf(stderr, "leadclock serve: --speed %g: must be positive\n", *speed)
		return 2
	}
	cfg, err := loadConfig(*path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(stderr, "leadclock serve: --cpuprofile:", err)
			return 1
		}
		defer func() {
			pprof.StopCPUProfile()
			f.Close()
		}()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level}))
	err = local.Serve(ctx, local.Options{
		Config: cfg, DataDir: *data, Addr: *addr, PublicURL: *public, Speed: *speed, Nudges: stdout, Log: log,
		Ready: func(url string) { fmt.Fprintf(stdout, "LeadClock for %s listening on %s\n", cfg.Dealership.Name, url) },
	})
	if err != nil {
		fmt.Fprintln(stderr, "leadclock serve:", err)
		return 1
	}
	return 0
}
