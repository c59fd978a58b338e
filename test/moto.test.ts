import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { after, before, test } from 'node:test';
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { runCli } from './helpers.js';

// moto (an open-source AWS emulator) as a second, independent backend for the live collector.
// It has no deployment snapshots, pagination or data plane: the tests only use what it has.

const hasMoto = spawnSync('python3', ['-c', 'import moto.server'], { encoding: 'utf8' }).status === 0;
if (!hasMoto) {
  // Loud on purpose: a machine without moto must not look like a green run of these tests.
  process.stderr.write(
    '\n*** moto is not installed (pip install "moto[server]"): the moto backend tests are SKIPPED ***\n\n',
  );
}

const region = 'eu-west-1';
const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
let moto: ChildProcess | undefined;
let endpoint = '';
let apiId = '';
const work = mkdtempSync(`${tmpdir()}/apigw-doctor-moto-`);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForPort(port: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`moto did not listen on ${port} within ${ms} ms`);
}

/** The CLI as a user runs it against moto: fake credentials, no config files, nothing sent beyond loopback. */
function doctor(args: string[]) {
  return runCli(args, {
    env: {
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: region,
      AWS_CONFIG_FILE: `${work}/none`,
      AWS_SHARED_CREDENTIALS_FILE: `${work}/none`,
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
}

before(async () => {
  if (!hasMoto) return;
  const port = await freePort();
  endpoint = `http://127.0.0.1:${port}`;
  moto = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  await waitForPort(port, 30_000);
  // An API built through the SDK the way a user's pipeline would: /orders GET (MOCK), /reports GET (AWS_IAM).
  const client = new APIGatewayClient({ region, endpoint, credentials });
  const api = await client.send(
    new CreateRestApiCommand({ name: 'moto-shop', endpointConfiguration: { types: ['REGIONAL'] } }),
  );
  apiId = api.id!;
  const root = (await client.send(new GetResourcesCommand({ restApiId: apiId }))).items!.find(
    (r) => r.path === '/',
  )!;
  for (const [part, auth] of [
    ['orders', 'NONE'],
    ['reports', 'AWS_IAM'],
  ] as const) {
    const resource = await client.send(
      new CreateResourceCommand({ restApiId: apiId, parentId: root.id!, pathPart: part }),
    );
    await client.send(
      new PutMethodCommand({
        restApiId: apiId,
        resourceId: resource.id!,
        httpMethod: 'GET',
        authorizationType: auth,
      }),
    );
    await client.send(
      new PutIntegrationCommand({
        restApiId: apiId,
        resourceId: resource.id!,
        httpMethod: 'GET',
        type: 'MOCK',
      }),
    );
  }
  await client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }));
  client.destroy();
});

after(() => {
  moto?.kill('SIGTERM');
});

const cases = [
  { why: 'a deployed route', path: '/prod/orders', method: 'GET', finding: 'ok', code: 0 },
  { why: 'the wrong method', path: '/prod/orders', method: 'POST', finding: 'method-not-found', code: 1 },
  { why: 'the stage left out', path: '/orders', method: 'GET', finding: 'stage-missing-in-url', code: 1 },
  {
    why: 'an AWS_IAM method unsigned',
    path: '/prod/reports',
    method: 'GET',
    finding: 'iam-unsigned',
    code: 1,
  },
  { why: 'a typo in the path', path: '/prod/order', method: 'GET', finding: 'resource-not-found', code: 1 },
];

for (const c of cases) {
  test(
    `moto: ${c.why} → ${c.finding}, live and from its snapshot alike`,
    { skip: !hasMoto && 'moto is not installed' },
    async () => {
      const url = `https://${apiId}.execute-api.${region}.amazonaws.com${c.path}`;
      const live = await doctor([
        'diagnose',
        url,
        '-X',
        c.method,
        '--endpoint-url',
        endpoint,
        '--no-probe',
        '-o',
        'json',
      ]);
      assert.equal(live.code, c.code, live.stderr);
      const out = JSON.parse(live.stdout);
      assert.equal(out.findings[0].id, c.finding);
      assert.equal(out.aws.rounds, 1, 'a REST API whose stage is in the URL takes one round');
      assert.ok(out.aws.calls <= 6, `at most 6 calls, made ${out.aws.calls}`);
      // The same diagnosis from a recorded snapshot.
      const file = `${work}/snapshot.json`;
      const snap = await doctor([
        'snapshot',
        '--api',
        apiId,
        '--region',
        region,
        '--endpoint-url',
        endpoint,
        '--out',
        file,
      ]);
      assert.equal(snap.code, 0, snap.stderr);
      const offline = await doctor(['diagnose', url, '-X', c.method, '--snapshot', file, '-o', 'json']);
      const replay = JSON.parse(offline.stdout);
      assert.deepEqual(
        replay.findings.map((f: { id: string }) => f.id),
        out.findings.map((f: { id: string }) => f.id),
      );
      assert.deepEqual(replay.response, out.response);
    },
  );
}

test(
  "moto: an API id that does not exist lists the region's APIs",
  { skip: !hasMoto && 'moto is not installed' },
  async () => {
    const wrong = `${apiId.slice(0, -1)}${apiId.endsWith('z') ? 'y' : 'z'}`;
    const r = await doctor([
      'diagnose',
      `https://${wrong}.execute-api.${region}.amazonaws.com/prod/orders`,
      '--endpoint-url',
      endpoint,
      '--no-probe',
      '-o',
      'json',
    ]);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.findings[0].id, 'api-not-found');
    assert.match(out.findings[0].explanation, new RegExp(`Similar ids: ${apiId}`));
  },
);
