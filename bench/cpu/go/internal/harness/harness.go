// Package harness is what every kernel shares with the other languages
// (bench/README.md, "CPU suite"):
//
//	kernel N [ITERATIONS]      the whole problem of size N, answer on stdout; with
//	                           ITERATIONS > 1 each iteration's seconds as JSON on stderr
//	kernel worker N [START]    a worker (bench/README.md, "Workers"): answers run,
//	                           count and quit on stdin, one JSON line each
//
// A kernel is a resumable problem (Kernel); the command line is Reset(0),
// Advance(all), Answer(); a worker does whole chunks of units and starts the
// problem over when it is done.
package harness

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Kernel is a problem that can be done a few units at a time.
type Kernel interface {
	// Init sizes the problem and returns how many work units make it.
	Init(n int) (units int, err error)
	// Reset starts the problem over at unit start.
	Reset(start int)
	// Advance does the next units.
	Advance(units int)
	// Answer is what the command line prints for the units done so far.
	Answer() string
}

func number(s, what string) int {
	v, err := strconv.Atoi(s)
	if err != nil {
		fmt.Fprintf(os.Stderr, "bad %s: %v\n", what, err)
		os.Exit(2)
	}
	return v
}

// Main runs the command line or, with "worker", a worker; chunk is the units per chunk of run.
func Main(name string, chunk int, k Kernel) {
	args := os.Args[1:]
	worker := len(args) > 0 && args[0] == "worker"
	if worker {
		args = args[1:]
	}
	if len(args) < 1 {
		fmt.Fprintf(os.Stderr, "usage: %[1]s N [ITERATIONS]\n       %[1]s worker N [START]\n", name)
		os.Exit(2)
	}
	units, err := k.Init(number(args[0], "size"))
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(2)
	}
	if worker {
		start := 0
		if len(args) > 1 {
			start = number(args[1], "start") % units
		}
		os.Exit(serve(name, chunk, k, units, start))
	}
	iterations := 1
	if len(args) > 1 {
		if iterations = number(args[1], "iteration count"); iterations < 1 {
			iterations = 1
		}
	}
	var first string
	seconds := make([]string, iterations)
	for it := 0; it < iterations; it++ {
		t0 := time.Now()
		k.Reset(0)
		k.Advance(units)
		seconds[it] = strconv.FormatFloat(time.Since(t0).Seconds(), 'f', 9, 64)
		answer := k.Answer()
		if it == 0 {
			first = answer
		} else if answer != first {
			fmt.Fprintf(os.Stderr, "iteration %d gave a different answer\n", it)
			os.Exit(1)
		}
	}
	fmt.Println(first)
	if iterations > 1 {
		fmt.Fprintf(os.Stderr, "{\"iteration_seconds\":[%s]}\n", strings.Join(seconds, ","))
	}
}

func serve(name string, chunk int, k Kernel, units, start int) int {
	done := start
	k.Reset(start)
	// The next n units, starting the problem over each time it is done.
	work := func(n int) {
		for n > 0 {
			if done == units {
				k.Reset(0)
				done = 0
			}
			take := units - done
			if take > n {
				take = n
			}
			k.Advance(take)
			done += take
			n -= take
		}
	}
	out := bufio.NewWriter(os.Stdout)
	say := func(v interface{}) {
		b, _ := json.Marshal(v)
		out.Write(append(b, '\n'))
		out.Flush()
	}
	say(map[string]interface{}{"ready": true, "tests": []string{name}})
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		w := strings.Fields(in.Text())
		switch {
		case len(w) > 0 && w[0] == "quit":
			return 0
		case len(w) == 3 && w[0] == "run" && w[1] == name:
			seconds, err := strconv.ParseFloat(w[2], 64)
			if err != nil {
				say(map[string]string{"error": "bad seconds: " + w[2]})
				return 1
			}
			t0 := time.Now()
			chunks := 0
			var elapsed float64
			for {
				work(chunk)
				chunks++
				if elapsed = time.Since(t0).Seconds(); elapsed >= seconds {
					break
				}
			}
			say(struct {
				Test     string  `json:"test"`
				Units    int     `json:"units"`
				Chunks   int     `json:"chunks"`
				Seconds  float64 `json:"seconds"`
				Checksum string  `json:"checksum"`
			}{name, chunks * chunk, chunks, elapsed, k.Answer()})
		case len(w) == 3 && w[0] == "count" && w[1] == name:
			n := number(w[2], "unit count")
			k.Reset(0)
			done = 0
			work(n)
			say(struct {
				Test     string `json:"test"`
				Units    int    `json:"units"`
				Checksum string `json:"checksum"`
			}{name, n, k.Answer()})
		default:
			say(map[string]string{"error": "unknown command (this worker runs " + name + ")"})
			return 1
		}
	}
	return 0
}
