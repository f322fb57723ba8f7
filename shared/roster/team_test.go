package roster

import (
	"slices"
	"testing"
	"time"
	_ "time/tzdata"
)

// testTeam: three sales reps and a BDC rep on weekday shifts, alice on Saturdays too,
// a manager, and carol/dave on call each other week from Monday 08:00.
func testTeam(t testing.TB, onCall bool) Team {
	t.Helper()
	week := func(s ...Shift) Week {
		w, err := ParseWeek(s)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	team := Team{
		Location: mustLoad(t, "America/Chicago"),
		Reps: []Rep{
			{ID: "alice", Role: Sales, Shifts: week(Shift{"mon-fri", "09:00-18:00"}, Shift{"sat", "10:00-16:00"})},
			{ID: "bob", Role: Sales, Shifts: week(Shift{"mon-fri", "09:00-18:00"})},
			{ID: "erin", Role: BDC, Shifts: week(Shift{"mon-fri", "12:00-21:00"})},
			{ID: "carol", Role: Sales},
			{ID: "dave", Role: Sales},
			{ID: "mona", Role: Manager, Shifts: week(Shift{"mon-fri", "08:00-17:00"})},
			{ID: "max", Role: Manager},
		},
	}
	if onCall {
		h, err := ParseHandoff("mon 08:00")
		if err != nil {
			t.Fatal(err)
		}
		team.OnCall = &Rotation{Reps: []string{"carol", "dave"}, Days: 7, Handoff: h, Start: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}
	}
	return team
}

// at reads a Chicago wall-clock time in the week of Monday 2026-11-23.
func at(t testing.TB, team Team, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, team.Location)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func ids(reps []Rep) []string {
	out := make([]string, len(reps))
	for i, r := range reps {
		out[i] = r.ID
	}
	return out
}

func TestPool(t *testing.T) {
	tests := []struct {
		name   string
		onCall bool
		state  State
		when   string
		want   []string
	}{
		{name: "weekday morning: sales on shift, managers never", when: "2026-11-24 10:00", want: []string{"alice", "bob"}},
		{name: "weekday evening: bdc late shift", when: "2026-11-24 19:00", want: []string{"erin"}},
		{name: "night without on-call", when: "2026-11-24 23:30", want: nil},
		{name: "night with on-call", onCall: true, when: "2026-11-24 23:30", want: []string{"carol"}},
		{name: "on-call only covers hours no shift covers", onCall: true, when: "2026-11-24 10:00", want: []string{"alice", "bob"}},
		{name: "next week's on-call", onCall: true, when: "2026-12-01 23:30", want: []string{"dave"}},
		{name: "saturday", when: "2026-11-28 11:00", want: []string{"alice"}},
		{
			name:  "away reps are skipped",
			state: State{Away: map[string]Away{"alice": {}}},
			when:  "2026-11-24 10:00", want: []string{"bob"},
		},
		{
			name:  "away until a time that has passed",
			state: State{Away: map[string]Away{"alice": {Until: time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)}}},
			when:  "2026-11-24 10:00", want: []string{"alice", "bob"},
		},
		{
			name:   "on-call away: nobody",
			onCall: true,
			state:  State{Away: map[string]Away{"carol": {}}},
			when:   "2026-11-24 23:30", want: nil,
		},
		{
			name:   "everyone on shift away: on-call covers",
			onCall: true,
			state:  State{Away: map[string]Away{"alice": {}, "bob": {}}},
			when:   "2026-11-24 10:00", want: []string{"carol"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			team := testTeam(t, tt.onCall)
			if got := ids(team.Pool(tt.state, at(t, team, tt.when))); !slices.Equal(got, tt.want) {
				t.Fatalf("Pool = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPickIsLeastRecentlyAssigned(t *testing.T) {
	team := testTeam(t, false)
	start := at(t, team, "2026-11-24 10:00")
	tests := []struct {
		name string
		step time.Duration // between leads
		from State
		want []string
	}{
		{"a minute apart", time.Minute, State{}, []string{"alice", "bob", "alice", "bob", "alice"}},
		{"all at one instant", 0, State{}, []string{"alice", "bob", "alice", "bob", "alice"}},
		{
			"from a state saved before turns were counted", 0,
			State{LastAssigned: map[string]time.Time{"alice": start, "bob": start.Add(-time.Hour)}},
			[]string{"bob", "alice", "bob", "alice", "bob"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, now := tt.from, start
			var got []string
			for range 5 {
				r, ok := team.Pick(s, now, nil)
				if !ok {
					t.Fatal("nobody picked")
				}
				got = append(got, r.ID)
				s = s.Assigned(r.ID, now)
				now = now.Add(tt.step)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("picks = %v, want %v", got, tt.want)
			}
			r, _ := team.Pick(s, now, func(id string) bool { return id == "bob" })
			if r.ID != "alice" {
				t.Fatalf("pick skipping bob = %s, want alice", r.ID)
			}
			if _, ok := team.Pick(s, now, func(string) bool { return true }); ok {
				t.Fatal("pick with everyone skipped found someone")
			}
		})
	}
}

func TestStateCopiesAreIndependent(t *testing.T) {
	now := time.Date(2026, 11, 24, 16, 0, 0, 0, time.UTC)
	s := State{}.Assigned("alice", now).WithAway("bob", &Away{})
	s2 := s.Assigned("alice", now.Add(time.Hour)).WithAway("bob", nil)
	if !s.LastAssigned["alice"].Equal(now) || !s.IsAway("bob", now) {
		t.Fatalf("original state changed: %+v", s)
	}
	if s2.IsAway("bob", now) {
		t.Fatal("bob still away in the copy")
	}
}

func TestManagers(t *testing.T) {
	team := testTeam(t, false)
	tests := []struct {
		name  string
		state State
		when  string
		want  []string
	}{
		{name: "on shift first", when: "2026-11-24 10:00", want: []string{"mona"}},
		{name: "none on shift: every manager present", when: "2026-11-24 23:00", want: []string{"mona", "max"}},
		{name: "away skipped", state: State{Away: map[string]Away{"mona": {}}}, when: "2026-11-24 10:00", want: []string{"max"}},
		{name: "all away: all, never nobody", state: State{Away: map[string]Away{"mona": {}, "max": {}}}, when: "2026-11-24 10:00", want: []string{"mona", "max"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(team.Managers(tt.state, at(t, team, tt.when))); !slices.Equal(got, tt.want) {
				t.Fatalf("Managers = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNextOpening(t *testing.T) {
	tests := []struct {
		name   string
		onCall bool
		state  State
		when   string
		want   string // "" = none within the horizon
	}{
		{name: "open now", when: "2026-11-24 10:00", want: "2026-11-24 10:00"},
		{name: "night: next morning", when: "2026-11-24 23:30", want: "2026-11-25 09:00"},
		{name: "friday night: saturday shift", when: "2026-11-27 21:30", want: "2026-11-28 10:00"},
		{name: "saturday evening: monday", when: "2026-11-28 16:30", want: "2026-11-30 09:00"},
		{name: "back from leave mid-shift", state: State{Away: map[string]Away{
			"alice": {Until: time.Date(2026, 11, 25, 17, 30, 0, 0, time.UTC)}, // 11:30 in Chicago
			"bob":   {Until: time.Date(2026, 12, 30, 0, 0, 0, 0, time.UTC)},
			"erin":  {},
		}}, when: "2026-11-25 08:00", want: "2026-11-25 11:30"},
		{name: "on-call away until the handoff", onCall: true, state: State{Away: map[string]Away{"carol": {}}},
			when: "2026-11-28 20:00", want: "2026-11-30 08:00"},
		{name: "everyone away for good", state: State{Away: map[string]Away{"alice": {}, "bob": {}, "erin": {}}}, when: "2026-11-24 10:00", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			team := testTeam(t, tt.onCall)
			got, ok := team.NextOpening(tt.state, at(t, team, tt.when))
			if tt.want == "" {
				if ok {
					t.Fatalf("NextOpening = %v, want none", got)
				}
				return
			}
			if !ok || !got.Equal(at(t, team, tt.want)) {
				t.Fatalf("NextOpening = %v (%v), want %s", got.In(team.Location), ok, tt.want)
			}
		})
	}
}

func TestNextShift(t *testing.T) {
	team := testTeam(t, false)
	alice, _ := team.Rep("alice")
	carol, _ := team.Rep("carol")
	tests := []struct {
		rep  Rep
		when string
		want string
	}{
		{alice, "2026-11-24 10:00", "2026-11-24 10:00"},
		{alice, "2026-11-24 03:00", "2026-11-24 09:00"},
		{alice, "2026-11-28 17:00", "2026-11-30 09:00"},
		{alice, "2026-11-29 12:00", "2026-11-30 09:00"},
		{carol, "2026-11-24 10:00", ""},
	}
	for _, tt := range tests {
		got, ok := team.NextShift(tt.rep, at(t, team, tt.when))
		if tt.want == "" {
			if ok {
				t.Errorf("%s at %s: NextShift = %v, want none", tt.rep.ID, tt.when, got)
			}
			continue
		}
		if !ok || !got.Equal(at(t, team, tt.want)) {
			t.Errorf("%s at %s: NextShift = %v, want %s", tt.rep.ID, tt.when, got.In(team.Location), tt.want)
		}
	}
}

func TestRotation(t *testing.T) {
	chicago := mustLoad(t, "America/Chicago")
	weekly, _ := ParseHandoff("mon 08:00")
	daily, _ := ParseHandoff("18:30")
	tests := []struct {
		name string
		rot  Rotation
		when string
		want string
	}{
		{name: "first turn", rot: Rotation{Reps: []string{"carol", "dave"}, Days: 7, Handoff: weekly, Start: day(2026, 11, 23)}, when: "2026-11-23 08:00", want: "carol"},
		{name: "just before the first turn continues the cycle backwards", rot: Rotation{Reps: []string{"carol", "dave"}, Days: 7, Handoff: weekly, Start: day(2026, 11, 23)}, when: "2026-11-23 07:59", want: "dave"},
		{name: "second turn", rot: Rotation{Reps: []string{"carol", "dave"}, Days: 7, Handoff: weekly, Start: day(2026, 11, 23)}, when: "2026-11-30 08:00", want: "dave"},
		{name: "third turn wraps", rot: Rotation{Reps: []string{"carol", "dave"}, Days: 7, Handoff: weekly, Start: day(2026, 11, 23)}, when: "2026-12-09 23:00", want: "carol"},
		{name: "handoff stays at 08:00 local across the fall-back change", rot: Rotation{Reps: []string{"carol", "dave"}, Days: 7, Handoff: weekly, Start: day(2026, 10, 26)}, when: "2026-11-02 08:00", want: "dave"},
		{name: "before the handoff after fall-back", rot: Rotation{Reps: []string{"carol", "dave"}, Days: 7, Handoff: weekly, Start: day(2026, 10, 26)}, when: "2026-11-02 07:59", want: "carol"},
		{name: "daily turns of three", rot: Rotation{Reps: []string{"a", "b", "c"}, Days: 1, Handoff: daily, Start: day(2026, 11, 23)}, when: "2026-11-25 19:00", want: "c"},
		{name: "two-week turns", rot: Rotation{Reps: []string{"a", "b"}, Days: 14, Handoff: weekly, Start: day(2026, 11, 23)}, when: "2026-12-06 12:00", want: "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			when, err := time.ParseInLocation("2006-01-02 15:04", tt.when, chicago)
			if err != nil {
				t.Fatal(err)
			}
			if got := tt.rot.At(when, chicago); got != tt.want {
				t.Fatalf("At(%s) = %s, want %s", tt.when, got, tt.want)
			}
		})
	}
}

func TestHandoffParsingAndFirstTurn(t *testing.T) {
	h, err := ParseHandoff("thu 18:00")
	if err != nil {
		t.Fatal(err)
	}
	if !h.Weekly || h.Weekday != time.Thursday || h.Minute != 18*60 {
		t.Fatalf("handoff = %+v", h)
	}
	if got := h.FirstTurn(DefaultRotationStart); !got.Equal(day(2024, 1, 4)) {
		t.Fatalf("first Thursday on or after 2024-01-01 = %v", got)
	}
	for _, bad := range []string{"", "monday at 8", "mon 8am", "mon tue 08:00", "xyz 08:00"} {
		if _, err := ParseHandoff(bad); err == nil {
			t.Errorf("ParseHandoff(%q) succeeded", bad)
		}
	}
}

func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
