/** Which cells cannot run on this machine: a member's runtime that was not found, an implementation's missing tools, or what its suite adds (a web stack's services). */
import type { Impl } from './discovery.ts';
import { firstMissing, type Missing } from './requirements.ts';
import { suiteById } from './suites/index.ts';

export function requirementsFor(impl: Impl): Missing | null {
  return impl.vintage?.missing ?? firstMissing(impl.manifest.requires, impl.dir) ?? suiteById(impl.suite).missing?.(impl) ?? null;
}
