// Writes what graphql-js 16 answers to the full introspection query (introspection_query.graphql)
// on the sample schema (schema_printer/sample.graphql) to introspection_expected.json;
// introspection_test.cpp expects stashql's Engine to answer the same, key order included.
//
//   node tests/unit/graphql/make_introspection_expected.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildSchema, graphql } from '../../node_modules/graphql/index.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const sdl = fs.readFileSync(path.join(here, 'schema_printer', 'sample.graphql'), 'utf8');
const query = fs.readFileSync(path.join(here, 'introspection_query.graphql'), 'utf8');

const result = await graphql({ schema: buildSchema(sdl), source: query });
if (result.errors) {
  process.stderr.write(`${JSON.stringify(result.errors, null, 2)}\n`);
  process.exit(1);
}
const out = path.join(here, 'introspection_expected.json');
fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${path.relative(process.cwd(), out)}\n`);
