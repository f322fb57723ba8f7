package stack_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/leadclock/leadclock/infra/stack"
	"github.com/leadclock/leadclock/shared/dynamo"
)

// TestTableMatchesTheStore checks the table against dynamo.TableInput, the
// definition the store's tests create on moto: the same keys, attributes, indexes
// and stream, so that what passes there runs here.
func TestTableMatchesTheStore(t *testing.T) {
	s := minimal.get(t)
	tables := s.tmpl.resources("AWS::DynamoDB::Table")
	if len(tables) != 1 {
		t.Fatalf("%d tables, want 1", len(tables))
	}
	table := tables[0]
	in := dynamo.TableInput("unused")

	type kv = map[string]any
	want := func(v any) any { // an SDK value as it reads in a template
		b, _ := json.Marshal(v)
		var out any
		_ = json.Unmarshal(b, &out)
		return out
	}
	var attrs, keys []kv
	for _, a := range in.AttributeDefinitions {
		attrs = append(attrs, kv{"AttributeName": aws.ToString(a.AttributeName), "AttributeType": string(a.AttributeType)})
	}
	for _, k := range in.KeySchema {
		keys = append(keys, kv{"AttributeName": aws.ToString(k.AttributeName), "KeyType": string(k.KeyType)})
	}
	sortByName := func(l []any) []any {
		slices.SortFunc(l, func(a, b any) int {
			return strings.Compare(fmt.Sprint(a.(map[string]any)["AttributeName"]), fmt.Sprint(b.(map[string]any)["AttributeName"]))
		})
		return l
	}
	if got, w := sortByName(list(table.props["AttributeDefinitions"])), sortByName(list(want(attrs))); !reflect.DeepEqual(got, w) {
		t.Errorf("attributes %v, want %v", got, w)
	}
	if got := table.props["KeySchema"]; !reflect.DeepEqual(got, want(keys)) {
		t.Errorf("key schema %v, want %v", got, want(keys))
	}

	var gsis []any
	for _, g := range in.GlobalSecondaryIndexes {
		var ks []kv
		for _, k := range g.KeySchema {
			ks = append(ks, kv{"AttributeName": aws.ToString(k.AttributeName), "KeyType": string(k.KeyType)})
		}
		proj := kv{"ProjectionType": string(g.Projection.ProjectionType)}
		if len(g.Projection.NonKeyAttributes) > 0 {
			proj["NonKeyAttributes"] = g.Projection.NonKeyAttributes
		}
		gsis = append(gsis, want(kv{"IndexName": aws.ToString(g.IndexName), "KeySchema": ks, "Projection": proj}))
	}
	if got := table.props["GlobalSecondaryIndexes"]; !reflect.DeepEqual(got, gsis) {
		t.Errorf("indexes\n%v\nwant\n%v", got, gsis)
	}

	checks := []struct {
		what string
		got  any
		want any
	}{
		{"billing", table.props["BillingMode"], "PAY_PER_REQUEST"},
		{"stream", table.props["StreamSpecification"], map[string]any{"StreamViewType": string(dynamo.StreamView)}},
		{"point-in-time recovery", table.props["PointInTimeRecoverySpecification"], map[string]any{"PointInTimeRecoveryEnabled": true}},
		{"deletion protection", table.props["DeletionProtectionEnabled"], true},
		{"deletion policy", table.raw["DeletionPolicy"], "Retain"},
		{"replacement policy", table.raw["UpdateReplacePolicy"], "Retain"},
		{"name", table.props["TableName"], nil},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: %v, want %v", c.what, c.got, c.want)
		}
	}
}

// TestOutboxStream checks that the dispatcher gets new outbox items from the
// table's stream, and nothing else, with the failure handling the issue asks for.
func TestOutboxStream(t *testing.T) {
	s := minimal.get(t)
	esms := s.tmpl.resources("AWS::Lambda::EventSourceMapping")
	if len(esms) != 1 {
		t.Fatalf("%d event source mappings, want 1", len(esms))
	}
	p := esms[0].props
	table := s.tmpl.resource(t, "AWS::DynamoDB::Table", "Table")
	dispatch := s.tmpl.resource(t, "AWS::Lambda::Function", fnID(stack.FnDispatch))
	failures := s.tmpl.resource(t, "AWS::SQS::Queue", "StreamFailures")
	checks := []struct {
		what      string
		got, want any
	}{
		{"source", p["EventSourceArn"], getAtt(table.id, "StreamArn")},
		{"function", p["FunctionName"], ref(dispatch.id)},
		{"batch item failures", p["FunctionResponseTypes"], []any{"ReportBatchItemFailures"}},
		{"bisect on error", p["BisectBatchOnFunctionError"], true},
		{"on failure", p["DestinationConfig"], map[string]any{"OnFailure": map[string]any{"Destination": getAtt(failures.id, "Arn")}}},
	}
	for _, c := range checks {
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("%s: %v, want %v", c.what, c.got, c.want)
		}
	}
	// -1 (the default) retries a record until it expires from the stream, a day.
	if r, ok := p["MaximumRetryAttempts"].(float64); !ok || r < 1 || r > 100 {
		t.Errorf("retries %v: want a bound", p["MaximumRetryAttempts"])
	}
	if a, ok := p["MaximumRecordAgeInSeconds"].(float64); !ok || a < 60 || a > 6*3600 {
		t.Errorf("record age %v: want a bound of hours at most", p["MaximumRecordAgeInSeconds"])
	}

	filters := list(p["FilterCriteria"].(map[string]any)["Filters"])
	if len(filters) != 1 {
		t.Fatalf("filters %v, want one", filters)
	}
	var pattern map[string]any
	if err := json.Unmarshal([]byte(filters[0].(map[string]any)["Pattern"].(string)), &pattern); err != nil {
		t.Fatal(err)
	}
	image := func(typ string) map[string]any {
		return map[string]any{dynamo.AttrPK: map[string]any{"S": "X"}, dynamo.AttrType: map[string]any{"S": typ}}
	}
	records := []struct {
		name  string
		event string
		image map[string]any
		pass  bool
	}{
		{"new outbox item", "INSERT", image(dynamo.ItemOutbox), true},
		{"outbox item deleted once done", "REMOVE", nil, false},
		{"outbox item rewritten", "MODIFY", image(dynamo.ItemOutbox), false},
		{"new lead", "INSERT", image(dynamo.ItemLead), false},
		{"new activity", "INSERT", image(dynamo.ItemActivity), false},
		{"lead updated", "MODIFY", image(dynamo.ItemLead), false},
	}
	for _, r := range records {
		rec := map[string]any{"eventName": r.event, "dynamodb": map[string]any{}}
		if r.image != nil {
			rec["dynamodb"].(map[string]any)["NewImage"] = r.image
		}
		if got := matches(pattern, rec); got != r.pass {
			t.Errorf("%s: passes the filter %v, want %v (pattern %v)", r.name, got, r.pass, pattern)
		}
	}
}

// matches applies an event filter pattern of exact values (the only kind the stack
// uses) to an event: every key of the pattern must be in the event, a list of
// values matches a value equal to one of them, an object matches recursively.
func matches(pattern, event map[string]any) bool {
	for k, want := range pattern {
		got, ok := event[k]
		if !ok {
			return false
		}
		switch w := want.(type) {
		case map[string]any:
			g, ok := got.(map[string]any)
			if !ok || !matches(w, g) {
				return false
			}
		case []any:
			if !slices.ContainsFunc(w, func(v any) bool { return reflect.DeepEqual(v, got) }) {
				return false
			}
		default:
			return false
		}
	}
	return true
}
