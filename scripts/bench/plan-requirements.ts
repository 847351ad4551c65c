/** Which cells cannot run on this machine: an implementation's missing tools, or the runner's. */
import type { Impl } from './discovery.ts';
import { RUNNER_TOOLS, firstMissing, type Missing } from './requirements.ts';

export function requirementsFor(impl: Impl | null, runnerTool?: keyof typeof RUNNER_TOOLS): Missing | null {
  if (runnerTool) return firstMissing([RUNNER_TOOLS[runnerTool]], process.cwd());
  if (!impl) return null;
  return firstMissing(impl.manifest.requires, impl.dir);
}
