/** The headline metric of each cell, for tables that list every cell. */
import type { Cell } from '../schemas/run.ts';
import { metricId } from './metric-ids.ts';

const PRIMARY: Record<Cell['suite'], string> = {
  http: 'rps',
  cpu: 'seconds',
  ops: 'ns',
  threads: 'seconds',
  build: 'seconds',
  stack: 'rps',
};

export function primaryMetricId(cell: Pick<Cell, 'suite' | 'impl' | 'test'>): string {
  return metricId(cell.suite, cell.impl, cell.test, PRIMARY[cell.suite]);
}
