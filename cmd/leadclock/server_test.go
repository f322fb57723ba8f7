package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The black-box tests run the real leadclock binary, built once by TestMain, the way
// a dealership runs it: over HTTP, with its data directory on disk.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "leadclock-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "leadclock")
	build := exec.Command("go", "build", "-race", "-o", binary, ".")
	if os.Getenv("LEADCLOCK_E2E_NORACE") != "" {
		build = exec.Command("go", "build", "-o", binary, ".")
	}
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build leadclock:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// server is a running leadclock serve process.
type server struct {
	t      testing.TB
	cmd    *exec.Cmd
	url    string
	data   string
	mu     sync.Mutex
	stdout []string
	stderr bytes.Buffer
	exited chan struct{}
}

// startServer runs leadclock serve on a free port of 127.0.0.1 with the config and
// data directory, and stops it when the test ends.
func startServer(t testing.TB, config, data string, speed float64) *server {
	t.Helper()
	s := &server{t: t, data: data, exited: make(chan struct{})}
	args := []string{"serve", "--config", config, "--data", data, "--addr", "127.0.0.1:0", "--speed", fmt.Sprint(speed), "--log", "warn"}
	// LEADCLOCK_CPUPROFILE=FILE profiles the server a benchmark runs (the last one
	// started writes the file): how docs/BENCHMARKS.md's profiles were taken.
	if path := os.Getenv("LEADCLOCK_CPUPROFILE"); path != "" {
		args = append(args, "--cpuprofile", path)
	}
	s.cmd = exec.Command(binary, args...)
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s.cmd.Stderr = &lockedWriter{mu: &s.mu, w: &s.stderr}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			s.mu.Lock()
			s.stdout = append(s.stdout, line)
			s.mu.Unlock()
			if _, url, ok := strings.Cut(line, " listening on "); ok {
				ready <- url
			}
		}
		_ = s.cmd.Wait()
		close(s.exited)
	}()
	select {
	case s.url = <-ready:
	case <-s.exited:
		t.Fatalf("leadclock serve exited before listening: %s", s.errors())
	case <-time.After(30 * time.Second):
		t.Fatal("leadclock serve did not start within 30s")
	}
	t.Cleanup(func() { s.stop() })
	return s
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (s *server) errors() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stderr.String()
}

// stop asks the server to shut down and waits for it.
func (s *server) stop() {
	select {
	case <-s.exited:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
		s.t.Errorf("leadclock serve did not stop within 10s of SIGTERM")
	}
}

// kill ends the server with SIGKILL: no shutdown, no flush, like a power cut.
func (s *server) kill() {
	_ = s.cmd.Process.Kill()
	<-s.exited
}

// do sends a request and decodes a JSON answer into out (when not nil).
func (s *server) do(method, path string, header map[string]string, body string, out any) int {
	s.t.Helper()
	req, err := http.NewRequest(method, s.url+path, strings.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			s.t.Fatalf("%s %s: %d %s: %v", method, path, resp.StatusCode, data, err)
		}
	}
	return resp.StatusCode
}

const (
	providerKey    = "test-key-cars-com"
	integrationKey = "test-key-dms"
)

// postLead posts a lead for a customer with the phone (or, when it contains "@", the
// email) and returns its id.
func (s *server) postLead(providerLeadID, contact string) string {
	s.t.Helper()
	field := "phone"
	if strings.Contains(contact, "@") {
		field = "email"
	}
	body := fmt.Sprintf(`{"providerLeadId":%q,"customer":{"firstName":"Pat","lastName":"Doe",%q:%q},
		"vehicle":{"year":2024,"make":"Honda","model":"Civic","status":"used"},"comments":"Is it still available?"}`, providerLeadID, field, contact)
	var created struct{ ID, Status string }
	if code := s.do("POST", "/leads", map[string]string{"x-api-key": providerKey}, body, &created); code != http.StatusCreated {
		s.t.Fatalf("POST /leads: %d %+v", code, created)
	}
	return created.ID
}

// leadView is the part of GET /leads/{id} the tests read.
type leadView struct {
	ID             string
	Status         string
	Owner          *struct{ ID, Name string }
	FirstContactAt *time.Time
	Deadline       *time.Time
	Attempts       int
	Timeline       []struct {
		At       time.Time
		Type     string
		Actor    string
		Rep      string
		From     string
		Evidence string
	}
}

func (s *server) lead(id string) leadView {
	s.t.Helper()
	var v leadView
	if code := s.do("GET", "/leads/"+id, map[string]string{"x-api-key": integrationKey}, "", &v); code != http.StatusOK {
		s.t.Fatalf("GET /leads/%s: %d", id, code)
	}
	return v
}

func (v leadView) has(typ string) bool {
	for _, e := range v.Timeline {
		if e.Type == typ {
			return true
		}
	}
	return false
}

// outboxLine is one message the notifier wrote.
type outboxLine struct {
	At        time.Time
	LeadID    string
	LeadIDs   []string
	To        struct{ Rep, Phone, Email string }
	Channel   string
	Kind      string
	Subject   string
	Text      string
	Links     []string
	MessageID string
}

// outbox reads every message written so far.
func outbox(t testing.TB, data string) []outboxLine {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(data, "outbox.jsonl"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []outboxLine
	for i, line := range bytes.Split(bytes.TrimSpace(raw), []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		var l outboxLine
		if err := json.Unmarshal(line, &l); err != nil {
			t.Fatalf("outbox line %d is not JSON: %v: %s", i+1, err, line)
		}
		out = append(out, l)
	}
	return out
}

// eventually polls cond until it holds or the timeout passes. The server runs on a
// real (sped-up) clock, so black-box tests wait for it; they never assert timings.
func eventually(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
