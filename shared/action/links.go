package action

import "time"

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
