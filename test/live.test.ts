import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { after, before, test } from 'node:test';
import { readFile } from 'node:fs/promises';
import { requestFor } from '../src/cli/commands/demo.js';
import { diagnose } from '../src/diagnose/run.js';
import { startFakeApiGateway, type FakeApiGateway } from './fake/apigateway-server.js';
import { ROOT, runCli, SHOP_SNAPSHOT, shopInventory } from './helpers.js';

// The live path end to end: the CLI process, the real SDK v3 clients, and a loopback fake of the
// management API speaking its wire protocol (test/fake). Nothing leaves 127.0.0.1.

const work = mkdtempSync(`${tmpdir()}/apigw-doctor-live-`);
const snapshot = JSON.parse(readFileSync(SHOP_SNAPSHOT, 'utf8')) as Record<string, unknown>;
const KEY = { id: 'AKIAIOSFODNN7EXAMPLE', secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: KEY.id,
    AWS_SECRET_ACCESS_KEY: KEY.secret,
    AWS_REGION: 'eu-west-1',
    AWS_CONFIG_FILE: `${work}/none`,
    AWS_SHARED_CREDENTIALS_FILE: `${work}/none`,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  };
}

let fake: FakeApiGateway;
before(async () => {
  fake = await startFakeApiGateway({ snapshot });
});
after(async () => {
  await fake.close();
});

interface Case {
  title: string;
  url: string;
  method?: string;
  headers?: string[];
  data?: string;
  fromVpcEndpoint?: string;
  expect: { status: number | null; finding: string };
}
const { cases } = JSON.parse(await readFile(`${ROOT}examples/shop/cases.json`, 'utf8')) as { cases: Case[] };

function argsFor(c: Case): string[] {
  const args = ['diagnose', c.url, '-X', c.method ?? (c.data ? 'POST' : 'GET'), '--no-probe', '-o', 'json'];
  for (const h of c.headers ?? []) args.push('-H', h);
  if (c.data) args.push('-d', c.data);
  if (c.fromVpcEndpoint) args.push('--from-vpc-endpoint', c.fromVpcEndpoint);
  return args;
}

for (const c of cases) {
  test(`live against the fake: ${c.title} gives the same diagnosis as offline`, async () => {
    const before = fake.calls.length;
    const r = await runCli([...argsFor(c), '--endpoint-url', fake.url, '--region', 'eu-west-1'], {
      env: env(),
    });
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    const out = JSON.parse(r.stdout);
    const offline = diagnose(await shopInventory(), requestFor(c));
    assert.equal(out.findings[0].id, offline.findings[0]!.id, c.title);
    assert.equal(out.response?.status ?? null, offline.simulation.response?.status ?? null);
    const calls = fake.calls.slice(before);
    assert.equal(out.aws.calls, calls.length, 'the report counts every call the server saw');
    if (
      /^https:\/\/a1b2c3d4e5\.execute-api/.test(c.url) &&
      !/\/Prod\/|\/products$/.test(c.url.replace(/\/prod\/.*/, ''))
    ) {
      // A REST API whose stage is in the URL: one round of at most six calls (the target).
      assert.equal(out.aws.rounds, 1, JSON.stringify(out.aws.operations));
      assert.ok(out.aws.calls <= 6, `${out.aws.calls} calls`);
    }
    assert.ok(
      calls.every((call) => call.method === 'GET' || call.operation === 'GetCallerIdentity'),
      'read-only',
    );
  });
}

test('snapshot --all from the fake, then diagnose --snapshot: the same findings as live', async () => {
  const file = `${work}/account.json`;
  const s = await runCli(
    ['snapshot', '--all', '--region', 'eu-west-1', '--endpoint-url', fake.url, '--out', file],
    { env: env() },
  );
  assert.equal(s.code, 0, s.stderr);
  assert.match(s.stderr, /apigw-doctor snapshot: \d+ calls in \d+ rounds/);
  const recorded = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(recorded.apigwDoctorSnapshot, 1);
  // API key values are secrets: left out unless asked for.
  assert.ok(!JSON.stringify(recorded).includes('"value"'));
  for (const c of cases) {
    const offline = await runCli([...argsFor(c), '--snapshot', file]);
    const live = await runCli([...argsFor(c), '--endpoint-url', fake.url, '--region', 'eu-west-1'], {
      env: env(),
    });
    const a = JSON.parse(offline.stdout);
    const b = JSON.parse(live.stdout);
    assert.deepEqual(
      a.findings.map((f: { id: string }) => f.id).filter((id: string) => id !== 'pending-changes'),
      b.findings.map((f: { id: string }) => f.id).filter((id: string) => id !== 'pending-changes'),
      c.title,
    );
    assert.equal(a.response?.status ?? null, b.response?.status ?? null, c.title);
  }
});

const MAT_URL = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/reviews';

test('throttling beyond the retries: one line, exit code 5', async () => {
  const throttled = await startFakeApiGateway({
    snapshot,
    faults: [
      {
        operation: 'GetRestApi',
        status: 429,
        errorType: 'TooManyRequestsException',
        message: 'Too Many Requests',
      },
    ],
  });
  try {
    const r = await runCli(['diagnose', MAT_URL, '--no-probe', '--endpoint-url', throttled.url], {
      env: env(),
    });
    assert.equal(r.code, 5);
    assert.match(r.stderr, /^apigw-doctor: throttled by API Gateway while calling GetRestApi in eu-west-1/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.ok(throttled.calls.filter((c) => c.operation === 'GetRestApi').length > 1, 'the SDK retried');
  } finally {
    await throttled.close();
  }
});

test('a denied call becomes a missing-permission finding and the diagnosis goes on', async () => {
  const strict = await startFakeApiGateway({ snapshot, denied: ['GetExport'] });
  try {
    // Without the stage export the deployed routes are unknown (the configuration's are assumed), so
    // the case here is one the configuration alone decides: a path that exists nowhere.
    const typo = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/prodcuts';
    const r = await runCli(['diagnose', typo, '--no-probe', '--endpoint-url', strict.url, '-o', 'json'], {
      env: env(),
    });
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    const ids = out.findings.map((f: { id: string }) => f.id);
    assert.ok(ids.includes('missing-permission'), ids.join(','));
    const finding = out.findings.find((f: { id: string }) => f.id === 'missing-permission');
    assert.match(
      finding.fix.commands[0],
      /arn:aws:apigateway:eu-west-1::\/restapis\/a1b2c3d4e5\/stages\/prod\/exports\/oas30/,
    );
    assert.deepEqual(
      out.aws.accessDenied.map((d: { operation: string }) => d.operation),
      ['GetExport'],
    );
  } finally {
    await strict.close();
  }
});

test('rejected credentials: one line, exit code 4', async () => {
  const r = await runCli(['diagnose', MAT_URL, '--no-probe', '--endpoint-url', fake.url], {
    env: env({ AWS_SECRET_ACCESS_KEY: 'not-the-right-secret-key-0000000000000000' }),
  });
  assert.equal(r.code, 4, r.stderr);
  assert.match(
    r.stderr,
    /^apigw-doctor: AWS credentials failed while calling \w+ in eu-west-1: InvalidSignatureException/,
  );
  assert.ok(!r.stderr.includes('not-the-right-secret'));
});

test('no credentials at all with --aws: one line naming what to do, exit code 4', async () => {
  const r = await runCli(['diagnose', MAT_URL, '--aws', '--no-probe', '--endpoint-url', fake.url], {
    env: {
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_PROFILE: '',
      AWS_CONFIG_FILE: `${work}/none`,
      AWS_SHARED_CREDENTIALS_FILE: `${work}/none`,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_REGION: 'eu-west-1',
    },
  });
  assert.equal(r.code, 4, r.stderr);
  assert.match(r.stderr, /AWS credentials failed while loading credentials.*aws configure/);
});

test('an unreachable endpoint: one line, exit code 5', async () => {
  const r = await runCli(['diagnose', MAT_URL, '--no-probe', '--endpoint-url', 'http://127.0.0.1:9'], {
    env: env(),
  });
  assert.equal(r.code, 5, r.stderr);
  assert.match(r.stderr, /^apigw-doctor: cannot reach AWS while calling/);
});

test('iam-policy prints apigateway:GET only, on resources of the region and API named', async () => {
  const r = await runCli(['iam-policy', '--region', 'eu-west-1', '--api', 'a1b2c3d4e5']);
  assert.equal(r.code, 0);
  const policy = JSON.parse(r.stdout);
  const [statement] = policy.Statement;
  assert.deepEqual(statement.Action, ['apigateway:GET']);
  for (const resource of statement.Resource as string[]) {
    assert.match(resource, /^arn:aws:apigateway:eu-west-1::\//);
    assert.notEqual(resource, '*');
  }
  assert.ok(
    (statement.Resource as string[]).includes('arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/*'),
  );
});

test('--sign sends a SigV4 header scoped to execute-api and the region, and never prints it', async () => {
  let seen: IncomingHttpHeaders = {};
  const target = createServer((req, res) => {
    seen = req.headers;
    res.writeHead(200, { 'content-type': 'application/json', 'x-amz-apigw-id': 'x' });
    res.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const address = target.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    const url = `http://127.0.0.1:${port}/restapis/a1b2c3d4e5/prod/_user_request_/admin/reports`;
    const r = await runCli(['diagnose', url, '--sign', '--region', 'eu-west-1', '--no-aws', '-o', 'json'], {
      env: env(),
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(
      String(seen.authorization),
      /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/,
    );
    assert.ok(seen['x-amz-date']);
    const signature = /Signature=([0-9a-f]{64})/.exec(String(seen.authorization))![1]!;
    assert.ok(
      !r.stdout.includes(signature) && !r.stdout.includes(KEY.id),
      'the signature and key id are redacted',
    );
  } finally {
    target.close();
  }
});
