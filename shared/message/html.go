package message

import (
	"bytes"
	"html/template"
	"strings"
)

// page is the HTML part. Mail clients drop <style> blocks and external sheets, so
// every style is inline; the layout is one column of cards with a full-width button,
// because the reader is on a phone. html/template escapes every value: customer
// names and comments come from lead providers and reach the rep's mail client.
var page = template.Must(template.New("email").Parse(`<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{.Subject}}</title></head>
<body style="margin:0;padding:16px;background-color:#f3f4f6;font-family:Helvetica,Arial,sans-serif;color:#111827">
<div style="max-width:560px;margin:0 auto">
<p style="margin:0 0 12px;font-size:14px;color:#4b5563">{{.Dealership}}{{if gt (len .Items) 1}} · {{len .Items}} updates{{end}}</p>
{{- range .Items}}
<div style="margin:0 0 16px;padding:16px;background-color:#ffffff;border-radius:8px">
<p style="margin:0 0 4px;font-size:13px;font-weight:bold;text-transform:uppercase;color:{{if .Urgent}}#b91c1c{{else}}#4b5563{{end}}">{{.Title}}</p>
<p style="margin:0 0 8px;font-size:18px;font-weight:bold">{{.Who}}</p>
<p style="margin:0 0 16px;font-size:16px">{{.Detail}}</p>
{{- if .Link}}
<a href="{{.Link}}" style="display:block;padding:14px 16px;background-color:#1d4ed8;border-radius:6px;color:#ffffff;font-size:18px;font-weight:bold;text-align:center;text-decoration:none">{{.Action}}</a>
{{- end}}
{{- if or .Phone .Email}}
<p style="margin:12px 0 0;font-size:16px">
{{- if .Phone}}<a href="{{.Tel}}" style="color:#1d4ed8">Call {{.Phone}}</a> · <a href="{{.SMS}}" style="color:#1d4ed8">Text</a>{{end}}
{{- if and .Phone .Email}} · {{end}}
{{- if .Email}}<a href="mailto:{{.Email}}" style="color:#1d4ed8">Email {{.Email}}</a>{{end -}}
</p>
{{- end}}
</div>
{{- end}}
{{- if .Note}}
<p style="margin:0 0 16px;padding:12px 16px;background-color:#fef3c7;border-radius:8px;font-size:14px">{{.Note}}</p>
{{- end}}
<p style="margin:0;font-size:12px;color:#6b7280">{{.Footer}}</p>
</div>
</body>
</html>
`))

type pageData struct {
	Subject, Dealership, Footer, Note string
	Items                             []pageItem
}

type pageItem struct {
	Title, Who, Detail, Action, Link string
	Urgent                           bool
	Phone, Email                     string
	// Tel and SMS are marked safe because html/template refuses URL schemes it does
	// not know; firstPhone has checked the number is only a plus and digits.
	Tel, SMS template.URL
}

func (r Renderer) emailHTML(subject string, entries []entry, note string) string {
	dealer := clean(r.Dealership, 40)
	data := pageData{Subject: subject, Dealership: dealer, Footer: footer(dealer), Note: note}
	for _, e := range entries {
		it := pageItem{Title: e.say.title, Who: who(e, "–", true), Detail: e.say.detail, Action: e.say.action, Link: e.link, Urgent: e.say.urgent}
		if e.say.urgent && e.lead != nil {
			if p := firstPhone(e.lead.Customer); p != "" {
				it.Phone, it.Tel, it.SMS = p, template.URL("tel:"+p), template.URL("sms:"+p)
			}
			it.Email = firstEmail(e.lead.Customer)
		}
		data.Items = append(data.Items, it)
	}
	var b bytes.Buffer
	if err := page.Execute(&b, data); err != nil {
		// The template is fixed and its data plain strings: failing here is a bug in
		// this package, and a text-only email still reaches the rep.
		return ""
	}
	return strings.TrimSpace(b.String()) + "\n"
}
