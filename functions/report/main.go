// Command report is the weekly report function: on the schedule the dealership's
// config sets (Monday 07:00 by default), it measures the week just ended and emails
// the report to the managers.
package main

import (
	"context"
	"sync"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/leadclock/leadclock/shared/lambdaenv"
	"github.com/leadclock/leadclock/shared/lambdaenv/linked"
)

func main() {
	lk := linked.New(lambdaenv.Init())
	// The report's links are signed with the secret linked.New fetches in the background.
	report := sync.OnceValues(lk.Report)
	lambda.Start(func(ctx context.Context) error {
		h, err := report()
		if err != nil {
			return err
		}
		return h(ctx)
	})
}
