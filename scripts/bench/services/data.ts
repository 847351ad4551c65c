/**
 * The web-stack suite's data, as TechEmpower's database tests define it: the
 * `world` table (10,000 rows, random numbers from a fixed seed, generated
 * here so that the verifier knows every row) and the `fortune` table (their
 * twelve fortunes, byte for byte). postgres.ts seeds PostgreSQL with it;
 * verify-stack.ts checks answers against it.
 */
import { seededRandom } from '../../../src/lib/statistics.ts';

export const WORLD_ROWS = 10_000;
/** Seed of the world table's numbers: the same rows on every machine and in every run. */
export const WORLD_SEED = 20_190_412;

/** randomnumber of every world row, indexed by id (index 0 is unused). */
export function worldNumbers(seed = WORLD_SEED): Int32Array {
  // mulberry32: small, fast and good enough to spread numbers over 1..10,000.
  const next = seededRandom(seed);
  const numbers = new Int32Array(WORLD_ROWS + 1);
  for (let id = 1; id <= WORLD_ROWS; id++) numbers[id] = 1 + Math.floor(next() * WORLD_ROWS);
  return numbers;
}

/** TechEmpower's fortunes (toolset/databases/postgres/create-postgres.sql), among them a <script> tag and Japanese text. */
export const FORTUNES: ReadonlyArray<{ id: number; message: string }> = [
  { id: 1, message: 'fortune: No such file or directory' },
  { id: 2, message: "A computer scientist is someone who fixes things that aren't broken." },
  { id: 3, message: 'After enough decimal places, nobody gives a damn.' },
  { id: 4, message: 'A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1' },
  { id: 5, message: 'A computer program does what you tell it to do, not what you want it to do.' },
  { id: 6, message: 'Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen' },
  { id: 7, message: 'Any program that runs right is obsolete.' },
  { id: 8, message: 'A list is only as strong as its weakest link. — Donald Knuth' },
  { id: 9, message: 'Feature: A bug with seniority.' },
  { id: 10, message: 'Computers make very fast, very accurate mistakes.' },
  { id: 11, message: '<script>alert("This should not be displayed in a browser alert box.");</script>' },
  { id: 12, message: 'フレームワークのベンチマーク' },
];

/** The fortune every stack adds at request time before sorting. */
const ADDED_FORTUNE = { id: 0, message: 'Additional fortune added at request time.' } as const;

/** The 13 rows a fortunes page shows, sorted by message (code-unit order, as every language's default string sort). */
export function sortedFortunes(): Array<{ id: number; message: string }> {
  return [...FORTUNES, ADDED_FORTUNE].sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}

/** COPY text format: backslash, tab and newlines escaped. */
function copyField(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** The SQL script (for `psql -f`) that creates and fills both tables, then analyses them. */
export function seedSql(numbers: Int32Array = worldNumbers()): string {
  const lines = [
    '\\set ON_ERROR_STOP on',
    'BEGIN;',
    'CREATE TABLE world (id integer NOT NULL PRIMARY KEY, randomnumber integer NOT NULL DEFAULT 0);',
    'CREATE TABLE fortune (id integer NOT NULL PRIMARY KEY, message varchar(2048) NOT NULL);',
    'COPY world (id, randomnumber) FROM STDIN;',
  ];
  for (let id = 1; id <= WORLD_ROWS; id++) lines.push(`${id}\t${numbers[id]}`);
  lines.push('\\.', 'COPY fortune (id, message) FROM STDIN;');
  for (const f of FORTUNES) lines.push(`${f.id}\t${copyField(f.message)}`);
  lines.push('\\.', 'COMMIT;');
  // Fresh statistics and a set visibility map: the planner picks the primary key
  // from the first query on, and autovacuum has nothing to do during the loads.
  lines.push('VACUUM (ANALYZE) world;', 'VACUUM (ANALYZE) fortune;');
  return `${lines.join('\n')}\n`;
}
