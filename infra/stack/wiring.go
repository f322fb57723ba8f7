package stack

import (
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/jsii-runtime-go"

	"github.com/leadclock/leadclock/shared/lambdaenv"
)

// wire gives each function the environment variables it reads, from values (a nil
// value is an optional variable not given), and what those variables let it reach:
// its table actions, the link secret, sending email from the address from (empty
// when the dealership sends no email).
func wire(specs []function, fns lambdas, values map[string]*string, table awsdynamodb.Table, secret awssecretsmanager.ISecret, from string) {
	for _, f := range specs {
		fn := fns.fns[f.name]
		for _, v := range f.env {
			if v == lambdaenv.VarConfig || values[v] == nil {
				continue // set with the function, or optional and not given
			}
			fn.AddEnvironment(jsii.String(v), values[v], nil)
		}
		grantTable(f.name, fn, table)
		if slices.Contains(f.env, lambdaenv.VarLinkSecret) {
			secret.GrantRead(fn, nil)
		}
		if from != "" && slices.Contains(f.env, lambdaenv.VarSender) {
			grantEmail(fn, from)
		}
	}
}

// optional is a value that may be absent.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return jsii.String(s)
}
