// Turns bench/results/raw/ (written by bench/run.sh) into bench/results/latest.json and
// latest.md: the parse/validate comparison with graphql-js, the end-to-end figures against the
// Beast floor, and the machine and versions they were measured on.
//
//   node bench/report.mjs               writes latest.json and latest.md, prints the markdown
//   node bench/report.mjs --micro-only  prints the parse/validate table only

import fs from 'node:fs';
import path from 'node:path';

import {
  machine, median, rawDir, readJson, redisBenchmark, resultsDir, runsOf, versions,
} from './report_lib.mjs';

const env = process.env;

// ---- parse and validate ---------------------------------------------------------------------

function toNs(value, unit) {
  return value * ({ ns: 1, us: 1e3, ms: 1e6, s: 1e9 }[unit] ?? 1);
}

function parseResults() {
  const ours = readJson(path.join(rawDir, 'stashql_bench.json'));
  const theirs = readJson(path.join(rawDir, 'graphql_js_parse.json'));
  if (!ours || !theirs) return null;
  const rows = [];
  for (const b of theirs.benchmarks) {
    // With repetitions, Google Benchmark reports aggregates; the median is the figure.
    const entry =
      ours.benchmarks.find((o) => o.run_name === b.name && o.aggregate_name === 'median') ??
      ours.benchmarks.find((o) => o.name === b.name);
    if (!entry) continue;
    const stashqlNs = toNs(entry.cpu_time, entry.time_unit);
    rows.push({
      name: b.name,
      stashql_ns: Math.round(stashqlNs),
      graphql_js_ns: Math.round(b.ns_per_op),
      speedup: Number((b.ns_per_op / stashqlNs).toFixed(2)),
    });
  }
  return { graphql_js: theirs.graphql_js, node: theirs.node, context: ours.context, rows };
}

function microTable(parse) {
  const lines = [
    '| benchmark | stashql (ns/op) | graphql-js (ns/op) | graphql-js / stashql |',
    '|---|---:|---:|---:|',
  ];
  for (const r of parse.rows) {
    lines.push(`| ${r.name} | ${r.stashql_ns.toLocaleString('en')} | ` +
               `${r.graphql_js_ns.toLocaleString('en')} | ${r.speedup}× |`);
  }
  return lines.join('\n');
}

// ---- pipeline runtime -----------------------------------------------------------------------

// bench/pipeline_bench.cpp: 100 items whose `label` runs a 5-step pipeline, against the same
// items reading a property; the difference over the 500 steps is the cost of one step.
function pipelineResults() {
  const ours = readJson(path.join(rawDir, 'stashql_bench.json'));
  if (!ours) return null;
  const medianOf = (name) => {
    const e =
      ours.benchmarks.find((o) => o.run_name === name && o.aggregate_name === 'median') ??
      ours.benchmarks.find((o) => o.name === name);
    return e ? toNs(e.cpu_time, e.time_unit) : null;
  };
  const property = medianOf('BM_items_property');
  const pipeline = medianOf('BM_items_pipeline_5_steps');
  if (property === null || pipeline === null) return null;
  const steps = 100 * 5;
  return {
    items: 100,
    steps_per_item: 5,
    property_request_ns: Math.round(property),
    pipeline_request_ns: Math.round(pipeline),
    ns_per_step: Number(((pipeline - property) / steps).toFixed(1)),
  };
}

function pipelineTable(p) {
  return [
    '| request | ns per request | ns per step |',
    '|---|---:|---:|',
    `| \`{ items { id name } }\` (100 properties) | ${p.property_request_ns.toLocaleString('en')} | |`,
    `| \`{ items { id label } }\` (100 × 5 steps) | ${p.pipeline_request_ns.toLocaleString('en')} | ` +
      `**${p.ns_per_step}** |`,
  ].join('\n');
}

// ---- end to end -----------------------------------------------------------------------------

function endToEnd() {
  const rows = [];
  for (const query of ['typename', 'fields_50']) {
    const ours = runsOf('stashql', query);
    const floor = runsOf('floor', query);
    if (!ours && !floor) continue;
    const bodyFile = path.join(rawDir, `${query}.body`);
    const row = {
      query,
      query_file: `bench/queries/${query}.graphql`,
      response_bytes: fs.existsSync(bodyFile) ? fs.statSync(bodyFile).size : null,
      stashql: ours ? median(ours) : null,
      floor: floor ? median(floor) : null,
    };
    if (row.stashql && row.floor) {
      row.stashql_share_of_floor = Number((row.stashql.rps / row.floor.rps).toFixed(3));
    }
    rows.push(row);
  }
  return rows;
}

function e2eTable(rows) {
  const lines = [
    '| query | response bytes | stashql req/s | p50 / p99 (µs) | Beast floor req/s | p50 / p99 (µs) | stashql / floor |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  const cell = (m) => (m ? `${m.rps.toLocaleString('en')}` : '–');
  const lat = (m) => (m ? `${m.latency_p50_us} / ${m.latency_p99_us}` : '–');
  for (const r of rows) {
    lines.push(`| \`${r.query}\` | ${r.response_bytes ?? '–'} | ${cell(r.stashql)} | ${lat(r.stashql)} | ` +
               `${cell(r.floor)} | ${lat(r.floor)} | ${r.stashql_share_of_floor ?? '–'} |`);
  }
  return lines.join('\n');
}

// ---- Redis-backed queries --------------------------------------------------------------------

function redisResults() {
  const tripsFile = path.join(rawDir, 'redis_round_trips.jsonl');
  if (!fs.existsSync(tripsFile)) return null;
  const trips = Object.fromEntries(
    fs.readFileSync(tripsFile, 'utf8').trim().split('\n').filter(Boolean)
      .map((l) => JSON.parse(l)).map((r) => [r.query, r.redis_reads]),
  );
  const queries = ['redis_post', 'redis_posts_100'].map((query) => {
    const runs = runsOf('stashql', query);
    return {
      query,
      query_file: `bench/queries/${query}.graphql`,
      redis_round_trips: trips[query] ?? null,
      stashql: runs ? median(runs) : null,
    };
  });
  return { queries, redis_benchmark: [redisBenchmark(1), redisBenchmark(16)].filter(Boolean) };
}

function redisTable(r) {
  const lines = [
    '| workload | Redis round trips per request | req/s | p50 / p99 (µs) |',
    '|---|---:|---:|---:|',
  ];
  for (const q of r.queries) {
    const m = q.stashql;
    lines.push(`| stashql \`${q.query}\` | ${q.redis_round_trips ?? '–'} | ` +
               `${m ? m.rps.toLocaleString('en') : '–'} | ${m ? `${m.latency_p50_us} / ${m.latency_p99_us}` : '–'} |`);
  }
  for (const b of r.redis_benchmark) {
    lines.push(`| redis-benchmark HGETALL -P ${b.pipeline} (commands/s) | ${b.pipeline === 1 ? 1 : `1 per ${b.pipeline}`} | ` +
               `${b.rps.toLocaleString('en')} | ${b.latency_p50_us} / ${b.latency_p99_us} |`);
  }
  return lines.join('\n');
}

// ---- main -----------------------------------------------------------------------------------

const parse = parseResults();
if (process.argv.includes('--micro-only')) {
  if (!parse) {
    console.error('report.mjs: no parse results in bench/results/raw');
    process.exit(1);
  }
  console.log(microTable(parse));
  const p = pipelineResults();
  if (p) console.log('\n' + pipelineTable(p));
  process.exit(0);
}

const e2e = endToEnd();
const report = {
  date: new Date().toISOString(),
  machine: machine(),
  versions: versions(parse),
  settings: {
    duration: env.DURATION ?? null,
    warmup: env.WARMUP ?? null,
    runs: Number(env.RUNS) || null,
    connections: Number(env.CONNECTIONS) || null,
    server_cpu: env.SERVER_CPU ?? null,
    load_cpu: env.LOAD_CPU ?? null,
    wrk: `taskset -c ${env.LOAD_CPU ?? 1} wrk -t1 -c${env.CONNECTIONS ?? 64} -d${env.DURATION ?? '10s'} --latency -s bench/wrk/post_graphql.lua`,
  },
  parse_validate: parse?.rows ?? null,
  pipeline_runtime: pipelineResults(),
  end_to_end: e2e,
  redis: redisResults(),
};
fs.mkdirSync(resultsDir, { recursive: true });
fs.writeFileSync(path.join(resultsDir, 'latest.json'), JSON.stringify(report, null, 2) + '\n');

const m = report.machine;
const v = report.versions;
const md = [
  '# Benchmark results',
  '',
  `Measured ${report.date} by \`bench/run.sh\` (\`make bench\`), commit ${v.commit ?? '?'}.`,
  '',
  `Machine: ${m.cpu_model}, ${m.nproc} cores (nproc), ${m.memory_gib} GiB, ${m.kernel}.`,
  `Versions: ${v.stashql ?? 'stashql ?'} (${v.build_type ?? '?'} build), ${v.compiler ?? '?'}, ` +
    `Boost ${v.boost ?? '?'}, Google Benchmark ${v.google_benchmark ?? '?'}, Node ${v.node}, ` +
    `graphql-js ${v.graphql_js ?? '?'}, ${v.wrk ?? 'wrk ?'}.`,
  '',
  '## Parse and validate (per operation, lower is better)',
  '',
  parse ? microTable(parse) : '(not run)',
  '',
  'stashql: Google Benchmark median CPU time of 5 repetitions; graphql-js: median of 5 timed',
  'rounds after a warm-up round. Both pinned to the same core.',
  '',
  '## Pipeline runtime (in-process, lower is better)',
  '',
  report.pipeline_runtime ? pipelineTable(report.pipeline_runtime) : '(not run)',
  '',
  'bench/pipeline_bench.cpp on bench/pipeline_app: the per-step figure is the difference of the',
  'two medians over 500 steps (set, filter, map, set, set on each of 100 items).',
  '',
  '## End to end: POST /graphql over HTTP/1.1 keep-alive (higher is better)',
  '',
  e2e.length > 0 ? e2eTable(e2e) : '(not run)',
  '',
  `Server pinned to CPU ${report.settings.server_cpu}, load generator to CPU ${report.settings.load_cpu}: ` +
    `\`${report.settings.wrk}\`; a ${report.settings.warmup} warm-up, then ${report.settings.runs} ` +
    `run${report.settings.runs === 1 ? '' : 's'}; the median run (by requests/s) is shown with ` +
    'its latency. The Beast floor answers ' +
    "every request with the exact bytes stashql answered, so the last column is stashql's share " +
    'of what the machine can do for that response size.',
  '',
  '## Redis-backed queries (higher is better)',
  '',
  report.redis ? redisTable(report.redis) : '(not run)',
  '',
  'bench/redis_app on a local redis-server pinned to the load core (seeded by',
  'bench/redis_app/seed.mjs): `redis_post` is one HGETALL and a check, `redis_posts_100` is',
  '100 posts with their authors (one author lookup per post: the N+1 shape). Round trips are',
  "Redis's own count of reads (INFO stats total_reads_processed) around one request. The floor",
  'is redis-benchmark HGETALL on the same Redis, pinned to the server core, -c ' +
    `${report.settings.connections}, one command per round trip (-P 1) and 16 (-P 16).`,
  '',
  ...(m.load_average_1m_at_report > m.nproc / 2
    ? [`**Warning: the machine was busy (load average ${m.load_average_1m_at_report} on ` +
       `${m.nproc} cores when the report was written); treat these figures as rough.**`, '']
    : []),
  ...(e2e.some((r) => (r.stashql?.errors ?? 0) + (r.floor?.errors ?? 0) > 0)
    ? ['**Warning: some runs had socket errors or non-2xx responses; see latest.json.**', '']
    : []),
].join('\n');
fs.writeFileSync(path.join(resultsDir, 'latest.md'), md);
console.log(md);
