package stack

import (
	"fmt"
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsses"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/lambdaenv"
	"github.com/leadclock/leadclock/shared/phone"
)

// New defines the stack of the dealership whose config is at p.Config. A config that
// does not validate is refused with the error `leadclock validate` prints for it.
func New(scope constructs.Construct, p Props) (awscdk.Stack, error) {
	cfg, err := dealer.Load(p.Config, phone.Numbers)
	if err != nil {
		return nil, err
	}
	if p.OpsEmail, err = forDealership("opsEmail", p.OpsEmail, cfg.Dealership.ID); err != nil {
		return nil, err
	}
	if p.SMSOrigination, err = forDealership("smsOrigination", p.SMSOrigination, cfg.Dealership.ID); err != nil {
		return nil, err
	}
	if err := p.check(); err != nil {
		return nil, err
	}
	specs, err := built(p.BuildDir)
	if err != nil {
		return nil, err
	}
	gens, err := ParseKeyGenerations(p.KeyGenerations, cfg.Dealership.ID)
	if err != nil {
		return nil, err
	}
	cs, err := clients(cfg, gens)
	if err != nil {
		return nil, err
	}
	id := cfg.Dealership.ID
	if scope.Node().TryFindChild(jsii.String(Name(id))) != nil {
		return nil, fmt.Errorf("%s: dealership %s already has a stack in this app", p.Config, id)
	}
	layerDir, err := stageConfig(cfg, filepath.Join(p.BuildDir, "config", id))
	if err != nil {
		return nil, err
	}

	stack := awscdk.NewStack(scope, jsii.String(Name(id)), &awscdk.StackProps{
		Description: jsii.String("LeadClock for " + cfg.Dealership.Name + " (" + id + ")"),
		// The stack holds the dealership's API keys and schedules; deleting it is
		// a decision (docs/DEPLOY.md), not an accident.
		TerminationProtection: jsii.Bool(true),
	})
	// Dashboards are left untagged: CloudFormation took tags on them only lately,
	// and cfn-lint's resource schemas do not know it yet.
	awscdk.Tags_Of(stack).Add(jsii.String(DealershipTag), jsii.String(id), &awscdk.TagProps{
		ExcludeResourceTypes: jsii.Strings("AWS::CloudWatch::Dashboard"),
	})

	table := newTable(stack)
	q := newQueues(stack)
	secret := newLinkSecret(stack, id)
	fns := newLambdas(stack, specs, p.BuildDir, newConfigLayer(stack, layerDir, id))
	timerFn, dispatchFn := fns.fns[FnTimer], fns.fns[FnDispatch]
	retryAsync(fns, q)
	t := newTimers(stack, timerFn, q.timerDeadLetters)
	newRecurring(stack, cfg, fns, q.recurringDeadLetters)
	connectOutbox(table, dispatchFn, q.streamFailures)

	api := newAPI(stack, id, fns.fns[FnAPI])
	keyIDs, keyOutputs := newKeys(stack, id, api, cs)

	// from is the address emails are sent from, empty for a dealership without
	// email. Creating its identity makes SES send a verification link to it.
	from := ""
	if cfg.Notifications.Email {
		from = cfg.Notifications.From
		awsses.NewEmailIdentity(stack, jsii.String("Sender"), &awsses.EmailIdentityProps{
			Identity: awsses.Identity_Email(jsii.String(from)),
		})
	}
	wire(specs, fns, map[string]*string{
		lambdaenv.VarTable:         table.TableName(),
		lambdaenv.VarScheduleGroup: t.groupName(),
		lambdaenv.VarTimerARN:      timerFn.FunctionArn(),
		lambdaenv.VarSchedulerRole: t.role.RoleArn(),
		lambdaenv.VarTimerDLQ:      q.timerDeadLetters.QueueArn(),
		lambdaenv.VarAPIKeyIDs:     jsii.String(keyIDs),
		lambdaenv.VarBaseURL:       api.Url(),
		lambdaenv.VarLinkSecret:    secret.SecretArn(),
		lambdaenv.VarSender:        optional(from),
		lambdaenv.VarOrigination:   optional(p.SMSOrigination),
	}, table, secret, from)
	grantTimers(dispatchFn, t)
	if cfg.Notifications.SMS {
		grantSMS(dispatchFn)
	}

	topic := newOpsTopic(stack, id, p.OpsEmail)
	if p.OpsEmail == "" {
		awscdk.Annotations_Of(stack).AddWarningV2(jsii.String("leadclock:no-ops-email"),
			jsii.String("no opsEmail in the context: alarms go to the ops topic, which nobody is subscribed to"))
	}
	alarms := newAlarms(stack, topic, fns, api, q)
	dashboard := newDashboard(stack, id, fns, api, q, alarms)
	newOutputs(stack, api, table, dashboard, keyOutputs)
	return stack, nil
}
