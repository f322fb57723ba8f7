package weekly

import (
	"strings"
	"testing"
)

// Customer names, vehicles and close reasons come from lead providers and reps, and
// the links from whatever Links was given: none of them may become markup in the
// manager's mail client.
func TestWeeklyHTMLEscapes(t *testing.T) {
	const script = `<script>alert("x" + 'y')</script>`
	const escaped = `&lt;script&gt;alert(&#34;x&#34; + &#39;y&#39;)&lt;/script&gt;`
	tests := []struct {
		name    string
		it      item
		buttons int
		want    []string
	}{
		{name: "https link", it: item{Customer: "Pat D.", Link: "https://leads.example.com/a/tok.en"}, buttons: 1,
			want: []string{`<a href="https://leads.example.com/a/tok.en" `}},
		{name: "local http link", it: item{Customer: "Pat D.", Link: "http://127.0.0.1:8080/a/tok.en"}, buttons: 1,
			want: []string{`<a href="http://127.0.0.1:8080/a/tok.en" `}},
		{name: "no link", it: item{Customer: "Pat D."}},
		{name: "javascript link", it: item{Customer: "Pat D.", Link: "javascript:alert(1)"}},
		{name: "javascript link in capitals", it: item{Customer: "Pat D.", Link: "JavaScript:alert(1)"}},
		{name: "data link", it: item{Customer: "Pat D.", Link: "data:text/html,<script>alert(1)</script>"}},
		{name: "link breaking out of its attribute", it: item{Customer: "Pat D.", Link: `https://x.example/" onclick="alert(1)`}, buttons: 1,
			want: []string{`href="https://x.example/&#34; onclick=&#34;alert(1)"`}},
		{name: "script in a customer name", it: item{Customer: script}, want: []string{`<p class="customer" style="margin:0;font-size:15px;font-weight:bold">` + escaped + `</p>`}},
		{name: "script in a vehicle", it: item{Customer: "Pat D.", Vehicle: script}, want: []string{`– ` + escaped + `</span>`}},
		{name: "script in a detail", it: item{Customer: "Pat D.", Detail: script}, want: []string{`>` + escaped + `</p>`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := view{Stalled: []item{tt.it}, StalledCount: 1}.html()
			if n := strings.Count(page, "<a "); n != tt.buttons {
				t.Errorf("%d buttons, want %d:\n%s", n, tt.buttons, page)
			}
			for _, bad := range []string{"<script", "javascript:", "JavaScript:", "data:", `" onclick`} {
				if strings.Contains(page, bad) {
					t.Errorf("the page holds %q:\n%s", bad, page)
				}
			}
			for _, s := range tt.want {
				if !strings.Contains(page, s) {
					t.Errorf("the page lacks %q:\n%s", s, page)
				}
			}
		})
	}
}
