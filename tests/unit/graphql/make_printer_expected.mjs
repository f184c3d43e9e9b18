// Writes what graphql-js 16's printSchema prints for each SDL file of schema_printer/, next to
// it as NAME.printed.graphql; schema_printer_test.cpp expects stashql to print the same.
//
//   node tests/unit/graphql/make_printer_expected.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildSchema, printSchema } from '../../node_modules/graphql/index.mjs';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'schema_printer');
for (const name of fs.readdirSync(dir)) {
  if (!name.endsWith('.graphql') || name.endsWith('.printed.graphql')) continue;
  const sdl = fs.readFileSync(path.join(dir, name), 'utf8');
  const out = path.join(dir, name.replace(/\.graphql$/, '.printed.graphql'));
  fs.writeFileSync(out, printSchema(buildSchema(sdl)));
  process.stdout.write(`${path.relative(process.cwd(), out)}\n`);
}
