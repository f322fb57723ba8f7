package lambdaenv

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ebs "github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/leadclock/leadclock/shared/action"
	"github.com/leadclock/leadclock/shared/apigw"
	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/dynamo"
	"github.com/leadclock/leadclock/shared/emf"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/handler"
	"github.com/leadclock/leadclock/shared/httpapi"
	"github.com/leadclock/leadclock/shared/message"
	"github.com/leadclock/leadclock/shared/notify"
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

	// signer fetches the link secret once. Load starts it in the background, so
	// that a cold start does not wait on Secrets Manager before taking its first
	// event; the first event that needs links waits instead.
	signer func() (*action.Signer, error)
}

// Load builds the dependencies from the environment, with the SDK's default
// configuration (the function's role; AWS_ENDPOINT_URL when set) and the real clock.
func Load(ctx context.Context, env Env, log *slog.Logger) (*Deps, error) {
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("AWS configuration: %w", err)
	}
	return LoadWith(env, cfg, engine.ClockFunc(time.Now), log, WithMetrics(os.Stdout))
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
	if err := env.need(VarTable); err != nil {
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
	store := dynamo.New(dynamodb.NewFromConfig(awsCfg), env.Table)
	eng := engine.New(store, clock, cfg.Engine(), engine.IDs(clock))
	if o.metrics != nil {
		eng = eng.WithObserver(emf.New(o.metrics, cfg.Dealership.ID))
	}
	d := &Deps{
		Env: env, Config: cfg, AWS: awsCfg, Clock: clock, Log: log.With("dealership", cfg.Dealership.ID),
		Store: store, Engine: eng,
	}
	d.signer = sync.OnceValues(func() (*action.Signer, error) {
		return fetchSigner(context.Background(), secretsmanager.NewFromConfig(awsCfg), env.LinkSecret)
	})
	if env.LinkSecret != "" {
		go d.signer() //nolint:errcheck // the result is kept for the first caller
	}
	return d, nil
}

// SecretGetter is the part of *secretsmanager.Client the link secret is read with.
type SecretGetter interface {
	GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
}

func fetchSigner(ctx context.Context, sm SecretGetter, arn string) (*action.Signer, error) {
	if arn == "" {
		return nil, fmt.Errorf("environment: %s not set (the stack sets it)", VarLinkSecret)
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	out, err := sm.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(arn)})
	if err != nil {
		return nil, fmt.Errorf("read the action-link secret: %w", err)
	}
	if out.SecretString == nil {
		return nil, fmt.Errorf("the action-link secret %s holds no string", arn)
	}
	signer, err := action.NewSigner([]byte(*out.SecretString))
	if err != nil {
		return nil, fmt.Errorf("the action-link secret: %w", err)
	}
	return signer, nil
}

// links is the API server as far as minting action links goes, which the API
// serves and the nudges carry.
func (d *Deps) links(signer *action.Signer) *httpapi.Server {
	return &httpapi.Server{Signer: signer, Clock: d.Clock, BaseURL: d.Env.BaseURL}
}

// API returns the API function's handler: API Gateway events served by the HTTP
// API, the caller told by the API key API Gateway validated.
func (d *Deps) API() (*apigw.Handler, error) {
	keys, err := apigw.ParseKeyIDs(d.Env.APIKeyIDs, d.Config)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", VarAPIKeyIDs, err)
	}
	signer, err := d.signer()
	if err != nil {
		return nil, err
	}
	srv := d.links(signer)
	srv.Commands, srv.Reader, srv.Config, srv.Auth, srv.Log = d.Engine, d.Store, d.Config, keys, d.Log
	return apigw.New(srv.Handler(), d.Log), nil
}

// Scheduler returns the EventBridge Scheduler adapter.
func (d *Deps) Scheduler() (*scheduler.Scheduler, error) {
	if err := d.Env.need(VarScheduleGroup, VarTimerARN, VarSchedulerRole, VarTimerDLQ); err != nil {
		return nil, err
	}
	return scheduler.New(ebs.NewFromConfig(d.AWS), scheduler.Config{
		Group: d.Env.ScheduleGroup, Target: d.Env.TimerARN, Role: d.Env.SchedulerRole, DeadLetter: d.Env.TimerDLQ,
		Location: d.Config.Team.Location, Clock: d.Clock,
	})
}

// Notifier returns the SES and SNS notifier, rendering as local mode does.
func (d *Deps) Notifier() (*notify.Notifier, error) {
	if err := d.Env.need(VarBaseURL); err != nil {
		return nil, err
	}
	signer, err := d.signer()
	if err != nil {
		return nil, err
	}
	cfg := d.Config
	from := d.Env.Sender
	if from == "" {
		from = cfg.Notifications.From
	}
	renderer := message.Renderer{Dealership: cfg.Dealership.Name, Location: cfg.Team.Location, Links: d.links(signer),
		RepName: func(id string) string {
			if r, ok := cfg.Team.Rep(id); ok {
				return r.Name
			}
			return id
		}}
	return notify.New(notify.Config{
		Email: sesv2.NewFromConfig(d.AWS), SMS: sns.NewFromConfig(d.AWS), Renderer: renderer,
		From: from, OriginationNumber: d.Env.Origination, Logger: d.Log,
	})
}

// Dispatch returns the dispatch function's handler: outbox effects from the table's
// stream, run by the engine's runner with the AWS notifier and scheduler.
func (d *Deps) Dispatch() (*handler.Dispatch, error) {
	sched, err := d.Scheduler()
	if err != nil {
		return nil, err
	}
	n, err := d.Notifier()
	if err != nil {
		return nil, err
	}
	return &handler.Dispatch{Runner: engine.NewRunner(d.Engine, n, sched), Outbox: d.Store, Log: d.Log}, nil
}

// Report returns the weekly report function's handler, which emails through SES.
func (d *Deps) Report() (*handler.Report, error) {
	n, err := d.Notifier()
	if err != nil {
		return nil, err
	}
	signer, err := d.signer()
	if err != nil {
		return nil, err
	}
	return &handler.Report{Config: d.Config, Store: d.Store, Clock: d.Clock, Links: d.links(signer), Mail: n, Log: d.Log}, nil
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
	deps, err := Load(context.Background(), Read(os.Getenv), log)
	if err != nil {
		log.Error("init failed", "error", err.Error())
		os.Exit(1)
	}
	return deps
}
