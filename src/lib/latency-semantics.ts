/**
 * What a run's HTTP latencies are: raw (the slicer's: each request's own time)
 * or corrected (wrk's, after its coordinated-omission correction). Runs that
 * recorded it say so in settings.load_generator.latency; older ones had what
 * their timed load gave, so a run timed by the slicer (load_generator.timed)
 * is raw and one timed by wrk is corrected.
 */
import type { LatencySemantics, Run } from '../schemas/run.ts';

export function latencySemantics(run: Pick<Run, 'settings'>): LatencySemantics | null {
  const lg = run.settings.load_generator;
  if (!lg) return null;
  return lg.latency ?? (lg.timed ? 'raw' : 'corrected');
}
