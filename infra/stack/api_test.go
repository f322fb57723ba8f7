package stack_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"

	"github.com/leadclock/leadclock/infra/stack"
)

// openAPIRoutes reads the routes of docs/openapi.yaml, the API's contract, with
// whether each is open (security: [], no credential).
func openAPIRoutes(t *testing.T) map[string]bool {
	t.Helper()
	data, err := os.ReadFile("../../docs/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]yaml.Node `yaml:"paths"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for path, items := range doc.Paths {
		for method, node := range items {
			switch method {
			case "get", "put", "post", "delete", "patch", "head", "options":
			default:
				continue // parameters, summary: not an operation
			}
			var op struct {
				Security *[]any `yaml:"security"`
			}
			if err := node.Decode(&op); err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
			out[strings.ToUpper(method)+" "+path] = op.Security != nil && len(*op.Security) == 0
		}
	}
	return out
}

// templateRoutes reads the routes the REST API serves, with whether each is open,
// rebuilding each method's path from its resource's parents.
func templateRoutes(t *testing.T, tmpl template) map[string]bool {
	t.Helper()
	parent, part := map[string]string{}, map[string]string{}
	for _, r := range tmpl.resources("AWS::ApiGateway::Resource") {
		part[r.id] = r.props["PathPart"].(string)
		if p, ok := r.props["ParentId"].(map[string]any)["Ref"].(string); ok {
			parent[r.id] = p
		}
	}
	path := func(id string) string {
		var segs []string
		for ; id != ""; id = parent[id] {
			segs = append([]string{part[id]}, segs...)
		}
		return "/" + strings.Join(segs, "/")
	}
	out := map[string]bool{}
	for _, m := range tmpl.resources("AWS::ApiGateway::Method") {
		res, _ := m.props["ResourceId"].(map[string]any)["Ref"].(string)
		key := m.props["HttpMethod"].(string) + " " + path(res)
		if _, dup := out[key]; dup {
			t.Errorf("%s is defined twice", key)
		}
		out[key] = m.props["ApiKeyRequired"] != true
		integ := m.props["Integration"].(map[string]any)
		if integ["Type"] != "AWS_PROXY" || m.props["AuthorizationType"] != "NONE" {
			t.Errorf("%s: integration %v, authorization %v: want the api function as a proxy, keys as the credential",
				key, integ["Type"], m.props["AuthorizationType"])
		}
	}
	return out
}

func TestRoutesAreTheContract(t *testing.T) {
	contract := openAPIRoutes(t)
	if len(contract) == 0 {
		t.Fatal("no routes in docs/openapi.yaml")
	}
	routes := map[string]bool{}
	for _, r := range stack.Routes {
		routes[r.Method+" "+r.Path] = r.Open
	}
	if got, want := slices.Sorted(maps.Keys(routes)), slices.Sorted(maps.Keys(contract)); !slices.Equal(got, want) {
		t.Errorf("stack routes %v\nopenapi routes %v", got, want)
	}
	for route, open := range contract {
		if routes[route] != open {
			t.Errorf("%s: open %v, want %v as docs/openapi.yaml has it", route, routes[route], open)
		}
	}
	served := templateRoutes(t, minimal.get(t).tmpl)
	if !maps.Equal(served, routes) {
		t.Errorf("the REST API serves %v\nwant %v", served, routes)
	}
}

func TestKeysAndUsagePlan(t *testing.T) {
	tests := []struct {
		sc      *scenario
		clients map[string]int // key generations live per client
	}{
		{minimal, map[string]int{"provider-cars-com": 1, "provider-dealer-site": 1, "integration-dms": 1}},
		{rotating, map[string]int{"provider-cars-com": 2, "provider-dealer-site": 1, "integration-dms": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.sc.name, func(t *testing.T) {
			s := tt.sc.get(t)
			keys := s.tmpl.resources("AWS::ApiGateway::ApiKey")
			perClient := map[string]int{}
			for _, k := range keys {
				for c := range tt.clients {
					if strings.HasPrefix(k.id, "Keys"+strings.ReplaceAll(c, "-", "")+"Key") {
						perClient[c]++
					}
				}
				for _, p := range []string{"Value", "Name"} {
					if v, ok := k.props[p]; ok {
						t.Errorf("key %s has a %s (%v): API Gateway must make it", k.id, p, v)
					}
				}
				if k.props["Enabled"] != true {
					t.Errorf("key %s is not enabled", k.id)
				}
			}
			if !maps.Equal(perClient, tt.clients) {
				t.Errorf("keys per client %v, want %v", perClient, tt.clients)
			}

			plans := s.tmpl.resources("AWS::ApiGateway::UsagePlan")
			if len(plans) != 1 {
				t.Fatalf("%d usage plans, want 1", len(plans))
			}
			plan := plans[0]
			th, _ := plan.props["Throttle"].(map[string]any)
			if th["RateLimit"] == nil || th["BurstLimit"] == nil {
				t.Errorf("usage plan throttle %v: want a rate and a burst limit per key", th)
			}
			if plan.props["Quota"] != nil {
				t.Errorf("usage plan quota %v: a quota would refuse leads", plan.props["Quota"])
			}
			inPlan := map[string]bool{}
			for _, uk := range s.tmpl.resources("AWS::ApiGateway::UsagePlanKey") {
				if fmt.Sprint(uk.props["UsagePlanId"]) != fmt.Sprint(ref(plan.id)) {
					t.Errorf("usage plan key %s is in plan %v", uk.id, uk.props["UsagePlanId"])
				}
				inPlan[uk.props["KeyId"].(map[string]any)["Ref"].(string)] = true
			}
			for _, k := range keys {
				if !inPlan[k.id] {
					t.Errorf("key %s is in no usage plan: API Gateway would refuse it", k.id)
				}
			}

			var keyOutputs []string
			for id, o := range s.tmpl["Outputs"].(map[string]any) {
				out := o.(map[string]any)
				if _, ok := out["Export"]; ok {
					t.Errorf("output %s is exported: export names are unique per account and region", id)
				}
				if strings.HasPrefix(id, "KeyIds") {
					v, _ := out["Value"].(map[string]any)["Ref"].(string)
					keyOutputs = append(keyOutputs, v)
				}
			}
			var keyIDs []string
			for _, k := range keys {
				keyIDs = append(keyIDs, k.id)
			}
			if slices.Sort(keyOutputs); !slices.Equal(keyOutputs, keyIDs) {
				t.Errorf("key id outputs %v, want one per key %v", keyOutputs, keyIDs)
			}
			for _, o := range []string{"ApiUrl", "TableName", "DashboardName"} {
				if _, ok := s.tmpl["Outputs"].(map[string]any)[o]; !ok {
					t.Errorf("no output %s", o)
				}
			}
		})
	}
}

func TestStage(t *testing.T) {
	s := minimal.get(t)
	stage := s.tmpl.resource(t, "AWS::ApiGateway::Stage", "ApiDeploymentStage"+stack.StageName)
	settings := list(stage.props["MethodSettings"])
	if len(settings) != 1 {
		t.Fatalf("method settings %v, want one for every method", settings)
	}
	ms := settings[0].(map[string]any)
	if ms["ResourcePath"] != "/*" || ms["HttpMethod"] != "*" || ms["ThrottlingRateLimit"] == nil || ms["ThrottlingBurstLimit"] == nil {
		t.Errorf("method settings %v: want throttling on every method", ms)
	}
	if ms["LoggingLevel"] != "OFF" || ms["DataTraceEnabled"] != false {
		t.Errorf("method settings %v: execution logs would keep request bodies", ms)
	}
	access := stage.props["AccessLogSetting"].(map[string]any)
	logs := s.tmpl.resource(t, "AWS::Logs::LogGroup", "ApiAccessLogs")
	if fmt.Sprint(access["DestinationArn"]) != fmt.Sprint(getAtt(logs.id, "Arn")) || logs.props["RetentionInDays"] == nil {
		t.Errorf("access logs go to %v (retention %v), want %s with a retention", access["DestinationArn"], logs.props["RetentionInDays"], logs.id)
	}
	var format map[string]string
	if err := json.Unmarshal([]byte(access["Format"].(string)), &format); err != nil {
		t.Fatalf("access log format is not JSON: %v", err)
	}
	values := slices.Collect(maps.Values(format))
	for _, want := range []string{"$context.requestId", "$context.resourcePath", "$context.status", "$context.identity.apiKeyId"} {
		if !slices.Contains(values, want) {
			t.Errorf("access log format %v lacks %s", format, want)
		}
	}
	// An action page's path is a rep's credential; a key's value is a client's.
	for _, never := range []string{"$context.path", "$context.identity.apiKey"} {
		if slices.Contains(values, never) {
			t.Errorf("access log format logs %s", never)
		}
	}
}

func TestGatewayAnswersAsTheAPI(t *testing.T) {
	s := minimal.get(t)
	want := map[string]string{ // response type → status
		"MISSING_AUTHENTICATION_TOKEN": "404",
		"INVALID_API_KEY":              "401",
		"THROTTLED":                    "429",
		"REQUEST_TOO_LARGE":            "413",
	}
	got := map[string]string{}
	for _, r := range s.tmpl.resources("AWS::ApiGateway::GatewayResponse") {
		typ := r.props["ResponseType"].(string)
		got[typ] = r.props["StatusCode"].(string)
		headers := r.props["ResponseParameters"].(map[string]any)
		if headers["gatewayresponse.header.Content-Type"] != "'application/problem+json'" {
			t.Errorf("%s: content type %v, want a problem", typ, headers["gatewayresponse.header.Content-Type"])
		}
		var problem struct {
			Type, Title, Detail string
			Status              int
		}
		body := r.props["ResponseTemplates"].(map[string]any)["application/json"].(string)
		if err := json.Unmarshal([]byte(body), &problem); err != nil {
			t.Errorf("%s: body is not JSON: %v", typ, err)
		}
		if fmt.Sprint(problem.Status) != got[typ] || problem.Detail == "" || problem.Type != "about:blank" {
			t.Errorf("%s: problem %+v does not match status %s", typ, problem, got[typ])
		}
		if got[typ] == "401" && headers["gatewayresponse.header.WWW-Authenticate"] == nil {
			t.Errorf("%s: a 401 without WWW-Authenticate", typ)
		}
	}
	if !maps.Equal(got, want) {
		t.Errorf("gateway responses %v, want %v", got, want)
	}
}
