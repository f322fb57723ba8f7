package scheduler_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ebs "github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/scheduler/types"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/memory"
	"github.com/leadclock/leadclock/shared/mototest"
	"github.com/leadclock/leadclock/shared/schedtest"
	"github.com/leadclock/leadclock/shared/scheduler"
)

func TestMain(m *testing.M) { mototest.Main(m) }

// Fake but well-formed ARNs: moto stores them without invoking anything.
const (
	targetARN = "arn:aws:lambda:us-east-1:123456789012:function:leadclock-timer"
	roleARN   = "arn:aws:iam::123456789012:role/leadclock-scheduler"
	dlqARN    = "arn:aws:sqs:us-east-1:123456789012:leadclock-timers-dlq"
)

// atRule is AWS's rule for one-time expressions, checked here because moto accepts
// any string.
var atRule = regexp.MustCompile(`^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$`)

var groups atomic.Int64

// newGroup returns a client of the shared moto server and a schedule group of its
// own, so tests run side by side without seeing each other's schedules.
func newGroup(t *testing.T) (*ebs.Client, string) {
	t.Helper()
	client := ebs.NewFromConfig(mototest.Shared(t).Config())
	group := fmt.Sprintf("leadclock-test-%d", groups.Add(1))
	if _, err := client.CreateScheduleGroup(context.Background(), &ebs.CreateScheduleGroupInput{Name: aws.String(group)}); err != nil {
		t.Fatalf("create schedule group %s: %v", group, err)
	}
	return client, group
}

func config(group string, clock engine.Clock, loc *time.Location) scheduler.Config {
	return scheduler.Config{Group: group, Target: targetARN, Role: roleARN, DeadLetter: dlqARN, Location: loc, Clock: clock}
}

// probe looks a timer's schedule up: set when it exists and its payload is the timer.
func probe(client *ebs.Client, group string) schedtest.Probe {
	return func(ctx context.Context, want lead.Timer) (bool, error) {
		out, err := client.GetSchedule(ctx, &ebs.GetScheduleInput{Name: aws.String(scheduler.Name(want)), GroupName: aws.String(group)})
		if _, ok := errors.AsType[*types.ResourceNotFoundException](err); ok {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		p, err := scheduler.Decode([]byte(aws.ToString(out.Target.Input)))
		if err != nil {
			return false, err
		}
		got := p.Timer()
		return got.LeadID == want.LeadID && got.Inbox == want.Inbox && got.Kind == want.Kind && got.Seq == want.Seq && got.At.Equal(want.At), nil
	}
}

func TestConformance(t *testing.T) {
	t.Parallel()
	schedtest.Run(t, func(t *testing.T) (engine.Scheduler, schedtest.Probe) {
		client, group := newGroup(t)
		s, err := scheduler.New(client, config(group, engine.ClockFunc(time.Now), nil))
		if err != nil {
			t.Fatal(err)
		}
		return s, probe(client, group)
	})
}

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestScheduleAsCreated reads each schedule back from moto and checks what AWS
// would act on: when, where, what it invokes, with what, and what after.
func TestScheduleAsCreated(t *testing.T) {
	t.Parallel()
	chicago := mustLoad(t, "America/Chicago")
	now := time.Date(2026, 11, 24, 16, 0, 3, 250e6, time.UTC) // 10:00:03.25 in Chicago
	autumn := time.Date(2026, 11, 1, 6, 31, 0, 0, time.UTC)   // 01:31 CDT, an hour before 01:31 CST
	tests := []struct {
		name  string
		now   time.Time
		loc   *time.Location
		timer lead.Timer
		expr  string
		zone  string
	}{
		{"lead deadline, a minute early in Chicago", now, chicago,
			lead.Timer{LeadID: "01JDQ4S3W5X7Y9Z0ABCDEFGHJK", Kind: lead.TimerDeadline, Seq: 3, At: now.Add(5 * time.Minute)},
			"at(2026-11-24T10:04:03)", "America/Chicago"},
		{"inbox flush a minute ahead, at the earliest safe second", now, chicago,
			lead.Timer{Inbox: "alice.sms", Kind: lead.TimerFlush, Seq: 7, At: now.Add(time.Minute)},
			"at(2026-11-24T10:00:09)", "America/Chicago"},
		{"no zone is UTC", now, nil,
			lead.Timer{LeadID: "01JDQ4T9AB3CD4EF5GH6JK7MNP", Kind: lead.TimerFollowUp, Seq: 12, At: now.Add(48 * time.Hour)},
			"at(2026-11-26T15:59:03)", "UTC"},
		{"repeated autumn hour falls back to UTC", autumn.Add(-24 * time.Hour), chicago,
			lead.Timer{LeadID: "01JDQ4T9AB3CD4EF5GH6JK7MNP", Kind: lead.TimerOpen, Seq: 2, At: autumn},
			"at(2026-11-01T06:30:00)", "UTC"},
	}
	client, group := newGroup(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := scheduler.New(client, config(group, memory.NewClock(tt.now), tt.loc))
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Schedule(context.Background(), tt.timer); err != nil {
				t.Fatal(err)
			}
			out, err := client.GetSchedule(context.Background(), &ebs.GetScheduleInput{Name: aws.String(scheduler.Name(tt.timer)), GroupName: aws.String(group)})
			if err != nil {
				t.Fatal(err)
			}
			expr := aws.ToString(out.ScheduleExpression)
			if !atRule.MatchString(expr) {
				t.Errorf("expression %q breaks AWS's rule %s", expr, atRule)
			}
			if expr != tt.expr || aws.ToString(out.ScheduleExpressionTimezone) != tt.zone {
				t.Errorf("expression %q in %q, want %q in %q", expr, aws.ToString(out.ScheduleExpressionTimezone), tt.expr, tt.zone)
			}
			if g := aws.ToString(out.GroupName); g != group {
				t.Errorf("group %q, want %q", g, group)
			}
			if out.FlexibleTimeWindow == nil || out.FlexibleTimeWindow.Mode != types.FlexibleTimeWindowModeOff {
				t.Errorf("flexible time window %+v, want OFF", out.FlexibleTimeWindow)
			}
			if out.ActionAfterCompletion != types.ActionAfterCompletionDelete {
				t.Errorf("action after completion %q, want DELETE", out.ActionAfterCompletion)
			}
			tg := out.Target
			if tg == nil {
				t.Fatal("no target")
			}
			if aws.ToString(tg.Arn) != targetARN || aws.ToString(tg.RoleArn) != roleARN {
				t.Errorf("target %q as %q, want %q as %q", aws.ToString(tg.Arn), aws.ToString(tg.RoleArn), targetARN, roleARN)
			}
			if tg.DeadLetterConfig == nil || aws.ToString(tg.DeadLetterConfig.Arn) != dlqARN {
				t.Errorf("dead-letter config %+v, want %s", tg.DeadLetterConfig, dlqARN)
			}
			// moto fills in AWS's default policy (185 attempts, a day) when none is sent.
			if rp := tg.RetryPolicy; rp == nil || aws.ToInt32(rp.MaximumRetryAttempts) != scheduler.RetryAttempts ||
				aws.ToInt32(rp.MaximumEventAgeInSeconds) != int32(scheduler.MaxEventAge/time.Second) {
				t.Errorf("retry policy %+v, want %d attempts within %s", rp, scheduler.RetryAttempts, scheduler.MaxEventAge)
			} else if age := aws.ToInt32(rp.MaximumEventAgeInSeconds); age < 60 || age > 86400 || aws.ToInt32(rp.MaximumRetryAttempts) > 185 {
				t.Errorf("retry policy %+v outside AWS's bounds (60–86400 s, 0–185 attempts)", rp)
			}
			p, err := scheduler.Decode([]byte(aws.ToString(tg.Input)))
			if err != nil {
				t.Fatalf("target input %q: %v", aws.ToString(tg.Input), err)
			}
			if got := p.Timer(); got.LeadID != tt.timer.LeadID || got.Inbox != tt.timer.Inbox || got.Kind != tt.timer.Kind ||
				got.Seq != tt.timer.Seq || !got.At.Equal(tt.timer.At) {
				t.Errorf("target input is timer %+v, want %+v", got, tt.timer)
			}
		})
	}
}

func TestScheduleTwiceKeepsTheFirst(t *testing.T) {
	t.Parallel()
	client, group := newGroup(t)
	now := time.Now().UTC().Truncate(time.Second)
	s, err := scheduler.New(client, config(group, engine.ClockFunc(time.Now), nil))
	if err != nil {
		t.Fatal(err)
	}
	first := lead.Timer{LeadID: "L1", Kind: lead.TimerDeadline, Seq: 1, At: now.Add(time.Hour)}
	again := first
	again.At = now.Add(2 * time.Hour) // cannot happen (seq is unique), but shows which one stays
	for _, tm := range []lead.Timer{first, again} {
		if err := s.Schedule(context.Background(), tm); err != nil {
			t.Fatalf("schedule %+v: %v (ConflictException must count as done)", tm, err)
		}
	}
	if ok, err := probe(client, group)(context.Background(), first); err != nil || !ok {
		t.Errorf("first schedule replaced or lost: %v, %v", ok, err)
	}
}
