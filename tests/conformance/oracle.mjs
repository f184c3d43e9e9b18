// The conformance oracle: what graphql-js 16, the reference implementation, answers for each
// case. It does what a spec-following server does with a request: parse (a syntax error is a
// request error), validate with every specified rule (errors are request errors), then execute
// with the root value of the selected operation's type, graphql-js's default field resolver
// (reads the parent's property of the same name, as stashql does) and its default type
// resolver (reads `__typename`).
//
// As a module: loadCases(), oracleResponse(). As a program (for debugging), prints one JSON
// line per case, as the C++ runner does:  node oracle.mjs [case files or directories…]

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  buildSchema,
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
} from 'graphql';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const casesDir = path.join(here, 'cases');

const schema = buildSchema(fs.readFileSync(path.join(here, 'schema.graphql'), 'utf8'));
const data = JSON.parse(fs.readFileSync(path.join(here, 'data.json'), 'utf8'));

// A case file: the whole file is the document; leading comment lines may set the operation name
// and the variables (JSON on one line).
export function readCase(file) {
  const source = fs.readFileSync(file, 'utf8');
  const testCase = { name: path.basename(file, '.graphql'), file, source };
  for (const line of source.split('\n')) {
    if (!line.startsWith('#')) break;
    const m = /^#\s*(operationName|variables):\s*(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === 'operationName') testCase.operationName = m[2].trim();
    else testCase.variables = JSON.parse(m[2]);
  }
  return testCase;
}

// Every case file under the given files or directories (default: cases/), sorted by name.
export function loadCases(args = []) {
  const targets = args.length > 0 ? args : [casesDir];
  const files = [];
  for (const target of targets) {
    if (fs.statSync(target).isDirectory()) {
      for (const entry of fs.readdirSync(target)) {
        if (entry.endsWith('.graphql')) files.push(path.join(target, entry));
      }
    } else {
      files.push(target);
    }
  }
  files.sort((a, b) => path.basename(a).localeCompare(path.basename(b)));
  return files.map(readCase);
}

// The response as it goes over the wire: plain JSON, no GraphQLError objects.
function wire(result) {
  return JSON.parse(JSON.stringify(result));
}

export async function oracleResponse(testCase) {
  let document;
  try {
    document = parse(testCase.source);
  } catch (error) {
    if (error instanceof GraphQLError) return wire({ errors: [error] });
    throw error;
  }
  const validationErrors = validate(schema, document, specifiedRules);
  if (validationErrors.length > 0) return wire({ errors: validationErrors });

  const operation = getOperationAST(document, testCase.operationName);
  const rootValue = operation ? data[operation.operation] : undefined;
  const result = await execute({
    schema,
    document,
    rootValue,
    variableValues: testCase.variables,
    operationName: testCase.operationName,
  });
  return wire(result);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const testCase of loadCases(process.argv.slice(2))) {
    const response = await oracleResponse(testCase);
    process.stdout.write(JSON.stringify({ case: testCase.name, response }) + '\n');
  }
}
