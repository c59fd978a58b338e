// Access-log throughput of `explain` against jq, on a generated JSON access log (cached in the temp dir).
// jq only filters the 403s (`jq -c 'select(.status=="403")'`); explain does the full classification and
// grouping of every line. Peak memory (max RSS of the process) is measured at two file sizes.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, statSync, mkdirSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const MB = 1024 * 1024;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function clfTime(ms) {
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

const SHAPES = [
  {
    w: 60,
    method: 'GET',
    resource: '/products/{productId}',
    path: (i) => `/prod/products/${i % 5000}`,
    status: '200',
    error: '-',
    type: '-',
    ist: '200',
  },
  {
    w: 20,
    method: 'POST',
    resource: '-',
    path: () => '/prod/reviews',
    status: '403',
    error: 'Missing Authentication Token',
    type: 'MISSING_AUTHENTICATION_TOKEN',
    ist: '-',
  },
  {
    w: 8,
    method: 'GET',
    resource: '/inventory',
    path: () => '/prod/inventory',
    status: '403',
    error: 'Forbidden',
    type: 'INVALID_API_KEY',
    ist: '-',
  },
  {
    w: 6,
    method: 'GET',
    resource: '/admin/reports',
    path: () => '/prod/admin/reports',
    status: '403',
    error: 'Missing Authentication Token',
    type: 'MISSING_AUTHENTICATION_TOKEN',
    ist: '-',
  },
  {
    w: 4,
    method: 'GET',
    resource: '/products/{productId}',
    path: (i) => `/prod/products/${i % 97}`,
    status: '502',
    error: 'Internal server error',
    type: 'INTEGRATION_FAILURE',
    ist: '500',
  },
  {
    w: 2,
    method: 'POST',
    resource: '/checkout',
    path: () => '/prod/checkout',
    status: '429',
    error: 'Too Many Requests',
    type: 'THROTTLED',
    ist: '-',
  },
];
const PICK = SHAPES.flatMap((s, n) => Array(s.w).fill(n));

/** Writes a JSON access log of about `bytes` bytes in the documented format plus error fields. */
export async function generateAccessLog(file, bytes) {
  if (existsSync(file) && statSync(file).size >= bytes) return;
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  const start = Date.UTC(2026, 10, 28, 10, 0, 0);
  let written = 0;
  let i = 0;
  while (written < bytes) {
    let chunk = '';
    for (let k = 0; k < 2000; k++, i++) {
      const s = SHAPES[PICK[(i * 7919) % PICK.length]];
      const t = start + Math.floor(i / 40) * 1000;
      chunk += `{"requestId":"${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}-1c2d-4e5f-8a9b-${String(i).padStart(12, '0')}","ip":"203.0.113.${i % 250}","caller":"-","user":"-","requestTime":"${clfTime(t)}","httpMethod":"${s.method}","resourcePath":"${s.resource}","path":"${s.path(i)}","status":"${s.status}","protocol":"HTTP/1.1","responseLength":"42","domainName":"a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com","stage":"prod","error":{"message":"${s.error}","responseType":"${s.type}"},"integration":{"status":"${s.ist}","latency":"${i % 300}"},"userAgent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"}\n`;
    }
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
  renameSync(partial, file);
}

function timed(command, args) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '%M', command, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const rssKb = Number(stderr.trim().split('\n').pop());
      resolve({ code, seconds, peakMb: rssKb / 1024, stderr });
    });
  });
}

export async function benchExplain(root, { quick = false } = {}) {
  const dir = path.join(os.tmpdir(), 'apigw-doctor-bench');
  // BENCH_EXPLAIN_MB sets the big file's size (the small one is a quarter of it) while iterating.
  const bigBytes = (Number(process.env.BENCH_EXPLAIN_MB) || (quick ? 256 : 1024)) * MB;
  const smallBytes = bigBytes / 4;
  const big = path.join(dir, `access-${bigBytes / MB}mb.log`);
  const small = path.join(dir, `access-${smallBytes / MB}mb.log`);
  await generateAccessLog(big, bigBytes);
  await generateAccessLog(small, smallBytes);
  const lines = Number(spawnSync('sh', ['-c', `wc -l < '${big}'`], { encoding: 'utf8' }).stdout.trim());
  const cli = path.join(root, 'dist/cli/main.js');
  const args = (file) => [cli, 'explain', file, '--output', 'json', '--no-progress'];
  const oursSmall = await timed(process.execPath, args(small));
  const ours = await timed(process.execPath, args(big));
  const jq = await timed('jq', ['-c', 'select(.status=="403")', big]);
  for (const [name, r] of [
    ['explain', ours],
    ['explain (small)', oursSmall],
    ['jq', jq],
  ]) {
    if (name.startsWith('explain') ? r.code !== 1 : r.code !== 0)
      throw new Error(`${name} exited ${r.code}: ${r.stderr.slice(0, 300)}`);
  }
  return {
    sizeMb: statSync(big).size / MB,
    smallMb: statSync(small).size / MB,
    lines,
    ours,
    oursSmall,
    jq,
    ratio: jq.seconds / ours.seconds,
  };
}
