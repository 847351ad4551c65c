/** loop: the server counts to a million and answers what bench/data/loop.txt says. */
import type { HttpTestType } from './type.ts';

export const loop: HttpTestType = {
  path: '/loop',
  expect: (data) => ({ contentType: 'text/plain', body: { trimmed: data.loop } }),
};
