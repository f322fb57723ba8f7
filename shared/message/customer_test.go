package message

import (
	"testing"

	"github.com/leadclock/leadclock/shared/lead"
)

func TestCustomerNames(t *testing.T) {
	tests := []struct {
		name  string
		c     lead.Customer
		full  string
		short string
	}{
		{"full name", lead.Customer{Name: "Pat Doe", FirstName: "Patricia"}, "Pat Doe", "Patricia"},
		{"first and last", lead.Customer{FirstName: "Sam", LastName: "Roe"}, "Sam Roe", "Sam R."},
		{"name only", lead.Customer{Name: "Lee  Van\nDyke"}, "Lee Van Dyke", "Lee D."},
		{"first only", lead.Customer{FirstName: "Cher"}, "Cher", "Cher"},
		{"email only", lead.Customer{Emails: []string{"", "kim@example.com"}}, "kim@example.com", "a customer"},
		{"phone as a name", lead.Customer{Name: "+1 312 555 0150"}, "+1 312 555 0150", "a customer"},
		{"email as a name", lead.Customer{Name: "kim@example.com"}, "kim@example.com", "a customer"},
		{"nothing", lead.Customer{Phones: []lead.Phone{{E164: "+13125550150", Valid: true}}}, "a customer", "a customer"},
		{"unicode initial", lead.Customer{FirstName: "Zoë", LastName: "Östberg"}, "Zoë Östberg", "Zoë Ö."},
		{"too long", lead.Customer{Name: "Maximilianus Bartholomew Fitzgerald-Montgomery III"}, "Maximilianus Bartholomew Fitzgerald-Mon…", "Maximilianus I."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CustomerName(tt.c); got != tt.full {
				t.Errorf("CustomerName = %q, want %q", got, tt.full)
			}
			if got := ShortName(tt.c); got != tt.short {
				t.Errorf("ShortName = %q, want %q", got, tt.short)
			}
		})
	}
}

func TestVehicleSummary(t *testing.T) {
	tests := []struct {
		name     string
		vehicles []lead.Vehicle
		want     string
	}{
		{"full", []lead.Vehicle{{Year: 2024, Make: "Honda", Model: "Civic", Trim: "LX", Status: "used"}, {Make: "Ford"}}, "2024 Honda Civic LX (used)"},
		{"no year or trim", []lead.Vehicle{{Make: "Ford", Model: "F-150"}}, "Ford F-150"},
		{"status only", []lead.Vehicle{{Status: "new"}}, "a new vehicle"},
		{"none", nil, ""},
	}
	for _, tt := range tests {
		if got := VehicleSummary(lead.Lead{Vehicles: tt.vehicles}); got != tt.want {
			t.Errorf("%s: VehicleSummary = %q, want %q", tt.name, got, tt.want)
		}
	}
}
