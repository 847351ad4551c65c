/** plaintext: GET / answers exactly "Welcome!\n" as text/plain. */
import type { HttpTestType } from './type.ts';

export const plaintext: HttpTestType = {
  path: '/',
  expect: () => ({ contentType: 'text/plain', body: { exact: Buffer.from('Welcome!\n') } }),
};
