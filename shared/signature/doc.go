// Package signature signs and checks the X-LeadClock-Signature header that lead
// providers may be required to send with each lead.
//
// An API key is a bearer credential: it travels with every request, so anyone who
// sees one (a proxy log, a leaked debug dump) can post leads as that provider, and it
// says nothing about the body it came with. A signature is an HMAC-SHA256 over the
// time of sending and the raw body under a secret that never travels: it proves the
// lead came from the provider, unaltered, and recently, so that a captured request
// cannot be replayed once the tolerance has passed.
//
// The header is
//
//	X-LeadClock-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
//
// The scheme is versioned by key (v1) and a header may carry several v1 values, so a
// provider rotating its own keys can send both signatures; a dealership rotating the
// secret configures two, the new one first, and either is accepted until the old one
// is removed.
package signature
