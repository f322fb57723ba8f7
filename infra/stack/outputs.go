package stack

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// newOutputs are what ops read after a deploy. The keys' values are fetched with the
// AWS CLI (docs/DEPLOY.md), never printed by the stack.
func newOutputs(stack awscdk.Stack, api awsapigateway.RestApi, table awsdynamodb.Table, dashboard awscloudwatch.Dashboard, keys []keyOutput) {
	awscdk.NewCfnOutput(stack, jsii.String("ApiUrl"), &awscdk.CfnOutputProps{
		Description: jsii.String("Base URL of the API: providers post leads to <ApiUrl>leads"),
		Value:       api.Url(),
	})
	awscdk.NewCfnOutput(stack, jsii.String("TableName"), &awscdk.CfnOutputProps{
		Description: jsii.String("The dealership's DynamoDB table"),
		Value:       table.TableName(),
	})
	awscdk.NewCfnOutput(stack, jsii.String("DashboardName"), &awscdk.CfnOutputProps{
		Description: jsii.String("The CloudWatch dashboard: follow-up figures and the stack's health"),
		Value:       dashboard.DashboardName(),
	})
	// Under a scope of their own, so that their logical ids carry a hash and two
	// client ids that differ only in dashes cannot collide.
	scope := constructs.NewConstruct(stack, jsii.String("KeyIds"))
	for _, k := range keys {
		awscdk.NewCfnOutput(scope, jsii.String(fmt.Sprintf("%s-%s-%d", k.client.role, k.client.id, k.generation)), &awscdk.CfnOutputProps{
			Description: jsii.String(fmt.Sprintf("API key id of %s %s, key %d; its value: aws apigateway get-api-key --include-value --api-key <id>",
				k.client.role, k.client.id, k.generation)),
			Value: k.id,
		})
	}
}
