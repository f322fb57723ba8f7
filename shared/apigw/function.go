package apigw

import (
	"fmt"

	"github.com/leadclock/leadclock/shared/action"
	"github.com/leadclock/leadclock/shared/httpapi"
	"github.com/leadclock/leadclock/shared/lambdaenv"
)

// Function returns the api function's handler: the HTTP API over the function's
// dependencies, the caller told by the API key API Gateway validated.
// sign waits for the action-link signer (lambdaenv/signer.Start).
func Function(d *lambdaenv.Deps, sign func() (*action.Signer, error)) (*Handler, error) {
	keys, err := ParseKeyIDs(d.Env.APIKeyIDs, d.Config)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", lambdaenv.VarAPIKeyIDs, err)
	}
	signer, err := sign()
	if err != nil {
		return nil, err
	}
	srv := &httpapi.Server{
		Commands: d.Engine, Reader: d.Store, Config: d.Config, Auth: keys, Signer: signer,
		Clock: d.Clock, BaseURL: d.Env.BaseURL, Log: d.Log,
	}
	return New(srv.Handler(), d.Log), nil
}
