// Ops suite, Go: each operation is a testing.B benchmark (ops.go), run with
// testing.Benchmark from this program so the JSON lines and checksums can be
// printed. Usage: ops [SAMPLES]
//
// Sizing: one testing.Benchmark run with -test.benchtime=100ms (testing.B's
// own ramp-up picks N); then SAMPLES runs with -test.benchtime=<N>x, so every
// sample runs exactly the same N and the checksum can be checked against it.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"testing"
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

func main() {
	testing.Init()
	flag.Parse()
	samples := 5
	if len(os.Args) > 1 {
		v, err := strconv.Atoi(os.Args[1])
		if err != nil || v < 1 {
			fmt.Fprintln(os.Stderr, "usage: ops [SAMPLES]")
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
