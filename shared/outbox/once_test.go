package outbox

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leadclock/leadclock/shared/engine"
	"github.com/leadclock/leadclock/shared/lead"
	"github.com/leadclock/leadclock/shared/roster"
)

func messageIDs(t *testing.T, dir string) []string {
	t.Helper()
	var ids []string
	for _, l := range readLog(t, dir) {
		ids = append(ids, l["messageId"].(string))
	}
	return ids
}

func reopen(t *testing.T, dir string) (*Notifier, *bytes.Buffer) {
	t.Helper()
	var stdout bytes.Buffer
	n, err := New(dir, renderer(), engine.ClockFunc(func() time.Time { return t0 }), &stdout)
	if err != nil {
		t.Fatal(err)
	}
	return n, &stdout
}

func TestSendOnce(t *testing.T) {
	ctx := context.Background()
	one := delivery(alice, lead.SMS, "alice.sms/1", []lead.Lead{pat}, lead.NoticeNewLead)
	two := delivery(alice, lead.Email, "alice.email/1", []lead.Lead{sam}, lead.NoticeNewLead)
	three := delivery(alice, lead.SMS, "alice.sms/2", []lead.Lead{sam}, lead.NoticeWarning)
	erin := delivery(roster.Rep{ID: "erin", Email: "erin@example.com"}, lead.SMS, "erin.sms/1", []lead.Lead{pat}, lead.NoticeNewLead)

	tests := []struct {
		name string
		// calls are made in turn on one notifier; reopen between them when set.
		calls   [][]engine.Delivery
		reopen  bool
		wantErr []error // per call
		want    []string
	}{
		{
			name:    "messages in one call are written in order",
			calls:   [][]engine.Delivery{{one, two, three}},
			wantErr: []error{nil},
			want:    []string{"alice.sms/1", "alice.email/1", "alice.sms/2"},
		},
		{
			name:    "a message sent again is not written again",
			calls:   [][]engine.Delivery{{one, two}, {one, two, three}, {three}},
			wantErr: []error{nil, nil, nil},
			want:    []string{"alice.sms/1", "alice.email/1", "alice.sms/2"},
		},
		{
			name:    "nor after a restart, which reads what the log holds",
			calls:   [][]engine.Delivery{{one, two}, {one, two, three}},
			reopen:  true,
			wantErr: []error{nil, nil},
			want:    []string{"alice.sms/1", "alice.email/1", "alice.sms/2"},
		},
		{
			name:    "a failure keeps what went before it; the retry writes only the rest",
			calls:   [][]engine.Delivery{{one, erin, two}, {one, two}},
			wantErr: []error{ErrNoAddress, nil},
			want:    []string{"alice.sms/1", "alice.email/1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, dir, _ := newNotifier(t)
			for i, call := range tt.calls {
				if i > 0 && tt.reopen {
					n, _ = reopen(t, dir)
				}
				if err := n.SendOnce(ctx, call...); !errors.Is(err, tt.wantErr[i]) || (err == nil) != (tt.wantErr[i] == nil) {
					t.Fatalf("call %d: %v, want %v", i, err, tt.wantErr[i])
				}
			}
			if got := messageIDs(t, dir); !slices.Equal(got, tt.want) {
				t.Fatalf("log holds %v, want %v", got, tt.want)
			}
			emls, _ := filepath.Glob(filepath.Join(dir, EmailDir, "*.eml"))
			if len(emls) != 1 {
				t.Errorf("%d .eml files, want 1", len(emls))
			}
		})
	}
}

func TestUnfinishedLastLineIsCutAndTheMessageSentAgain(t *testing.T) {
	ctx := context.Background()
	n, dir, _ := newNotifier(t)
	one := delivery(alice, lead.SMS, "alice.sms/1", []lead.Lead{pat}, lead.NoticeNewLead)
	two := delivery(alice, lead.SMS, "alice.sms/2", []lead.Lead{sam}, lead.NoticeNewLead)
	if err := n.SendOnce(ctx, one, two); err != nil {
		t.Fatal(err)
	}
	// A crash in the middle of the second line's write.
	path := filepath.Join(dir, LogFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	first := bytes.IndexByte(data, '\n') + 1
	if err := os.WriteFile(path, data[:first+20], 0o600); err != nil {
		t.Fatal(err)
	}

	n, stdout := reopen(t, dir)
	if err := n.SendOnce(ctx, one, two); err != nil {
		t.Fatal(err)
	}
	if got := messageIDs(t, dir); !slices.Equal(got, []string{"alice.sms/1", "alice.sms/2"}) {
		t.Fatalf("log holds %v after the restart", got)
	}
	if lines := strings.Count(stdout.String(), "\n"); lines != 1 {
		t.Errorf("%d terminal lines after the restart, want 1 (only the message sent again)", lines)
	}
}
