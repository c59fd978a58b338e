import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, before, test } from 'node:test';
import type { ScanReport } from '../src/scan/types.js';
import { startFakeApiGateway, type FakeApiGateway } from './fake/apigateway-server.js';
import { CLI, ROOT, runCli } from './helpers.js';
import { fleetFaults, fleetSnapshot, KEY } from './scan-fleet.js';

// Long scans: Ctrl-C writes a partial report, --state resumes to the same result as one run, and
// --shard i/n reports merged equal one run.

const work = mkdtempSync(`${tmpdir()}/apigw-doctor-scan-resume-`);
const ARGS = ['scan', '--org', '--role-name', 'Scan', '--regions', 'eu-west-1,us-east-1,ap-southeast-2'];
const env = {
  AWS_ACCESS_KEY_ID: KEY.id,
  AWS_SECRET_ACCESS_KEY: KEY.secret,
  AWS_REGION: 'us-east-1',
  AWS_CONFIG_FILE: `${work}/none`,
  AWS_SHARED_CREDENTIALS_FILE: `${work}/none`,
  AWS_EC2_METADATA_DISABLED: 'true',
};

let fake: FakeApiGateway;
let oneRun: ScanReport;
before(async () => {
  fake = await startFakeApiGateway({ snapshot: fleetSnapshot(), ...fleetFaults(), enforceQuotas: true });
  const r = await runCli([...ARGS, '-o', 'json', '--endpoint-url', fake.url], { env });
  assert.equal(r.code, 1, r.stderr);
  oneRun = JSON.parse(r.stdout) as ScanReport;
});
after(() => fake.close());

/** The report without what changes from run to run (times, call counts, the shard). */
function stable(report: ScanReport): unknown {
  const { startedAt: _s, finishedAt: _f, stats, scope, ...rest } = report;
  const { calls: _c, retries: _r, durationMs: _d, throttled: _t, ...counts } = stats;
  const { shard: _shard, ...scopeRest } = scope;
  return { ...rest, scope: scopeRest, stats: counts };
}

test('Ctrl-C writes the partial report; a re-run with --state resumes and gives the same report as one run', async () => {
  const state = `${work}/scan.state`;
  const partialOut = `${work}/partial.json`;
  // Slowly (1 request/s per account), so the scan is surely interrupted half-way.
  const child = spawn(
    process.execPath,
    [
      CLI,
      ...ARGS,
      '-o',
      'json',
      '--out',
      partialOut,
      '--state',
      state,
      '--max-rps',
      '1',
      '--endpoint-url',
      fake.url,
    ],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  const started = Date.now();
  while (!existsSync(state) && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 50));
  assert.ok(existsSync(state), `no state file after 20 s: ${stderr}`);
  child.kill('SIGINT');
  const code = await closed;
  assert.equal(code, 130, stderr);
  assert.match(stderr, /stopping \(Ctrl-C again to quit at once\); writing the partial report/);
  const partial = JSON.parse(readFileSync(partialOut, 'utf8')) as ScanReport;
  assert.equal(partial.partial, true);
  assert.ok(
    partial.notChecked.some((n) => n.reason === 'interrupted'),
    JSON.stringify(partial.notChecked),
  );
  assert.ok(partial.targets.length < oneRun.targets.length, 'stopped before the end');
  const saved = Object.keys((JSON.parse(readFileSync(state, 'utf8')) as { targets: object }).targets);
  assert.ok(saved.length >= 1);

  const resumed = await runCli([...ARGS, '-o', 'json', '--state', state, '--endpoint-url', fake.url], {
    env,
  });
  assert.equal(resumed.code, 1, resumed.stderr);
  assert.match(resumed.stderr, new RegExp(`resuming: ${saved.length} account × region targets already done`));
  assert.deepEqual(stable(JSON.parse(resumed.stdout) as ScanReport), stable(oneRun));

  // A state file of another scan is refused.
  const other = await runCli(
    [...ARGS.slice(0, -1), 'eu-west-1', '--state', state, '--endpoint-url', fake.url],
    { env },
  );
  assert.equal(other.code, 2);
  assert.equal(
    other.stderr,
    `apigw-doctor: ${state} records another scan (accounts, regions or shard differ): use another --state file or delete it\n`,
  );
});

test('--shard 1/2 and 2/2 split the accounts; merged, they equal one run', async () => {
  const shards: ScanReport[] = [];
  for (const shard of ['1/2', '2/2']) {
    const out = `${work}/shard-${shard.replace('/', '-')}.json`;
    const r = await runCli(
      [...ARGS, '--shard', shard, '-o', 'json', '--out', out, '--endpoint-url', fake.url],
      {
        env,
      },
    );
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.equal(r.stdout, '');
    shards.push(JSON.parse(readFileSync(out, 'utf8')) as ScanReport);
  }
  const [a, b] = shards as [ScanReport, ScanReport];
  assert.deepEqual(a.scope.shard, { index: 1, count: 2 });
  assert.ok(a.scope.accounts.length > 0 && b.scope.accounts.length > 0, 'both shards have accounts');
  assert.deepEqual([...a.scope.accounts, ...b.scope.accounts].sort(), oneRun.scope.accounts);
  assert.ok(!a.scope.accounts.some((x) => b.scope.accounts.includes(x)), 'disjoint');

  const merged = await runCli(
    ['merge', `${work}/shard-1-2.json`, `${work}/shard-2-2.json`, `${work}/shard-1-2.json`, '-o', 'json'],
    { env },
  );
  assert.equal(merged.code, 1, merged.stderr);
  const report = JSON.parse(merged.stdout) as ScanReport;
  assert.deepEqual(stable(report), stable(oneRun));
  assert.equal(report.stats.calls, a.stats.calls + b.stats.calls, 'a report given twice counts once');
});

test('merge refuses reports of different schema versions, in one line', async () => {
  const v2 = `${work}/v2.json`;
  writeFileSync(v2, JSON.stringify({ ...oneRun, schemaVersion: 2 }));
  const v1 = `${work}/v1.json`;
  writeFileSync(v1, JSON.stringify(oneRun));
  const r = await runCli(['merge', v1, v2], { env });
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `apigw-doctor: merge: cannot mix schema versions 1 and 2 (${v1}: 1, ${v2}: 2)\n`);
});
