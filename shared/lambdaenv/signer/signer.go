// Package signer gives a Lambda function the action-link signer, whose secret is in
// Secrets Manager. The api function verifies one-tap links with it; dispatch and
// report sign the links their messages carry. It is apart from lambdaenv/linked so
// that the api function starts without the notifier, the scheduler and their SDK
// clients, which it never uses.
package signer

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/leadclock/leadclock/shared/action"
	"github.com/leadclock/leadclock/shared/lambdaenv"
)

// Start starts fetching the secret in the background and returns the function that
// waits for it: a cold start does not wait on Secrets Manager before taking its first
// event; the first event that needs the signer does. The secret is fetched once.
func Start(d *lambdaenv.Deps) func() (*action.Signer, error) {
	sm := secretsmanager.NewFromConfig(d.AWS)
	get := sync.OnceValues(func() (*action.Signer, error) {
		return Fetch(context.Background(), narrow{get: sm.GetSecretValue}, d.Env.LinkSecret)
	})
	if d.Env.LinkSecret != "" {
		go get() //nolint:errcheck // the result is kept for the first caller
	}
	return get
}

// SecretGetter is the part of *secretsmanager.Client the secret is read with.
type SecretGetter interface {
	GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
}

// Fetch reads the secret named by arn and makes the signer from it.
func Fetch(ctx context.Context, sm SecretGetter, arn string) (*action.Signer, error) {
	if arn == "" {
		return nil, fmt.Errorf("environment: %s not set (the stack sets it)", lambdaenv.VarLinkSecret)
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	out, err := sm.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(arn)})
	if err != nil {
		return nil, fmt.Errorf("read the action-link secret: %w", err)
	}
	if out.SecretString == nil {
		return nil, fmt.Errorf("the action-link secret %s holds no string", arn)
	}
	signer, err := action.NewSigner([]byte(*out.SecretString))
	if err != nil {
		return nil, fmt.Errorf("the action-link secret: %w", err)
	}
	return signer, nil
}

// narrow holds only the operation Fetch calls, not the SDK's client (see dynamo.Narrow
// for why a client stored in an interface keeps all of its operations).
type narrow struct {
	get func(context.Context, *secretsmanager.GetSecretValueInput, ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
}

func (n narrow) GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error) {
	return n.get(ctx, in, opts...)
}
