// The loop of bench/README.md, n iterations: two arithmetic operations and an if.
package main

import (
	"fmt"

	"diezmil/bench/cpu/go/internal/harness"
)

func loop(n int64) int64 {
	var acc int64
	for i := int64(0); i < n; i++ {
		acc = (acc*31 + i) % 1_000_003
		if acc%2 == 0 {
			acc++
		}
	}
	return acc
}

func main() {
	n, iterations := harness.Args("loop")
	result := harness.Run(iterations, func() int64 { return loop(int64(n)) })
	fmt.Println(result)
}
