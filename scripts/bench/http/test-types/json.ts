/** json: the server encodes the records as JSON and answers the length of the text. */
import type { HttpTestType } from './type.ts';

export const json: HttpTestType = {
  path: '/encode-json',
  expect: (data) => ({ contentType: 'text/plain', body: { trimmed: String(data.recordsBytes.toString('utf8').length) } }),
};
