// Package lambdaenv builds what every LeadClock Lambda function needs from the
// environment the stack gives it: the dealership config, the AWS configuration, the
// DynamoDB store and the engine, and the timer's and the sweeper's handlers. What only
// the functions carrying signed links need is apart, so that the timer and the
// sweeper load none of it: the link secret in lambdaenv/signer, the notifier and the
// scheduler adapter in lambdaenv/linked, and the api's handler in apigw.Function.
// Each main calls Init once per cold start; everything is read and checked up front,
// so a misconfigured function fails at init with a message naming the variable.
package lambdaenv

import (
	"fmt"
	"strings"
)

// Environment variables the stack sets (README "Running on AWS" lists them).
const (
	VarConfig        = "LEADCLOCK_CONFIG"
	VarTable         = "LEADCLOCK_TABLE"
	VarScheduleGroup = "LEADCLOCK_SCHEDULE_GROUP"
	VarTimerARN      = "LEADCLOCK_TIMER_ARN"
	VarSchedulerRole = "LEADCLOCK_SCHEDULER_ROLE_ARN"
	VarTimerDLQ      = "LEADCLOCK_TIMER_DLQ_ARN"
	VarSender        = "LEADCLOCK_SENDER"
	VarOrigination   = "LEADCLOCK_SMS_ORIGINATION"
	VarAPIKeyIDs     = "LEADCLOCK_API_KEY_IDS"
	VarBaseURL       = "LEADCLOCK_BASE_URL"
	VarLinkSecret    = "LEADCLOCK_LINK_SECRET_ARN"
)

// DefaultConfig is where the stack's config layer puts the dealership's file.
const DefaultConfig = "/opt/leadclock/dealer.yaml"

// Env is a function's environment.
type Env struct {
	// Config is the path of the dealership config file.
	Config string
	// Table is the DynamoDB table.
	Table string
	// ScheduleGroup, TimerARN, SchedulerRole and TimerDLQ are what schedules are
	// created with: the dealership's group, the timer function they invoke, the
	// role Scheduler assumes and the queue for deliveries that fail.
	ScheduleGroup, TimerARN, SchedulerRole, TimerDLQ string
	// Sender overrides the config's notifications.from, the SES identity emails
	// are sent from.
	Sender string
	// Origination is the E.164 number texts are sent from; empty lets SNS choose.
	Origination string
	// APIKeyIDs maps API Gateway key ids to providers and integrations (JSON).
	APIKeyIDs string
	// BaseURL is where reps reach the API, for the links in nudges.
	BaseURL string
	// LinkSecret is the ARN of the Secrets Manager secret action links are signed
	// with.
	LinkSecret string
}

// Read reads the environment through getenv (os.Getenv in a function).
func Read(getenv func(string) string) Env {
	e := Env{
		Config: getenv(VarConfig), Table: getenv(VarTable),
		ScheduleGroup: getenv(VarScheduleGroup), TimerARN: getenv(VarTimerARN),
		SchedulerRole: getenv(VarSchedulerRole), TimerDLQ: getenv(VarTimerDLQ),
		Sender: getenv(VarSender), Origination: getenv(VarOrigination),
		APIKeyIDs: getenv(VarAPIKeyIDs), BaseURL: strings.TrimRight(getenv(VarBaseURL), "/"),
		LinkSecret: getenv(VarLinkSecret),
	}
	if e.Config == "" {
		e.Config = DefaultConfig
	}
	return e
}

// Need checks that the named variables are set.
func (e Env) Need(vars ...string) error {
	values := map[string]string{
		VarTable: e.Table, VarScheduleGroup: e.ScheduleGroup, VarTimerARN: e.TimerARN,
		VarSchedulerRole: e.SchedulerRole, VarTimerDLQ: e.TimerDLQ, VarAPIKeyIDs: e.APIKeyIDs,
		VarBaseURL: e.BaseURL, VarLinkSecret: e.LinkSecret,
	}
	var missing []string
	for _, v := range vars {
		if values[v] == "" {
			missing = append(missing, v)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("environment: %s not set (the stack sets them; see README \"Running on AWS\")", strings.Join(missing, ", "))
	}
	return nil
}
