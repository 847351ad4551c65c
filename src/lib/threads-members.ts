/**
 * Members of a threads comparison group. Usually a group is one
 * implementation's modes (members `single`, `threads`, `processes`; its
 * `test` is the implementation). When a run measures runtimes side by side
 * (vintages: CPython 3.7 … 3.14t), one group spans every runtime of a
 * manifest, so that a free-threaded build's threads compare with its own
 * single thread and with the build that has a GIL in the same rounds: its
 * `test` is the manifest id and its members are `<implementation>-<mode>`
 * (`cpython-3-14t-threads`). The cells stay one per implementation and mode,
 * with `rounds_group` naming the group whose rounds they share.
 */
import { THREAD_MODES, type ThreadMode } from '../schemas/run.ts';

export interface ThreadsMember {
  impl: string;
  mode: ThreadMode;
}

/** The member id of an implementation's mode in a group that spans runtimes. */
export function spanMemberId(impl: string, mode: ThreadMode): string {
  return `${impl}-${mode}`;
}

/** The implementation and mode a member of the group `test` stands for; null when it names neither. */
export function threadsMember(test: string, member: string): ThreadsMember | null {
  if ((THREAD_MODES as readonly string[]).includes(member)) return { impl: test, mode: member as ThreadMode };
  for (const mode of THREAD_MODES) {
    if (member.endsWith(`-${mode}`) && member.length > mode.length + 1) return { impl: member.slice(0, -(mode.length + 1)), mode };
  }
  return null;
}
