/** A run's machine in words, for the machine card of the results page and <Machine /> in the essays. */
import type { Machine } from '../schemas/run.ts';
import type { PageContext } from './page.ts';

export interface MachineFacts {
  /** "2,596 MHz", or null when the run did not record it. */
  clock: string | null;
  /** "AMD EPYC at 2,596 MHz" (the model alone without a clock). */
  cpuWithClock: string;
  /** "docker", or words for none detected. */
  virtualization: string;
}

export function machineFacts(m: Machine, ctx: Pick<PageContext, 't' | 'locale'>): MachineFacts {
  const clock = m.cpu_mhz === null ? null : `${new Intl.NumberFormat(ctx.locale.intl, { maximumFractionDigits: 0 }).format(m.cpu_mhz)}\u00a0MHz`;
  return {
    clock,
    cpuWithClock: clock ? ctx.t('machine.cpuAt', { cpu: m.cpu_model, clock }) : m.cpu_model,
    virtualization: m.virtualization ?? ctx.t('machine.noVirtualization'),
  };
}
