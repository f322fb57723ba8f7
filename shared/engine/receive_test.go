package engine_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/leadclock/leadclock/shared/dealer"
	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/memory"
	"github.com/leadclock/leadclock/shared/phone"
)

// gatedStore holds the first commit until the test opens the gate, so that the leads
// posted meanwhile queue up behind it, and lets a test fail chosen commits.
type gatedStore struct {
	*memory.Store
	entered, gate chan struct{}
	fail          func(call int) error // nil: every commit goes through

	mu      sync.Mutex
	batches []int // how many changes each commit call held
}

func (s *gatedStore) Commit(ctx context.Context, cs ...engine.Change) error {
	s.mu.Lock()
	call := len(s.batches)
	s.batches = append(s.batches, len(cs))
	s.mu.Unlock()
	if call == 0 {
		close(s.entered)
		<-s.gate
	}
	if s.fail != nil {
		if err := s.fail(call); err != nil {
			return err
		}
	}
	return s.Store.Commit(ctx, cs...)
}

type received struct {
	lead   lead.Lead
	status engine.Status
	err    error
}

// burst receives first alone, waits until its commit holds the turn, queues the rest
// behind it, then lets the commit go and returns every outcome in intake order.
func burst(t *testing.T, e *engine.Engine, s *gatedStore, first engine.Intake, rest []engine.Intake) []received {
	t.Helper()
	ctx := context.Background()
	out := make([]received, 1+len(rest))
	var wg sync.WaitGroup
	wg.Go(func() {
		rc, err := e.Receive(ctx, first)
		out[0] = received{rc.Lead, rc.Status, err}
	})
	<-s.entered
	for i, in := range rest {
		wg.Go(func() {
			rc, err := e.Receive(ctx, in)
			out[1+i] = received{rc.Lead, rc.Status, err}
		})
	}
	for e.Queued() < len(rest) {
		runtime.Gosched()
	}
	close(s.gate)
	wg.Wait()
	return out
}

func newBatchEngine(t *testing.T, batch int, ids func() string) (*engine.Engine, *gatedStore) {
	t.Helper()
	cfg, err := dealer.Parse("scenario.yaml", fmt.Appendf(nil, scenarioConfig, "reroute", ""), phone.Numbers)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, cfg: cfg}
	s := &gatedStore{Store: memory.NewStore(), entered: make(chan struct{}), gate: make(chan struct{})}
	if ids == nil {
		n := 0
		ids = func() string { n++; return fmt.Sprintf("L%03d", n) }
	}
	return engine.New(s, memory.NewClock(w.at("Mon 10:00")), cfg.Engine(), ids).WithBatch(batch), s
}

func intake(providerLeadID, phone string) engine.Intake {
	return engine.Intake{
		Source:   lead.Source{Provider: "cars-com", ProviderLeadID: providerLeadID},
		Customer: lead.Customer{Name: "Pat Doe", Phones: []lead.Phone{{E164: phone, Raw: phone, Valid: true}}},
	}
}

func TestReceiveCommitsWaitingLeadsTogether(t *testing.T) {
	e, s := newBatchEngine(t, 64, nil)
	var rest []engine.Intake
	for i := range 24 {
		rest = append(rest, intake(fmt.Sprint("p", i), fmt.Sprintf("+1312555%04d", 120+i)))
	}
	rest[9] = intake("p5", "+13125550125")  // the provider resends lead p5
	rest[12] = rest[7]                      // same customer as p7, new provider lead id…
	rest[12].Source.ProviderLeadID = "p7-b" // …a returning customer, while p7 is open
	rest[12].Comments = "Is the blue one still there?"
	out := burst(t, e, s, intake("first", "+13125550100"), rest)

	// 24 queued: one resend, one returning customer merged after the new leads' commit.
	if !slices.Equal(s.batches, []int{1, 22, 1}) {
		t.Fatalf("commits held %v changes, want [1 22 1]: the queued new leads share one commit", s.batches)
	}
	for i, r := range out {
		if r.err != nil {
			t.Fatalf("intake %d: %v", i, r.err)
		}
		want := int64(1)
		if r.status == engine.Merged {
			want = 2 // the inquiry is an update of the lead the batch created
		}
		if r.lead.Owner == "" || r.lead.Version != want {
			t.Fatalf("intake %d: %s, owner %q version %d", i, r.status, r.lead.Owner, r.lead.Version)
		}
	}
	// The pairs queued in whichever order their goroutines ran; the later one of each
	// must see the earlier one as committed.
	a, b := out[6], out[10]
	if statuses := []engine.Status{a.status, b.status}; !slices.Contains(statuses, engine.Created) || !slices.Contains(statuses, engine.Duplicate) || a.lead.ID != b.lead.ID {
		t.Errorf("provider resend within the batch: %v, ids %s and %s; want one lead created, the other a duplicate", statuses, a.lead.ID, b.lead.ID)
	}
	earlier, returning := out[8], out[13]
	if earlier.status == engine.Merged {
		earlier, returning = returning, earlier
	}
	if earlier.status != engine.Created || returning.status != engine.Merged || returning.lead.ID != earlier.lead.ID {
		t.Errorf("returning customer within the batch while the lead is open: %s %s and %s %s, want one lead created and the inquiry merged into it",
			earlier.status, earlier.lead.ID, returning.status, returning.lead.ID)
	}
	perRep := map[string]int{}
	for _, r := range out {
		if r.status == engine.Created {
			perRep[r.lead.Owner]++
		}
	}
	// Each decision saw the roster the one before it left: turns stay even.
	counts := slices.Collect(func(yield func(int) bool) {
		for _, n := range perRep {
			yield(n)
		}
	})
	if len(perRep) != 3 || slices.Max(counts)-slices.Min(counts) > 1 {
		t.Errorf("leads per rep %v, want the 3 reps on shift within one of each other", perRep)
	}
	leads, _ := s.Leads(context.Background(), engine.Filter{})
	if len(leads) != 23 {
		t.Errorf("%d leads stored, want 23 (25 intakes, one a resend, one merged)", len(leads))
	}
}

func TestReceiveBatchSizeIsBounded(t *testing.T) {
	e, s := newBatchEngine(t, 8, nil)
	var rest []engine.Intake
	for i := range 20 {
		rest = append(rest, intake(fmt.Sprint("p", i), fmt.Sprintf("+1312555%04d", 120+i)))
	}
	burst(t, e, s, intake("first", "+13125550100"), rest)
	if !slices.Equal(s.batches, []int{1, 8, 8, 4}) {
		t.Fatalf("commits held %v changes, want [1 8 8 4]", s.batches)
	}
}

func TestReceiveBatchFailures(t *testing.T) {
	errDisk := errors.New("disk full")
	refuseThird := func() func() string {
		n := 0
		return func() string {
			n++
			if n == 3 {
				return "" // an id the domain refuses
			}
			return fmt.Sprintf("L%03d", n)
		}
	}
	tests := []struct {
		name string
		fail func(call int) error
		ids  func() string
		// The first intake commits alone; of the three queued behind it, wantFailed
		// fail with wantErr and the others are stored.
		wantFailed int
		wantErr    error
	}{
		{
			name:       "a failed commit fails every lead it held, and only those",
			fail:       func(call int) error { return map[bool]error{true: errDisk}[call == 1] },
			wantFailed: 3, wantErr: errDisk,
		},
		{
			name: "a conflict decides the batch again",
			fail: func(call int) error {
				return map[bool]error{true: fmt.Errorf("roster moved: %w", engine.ErrConflict)}[call == 1]
			},
		},
		{
			name:       "a lead the domain refuses does not hold back the others",
			ids:        refuseThird(),
			wantFailed: 1, wantErr: lead.ErrInvalid,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, s := newBatchEngine(t, 64, tt.ids)
			s.fail = tt.fail
			rest := []engine.Intake{intake("p1", "+13125550121"), intake("p2", "+13125550122"), intake("p3", "+13125550123")}
			first := intake("p0", "+13125550120")
			out := burst(t, e, s, first, rest)
			failed := 0
			for i, r := range out {
				in := append([]engine.Intake{first}, rest...)[i]
				src := in.Source
				src.Digest = engine.Digest(in)
				_, err := s.LeadBySource(context.Background(), src)
				stored := err == nil
				switch {
				case r.err == nil && stored && r.status == engine.Created:
				case r.err != nil && !stored && errors.Is(r.err, tt.wantErr) && i > 0:
					failed++
				default:
					t.Errorf("intake %d: error %v, stored %v, %s", i, r.err, stored, r.status)
				}
			}
			if failed != tt.wantFailed {
				t.Errorf("%d intakes failed, want %d", failed, tt.wantFailed)
			}
		})
	}
}
