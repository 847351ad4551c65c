// spectral-norm: the largest singular value of the infinite matrix
// A(i,j) = 1 / ((i+j)(i+j+1)/2 + i + 1), by 10 rounds of the power method on an n×n block.
import { args, run } from './harness.ts';

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

function spectralNorm(n: number): number {
  const u = new Float64Array(n).fill(1);
  const v = new Float64Array(n);
  const tmp = new Float64Array(n);
  for (let i = 0; i < 10; i++) {
    multAtAv(u, v, tmp);
    multAtAv(v, u, tmp);
  }
  let vBv = 0;
  let vv = 0;
  for (let i = 0; i < n; i++) {
    vBv += u[i] * v[i];
    vv += v[i] * v[i];
  }
  return Math.sqrt(vBv / vv);
}

const { n, iterations } = args('spectralnorm.ts');
const result = run(iterations, () => spectralNorm(n), String);
console.log(result.toFixed(9));
