// graphql-js 16's answers for generated cases: execute() without validation, the root value
// as given, and `echo` answering with its arguments as JSON, as the C++ runner does.
//   node oracle.mjs SCHEMA.graphql CASES.json OUT.json
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const { buildSchema, execute, parse } = await import(
  path.join(here, '../../node_modules/graphql/index.mjs'));

const [schemaFile, casesFile, outFile] = process.argv.slice(2);
const schema = buildSchema(fs.readFileSync(schemaFile, 'utf8'));
const out = [];
for (const c of JSON.parse(fs.readFileSync(casesFile, 'utf8'))) {
  const root = JSON.parse(c.root);
  root.echo = (args) => JSON.stringify(args);
  root.echoNonNull = (args) => JSON.stringify(args);
  const variableValues = c.vars === null ? undefined : JSON.parse(c.vars);
  const result = await execute({ schema, document: parse(c.query), rootValue: root, variableValues });
  out.push(JSON.stringify(result));
}
fs.writeFileSync(outFile, JSON.stringify(out));
