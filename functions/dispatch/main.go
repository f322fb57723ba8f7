// Command dispatch is the dispatch function: the table's stream brings the outbox
// effects each commit wrote, and the function runs them (texts, emails, schedules),
// reporting the ones that failed so that only they come again.
package main

import (
	"context"
	"sync"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/leadclock/leadclock/shared/lambdaenv"
	"github.com/leadclock/leadclock/shared/lambdaenv/linked"
)

func main() {
	lk := linked.New(lambdaenv.Init())
	// Messages carry signed links, whose secret linked.New fetches in the background.
	dispatch := sync.OnceValues(lk.Dispatch)
	lambda.Start(func(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
		h, err := dispatch()
		if err != nil {
			return events.DynamoDBEventResponse{}, err
		}
		return h.Handle(ctx, ev)
	})
}
