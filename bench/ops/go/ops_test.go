package main

// Proves the benchmark loops really run: go test -v .

import (
	"flag"
	"fmt"
	"strconv"
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
			acc += 7
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
