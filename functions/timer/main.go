// Command timer is the timer function: EventBridge Scheduler delivers a timer's
// payload, the function waits for its deadline and fires it through the engine.
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
	lambda.Start(deps.Timer().Handle)
}
