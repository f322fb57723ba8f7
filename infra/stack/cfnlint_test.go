package stack_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// cfnLintAccepted are the cfn-lint findings kept, each with why.
var cfnLintAccepted = map[string]string{
	// CDK makes each function depend on its role's policy and on the role, which
	// its Role property already references. Redundant, and harmless: the policy
	// dependency is the one that matters (the function must not run before its
	// permissions exist), and CDK writes both.
	"W3005": "a function's DependsOn on its role, which CDK writes beside the policy's",
}

// TestTemplatesPassCfnLint runs cfn-lint on each template: no errors, and only the
// warnings accepted above. cfn-lint is required, not optional: a missing linter
// fails the test rather than skipping it. One run lints every template, as its
// start-up is most of its time.
func TestTemplatesPassCfnLint(t *testing.T) {
	lint, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Fatal("cfn-lint is not installed: install it with `pip install cfn-lint` (or `pipx install cfn-lint`)")
	}
	dir := t.TempDir()
	args := []string{"--format", "json", "--"}
	for _, sc := range scenarios {
		body, err := json.MarshalIndent(map[string]any(sc.get(t).tmpl), "", " ")
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, sc.name+".template.json")
		if err := os.WriteFile(path, body, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, path)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(lint, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("run cfn-lint: %v", err)
	}
	var findings []struct {
		Filename string
		Level    string
		Message  string
		Rule     struct{ Id string }
	}
	if err := json.Unmarshal(stdout.Bytes(), &findings); err != nil {
		t.Fatalf("cfn-lint output is not JSON (%v): %s %s", err, stdout.String(), stderr.String())
	}
	for _, f := range findings {
		if _, ok := cfnLintAccepted[f.Rule.Id]; ok && f.Level != "Error" {
			continue
		}
		t.Errorf("%s: cfn-lint %s %s: %s", filepath.Base(f.Filename), f.Level, f.Rule.Id, f.Message)
	}
	if err != nil && len(findings) == 0 {
		t.Errorf("cfn-lint failed without findings: %v: %s", err, stderr.String())
	}
}
