// Command infra is LeadClock's CDK app: one stack per dealership, named
// LeadClock-<dealership id>, from the dealership's config. cdk.json runs it; the CDK
// CLI passes its settings as context:
//
//	dealer          config file(s), comma-separated (required)
//	build           where scripts/build wrote the functions (default build)
//	opsEmail        the address alarms go to (optional; AWS asks it to confirm)
//	smsOrigination  the E.164 number texts are sent from (optional)
//	keyGenerations  live API key generations, for rotating keys
//
// opsEmail and smsOrigination are one value for every dealership or
// "<dealership>=<value>" entries, and keyGenerations names dealerships in its
// entries, so that cdk.context.json keeps them for every dealership of an
// account (docs/DEPLOY.md).
//
// A config that does not validate stops synthesis with the messages `leadclock
// validate` prints for it. The stacks are environment-agnostic: the CLI deploys
// them to the account and region of its credentials, and synthesis needs none.
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/leadclock/leadclock/infra/stack"
)

// defaultBuildDir is where scripts/build writes by default, relative to the
// repository root, where the CDK CLI runs the app.
const defaultBuildDir = "build"

func main() {
	app := awscdk.NewApp(nil)
	if err := addStacks(app); err != nil {
		fmt.Fprintln(os.Stderr, err)
		jsii.Close()
		os.Exit(1)
	}
	app.Synth(nil)
	jsii.Close()
}

// addStacks adds a stack for each dealership config the context names.
func addStacks(app awscdk.App) error {
	dealers := strings.Split(contextString(app, "dealer"), ",")
	build := contextString(app, "build")
	if build == "" {
		build = defaultBuildDir
	}
	n := 0
	for _, config := range dealers {
		config = strings.TrimSpace(config)
		if config == "" {
			continue
		}
		if _, err := stack.New(app, stack.Props{
			Config:         config,
			BuildDir:       build,
			OpsEmail:       contextString(app, "opsEmail"),
			SMSOrigination: contextString(app, "smsOrigination"),
			KeyGenerations: contextString(app, "keyGenerations"),
		}); err != nil {
			return err
		}
		n++
	}
	if n == 0 {
		return fmt.Errorf("no dealership config: run with -c dealer=infra/dealers/<dealership>.yaml")
	}
	return nil
}

// contextString is a context value as a string; the CLI passes -c values as strings.
func contextString(app awscdk.App, key string) string {
	if v, ok := app.Node().TryGetContext(jsii.String(key)).(string); ok {
		return strings.TrimSpace(v)
	}
	return ""
}
