// Package handler turns the events AWS delivers to LeadClock's Lambda functions into
// engine calls: a schedule's payload fires a timer, a DynamoDB stream batch of outbox
// items runs their effects, the sweeper's tick fires what no schedule did. The API
// function's requests go through shared/apigw to the HTTP handlers local mode serves.
// Each handler holds narrow interfaces; functions/<name>/main.go builds them once per
// cold start and hands them to lambda.Start.
package handler
