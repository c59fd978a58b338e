import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runCli } from './helpers.js';

// The fast access-log scanner (bytes, learned layout, worker threads) must say exactly what a full
// JSON.parse of every record says (APIGW_DOCTOR_SCAN_PLAIN=1), on regular and irregular records alike.

const SHAPES = [
  ['GET', '/products/{productId}', '200', '-', '-', '200'],
  ['POST', '-', '403', 'Missing Authentication Token', 'MISSING_AUTHENTICATION_TOKEN', '-'],
  ['GET', '/inventory', '403', 'Forbidden', 'INVALID_API_KEY', '-'],
  ['GET', '/products/{productId}', '502', 'Internal server error', 'INTEGRATION_FAILURE', '500'],
  ['POST', '/checkout', '429', 'Too Many Requests', 'THROTTLED', '-'],
  ['DELETE', '-', '404', 'Not Found', '-', '-'],
] as const;

function record(i: number, rand: () => number): string {
  const [method, resource, status, message, type, ist] = SHAPES[Math.floor(rand() * SHAPES.length)]!;
  const second = String(i % 60).padStart(2, '0');
  const minute = String(Math.floor(i / 600) % 60).padStart(2, '0');
  const day = 27 + (i % 2);
  const pathValue =
    resource === '-' ? `/prod/raw/${i % 700}` : `/prod${resource.replace('{productId}', String(i % 300))}`;
  const fields = [
    `"requestId":"req-${i}"`,
    `"ip":"203.0.113.${i % 250}"`,
    `"requestTime":"${day}/Nov/2026:10:${minute}:${second} +0000"`,
    `"httpMethod":"${method}"`,
    `"resourcePath":"${resource}"`,
    `"path":"${pathValue}"`,
    `"status":"${status}"`,
    `"domainName":"a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com"`,
    `"stage":"prod"`,
    `"error":{"message":"${message}","responseType":"${type}"}`,
    `"integration":{"status":"${ist}","latency":"${i % 300}"}`,
    `"userAgent":"curl/8.0"`,
  ];
  const irregular = rand();
  if (irregular < 0.01) fields[9] = `"error":{"message":"say \\"${message}\\"","responseType":"${type}"}`;
  else if (irregular < 0.02)
    fields.splice(8, 1); // no stage
  else if (irregular < 0.03)
    [fields[3], fields[6]] = [fields[6]!, fields[3]!]; // keys in another order
  else if (irregular < 0.04)
    fields[6] = `"status" : ${status}`; // spaces, a number
  else if (irregular < 0.05) fields[9] = `"error":{"message":null,"responseType":null}`;
  else if (irregular < 0.06) fields[5] = `"path":"/prod/caf\u00e9/${i % 5}"`;
  else if (irregular < 0.065) fields[0] = `"requestId":"r\\u00e9q-${i}"`;
  let line = `{${fields.join(',')}}`;
  const decoration = rand();
  if (decoration < 0.02) line = `2026-11-28T10:00:${second}.000Z ${line}`;
  else if (decoration < 0.04) line = `${line}\r`;
  else if (decoration < 0.05) line = `${line}   `;
  else if (decoration < 0.06) line = `${line}\n`; // a blank line after it
  return line;
}

function generate(file: string, bytes: number, tail: string): number {
  let seed = 42;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const lines: string[] = [];
  let size = 0;
  let records = 0;
  for (let i = 0; size < bytes; i++, records++) {
    const line = record(i, rand);
    lines.push(line);
    size += line.length + 1;
  }
  writeFileSync(file, `${lines.join('\n')}\n${tail}`);
  return records;
}

async function explain(file: string, env: Record<string, string>) {
  const r = await runCli(['explain', file, '--output', 'json', '--no-progress'], { env });
  return r;
}

const SEQUENTIAL = { APIGW_DOCTOR_SCAN_WORKERS: '1' };
const PLAIN = { APIGW_DOCTOR_SCAN_PLAIN: '1' };
const WORKERS = { APIGW_DOCTOR_SCAN_WORKERS: '3', APIGW_DOCTOR_SCAN_MIN_BYTES: '0' };

test('the fast access-log scanner says what a full parse of every record says, irregular records included', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'explain-scan-'));
  const file = path.join(dir, 'access.log');
  const records = generate(file, 6 * 1024 * 1024, '{"requestId":"cut","httpMethod":"GET","pa');
  const [fast, plain, parallel] = await Promise.all([
    explain(file, SEQUENTIAL),
    explain(file, PLAIN),
    explain(file, WORKERS),
  ]);
  const report = JSON.parse(plain.stdout) as {
    totals: { calls: number; distinct: number; groups: number };
    files: { truncatedAtLine: number | null }[];
    groups: { examples: { line: number }[] }[];
  };
  assert.equal(plain.code, 1, plain.stderr);
  assert.equal(report.totals.calls, records);
  assert.ok(report.totals.groups >= 8, `${report.totals.groups} groups`);
  assert.ok(report.files[0]!.truncatedAtLine !== null);
  assert.equal(fast.stdout, plain.stdout, 'sequential scanner differs from the full parse');
  assert.equal(fast.stderr, plain.stderr);
  assert.equal(parallel.stdout, plain.stdout, 'worker threads differ from the full parse');
  assert.equal(parallel.stderr, plain.stderr);
});

test('worker threads report a bad record with the line number one pass would give', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'explain-scan-bad-'));
  const file = path.join(dir, 'bad.log');
  let seed = 7;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const lines = Array.from({ length: 9000 }, (_, i) => record(i, rand).replace('\n', ''));
  lines[7000] = '{"requestId": oops}';
  writeFileSync(file, `${lines.join('\n')}\n`);
  const [sequential, parallel] = await Promise.all([explain(file, SEQUENTIAL), explain(file, WORKERS)]);
  assert.equal(sequential.code, 2);
  assert.match(sequential.stderr, /bad\.log:7001: not a JSON access-log record/);
  assert.equal(parallel.code, 2);
  assert.equal(parallel.stderr, sequential.stderr);
});
