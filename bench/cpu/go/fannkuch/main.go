// fannkuch-redux: for every permutation of 0..n-1 (in the order produced by
// rotating prefixes), count the prefix reversals ("pancake flips") until 0
// comes first; report the maximum and an alternating-sign checksum.
package main

import (
	"fmt"

	"diezmil/bench/cpu/go/internal/harness"
)

// fannkuch is the problem; one unit = one permutation. The generator's state persists
// between units; Reset(start) jumps to permutation start (its digits in the factorial
// number system say how far each prefix has been rotated), since permutations cost
// unequal numbers of flips and a worker starts at a random one.
type fannkuch struct {
	n, r               int
	perm1, perm, count []int // the current permutation, a copy that gets flipped, the odometer
	permIndex          int
	checksum, maxFlips int
}

func (k *fannkuch) Init(n int) (int, error) {
	if n < 1 || n > 20 {
		return 0, fmt.Errorf("N must be between 1 and 20, got %d", n)
	}
	k.n = n
	k.perm1, k.perm, k.count = make([]int, n), make([]int, n), make([]int, n)
	units := 1
	for i := 2; i <= n; i++ {
		units *= i
	}
	return units, nil
}

func (k *fannkuch) Reset(start int) {
	for i := range k.perm1 {
		k.perm1[i] = i
	}
	k.r, k.permIndex, k.checksum, k.maxFlips = k.n, start, 0, 0
	if start == 0 {
		return
	}
	fact := 1
	for i := 2; i < k.n; i++ {
		fact *= i
	}
	for i := k.n - 1; i > 0; i-- { // fact = i!
		d := start / fact
		start %= fact
		rotated := append(append([]int{}, k.perm1[d:i+1]...), k.perm1[:d]...)
		copy(k.perm1, rotated)
		k.count[i] = i + 1 - d
		fact /= i
	}
	k.r = 1
}

func (k *fannkuch) Advance(units int) {
	n, r, perm1, perm, count := k.n, k.r, k.perm1, k.perm, k.count
	for u := 0; u < units; u++ {
		for ; r != 1; r-- {
			count[r-1] = r
		}

		copy(perm, perm1)
		flips := 0
		for f := perm[0]; f != 0; f = perm[0] {
			for i, j := 0, f; i < j; i, j = i+1, j-1 {
				perm[i], perm[j] = perm[j], perm[i]
			}
			flips++
		}
		if flips > k.maxFlips {
			k.maxFlips = flips
		}
		if k.permIndex%2 == 0 {
			k.checksum += flips
		} else {
			k.checksum -= flips
		}

		// next permutation: rotate the first r+1 elements left by one, carrying like an odometer
		for r != n {
			first := perm1[0]
			copy(perm1[:r], perm1[1:r+1])
			perm1[r] = first
			count[r]--
			if count[r] > 0 {
				break
			}
			r++
		}
		k.permIndex++
	}
	k.r = r
}

func (k *fannkuch) Answer() string {
	return fmt.Sprintf("%d\nPfannkuchen(%d) = %d", k.checksum, k.n, k.maxFlips)
}

func main() {
	harness.Main("fannkuch", 5040, &fannkuch{})
}
