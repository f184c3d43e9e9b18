// Turns the raw output of part 4 of bench/run.sh (bench/peers/peers.sh) into
// bench/results/peers.json and peers.md: per workload, every server's requests/s, latency, CPU
// per 1,000 requests, peak RSS and backend calls, the ratios of stashql to the best peer and to
// the floor, and the issue's targets met or missed.
//
//   WORKLOADS="W1 W3a" node bench/peers/report.mjs     (bench/run.sh sets WORKLOADS)

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  machine, median, rawDir, readJson, redisBenchmark, resultsDir, run, runsOf, versions,
} from '../report_lib.mjs';

const env = process.env;
const here = path.dirname(fileURLToPath(import.meta.url));
const workloads = (env.WORKLOADS ?? 'W1 W2 W3a W3b W4 W4blob').split(/\s+/).filter(Boolean);
const servers = ['stashql', 'tailcall', 'mercurius', 'apollo', 'floor'];
const peers = ['tailcall', 'mercurius', 'apollo'];

const queries = {
  W1: 'w1', W2: 'w2', W3a: 'w3', W3b: 'w3', W4: 'w4', W4blob: 'w4_blob',
};
const describe = {
  W1: 'a constant field: HTTP and GraphQL alone',
  W2: '100 posts from the HTTP upstream',
  W3a: 'the N+1 query over HTTP, calls shared within a request only',
  W3b: 'the N+1 query over HTTP, identical in-flight calls shared across requests',
  W4: 'the N+1 query on Redis (a sorted set, 100 post hashes, a user hash per post)',
  W4blob: '10 posts from Redis with their 16 KB blob bodies',
};

const backendCalls = fs.existsSync(path.join(rawDir, 'peers-backend-calls.jsonl'))
  ? fs.readFileSync(path.join(rawDir, 'peers-backend-calls.jsonl'), 'utf8').trim().split('\n')
    .filter(Boolean).map((l) => JSON.parse(l))
  : [];

function serverRow(workload, server) {
  const runs = runsOf(`peers-${server}`, workload);
  if (!runs) return null;
  const m = median(runs);
  const proc = readJson(path.join(rawDir, `peers-${server}-${workload}.proc.json`));
  const requests = runs.reduce((n, r) => n + r.requests, 0);
  const row = { server, ...m, requests };
  if (proc) {
    row.cpu_seconds_per_1000 = Number(((proc.cpu_seconds / requests) * 1000).toFixed(3));
    row.peak_rss_mb = Number((proc.peak_rss_kb / 1024).toFixed(1));
    const [before, after] = [proc.counters_before, proc.counters_after];
    if (before?.length === 3 && after?.length === 3) {
      const per = (i) => Number(((after[i] - before[i]) / requests).toFixed(2));
      row.under_load = { upstream_calls: per(0), redis_reads: per(1), redis_commands: per(2) };
    }
  }
  const alone = backendCalls.find((c) => c.server === server && c.workload === workload);
  if (alone) {
    row.alone = {
      upstream_calls: alone.upstream_calls,
      redis_reads: alone.redis_reads,
      redis_commands: alone.redis_commands,
    };
  }
  return row;
}

const results = workloads.map((workload) => {
  const rows = servers.map((s) => serverRow(workload, s)).filter(Boolean);
  const body = path.join(rawDir, `peers-${workload}.body`);
  const ours = rows.find((r) => r.server === 'stashql');
  const floor = rows.find((r) => r.server === 'floor');
  const peerRows = rows.filter((r) => peers.includes(r.server));
  const best = peerRows.reduce((b, r) => (!b || r.rps > b.rps ? r : b), null);
  const result = {
    workload,
    what: describe[workload],
    query: fs.readFileSync(path.join(here, 'queries', `${queries[workload]}.graphql`), 'utf8').trim(),
    response_bytes: fs.existsSync(body) ? fs.statSync(body).size : null,
    servers: rows,
    not_measured: servers.filter((s) => s !== 'floor' && fs.existsSync(
      path.join(rawDir, `peers-${s}-${workload}.body`)) && !rows.some((r) => r.server === s)),
  };
  if (ours && best) {
    result.best_peer = best.server;
    result.stashql_over_best_peer = Number((ours.rps / best.rps).toFixed(2));
  }
  for (const p of peerRows) {
    result[`stashql_over_${p.server}`] = ours ? Number((ours.rps / p.rps).toFixed(2)) : null;
  }
  if (ours && floor) result.stashql_over_floor = Number((ours.rps / floor.rps).toFixed(2));
  return result;
});

const redisFloor = [redisBenchmark(1, 'peers-'), redisBenchmark(16, 'peers-')].filter(Boolean);
const w4 = results.find((r) => r.workload === 'W4');
const w4ours = w4?.servers.find((s) => s.server === 'stashql');
const redisShare = w4ours?.under_load && redisFloor.length === 2
  ? {
    stashql_redis_commands_per_s: Math.round(w4ours.rps * w4ours.under_load.redis_commands),
    redis_benchmark_p16_commands_per_s: redisFloor[1].rps,
  }
  : null;
if (redisShare) {
  redisShare.share = Number((redisShare.stashql_redis_commands_per_s /
    redisShare.redis_benchmark_p16_commands_per_s).toFixed(2));
}

// ---- the targets of the benchmarks issue ----------------------------------------------------
const at = (w, key) => results.find((r) => r.workload === w)?.[key] ?? null;
const ourRow = (w) => results.find((r) => r.workload === w)?.servers.find((s) => s.server === 'stashql');
const target = (name, value, goal, met) => ({ name, value, goal, met: value === null ? null : met });
const maxRss = Math.max(...results.flatMap((r) => r.servers)
  .filter((s) => s.server === 'stashql' && s.peak_rss_mb).map((s) => s.peak_rss_mb));
const targets = [
  target('W2: stashql / Tailcall', at('W2', 'stashql_over_tailcall'), '≥ 1.5', at('W2', 'stashql_over_tailcall') >= 1.5),
  target('W3(b): stashql / Tailcall', at('W3b', 'stashql_over_tailcall'), '≥ 1.5', at('W3b', 'stashql_over_tailcall') >= 1.5),
  target('W3(a): stashql / Mercurius', at('W3a', 'stashql_over_mercurius'), '≥ 10', at('W3a', 'stashql_over_mercurius') >= 10),
  target('W1: stashql / Beast floor', at('W1', 'stashql_over_floor'), '≥ 0.8', at('W1', 'stashql_over_floor') >= 0.8),
  target('W4: Redis round trips per request', ourRow('W4')?.alone?.redis_reads ?? null, '≤ 3',
    (ourRow('W4')?.alone?.redis_reads ?? Infinity) <= 3),
  target('W4: stashql / Mercurius+ioredis', at('W4', 'stashql_over_mercurius'), '≥ 5', at('W4', 'stashql_over_mercurius') >= 5),
  target('stashql peak RSS under load (MB)', Number.isFinite(maxRss) ? maxRss : null, '< 64', maxRss < 64),
];

// What a command prints on standard error (nginx -v does).
function runStderr(cmd, args) {
  const result = spawnSync(cmd, args, { encoding: 'utf8' });
  return result.error ? null : `${result.stderr}`.trim().replace(/^nginx version: /, '') || null;
}

// The versions npm installed from bench/peers/package-lock.json.
function peerVersions() {
  const lock = readJson(path.join(here, 'package-lock.json'));
  const names = ['@tailcallhq/core-linux-x64-gnu', 'mercurius', 'fastify', 'graphql-jit',
    '@apollo/server', 'graphql', 'dataloader', 'ioredis', 'undici'];
  if (!lock?.packages) return null;
  return Object.fromEntries(names.filter((name) => lock.packages[`node_modules/${name}`])
    .map((name) => [name, lock.packages[`node_modules/${name}`].version]));
}

const report = {
  date: new Date().toISOString(),
  machine: machine(),
  versions: {
    ...versions(null),
    tailcall: run(path.join(here, 'node_modules/@tailcallhq/core-linux-x64-gnu/bin/tailcall'), ['--version']),
    peers: peerVersions(),
    nginx: runStderr('nginx', ['-v']),
    redis: run('redis-server', ['--version'])?.split(' ')[2]?.replace('v=', '') ?? null,
  },
  settings: {
    duration: env.DURATION ?? null, warmup: env.WARMUP ?? null, runs: Number(env.RUNS) || null,
    connections: Number(env.CONNECTIONS) || null, server_cpu: env.SERVER_CPU ?? null,
    load_cpu: env.LOAD_CPU ?? null,
    wrk: `taskset -c ${env.LOAD_CPU ?? 1} wrk -t1 -c${env.CONNECTIONS ?? 64} -d${env.DURATION ?? '10s'} --latency -s bench/wrk/post_graphql.lua URL -- QUERY_FILE`,
    commands: `bench/run.sh ${workloads.join(' ')}`,
  },
  workloads: results,
  redis_floor: redisFloor,
  redis_share_of_floor: redisShare,
  targets,
};
fs.mkdirSync(resultsDir, { recursive: true });
fs.writeFileSync(path.join(resultsDir, 'peers.json'), JSON.stringify(report, null, 2) + '\n');

// ---- markdown -------------------------------------------------------------------------------
const n = (x, digits = 0) => (x === null || x === undefined ? '–'
  : Number(x).toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const calls = (s) => {
  const parts = [];
  if (s.alone?.upstream_calls) parts.push(`${s.alone.upstream_calls} HTTP`);
  if (s.alone?.redis_reads) parts.push(`${s.alone.redis_reads} Redis`);
  const load = [];
  if (s.under_load?.upstream_calls) load.push(`${n(s.under_load.upstream_calls, 2)} HTTP`);
  if (s.under_load?.redis_reads) load.push(`${n(s.under_load.redis_reads, 2)} Redis`);
  return `${parts.join(', ') || '0'} / ${load.join(', ') || '0'}`;
};
const m = report.machine;
const v = report.versions;
const lines = [
  '# Side by side: stashql and its peers',
  '',
  `Measured ${report.date} by \`${report.settings.commands}\`, commit ${v.commit ?? '?'}.`,
  '',
  `Machine: ${m.cpu_model}, ${m.nproc} cores, ${m.memory_gib} GiB, ${m.kernel}.`,
  `Versions: ${v.stashql ?? 'stashql ?'} (${v.build_type ?? '?'}), ${v.tailcall ?? 'tailcall ?'}, ` +
    `${Object.entries(v.peers ?? {}).map(([k, x]) => `${k} ${x}`).join(', ')}, Node ${v.node}, ` +
    `${v.nginx ?? 'nginx ?'}, Redis ${v.redis ?? '?'}, ${v.wrk ?? 'wrk ?'}.`,
  '',
  `Every server pinned to CPU ${report.settings.server_cpu}; wrk, the nginx upstream and Redis to CPU ` +
    `${report.settings.load_cpu}. \`${report.settings.wrk}\`: a ${report.settings.warmup} warm-up, then ` +
    `${report.settings.runs} runs; the median run by requests/s. CPU is the server's own (utime + ` +
    'stime from /proc) over the measured runs; RSS its peak (VmHWM). Backend calls: one request ' +
    'alone / per request under load.',
  '',
];
for (const r of results) {
  lines.push(`## ${r.workload}: ${r.what}`, '', `\`${r.query}\` — ${n(r.response_bytes)} bytes`, '');
  lines.push('| server | req/s | p50 / p99 (ms) | CPU s / 1k req | peak RSS (MB) | backend calls per request | stashql / this |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|');
  const ours = r.servers.find((s) => s.server === 'stashql');
  for (const s of r.servers) {
    lines.push(`| ${s.server === 'floor' ? 'Beast floor (same bytes)' : s.server} | ${n(s.rps)} | ` +
      `${n(s.latency_p50_us / 1000, 2)} / ${n(s.latency_p99_us / 1000, 2)} | ` +
      `${n(s.cpu_seconds_per_1000, 3)} | ${n(s.peak_rss_mb, 1)} | ${s.server === 'floor' ? '–' : calls(s)} | ` +
      `${s.server === 'stashql' || !ours ? '' : `${n(ours.rps / s.rps, 2)}×`} |`);
  }
  if (r.not_measured.length) {
    lines.push('', `Not measured (answered differently from stashql): ${r.not_measured.join(', ')}.`);
  }
  const failing = r.servers.filter((s) => s.errors > 0);
  if (failing.length) {
    lines.push('', `Socket errors or non-2xx answers (wrk's 2 s timeout, mostly): ` +
      `${failing.map((s) => `${s.server} ${s.errors}`).join(', ')}; see peers.json.`);
  }
  lines.push('');
}
if (redisFloor.length) {
  lines.push('## The Redis floor', '');
  lines.push('| redis-benchmark HGETALL, -c ' + `${report.settings.connections}` + ' | commands/s | p50 / p99 (ms) |');
  lines.push('|---|---:|---:|');
  for (const b of redisFloor) {
    lines.push(`| -P ${b.pipeline} | ${n(b.rps)} | ${n(b.latency_p50_us / 1000, 2)} / ${n(b.latency_p99_us / 1000, 2)} |`);
  }
  if (redisShare) {
    lines.push('', `Under W4 stashql had Redis run ${n(redisShare.stashql_redis_commands_per_s)} commands/s ` +
      `(${redisShare.share}× what redis-benchmark -P 16 reaches): identical reads of concurrent ` +
      'requests that leave in one batch are sent once, so under load a request costs Redis far ' +
      'fewer commands than alone.');
  }
  lines.push('');
}
lines.push('## Targets', '', '| target | measured | goal | met |', '|---|---:|---:|---|');
for (const t of targets) {
  lines.push(`| ${t.name} | ${t.value ?? '–'} | ${t.goal} | ${t.met === null ? 'not run' : t.met ? 'yes' : '**no**'} |`);
}
lines.push('');
if (m.load_average_1m_at_report > m.nproc) {
  lines.push(`**Warning: the machine was busy (load average ${m.load_average_1m_at_report}); treat these ` +
    'figures as rough.**', '');
}
fs.writeFileSync(path.join(resultsDir, 'peers.md'), lines.join('\n'));
console.log(lines.join('\n'));
