// Package scheduler sets the engine's timers as EventBridge Scheduler one-time
// schedules, so a deadline fires the timer Lambda even when nothing else runs. It is
// the AWS side of engine.Scheduler; shared/memory and shared/bolt are the local
// sides, and all of them pass shared/schedtest.
//
// # Idempotence
//
// A timer's schedule name is derived from the timer alone (see Name), so a Schedule
// run twice meets ConflictException, which means it is already set, and a Cancel of a
// schedule that fired (ActionAfterCompletion DELETE removes it) or never existed
// meets ResourceNotFoundException, which means it is already gone. A timer scheduled
// again after it fired is created again and fires again: the engine treats a timer
// it no longer holds as a no-op, so that costs an invocation, not a wrong decision.
//
// # Precision and lateness
//
// Scheduler invokes a one-time schedule anywhere within the 60 seconds after its time,
// asynchronously. A schedule set at the deadline would therefore check up to a
// minute late. Instead each schedule is set Lead (one minute) before the deadline,
// truncated to the second, so it fires in the minute before the deadline; the
// payload carries the real deadline and the timer function calls Wait, which sleeps
// out the rest on the function's clock. A timer far enough ahead is thus checked on
// its deadline, late only by the invocation latency.
//
// A deadline less than Lead + MinAhead away, or already past, cannot be scheduled a
// minute early, and a schedule must never be set in the past: AWS may refuse it,
// or keep it without ever firing it. Such a schedule is set at the earliest time
// safely in the future: MinAhead (five seconds, for the request and a retry or two
// to reach AWS) after now, rounded up to the second. It fires within the minute
// after that; if that is before the deadline, Wait holds the check until the
// deadline. The check is thus late by at most MinAhead + 60 s counted from the
// later of now and the deadline, plus the invocation latency:
//
//	deadline from now    schedule at           check lands, at the latest
//	≥ Lead + MinAhead    deadline − Lead       on the deadline
//	60 s (a flush)       now + MinAhead        deadline + MinAhead (+ < 1 s)
//	30 s                 now + MinAhead        deadline + 35 s (+ < 1 s)
//	0 or past            now + MinAhead        now + MinAhead + 60 s (+ < 1 s)
//
// This case is common, not exotic: a bundling window of a minute schedules its
// flush a minute ahead. Rounding the earliest time up to the next whole minute
// instead would guard against a scheduler that fires on minute boundaries only, but
// would make such flushes up to two minutes late; the documented precision (between
// 1:00:00 and 1:00:59 for a schedule at 1:00) does not call for it. A create so
// slow that its time passes before AWS reads it fails, and the runner retries it
// with a time computed afresh from its clock.
//
// Wait refuses to sleep past the caller's context deadline or longer than MaxWait
// (three minutes); it returns ErrEarly instead, so the invocation fails and Lambda's
// asynchronous retry, or the engine's sweep, fires the timer later rather than
// never. The timer function's timeout must therefore exceed the wait it allows
// plus the time to handle a timer; a timer costs up to a minute of waiting.
//
// # Time zones
//
// The expression is written in Config.Location with ScheduleExpressionTimezone set to
// its name, so a schedule reads in the dealership's time in the console. A local time
// that daylight saving time makes ambiguous (the repeated hour in autumn) is written
// in UTC instead: Scheduler runs such a time once, at an occurrence this package
// cannot choose.
//
// # Failed invocations
//
// Each schedule's target carries a retry policy (RetryAttempts attempts within
// MaxEventAge) and the stack's SQS dead-letter queue, which receives the timers
// Scheduler could not deliver to the function. By then the engine's sweep has
// fired the due timer from the store; the queue is for operators to see that
// invocations fail.
//
// The role the adapter runs under needs scheduler:CreateSchedule and
// scheduler:DeleteSchedule on the group's schedules and iam:PassRole on the
// scheduler role, which needs lambda:InvokeFunction on the timer function and
// sqs:SendMessage on the queue.
package scheduler
