package action

import (
	"strings"
	"time"
)

// Links mints the one-tap URLs nudges and reports carry: where reps reach the API,
// then /a/ and a token for the lead and the rep, valid for DefaultTTL.
type Links struct {
	// BaseURL is where reps reach the API ("https://leads.example.com"); no
	// trailing slash.
	BaseURL string
	Signer  *Signer
	Clock   interface{ Now() time.Time }
}

// Action returns the URL that lets the rep act on the lead.
func (l Links) Action(leadID, rep string) string {
	return l.BaseURL + "/a/" + l.Signer.Sign(Claims{Lead: leadID, Rep: rep, Expires: l.Clock.Now().Add(DefaultTTL)})
}

// IsWeb reports whether a link is an http(s) URL, the kind Action makes (http only in
// local mode). Messages and reports place a link in an href only then, whatever put
// it there: a javascript: or data: link must never become a button.
func IsWeb(link string) bool {
	return strings.HasPrefix(link, "https://") || strings.HasPrefix(link, "http://")
}
