package lead

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// domain lists the packages that must stay pure: decisions only, no I/O, no clock.
var domain = []string{
	"github.com/leadclock/leadclock/shared/lead",
	"github.com/leadclock/leadclock/shared/roster",
	"github.com/leadclock/leadclock/shared/nudge",
}

type listed struct {
	ImportPath string
	Dir        string
	Standard   bool
	Imports    []string
	GoFiles    []string
}

func goList(t *testing.T, args ...string) []listed {
	t.Helper()
	out, err := exec.Command("go", append([]string{"list", "-json"}, args...)...).Output()
	if err != nil {
		t.Fatalf("go list %v: %v", args, err)
	}
	var pkgs []listed
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p listed
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// TestDomainIsPure checks what the domain imports, directly and through its
// dependencies, and that it never reads the clock.
func TestDomainIsPure(t *testing.T) {
	// Packages that do I/O. os and io/fs are reachable through fmt and time, so the
	// domain may not import them directly; the rest may not be reachable at all.
	ioDirect := []string{"os", "io/fs", "io/ioutil", "bufio"}
	ioAnywhere := []string{"net", "net/http", "os/exec", "database/sql", "log", "log/slog", "crypto/rand", "math/rand", "math/rand/v2", "embed"}

	for _, p := range goList(t, domain...) {
		for _, imp := range p.Imports {
			if slices.Contains(ioDirect, imp) || slices.Contains(ioAnywhere, imp) {
				t.Errorf("%s imports %s", p.ImportPath, imp)
			}
		}
	}
	for _, p := range goList(t, append([]string{"-deps"}, domain...)...) {
		switch {
		case strings.HasPrefix(p.ImportPath, "github.com/aws/"):
			t.Errorf("the domain depends on %s", p.ImportPath)
		case !p.Standard && !slices.Contains(domain, p.ImportPath):
			t.Errorf("the domain depends on %s, which is not the standard library", p.ImportPath)
		case slices.Contains(ioAnywhere, p.ImportPath):
			t.Errorf("the domain depends on %s", p.ImportPath)
		}
	}

	clock := map[string]bool{"Now": true, "Since": true, "Until": true, "Sleep": true, "After": true, "Tick": true, "NewTimer": true, "NewTicker": true, "AfterFunc": true}
	for _, p := range goList(t, domain...) {
		for _, name := range p.GoFiles {
			path := filepath.Join(p.Dir, name)
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "time" && clock[sel.Sel.Name] {
					t.Errorf("%s calls time.%s: the domain takes the time as an argument", path, sel.Sel.Name)
				}
				return true
			})
		}
	}
}
