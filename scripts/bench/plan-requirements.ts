/** Which cells cannot run on this machine: a member's runtime that was not found, an implementation's missing tools (a web stack's: also its services), or the runner's. */
import type { Impl } from './discovery.ts';
import { RUNNER_TOOLS, firstMissing, type Missing } from './requirements.ts';
import { stackServicesMissing } from './suites/stack.ts';

export function requirementsFor(impl: Impl | null, runnerTool?: keyof typeof RUNNER_TOOLS): Missing | null {
  if (runnerTool) return firstMissing([RUNNER_TOOLS[runnerTool]], process.cwd());
  if (!impl) return null;
  return impl.vintage?.missing ?? firstMissing(impl.manifest.requires, impl.dir) ?? stackServicesMissing(impl);
}
