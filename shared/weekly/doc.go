// Package weekly writes the report a sales manager gets every week without asking: the
// follow-up figures of the week that ended beside those of the week before, the leads
// that went quiet and those closed before anyone really tried, each one tap away, and
// how long customers waited for a first contact, drawn so that it shows in any mail
// client. A CRM is honest about follow-up only if someone looks; this puts it in front
// of the person who can act on it.
//
// The figures are package followup's, defined there once; this package chooses the
// weeks, reads their leads and renders them. Both weeks are measured with the same
// lag: this week as of the moment the report is made, last week as of the same moment
// a week earlier, so that a lead received on Sunday night has had as long to be called
// in one column as in the other, and the last-week column says what last week's report
// said.
//
// Customers are named as in logs (first name and last initial), never with a phone
// number or an email address: a report is forwarded, printed and left on desks.
package weekly
