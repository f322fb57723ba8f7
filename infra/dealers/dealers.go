// Package dealers holds the example dealership configs. Demo is built into the
// leadclock binary, so that it runs with no file at hand.
package dealers

import _ "embed"

// Demo is infra/dealers/demo-motors.yaml.
//
//go:embed demo-motors.yaml
var Demo []byte

// DemoName is the name Demo is reported under in messages.
const DemoName = "infra/dealers/demo-motors.yaml (built in)"
