// Package linked builds the handlers of the Lambda functions whose work carries
// signed one-tap links: dispatch (the nudges) and report (the weekly report). They
// need the action-link secret and the notifier, which the timer and the sweeper do
// not: kept apart from lambdaenv, those two start without loading any of it; and the
// HTTP API with its intake stays out of dispatch and report, as the notifier stays
// out of the api function (which takes only lambdaenv/signer).
package linked

import (
	"context"

	ebs "github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/leadclock/leadclock/shared/action"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/handler"
	"github.com/leadclock/leadclock/shared/lambdaenv"
	"github.com/leadclock/leadclock/shared/lambdaenv/signer"
	"github.com/leadclock/leadclock/shared/message"
	"github.com/leadclock/leadclock/shared/notify"
	"github.com/leadclock/leadclock/shared/scheduler"
	"github.com/leadclock/leadclock/shared/weekly"
)

// Linked builds the handlers from a function's dependencies.
type Linked struct {
	d *lambdaenv.Deps
	// signer fetches the link secret once. New starts it in the background, so that
	// a cold start does not wait on Secrets Manager before taking its first event;
	// the first event that needs links waits instead.
	signer func() (*action.Signer, error)
}

// New returns the builders over the dependencies and starts fetching the link secret.
func New(d *lambdaenv.Deps) *Linked {
	return &Linked{d: d, signer: signer.Start(d)}
}

// links mints the action links nudges and reports carry.
func (l *Linked) links(signer *action.Signer) action.Links {
	return action.Links{BaseURL: l.d.Env.BaseURL, Signer: signer, Clock: l.d.Clock}
}

// Scheduler returns the EventBridge Scheduler adapter.
func (l *Linked) Scheduler() (*scheduler.Scheduler, error) {
	if err := l.d.Env.Need(lambdaenv.VarScheduleGroup, lambdaenv.VarTimerARN, lambdaenv.VarSchedulerRole, lambdaenv.VarTimerDLQ); err != nil {
		return nil, err
	}
	return scheduler.New(scheduler.Narrow(ebs.NewFromConfig(l.d.AWS)), scheduler.Config{
		Group: l.d.Env.ScheduleGroup, Target: l.d.Env.TimerARN, Role: l.d.Env.SchedulerRole, DeadLetter: l.d.Env.TimerDLQ,
		Location: l.d.Config.Team.Location, Clock: l.d.Clock,
	})
}

// Notifier returns the SES and SNS notifier, rendering as local mode does.
func (l *Linked) Notifier() (*notify.Notifier, error) {
	if err := l.d.Env.Need(lambdaenv.VarBaseURL); err != nil {
		return nil, err
	}
	signer, err := l.signer()
	if err != nil {
		return nil, err
	}
	cfg := l.d.Config
	from := l.d.Env.Sender
	if from == "" {
		from = cfg.Notifications.From
	}
	renderer := message.Renderer{Dealership: cfg.Dealership.Name, Location: cfg.Team.Location, Links: l.links(signer),
		RepName: func(id string) string {
			if r, ok := cfg.Team.Rep(id); ok {
				return r.Name
			}
			return id
		}}
	return notify.New(notify.Config{
		// The notifier retries throttled and failed calls itself, with backoff, and knows
		// which errors no retry fixes; the clients' own retries on top would multiply
		// each attempt by three.
		Email:    notify.NarrowEmail(sesv2.NewFromConfig(l.d.AWS, func(o *sesv2.Options) { o.RetryMaxAttempts = 1 })),
		SMS:      notify.NarrowSMS(sns.NewFromConfig(l.d.AWS, func(o *sns.Options) { o.RetryMaxAttempts = 1 })),
		Renderer: renderer,
		From:     from, OriginationNumber: l.d.Env.Origination, Logger: l.d.Log,
	})
}

// Dispatch returns the dispatch function's handler: outbox effects from the table's
// stream, run by the engine's runner with the AWS notifier and scheduler.
func (l *Linked) Dispatch() (*handler.Dispatch, error) {
	sched, err := l.Scheduler()
	if err != nil {
		return nil, err
	}
	n, err := l.Notifier()
	if err != nil {
		return nil, err
	}
	return &handler.Dispatch{Runner: engine.NewRunner(l.d.Engine, n, sched), Outbox: l.d.Store, Log: l.d.Log}, nil
}

// Report returns the weekly report function's handler: the week ending when it runs
// (its schedule's time), emailed to the managers through SES.
func (l *Linked) Report() (func(context.Context) error, error) {
	n, err := l.Notifier()
	if err != nil {
		return nil, err
	}
	signer, err := l.signer()
	if err != nil {
		return nil, err
	}
	links := l.links(signer)
	return func(ctx context.Context) error {
		return weekly.Send(ctx, l.d.Config, l.d.Store, links, n, l.d.Clock.Now(), l.d.Log)
	}, nil
}
