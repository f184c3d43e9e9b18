// The JSON Schemas that editors use to check pipeline files (schema/pipeline.schema.json) and
// app configurations (schema/stashql.schema.json), held against real files: every pipeline and
// function file of the example apps (pipelines/) and of the test apps (tests/**/apps/) must be
// valid, and so must every file in pipeline_schema/valid/; every file in
// pipeline_schema/invalid/ must be invalid for the reason its `# expect:` line names, so a
// schema that rejects too much or too little fails here before it misleads an author.
//
//   node tests/conformance/pipeline_schema.mjs             the whole check (ctest runs this)
//   node tests/conformance/pipeline_schema.mjs FILE.yaml…  check these files only
//
// An invalid case starts with a comment saying why it is invalid, then an expectation:
//   # expect: <instance path> <ajv keyword> [<parameter value>]
// e.g. `# expect: /steps/0 additionalProperties wher`; the path `/` is the document itself.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import Ajv from "ajv";
import { parseAllDocuments } from "yaml";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const casesDir = path.join(here, "pipeline_schema");
const kConfigName = "stashql.yaml";

function loadSchema(name) {
  return JSON.parse(fs.readFileSync(path.join(repo, "schema", name), "utf8"));
}

// strict: a keyword the schema misspells or misplaces is an error here, not silently ignored
// (editors would ignore it too). strictRequired is off: the `if` conditions name keys (`use`,
// `kind`, `function`) that only their branches define.
const ajv = new Ajv({
  allErrors: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
});
// Messages for editors (yaml-language-server shows them instead of "does not match pattern").
ajv.addKeyword({ keyword: "patternErrorMessage", schemaType: "string" });
ajv.addKeyword({ keyword: "errorMessage", schemaType: "string" });
const validators = {
  pipeline: ajv.compile(loadSchema("pipeline.schema.json")),
  config: ajv.compile(loadSchema("stashql.schema.json")),
};

const relative = (file) => path.relative(repo, file);
const isYaml = (name) => name.endsWith(".yaml") || name.endsWith(".yml");
// An app configuration is named stashql.yaml; in valid/ and invalid/, <case>.stashql.yaml (the
// suffix alone is not enough elsewhere: `Query.stashql.yaml` is the pipeline of Query.stashql).
const schemaFor = (file) => (path.basename(file) === kConfigName ? "config" : "pipeline");
const caseSchemaFor = (file) => (file.endsWith(`.${kConfigName}`) ? "config" : schemaFor(file));

// Every YAML file under `dir`, sorted, skipping installed packages and hidden folders.
function yamlFilesUnder(dir) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFilesUnder(full));
    else if (entry.isFile() && isYaml(entry.name)) out.push(full);
  }
  return out.sort();
}

// Every folder named `apps` under `dir`.
function appsFoldersUnder(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".") || entry.name === "node_modules") {
      continue;
    }
    const full = path.join(dir, entry.name);
    if (entry.name === "apps") out.push(full);
    else out.push(...appsFoldersUnder(full));
  }
  return out.sort();
}

// Parses one file and validates it: {problems: [text]} when it is not YAML at all,
// {errors: [ajv error]} otherwise (empty when valid).
function check(file, schema) {
  const text = fs.readFileSync(file, "utf8");
  const documents = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: true });
  if (!Array.isArray(documents)) return { problems: ["not a YAML stream"] };
  if (documents.length !== 1) {
    return { problems: [`expected one YAML document, found ${documents.length}`] };
  }
  const [document] = documents;
  const problems = document.errors.map((e) => e.message);
  if (problems.length > 0) return { problems };
  const validate = validators[schema];
  validate(document.toJS());
  return { errors: validate.errors ?? [] };
}

// The `if` errors only repeat that a branch failed: the branch's own errors say why.
const shown = (errors) => errors.filter((error) => error.keyword !== "if").map(describeError);

function describeError(error) {
  const where = error.instancePath === "" ? "/" : error.instancePath;
  const params = Object.entries(error.params)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join(", ");
  return `${where} ${error.message} (${error.keyword}${params ? `; ${params}` : ""})`;
}

function printFailure(file, headline, lines) {
  console.log(`FAIL ${relative(file)}: ${headline}`);
  for (const line of lines.flatMap((text) => text.trimEnd().split("\n"))) {
    console.log(`    ${line}`);
  }
}

// `# expect: <path> <keyword> [<param>]` from an invalid case's leading comments.
function expectationOf(file) {
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.startsWith("#")) break;
    const match = /^#\s*expect:\s*(\S+)\s+(\S+)(?:\s+(\S+))?\s*$/.exec(line);
    if (match) {
      return { path: match[1] === "/" ? "" : match[1], keyword: match[2], param: match[3] };
    }
  }
  return null;
}

const meets = (error, expected) =>
  error.instancePath === expected.path &&
  error.keyword === expected.keyword &&
  (expected.param === undefined ||
    Object.values(error.params).some((value) => String(value) === expected.param));

let validCount = 0;
let invalidCount = 0;
let surprises = 0;

function expectValid(file, schema) {
  const { problems, errors } = check(file, schema);
  if (problems) {
    printFailure(file, "not readable YAML", problems);
    ++surprises;
  } else if (errors.length > 0) {
    const schemaFile = schema === "config" ? "stashql.schema.json" : "pipeline.schema.json";
    printFailure(file, `invalid against ${schemaFile}`, shown(errors));
    ++surprises;
  } else {
    ++validCount;
  }
}

function expectInvalid(file) {
  const expected = expectationOf(file);
  if (!expected) {
    printFailure(file, "an invalid case needs a `# expect: <path> <keyword>` comment line", []);
    ++surprises;
    return;
  }
  const { problems, errors } = check(file, caseSchemaFor(file));
  if (problems) {
    printFailure(file, "not readable YAML (an invalid case must fail the schema, not the parser)",
                 problems);
    ++surprises;
  } else if (errors.length === 0) {
    printFailure(file, "valid, but it is an invalid case", []);
    ++surprises;
  } else if (!errors.some((error) => meets(error, expected))) {
    const wanted = [expected.path || "/", expected.keyword, expected.param ?? ""].join(" ").trim();
    printFailure(file, `invalid, but not for the expected reason (${wanted})`, shown(errors));
    ++surprises;
  } else {
    ++invalidCount;
  }
}

const onlyFiles = process.argv.slice(2);
if (onlyFiles.length > 0) {
  for (const file of onlyFiles) expectValid(path.resolve(file), schemaFor(file));
} else {
  const appFiles = yamlFilesUnder(path.join(repo, "pipelines"));
  for (const apps of appsFoldersUnder(path.join(repo, "tests"))) {
    appFiles.push(...yamlFilesUnder(apps));
  }
  for (const file of appFiles) expectValid(file, schemaFor(file));

  // The example apps must have pipelines: a schema checked against no real file proves little.
  const examples = path.join(repo, "pipelines") + path.sep;
  const examplePipelines = appFiles.filter(
    (file) => file.startsWith(examples) && schemaFor(file) === "pipeline");
  if (examplePipelines.length === 0) {
    console.log("FAIL pipelines/: no pipeline or function file found in the example apps");
    ++surprises;
  }

  const validCases = yamlFilesUnder(path.join(casesDir, "valid"));
  const invalidCases = yamlFilesUnder(path.join(casesDir, "invalid"));
  if (validCases.length === 0 || invalidCases.length === 0) {
    console.log(`FAIL ${relative(casesDir)}: the valid/ and invalid/ cases are missing`);
    ++surprises;
  }
  for (const file of validCases) expectValid(file, caseSchemaFor(file));
  for (const file of invalidCases) expectInvalid(file);
}

console.log(`${validCount} valid, ${invalidCount} invalid as expected` +
            (surprises > 0 ? `, ${surprises} unexpected` : ""));
process.exit(surprises > 0 ? 1 : 0);
