package main

import (
	"fmt"
	"io"

	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/phone"
	"github.com/leadclock/leadclock/shared/roster"
)

// validate checks each config file and prints a summary of the valid ones and every
// problem of the others.
func validate(files []string, stdout, stderr io.Writer) int {
	if len(files) == 0 {
		fmt.Fprint(stderr, "usage: leadclock validate FILE...\n")
		return 2
	}
	status := 0
	for _, f := range files {
		cfg, err := dealer.Load(f, phone.Numbers)
		if err != nil {
			fmt.Fprintln(stderr, err)
			status = 1
			continue
		}
		fmt.Fprintf(stdout, "ok %s: %s\n", f, summary(cfg))
	}
	return status
}

func summary(c *dealer.Config) string {
	managers := 0
	for _, r := range c.Team.Reps {
		if r.Role == roster.Manager {
			managers++
		}
	}
	onCall := "no on-call rotation"
	if c.Team.OnCall != nil {
		onCall = fmt.Sprintf("on-call rotation of %d", len(c.Team.OnCall.Reps))
	}
	return fmt.Sprintf("%s (%s), %s; %d reps (%d managers), %s; first contact within %s, %d escalation steps; %d providers, %d integrations",
		c.Dealership.ID, c.Dealership.Name, c.Dealership.Timezone, len(c.Team.Reps), managers, onCall,
		c.Policy.FirstContact, len(c.Policy.Escalation), len(c.Providers), len(c.Integrations))
}
