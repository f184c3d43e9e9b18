// graphql-js 16 (tests/node_modules/graphql) on the inputs of bench/parse_bench.cpp: parse and
// parse + validate of the standard introspection query and of the ~2 KB product-page query
// against bench/queries/schema.graphql. Warms up, then times batches and reports the median
// ns/op of several rounds, as JSON, with the same benchmark names as Google Benchmark's.
//
//   node bench/graphql_js_parse.mjs [--seconds S]   (S: time per round; default 1)

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const graphqlDir = path.join(here, '..', 'tests', 'node_modules', 'graphql');
const { buildSchema, parse, validate, version } = await import(
  path.join(graphqlDir, 'index.mjs')
);

const secondsArg = process.argv.indexOf('--seconds');
const roundSeconds = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 1;
const kRounds = 5;

const read = (name) => fs.readFileSync(path.join(here, 'queries', name), 'utf8');
const schema = buildSchema(read('schema.graphql'));

let sink = 0;  // keeps results alive so the work cannot be optimised away

function timeBatch(fn, iterations) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink += fn() ? 1 : 0;
  return Number(process.hrtime.bigint() - start);
}

// Finds a batch size that takes ~10 ms, warms up for one round, then measures kRounds rounds.
function measure(fn) {
  let batch = 1;
  while (timeBatch(fn, batch) < 10e6) batch *= 2;
  const warmUpEnd = Date.now() + roundSeconds * 1000;
  while (Date.now() < warmUpEnd) timeBatch(fn, batch);
  const perOp = [];
  let iterations = 0;
  for (let r = 0; r < kRounds; r++) {
    let ns = 0;
    let n = 0;
    const end = Date.now() + roundSeconds * 1000;
    while (Date.now() < end) {
      ns += timeBatch(fn, batch);
      n += batch;
    }
    perOp.push(ns / n);
    iterations += n;
  }
  perOp.sort((a, b) => a - b);
  return { ns_per_op: perOp[Math.floor(kRounds / 2)], iterations };
}

const inputs = [
  ['introspection', read('introspection.graphql')],
  ['query_2kb', read('query_2kb.graphql')],
];
const benchmarks = [];
for (const [name, source] of inputs) {
  const errors = validate(schema, parse(source));
  if (errors.length > 0) throw new Error(`${name} is not valid: ${errors[0].message}`);
  benchmarks.push({ name: `BM_parse/${name}`, ...measure(() => parse(source)) });
  benchmarks.push({
    name: `BM_parse_validate/${name}`,
    ...measure(() => validate(schema, parse(source)).length === 0),
  });
}

process.stdout.write(
  JSON.stringify(
    { graphql_js: version, node: process.version, unit: 'ns', sink: sink > 0, benchmarks },
    null,
    2,
  ) + '\n',
);
