package stack

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// Request rates. The stage's limit covers every caller, the open routes included;
// each key's limit keeps one misbehaving provider from using up the rest. A
// dealership gets a few leads a minute and bursts of a few a second.
const (
	stageRateLimit  = 50
	stageBurstLimit = 100
	keyRateLimit    = 10
	keyBurstLimit   = 20
)

// StageName is the API's stage, the first segment of every URL path.
const StageName = "live"

// accessLogFormat is one JSON line per request. It names the route, never the path:
// an action page's path is a rep's credential. It names the key's id, never its
// value.
var accessLogFormat = mustJSON(map[string]string{
	"requestId":            "$context.requestId",
	"time":                 "$context.requestTime",
	"ip":                   "$context.identity.sourceIp",
	"userAgent":            "$context.identity.userAgent",
	"method":               "$context.httpMethod",
	"route":                "$context.resourcePath",
	"status":               "$context.status",
	"responseType":         "$context.error.responseType",
	"bytes":                "$context.responseLength",
	"latencyMs":            "$context.responseLatency",
	"integrationLatencyMs": "$context.integrationLatency",
	"apiKeyId":             "$context.identity.apiKeyId",
})

// newAPI defines the REST API in front of the api function: the routes, the access
// log, and the answers API Gateway gives itself, shaped as the function's problems
// (RFC 9457) so that a provider's developer reads one format.
//
// Request size: a REST API takes bodies up to 10 MB and that limit cannot be
// lowered; a request validator checks parameters and JSON models, not sizes, and
// leads come as XML too. The function refuses a body over httpapi.MaxBody (256 KB)
// with a 413 before reading it, and per-key throttling bounds what a client sends.
func newAPI(scope constructs.Construct, dealership string, fn awslambda.IFunction) awsapigateway.RestApi {
	accessLogs := awslogs.NewLogGroup(scope, jsii.String("ApiAccessLogs"), &awslogs.LogGroupProps{
		Retention:     logRetention,
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	})
	api := awsapigateway.NewRestApi(scope, jsii.String("Api"), &awsapigateway.RestApiProps{
		// Names of REST APIs need not be unique; this one tells dealerships apart
		// in the console.
		RestApiName:   jsii.String("LeadClock-" + dealership),
		Description:   jsii.String("LeadClock API of " + dealership),
		EndpointTypes: &[]awsapigateway.EndpointType{awsapigateway.EndpointType_REGIONAL},
		// The account's CloudWatch role is shared by every API in the region; it
		// is set once per account, not by each dealership's stack (docs/DEPLOY.md).
		CloudWatchRole: jsii.Bool(false),
		DeployOptions: &awsapigateway.StageOptions{
			StageName:            jsii.String(StageName),
			ThrottlingRateLimit:  jsii.Number(stageRateLimit),
			ThrottlingBurstLimit: jsii.Number(stageBurstLimit),
			AccessLogDestination: awsapigateway.NewLogGroupLogDestination(accessLogs),
			AccessLogFormat:      awsapigateway.AccessLogFormat_Custom(jsii.String(accessLogFormat)),
			// Execution logs would hold request bodies: leads, with customers' names
			// and numbers.
			LoggingLevel:     awsapigateway.MethodLoggingLevel_OFF,
			DataTraceEnabled: jsii.Bool(false),
		},
	})
	integration := awsapigateway.NewLambdaIntegration(fn, &awsapigateway.LambdaIntegrationOptions{
		Proxy: jsii.Bool(true),
		// One permission for the whole API rather than one per method.
		ScopePermissionToMethod: jsii.Bool(false),
	})
	for _, r := range Routes {
		api.Root().ResourceForPath(jsii.String(r.Path)).AddMethod(jsii.String(r.Method), integration, &awsapigateway.MethodOptions{
			ApiKeyRequired: jsii.Bool(!r.Open),
		})
	}
	for _, g := range gatewayProblems {
		// Header values are mappings: a literal is written in single quotes.
		headers := map[string]*string{
			"Content-Type":  jsii.String("'application/problem+json'"),
			"Cache-Control": jsii.String("'no-store'"),
		}
		for k, v := range g.headers {
			headers[k] = jsii.String("'" + v + "'")
		}
		api.AddGatewayResponse(jsii.String(g.id), &awsapigateway.GatewayResponseOptions{
			Type:            g.typ,
			StatusCode:      jsii.String(strconv.Itoa(g.status)),
			ResponseHeaders: &headers,
			Templates:       &map[string]*string{"application/json": jsii.String(g.body())},
		})
	}
	return api
}

// gatewayProblem is an answer API Gateway gives without calling the function.
type gatewayProblem struct {
	id     string
	typ    awsapigateway.ResponseType
	status int
	detail string
	// headers are added to the content type and Cache-Control: no-store, as the
	// function sends them with the same status.
	headers map[string]string
}

// body is the problem as the function would write it.
func (g gatewayProblem) body() string {
	return mustJSON(map[string]any{"type": "about:blank", "title": http.StatusText(g.status), "status": g.status, "detail": g.detail})
}

// gatewayProblems are the answers API Gateway gives on its own, in the API's terms:
// an unknown route is a 404 (API Gateway says 403 "Missing Authentication Token"), a
// missing or unknown key a 401 (API Gateway says 403).
var gatewayProblems = []gatewayProblem{
	{"NoRoute", awsapigateway.ResponseType_MISSING_AUTHENTICATION_TOKEN(), http.StatusNotFound,
		"no route for this method and path; the API reference lists them",
		nil},
	{"NoKey", awsapigateway.ResponseType_INVALID_API_KEY(), http.StatusUnauthorized,
		"send an API key this dealership issued in the x-api-key header",
		map[string]string{"WWW-Authenticate": `ApiKey header="x-api-key", Bearer realm="leadclock"`}},
	{"Throttled", awsapigateway.ResponseType_THROTTLED(), http.StatusTooManyRequests,
		"too many requests for this key; retry shortly: posting a lead again with the same providerLeadId never creates it twice",
		map[string]string{"Retry-After": "1"}},
	{"TooLarge", awsapigateway.ResponseType_REQUEST_TOO_LARGE(), http.StatusRequestEntityTooLarge,
		"the request body is too large", nil},
}

// mustJSON marshals what always marshals: maps of strings and numbers.
func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("stack: marshal %T: %v", v, err)) // only maps of strings and numbers are given
	}
	return string(b)
}
