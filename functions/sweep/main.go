// Command sweep is the sweeper: on a recurring schedule it fires every obligation
// whose own timer never did, the safety net under EventBridge Scheduler.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/leadclock/leadclock/shared/lambdaenv"
)

func main() {
	deps := lambdaenv.Init()
	lambda.Start(deps.Sweep().Handle)
}
