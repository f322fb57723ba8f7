package notify

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/roster"
)

func TestUndeliverableWithoutAsking(t *testing.T) {
	tests := []struct {
		name string
		rep  roster.Rep
		ch   lead.Channel
		want error
	}{
		{"text to a rep without a phone", roster.Rep{ID: "eve", Email: "eve@example.com"}, lead.SMS, ErrNoAddress},
		{"email to a rep without an address", roster.Rep{ID: "eve", Phone: "+13125550145"}, lead.Email, ErrNoAddress},
		{"unknown channel", rep, lead.Channel("pager"), engine.ErrUndeliverable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client := &script{}
			n, err := New(Config{Email: client, SMS: client, Renderer: renderer(), From: "leads@example.com"})
			if err != nil {
				t.Fatal(err)
			}
			err = n.Send(context.Background(), delivery(tt.rep, tt.ch, lead.NoticeNewLead))
			if !errors.Is(err, tt.want) || !errors.Is(err, engine.ErrUndeliverable) {
				t.Errorf("Send: %v, want %v and engine.ErrUndeliverable", err, tt.want)
			}
			if err != nil && !strings.Contains(err.Error(), tt.rep.ID) {
				t.Errorf("error %q does not name the rep", err)
			}
			if client.calls != 0 || client.checkCalls != 0 {
				t.Errorf("asked AWS %d times", client.calls+client.checkCalls)
			}
		})
	}
}

func TestNewRefusesIncompleteConfig(t *testing.T) {
	client := &script{}
	ok := Config{Email: client, SMS: client, Renderer: renderer(), From: "leads@example.com"}
	tests := []struct {
		name   string
		change func(*Config)
	}{
		{"no SES client", func(c *Config) { c.Email = nil }},
		{"no SNS client", func(c *Config) { c.SMS = nil }},
		{"no sender", func(c *Config) { c.From = "" }},
		{"sender not an address", func(c *Config) { c.From = "leads" }},
		{"origination number not E.164", func(c *Config) { c.OriginationNumber = "312-555-0100" }},
		{"no attempts", func(c *Config) { c.Backoff = Backoff{Base: 1, Max: 2} }},
		{"cap below base", func(c *Config) { c.Backoff = Backoff{Attempts: 2, Base: 2, Max: 1} }},
	}
	if _, err := New(ok); err != nil {
		t.Fatalf("complete config refused: %v", err)
	}
	for _, tt := range tests {
		cfg := ok
		tt.change(&cfg)
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: accepted", tt.name)
		}
	}
}

func TestWithNote(t *testing.T) {
	d := delivery(rep, lead.Email, lead.NoticeNewLead, lead.NoticeWarning)
	html := renderer().Render(d).HTML
	got := withNote(html, "Texts <off> & so on")
	block := `<div style="max-width:560px;margin:0 auto 12px"><p style="margin:0;padding:12px 16px;background-color:#fef3c7;border-radius:8px;font-size:14px">` +
		"Texts &lt;off&gt; &amp; so on</p></div>\n"
	body, note, content := strings.Index(got, "<body"), strings.Index(got, block), strings.Index(got, "Demo Motors")
	if body < 0 || note < body || content < note {
		t.Errorf("note not escaped, or not first in the body (body %d, note %d, content %d):\n%s", body, note, content, got)
	}
	if strings.Replace(got, block, "", 1) != html {
		t.Errorf("the rendered HTML changed beyond the note:\n%s", got)
	}
	if withNote("", "note") != "" {
		t.Error("a note alone made an HTML part out of none")
	}
	if got := withNote("<p>fragment</p>", "note"); !strings.HasPrefix(got, "<div") || !strings.HasSuffix(got, "<p>fragment</p>") {
		t.Errorf("without a body tag: %q", got)
	}
}
