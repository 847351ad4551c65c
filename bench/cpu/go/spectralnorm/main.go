// spectral-norm: the largest singular value of the infinite matrix
// A(i,j) = 1 / ((i+j)(i+j+1)/2 + i + 1), by 10 rounds of the power method on an n×n block.
package main

import (
	"fmt"
	"math"

	"diezmil/bench/cpu/go/internal/harness"
)

func a(i, j int) float64 {
	return 1.0 / float64((i+j)*(i+j+1)/2+i+1)
}

func multAv(v, out []float64) {
	for i := range out {
		var sum float64
		for j := range v {
			sum += a(i, j) * v[j]
		}
		out[i] = sum
	}
}

func multAtv(v, out []float64) {
	for i := range out {
		var sum float64
		for j := range v {
			sum += a(j, i) * v[j]
		}
		out[i] = sum
	}
}

func multAtAv(v, out, tmp []float64) {
	multAv(v, tmp)
	multAtv(tmp, out)
}

// spectralNorm is the problem; one unit = one product A·Aᵀ·v. 10 rounds of the power
// method are 20 of them, alternately v = AᵀA·u and u = AᵀA·v; every product costs the same.
type spectralNorm struct {
	u, v, tmp []float64
	products  int
}

func (k *spectralNorm) Init(n int) (int, error) {
	k.u, k.v, k.tmp = make([]float64, n), make([]float64, n), make([]float64, n)
	return 20, nil
}

func (k *spectralNorm) Reset(int) {
	for i := range k.u {
		k.u[i], k.v[i] = 1, 0
	}
	k.products = 0
}

func (k *spectralNorm) Advance(units int) {
	for p := 0; p < units; p++ {
		if k.products%2 == 0 {
			multAtAv(k.u, k.v, k.tmp)
		} else {
			multAtAv(k.v, k.u, k.tmp)
		}
		k.products++
	}
}

func (k *spectralNorm) Answer() string {
	var vBv, vv float64
	for i := range k.v {
		vBv += k.u[i] * k.v[i]
		vv += k.v[i] * k.v[i]
	}
	return fmt.Sprintf("%.9f", math.Sqrt(vBv/vv))
}

func main() {
	harness.Main("spectralnorm", 1, &spectralNorm{})
}
