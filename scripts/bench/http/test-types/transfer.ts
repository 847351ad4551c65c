/** transfer: the server sends records.json byte for byte (a different body is at least named as the same JSON or not). */
import type { HttpTestType } from './type.ts';

export const transfer: HttpTestType = {
  path: '/transfer-data',
  expect: (data) => ({ contentType: 'application/json', body: { exact: data.recordsBytes }, json: data.records }),
};
