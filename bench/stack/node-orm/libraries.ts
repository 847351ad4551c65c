// Prints the libraries this server uses as a JSON object {library: version}.
import { readFileSync } from 'node:fs';

const versionOf = (name: string): string =>
  JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;

console.log(
  JSON.stringify({
    typeorm: versionOf('typeorm'),
    pg: versionOf('pg'),
    'pg-pool': versionOf('pg-pool'),
    ejs: versionOf('ejs'),
    'node:http': process.versions.node,
    llhttp: process.versions.llhttp,
  }),
);
