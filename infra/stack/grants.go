package stack

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"
)

// The table actions shared/dynamo's Store uses: reads by key, queries of the table
// and its indexes, and TransactWriteItems, which IAM authorizes as the PutItem of
// each item it writes (a commit only puts). Only the dispatcher deletes, with
// BatchWriteItem, the effects it has run.
var (
	tableReads  = []string{"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"}
	tableWrites = []string{"dynamodb:PutItem"}
	outboxDone  = []string{"dynamodb:BatchWriteItem"}
)

// tableAccess says which table actions each function is given. The report reads
// leads and writes nothing.
var tableAccess = map[string][][]string{
	FnAPI:      {tableReads, tableWrites},
	FnTimer:    {tableReads, tableWrites},
	FnSweep:    {tableReads, tableWrites},
	FnDispatch: {tableReads, tableWrites, outboxDone},
	FnReport:   {tableReads},
}

// grantTable gives the function its table actions on the table and its indexes.
func grantTable(name string, fn awslambda.Function, table awsdynamodb.Table) {
	var actions []string
	for _, set := range tableAccess[name] {
		actions = append(actions, set...)
	}
	fn.AddToRolePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   jsii.Strings(actions...),
		Resources: jsii.Strings(*table.TableArn(), *table.TableArn()+"/index/*"),
	}))
}

// grantTimers lets the dispatcher create and delete timers in the group, and pass
// the scheduler role to them (to Scheduler only), as shared/scheduler does.
func grantTimers(fn awslambda.Function, t timers) {
	fn.AddToRolePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   jsii.Strings("scheduler:CreateSchedule", "scheduler:DeleteSchedule"),
		Resources: &[]*string{t.scheduleARNs()},
	}))
	fn.AddToRolePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   jsii.Strings("iam:PassRole"),
		Resources: &[]*string{t.role.RoleArn()},
		Conditions: &map[string]any{
			"StringEquals": map[string]any{"iam:PassedToService": SchedulerService},
		},
	}))
}

// grantEmail lets the function send email from the dealership's address and no
// other. The resource is every identity of the account in the region rather than
// the sender's alone: while the account is in the SES sandbox, SES also checks the
// permission against each recipient's identity.
func grantEmail(fn awslambda.Function, from string) {
	stack := awscdk.Stack_Of(fn)
	fn.AddToRolePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions: jsii.Strings("ses:SendEmail"),
		Resources: &[]*string{stack.FormatArn(&awscdk.ArnComponents{
			Service: jsii.String("ses"), Resource: jsii.String("identity"), ResourceName: jsii.String("*"),
			ArnFormat: awscdk.ArnFormat_SLASH_RESOURCE_NAME,
		})},
		Conditions: &map[string]any{
			"StringEquals": map[string]any{"ses:FromAddress": from},
		},
	}))
}

// SMSActions are what texting takes: checking whether a number opted out, and
// publishing to it. Neither has a resource to scope to (a text goes to a phone
// number, not a topic), so IAM wants "*" for them.
var SMSActions = []string{"sns:CheckIfPhoneNumberIsOptedOut", "sns:Publish"}

func grantSMS(fn awslambda.Function) {
	fn.AddToRolePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   jsii.Strings(SMSActions...),
		Resources: jsii.Strings("*"),
	}))
}
