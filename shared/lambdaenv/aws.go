package lambdaenv

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// AWSConfig is the SDK configuration of a function, from the variables Lambda sets:
// the region, and the execution role's credentials. AWS_ENDPOINT_URL, when set, sends
// every client to one endpoint (an emulator, in tests).
//
// It stands in for the SDK's config.LoadDefaultConfig, which resolves the same thing
// in Lambda (environment credentials, read once and never refreshed, as here) but
// imports the clients of every other way to find credentials (STS, SSO, SSO OIDC, the
// console sign-in), whose initialisation is a tenth of a cold start and whose code is
// a megabyte of each binary. Anything else a function's clients need (retries, the
// HTTP client) they default themselves.
func AWSConfig(getenv func(string) string) (aws.Config, error) {
	region := getenv("AWS_REGION")
	if region == "" {
		return aws.Config{}, errors.New("AWS_REGION not set (Lambda sets it)")
	}
	id, secret := getenv("AWS_ACCESS_KEY_ID"), getenv("AWS_SECRET_ACCESS_KEY")
	if id == "" || secret == "" {
		return aws.Config{}, errors.New("AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY not set (Lambda sets them from the function's role)")
	}
	cfg := aws.Config{
		Region:      region,
		Credentials: aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(id, secret, getenv("AWS_SESSION_TOKEN"))),
	}
	if u := getenv("AWS_ENDPOINT_URL"); u != "" {
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			return aws.Config{}, fmt.Errorf("AWS_ENDPOINT_URL %q: not an http(s) URL", u)
		}
		cfg.BaseEndpoint = aws.String(u)
	}
	return cfg, nil
}
