// spectral-norm: the largest singular value of the infinite matrix
// A(i,j) = 1 / ((i+j)(i+j+1)/2 + i + 1), by 10 rounds of the power method on an n×n block.
import { main, type Kernel } from './harness.ts';

function a(i: number, j: number): number {
  return 1 / (((i + j) * (i + j + 1)) / 2 + i + 1);
}

function multAv(v: Float64Array, out: Float64Array): void {
  const n = v.length;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += a(i, j) * v[j];
    out[i] = sum;
  }
}

function multAtv(v: Float64Array, out: Float64Array): void {
  const n = v.length;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += a(j, i) * v[j];
    out[i] = sum;
  }
}

function multAtAv(v: Float64Array, out: Float64Array, tmp: Float64Array): void {
  multAv(v, tmp);
  multAtv(tmp, out);
}

/**
 * The problem; one unit = one product A·Aᵀ·v. 10 rounds of the power method are 20 of
 * them, alternately v = AᵀA·u and u = AᵀA·v; every product costs the same.
 */
class SpectralNorm implements Kernel {
  u = new Float64Array(0);
  v = new Float64Array(0);
  tmp = new Float64Array(0);
  products = 0;

  init(n: number): number {
    this.u = new Float64Array(n);
    this.v = new Float64Array(n);
    this.tmp = new Float64Array(n);
    return 20;
  }

  reset(): void {
    this.u.fill(1);
    this.v.fill(0);
    this.products = 0;
  }

  advance(units: number): void {
    for (let p = 0; p < units; p++, this.products++) {
      if (this.products % 2 === 0) multAtAv(this.u, this.v, this.tmp);
      else multAtAv(this.v, this.u, this.tmp);
    }
  }

  answer(): string {
    let vBv = 0;
    let vv = 0;
    for (let i = 0; i < this.v.length; i++) {
      vBv += this.u[i] * this.v[i];
      vv += this.v[i] * this.v[i];
    }
    return Math.sqrt(vBv / vv).toFixed(9);
  }
}

void main('spectralnorm', 1, new SpectralNorm());
