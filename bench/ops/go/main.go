// Ops suite, Go: each operation is a testing.B benchmark (ops.go), run with
// testing.Benchmark from this program so the JSON lines and checksums can be
// printed.
//
//	ops [SAMPLES]   one JSON line per operation (bench/README.md)
//	ops worker      long-lived worker: commands on stdin (bench/ops/README.md)
//
// Sizing: one testing.Benchmark run with -test.benchtime=100ms (testing.B's
// own ramp-up picks N); then SAMPLES runs with -test.benchtime=<N>x, so every
// sample runs exactly the same N and the checksum can be checked against it.
// The worker calls the same loops directly, timed with time.Now (monotonic).
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

type line struct {
	Op                string    `json:"op"`
	Harness           string    `json:"harness"`
	Iterations        int       `json:"iterations_per_sample"`
	Samples           []float64 `json:"samples_ns_per_op"`
	Overhead          float64   `json:"harness_overhead_ns_per_op"`
	OverheadSubtraced bool      `json:"overhead_subtracted"`
	Checksum          string    `json:"checksum"`
}

// sample runs bench `samples` times at a fixed N chosen by testing.B's ramp-up.
func sample(bench func(*testing.B), samples int) (int, []float64, []uint64) {
	flag.Set("test.benchtime", "100ms")
	n := testing.Benchmark(bench).N
	flag.Set("test.benchtime", strconv.Itoa(n)+"x")
	var ns []float64
	var sums []uint64
	for s := 0; s < samples; s++ {
		r := testing.Benchmark(bench)
		if r.N != n {
			fmt.Fprintf(os.Stderr, "testing.B ran %d iterations, wanted %d\n", r.N, n)
			os.Exit(1)
		}
		ns = append(ns, math.Round(float64(r.T.Nanoseconds())/float64(r.N)*1000)/1000)
		sums = append(sums, checksum)
	}
	return n, ns, sums
}

// chunkMinSeconds: a worker chunk lasts at least this long (by the 1-2-5 steps, at most ~2.5 times it).
const chunkMinSeconds = 0.005

func timed(loop func(int) uint64, n int) (float64, uint64) {
	t0 := time.Now()
	sum := loop(n)
	return time.Since(t0).Seconds(), sum
}

// next125 is the first of 1, 2, 5, 10, 20, … after n.
func next125(n int) int {
	p := 1
	for p*10 <= n {
		p *= 10
	}
	switch n / p {
	case 1:
		return 2 * p
	case 2:
		return 5 * p
	}
	return 10 * p
}

// chunkSize autoranges one worker chunk to >= 5 ms, confirmed by a second chunk at that n.
func chunkSize(loop func(int) uint64) int {
	for n := 1; ; n = next125(n) {
		if t, _ := timed(loop, n); t >= chunkMinSeconds {
			if t, _ := timed(loop, n); t >= chunkMinSeconds {
				return n
			}
		}
	}
}

type countAnswer struct {
	Test     string `json:"test"`
	Units    uint64 `json:"units"`
	Checksum string `json:"checksum"`
}

type runAnswer struct {
	Test     string  `json:"test"`
	Units    uint64  `json:"units"`
	Chunks   uint64  `json:"chunks"`
	Seconds  float64 `json:"seconds"`
	Checksum string  `json:"checksum"`
}

type errorAnswer struct {
	Error string `json:"error"`
}

// worker speaks the protocol of bench/ops/README.md: one JSON line per command.
// It returns the exit status (1 after a wrong checksum).
func worker(in io.Reader, out io.Writer) int {
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	say := func(v interface{}) {
		enc.Encode(v)
		w.Flush()
	}
	names := make([]string, len(ops))
	byName := map[string]op{}
	for k, o := range ops {
		names[k] = o.name
		byName[o.name] = o
	}
	say(struct {
		Ready bool     `json:"ready"`
		Tests []string `json:"tests"`
	}{true, names})
	chunks := map[string]int{}
	lines := bufio.NewScanner(in)
	for lines.Scan() {
		words := strings.Fields(lines.Text())
		if len(words) == 0 {
			continue
		}
		if len(words) == 1 && words[0] == "quit" {
			return 0
		}
		if len(words) != 3 || (words[0] != "run" && words[0] != "count") {
			say(errorAnswer{"unknown command (known: run OP SECONDS, count OP N, quit)"})
			continue
		}
		o, known := byName[words[1]]
		if !known {
			say(errorAnswer{"unknown test (the ready line lists them)"})
			continue
		}
		if words[0] == "count" {
			n, err := strconv.ParseUint(words[2], 10, 63)
			if err != nil {
				say(errorAnswer{"count takes a test and a whole number of iterations"})
				continue
			}
			sum := o.loop(int(n))
			if want := expected(o.name, n); sum != want {
				say(errorAnswer{fmt.Sprintf("%s: checksum %d, expected %d for n=%d", o.name, sum, want, n)})
				return 1
			}
			say(countAnswer{o.name, n, strconv.FormatUint(sum, 10)})
			continue
		}
		seconds, err := strconv.ParseFloat(words[2], 64)
		if err != nil || !(seconds >= 0) {
			say(errorAnswer{"run takes a test and a number of seconds"})
			continue
		}
		n, sized := chunks[o.name]
		if !sized {
			n = chunkSize(o.loop)
			chunks[o.name] = n
		}
		want := expected(o.name, uint64(n))
		var count uint64
		var sum uint64
		var elapsed float64
		t0 := time.Now()
		for {
			sum = o.loop(n)
			elapsed = time.Since(t0).Seconds()
			count++
			if sum != want {
				say(errorAnswer{fmt.Sprintf("%s: chunk %d gave checksum %d, expected %d for n=%d", o.name, count, sum, want, n)})
				return 1
			}
			if elapsed >= seconds {
				break
			}
		}
		say(runAnswer{o.name, uint64(n) * count, count, elapsed, strconv.FormatUint(sum, 10)})
	}
	return 0
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "worker" {
		os.Exit(worker(os.Stdin, os.Stdout))
	}
	testing.Init()
	flag.Parse()
	samples := 5
	if len(os.Args) > 1 {
		v, err := strconv.Atoi(os.Args[1])
		if err != nil || v < 1 {
			fmt.Fprintln(os.Stderr, "usage: ops [SAMPLES] | ops worker")
			os.Exit(2)
		}
		samples = v
	}
	_, over, _ := sample(BenchmarkOverhead, samples)
	sort.Float64s(over)
	overhead := over[len(over)/2]
	enc := json.NewEncoder(os.Stdout)
	for _, o := range ops {
		n, ns, sums := sample(o.bench, samples)
		want := expected(o.name, uint64(n))
		for _, got := range sums {
			if got != want {
				fmt.Fprintf(os.Stderr, "%s: checksum %d != expected %d for n=%d\n", o.name, got, want, n)
				os.Exit(1)
			}
		}
		enc.Encode(line{o.name, "testing.B", n, ns, math.Round(overhead*1000) / 1000, false, strconv.FormatUint(sums[0], 10)})
	}
}
