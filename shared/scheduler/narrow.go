package scheduler

import (
	"context"

	ebs "github.com/aws/aws-sdk-go-v2/service/scheduler"
)

// Narrow returns the SDK's client as a Client that has only the two operations the
// adapter calls, so that a binary keeps only those (see dynamo.Narrow for why a client
// stored in an interface keeps all of its operations).
func Narrow(c *ebs.Client) Client { return narrow{create: c.CreateSchedule, delete: c.DeleteSchedule} }

type narrow struct {
	create func(context.Context, *ebs.CreateScheduleInput, ...func(*ebs.Options)) (*ebs.CreateScheduleOutput, error)
	delete func(context.Context, *ebs.DeleteScheduleInput, ...func(*ebs.Options)) (*ebs.DeleteScheduleOutput, error)
}

func (n narrow) CreateSchedule(ctx context.Context, in *ebs.CreateScheduleInput, opts ...func(*ebs.Options)) (*ebs.CreateScheduleOutput, error) {
	return n.create(ctx, in, opts...)
}

func (n narrow) DeleteSchedule(ctx context.Context, in *ebs.DeleteScheduleInput, opts ...func(*ebs.Options)) (*ebs.DeleteScheduleOutput, error) {
	return n.delete(ctx, in, opts...)
}
