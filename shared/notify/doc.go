// Package notify delivers the engine's messages to reps through AWS: texts with SNS,
// emails with SES v2. It is the AWS side of engine.Notifier; shared/outbox is the
// local side, and both render through shared/message, so a nudge reads the same
// whichever way it goes out.
//
// # Opted-out numbers
//
// SNS accepts a text to a number that replied STOP and silently drops it, so the
// rep would never hear of the lead. Before each text the notifier asks
// CheckIfPhoneNumberIsOptedOut; for an opted-out number it sends the message by
// email instead, saying why at its top, or, when the rep has no email address
// either, fails with an error wrapping ErrOptedOut (and engine.ErrUndeliverable).
//
// # Errors and retries
//
// Each AWS call is retried with bounded exponential backoff (Backoff) when AWS says
// to slow down or failed on its side: throttling codes (Throttling,
// TooManyRequestsException, SNS's Throttled...), 5xx answers, connection errors,
// as classified by the SDK's retry package plus the service codes it does not know.
// These retries come on top of the SDK client's own; after the last one the error is
// returned as it is and the runner tries the message again later.
//
// Errors no retry can fix — a rep without an address on the channel, the number or
// address AWS refuses (InvalidParameter, MessageRejected), a sender SES will not
// send from (MailFromDomainNotVerifiedException) — are returned at once, wrapping
// engine.ErrUndeliverable, so that the message is recorded as failed instead of
// retried forever. Anything else (access denied, a suspended or paused account) is
// returned at once without that mark: an operator has to act, and the message
// waits for them rather than being given up.
//
// AWS error messages often quote the phone number or address they refuse; the
// errors returned here keep the AWS error for errors.As but print only the
// operation, the error code and the request id, so that logging one never logs an
// address. Logs (log/slog) name reps by id, never by number or address.
//
// # Duplicates
//
// Neither SES nor SNS deduplicates what it is given, and this notifier keeps no
// record of what it sent (it is not an engine.OnceNotifier). The runner marks a send
// effect done right after Send returns (see engine.Runner), so a rep gets a message
// twice only if the process dies between the send and that mark, or a Send times out
// after AWS accepted the message.
package notify
