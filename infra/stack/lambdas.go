package stack

import (
	"path/filepath"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/leadclock/leadclock/shared/lambdaenv"
)

// logRetention is how long function and access logs are kept: a quarter covers
// looking back at a disputed lead; logs name customers, so not longer.
const logRetention = awslogs.RetentionDays_THREE_MONTHS

// lambdas are the stack's functions by name.
type lambdas struct {
	fns map[string]awslambda.Function
}

// has says whether the function is part of the stack.
func (l lambdas) has(name string) bool { _, ok := l.fns[name]; return ok }

// newConfigLayer packages the staged config directory as the layer every function
// reads the dealership config from.
func newConfigLayer(scope constructs.Construct, dir, dealership string) awslambda.LayerVersion {
	return awslambda.NewLayerVersion(scope, jsii.String("Config"), &awslambda.LayerVersionProps{
		Code:                    awslambda.Code_FromAsset(jsii.String(dir), nil),
		Description:             jsii.String("LeadClock config of " + dealership + ", without API keys, at " + lambdaenv.DefaultConfig),
		CompatibleRuntimes:      &[]awslambda.Runtime{awslambda.Runtime_PROVIDED_AL2023()},
		CompatibleArchitectures: &[]awslambda.Architecture{awslambda.Architecture_ARM_64()},
	})
}

// newLambdas defines the functions from their bootstraps under buildDir, each with
// its own log group (so that retention is set by the stack, not by a custom
// resource) and the config layer. Environment variables other than the config's
// place are added once the resources they name exist.
func newLambdas(scope constructs.Construct, specs []function, buildDir string, layer awslambda.ILayerVersion) lambdas {
	out := lambdas{fns: map[string]awslambda.Function{}}
	for _, f := range specs {
		id := constructID(f.name) + "Function"
		logs := awslogs.NewLogGroup(scope, jsii.String(id+"Logs"), &awslogs.LogGroupProps{
			Retention: logRetention,
			// Logs name customers: they go with the stack rather than outlive it
			// unowned.
			RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
		})
		// A role of its own rather than the one Lambda's basic execution policy
		// comes with, which may write to any log group in the account.
		role := awsiam.NewRole(scope, jsii.String(id+"Role"), &awsiam.RoleProps{
			Description: jsii.String("LeadClock " + f.name + " function"),
			AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
		})
		logs.GrantWrite(role)
		props := &awslambda.FunctionProps{
			Role:         role,
			Description:  jsii.String(f.description),
			Runtime:      awslambda.Runtime_PROVIDED_AL2023(),
			Architecture: awslambda.Architecture_ARM_64(),
			Handler:      jsii.String(Bootstrap),
			Code:         awslambda.Code_FromAsset(jsii.String(filepath.Join(buildDir, f.name)), nil),
			MemorySize:   jsii.Number(f.memoryMB),
			Timeout:      awscdk.Duration_Seconds(jsii.Number(f.timeout.Seconds())),
			Layers:       &[]awslambda.ILayerVersion{layer},
			LogGroup:     logs,
			Environment:  &map[string]*string{lambdaenv.VarConfig: jsii.String(lambdaenv.DefaultConfig)},
		}
		out.fns[f.name] = awslambda.NewFunction(scope, jsii.String(id), props)
	}
	return out
}

// constructID turns a function name into a construct id: "dispatch" → "Dispatch".
func constructID(name string) string {
	return strings.ToUpper(name[:1]) + name[1:]
}
