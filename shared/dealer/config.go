// Package dealer loads and validates a dealership's config: one YAML file per
// dealership saying who works there and when, the follow-up policy, the lead
// providers and integrations, and how nudges go out. Local mode, the CDK app and the
// validate command all read configs through it, so they agree on what is valid and
// say so in the same words.
package dealer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
	_ "time/tzdata" // time zones must load the same on a laptop and in a Lambda

	yaml "go.yaml.in/yaml/v3"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/roster"
)

// Config is a validated dealership config.
type Config struct {
	// File is where the config was read from, for messages.
	File          string
	Dealership    Dealership
	Policy        lead.Policy
	Team          roster.Team
	Providers     []Provider
	Integrations  []Integration
	Notifications Notifications
	Report        Report
}

// Dealership says which dealership a config is for.
type Dealership struct {
	// ID names the dealership's stack and resources: lowercase letters, digits, dashes.
	ID       string
	Name     string
	Timezone string
	// Region is the ISO 3166 country whose numbering plan reps' and customers' local
	// phone numbers are read in.
	Region string
}

// Provider is a lead source allowed to post leads.
type Provider struct {
	ID   string
	Name string
	// APIKey authenticates the provider in local mode; on AWS, API Gateway issues keys.
	APIKey string
	// SigningSecrets, when set, oblige every lead from the provider to carry a valid
	// X-LeadClock-Signature made with one of them. There are two while a secret is
	// rotated, the new one first; otherwise one.
	SigningSecrets [][]byte
}

// Integration is a system (the dealer's CRM, a phone system) that may read leads and
// log activities.
type Integration struct {
	ID     string
	APIKey string
}

// Notifications says how nudges reach reps.
type Notifications struct {
	SMS   bool
	Email bool
	// From is the sender address of emails.
	From string
	// BundleWindow is how long after a nudge further nudges to the same person are
	// held and sent together, so that nobody is flooded. Zero sends each at once.
	BundleWindow time.Duration
}

// DefaultBundleWindow is the bundle window when a config gives none: short enough to
// leave most of a five-minute SLA, long enough to gather a burst.
const DefaultBundleWindow = time.Minute

// Channels returns the enabled notification channels.
func (c *Config) Channels() []lead.Channel {
	var out []lead.Channel
	if c.Notifications.SMS {
		out = append(out, lead.SMS)
	}
	if c.Notifications.Email {
		out = append(out, lead.Email)
	}
	return out
}

// Engine returns the settings the engine runs this dealership with.
func (c *Config) Engine() engine.Settings {
	return engine.Settings{Team: c.Team, Policy: c.Policy, Channels: c.Channels(), BundleWindow: c.Notifications.BundleWindow}
}

// Load reads and validates the config file at path, reading its phone numbers with
// phones.
func Load(path string, phones Phones) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read dealership config: %w", err)
	}
	return Parse(path, data, phones)
}

// Parse validates a config, reading its phone numbers with phones; name is used in
// messages. Any problem yields an *Error listing all of them.
func Parse(name string, data []byte, phones Phones) (*Config, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &Error{File: name, Problems: decodeProblems(err, positions{})}
	}
	pos := indexDocument(&doc)
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{File: name, Problems: []Problem{{Message: "the file is empty"}}}
		}
		return nil, &Error{File: name, Problems: decodeProblems(err, pos)}
	}
	v := validator{pos: pos, phones: phones}
	cfg := v.config(&f)
	if len(v.problems) > 0 {
		return nil, &Error{File: name, Problems: v.problems}
	}
	cfg.File = name
	return cfg, nil
}
