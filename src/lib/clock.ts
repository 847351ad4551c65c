/**
 * The clock cycles per operation are computed at: the one the run measured on
 * its CPUs when it started (machine.cpu_mhz_measured), else the one
 * /proc/cpuinfo reported (older runs; under a hypervisor, the nominal clock).
 */
import type { Machine } from '../schemas/run.ts';

export function runClockMhz(machine: Pick<Machine, 'cpu_mhz' | 'cpu_mhz_measured'>): number | null {
  return machine.cpu_mhz_measured ?? machine.cpu_mhz;
}

/** Whether runClockMhz is a measured clock (otherwise the reported one). */
export function clockIsMeasured(machine: Pick<Machine, 'cpu_mhz_measured'>): boolean {
  return typeof machine.cpu_mhz_measured === 'number';
}
