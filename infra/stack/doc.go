// Package stack defines one dealership's LeadClock on AWS as a CDK stack: the REST
// API with a key per lead provider and integration, the Lambda functions, the table
// and its outbox stream, the schedules, the link secret, the sender identity, and the
// alarms and dashboard ops watch it with.
//
// It exists apart from the CDK app's main so that tests build the very stack ops
// deploy, from a dealership config and a directory of built functions, and check
// its template before anyone deploys it. Everything the functions read at run time
// (environment names, table layout, the scheduler's timing) is imported from the
// packages that read it, so the stack and the code cannot drift apart silently.
//
// No resource is given a name: CloudFormation names them, so any number of
// dealerships live side by side in one account and region.
package stack
