// Command sweep is the sweeper: on a recurring schedule it fires every obligation
// whose own timer never did, the safety net under EventBridge Scheduler.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/leadclock/leadclock/shared/lambdaenv"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	deps, err := lambdaenv.Load(context.Background(), lambdaenv.Read(os.Getenv), log)
	if err != nil {
		log.Error("init failed", "error", err.Error())
		os.Exit(1)
	}
	lambda.Start(deps.Sweep().Handle)
}
