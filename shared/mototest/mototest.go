// Package mototest starts moto_server, the AWS emulator, for adapter tests: the
// DynamoDB, Scheduler, SES and SNS adapters are proven over the real AWS wire
// protocol, not against fakes. A missing moto_server fails the test with the command
// that installs it; it is never skipped.
package mototest

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Region is the region every client of the emulator uses.
const Region = "us-east-1"

// Install says how to get moto_server when it is missing.
const Install = `moto_server not found on PATH: install it with  pip install "moto[server]==5.2.1"`

// Server is a running moto_server bound to 127.0.0.1 on a port the kernel picked.
type Server struct {
	URL string

	cmd  *exec.Cmd
	done chan struct{}
	once sync.Once
}

var running = regexp.MustCompile(`Running on (http://127\.0\.0\.1:\d+)`)

// Start runs moto_server and waits until it answers. Stop it with Stop.
func Start() (*Server, error) {
	path, err := exec.LookPath("moto_server")
	if err != nil {
		return nil, errors.New(Install)
	}
	cmd := exec.Command(path, "-H", "127.0.0.1", "-p", "0")
	// Its own process group, so Stop also ends any worker it forked; and ended by
	// the kernel if the test binary dies without stopping it (a panic, a timeout).
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Stdout = io.Discard
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, fmt.Errorf("moto_server stderr: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start moto_server: %w", err)
	}
	s := &Server{cmd: cmd, done: make(chan struct{})}
	found := make(chan string, 1)
	go func() {
		// Werkzeug prints the address it bound, then one line per request; the
		// pipe is drained to the end so the server never blocks on a full pipe.
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := running.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
		_ = cmd.Wait()
		close(s.done)
	}()
	select {
	case s.URL = <-found:
	case <-s.done:
		return nil, errors.New("moto_server exited before it listened")
	case <-time.After(30 * time.Second):
		s.Stop()
		return nil, errors.New("moto_server did not say where it listens within 30 s")
	}
	if err := s.ready(30 * time.Second); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

func (s *Server) ready(within time.Duration) error {
	deadline := time.Now().Add(within)
	for {
		resp, err := http.Get(s.URL + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("moto_server at %s not ready: %v", s.URL, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Stop ends the server and waits for it.
func (s *Server) Stop() {
	s.once.Do(func() {
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
			<-s.done
		}
	})
}

// Config is an SDK configuration that sends every client to the server, with
// static test credentials. The only errors it retries are broken connections: a
// single-process emulator on a busy machine resets one now and then, and that is not
// what any test is about; an error the service returned is never retried, so none
// is hidden from a test.
func (s *Server) Config() aws.Config {
	return aws.Config{
		Region:       Region,
		BaseEndpoint: aws.String(s.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("testing", "testing", ""),
		Retryer:      connectionRetryer,
	}
}

func connectionRetryer() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = 3
		o.Retryables = []retry.IsErrorRetryable{retry.RetryableConnectionError{}}
		o.RateLimiter = ratelimit.None
	})
}

// Data returns moto's record of what it holds (its /moto-api/data.json), decoded.
func (s *Server) Data(ctx context.Context) (map[string]any, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/moto-api/data.json", nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("moto data: %w", err)
	}
	defer resp.Body.Close()
	var v map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		return nil, fmt.Errorf("moto data: %w", err)
	}
	return v, nil
}

// Post sends a JSON body to one of moto's own endpoints (/moto-api/...), such as
// the one that records what SES or SNS sent.
func (s *Server) Post(ctx context.Context, path string, body any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+path, strings.NewReader(string(b)))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("moto %s: %w", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		msg, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("moto %s: %s: %s", path, resp.Status, msg)
	}
	return nil
}

// Get fetches one of moto's own endpoints and decodes its JSON answer into v.
func (s *Server) Get(ctx context.Context, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+path, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("moto %s: %w", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		msg, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("moto %s: %s: %s", path, resp.Status, msg)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

var (
	shared    *Server
	sharedErr error
	sharedMu  sync.Mutex
)

// Shared returns the package's one server, starting it on first use; a test
// binary's TestMain stops it with StopShared after the tests ran. Tests isolate
// themselves by naming their own tables, groups and identities.
func Shared(t testing.TB) *Server {
	t.Helper()
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if shared == nil && sharedErr == nil {
		shared, sharedErr = Start()
	}
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

// Main runs a test binary's tests and stops the shared server afterwards, so no
// moto_server outlives the test that started it. Use it as
//
//	func TestMain(m *testing.M) { mototest.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	sharedMu.Lock()
	if shared != nil {
		shared.Stop()
	}
	sharedMu.Unlock()
	os.Exit(code)
}
