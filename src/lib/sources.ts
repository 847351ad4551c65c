/** The source files of every implementation, read from the repository at build time. */
import { readFileSync, existsSync } from 'node:fs';
import { join, extname } from 'node:path';
import { listImplementations } from './implementations.ts';
import { SUITES, type SuiteId } from '../schemas/run.ts';

const LANGS: Record<string, string> = {
  '.py': 'python', '.go': 'go', '.rs': 'rust', '.ts': 'typescript', '.js': 'javascript', '.java': 'java',
  '.c': 'c', '.h': 'c', '.cpp': 'cpp', '.hpp': 'cpp', '.toml': 'toml', '.json': 'json', '.xml': 'xml', '.sh': 'bash', '.ini': 'ini', '.lua': 'lua',
  '.php': 'php', '.html': 'markup', '.mustache': 'markup', '.ejs': 'markup', '.conf': 'nginx', '.sql': 'sql', '.mjs': 'javascript',
};

export interface ImplementationSource {
  /** URL segment: "<suite>-<id>". */
  slug: string;
  suite: SuiteId;
  id: string;
  dir: string;
  /** Runtime variants that run the same code (PyPy beside CPython). */
  variants: string[];
  /** How it is compiled (manifest), or null for runtimes that are not compiled ahead of time. */
  compiler: { command: string; flags: string[] } | null;
  files: Array<{ path: string; code: string; lang: string }>;
}

export function implementationSources(): ImplementationSource[] {
  return SUITES.flatMap((suite) => {
    const impls = listImplementations(suite);
    return impls
      .filter((impl) => !impl.variantOf)
      .map((impl) => ({
        slug: `${suite}-${impl.id}`,
        suite,
        id: impl.id,
        dir: impl.dir,
        variants: impls.filter((v) => v.variantOf === impl.id).map((v) => v.id),
        compiler: impl.compiler,
        files: impl.sources
          .map((file) => join(impl.dir, file))
          .filter((path) => existsSync(path))
          .map((path) => ({ path, code: readFileSync(path, 'utf8'), lang: LANGS[extname(path)] ?? 'plain' })),
      }));
  });
}
