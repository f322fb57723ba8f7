package lead

import "testing"

func TestIsE164(t *testing.T) {
	for s, want := range map[string]bool{
		"+13125550101": true, "+442079460018": true, "+12": true,
		"13125550101": false, "+0123": false, "+1312555010123456": false, "+1 312": false, "+": false, "": false,
	} {
		if IsE164(s) != want {
			t.Errorf("IsE164(%q) = %v, want %v", s, !want, want)
		}
	}
}
