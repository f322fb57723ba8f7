package scheduler_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	ebs "github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/scheduler/types"
	"github.com/aws/smithy-go"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/scheduler"
)

// stub answers with the errors it is given, for the outcomes moto cannot produce.
type stub struct {
	create, delete error
}

func (s stub) CreateSchedule(context.Context, *ebs.CreateScheduleInput, ...func(*ebs.Options)) (*ebs.CreateScheduleOutput, error) {
	return &ebs.CreateScheduleOutput{}, s.create
}

func (s stub) DeleteSchedule(context.Context, *ebs.DeleteScheduleInput, ...func(*ebs.Options)) (*ebs.DeleteScheduleOutput, error) {
	return &ebs.DeleteScheduleOutput{}, s.delete
}

func TestErrors(t *testing.T) {
	conflict := &types.ConflictException{Message: new("Schedule exists")}
	notFound := &types.ResourceNotFoundException{Message: new("Schedule does not exist")}
	validation := &types.ValidationException{Message: new("bad expression")}
	throttled := &smithy.GenericAPIError{Code: "ThrottlingException"}
	tests := []struct {
		name           string
		client         stub
		scheduleFails  bool
		cancelFails    bool
		scheduleReason error
	}{
		{"success", stub{}, false, false, nil},
		{"create conflict and delete not found are done", stub{create: conflict, delete: notFound}, false, false, nil},
		// A missing group answers ResourceNotFoundException to a create: an error.
		{"create not found is an error; delete conflict too", stub{create: notFound, delete: conflict}, true, true, notFound},
		{"validation", stub{create: validation, delete: validation}, true, true, validation},
		{"throttling", stub{create: throttled, delete: throttled}, true, true, throttled},
	}
	tm := lead.Timer{LeadID: "L1", Kind: lead.TimerWarn, Seq: 4, At: time.Now().Add(time.Hour)}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := scheduler.New(tt.client, config("g", engine.ClockFunc(time.Now), nil))
			if err != nil {
				t.Fatal(err)
			}
			err = s.Schedule(context.Background(), tm)
			if (err != nil) != tt.scheduleFails {
				t.Errorf("Schedule: %v, want failure %v", err, tt.scheduleFails)
			}
			if tt.scheduleReason != nil && !errors.Is(err, tt.scheduleReason) {
				t.Errorf("Schedule error %v does not wrap %v", err, tt.scheduleReason)
			}
			if err != nil && !strings.Contains(err.Error(), scheduler.Name(tm)) {
				t.Errorf("Schedule error %q does not name the schedule", err)
			}
			if err := s.Cancel(context.Background(), tm); (err != nil) != tt.cancelFails {
				t.Errorf("Cancel: %v, want failure %v", err, tt.cancelFails)
			}
		})
	}
}

func TestNewRefusesIncompleteConfig(t *testing.T) {
	ok := config("g", engine.ClockFunc(time.Now), nil)
	fixed := time.FixedZone("CST", -6*3600)
	tests := []struct {
		name   string
		client scheduler.Client
		change func(*scheduler.Config)
	}{
		{"no client", nil, func(*scheduler.Config) {}},
		{"no clock", stub{}, func(c *scheduler.Config) { c.Clock = nil }},
		{"no group", stub{}, func(c *scheduler.Config) { c.Group = "" }},
		{"no target", stub{}, func(c *scheduler.Config) { c.Target = "" }},
		{"no role", stub{}, func(c *scheduler.Config) { c.Role = "" }},
		{"no dead-letter queue", stub{}, func(c *scheduler.Config) { c.DeadLetter = "" }},
		{"local zone", stub{}, func(c *scheduler.Config) { c.Location = time.Local }},
		{"unnamed zone", stub{}, func(c *scheduler.Config) { c.Location = fixed }},
	}
	if _, err := scheduler.New(stub{}, ok); err != nil {
		t.Fatalf("complete config refused: %v", err)
	}
	for _, tt := range tests {
		cfg := ok
		tt.change(&cfg)
		if _, err := scheduler.New(tt.client, cfg); err == nil {
			t.Errorf("%s: accepted", tt.name)
		}
	}
}
