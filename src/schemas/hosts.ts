/**
 * The hosts file (`npm run bench -- --hosts FILE`): which machine plays which
 * role in a lab layout — the server under test, the load generator (client),
 * and the database of the web-stack suite — and how to reach each over SSH.
 * Without --hosts everything runs on the local machine.
 *
 * Example (three hosts):
 *   { "hosts": [
 *       { "name": "app", "roles": ["server"], "ssh": { "destination": "bench@10.0.0.2" }, "address": "10.0.0.2", "cpus": "0-7" },
 *       { "name": "load", "roles": ["client"], "ssh": { "destination": "bench@10.0.0.3" }, "address": "10.0.0.3", "cpus": "0-7" },
 *       { "name": "db", "roles": ["database"], "ssh": { "destination": "bench@10.0.0.4" }, "address": "10.0.0.4" } ] }
 */
import { z } from 'zod';

const HOST_ROLES = ['server', 'client', 'database'] as const;
export type HostRole = (typeof HOST_ROLES)[number];

const cpuList = z.string().regex(/^\d+(-\d+)?(,\d+(-\d+)?)*$/, 'a taskset CPU list like "0-3" or "0,2"');

export const SshTarget = z
  .object({
    /** What `ssh` connects to: `user@host` (or a Host alias from ~/.ssh/config). */
    destination: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(22),
    /** A private key file; absent: ssh's own defaults and agent. */
    identity_file: z.string().min(1).nullable().default(null),
    /** Extra `-o` options for ssh, e.g. {"UserKnownHostsFile": "/dev/null"}. */
    options: z.record(z.string(), z.string()).default({}),
  })
  .strict();
export type SshTarget = z.infer<typeof SshTarget>;

export const HostSpec = z
  .object({
    /** A short name the run records and messages use, e.g. "app". */
    name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a short lower-case name like "app" or "load-1"'),
    roles: z.array(z.enum(HOST_ROLES)).min(1),
    /** null: this machine itself (no SSH). */
    ssh: SshTarget.nullable(),
    /** The address other hosts (and the runner) reach this host at over the benchmark network. */
    address: z.string().min(1),
    /** CPUs the role may use on that host (taskset list); null: all of them. */
    cpus: cpuList.nullable().default(null),
    /** Where the project checkout is on that host; default: the same path as here. */
    workdir: z.string().min(1).nullable().default(null),
    /** Copy the checkout there with rsync before the run (false: it is already there, e.g. a shared filesystem). */
    sync: z.boolean().default(true),
  })
  .strict();
export type HostSpec = z.infer<typeof HostSpec>;

export const HostsFile = z
  .object({
    $comment: z.string().optional(),
    hosts: z.array(HostSpec).min(1),
  })
  .strict()
  .superRefine((f, ctx) => {
    const names = new Set<string>();
    f.hosts.forEach((h, i) => {
      if (names.has(h.name)) ctx.addIssue({ code: 'custom', path: ['hosts', i, 'name'], message: `two hosts are called "${h.name}"` });
      names.add(h.name);
    });
    for (const role of ['server', 'client'] as const) {
      const n = f.hosts.filter((h) => h.roles.includes(role)).length;
      if (n !== 1) ctx.addIssue({ code: 'custom', path: ['hosts'], message: `exactly one host needs the role "${role}" (found ${n})` });
    }
    if (f.hosts.filter((h) => h.roles.includes('database')).length > 1) {
      ctx.addIssue({ code: 'custom', path: ['hosts'], message: 'at most one host may have the role "database" (without one, the database runs on the server host)' });
    }
  });
export type HostsFile = z.infer<typeof HostsFile>;
