// Package simulate is the dealership simulator: it runs LeadClock's real engine on
// virtual time against a modelled month at a dealership and reports the outcome beside
// the same team working from its CRM alone.
//
// A plan draws what both worlds share: the leads (arrival times by hour of the week,
// providers, returning customers, resends, each lead's fate) and every rep's days
// (the config's shifts, customers on the floor, breaks). Each world then runs the
// engine over an in-process store, firing its timers on their deadlines and handing
// every message to the simulated rep it is for, who answers it (or not) by the state
// they are in. The CRM-only world is the same engine with the config's notification
// channels, escalation steps, warning and on-call rotation taken away; the simulator
// has no rules of its own. Both are measured by followup.Measure from the timelines
// the engine wrote.
//
// Every assumption is a field of Model, overridable from YAML; docs/SIMULATION.md
// gives each default with its source, or says it is an assumption. The same seed,
// config and model give a byte-identical report.
package simulate
