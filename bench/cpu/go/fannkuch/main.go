// fannkuch-redux: for every permutation of 0..n-1 (in the order produced by
// rotating prefixes), count the prefix reversals ("pancake flips") until 0
// comes first; report the maximum and an alternating-sign checksum.
package main

import (
	"fmt"

	"diezmil/bench/cpu/go/internal/harness"
)

type result struct {
	checksum, maxFlips int
}

func fannkuch(n int) result {
	perm1 := make([]int, n) // the current permutation
	perm := make([]int, n)  // a copy that gets flipped
	count := make([]int, n)
	for i := range perm1 {
		perm1[i] = i
	}
	var res result
	permIndex := 0
	r := n
	for {
		for ; r != 1; r-- {
			count[r-1] = r
		}

		copy(perm, perm1)
		flips := 0
		for k := perm[0]; k != 0; k = perm[0] {
			for i, j := 0, k; i < j; i, j = i+1, j-1 {
				perm[i], perm[j] = perm[j], perm[i]
			}
			flips++
		}
		if flips > res.maxFlips {
			res.maxFlips = flips
		}
		if permIndex%2 == 0 {
			res.checksum += flips
		} else {
			res.checksum -= flips
		}

		// next permutation: rotate the first r+1 elements left by one, carrying like an odometer
		for {
			if r == n {
				return res
			}
			first := perm1[0]
			copy(perm1[:r], perm1[1:r+1])
			perm1[r] = first
			count[r]--
			if count[r] > 0 {
				break
			}
			r++
		}
		permIndex++
	}
}

func main() {
	n, iterations := harness.Args("fannkuch")
	res := harness.Run(iterations, func() result { return fannkuch(n) })
	fmt.Printf("%d\nPfannkuchen(%d) = %d\n", res.checksum, n, res.maxFlips)
}
