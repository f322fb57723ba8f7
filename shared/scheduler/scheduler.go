package scheduler

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ebs "github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/scheduler/types"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
)

// Retry policy of every schedule's target: Scheduler retries an invocation the
// function's service refused for at most RetryAttempts times within MaxEventAge,
// then hands the timer to the dead-letter queue. An hour is long past the point
// where the engine's sweep has fired the timer from the store.
const (
	MaxEventAge   = time.Hour
	RetryAttempts = 10
)

// Client is the part of *scheduler.Client (EventBridge Scheduler) the adapter uses.
type Client interface {
	CreateSchedule(ctx context.Context, in *ebs.CreateScheduleInput, opts ...func(*ebs.Options)) (*ebs.CreateScheduleOutput, error)
	DeleteSchedule(ctx context.Context, in *ebs.DeleteScheduleInput, opts ...func(*ebs.Options)) (*ebs.DeleteScheduleOutput, error)
}

// Config says where a dealership's schedules go and what they invoke.
type Config struct {
	// Group is the dealership's schedule group; the stack creates it.
	Group string
	// Target is the ARN of the timer function.
	Target string
	// Role is the ARN of the role Scheduler assumes to invoke Target and to write
	// to DeadLetter.
	Role string
	// DeadLetter is the ARN of the SQS queue for timers Scheduler could not deliver.
	DeadLetter string
	// Location is the time zone schedules are written in, the dealership's; nil is
	// UTC. It must be a named zone (time.LoadLocation), not time.Local.
	Location *time.Location
	// Clock tells when now is, to keep schedules out of the past.
	Clock engine.Clock
}

// Scheduler is an engine.Scheduler over EventBridge Scheduler. It is safe for
// concurrent use.
type Scheduler struct {
	client Client
	cfg    Config
}

var _ engine.Scheduler = (*Scheduler)(nil)

// New returns a scheduler creating schedules with the client.
func New(client Client, cfg Config) (*Scheduler, error) {
	if client == nil {
		return nil, errors.New("scheduler: no client given")
	}
	if cfg.Clock == nil {
		return nil, errors.New("scheduler: no clock given")
	}
	for _, f := range []struct{ name, value string }{
		{"schedule group", cfg.Group}, {"target ARN", cfg.Target}, {"scheduler role ARN", cfg.Role}, {"dead-letter queue ARN", cfg.DeadLetter},
	} {
		if f.value == "" {
			return nil, fmt.Errorf("scheduler: no %s given", f.name)
		}
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	// Scheduler needs an IANA name; time.Local and zones built by FixedZone have
	// names it does not know.
	if _, err := time.LoadLocation(cfg.Location.String()); err != nil || cfg.Location.String() == "Local" {
		return nil, fmt.Errorf("scheduler: time zone %q is not an IANA time zone name", cfg.Location.String())
	}
	return &Scheduler{client: client, cfg: cfg}, nil
}

// Schedule creates the timer's schedule. A schedule of that name already there is
// this timer's: scheduling again changes nothing.
func (s *Scheduler) Schedule(ctx context.Context, t lead.Timer) error {
	name := Name(t)
	in, err := s.input(name, t)
	if err != nil {
		return fmt.Errorf("schedule timer %s: %w", name, err)
	}
	_, err = s.client.CreateSchedule(ctx, in)
	if _, ok := errors.AsType[*types.ConflictException](err); ok {
		return nil
	}
	if err != nil {
		return fmt.Errorf("schedule timer %s in group %s: %w", name, s.cfg.Group, err)
	}
	return nil
}

// Cancel deletes the timer's schedule. One that fired (and deleted itself) or was
// never created is gone already: cancelling it succeeds.
func (s *Scheduler) Cancel(ctx context.Context, t lead.Timer) error {
	name := Name(t)
	_, err := s.client.DeleteSchedule(ctx, &ebs.DeleteScheduleInput{Name: aws.String(name), GroupName: aws.String(s.cfg.Group)})
	if _, ok := errors.AsType[*types.ResourceNotFoundException](err); ok {
		return nil
	}
	if err != nil {
		return fmt.Errorf("cancel timer %s in group %s: %w", name, s.cfg.Group, err)
	}
	return nil
}

// input is the CreateSchedule request for a timer.
func (s *Scheduler) input(name string, t lead.Timer) (*ebs.CreateScheduleInput, error) {
	payload, err := PayloadOf(t).encode()
	if err != nil {
		return nil, err
	}
	expr, zone := expression(fireAt(s.cfg.Clock.Now(), t.At), s.cfg.Location)
	return &ebs.CreateScheduleInput{
		Name:                       aws.String(name),
		GroupName:                  aws.String(s.cfg.Group),
		ScheduleExpression:         aws.String(expr),
		ScheduleExpressionTimezone: aws.String(zone),
		// Its time is already a minute early: flexibility would only make it later.
		FlexibleTimeWindow:    &types.FlexibleTimeWindow{Mode: types.FlexibleTimeWindowModeOff},
		ActionAfterCompletion: types.ActionAfterCompletionDelete,
		Description:           aws.String("LeadClock " + string(t.Kind) + " timer"),
		Target: &types.Target{
			Arn:     aws.String(s.cfg.Target),
			RoleArn: aws.String(s.cfg.Role),
			Input:   aws.String(payload),
			RetryPolicy: &types.RetryPolicy{
				MaximumEventAgeInSeconds: aws.Int32(int32(MaxEventAge / time.Second)),
				MaximumRetryAttempts:     aws.Int32(RetryAttempts),
			},
			DeadLetterConfig: &types.DeadLetterConfig{Arn: aws.String(s.cfg.DeadLetter)},
		},
	}, nil
}
