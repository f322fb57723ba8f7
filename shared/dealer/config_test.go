package dealer

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/phone"
	"github.com/leadclock/leadclock/shared/roster"
)

const demoPath = "../../infra/dealers/demo-motors.yaml"

func demo(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(demoPath)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestShippedConfigLoads(t *testing.T) {
	c, err := Load(demoPath, phone.Numbers)
	if err != nil {
		t.Fatal(err)
	}
	if c.Dealership.ID != "demo-motors" || c.Team.Location.String() != "America/Chicago" || c.Dealership.Region != "US" {
		t.Fatalf("dealership %+v in %v", c.Dealership, c.Team.Location)
	}
	want := lead.Policy{
		FirstContact: 5 * time.Minute, WarnBefore: 2 * time.Minute, SecondContact: 24 * time.Hour, StalledAfter: 72 * time.Hour,
		Escalation: []lead.Step{
			{Action: lead.Reroute, After: 5 * time.Minute, Repeat: 1},
			{Action: lead.OfferAll, After: 5 * time.Minute, Repeat: 1},
			{Action: lead.NotifyManagers, After: 10 * time.Minute, Repeat: 3},
		},
		Cadence: []time.Duration{24 * time.Hour, 48 * time.Hour, 96 * time.Hour, 7 * 24 * time.Hour, 14 * 24 * time.Hour},
	}
	if !equalPolicy(c.Policy, want) {
		t.Fatalf("policy %+v, want %+v", c.Policy, want)
	}
	alice, ok := c.Team.Rep("alice")
	if !ok || alice.Phone != "+13125550101" || alice.Role != roster.Sales {
		t.Fatalf("alice %+v", alice)
	}
	sat := time.Date(2026, 11, 28, 11, 0, 0, 0, c.Team.Location)
	if !c.Team.OnShift(alice, sat) {
		t.Fatal("alice not on shift Saturday 11:00")
	}
	if got := c.Team.OnCall.At(time.Date(2026, 11, 24, 23, 0, 0, 0, c.Team.Location), c.Team.Location); got != "carol" && got != "dave" {
		t.Fatalf("on call: %q", got)
	}
	if !slices.Equal(c.Channels(), []lead.Channel{lead.SMS, lead.Email}) || c.Notifications.BundleWindow != DefaultBundleWindow {
		t.Fatalf("notifications %+v", c.Notifications)
	}
	if len(c.Providers) != 2 || c.Providers[0].APIKey != "dev-key-cars-com" || len(c.Integrations) != 1 {
		t.Fatalf("clients %+v %+v", c.Providers, c.Integrations)
	}
}

func equalPolicy(a, b lead.Policy) bool {
	return a.FirstContact == b.FirstContact && a.WarnBefore == b.WarnBefore && a.SecondContact == b.SecondContact &&
		a.StalledAfter == b.StalledAfter && slices.Equal(a.Escalation, b.Escalation) && slices.Equal(a.Cadence, b.Cadence)
}

// TestBrokenConfigs changes the shipped config one way at a time; each change must be
// refused with a message naming the field and saying what is wrong.
func TestBrokenConfigs(t *testing.T) {
	tests := []struct {
		name     string
		old, new string // replace the first occurrence of old in the demo config
		want     string // expected in the error: "path: message" (and the line, when given)
	}{
		{"unknown field", "firstContact: 5m", "firstContac: 5m", "demo.yaml:6: sla.firstContac: unknown field"},
		{"unknown top-level field", "cadence:", "cadance:", "cadance: unknown field"},
		{"unknown rep field", "    role: bdc", "    rol: bdc", "reps[2].rol: unknown field"},
		{"duplicate key", "    role: bdc", "    role: bdc\n    role: sales", "reps[2].role: defined twice"},
		{"wrong kind", "cadence: [1d, 2d, 4d, 7d, 14d]", "cadence: 1d", `cadence: expected a list, found "1d"`},
		{"repeat not a number", "repeat: 3", "repeat: three", `escalation[2].repeat: expected a whole number, found "three"`},
		{"sms not a bool", "sms: true", "sms: maybe", `notifications.sms: expected true or false, found "maybe"`},
		{"bad timezone", "America/Chicago", "America/Chicagoo", `dealership.timezone: "America/Chicagoo" is not an IANA time zone`},
		{"missing timezone", "timezone: America/Chicago, ", "", "dealership.timezone: required"},
		{"bad region", "region: US", "region: XX", `dealership.region: "XX" is not a country code`},
		{"bad dealership id", "id: demo-motors", "id: Demo Motors", `dealership.id: "Demo Motors" is not an id`},
		{"overlapping shifts", `{mon-fri: "09:00-18:00"}`, `{mon-fri: "09:00-18:00", fri: "17:00-20:00"}`, `reps[1].shifts: "fri" 17:00-20:00 overlaps "mon-fri" 09:00-18:00 on fri`},
		{"malformed shift hours", `{mon-fri: "09:00-18:00"}`, `{mon-fri: "9am-6pm"}`, `reps[1].shifts: "mon-fri": "9am-6pm": "9am" is not a time`},
		{"malformed shift days", `{mon-fri: "09:00-18:00"}`, `{mon-fry: "09:00-18:00"}`, `reps[1].shifts: "mon-fry": "fry" is not a day`},
		{"shift hours as a list", `{mon-fri: "09:00-18:00"}`, `{mon-fri: [1, 2]}`, `reps[1].shifts.mon-fri: expected hours`},
		{"unknown rep in rotation", "rotation: [carol, dave]", "rotation: [carol, zoe]", `onCall.rotation[1]: "zoe" is not a rep id`},
		{"rep twice in rotation", "rotation: [carol, dave]", "rotation: [carol, carol]", `onCall.rotation[1]: "carol" is in the rotation twice`},
		{"bad handoff", `handoff: "mon 08:00"`, `handoff: "monday at 8"`, `onCall.handoff: "monday at 8" is not a handoff`},
		{"rotation length not in weeks", "length: 1w", "length: 3d", `onCall.length: "3d" must be whole weeks`},
		{"rotation start on the wrong weekday", "length: 1w}", "length: 1w, start: 2026-11-24}", "onCall.start: 2026-11-24 is a Tuesday but the handoff is on Monday"},
		{"duplicate rep id", "id: bob", "id: alice", `reps[1].id: "alice" is already used by reps[0]`},
		{"duplicate provider id", "id: dealer-site", "id: cars-com", `providers[1].id: "cars-com" is already used by providers[0]`},
		{"shared api key", `apiKey: "dev-key-dms"`, `apiKey: "dev-key-cars-com"`, "integrations[0].apiKey: the same key as providers[0]"},
		{"bad phone", `phone: "+13125550102"`, `phone: "555-1234"`, `reps[1].phone: "555-1234" is not a valid phone number for region US`},
		{"fictional area code", `phone: "+13125550102"`, `phone: "+15555550123"`, `reps[1].phone: "+15555550123" is not a valid phone number`},
		{"bad email", "email: bob@example.com", "email: bob-at-example.com", `reps[1].email: "bob-at-example.com" is not an email address`},
		{"email with display name", "email: bob@example.com", `email: "Bob <bob@example.com>"`, `reps[1].email: "Bob <bob@example.com>" is not an email address`},
		{"bad role", "role: bdc", "role: closer", `reps[2].role: "closer" is not a role`},
		{"zero sla", "firstContact: 5m", "firstContact: 0s", `sla.firstContact: "0s" must be more than zero`},
		{"negative sla", "secondContact: 24h", "secondContact: -24h", `sla.secondContact: "-24h" must be more than zero`},
		{"sla not a duration", "stalledAfter: 72h", "stalledAfter: 3 days", `sla.stalledAfter: "3 days" is not a duration`},
		{"warning after the deadline", "warnBefore: 2m", "warnBefore: 5m", "sla.warnBefore: 5m must be shorter than sla.firstContact"},
		{"unknown action", "action: offer-all", "action: offer-everyone", `escalation[1].action: "offer-everyone" is not an action`},
		{"repeat zero", "repeat: 3", "repeat: 0", "escalation[2].repeat: 0 must be at least 1"},
		{"step without wait", "{action: reroute, after: 5m}", "{action: reroute}", "escalation[0].after: required"},
		{"no manager when a step needs one", "    role: manager", "    role: sales", "escalation[2].action: notify-managers needs at least one rep with role manager"},
		{"no channel", "notifications: {sms: true, email: true, ", "notifications: {", "notifications: enable sms, email or both"},
		{"email without sender", ", from: leads@demo-motors.example}", "}", "notifications.from: required when email is enabled"},
		{"sms only is fine when everyone has a phone", "notifications: {sms: true, email: true,", "notifications: {sms: true, email: false,", ""},
		{"unreachable rep", "    phone: \"+13125550102\"\n    email: bob@example.com\n", "", "reps[1]: cannot be reached"},
		{"bundle window too long", "from: leads@demo-motors.example}", "from: leads@demo-motors.example, bundleWindow: 15m}", `notifications.bundleWindow: "15m" is longer than 10m`},
		{"syntax error", "reps:\n", "reps:\n  - {id: [\n", "demo.yaml:"},
		{"two signing secrets are fine", carsComKey, signed(newSecret, oldSecret), ""},
		{"three signing secrets", carsComKey, signed(newSecret, oldSecret, "fake-signing-secret-cars-com-older-001"), "providers[0].signingSecrets: lists 3 secrets: give one, or two while rotating"},
		{"short signing secret", carsComKey, signed(newSecret, "fake-secret-too-short"), "providers[0].signingSecrets[1]: too short: use at least 32 characters"},
		{"empty signing secret", carsComKey, signed(""), "providers[0].signingSecrets[0]: too short"},
		{"signing secret twice", carsComKey, signed(newSecret, newSecret), "providers[0].signingSecrets[1]: the same secret as providers[0].signingSecrets[0]"},
		{"signing secret is an api key", carsComKey, `apiKey: "` + newSecret + `", signingSecrets: ["` + newSecret + `"]}`, "providers[0].signingSecrets[0]: the same as providers[0].apiKey"},
		{"signing secrets not a list", carsComKey, `apiKey: "dev-key-cars-com", signingSecrets: none}`, "providers[0].signingSecrets: expected a list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := demo(t)
			if !strings.Contains(text, tt.old) {
				t.Fatalf("the demo config no longer contains %q", tt.old)
			}
			_, err := Parse("demo.yaml", []byte(strings.Replace(text, tt.old, tt.new, 1)), phone.Numbers)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			var cerr *Error
			if !errors.As(err, &cerr) {
				t.Fatalf("error %v (%T), want *dealer.Error", err, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error:\n%v\nwant it to contain %q", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "demo.yaml") {
				t.Fatalf("error %q does not name the file", err)
			}
		})
	}
}

// Signing secrets for the demo config's providers, and the end of cars-com's entry,
// which signed replaces to give it secrets.
const (
	newSecret  = "fake-signing-secret-cars-com-new-0001"
	oldSecret  = "fake-signing-secret-cars-com-old-0001"
	carsComKey = `apiKey: "dev-key-cars-com"}`
)

// signed is the end of cars-com's entry with the signing secrets.
func signed(secrets ...string) string {
	quoted := make([]string, len(secrets))
	for i, s := range secrets {
		quoted[i] = strconv.Quote(s)
	}
	return `apiKey: "dev-key-cars-com", signingSecrets: [` + strings.Join(quoted, ", ") + "]}"
}

func TestSigningSecrets(t *testing.T) {
	text := demo(t)
	if strings.Count(text, carsComKey) != 1 {
		t.Fatalf("the demo config no longer contains %q once", carsComKey)
	}
	c, err := Parse("demo.yaml", []byte(strings.Replace(text, carsComKey, signed(newSecret, oldSecret), 1)), phone.Numbers)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]byte{[]byte(newSecret), []byte(oldSecret)}
	if got := c.Providers[0].SigningSecrets; !slices.EqualFunc(got, want, bytes.Equal) {
		t.Fatalf("cars-com signing secrets %q, want %q", got, want)
	}
	if got := c.Providers[1].SigningSecrets; got != nil {
		t.Fatalf("dealer-site signing secrets %q, want none", got)
	}
}

func TestSigningSecretSharedByProviders(t *testing.T) {
	text := strings.NewReplacer(carsComKey, signed(newSecret), `apiKey: "dev-key-dealer-site"}`, `apiKey: "dev-key-dealer-site", signingSecrets: ["`+newSecret+`"]}`).Replace(demo(t))
	_, err := Parse("demo.yaml", []byte(text), phone.Numbers)
	want := "demo.yaml:64: providers[1].signingSecrets[0]: the same secret as providers[0].signingSecrets[0]: every provider needs its own, and each rotation a new one"
	if err == nil || err.Error() != want {
		t.Fatalf("error:\n%v\nwant:\n%s", err, want)
	}
}

// TestSigningSecretsAreNotEchoed checks that a refused secret is named by its place:
// validation output is shown in terminals and CI logs.
func TestSigningSecretsAreNotEchoed(t *testing.T) {
	for _, secrets := range [][]string{
		{newSecret, newSecret},
		{newSecret, oldSecret, "fake-signing-secret-cars-com-older-001"},
		{"fake-secret-too-short", newSecret},
		{"dev-key-dealer-site"},
	} {
		_, err := Parse("demo.yaml", []byte(strings.Replace(demo(t), carsComKey, signed(secrets...), 1)), phone.Numbers)
		if err == nil {
			t.Fatalf("secrets %q accepted", secrets)
		}
		for _, s := range secrets {
			if strings.Contains(err.Error(), s) {
				t.Errorf("error %q shows a secret", err)
			}
		}
	}
}

func TestEveryProblemIsReportedWithItsLine(t *testing.T) {
	text := strings.NewReplacer(`phone: "+13125550102"`, `phone: "555-1234"`, "email: erin@example.com", "email: erin@", "firstContact: 5m", "firstContact: 0m").Replace(demo(t))
	_, err := Parse("demo.yaml", []byte(text), phone.Numbers)
	var cerr *Error
	if !errors.As(err, &cerr) {
		t.Fatalf("error %v", err)
	}
	got := strings.Split(err.Error(), "\n")
	want := []string{
		`demo.yaml:6: sla.firstContact: "0m" must be more than zero`,
		`demo.yaml:30: reps[1].phone: "555-1234" is not a valid phone number for region US`,
		`demo.yaml:37: reps[2].email: "erin@" is not an email address`,
	}
	if !slices.Equal(got, want) {
		t.Fatalf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestEmptyAndMissingFiles(t *testing.T) {
	if _, err := Parse("empty.yaml", nil, phone.Numbers); err == nil || err.Error() != "empty.yaml: the file is empty" {
		t.Fatalf("empty file: %v", err)
	}
	if _, err := Load("no/such/file.yaml", phone.Numbers); err == nil || !strings.Contains(err.Error(), "no/such/file.yaml") {
		t.Fatalf("missing file: %v", err)
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		bad  bool
	}{
		{in: "5m", want: 5 * time.Minute},
		{in: "90s", want: 90 * time.Second},
		{in: "1h30m", want: 90 * time.Minute},
		{in: "2d", want: 48 * time.Hour},
		{in: "1w", want: 7 * 24 * time.Hour},
		{in: " 3d ", want: 72 * time.Hour},
		{in: "1.5d", bad: true},
		{in: "d", bad: true},
		{in: "5", bad: true},
		{in: "five minutes", bad: true},
	}
	for _, tt := range tests {
		got, err := parseDuration(tt.in)
		if (err != nil) != tt.bad || got != tt.want {
			t.Errorf("parseDuration(%q) = %v, %v", tt.in, got, err)
		}
	}
}

func TestEmailDomainIsLowerCased(t *testing.T) {
	text := strings.Replace(demo(t), "email: bob@example.com", "email: Bob.Baker@Example.COM", 1)
	c, err := Parse("demo.yaml", []byte(text), phone.Numbers)
	if err != nil {
		t.Fatal(err)
	}
	if bob, _ := c.Team.Rep("bob"); bob.Email != "Bob.Baker@example.com" {
		t.Fatalf("email %q", bob.Email)
	}
}
