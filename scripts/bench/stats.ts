/** Summary statistics of a series of repetitions (the Summary of src/schemas/run.ts). */
import type { Summary } from '../../src/schemas/run.ts';

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new Error('mean of no values');
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample standard deviation (n − 1); 0 for a single value. */
export function stddev(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  const squares = values.reduce((acc, v) => acc + (v - m) ** 2, 0);
  return Math.sqrt(squares / (values.length - 1));
}

/** Coefficient of variation (stddev ÷ mean); null when it means nothing (one value, or mean 0). */
export function cv(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const m = mean(values);
  if (m === 0) return null;
  return stddev(values) / Math.abs(m);
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('summary of no values');
  for (const v of values) if (!Number.isFinite(v)) throw new Error(`summary of a non-finite value: ${v}`);
  return {
    n: values.length,
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values),
    mean: mean(values),
    stddev: stddev(values),
    cv: cv(values),
  };
}
