package lambdaenv

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

func TestAWSConfig(t *testing.T) {
	lambda := map[string]string{
		"AWS_REGION": "us-east-2", "AWS_ACCESS_KEY_ID": "ASIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret",
		"AWS_SESSION_TOKEN": "token",
	}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for k, v := range lambda {
			m[k] = v
		}
		m[k] = v
		return m
	}
	tests := []struct {
		name     string
		env      map[string]string
		endpoint string
		err      string
	}{
		{"as Lambda sets it", lambda, "", ""},
		{"an emulator", with("AWS_ENDPOINT_URL", "http://127.0.0.1:5000"), "http://127.0.0.1:5000", ""},
		{"no region", with("AWS_REGION", ""), "", "AWS_REGION not set"},
		{"no key id", with("AWS_ACCESS_KEY_ID", ""), "", "AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY not set"},
		{"no secret", with("AWS_SECRET_ACCESS_KEY", ""), "", "AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY not set"},
		{"an endpoint without a scheme", with("AWS_ENDPOINT_URL", "127.0.0.1:5000"), "", "not an http(s) URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := AWSConfig(func(k string) string { return tt.env[k] })
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one saying %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Region != tt.env["AWS_REGION"] || aws.ToString(cfg.BaseEndpoint) != tt.endpoint {
				t.Errorf("region %q, endpoint %q; want %q, %q", cfg.Region, aws.ToString(cfg.BaseEndpoint), tt.env["AWS_REGION"], tt.endpoint)
			}
			creds, err := cfg.Credentials.Retrieve(context.Background())
			if err != nil || creds.AccessKeyID != "ASIAEXAMPLE" || creds.SecretAccessKey != "secret" || creds.SessionToken != "token" {
				t.Errorf("credentials %+v, %v; want the role's from the environment", creds, err)
			}
		})
	}
}
