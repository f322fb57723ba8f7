package intake

import (
	"errors"
	"reflect"
	"testing"
)

func TestUnreachable(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		want     string
		problems []Problem
	}{
		{
			name: "empty object",
			body: `{}`,
			want: "no way to reach the customer: no phone was given and no email was given",
			problems: []Problem{
				{Field: "customer.phone", Message: "no phone was given"},
				{Field: "customer.email", Message: "no email was given"},
			},
		},
		{
			name: "a name and a car but no contact",
			body: `{"customer": {"name": "Jane Doe"}, "vehicle": {"make": "Honda"}}`,
			want: "no way to reach the customer: no phone was given and no email was given",
			problems: []Problem{
				{Field: "customer.phone", Message: "no phone was given"},
				{Field: "customer.email", Message: "no email was given"},
			},
		},
		{
			name: "a phone that is not one",
			body: `{"customer": {"phone": "12"}}`,
			want: `no way to reach the customer: phone "12" is not a phone number and no email was given`,
			problems: []Problem{
				{Field: "customer.phone", Message: `phone "12" is not a phone number`},
				{Field: "customer.email", Message: "no email was given"},
			},
		},
		{
			name: "neither phone nor email can be read",
			body: `{"customer": {"phones": ["12", {"number": "555-0100"}], "email": "jane at example.com"}}`,
			want: `no way to reach the customer: phone "12" is not a phone number, phone "555-0100" is not a phone number and email "jane at example.com" is not an email address`,
			problems: []Problem{
				{Field: "customer.phones[0]", Message: `phone "12" is not a phone number`},
				{Field: "customer.phones[1]", Message: `phone "555-0100" is not a phone number`},
				{Field: "customer.email", Message: `email "jane at example.com" is not an email address`},
			},
		},
		{
			name: "email without a domain",
			body: `{"customer": {"emails": ["jane@example"]}}`,
			want: `no way to reach the customer: no phone was given and email "jane@example" is not an email address`,
			problems: []Problem{
				{Field: "customer.phone", Message: "no phone was given"},
				{Field: "customer.emails[0]", Message: `email "jane@example" is not an email address`},
			},
		},
		{
			name: "contacts of the wrong kind",
			body: `{"customer": {"phone": {"type": "mobile"}, "email": ["jane@example.com", 7]}}`,
			want: `no way to reach the customer: phone {"type":"mobile"} is not a phone number and email ["jane@example.com",7] is not an email address`,
			problems: []Problem{
				{Field: "customer.phone", Message: `phone {"type":"mobile"} is not a phone number`},
				{Field: "customer.email", Message: `email ["jane@example.com",7] is not an email address`},
			},
		},
		{
			name: "customer that is not an object",
			body: `{"customer": "Jane Doe, 312-555-0123"}`,
			want: "no way to reach the customer: no phone was given and no email was given",
			problems: []Problem{
				{Field: "customer.phone", Message: "no phone was given"},
				{Field: "customer.email", Message: "no email was given"},
			},
		},
		{
			name: "blank contacts",
			body: `{"customer": {"phone": " ", "email": "", "phones": [], "emails": [null]}}`,
			want: "no way to reach the customer: no phone was given and no email was given",
			problems: []Problem{
				{Field: "customer.phone", Message: "no phone was given"},
				{Field: "customer.email", Message: "no email was given"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := parse(tt.body)
			if !errors.Is(err, ErrUnreachable) {
				t.Fatalf("got %+v, %v; want ErrUnreachable", in, err)
			}
			if errors.Is(err, ErrMalformed) {
				t.Error("unreachable is also malformed")
			}
			if err.Error() != tt.want {
				t.Errorf("message\n%s\nwant\n%s", err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) || !reflect.DeepEqual(e.Problems, tt.problems) {
				t.Errorf("problems %+v, want %+v", e, tt.problems)
			}
		})
	}
}

// One way to reach the customer is enough, whatever else is wrong.
func TestOneContactIsEnough(t *testing.T) {
	for _, body := range []string{
		`{"customer": {"phone": "12", "email": "jane@example.com"}}`,
		`{"customer": {"phones": ["12", "312-555-0123"]}}`,
		`{"customer": {"email": "jane@", "emails": ["jane@example.com"]}}`,
	} {
		if _, err := parse(body); err != nil {
			t.Errorf("%s: %v", body, err)
		}
	}
}
