package httpapi

import (
	"regexp"
	"strings"
	"testing"

	"github.com/leadclock/leadclock/shared/lead"
)

// safeHref is every link the page may make: a call or a text to a number in E.164, or
// an email to an address with nothing in it that could end the address or the link.
var safeHref = regexp.MustCompile(`^((tel|sms):\+[1-9][0-9]{1,14}|mailto:[^\s<>"]+)$`)

var hrefs = regexp.MustCompile(`href="([^"]*)"`)

// TestPageKeepsProviderValuesInert renders the page with values a lead provider or a
// customer could send: each shows as text, or is left out, and never becomes markup or
// a link that runs script.
func TestPageKeepsProviderValuesInert(t *testing.T) {
	const script = "<script>alert(1)</script>"
	const escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
	open := func(d pageData) pageData {
		d.Dealership, d.Lead, d.Open = "Test Motors", true, true
		return d
	}
	tests := []struct {
		name  string
		data  pageData
		shows []string
		never []string
	}{
		{
			name:  "script in the customer's name",
			data:  open(pageData{Customer: script}),
			shows: []string{"<title>" + escaped + " · Test Motors", `<h1 id="customer">` + escaped + "</h1>"},
		},
		{
			name: "script in every other value",
			data: open(pageData{Rep: script, Vehicle: script, Provider: script, Received: script, StatusLine: script,
				Deadline: script, Comments: script, Busy: script, Timeline: []string{script}, Flash: &flash{Text: script}}),
			shows: []string{"for " + escaped, `<div id="vehicle">` + escaped, escaped + " · received " + escaped,
				`<p id="status">` + escaped, "Call by " + escaped, "“" + escaped + "”", "busy until " + escaped,
				"<li>" + escaped + "</li>", `id="flash">` + escaped},
		},
		{
			name:  "script in an error",
			data:  pageData{Dealership: script, Error: &Problem{Title: script, Detail: `"bogus" & 'more'`}},
			shows: []string{"<h1>" + escaped + "</h1>", "<p>&#34;bogus&#34; &amp; &#39;more&#39;</p>"},
		},
		{
			name:  "quote in an email",
			data:  open(pageData{Emails: []string{`x"onmouseover="alert(1)@example.com`, "pat@example.com"}}),
			shows: []string{`<a href="mailto:pat@example.com">Email pat@example.com</a>`},
			never: []string{"onmouseover", `href="mailto:x`},
		},
		{
			name:  "space or angle brackets in an email",
			data:  open(pageData{Emails: []string{"pat doe@example.com", "<pat>@example.com", "pat\t@example.com"}}),
			never: []string{"mailto:"},
		},
		{
			name: "javascript: as a phone's number",
			data: open(pageData{Phones: []lead.Phone{
				{E164: "javascript:alert(1)", Raw: "(312) 555-0199", Valid: true},
				{E164: "+13125550123", Raw: "<b>(312) 555-0123</b>", Valid: true},
			}}),
			shows: []string{`<a href="tel:+13125550123">Call &lt;b&gt;(312) 555-0123&lt;/b&gt;</a><a href="sms:+13125550123">Text</a>`},
			never: []string{"javascript:", "555-0199"},
		},
		{
			name:  "plus and quotes in an email",
			data:  open(pageData{Emails: []string{"pat+cars@example.com", "o'hara@example.com"}}),
			shows: []string{`href="mailto:pat+cars@example.com"`, `href="mailto:o&#39;hara@example.com">Email o&#39;hara@example.com`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			if err := page(tc.data).Render(&b); err != nil {
				t.Fatal(err)
			}
			body := b.String()
			for _, s := range tc.shows {
				if !strings.Contains(body, s) {
					t.Errorf("page does not show %q:\n%s", s, body)
				}
			}
			for _, s := range append(tc.never, "<script", "javascript:", "<b>") {
				if strings.Contains(body, s) {
					t.Errorf("page holds %q:\n%s", s, body)
				}
			}
			for _, m := range hrefs.FindAllStringSubmatch(body, -1) {
				if !safeHref.MatchString(m[1]) {
					t.Errorf("link %q", m[1])
				}
			}
		})
	}
}
