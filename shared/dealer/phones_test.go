package dealer

import "testing"

func TestCheckedE164(t *testing.T) {
	tests := []struct {
		raw  string
		want bool
	}{
		{"+13125550101", true},
		{"+442079460018", true},
		{"(312) 555-0101", false},
		{"13125550101", false},
		{"+0123456789", false},
		{"+1312555010123456", false},
		{"", false},
	}
	for _, tt := range tests {
		if got, ok := CheckedE164.E164(tt.raw, "US"); ok != tt.want || (ok && got != tt.raw) {
			t.Errorf("E164(%q) = %q, %v; want %v", tt.raw, got, ok, tt.want)
		}
	}
	for code, want := range map[string]bool{"US": true, "CA": true, "us": false, "USA": false, "": false} {
		if CheckedE164.Region(code) != want {
			t.Errorf("Region(%q) = %v, want %v", code, !want, want)
		}
	}
}
