package stack

import (
	"strconv"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsscheduler"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsschedulertargets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/leadclock/leadclock/shared/dealer"
)

// SchedulerService is the principal EventBridge Scheduler assumes roles as.
const SchedulerService = "scheduler.amazonaws.com"

// timers is what the dispatch function sets lead timers with (shared/scheduler):
// the dealership's schedule group and the role its schedules run as.
type timers struct {
	group awsscheduler.CfnScheduleGroup
	// role may invoke the timer function and send to its dead-letter queue, nothing
	// else; the dispatcher passes it to every schedule it creates.
	role awsiam.Role
}

// schedulerRole is a role only EventBridge Scheduler acting for this account may
// assume: the condition keeps another account's schedule from using it.
func schedulerRole(scope constructs.Construct, id, description string) awsiam.Role {
	stack := awscdk.Stack_Of(scope)
	return awsiam.NewRole(scope, jsii.String(id), &awsiam.RoleProps{
		Description: jsii.String(description),
		AssumedBy: awsiam.NewServicePrincipal(jsii.String(SchedulerService), nil).WithConditions(&map[string]any{
			"StringEquals": map[string]any{"aws:SourceAccount": stack.Account()},
		}),
	})
}

func newTimers(scope constructs.Construct, timer awslambda.Function, deadLetters awssqs.Queue) timers {
	// The level-1 construct, so that CloudFormation names the group (the level-2
	// one names it at synthesis). Timers left in the group when the stack goes
	// would fire into a function that is gone: deleting the group deletes them.
	group := awsscheduler.NewCfnScheduleGroup(scope, jsii.String("Schedules"), &awsscheduler.CfnScheduleGroupProps{})
	role := schedulerRole(scope, "TimerSchedulerRole", "EventBridge Scheduler invokes the timer function for a lead's timers")
	role.AddToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   jsii.Strings("lambda:InvokeFunction"),
		Resources: jsii.Strings(*timer.FunctionArn()),
	}))
	role.AddToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   jsii.Strings("sqs:SendMessage"),
		Resources: jsii.Strings(*deadLetters.QueueArn()),
	}))
	return timers{group: group, role: role}
}

// groupName is the name CloudFormation gave the group.
func (t timers) groupName() *string { return t.group.Ref() }

// scheduleARNs are the ARNs of every schedule in the group, the resource the
// dispatcher creates and deletes timers on.
func (t timers) scheduleARNs() *string {
	return awscdk.Stack_Of(t.group).FormatArn(&awscdk.ArnComponents{
		Service:      jsii.String("scheduler"),
		Resource:     jsii.String("schedule"),
		ResourceName: jsii.String(*t.groupName() + "/*"),
		ArnFormat:    awscdk.ArnFormat_SLASH_RESOURCE_NAME,
	})
}

// newRecurring defines the schedules that run on their own: the sweeper every
// minute, and the weekly report (when the report function is built) at the time the
// config sets, on the dealership's clock. They run as a role of their own, which may
// invoke only those functions, and live in the account's default group, outside the
// timers' group the dispatcher may create and delete schedules in.
func newRecurring(scope constructs.Construct, cfg *dealer.Config, fns lambdas, deadLetters awssqs.Queue) {
	role := schedulerRole(scope, "RecurringSchedulerRole", "EventBridge Scheduler invokes the sweeper and the weekly report")
	awsscheduler.NewSchedule(scope, jsii.String("SweepSchedule"), &awsscheduler.ScheduleProps{
		Description: jsii.String("LeadClock " + cfg.Dealership.ID + ": fire overdue timers whose schedule never did"),
		Schedule:    awsscheduler.ScheduleExpression_Rate(awscdk.Duration_Minutes(jsii.Number(1))),
		Target: awsschedulertargets.NewLambdaInvoke(fns.fns[FnSweep], &awsschedulertargets.ScheduleTargetBaseProps{
			Role:            role,
			DeadLetterQueue: deadLetters,
			// A sweep late by more than a minute is superseded by the next one.
			RetryAttempts: jsii.Number(0),
			MaxEventAge:   awscdk.Duration_Minutes(jsii.Number(1)),
		}),
	})
	if !fns.has(FnReport) {
		return
	}
	r := cfg.Report
	awsscheduler.NewSchedule(scope, jsii.String("WeeklyReportSchedule"), &awsscheduler.ScheduleProps{
		Description: jsii.String("LeadClock " + cfg.Dealership.ID + ": the weekly manager report"),
		Schedule: awsscheduler.ScheduleExpression_Cron(&awsscheduler.CronOptionsWithTimezone{
			Minute:   jsii.String(strconv.Itoa(r.Minute)),
			Hour:     jsii.String(strconv.Itoa(r.Hour)),
			WeekDay:  jsii.String(strings.ToUpper(r.Weekday.String()[:3])),
			TimeZone: awscdk.TimeZone_Of(jsii.String(cfg.Dealership.Timezone)),
		}),
		Target: awsschedulertargets.NewLambdaInvoke(fns.fns[FnReport], &awsschedulertargets.ScheduleTargetBaseProps{
			Role:            role,
			DeadLetterQueue: deadLetters,
			RetryAttempts:   jsii.Number(3),
			MaxEventAge:     awscdk.Duration_Hours(jsii.Number(1)),
		}),
	})
}
