// Command timer is the timer function: EventBridge Scheduler delivers a timer's
// payload, the function waits for its deadline and fires it through the engine.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/leadclock/leadclock/shared/lambdaenv"
)

func main() {
	deps := lambdaenv.Init()
	lambda.Start(deps.Timer().Handle)
}
