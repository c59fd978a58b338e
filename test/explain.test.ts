import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { CLI, ROOT, runCli, SHOP_SNAPSHOT } from './helpers.js';

const EVIDENCE = `${ROOT}test/fixtures/evidence/`;
const CURL = `${EVIDENCE}curl-7.88.1/`;
const HAR = `${EVIDENCE}chromium-156.0.8078.108/shop.har`;
const LOGS = `${EVIDENCE}apigateway-logs-2026/`;
const TRAIL = `${EVIDENCE}cloudtrail-1.09/`;
const TRAIL_GZ = `${TRAIL}123456789012_CloudTrail_eu-west-1_20261128T0925Z_sample.json.gz`;

interface Group {
  summary: string;
  classification: string;
  count: number;
  cause: { id: string } | null;
}
interface Report {
  files: { file: string; kind: string; calls: number; truncatedAtLine: number | null }[];
  groups: Group[];
  totals: { calls: number; failed: number };
  changes: { eventName: string; actor: string | null }[];
}

async function explainJson(args: string[]): Promise<{ code: number | null; report: Report; stderr: string }> {
  const r = await runCli(['explain', ...args, '--output', 'json']);
  assert.ok(r.stdout.trim().startsWith('{'), `no JSON on stdout: ${r.stderr}`);
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

const summaries = (report: Report) => report.groups.map((g) => g.summary);

test('each evidence kind is detected by content', async () => {
  const files: [string, string][] = [
    [HAR, 'har'],
    [`${CURL}curl-verbose.txt`, 'curl-verbose'],
    [`${CURL}curl-include.txt`, 'curl-include'],
    [`${EVIDENCE}aws-cli-1.45.11/get-stages-denied.log`, 'aws-cli-debug'],
    [`${EVIDENCE}aws-cli-2.9.19/get-stages-denied.log`, 'aws-cli-debug'],
    [`${TRAIL}event.json`, 'cloudtrail-event'],
    [TRAIL_GZ, 'cloudtrail-records'],
    [`${TRAIL}lookup-events.json`, 'cloudtrail-lookup-events'],
    [`${TRAIL}lake-results.json`, 'cloudtrail-lake'],
    [`${LOGS}access-json.log`, 'access-log-json'],
    [`${LOGS}access-clf.log`, 'access-log-clf'],
    [`${LOGS}cloudwatch-tail.log`, 'access-log-json'],
    [`${LOGS}filter-log-events.json`, 'cloudwatch-filter-log-events'],
    [`${LOGS}execution.log`, 'execution-log'],
  ];
  const { report } = await explainJson(files.map(([f]) => f));
  assert.deepEqual(
    report.files.map((f) => [f.file, f.kind]),
    files,
  );
  for (const f of report.files) assert.ok(f.calls > 0, `${f.file}: no calls found`);
});

test('curl -v and -i transcripts recorded against serve: exact groups with the snapshot', async () => {
  const { code, report } = await explainJson([
    `${CURL}curl-verbose.txt`,
    `${CURL}curl-include.txt`,
    '--snapshot',
    SHOP_SNAPSHOT,
  ]);
  assert.equal(code, 1);
  assert.deepEqual(summaries(report), [
    '4 calls to POST /prod/reviews failed at 16:17: POST /reviews is configured but not deployed to stage prod',
    '2 calls to GET /prod/admin/reports failed at 16:17: Authorization: Bearer sent to an AWS_IAM method',
    '2 calls to GET /prod/inventory failed at 16:17: GET /inventory requires an API key (x-api-key)',
    '2 calls to GET /Prod/products failed at 16:17: No stage "Prod" on API a1b2c3d4e5',
    '2 calls to GET /prod/inventory succeeded at 16:17',
    '2 calls to GET /prod/products/{productId} succeeded at 16:17',
  ]);
  assert.deepEqual(
    report.groups.map((g) => g.classification),
    ['missing-authentication-token', 'incomplete-signature', 'forbidden', 'forbidden', 'ok', 'ok'],
  );
});

test('a Chromium HAR: grouped by cause, non-API entries skipped', async () => {
  const { code, report } = await explainJson([HAR, '--snapshot', SHOP_SNAPSHOT]);
  assert.equal(code, 1);
  assert.deepEqual(summaries(report), [
    '2 calls to POST /prod/reviews failed at 16:11: POST /reviews is configured but not deployed to stage prod',
    '1 call to GET /prod/admin/reports failed at 16:11: Authorization: Bearer sent to an AWS_IAM method',
    '1 call to GET /prod/checkout failed at 16:11: /checkout answers POST, not GET',
    '1 call to GET /prod/inventory succeeded at 16:11',
    '1 call to GET /prod/products/{productId} succeeded at 16:11',
  ]);
});

test('AWS CLI v1 and v2 --debug logs: access denied, throttled, bad signature, not found, ok', async () => {
  for (const version of ['1.45.11', '2.9.19']) {
    const dir = `${EVIDENCE}aws-cli-${version}/`;
    const names = [
      'get-rest-apis',
      'get-rest-api-not-found',
      'get-stages-denied',
      'get-api-keys-throttled',
      'get-resources-bad-secret',
    ];
    const { code, report } = await explainJson(names.map((n) => `${dir}${n}.log`));
    assert.equal(code, 1);
    const byOperation = Object.fromEntries(
      report.groups.map((g) => [g.summary.split(' ')[3], g.classification]),
    );
    assert.deepEqual(byOperation, {
      GetRestApis: 'ok',
      GetRestApi: 'not-found',
      GetStages: 'access-denied',
      GetApiKeys: 'throttled',
      GetResources: 'invalid-signature',
    });
  }
});

test('a JSON access log: the 412 calls to an undeployed route, grouped with the cause and the time window', async () => {
  const { code, report } = await explainJson([`${LOGS}access-json.log`, '--snapshot', SHOP_SNAPSHOT]);
  assert.equal(code, 1);
  assert.deepEqual(summaries(report), [
    '412 calls to POST /prod/reviews failed between 10:02 and 10:40: POST /reviews is configured but not deployed to stage prod',
    '7 calls to GET /prod/inventory failed between 10:15 and 10:21: GET /inventory requires an API key (x-api-key)',
    '3 calls to GET /prod/products/{productId} failed between 10:30 and 10:32: the integration failed or timed out behind API Gateway',
    '50 calls to GET /prod/products/{productId} succeeded between 10:00 and 10:49',
  ]);
  // The CLF form of the same calls, with --api naming the API the host-less lines belong to.
  const clf = await explainJson([
    `${LOGS}access-clf.log`,
    '--snapshot',
    SHOP_SNAPSHOT,
    '--api',
    'a1b2c3d4e5',
  ]);
  assert.equal(clf.report.groups[0]!.summary, summaries(report)[0]);
});

test('CloudTrail in every shape: the same calls and changes, with who made them', async () => {
  for (const file of [TRAIL_GZ, `${TRAIL}lookup-events.json`, `${TRAIL}lake-results.json`]) {
    const { report } = await explainJson([file]);
    assert.deepEqual(
      report.groups
        .filter((g) => g.classification !== 'ok')
        .map((g) => [g.summary.split(' ')[3], g.classification]),
      [
        ['GetRestApis', 'throttled'],
        ['UpdateStage', 'access-denied'],
      ],
      file,
    );
    assert.deepEqual(
      report.changes.map((c) => c.eventName),
      ['PutMethod', 'CreateDeployment', 'UpdateStage', 'CreateApiKey'],
    );
  }
});

test('text output, and exit 0 when every call succeeded', async () => {
  const r = await runCli(['explain', `${EVIDENCE}aws-cli-1.45.11/get-rest-apis.log`]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /✓ 1 call to GetRestApis \(GET \/restapis\) succeeded at 16:1\d/);
  const failing = await runCli(['explain', `${LOGS}execution.log`]);
  assert.equal(failing.code, 1);
  assert.match(
    failing.stdout,
    /✗ 1 call to GET \/prod\/inventory failed at 10:31: API Gateway refused the call/,
  );
});

test('standard input (-) is read like a file', async () => {
  const r = await runCli(['explain', '-', '--output', 'json'], {
    input: readFileSync(`${LOGS}access-json.log`, 'utf8'),
  });
  assert.equal(r.code, 1, r.stderr);
  assert.equal((JSON.parse(r.stdout) as Report).totals.calls, 472);
});

test('malformed and truncated inputs: one line naming the file and line, never a crash', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'explain-bad-'));
  const har = readFileSync(HAR, 'utf8');
  const pretty = JSON.stringify(JSON.parse(har), null, 2);
  const cases: { name: string; content: string | Buffer; code: number; stderr: RegExp }[] = [
    {
      name: 'garbage.txt',
      content: 'hello\nworld\n',
      code: 2,
      stderr: /^apigw-doctor: .*garbage\.txt:1: not evidence apigw-doctor can read/,
    },
    {
      name: 'bad-line.log',
      content: `${readFileSync(`${LOGS}access-json.log`, 'utf8').split('\n').slice(0, 5).join('\n')}\n{"requestId": oops}\n`,
      code: 2,
      stderr: /^apigw-doctor: .*bad-line\.log:6: not a JSON access-log record/,
    },
    {
      name: 'broken.har',
      content: pretty.replace('"status": 403', '"status": 403,,'),
      code: 2,
      stderr: new RegExp(
        `^apigw-doctor: .*broken\\.har:${pretty.slice(0, pretty.indexOf('"status": 403')).split('\n').length}: malformed JSON`,
      ),
    },
    {
      name: 'cut.json.gz',
      content: gzipSync(readFileSync(TRAIL_GZ)).subarray(0, 60),
      code: 2,
      stderr: /^apigw-doctor: .*cut\.json\.gz: the gzip stream is damaged or cut short/,
    },
  ];
  for (const c of cases) {
    writeFileSync(path.join(dir, c.name), c.content);
    const r = await runCli(['explain', path.join(dir, c.name)]);
    assert.equal(r.code, c.code, `${c.name}: ${r.stderr}`);
    assert.match(r.stderr, c.stderr, c.name);
    assert.equal(r.stderr.trim().split('\n').length, 1, `${c.name}: one line only: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /internal error|at .*\.js:\d+/);
  }
  // A HAR cut in the middle: the entries before the cut are reported, and the cut is named.
  const cutAt = pretty.indexOf('"url"', pretty.indexOf('/prod/checkout') - 200);
  writeFileSync(path.join(dir, 'cut.har'), pretty.slice(0, cutAt));
  const { code, report, stderr } = await explainJson([path.join(dir, 'cut.har')]);
  assert.equal(code, 1);
  assert.equal(report.files[0]!.truncatedAtLine, pretty.slice(0, cutAt).split('\n').length);
  assert.equal(report.totals.calls, 5);
  assert.match(stderr, /cut\.har: truncated at line \d+/);
});

test('a multi-MB access log streams in bounded memory', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'explain-big-'));
  const lines = readFileSync(`${LOGS}access-json.log`, 'utf8').trimEnd().split('\n');
  const file = path.join(dir, 'big.log');
  const block = `${lines.join('\n')}\n`;
  writeFileSync(file, block.repeat(Math.ceil((24 * 1024 * 1024) / block.length)));
  const script = `
    process.argv = [process.argv[0], ${JSON.stringify(CLI)}, 'explain', ${JSON.stringify(file)}, '--output', 'json', '--no-progress'];
    let peak = 0;
    setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5).unref();
    process.on('exit', () => process.stderr.write('PEAK ' + Math.max(peak, process.memoryUsage().rss) + '\\n'));
    await import(${JSON.stringify(CLI)});`;
  const result = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', () => resolve({ stdout, stderr }));
  });
  const report = JSON.parse(result.stdout) as Report;
  const copies = Math.ceil((24 * 1024 * 1024) / block.length);
  assert.equal(report.totals.calls, 472 * copies);
  const peak = Number(/PEAK (\d+)/.exec(result.stderr)?.[1]);
  // Loosely: far less than the file would take held as strings (~2x its 24 MB), plus Node's baseline.
  assert.ok(peak < 160 * 1024 * 1024, `peak RSS ${Math.round(peak / 1024 / 1024)} MB`);
});

test('failing calls lead to the timeline: one command per API and stage, from the first failure', async () => {
  const text = await runCli(['explain', `${LOGS}access-json.log`]);
  assert.equal(text.code, 1, text.stderr);
  assert.ok(
    text.stdout.endsWith(
      'Who changed what before the failures started (CloudTrail, needs cloudtrail:LookupEvents):\n' +
        '  $ apigw-doctor timeline --api a1b2c3d4e5 --region eu-west-1 --stage prod --since 7d --failures-since 2026-11-28T10:02:21.000Z\n',
    ),
    text.stdout,
  );
  const json = await runCli(['explain', `${LOGS}access-json.log`, '-o', 'json']);
  assert.deepEqual((JSON.parse(json.stdout) as { next: string[] }).next, [
    'apigw-doctor timeline --api a1b2c3d4e5 --region eu-west-1 --stage prod --since 7d --failures-since 2026-11-28T10:02:21.000Z',
  ]);
});
