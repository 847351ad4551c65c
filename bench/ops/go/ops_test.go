package main

// Proves the benchmark loops really run: go test -v .

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"
)

func brute(name string, n uint64) uint64 {
	var acc uint64
	m := map[uint64]bool{}
	for i := uint64(0); i < n; i++ {
		switch name {
		case "empty_loop":
			acc++
		case "call":
			acc += i + 1
		case "attribute":
			acc += 8*(i%8) + 1
		case "map_lookup":
			acc += i % 100
		case "map_insert":
			m[i] = true
			if len(m) == 1024 {
				acc += 1024
				m = map[uint64]bool{}
			}
		case "alloc":
			acc += i
		case "format":
			acc += uint64(len(fmt.Sprint("item-", i)))
		case "record_logic":
			acc += 66 + (i%1000)%7
		}
	}
	return acc
}

func runN(bench func(*testing.B), n int) testing.BenchmarkResult {
	flag.Set("test.benchtime", strconv.Itoa(n)+"x")
	return testing.Benchmark(bench)
}

func TestExpectedMatchesBruteForce(t *testing.T) {
	for _, o := range ops {
		for _, n := range []uint64{0, 1, 7, 99, 100, 101, 1023, 1024, 1025, 9999, 12345} {
			if got, want := expected(o.name, n), brute(o.name, n); got != want {
				t.Errorf("%s n=%d: formula %d, brute force %d", o.name, n, got, want)
			}
		}
	}
}

func TestEveryIterationAccumulates(t *testing.T) {
	for _, o := range ops {
		for _, n := range []int{2, 1000, 4099} {
			r := runN(o.bench, n)
			if r.N != n {
				t.Fatalf("%s: testing.B ran %d, wanted %d", o.name, r.N, n)
			}
			if want := expected(o.name, uint64(n)); checksum != want {
				t.Errorf("%s n=%d: checksum %d, want %d", o.name, n, checksum, want)
			}
		}
	}
}

func TestTimeScalesWithIterations(t *testing.T) {
	for _, o := range []op{ops[0], ops[1], ops[7]} {
		best := func(n int) time.Duration {
			d := time.Duration(1 << 62)
			for k := 0; k < 3; k++ {
				if t := runN(o.bench, n).T; t < d {
					d = t
				}
			}
			return d
		}
		small, large := best(200_000), best(2_000_000)
		if large < 3*small {
			t.Errorf("%s: 2e6 iterations took %v, 2e5 took %v: the loop did not scale", o.name, large, small)
		}
	}
}

// A scripted session with the worker over pipes, as the runner drives it.
func TestWorkerSession(t *testing.T) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	status := make(chan int, 1)
	go func() {
		status <- worker(inR, outW)
		outW.Close()
	}()
	lines := bufio.NewScanner(outR)
	next := func() string {
		if !lines.Scan() {
			t.Fatal("the worker closed its output")
		}
		return lines.Text()
	}
	ready := next()
	if !strings.HasPrefix(ready, `{"ready":true,"tests":["empty_loop","call","attribute",`) || !strings.HasSuffix(ready, `"record_logic"]}`) {
		t.Fatalf("ready line: %s", ready)
	}

	fmt.Fprintln(inW, "count attribute 1000")
	want := fmt.Sprintf(`{"test":"attribute","units":1000,"checksum":"%d"}`, brute("attribute", 1000))
	if got := next(); got != want {
		t.Errorf("count answer %s, want %s", got, want)
	}

	fmt.Fprintln(inW, "run call 0.05")
	line := next()
	var run runAnswer
	if err := json.Unmarshal([]byte(line), &run); err != nil || run.Test != "call" || run.Chunks < 1 || run.Units%run.Chunks != 0 || run.Seconds < 0.05 {
		t.Fatalf("run answer: %s (%v)", line, err)
	}
	if want := strconv.FormatUint(brute("call", run.Units/run.Chunks), 10); run.Checksum != want {
		t.Errorf("run checksum %s, want %s for one chunk of %d", run.Checksum, want, run.Units/run.Chunks)
	}

	fmt.Fprintln(inW, "count teleport 5")
	if got := next(); !strings.HasPrefix(got, `{"error":`) {
		t.Errorf("answer to an unknown test: %s", got)
	}
	fmt.Fprintln(inW, "quit")
	if s := <-status; s != 0 {
		t.Errorf("exit status %d after quit", s)
	}
}
