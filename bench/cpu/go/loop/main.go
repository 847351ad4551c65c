// The loop of bench/README.md, n iterations: two arithmetic operations and an if.
package main

import (
	"fmt"

	"diezmil/bench/cpu/go/internal/harness"
)

// loopKernel is the problem; one unit = one iteration. The accumulator and the next i persist between units.
type loopKernel struct {
	acc, nextI int64
}

func (k *loopKernel) Init(n int) (int, error) { return n, nil }

func (k *loopKernel) Reset(int) { k.acc, k.nextI = 0, 0 }

func (k *loopKernel) Advance(units int) {
	acc, end := k.acc, k.nextI+int64(units)
	for i := k.nextI; i < end; i++ {
		acc = (acc*31 + i) % 1_000_003
		if acc%2 == 0 {
			acc++
		}
	}
	k.acc, k.nextI = acc, end
}

func (k *loopKernel) Answer() string { return fmt.Sprint(k.acc) }

func main() {
	harness.Main("loop", 100000, &loopKernel{})
}
