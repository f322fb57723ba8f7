// Command leadclock is LeadClock's local runner and ops tool.
//
//	leadclock validate FILE...     check dealership configs, as the CDK app will
//	leadclock demo [--config FILE] follow one lead through the engine on virtual time
//	leadclock serve [flags]        run local mode: the HTTP API, store, timers and outbox
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/leadclock/leadclock/infra/dealers"
	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/phone"
)

const usage = `usage:
  leadclock validate FILE...       check dealership configs
  leadclock demo [--config FILE]   follow one lead through the engine on virtual time
                                   (the built-in Demo Motors config by default)
  leadclock serve [--config FILE] [--data DIR] [--addr HOST:PORT] [--speed N]
                                   run local mode: the HTTP API, a durable store,
                                   timers, and nudges written to DIR/outbox.jsonl
  leadclock report [flags]         print a stopped server's weekly manager report
  leadclock simulate [flags]       a modelled month on the engine, LeadClock beside the CRM alone
`

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// run executes a command line and returns the exit status: 0 done, 1 failed, 2 misused.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "validate":
		return validate(args[1:], stdout, stderr)
	case "demo":
		return demo(ctx, args[1:], stdout, stderr)
	case "serve":
		return serve(ctx, args[1:], stdout, stderr)
	case "simulate":
		return simulateCmd(ctx, args[1:], stdout, stderr)
	case "report":
		return report(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "leadclock: unknown command %q\n%s", args[0], usage)
	return 2
}

// loadConfig reads the dealership config at path, or the built-in Demo Motors when
// path is empty.
func loadConfig(path string) (*dealer.Config, error) {
	if path == "" {
		return dealer.Parse(dealers.DemoName, dealers.Demo, phone.Numbers)
	}
	return dealer.Load(path, phone.Numbers)
}
