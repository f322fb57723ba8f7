package stack

import (
	"reflect"
	"strings"
	"testing"

	"github.com/leadclock/leadclock/shared/dealer"
)

func TestParseKeyGenerations(t *testing.T) {
	tests := []struct {
		in      string
		want    KeyGenerations
		wantErr string
	}{
		{"", KeyGenerations{}, ""},
		{"demo/cars-com=2", KeyGenerations{"cars-com": {2}}, ""},
		{" demo/cars-com=2+1 , demo/dms=3 ", KeyGenerations{"cars-com": {1, 2}, "dms": {3}}, ""},
		{"other/cars-com=2", KeyGenerations{}, ""},
		{"demo/cars-com=2,other/cars-com=5", KeyGenerations{"cars-com": {2}}, ""},
		{"demo/cars-com", nil, "want <dealership>/<client>=<generation>"},
		{"cars-com=2", nil, "want <dealership>/<client>=<generation>"},
		{"demo/=2", nil, "want <dealership>/<client>=<generation>"},
		{"demo/cars-com=0", nil, "not a whole number from 1"},
		{"demo/cars-com=x", nil, "not a whole number from 1"},
		{"demo/cars-com=1+1", nil, "given twice"},
		{"demo/cars-com=1+2+3", nil, "two while rotating"},
		{"demo/cars-com=1,demo/cars-com=2", nil, "given twice"},
	}
	for _, tt := range tests {
		got, err := ParseKeyGenerations(tt.in, "demo")
		switch {
		case tt.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%q: error %v, want one saying %q", tt.in, err, tt.wantErr)
			}
		case err != nil:
			t.Errorf("%q: %v", tt.in, err)
		case !reflect.DeepEqual(got, tt.want):
			t.Errorf("%q: %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestClients(t *testing.T) {
	cfg := &dealer.Config{
		Dealership:   dealer.Dealership{ID: "demo"},
		Providers:    []dealer.Provider{{ID: "cars-com"}, {ID: "web"}},
		Integrations: []dealer.Integration{{ID: "dms"}},
	}
	got, err := clients(cfg, KeyGenerations{"web": {1, 2}})
	if err != nil {
		t.Fatal(err)
	}
	want := []client{
		{role: "provider", id: "cars-com", generations: []int{1}},
		{role: "provider", id: "web", generations: []int{1, 2}},
		{role: "integration", id: "dms", generations: []int{1}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("clients %+v, want %+v", got, want)
	}
	if _, err := clients(cfg, KeyGenerations{"webb": {2}}); err == nil || !strings.Contains(err.Error(), `"webb"`) {
		t.Errorf("generations for an unknown client: error %v, want one naming it", err)
	}
}
