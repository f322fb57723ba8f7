package dealer

import yaml "go.yaml.in/yaml/v3"

// file is a dealership config as written. Every leaf is kept as text so that
// validation, not the YAML decoder, says what is wrong with a value and where.
type file struct {
	Dealership    fileDealership    `yaml:"dealership"`
	SLA           fileSLA           `yaml:"sla"`
	Escalation    []fileStep        `yaml:"escalation"`
	Cadence       []string          `yaml:"cadence"`
	Reps          []fileRep         `yaml:"reps"`
	OnCall        *fileOnCall       `yaml:"onCall"`
	Providers     []fileProvider    `yaml:"providers"`
	Integrations  []fileIntegration `yaml:"integrations"`
	Notifications fileNotifications `yaml:"notifications"`
	Report        *fileReport       `yaml:"report"`
}

type fileDealership struct {
	ID       string `yaml:"id"`
	Name     string `yaml:"name"`
	Timezone string `yaml:"timezone"`
	Region   string `yaml:"region"`
}

type fileSLA struct {
	FirstContact  string `yaml:"firstContact"`
	WarnBefore    string `yaml:"warnBefore"`
	SecondContact string `yaml:"secondContact"`
	StalledAfter  string `yaml:"stalledAfter"`
}

type fileStep struct {
	Action string `yaml:"action"`
	After  string `yaml:"after"`
	Repeat *int   `yaml:"repeat"`
}

type fileRep struct {
	ID    string `yaml:"id"`
	Name  string `yaml:"name"`
	Phone string `yaml:"phone"`
	Email string `yaml:"email"`
	Role  string `yaml:"role"`
	// Shifts is a mapping of day specs to hours; kept as a node to keep its order
	// for messages about overlaps.
	Shifts yaml.Node `yaml:"shifts"`
}

type fileOnCall struct {
	Rotation []string `yaml:"rotation"`
	Handoff  string   `yaml:"handoff"`
	Length   string   `yaml:"length"`
	Start    string   `yaml:"start"`
}

type fileProvider struct {
	ID             string   `yaml:"id"`
	Name           string   `yaml:"name"`
	APIKey         string   `yaml:"apiKey"`
	SigningSecrets []string `yaml:"signingSecrets"`
}

type fileIntegration struct {
	ID     string `yaml:"id"`
	APIKey string `yaml:"apiKey"`
}

type fileNotifications struct {
	SMS          *bool  `yaml:"sms"`
	Email        *bool  `yaml:"email"`
	From         string `yaml:"from"`
	BundleWindow string `yaml:"bundleWindow"`
}
