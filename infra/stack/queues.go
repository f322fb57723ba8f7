package stack

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdadestinations"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// queues are where work that failed for good lands, one queue per way of failing,
// so that an alarm says which. None of them is read by LeadClock: each is for ops
// to look into, and an alarm fires as soon as one holds a message.
type queues struct {
	// timerDeadLetters receives the timers EventBridge Scheduler could not deliver
	// to the timer function.
	timerDeadLetters awssqs.Queue
	// timerFailures receives the timers the function took and failed on, after
	// Lambda's asynchronous retries.
	timerFailures awssqs.Queue
	// streamFailures receives the outbox stream records the dispatcher gave up on.
	streamFailures awssqs.Queue
	// recurringDeadLetters receives the sweeps and reports Scheduler could not
	// deliver.
	recurringDeadLetters awssqs.Queue
}

func newQueues(scope constructs.Construct) queues {
	q := func(id string) awssqs.Queue {
		return awssqs.NewQueue(scope, jsii.String(id), &awssqs.QueueProps{
			Encryption:      awssqs.QueueEncryption_SQS_MANAGED,
			EnforceSSL:      jsii.Bool(true),
			RetentionPeriod: awscdk.Duration_Days(jsii.Number(14)), // the most SQS keeps
		})
	}
	return queues{
		timerDeadLetters:     q("TimerDeadLetters"),
		timerFailures:        q("TimerFailures"),
		streamFailures:       q("StreamFailures"),
		recurringDeadLetters: q("RecurringDeadLetters"),
	}
}

// all lists the queues with a word each for alarms and the dashboard.
func (q queues) all() []namedQueue {
	return []namedQueue{
		{"timers Scheduler could not deliver", q.timerDeadLetters},
		{"timers the timer function failed", q.timerFailures},
		{"outbox records the dispatcher gave up on", q.streamFailures},
		{"sweeps and reports Scheduler could not deliver", q.recurringDeadLetters},
	}
}

// namedQueue is a queue with what lands in it, in words.
type namedQueue struct {
	what  string
	queue awssqs.Queue
}

// retryAsync says what Lambda does when an asynchronous invocation fails. A timer
// the function failed on after two retries (a minute, then two later) is kept for
// ops; the sweeper has fired it from the table by then. A failed sweep is not
// retried: the next one is a minute away.
func retryAsync(fns lambdas, q queues) {
	fns.fns[FnTimer].ConfigureAsyncInvoke(&awslambda.EventInvokeConfigOptions{
		RetryAttempts: jsii.Number(2),
		MaxEventAge:   awscdk.Duration_Hours(jsii.Number(1)),
		OnFailure:     awslambdadestinations.NewSqsDestination(q.timerFailures),
	})
	fns.fns[FnSweep].ConfigureAsyncInvoke(&awslambda.EventInvokeConfigOptions{RetryAttempts: jsii.Number(0)})
}
