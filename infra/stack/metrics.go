package stack

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/jsii-runtime-go"

	"github.com/leadclock/leadclock/shared/emf"
)

// followUpMetric is one of the follow-up figures the functions write as embedded
// metric lines (shared/emf), for the dealership, as the dashboard graphs it: hourly,
// a week at a time.
func followUpMetric(dealership, name, statistic, label string) awscloudwatch.Metric {
	return awscloudwatch.NewMetric(&awscloudwatch.MetricProps{
		Namespace:     jsii.String(emf.Namespace),
		MetricName:    jsii.String(name),
		DimensionsMap: &map[string]*string{emf.DimDealership: jsii.String(dealership)},
		Statistic:     jsii.String(statistic),
		Label:         jsii.String(label),
		Period:        awscdk.Duration_Hours(jsii.Number(1)),
	})
}
