// Package followup measures follow-up discipline the way a good sales manager would:
// how long customers waited for a first contact, whether a second attempt followed,
// which leads went quiet, which were closed before anyone really tried, and who let
// deadlines pass. Managers act on these figures, so each one is defined here once, from
// the lead timelines (the source of truth), and computed without I/O or a clock: the
// window and the instant the figures are as of are parameters, and the same leads
// always give the same report.
//
// # Which leads count
//
// A lead belongs to the window [from, to) when it was received in it, and at or before
// now. Everything that follows counts for that lead whenever it happened: a lead
// received on Friday night and called on Monday morning counts in the week it arrived,
// with the weekend in its first-contact time. Timeline entries after now are ignored,
// so a report made again later for the same window and now is the same report.
//
// Merges and duplicates: a returning customer who asks again while their lead is open
// is not a new lead. The inquiry (an inquired entry) restarts no clock; it counts as
// merged, for the provider that sent it and for the rep who owned the lead then. A
// resend of a lead LeadClock already has never reaches a timeline and counts nowhere.
// A lead closed as duplicate or junk without a single contact attempt is nobody waiting
// for a call: it is excluded from the contact figures (first and second contact) but
// counted among the leads, and listed among the leads closed early with who closed it,
// so that closing leads away cannot quietly improve the numbers.
//
// # The measures
//
// First contact is the time from receipt to the first contact attempt, whatever its
// evidence. The business first contact counts from when the first-contact clock
// started instead: the receipt, or, for a lead queued because nobody was on duty, the
// moment it was given to a rep when a shift opened (or its first contact, had that come
// sooner). Median and 90th percentile interpolate linearly between the nearest ranks
// (as a spreadsheet's PERCENTILE.INC does). Within a limit includes the limit; the SLA
// is the lead's own, from the policy it was received under. Shares are over the leads
// measured; never is the share not contacted as of now, of which awaiting counts those
// still open.
//
// A contacted lead is due a second attempt once it had one, or once 48 hours passed
// after its first contact without it being closed. The share within 48 hours is over
// the due leads; the median gap is over the leads with a second attempt; leads without
// one counts the due leads that had none.
//
// A lead is stalled when it was contacted, is open as of now, and its last contact
// attempt is at least its policy's stalledAfter old: the engine's rule, applied as of
// now whether or not its stall timer fired. Notes, reminders and notices are not
// follow-up and keep no lead alive.
//
// A lead is closed early when it was closed with fewer than three contact attempts.
//
// Each first-contact deadline that passes is a deadline missed: a reroute counts for
// the rep the lead was taken from, an escalation (the lead offered to every rep, or the
// managers paged) for the rep who owned it.
//
// A queued lead is one that waited because nobody was on duty, from receipt until it
// was given to a rep, contacted or closed, or until now while it still waits.
//
// Contact attempts are counted by how LeadClock knows of them: self-reported by a rep
// (the action link), recorded by an integration (a phone system, the dealer's CRM), or
// sent by LeadClock itself. All attempts and each lead's first contact are counted so,
// and a first-contact time propped up by taps alone shows.
//
// # Whom a lead counts for
//
// Every lead counts for the dealership and for the provider that sent it. Per rep, the
// leads, their first contact and their queueing count for the rep the lead was first
// given to, who answers for the first contact even when the lead was taken from them;
// the second contact, stalled and closed-early leads for the lead's owner as of now,
// whose follow-up it is (a contacted lead never changes hands); reroutes, escalations,
// attempts and merges as said above.
package followup
