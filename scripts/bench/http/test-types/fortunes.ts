/** fortunes: the 12 seeded fortunes and one added at request time, sorted by message, HTML-escaped, in TechEmpower's layout. */
import { asVerification, fortunesProblem, statusAndType } from '../../verify-stack.ts';
import type { DbTestType } from './type.ts';

const PATH = '/fortunes';
const HTML_TYPE = /^text\/html;\s?charset=utf-8$/i;

export const fortunes: DbTestType = {
  path: PATH,
  contentType: 'text/html',
  variableLength: false,
  firstAnswer(res) {
    const what = `GET ${PATH}`;
    const problems = statusAndType(res, HTML_TYPE, 'text/html; charset=utf-8', what);
    if (problems.length === 0) {
      const p = fortunesProblem(res.body.toString('utf8'));
      if (p) problems.push(`${what}: ${p}`);
    }
    return asVerification([what, 'status 200, text/html; charset=utf-8', "the 13 fortunes sorted, escaped, in TechEmpower's layout (whitespace between tags ignored)"], problems);
  },
  extra: () => Promise.resolve({ checks: [], problems: [] }),
};
