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

func spectralNorm(n int) float64 {
	u := make([]float64, n)
	v := make([]float64, n)
	tmp := make([]float64, n)
	for i := range u {
		u[i] = 1
	}
	for i := 0; i < 10; i++ {
		multAtAv(u, v, tmp)
		multAtAv(v, u, tmp)
	}
	var vBv, vv float64
	for i := range v {
		vBv += u[i] * v[i]
		vv += v[i] * v[i]
	}
	return math.Sqrt(vBv / vv)
}

func main() {
	n, iterations := harness.Args("spectralnorm")
	result := harness.Run(iterations, func() float64 { return spectralNorm(n) })
	fmt.Printf("%.9f\n", result)
}
