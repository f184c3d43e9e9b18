// What bench/report.mjs and bench/peers/report.mjs share: reading bench/results/raw/, the
// median of wrk runs, redis-benchmark's CSV, and the machine and versions a report names.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.join(here, '..');
export const resultsDir = path.join(here, 'results');
export const rawDir = path.join(resultsDir, 'raw');
const env = process.env;

export function readJson(file) {
  try {
    // Google Benchmark writes NaN (not JSON) for the spread of a counter that is always 0,
    // such as allocs_per_eval's coefficient of variation.
    const text = fs.readFileSync(file, 'utf8').replace(/:\s*-?(NaN|nan|inf|Infinity)\b/g, ': null');
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function run(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (error) {
    // wrk -v exits 1 after printing its version
    return `${error.stdout ?? ''}`.trim() || null;
  }
}

export function runsOf(server, query) {
  const file = path.join(rawDir, `${server}-${query}.jsonl`);
  if (!fs.existsSync(file)) return null;
  return fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

export function median(runs) {
  const sorted = [...runs].sort((a, b) => a.rps - b.rps);
  const m = sorted[Math.floor(sorted.length / 2)];
  const errors = runs.reduce(
    (n, r) => n + r.errors.connect + r.errors.read + r.errors.write + r.errors.status + r.errors.timeout,
    0,
  );
  return {
    rps: Math.round(m.rps),
    latency_p50_us: m.latency_us.p50,
    latency_p99_us: m.latency_us.p99,
    errors,
    runs_rps: runs.map((r) => Math.round(r.rps)),
  };
}

// redis-benchmark --csv: a header line, then "HGETALL post:p042","<rps>","<avg ms>",…,"<p99 ms>",…
export function redisBenchmark(pipeline, prefix = '') {
  const file = path.join(rawDir, `${prefix}redis-benchmark-P${pipeline}.csv`);
  if (!fs.existsSync(file)) return null;
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  const header = lines[0].split(',').map((c) => c.replace(/"/g, ''));
  const row = lines[lines.length - 1].split(',').map((c) => c.replace(/"/g, ''));
  const at = (name) => Number(row[header.indexOf(name)]);
  return {
    pipeline,
    rps: Math.round(at('rps')),
    latency_p50_us: Math.round(at('p50_latency_ms') * 1000),
    latency_p99_us: Math.round(at('p99_latency_ms') * 1000),
  };
}

// ---- machine and versions -------------------------------------------------------------------

export function machine() {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    nproc: Number(run('nproc', [])) || os.cpus().length,
    cpu_model: model.trim(),
    kernel: `${os.type()} ${os.release()}`,
    memory_gib: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    // Other work on the machine skews every figure: recorded so a reader can tell.
    load_average_1m_at_report: Number(os.loadavg()[0].toFixed(2)),
  };
}

export function versions(parse) {
  const build = env.BUILD ?? path.join(root, 'build');
  const cache = fs.existsSync(path.join(build, 'CMakeCache.txt'))
    ? fs.readFileSync(path.join(build, 'CMakeCache.txt'), 'utf8')
    : '';
  const compiler = /^CMAKE_CXX_COMPILER:\w+=(.*)$/m.exec(cache)?.[1] ?? 'c++';
  const buildType = /^CMAKE_BUILD_TYPE:\w+=(.*)$/m.exec(cache)?.[1] ?? null;
  const boostHeader = '/usr/include/boost/version.hpp';
  const boost = fs.existsSync(boostHeader)
    ? /BOOST_LIB_VERSION "([^"]+)"/.exec(fs.readFileSync(boostHeader, 'utf8'))?.[1]
    : null;
  return {
    stashql: run(path.join(build, 'stashql'), ['version']),
    commit: run('git', ['-C', root, 'rev-parse', '--short', 'HEAD']),
    build_type: buildType,
    compiler: run(compiler, ['--version'])?.split('\n')[0] ?? null,
    boost: boost?.replace('_', '.') ?? null,
    google_benchmark:
      parse?.context?.library_version ??
      run('dpkg-query', ['-W', '-f=${Version}', 'libbenchmark-dev']) ??
      null,
    node: process.version,
    graphql_js: parse?.graphql_js ?? null,
    wrk: run('wrk', ['-v'])?.split('\n')[0] ?? null,
  };
}

