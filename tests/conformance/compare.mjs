// Compares stashql with graphql-js on every conformance case. graphql-js runs in-process (the
// oracle); stashql runs as the C++ conformance_runner, which prints one JSON line per case.
// A case passes when `data` is deep-equal (key order included; a request error has no `data`
// key at all) and the SET of error (path, locations) pairs is the same. Error messages may
// differ: they are printed for failing cases, and counted (as information) for passing ones.
//
//   node compare.mjs path/to/conformance_runner [--verbose] [case files or directories…]
//
// --verbose also prints the passing cases whose messages differ. Exits 1 on any failure.

import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { here, loadCases, oracleResponse } from './oracle.mjs';

const kMaxPrinted = 3000;  // characters of a response printed for a failing case

function usage() {
  process.stderr.write('usage: node compare.mjs RUNNER [--verbose] [cases…]\n');
  process.exit(2);
}

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const positional = args.filter((a) => a !== '--verbose');
if (positional.length === 0) usage();
const runner = positional[0];
const cases = loadCases(positional.slice(1));

// ---- the runner ---------------------------------------------------------------------------

function runStashql() {
  const result = spawnSync(runner, ['--dir', here, ...cases.map((c) => c.file)], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 300_000,
  });
  if (result.error) {
    process.stderr.write(`cannot run ${runner}: ${result.error.message}\n`);
    process.exit(2);
  }
  const responses = new Map();
  for (const line of result.stdout.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const entry = JSON.parse(line);
      responses.set(entry.case, { response: entry.response });
    } catch (error) {
      const m = /^\{"case":"([^"]*)"/.exec(line);
      if (m) responses.set(m[1], { invalid: `not JSON (${error.message}): ${line}` });
      else process.stderr.write(`runner printed a line that is not JSON: ${line}\n`);
    }
  }
  const abnormal =
    result.status !== 0 ? `runner exited with ${result.status ?? result.signal}` : null;
  return { responses, abnormal, stderr: result.stderr };
}

// ---- comparison ---------------------------------------------------------------------------

function kind(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  return typeof v;
}

// Every difference between two JSON values, as "path: expected … got …" lines. Object key
// order matters: responses follow selection order (spec §7.2.2).
function diffValues(expected, actual, where, out) {
  if (out.length >= 20) return out;
  const ke = kind(expected);
  const ka = kind(actual);
  if (ke !== ka) {
    out.push(`${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  } else if (ke === 'list') {
    if (expected.length !== actual.length) {
      out.push(`${where}: expected ${expected.length} items, got ${actual.length}`);
    }
    const n = Math.min(expected.length, actual.length);
    for (let i = 0; i < n; i++) diffValues(expected[i], actual[i], `${where}[${i}]`, out);
  } else if (ke === 'object') {
    const ek = Object.keys(expected);
    const ak = Object.keys(actual);
    for (const k of ek) {
      if (!(k in actual)) out.push(`${where}.${k}: missing (expected ${JSON.stringify(expected[k])})`);
    }
    for (const k of ak) {
      if (!(k in expected)) out.push(`${where}.${k}: unexpected (got ${JSON.stringify(actual[k])})`);
    }
    const common = ek.filter((k) => k in actual);
    const commonActual = ak.filter((k) => k in expected);
    if (common.join('\u0000') !== commonActual.join('\u0000')) {
      out.push(`${where}: key order ${JSON.stringify(common)}, got ${JSON.stringify(commonActual)}`);
    }
    for (const k of common) diffValues(expected[k], actual[k], `${where}.${k}`, out);
  } else if (expected !== actual) {
    out.push(`${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
  return out;
}

function errorKey(error) {
  const locations = (error.locations ?? []).map((l) => ({ line: l.line, column: l.column }));
  return JSON.stringify({ path: error.path ?? null, locations });
}

// (path, locations) -> messages, for a response's errors.
function errorSet(response) {
  const set = new Map();
  for (const error of response.errors ?? []) {
    const key = errorKey(error);
    if (!set.has(key)) set.set(key, []);
    set.get(key).push(String(error.message));
  }
  return set;
}

function compareResponses(expected, actual) {
  const problems = [];
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
    return { problems: [`response is not an object: ${JSON.stringify(actual)}`], messagesDiffer: false };
  }
  const expectedHasData = 'data' in expected;
  const actualHasData = 'data' in actual;
  if (expectedHasData !== actualHasData) {
    problems.push(expectedHasData ? 'data: missing (expected a "data" key)'
                                  : 'data: present, but this is a request error (no "data")');
  } else if (expectedHasData) {
    diffValues(expected.data, actual.data, 'data', problems);
  }
  if ('errors' in actual && (!Array.isArray(actual.errors) || actual.errors.length === 0)) {
    problems.push('errors: present but not a non-empty list');
  }

  const e = errorSet(expected);
  const a = errorSet(actual);
  let messagesDiffer = false;
  for (const [key, messages] of e) {
    if (!a.has(key)) {
      problems.push(`error missing ${key}: ${JSON.stringify(messages)}`);
    } else if (JSON.stringify([...messages].sort()) !== JSON.stringify([...a.get(key)].sort())) {
      messagesDiffer = true;
    }
  }
  for (const [key, messages] of a) {
    if (!e.has(key)) problems.push(`error unexpected ${key}: ${JSON.stringify(messages)}`);
  }
  return { problems, messagesDiffer };
}

function shorten(value) {
  const text = JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ');
  return text.length > kMaxPrinted ? `${text.slice(0, kMaxPrinted)} …` : text;
}

function messagePairs(expected, actual) {
  const e = errorSet(expected);
  const a = errorSet(actual ?? {});
  const lines = [];
  for (const key of new Set([...e.keys(), ...a.keys()])) {
    lines.push(`    at ${key}`);
    for (const m of e.get(key) ?? []) lines.push(`      graphql-js: ${m}`);
    for (const m of a.get(key) ?? []) lines.push(`      stashql:    ${m}`);
  }
  return lines;
}

// ---- main ---------------------------------------------------------------------------------

const { responses, abnormal, stderr } = runStashql();
let passed = 0;
let failed = 0;
const differingMessages = [];

for (const testCase of cases) {
  const expected = await oracleResponse(testCase);
  const got = responses.get(testCase.name);
  let problems;
  let messagesDiffer = false;
  if (got === undefined) {
    problems = ['no response from the runner'];
  } else if (got.invalid) {
    problems = [got.invalid];
  } else {
    ({ problems, messagesDiffer } = compareResponses(expected, got.response));
  }

  if (problems.length === 0) {
    passed++;
    if (messagesDiffer) differingMessages.push({ testCase, expected, actual: got.response });
    continue;
  }
  failed++;
  console.log(`FAIL ${testCase.name}`);
  for (const p of problems) console.log(`  - ${p}`);
  console.log(`  graphql-js: ${shorten(expected)}`);
  console.log(`  stashql:    ${got?.response !== undefined ? shorten(got.response) : '(none)'}`);
  const pairs = messagePairs(expected, got?.response);
  if (pairs.length > 0) {
    console.log('  messages:');
    for (const line of pairs) console.log(line);
  }
}

if (verbose) {
  for (const { testCase, expected, actual } of differingMessages) {
    console.log(`MESSAGES ${testCase.name}`);
    for (const line of messagePairs(expected, actual)) console.log(line);
  }
}
if (abnormal) {
  console.log(`runner: ${abnormal}`);
  if (stderr) console.log(stderr.slice(0, kMaxPrinted));
}
console.log(
  `info: ${differingMessages.length} passing case(s) have error messages that differ from graphql-js` +
    (verbose ? '' : ' (--verbose lists them)'),
);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || abnormal ? 1 : 0);
