import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, before, test } from 'node:test';
import type { ScanReport } from '../src/scan/types.js';
import { startFakeApiGateway, type FakeApiGateway, type FakeCall } from './fake/apigateway-server.js';
import { runCli } from './helpers.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  ACCOUNT_C,
  ACCOUNT_D,
  fleetFaults,
  fleetSnapshot,
  httpApi,
  KEY,
  restApi,
} from './scan-fleet.js';

// `apigw-doctor scan` as a process against the loopback fake: several accounts (Organizations + STS
// AssumeRole, profiles, a file) and regions, each fleet check's case, partial failures, quotas.

const work = mkdtempSync(`${tmpdir()}/apigw-doctor-scan-`);
const REGIONS = 'eu-west-1,us-east-1,ap-southeast-2';

function scanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: KEY.id,
    AWS_SECRET_ACCESS_KEY: KEY.secret,
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: `${work}/none`,
    AWS_SHARED_CREDENTIALS_FILE: `${work}/none`,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  };
}

let fake: FakeApiGateway;
before(async () => {
  fake = await startFakeApiGateway({
    snapshot: fleetSnapshot(),
    ...fleetFaults(),
    organization: {
      // One suspended account (left out) and pages of two (ListAccounts is followed to the end).
      accounts: [
        { id: ACCOUNT_A },
        { id: ACCOUNT_B },
        { id: '555555555555', status: 'SUSPENDED' },
        { id: ACCOUNT_C },
        { id: ACCOUNT_D },
      ],
      pageSize: 2,
    },
    enforceQuotas: true,
  });
});
after(() => fake.close());

function parse(stdout: string): ScanReport {
  return JSON.parse(stdout) as ScanReport;
}

test('scan --org: every check has its case, partial failures are "not checked", the rest completes', async () => {
  const before = fake.calls.length;
  const r = await runCli(
    ['scan', '--org', '--role-name', 'Scan', '--regions', REGIONS, '-o', 'json', '--endpoint-url', fake.url],
    { env: scanEnv() },
  );
  assert.equal(r.code, 1, r.stderr);
  const report = parse(r.stdout);
  assert.deepEqual(report.scope.accounts, [ACCOUNT_A, ACCOUNT_B, ACCOUNT_C, ACCOUNT_D]);
  const found = report.findings.map(
    (f) => `${f.id} ${f.account} ${f.region} ${f.apiId ?? f.domain}/${f.stage ?? ''}`,
  );
  assert.deepEqual(found, [
    `mapping-target-missing ${ACCOUNT_A} eu-west-1 api.a.example.com/`,
    `mapping-target-missing ${ACCOUNT_A} eu-west-1 api.a.example.com/`,
    `private-endpoint-without-resource-policy ${ACCOUNT_A} eu-west-1 aaaaaaaaa2/`,
    `stage-without-deployment ${ACCOUNT_A} eu-west-1 hhhhhhhhh1/empty`,
    `canary-route-mismatch ${ACCOUNT_A} eu-west-1 aaaaaaaaa1/prod`,
    `execute-api-disable-pending ${ACCOUNT_A} eu-west-1 aaaaaaaaa3/`,
    `gateway-response-missing-authentication-token ${ACCOUNT_A} eu-west-1 aaaaaaaaa1/`,
    `pending-changes ${ACCOUNT_A} eu-west-1 aaaaaaaaa1/prod`,
    `pending-changes ${ACCOUNT_A} eu-west-1 hhhhhhhhh1/live`,
    `root-no-method ${ACCOUNT_A} eu-west-1 aaaaaaaaa1/prod`,
    `method-aws-iam-auth ${ACCOUNT_A} eu-west-1 aaaaaaaaa2/v1`,
  ]);
  const pending = report.findings.find((f) => f.id === 'pending-changes' && f.apiId === 'aaaaaaaaa1')!;
  assert.deepEqual(pending.evidence, [
    '+ GET /orders',
    '- DELETE /orders',
    '~ POST /orders (NONE → AWS_IAM)',
  ]);
  assert.deepEqual(pending.fix?.commands, [
    'aws apigateway create-deployment --rest-api-id aaaaaaaaa1 --stage-name prod --region eu-west-1',
  ]);
  assert.match(pending.fingerprint, /^[0-9a-f]{32}$/);
  // Route rows: deployed versus current.
  const orders = report.apis.find((a) => a.id === 'aaaaaaaaa1')!;
  assert.deepEqual(
    orders.stages[0]!.routes.map(
      (row) => `${row.state} ${row.method} ${row.path}${row.change ? ` (${row.change})` : ''}`,
    ),
    [
      'same ANY /{proxy+}',
      'removed DELETE /orders',
      'undeployed GET /orders',
      'changed POST /orders (authorization NONE → AWS_IAM)',
    ],
  );
  assert.equal(orders.stages[0]!.canaryDeploymentId, 'aaaacan0');
  // Two accounts share eu-west-1: each sees its own APIs (the fake picks the account by access key).
  assert.deepEqual(
    report.apis.map((a) => `${a.account} ${a.region} ${a.id} ${a.kind}`),
    [
      `${ACCOUNT_A} eu-west-1 aaaaaaaaa1 REST`,
      `${ACCOUNT_A} eu-west-1 aaaaaaaaa2 REST`,
      `${ACCOUNT_A} eu-west-1 aaaaaaaaa3 REST`,
      `${ACCOUNT_A} eu-west-1 hhhhhhhhh1 HTTP`,
      `${ACCOUNT_A} us-east-1 hhhhhhhhh2 WEBSOCKET`,
      `${ACCOUNT_B} eu-west-1 bbbbbbbbb1 REST`,
      `${ACCOUNT_D} eu-west-1 ddddddddd1 HTTP`,
    ],
  );
  assert.deepEqual(
    report.domains[0]!.mappings.map((m) => `${m.basePath} ${m.target}`),
    ['(none) ok', 'beta missing-stage', 'old missing-api'],
  );
  assert.deepEqual(
    report.notChecked.map((n) => `${n.account} ${n.region ?? '-'} ${n.reason}`),
    [
      `${ACCOUNT_C} - assume-role-failed`,
      `${ACCOUNT_B} us-east-1 access-denied`,
      `${ACCOUNT_D} ap-southeast-2 region-disabled`,
    ],
  );
  assert.equal(report.targets.length, 12);
  assert.equal(report.targets.filter((t) => t.status === 'checked').length, 7);
  assert.equal(report.partial, false);
  assert.deepEqual(report.stats.findingsBySeverity, { error: 4, warning: 6, info: 1 });
  assert.equal(report.stats.throttled, 0);
  const calls = fake.calls.slice(before);
  assert.equal(calls.filter((c) => c.status === 429).length, 0);
  // Read-only: nothing but reads (STS, Organizations, Account and CloudTrail reads are POSTs).
  assert.deepEqual(
    calls.filter(
      (c) => c.method !== 'GET' && !['sts', 'organizations', 'account', 'cloudtrail'].includes(c.service),
    ),
    [],
  );
  assert.equal(
    calls.filter((c) => c.operation === 'ListAccounts').length,
    3,
    'ListAccounts followed to the last page',
  );
  // ap-southeast-2: the three lists for A and for B, none for D (disabled there).
  assert.equal(
    calls.filter((c) => c.region === 'ap-southeast-2' && c.service.startsWith('apigateway')).length,
    6,
    'a disabled region is not called',
  );
  assert.equal(
    report.stats.calls,
    calls.filter((c) => c.service.startsWith('apigateway') || c.service === 'cloudtrail').length,
  );
  assert.match(
    r.stderr,
    /apigw-doctor scan: 4 accounts, 3 regions, 7 APIs, 1 domains; 4 errors, 6 warnings, 1 info; 3 not checked/,
  );
});

test('scan --profile: profiles are accounts (their id from STS); --regions all takes the regions each account has enabled', async () => {
  const f = await startFakeApiGateway({
    snapshot: fleetSnapshot(),
    accessKeys: { AKIAPROFILEA0000000: ACCOUNT_A, AKIAPROFILED0000000: ACCOUNT_D },
    disabledRegions: { [ACCOUNT_D]: ['ap-southeast-2'] },
  });
  try {
    const credentials = `${work}/credentials`;
    writeFileSync(
      credentials,
      '[a]\naws_access_key_id = AKIAPROFILEA0000000\naws_secret_access_key = secretA\n' +
        '[d]\naws_access_key_id = AKIAPROFILED0000000\naws_secret_access_key = secretD\n',
    );
    const r = await runCli(
      ['scan', '--profile', 'a', '--profile', 'd', '-o', 'json', '--endpoint-url', f.url],
      {
        env: scanEnv({ AWS_SHARED_CREDENTIALS_FILE: credentials }),
      },
    );
    assert.equal(r.code, 1, r.stderr);
    const report = parse(r.stdout);
    assert.equal(report.scope.regions, 'all');
    assert.deepEqual(report.scope.accounts, [ACCOUNT_A, ACCOUNT_D]);
    assert.deepEqual(
      report.targets.map((t) => `${t.account} ${t.via} ${t.region} ${t.status}`),
      [
        `${ACCOUNT_A} profile:a eu-west-1 checked`,
        `${ACCOUNT_A} profile:a us-east-1 checked`,
        `${ACCOUNT_D} profile:d eu-west-1 checked`,
      ],
    );
    assert.deepEqual(report.notChecked, []);
    assert.ok(f.calls.some((c) => c.operation === 'GetCallerIdentity'));
  } finally {
    await f.close();
  }
});

test('scan --accounts-file: role ARNs, profiles and --role-name; a bad line is one usage error', async () => {
  const file = `${work}/accounts.txt`;
  writeFileSync(
    file,
    `# fleet\n${ACCOUNT_B} arn:aws:iam::${ACCOUNT_B}:role/Audit\n${ACCOUNT_D}   # uses --role-name\n`,
  );
  const r = await runCli(
    [
      'scan',
      '--accounts-file',
      file,
      '--role-name',
      'Scan',
      '--regions',
      'eu-west-1',
      '-o',
      'json',
      '--endpoint-url',
      fake.url,
    ],
    { env: scanEnv() },
  );
  assert.equal(r.code, 0, r.stderr);
  const report = parse(r.stdout);
  assert.deepEqual(
    report.targets.map((t) => `${t.account} ${t.via} ${t.status} ${t.apis}`),
    [
      `${ACCOUNT_B} arn:aws:iam::${ACCOUNT_B}:role/Audit checked 1`,
      `${ACCOUNT_D} arn:aws:iam::${ACCOUNT_D}:role/Scan checked 1`,
    ],
  );
  writeFileSync(file, `${ACCOUNT_B} arn:aws:iam::${ACCOUNT_B}:role/Audit\n12345 profile:x\n`);
  const bad = await runCli(['scan', '--accounts-file', file, '--endpoint-url', fake.url], { env: scanEnv() });
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, `apigw-doctor: ${file}:2: "12345" is not a 12-digit account id\n`);
});

test('scan: credentials failing for every account is exit code 4; usage errors are exit code 2', async () => {
  const f = await startFakeApiGateway({
    snapshot: fleetSnapshot(),
    unassumableAccounts: [ACCOUNT_A, ACCOUNT_B, ACCOUNT_C, ACCOUNT_D],
  });
  try {
    const r = await runCli(['scan', '--org', '--role-name', 'Scan', '-o', 'json', '--endpoint-url', f.url], {
      env: scanEnv(),
    });
    assert.equal(r.code, 4, r.stderr);
    assert.equal(parse(r.stdout).notChecked.filter((n) => n.reason === 'assume-role-failed').length, 4);
  } finally {
    await f.close();
  }
  for (const [args, message] of [
    [['--org'], '--org needs --role-name (the role to assume in each account)'],
    [['--shard', '3/2'], '--shard takes i/n with 1 ≤ i ≤ n (e.g. 1/4), got "3/2"'],
    [
      ['--max-rps', '50'],
      '--max-rps takes a number of requests per second above 0, at most 10 (the AWS quota)',
    ],
    [['--regions', 'eu-west-1,moon'], '--regions: "moon" is not a region name'],
  ] as const) {
    const r = await runCli(['scan', ...args], { env: scanEnv() });
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stderr, `apigw-doctor: ${message}\n`);
  }
});

/** Replays the arrival times through AWS's token buckets: how many calls AWS would have refused. */
function overQuota(calls: FakeCall[], capacity: number, perSecond: number): number {
  let tokens = capacity;
  let last = calls[0]?.at ?? 0;
  let refused = 0;
  for (const c of calls) {
    tokens = Math.min(capacity, tokens + ((c.at - last) / 1000) * perSecond);
    last = c.at;
    if (tokens >= 1) tokens -= 1;
    else refused++;
  }
  return refused;
}

test('scan stays within the quotas of each account (10/s burst 40, GetResources 5 per 2 s): the fake refuses nothing', async () => {
  const R = 'eu-west-1';
  const restApis = Array.from({ length: 10 }, (_, i) =>
    restApi({
      id: `q${String(i).padStart(9, '0')}`,
      name: `q${i}`,
      region: R,
      account: ACCOUNT_A,
      routes: ['GET /'],
      stages: [{ name: 'prod', deployed: ['GET /'] }],
    }),
  );
  const httpApis = Array.from({ length: 14 }, (_, i) =>
    httpApi({
      id: `w${String(i).padStart(9, '0')}`,
      name: `w${i}`,
      routes: ['GET /'],
      stages: [{ name: '$default', autoDeploy: true, deploymentId: `wd${i}` }],
      deployments: [{ id: `wd${i}`, created: '2026-01-01T00:00:00Z' }],
    }),
  );
  const f = await startFakeApiGateway({
    snapshot: {
      apigwDoctorSnapshot: 1,
      accounts: [
        {
          accountId: ACCOUNT_A,
          regions: [
            { region: R, restApis, httpApis },
            { region: 'us-east-1', restApis: restApis.slice(0, 2) },
          ],
        },
      ],
    },
    accessKeys: { [KEY.id]: ACCOUNT_A },
    enforceQuotas: true,
  });
  try {
    const r = await runCli(
      ['scan', '--regions', 'eu-west-1,us-east-1', '-o', 'json', '--endpoint-url', f.url],
      {
        env: scanEnv(),
      },
    );
    assert.equal(r.code, 0, r.stderr);
    const report = parse(r.stdout);
    assert.equal(report.stats.apis, 26);
    assert.equal(report.stats.throttled, 0);
    assert.deepEqual(report.notChecked, []);
    const gateway = f.calls.filter((c) => c.service.startsWith('apigateway'));
    assert.equal(gateway.filter((c) => c.status === 429).length, 0, 'no call refused');
    assert.ok(gateway.length > 80, `${gateway.length} calls: enough to go past the burst`);
    assert.equal(overQuota(gateway, 40, 10), 0);
    assert.equal(
      overQuota(
        gateway.filter((c) => c.operation === 'GetResources'),
        5,
        2.5,
      ),
      0,
    );
    // Past the burst, the sustained rate stays under 10/s.
    const span = (gateway.at(-1)!.at - gateway[0]!.at) / 1000;
    assert.ok((gateway.length - 40) / span <= 10, `${gateway.length} calls in ${span.toFixed(2)} s`);
  } finally {
    await f.close();
  }
});
