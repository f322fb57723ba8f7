package stack

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/lambdaenv"
)

// configLayerFile is where the config sits inside the layer's directory: Lambda
// extracts a layer's content under /opt, so that it lands on lambdaenv.DefaultConfig.
var configLayerFile = strings.TrimPrefix(lambdaenv.DefaultConfig, layerRoot+"/")

// layerRoot is where Lambda extracts layers.
const layerRoot = "/opt"

// stageConfig writes the config the functions read to dir/leadclock/dealer.yaml and
// returns dir, the layer's content. It is the file as ops wrote it without the
// providers' and integrations' API keys (on AWS, API Gateway holds the keys; a layer
// is readable by anyone who may read the function's code) and without comments,
// which may hold anything. The result is checked to load as the original did.
func stageConfig(cfg *dealer.Config, dir string) (string, error) {
	data, err := os.ReadFile(cfg.File)
	if err != nil {
		return "", fmt.Errorf("stage the config layer: %w", err)
	}
	stripped, err := withoutAPIKeys(data)
	if err != nil {
		return "", fmt.Errorf("stage the config layer from %s: %w", cfg.File, err)
	}
	if stripped, err = withE164Phones(stripped, cfg); err != nil {
		return "", fmt.Errorf("stage the config layer from %s: %w", cfg.File, err)
	}
	// The functions read it with dealer.CheckedE164, without the phone number library.
	path := filepath.Join(dir, configLayerFile)
	if _, err := dealer.Parse(path, stripped, dealer.CheckedE164); err != nil {
		return "", fmt.Errorf("the config as the functions read it no longer loads: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", fmt.Errorf("stage the config layer: %w", err)
	}
	// Written beside and renamed, so that a synth running at the same time never
	// packages half a file.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, stripped, 0o644); err != nil {
		return "", fmt.Errorf("stage the config layer: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", fmt.Errorf("stage the config layer: %w", err)
	}
	return dir, nil
}

// withoutAPIKeys returns the YAML document with the apiKey of every provider and
// integration removed, and every comment dropped.
func withoutAPIKeys(data []byte) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("read YAML: %w", err)
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("want a YAML mapping at the top")
	}
	root := doc.Content[0]
	for _, section := range []string{"providers", "integrations"} {
		list := value(root, section)
		if list == nil || list.Kind != yaml.SequenceNode {
			continue
		}
		for _, client := range list.Content {
			if client.Kind == yaml.MappingNode {
				deleteKey(client, "apiKey")
			}
		}
	}
	dropComments(&doc)
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, fmt.Errorf("write YAML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("write YAML: %w", err)
	}
	return out.Bytes(), nil
}

// withE164Phones writes every rep's phone number as the validated config holds it, in
// E.164, so that the functions need not read numbers written for people.
func withE164Phones(data []byte, cfg *dealer.Config) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("read YAML: %w", err)
	}
	reps := value(doc.Content[0], "reps")
	if reps != nil && reps.Kind == yaml.SequenceNode {
		for _, r := range reps.Content {
			id, num := value(r, "id"), value(r, "phone")
			if r.Kind != yaml.MappingNode || id == nil || num == nil {
				continue
			}
			rep, ok := cfg.Team.Rep(id.Value)
			if !ok {
				return nil, fmt.Errorf("rep %q is not in the validated config", id.Value)
			}
			num.Value, num.Style = rep.Phone, yaml.DoubleQuotedStyle
		}
	}
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, fmt.Errorf("write YAML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("write YAML: %w", err)
	}
	return out.Bytes(), nil
}

// value returns the value of key in a mapping node, or nil.
func value(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func deleteKey(m *yaml.Node, key string) {
	kept := m.Content[:0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != key {
			kept = append(kept, m.Content[i], m.Content[i+1])
		}
	}
	m.Content = kept
}

func dropComments(n *yaml.Node) {
	n.HeadComment, n.LineComment, n.FootComment = "", "", ""
	for _, c := range n.Content {
		dropComments(c)
	}
}
