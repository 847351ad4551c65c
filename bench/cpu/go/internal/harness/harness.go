// Package harness parses the common arguments (size, iterations) and prints
// the stderr line {"iteration_seconds":[…]} when the kernel ran more than once.
package harness

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Args returns the size (first argument) and the iteration count (second, default 1).
func Args(usage string) (n int, iterations int) {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage:", usage, "N [ITERATIONS]")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	iterations = 1
	if len(os.Args) > 2 {
		if iterations, err = strconv.Atoi(os.Args[2]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if iterations < 1 {
			iterations = 1
		}
	}
	return n, iterations
}

// Run calls kernel iterations times, checks that every run gives the same
// answer, reports the timings, and returns the answer.
func Run[T comparable](iterations int, kernel func() T) T {
	var result T
	seconds := make([]string, iterations)
	for it := 0; it < iterations; it++ {
		start := time.Now()
		r := kernel()
		seconds[it] = strconv.FormatFloat(time.Since(start).Seconds(), 'f', 9, 64)
		if it > 0 && r != result {
			fmt.Fprintf(os.Stderr, "iteration %d gave a different answer\n", it)
			os.Exit(1)
		}
		result = r
	}
	if iterations > 1 {
		fmt.Fprintf(os.Stderr, "{\"iteration_seconds\":[%s]}\n", strings.Join(seconds, ","))
	}
	return result
}
