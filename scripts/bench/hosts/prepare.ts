/**
 * Before measuring with --hosts: check that every host answers over SSH,
 * copy the checkout there, run the setup when asked, record each host's
 * machine card and toolchains and the network between load generator and
 * server. A host that cannot be used is a problem with a fix, not a crash:
 * its cells are skipped and the run file says why.
 */
import type { Run, SuiteId } from '../../../src/schemas/run.ts';
import type { CpuSplit } from '../cpus.ts';
import { UserError } from '../errors.ts';
import type { Options } from '../options.ts';
import { suiteById } from '../suites/index.ts';
import { SshHost } from './host.ts';
import { checkHosts, hostToolchains, layoutFromFile, localLayout, probeNetwork, readHostsFile, setupHosts, syncHosts, type Layout } from './layout.ts';

export interface Prepared {
  layout: Layout;
  /** Why the layout cannot be used (cells are skipped with it), or null. */
  problem: { message: string; fix: string } | null;
}

/** Prefix of a skipped cell's reason when a host was the problem: --resume tries those cells again. */
export const HOST_PROBLEM_PREFIX = 'host ';

export async function prepareLayout(o: Options, root: string, split: CpuSplit, suites: readonly SuiteId[], run: Run, log: (m: string) => void): Promise<Prepared> {
  if (!o.hosts) return { layout: localLayout(root, split.server, split.client), problem: null };
  // Only the suites with a load generator run across hosts; the others measure one machine.
  const others = suites.filter((s) => !suiteById(s).loadGenerator);
  if (others.length > 0) {
    throw new UserError(
      `--hosts: the ${others.join(', ')} suite${others.length > 1 ? 's measure' : ' measures'} one machine; run ${others.length > 1 ? 'them' : 'it'} there without --hosts, and use --suite http or --suite stack with --hosts`,
    );
  }
  const layout = layoutFromFile(o.hosts, root);
  log(`hosts (${o.hosts}): server ${layout.server.describe()}, load generator ${layout.client.describe()}${layout.database !== layout.server ? `, database ${layout.database.describe()}` : ''}`);
  const checks = await checkHosts(layout, log);
  const bad = checks.find((c) => c.problem);
  if (bad?.problem) return { layout, problem: { message: bad.problem.message, fix: bad.problem.fix } };

  const synced = await syncHosts(layout, root, readHostsFile(o.hosts).hosts, log);
  if (synced) return { layout, problem: { message: synced.message, fix: synced.fix } };
  if (o.setupRemote) {
    const setup = await setupHosts(layout, log);
    if (setup) return { layout, problem: { message: setup.message, fix: setup.fix } };
  }

  run.hosts = [];
  for (const c of checks) {
    if (!c.record) continue;
    c.record.toolchains = await hostToolchains(c.host, c.host.roles);
    run.hosts.push(c.record);
  }
  log('probing the network from the load generator to the server (ping, iperf3)…');
  run.network = await probeNetwork(layout);
  for (const n of run.network.notes) log(`note: ${n}`);
  return { layout, problem: null };
}

/** Closes the SSH connections of a layout. */
export async function closeLayout(layout: Layout): Promise<void> {
  await Promise.all(layout.hosts.map((h) => (h instanceof SshHost ? h.close() : Promise.resolve())));
}
