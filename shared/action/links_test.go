package action

import "testing"

func TestIsWeb(t *testing.T) {
	tests := []struct {
		link string
		web  bool
	}{
		{"https://leads.example.com/a/token", true},
		{"http://127.0.0.1:8080/a/token", true},
		{"", false},
		{"javascript:alert(1)", false},
		{"JavaScript:alert(1)", false},
		{"data:text/html,<script>alert(1)</script>", false},
		{"//evil.example.com/a", false},
		{"HTTPS://leads.example.com/a/token", false}, // Action never writes it so
	}
	for _, tt := range tests {
		if got := IsWeb(tt.link); got != tt.web {
			t.Errorf("IsWeb(%q) = %t, want %t", tt.link, got, tt.web)
		}
	}
}
