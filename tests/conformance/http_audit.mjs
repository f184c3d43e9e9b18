// The GraphQL-over-HTTP audit of npm graphql-http (auditServer) against a real `stashql serve`:
// starts the binary given as argv[2] on a free port (--port 0; the port is read from its
// "listening on" log line), waits for /healthz, runs every audit, prints each result, and
// exits non-zero on any error or warning. The server it started is always stopped, by PID.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { auditServer } from 'graphql-http';

const binary = process.argv[2];
if (!binary) {
  console.error('usage: node http_audit.mjs <path to the stashql binary>');
  process.exit(2);
}
const config = fileURLToPath(new URL('./http_audit/stashql.yaml', import.meta.url));

const server = spawn(binary, ['serve', '-c', config, '--port', '0'], {
  stdio: ['ignore', 'inherit', 'pipe'],
});
let exited = false;
const exitedPromise = new Promise((resolve) =>
  server.on('exit', (code, signal) => {
    exited = true;
    resolve({ code, signal });
  }),
);

function stopServer() {
  if (exited) return Promise.resolve();
  server.kill('SIGTERM');
  const timeout = new Promise((resolve) =>
    setTimeout(() => {
      if (!exited) server.kill('SIGKILL');
      resolve();
    }, 10_000),
  );
  return Promise.race([exitedPromise, timeout]);
}
process.on('SIGINT', () => stopServer().then(() => process.exit(130)));
process.on('SIGTERM', () => stopServer().then(() => process.exit(143)));

// The server logs "listening on http://127.0.0.1:PORT/graphql (N threads)".
const listening = new Promise((resolve, reject) => {
  let log = '';
  server.stderr.on('data', (chunk) => {
    process.stderr.write(chunk);
    log += chunk.toString();
    const m = log.match(/listening on (http:\/\/\S+)\/graphql/);
    if (m) resolve(m[1]);
  });
  exitedPromise.then(({ code, signal }) =>
    reject(new Error(`stashql serve exited before listening (code ${code}, signal ${signal})`)),
  );
  setTimeout(() => reject(new Error('stashql serve did not say where it listens within 30 s')), 30_000);
});

async function waitForHealth(base) {
  for (let attempt = 0; attempt < 100; ++attempt) {
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
    } catch {
      // not yet accepting
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${base}/healthz did not answer 200`);
}

let failed = false;
try {
  const base = await listening;
  await waitForHealth(base);
  const results = await auditServer({ url: `${base}/graphql` });
  const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
  for (const result of results) {
    counts[result.status] += 1;
    let line = `${result.status.padEnd(6)} ${result.id} ${result.name}`;
    if (result.status !== 'ok') {
      const body = await result.response.text().catch(() => '');
      line += `\n       ${result.reason} (status ${result.response.status}) ${body.slice(0, 300)}`;
    }
    console.log(line);
  }
  console.log(
    `\n${results.length} audits: ${counts.ok} ok, ${counts.notice} notices, ` +
      `${counts.warn} warnings, ${counts.error} errors`,
  );
  failed = counts.warn > 0 || counts.error > 0;
} catch (err) {
  console.error(`http_audit: ${err.message}`);
  failed = true;
} finally {
  await stopServer();
}
const { code } = await exitedPromise;
if (code !== 0) {
  console.error(`http_audit: stashql serve exited with code ${code} after SIGTERM`);
  failed = true;
}
process.exit(failed ? 1 : 0);
