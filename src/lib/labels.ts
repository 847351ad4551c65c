/** Display names of implementations and tests. Stack names are proper nouns, the same in every language. */
import type { Translate } from '../i18n/index.ts';
import type { UiKey } from '../i18n/keys.ts';
import { HTTP_TESTS } from '../schemas/run.ts';

const IMPL_NAMES: Record<string, string> = {
  cpython: 'CPython',
  pypy: 'PyPy',
  // The Python HTTP deployments (bench/http/python): interpreter · what takes the connections.
  'cpython-uwsgi': 'CPython · uWSGI',
  'cpython-nginx': 'CPython · nginx + uWSGI',
  'pypy-gunicorn': 'PyPy · gunicorn',
  'pypy-nginx': 'PyPy · nginx + gunicorn',
  go: 'Go',
  'rust-actix': 'Rust · actix-web',
  'rust-axum': 'Rust · axum',
  rust: 'Rust',
  node: 'Node.js',
  java: 'Java',
  c: 'C',
  cpp: 'C++',
  // Web stacks (bench/stack/): language or framework, then what reaches the database.
  php: 'PHP · PDO',
  'python-werkzeug': 'Werkzeug · psycopg',
  'python-flask': 'Flask · SQLAlchemy',
  'python-django': 'Django · Django ORM',
  'go-pgx': 'Go · pgx',
  'go-gorm': 'Go · GORM',
  'rust-driver': 'Rust · tokio-postgres',
  'rust-orm': 'Rust · Diesel',
  'node-pg': 'Node.js · pg',
  'node-orm': 'Node.js · TypeORM',
  'java-jdbc': 'Java · JDBC',
  'java-jpa': 'Java · Hibernate',
};

export function implName(id: string): string {
  return IMPL_NAMES[id] ?? id;
}

/** The implementations the report is about (those with a display name), as opposed to extra variants in bench/. */
export function isReportImplementation(id: string): boolean {
  return id in IMPL_NAMES;
}

/** Kernel names are the Benchmarks Game's; the loop is described in words. */
const KERNEL_NAMES: Record<string, string> = { nbody: 'n-body', spectralnorm: 'spectral-norm', fannkuch: 'fannkuch-redux' };

export function testName(suite: string, test: string, t: Translate): string {
  if (suite === 'cpu' && KERNEL_NAMES[test]) return KERNEL_NAMES[test];
  if (suite === 'cpu' && test === 'geomean') return t('test.geomean');
  // The stack suite's HTTP tests are the HTTP suite's; its database tests have names of their own.
  const shared = suite === 'http' || (suite === 'stack' && (HTTP_TESTS as readonly string[]).includes(test));
  const key = `${suite === 'cpu' || shared ? 'test' : suite}.${test}` as UiKey;
  return t(key);
}
