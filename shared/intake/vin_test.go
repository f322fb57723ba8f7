package intake

import (
	"strings"
	"testing"
)

func TestVINProblem(t *testing.T) {
	tests := []struct {
		name, vin string
		want      string // a part of the problem; "" for none
	}{
		{"North American VIN with its check digit", "1HGCM82633A004352", ""},
		{"check digit X", "1M8GDM9AXKP042788", ""},
		{"all ones (check digit 1)", "11111111111111111", ""},
		{"one character mistyped", "1HGCM82633A004353", "check digit is 3, the other characters give 5"},
		{"two characters swapped", "1HGCM28633A004352", "check digit"},
		{"European VIN: no check digit required", "WVWZZZ1JZXW000001", ""},
		{"too short", "1HGCM82633A00435", "16 characters"},
		{"too long", "1HGCM82633A0043521", "18 characters"},
		{"letter O for zero", "1HGCM82633AO04352", `'O' is not a VIN character`},
		{"lower case is for the caller to fold", "1hgcm82633a004352", "is not a VIN character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := vinProblem(tt.vin)
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Fatalf("vinProblem(%q) = %q, want %q", tt.vin, got, tt.want)
			}
		})
	}
}
