// Package intake turns what a lead provider posts into an engine.Intake.
//
// It exists because providers are sloppy in ways the engine must not be: a phone in
// any of a dozen layouts, a year sent as text, an email with "mailto:" in front, a
// field in the wrong shape. Intake is forgiving about all of that, because a lead it
// rejects is a customer nobody calls; what it cannot make sense of is kept as a
// warning stored with the lead, so a rep still sees it. It refuses a lead only when
// the body cannot be read at all, or when nobody could contact the customer from it.
//
// Two formats come in: ADF, the auto industry's XML lead format, as providers really
// write it (ParseADF), and LeadClock's JSON (ParseJSON). Both are read into one body
// and share the normalisation, the warnings and the errors, so that the HTTP layer
// answers every provider in the same words.
package intake
