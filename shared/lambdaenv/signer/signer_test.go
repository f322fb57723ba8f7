package signer

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/leadclock/leadclock/shared/action"
)

type secrets struct {
	value *string
	err   error
	asked []string
}

func (s *secrets) GetSecretValue(_ context.Context, in *secretsmanager.GetSecretValueInput, _ ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error) {
	s.asked = append(s.asked, aws.ToString(in.SecretId))
	if s.err != nil {
		return nil, s.err
	}
	return &secretsmanager.GetSecretValueOutput{SecretString: s.value}, nil
}

func TestFetch(t *testing.T) {
	const arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:links"
	good := strings.Repeat("k", action.MinSecretLen)
	tests := []struct {
		name string
		arn  string
		sm   *secrets
		err  string
	}{
		{"the secret", arn, &secrets{value: aws.String(good)}, ""},
		{"no ARN configured", "", &secrets{value: aws.String(good)}, "LEADCLOCK_LINK_SECRET_ARN not set"},
		{"Secrets Manager fails", arn, &secrets{err: errors.New("AccessDeniedException")}, "read the action-link secret: AccessDeniedException"},
		{"a binary secret", arn, &secrets{}, "holds no string"},
		{"too short to sign with", arn, &secrets{value: aws.String("short")}, "the action-link secret: action signer: secret is 5 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Fetch(context.Background(), tt.sm, tt.arn)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one saying %q", err, tt.err)
				}
				return
			}
			if err != nil || s == nil {
				t.Fatalf("signer %v, %v", s, err)
			}
			if len(tt.sm.asked) != 1 || tt.sm.asked[0] != arn {
				t.Errorf("asked for %v, want the ARN once", tt.sm.asked)
			}
			want, _ := action.NewSigner([]byte(good))
			c := action.Claims{Lead: "L1", Rep: "alice"}
			if got := s.Sign(c); got != want.Sign(c) {
				t.Errorf("signs with another key: %s", got)
			}
		})
	}
}
