// Command coldstart measures how long each Lambda function takes from exec to its
// first request for work: it builds every function under functions/ for this machine,
// starts each against a local stand-in of the Lambda Runtime API, and times the moment
// the process asks GET /2018-06-01/runtime/invocation/next, which is when Lambda's init
// phase ends. The functions run with the demo dealership's config and an endpoint
// nothing listens on: init makes no AWS call (the link secret is fetched in the
// background), so none is needed.
//
//	go run ./scripts/coldstart [-runs 20]
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"
)

func main() {
	runs := flag.Int("runs", 20, "starts per function")
	flag.Parse()
	if err := run(*runs); err != nil {
		fmt.Fprintln(os.Stderr, "coldstart:", err)
		os.Exit(1)
	}
}

func run(runs int) error {
	dir, err := os.MkdirTemp("", "coldstart")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fns, err := filepath.Glob("functions/*/main.go")
	if err != nil || len(fns) == 0 {
		return fmt.Errorf("no functions found (run from the repository root): %v", err)
	}
	config, err := filepath.Abs("infra/dealers/demo-motors.yaml")
	if err != nil {
		return err
	}
	var names, bins []string
	for _, main := range fns {
		name := filepath.Base(filepath.Dir(main))
		bin := filepath.Join(dir, name)
		build := exec.Command("go", "build", "-tags", "lambda.norpc", "-trimpath", "-ldflags=-s -w", "-o", bin, "./"+filepath.Dir(main))
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			return fmt.Errorf("build %s: %v\n%s", name, err, out)
		}
		names, bins = append(names, name), append(bins, bin)
	}
	// Round by round, every function once a round: whatever else the machine is
	// doing slows all of them alike rather than whichever was being measured then.
	times := make([][]time.Duration, len(bins))
	for range runs {
		for i, bin := range bins {
			d, err := start(bin, config)
			if err != nil {
				return fmt.Errorf("%s: %w", names[i], err)
			}
			times[i] = append(times[i], d)
		}
	}
	fmt.Printf("%-10s %8s %8s %8s %8s  (ms from exec to the first /invocation/next, %d starts)\n", "function", "min", "median", "p90", "max", runs)
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }
	for i, ts := range times {
		slices.Sort(ts)
		fmt.Printf("%-10s %8s %8s %8s %8s\n", names[i], ms(ts[0]), ms(ts[len(ts)/2]), ms(ts[len(ts)*9/10]), ms(ts[len(ts)-1]))
	}
	return nil
}

// start runs the function once against a stand-in Runtime API and returns the time
// from exec to its first request for an invocation.
func start(bin, config string) (time.Duration, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	asked := make(chan time.Time, 1)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/2018-06-01/runtime/invocation/next" {
			select {
			case asked <- time.Now():
			default:
			}
			<-r.Context().Done() // no work: hold the request until the process is stopped
			return
		}
		w.WriteHeader(http.StatusAccepted)
	})}
	go srv.Serve(ln) //nolint:errcheck // ends with Close below
	defer srv.Close()

	cmd := exec.Command(bin)
	cmd.Env = []string{
		"AWS_LAMBDA_RUNTIME_API=" + ln.Addr().String(),
		"AWS_REGION=us-east-1", "AWS_ACCESS_KEY_ID=coldstart", "AWS_SECRET_ACCESS_KEY=coldstart",
		"AWS_ENDPOINT_URL=http://127.0.0.1:9", // nothing listens: any call at init would fail
		"AWS_LAMBDA_FUNCTION_NAME=coldstart", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=512",
		"LEADCLOCK_CONFIG=" + config, "LEADCLOCK_TABLE=leadclock-coldstart",
		"LEADCLOCK_API_KEY_IDS={}", "LEADCLOCK_LINK_SECRET_ARN=arn:aws:secretsmanager:us-east-1:123456789012:secret:links",
		"LEADCLOCK_BASE_URL=https://api.example.com/prod",
	}
	began := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		_ = cmd.Process.Kill()
		<-exited
	}()
	select {
	case at := <-asked:
		return at.Sub(began), nil
	case err := <-exited:
		exited <- err // for the deferred wait
		return 0, fmt.Errorf("exited before asking for work: %v", err)
	case <-time.After(10 * time.Second):
		return 0, fmt.Errorf("did not ask for work within 10 s")
	}
}
