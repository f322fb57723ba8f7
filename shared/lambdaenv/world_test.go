package lambdaenv_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	ebs "github.com/aws/aws-sdk-go-v2/service/scheduler"
	ebstypes "github.com/aws/aws-sdk-go-v2/service/scheduler/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/smithy-go/middleware"

	"github.com/leadclock/leadclock/shared/apigw"
	"github.com/leadclock/leadclock/shared/dynamo"
	"github.com/leadclock/leadclock/shared/handler"
	"github.com/leadclock/leadclock/shared/handler/streamtest"
	"github.com/leadclock/leadclock/shared/lambdaenv"
	"github.com/leadclock/leadclock/shared/lambdaenv/linked"
	"github.com/leadclock/leadclock/shared/lambdaenv/signer"
	"github.com/leadclock/leadclock/shared/memory"
	"github.com/leadclock/leadclock/shared/mototest"
	"github.com/leadclock/leadclock/shared/scheduler"
)

func TestMain(m *testing.M) { mototest.Main(m) }

const demoConfig = "../../infra/dealers/demo-motors.yaml"

// calls counts the AWS API calls the functions make, by service and operation. It
// counts each call once, however often the SDK retries it.
type calls struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *calls) option(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("CountCalls",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			c.mu.Lock()
			c.n[awsmiddleware.GetServiceID(ctx)+" "+awsmiddleware.GetOperationName(ctx)]++
			c.mu.Unlock()
			return next.HandleInitialize(ctx, in)
		}), middleware.After)
}

func (c *calls) reset() {
	c.mu.Lock()
	c.n = map[string]int{}
	c.mu.Unlock()
}

func (c *calls) total() (int, string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	sum := 0
	var lines []string
	for _, k := range slices.Sorted(maps.Keys(c.n)) {
		sum += c.n[k]
		lines = append(lines, fmt.Sprintf("%s %d", k, c.n[k]))
	}
	return sum, strings.Join(lines, ", ")
}

// world is one dealership's stack on moto_server: the table, the schedule group, the
// sender identity and the link secret, and the four functions' handlers built by
// lambdaenv as the mains build them, on a fake clock.
type world struct {
	t        *testing.T
	ctx      context.Context
	srv      *mototest.Server
	clock    *memory.Clock
	calls    *calls
	deps     *lambdaenv.Deps
	linked   *linked.Linked
	api      *apigw.Handler
	dispatch *handler.Dispatch
	timer    *handler.Timer
	sweep    *handler.Sweep
	db       *dynamodb.Client
	sched    *ebs.Client
	group    string
	seq      int // stream sequence numbers handed out
	metrics  *strings.Builder
}

var worlds sync.Mutex

// newWorld resets moto and sets the stack up. Worlds run one at a time: moto's record
// of sent texts and emails is shared.
func newWorld(t *testing.T, start time.Time) *world {
	t.Helper()
	worlds.Lock()
	t.Cleanup(worlds.Unlock)
	ctx := context.Background()
	srv := mototest.Shared(t)
	if err := srv.Post(ctx, "/moto-api/reset", map[string]any{}); err != nil {
		t.Fatal(err)
	}
	// The functions' clients count their calls; the test's own (setting up, reading
	// moto's state) do not.
	counted := &calls{n: map[string]int{}}
	plain := srv.Config()
	cfg := srv.Config()
	cfg.APIOptions = append(cfg.APIOptions, counted.option)

	const table, group = "leadclock-demo-motors", "leadclock-demo-motors"
	db := dynamodb.NewFromConfig(plain)
	if err := dynamo.CreateTable(ctx, db, table); err != nil {
		t.Fatal(err)
	}
	sched := ebs.NewFromConfig(plain)
	if _, err := sched.CreateScheduleGroup(ctx, &ebs.CreateScheduleGroupInput{Name: aws.String(group)}); err != nil {
		t.Fatal(err)
	}
	if _, err := sesv2.NewFromConfig(plain).CreateEmailIdentity(ctx, &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String("leads@example.com")}); err != nil {
		t.Fatal(err)
	}
	secret, err := secretsmanager.NewFromConfig(plain).CreateSecret(ctx, &secretsmanager.CreateSecretInput{
		Name: aws.String("leadclock-demo-motors-links"), SecretString: aws.String("a-test-secret-of-at-least-32-bytes-for-links"),
	})
	if err != nil {
		t.Fatal(err)
	}
	env := lambdaenv.Read(func(name string) string {
		return map[string]string{
			lambdaenv.VarConfig: demoConfig, lambdaenv.VarTable: table, lambdaenv.VarScheduleGroup: group,
			lambdaenv.VarTimerARN:      "arn:aws:lambda:us-east-1:123456789012:function:leadclock-timer",
			lambdaenv.VarSchedulerRole: "arn:aws:iam::123456789012:role/leadclock-scheduler",
			lambdaenv.VarTimerDLQ:      "arn:aws:sqs:us-east-1:123456789012:leadclock-timer-dlq",
			lambdaenv.VarSender:        "leads@example.com",
			lambdaenv.VarAPIKeyIDs:     `{"k-cars-com":"provider:cars-com","k-dealer-site":"provider:dealer-site","k-dms":"integration:dms"}`,
			lambdaenv.VarBaseURL:       "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod",
			lambdaenv.VarLinkSecret:    aws.ToString(secret.ARN),
		}[name]
	})
	clock := memory.NewClock(start)
	metrics := &strings.Builder{}
	deps, err := lambdaenv.LoadWith(env, cfg, clock, slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})), lambdaenv.WithMetrics(metrics))
	if err != nil {
		t.Fatal(err)
	}
	lk := linked.New(deps)
	api, err := apigw.Function(deps, signer.Start(deps))
	if err != nil {
		t.Fatal(err)
	}
	dispatch, err := lk.Dispatch()
	if err != nil {
		t.Fatal(err)
	}
	timer := deps.Timer()
	timer.Sleep = func(ctx context.Context, d time.Duration) error { // waits on the fake clock
		clock.Set(clock.Now().Add(d))
		return ctx.Err()
	}
	counted.reset()
	return &world{t: t, ctx: ctx, srv: srv, clock: clock, calls: counted, deps: deps, linked: lk, api: api, dispatch: dispatch,
		timer: timer, sweep: deps.Sweep(), db: db, sched: sched, group: group, metrics: metrics}
}

// at is a time on the dealership's wall clock, on Tuesday 24 November 2026.
func at(hhmmss string) time.Time {
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		panic(err)
	}
	t, err := time.ParseInLocation("2006-01-02 15:04:05", "2026-11-24 "+hhmmss, loc)
	if err != nil {
		panic(err)
	}
	return t
}

// request sends an API Gateway event from events/apigw through the api function,
// with replacements applied to its path and body.
func (w *world) request(file string, replace ...string) events.APIGatewayProxyResponse {
	w.t.Helper()
	raw, err := os.ReadFile("../../events/apigw/" + file)
	if err != nil {
		w.t.Fatal(err)
	}
	r := strings.NewReplacer(replace...)
	var ev events.APIGatewayProxyRequest
	if err := json.Unmarshal([]byte(r.Replace(string(raw))), &ev); err != nil {
		w.t.Fatal(err)
	}
	resp, err := w.api.Serve(w.ctx, ev)
	if err != nil {
		w.t.Fatal(err)
	}
	return resp
}

// postLead posts a sample lead and returns its id.
func (w *world) postLead(file string) string {
	w.t.Helper()
	resp := w.request(file)
	var receipt struct{ ID, Status string }
	if err := json.Unmarshal([]byte(resp.Body), &receipt); err != nil || resp.StatusCode != 201 || receipt.ID == "" {
		w.t.Fatalf("POST %s: %d %s", file, resp.StatusCode, resp.Body)
	}
	return receipt.ID
}

// drain hands the table's outbox items to the dispatch function as stream batches, as
// DynamoDB Streams would, until none is left.
func (w *world) drain() {
	w.t.Helper()
	for range 20 {
		items := w.outboxItems()
		if len(items) == 0 {
			return
		}
		var batch events.DynamoDBEvent
		for _, item := range items {
			w.seq++
			batch.Records = append(batch.Records, streamtest.Insert(w.seq, item))
		}
		resp, err := w.dispatch.Handle(w.ctx, batch)
		if err != nil || len(resp.BatchItemFailures) > 0 {
			w.t.Fatalf("dispatch: %v, failures %v", err, resp.BatchItemFailures)
		}
	}
	w.t.Fatal("the outbox did not empty in 20 batches")
}

func (w *world) outboxItems() []map[string]types.AttributeValue {
	w.t.Helper()
	expr, err := expression.NewBuilder().WithFilter(expression.Name(dynamo.AttrType).Equal(expression.Value(dynamo.ItemOutbox))).Build()
	if err != nil {
		w.t.Fatal(err)
	}
	out, err := w.db.Scan(w.ctx, &dynamodb.ScanInput{TableName: aws.String(w.deps.Env.Table), FilterExpression: expr.Filter(),
		ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(), ConsistentRead: aws.Bool(true)})
	if err != nil {
		w.t.Fatal(err)
	}
	return out.Items
}

// schedule is a schedule moto holds, with what it will deliver.
type schedule struct {
	name    string
	fires   time.Time // the time of its at() expression
	payload scheduler.Payload
	input   string
}

var atExpr = regexp.MustCompile(`^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$`)

// schedules returns the group's schedules of one lead, by the time they fire.
func (w *world) schedules(leadID string) []schedule {
	w.t.Helper()
	list, err := w.sched.ListSchedules(w.ctx, &ebs.ListSchedulesInput{GroupName: aws.String(w.group)})
	if err != nil {
		w.t.Fatal(err)
	}
	var out []schedule
	for _, s := range list.Schedules {
		got, err := w.sched.GetSchedule(w.ctx, &ebs.GetScheduleInput{Name: s.Name, GroupName: aws.String(w.group)})
		if err != nil {
			w.t.Fatal(err)
		}
		m := atExpr.FindStringSubmatch(aws.ToString(got.ScheduleExpression))
		if m == nil {
			w.t.Fatalf("schedule %s: expression %q is not AWS's at() form", aws.ToString(s.Name), aws.ToString(got.ScheduleExpression))
		}
		loc, err := time.LoadLocation(aws.ToString(got.ScheduleExpressionTimezone))
		if err != nil {
			w.t.Fatal(err)
		}
		fires, err := time.ParseInLocation("2006-01-02T15:04:05", m[1], loc)
		if err != nil {
			w.t.Fatal(err)
		}
		input := aws.ToString(got.Target.Input)
		p, err := scheduler.Decode([]byte(input))
		if err != nil {
			w.t.Fatal(err)
		}
		if p.LeadID == leadID {
			out = append(out, schedule{name: aws.ToString(s.Name), fires: fires, payload: p, input: input})
		}
	}
	slices.SortFunc(out, func(a, b schedule) int { return a.fires.Compare(b.fires) })
	return out
}

// deliver is Scheduler firing a schedule: the timer function invoked with its input,
// 30 seconds into the minute after its time, then the schedule deleted (its
// ActionAfterCompletion) unless dispatch cancelled it meanwhile.
func (w *world) deliver(s schedule) {
	w.t.Helper()
	if w.clock.Now().Before(s.fires.Add(30 * time.Second)) {
		w.clock.Set(s.fires.Add(30 * time.Second))
	}
	if err := w.timer.Handle(w.ctx, json.RawMessage(s.input)); err != nil {
		w.t.Fatalf("timer %s: %v", s.name, err)
	}
	_, err := w.sched.DeleteSchedule(w.ctx, &ebs.DeleteScheduleInput{Name: aws.String(s.name), GroupName: aws.String(w.group)})
	if _, gone := errors.AsType[*ebstypes.ResourceNotFoundException](err); err != nil && !gone {
		w.t.Fatal(err)
	}
}

// texts returns the texts moto recorded to a number, and emails the subjects of
// the emails to an address.
func (w *world) texts(phone string) []string {
	w.t.Helper()
	var out []string
	for _, m := range w.records("sns", "SMS") {
		if m["phone_number"] == phone {
			out = append(out, fmt.Sprint(m["message"]))
		}
	}
	return out
}

func (w *world) emails(addr string) []string {
	w.t.Helper()
	var out []string
	for _, m := range w.records("ses", "Message") {
		dest, _ := m["destinations"].(map[string]any)
		to, _ := dest["ToAddresses"].([]any)
		for _, a := range to {
			if strings.Contains(fmt.Sprint(a), addr) {
				out = append(out, fmt.Sprint(m["subject"]))
			}
		}
	}
	return out
}

func (w *world) records(service, model string) []map[string]any {
	w.t.Helper()
	data, err := w.srv.Data(w.ctx)
	if err != nil {
		w.t.Fatal(err)
	}
	svc, _ := data[service].(map[string]any)
	list, _ := svc[model].([]any)
	var out []map[string]any
	for _, v := range list {
		if m, ok := v.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// lead reads a lead through the API, as an integration does.
func (w *world) lead(id string) (owner string, types []string) {
	w.t.Helper()
	ev := events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: "/leads/" + id,
		RequestContext: events.APIGatewayProxyRequestContext{Identity: events.APIGatewayRequestIdentity{APIKeyID: "k-dms"}}}
	resp, err := w.api.Serve(w.ctx, ev)
	if err != nil || resp.StatusCode != 200 {
		w.t.Fatalf("GET /leads/%s: %v %d %s", id, err, resp.StatusCode, resp.Body)
	}
	var v struct {
		Owner    *struct{ ID string }
		Timeline []struct{ Type string }
	}
	if err := json.Unmarshal([]byte(resp.Body), &v); err != nil {
		w.t.Fatal(err)
	}
	for _, e := range v.Timeline {
		types = append(types, e.Type)
	}
	if v.Owner != nil {
		owner = v.Owner.ID
	}
	return owner, types
}

func count(types []string, want string) int {
	n := 0
	for _, t := range types {
		if t == want {
			n++
		}
	}
	return n
}
