// Command api is the API function: API Gateway REST proxy events served by LeadClock's
// HTTP API (shared/httpapi), as local mode serves it.
package main

import (
	"context"
	"sync"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/leadclock/leadclock/shared/apigw"
	"github.com/leadclock/leadclock/shared/lambdaenv"
	"github.com/leadclock/leadclock/shared/lambdaenv/signer"
)

func main() {
	d := lambdaenv.Init()
	// The handler needs the link secret, which signer.Start fetches in the background:
	// the first request waits for it rather than the cold start.
	sign := signer.Start(d)
	api := sync.OnceValues(func() (*apigw.Handler, error) { return apigw.Function(d, sign) })
	lambda.Start(func(ctx context.Context, ev events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		h, err := api()
		if err != nil {
			return events.APIGatewayProxyResponse{}, err
		}
		return h.Serve(ctx, ev)
	})
}
