package lambdaenv

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

func TestReadAndNeed(t *testing.T) {
	env := Read(func(name string) string {
		return map[string]string{VarTable: "t", VarBaseURL: "https://api.example.com/prod/"}[name]
	})
	if env.Config != DefaultConfig || env.Table != "t" || env.BaseURL != "https://api.example.com/prod" {
		t.Errorf("read %+v: want the default config path, the table and the base URL without its trailing /", env)
	}
	tests := []struct {
		vars    []string
		missing string
	}{
		{[]string{VarTable, VarBaseURL}, ""},
		{[]string{VarTable, VarScheduleGroup, VarTimerARN}, "LEADCLOCK_SCHEDULE_GROUP, LEADCLOCK_TIMER_ARN not set"},
		{[]string{VarLinkSecret}, "LEADCLOCK_LINK_SECRET_ARN not set"},
	}
	for _, tt := range tests {
		err := env.Need(tt.vars...)
		if tt.missing == "" && err != nil || tt.missing != "" && (err == nil || !strings.Contains(err.Error(), tt.missing)) {
			t.Errorf("need(%v): %v, want %q", tt.vars, err, tt.missing)
		}
	}
}

func TestLoadWithRefuses(t *testing.T) {
	tests := []struct {
		name string
		env  Env
		want string
	}{
		{"no table", Env{Config: "../../infra/dealers/demo-motors.yaml"}, "LEADCLOCK_TABLE not set"},
		{"no config file", Env{Config: "/nonexistent/dealer.yaml", Table: "t"}, "dealership config (LEADCLOCK_CONFIG)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadWith(tt.env, awsConfigForTest(), nil, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}

func awsConfigForTest() aws.Config { return aws.Config{Region: "us-east-1"} }
