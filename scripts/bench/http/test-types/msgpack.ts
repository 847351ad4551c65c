/** msgpack: the server decodes the MessagePack form of the records and answers how many there are. */
import type { HttpTestType } from './type.ts';

export const msgpack: HttpTestType = {
  path: '/parse-msgpack',
  expect: (data) => ({ contentType: 'text/plain', body: { trimmed: String(data.records.length) } }),
};
