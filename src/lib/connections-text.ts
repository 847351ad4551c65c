/**
 * Connections per server and test in words, for a caption: "plaintext,
 * msgpack, json and transfer: 256 (CPython · uWSGI, …: 64); loop: 8". The
 * same wording as the HTTP setup table (setup.connectionsGroup and
 * setup.connectionsExcept), from the groups of src/lib/http-setup.ts.
 */
import type { ConnectionGroup } from './http-setup.ts';
import type { Translate } from '../i18n/index.ts';
import { HTTP_TESTS } from '../schemas/run.ts';
import { implName, testName } from './labels.ts';
import { formatList } from './format.ts';

export function connectionsInWords(groups: ConnectionGroup[], t: Translate, intl: string): string {
  const list = (items: string[]) => formatList(items, intl);
  const whole = (n: number) => new Intl.NumberFormat(intl).format(n);
  return groups
    .map((g) => {
      const tests = g.tests.length === HTTP_TESTS.length ? t('setup.everyTest') : list(g.tests.map((x) => testName('http', x, t)));
      const value = g.exceptions.reduce(
        (acc, e) => t('setup.connectionsExcept', { connections: acc, impls: list(e.impls.map((i) => implName(i))), other: whole(e.connections) }),
        whole(g.connections),
      );
      return t('setup.connectionsGroup', { tests, connections: value });
    })
    .join('; ');
}
