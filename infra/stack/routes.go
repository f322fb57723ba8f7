package stack

// Route is one method and path of the HTTP API (shared/httpapi, docs/openapi.yaml)
// as API Gateway serves it.
type Route struct {
	Method string
	Path   string
	// Open routes take no API key: the action page, whose signed token in the path
	// is the credential a rep holds, and the health check. API Gateway refuses a
	// request to any other route that carries no key of this dealership's usage
	// plan before it reaches the function.
	Open bool
}

// Routes are the API's routes. The REST API lists them one by one rather than
// proxying every path, so that a request to anything else is answered by API
// Gateway without invoking a function.
//
// Routes that take either an integration key or a rep's action token
// (activities, availability) need a key here: API Gateway tells the function which
// key a request carried only on routes that require one, and integrations call
// them with their key. Reps log their contacts through the action page.
var Routes = []Route{
	{Method: "POST", Path: "/leads"},
	{Method: "GET", Path: "/leads"},
	{Method: "GET", Path: "/leads/{id}"},
	{Method: "POST", Path: "/leads/{id}/activities"},
	{Method: "PUT", Path: "/reps/{id}/availability"},
	{Method: "GET", Path: "/rejections"},
	{Method: "GET", Path: "/rejections/{id}"},
	{Method: "GET", Path: "/metrics"},
	{Method: "GET", Path: "/a/{token}", Open: true},
	{Method: "POST", Path: "/a/{token}", Open: true},
	{Method: "GET", Path: "/healthz", Open: true},
}
