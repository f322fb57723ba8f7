package lambdaenv

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/dynamo"
	"github.com/leadclock/leadclock/shared/emf"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/handler"
	"github.com/leadclock/leadclock/shared/scheduler"
)

// Deps are a function's dependencies, built once per cold start.
type Deps struct {
	Env    Env
	Config *dealer.Config
	AWS    aws.Config
	Clock  engine.Clock
	Log    *slog.Logger
	Store  *dynamo.Store
	Engine *engine.Engine
}

// Load builds the dependencies from the environment read through getenv, with the
// function's AWS configuration (AWSConfig) and the real clock.
func Load(getenv func(string) string, log *slog.Logger) (*Deps, error) {
	cfg, err := AWSConfig(getenv)
	if err != nil {
		return nil, fmt.Errorf("AWS configuration: %w", err)
	}
	return LoadWith(Read(getenv), cfg, engine.ClockFunc(time.Now), log, WithMetrics(os.Stdout))
}

// Option adjusts what LoadWith builds.
type Option func(*options)

type options struct {
	metrics io.Writer
}

// WithMetrics writes the engine's per-lead figures to w as CloudWatch Embedded Metric
// Format lines; Lambda sends a function's standard output to CloudWatch Logs, which
// turns them into metrics.
func WithMetrics(w io.Writer) Option {
	return func(o *options) { o.metrics = w }
}

// LoadWith builds the dependencies with the AWS configuration and clock given, as
// tests against moto_server do.
func LoadWith(env Env, awsCfg aws.Config, clock engine.Clock, log *slog.Logger, opts ...Option) (*Deps, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if err := env.Need(VarTable); err != nil {
		return nil, err
	}
	// The stack checked the config and wrote its numbers in E.164: reading them again
	// with libphonenumber would cost every function its metadata at cold start.
	cfg, err := dealer.Load(env.Config, dealer.CheckedE164)
	if err != nil {
		return nil, fmt.Errorf("dealership config (%s): %w", VarConfig, err)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	store := dynamo.New(dynamo.Narrow(dynamodb.NewFromConfig(awsCfg)), env.Table)
	eng := engine.New(store, clock, cfg.Engine(), engine.IDs(clock))
	if o.metrics != nil {
		eng = eng.WithObserver(emf.New(o.metrics, cfg.Dealership.ID))
	}
	d := &Deps{
		Env: env, Config: cfg, AWS: awsCfg, Clock: clock, Log: log.With("dealership", cfg.Dealership.ID),
		Store: store, Engine: eng,
	}
	return d, nil
}

// Timer returns the timer function's handler.
func (d *Deps) Timer() *handler.Timer {
	return &handler.Timer{Engine: d.Engine, Clock: d.Clock, Sleep: scheduler.SleepContext, Log: d.Log}
}

// Sweep returns the sweeper's handler.
func (d *Deps) Sweep() *handler.Sweep {
	return &handler.Sweep{Engine: d.Engine, Grace: handler.DefaultGrace, Log: d.Log}
}

// Init is a function main's first step: the dependencies from the process's
// environment, logged as JSON to standard error. When they cannot be built it logs why
// and exits, so that Lambda reports the init error with the variable it names.
func Init() *Deps {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	deps, err := Load(os.Getenv, log)
	if err != nil {
		log.Error("init failed", "error", err.Error())
		os.Exit(1)
	}
	return deps
}
