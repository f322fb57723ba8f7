package stack

import (
	"strings"
	"testing"
)

func TestForDealership(t *testing.T) {
	tests := []struct {
		value   string
		want    string
		wantErr string
	}{
		{"", "", ""},
		{"ops@example.com", "ops@example.com", ""},
		{"demo=+13125550150, north=+13125550151", "+13125550150", ""},
		{"north=+13125550151", "", ""},
		{"demo=", "", "want <dealership>=<value>"},
		{"demo=+13125550150,demo=+13125550151", "", "given twice"},
	}
	for _, tt := range tests {
		got, err := forDealership("smsOrigination", tt.value, "demo")
		switch {
		case tt.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "smsOrigination") {
				t.Errorf("%q: error %v, want one about smsOrigination saying %q", tt.value, err, tt.wantErr)
			}
		case err != nil:
			t.Errorf("%q: %v", tt.value, err)
		case got != tt.want:
			t.Errorf("%q: %q, want %q", tt.value, got, tt.want)
		}
	}
}
