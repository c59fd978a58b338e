import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { ROOT, runCli, SHOP_SNAPSHOT } from './helpers.js';

const SHOP = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com';
const GOLDEN = `${ROOT}test/fixtures/golden/`;

/** Compares with a golden file; UPDATE_GOLDEN=1 rewrites it (then review the diff). */
async function matchesGolden(actual: string, name: string): Promise<void> {
  if (process.env.UPDATE_GOLDEN === '1') await writeFile(`${GOLDEN}${name}`, actual);
  assert.equal(actual, await readFile(`${GOLDEN}${name}`, 'utf8'));
}

test('diagnose prints the not-deployed report exactly, and exits 1', async () => {
  const r = await runCli(['diagnose', `${SHOP}/prod/reviews`, '-X', 'POST', '--snapshot', SHOP_SNAPSHOT]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, '');
  await matchesGolden(r.stdout, 'not-deployed.txt');
});

test('diagnose --output json has the documented shape', async () => {
  const r = await runCli([
    'diagnose',
    `${SHOP}/prod/reviews`,
    '-X',
    'POST',
    '--snapshot',
    SHOP_SNAPSHOT,
    '--output',
    'json',
  ]);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), [
    'request',
    'response',
    'predicted',
    'live',
    'outcome',
    'basis',
    'api',
    'stage',
    'route',
    'trace',
    'findings',
    'notChecked',
    'aws',
  ]);
  assert.equal(out.response.status, 403);
  assert.equal(out.response.body, '{"message":"Missing Authentication Token"}');
  assert.equal(out.response.headers['x-amzn-ErrorType'], 'MissingAuthenticationTokenException');
  assert.equal(out.response.headers['Content-Length'], '42');
  assert.equal(out.live, null);
  assert.equal(out.aws, null);
  assert.equal(out.route, null);
  assert.equal(out.outcome, 'MISSING_AUTHENTICATION_TOKEN');
  assert.deepEqual(
    out.trace.map((t: { step: string; result: string }) => `${t.step}:${t.result}`),
    ['endpoint:pass', 'api:pass', 'stage:pass', 'route:fail', 'response:fail'],
  );
  const [finding] = out.findings;
  assert.equal(finding.id, 'not-deployed');
  assert.deepEqual(Object.keys(finding), [
    'id',
    'severity',
    'title',
    'explanation',
    'evidence',
    'fix',
    'verify',
    'basis',
    'sources',
  ]);
  assert.equal(
    finding.fix.commands[0],
    "aws apigateway create-deployment --rest-api-id a1b2c3d4e5 --stage-name prod --description 'apigw-doctor: deploy POST /reviews' --region eu-west-1",
  );
});

test('a request that succeeds exits 0 and names the route with its parameters', async () => {
  const r = await runCli(['diagnose', `${SHOP}/prod/products/42`, '--snapshot', SHOP_SNAPSHOT, '-o', 'json']);
  assert.equal(r.code, 0);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.route, {
    resourcePath: '/products/{productId}',
    httpMethod: 'GET',
    pathParameters: { productId: '42' },
  });
  assert.equal(out.findings[0].id, 'ok');
  assert.equal(out.response.source, 'integration');
});

test('--openapi stage export with --source reports routes defined but not deployed', async () => {
  const r = await runCli([
    'diagnose',
    `${SHOP}/prod/reviews`,
    '-X',
    'POST',
    '--openapi',
    `${ROOT}test/fixtures/openapi/shop-prod-export.json`,
    '--source',
    `${ROOT}test/fixtures/openapi/shop-source.json`,
    '-o',
    'json',
  ]);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.findings[0].id, 'not-deployed');
  assert.match(out.findings[0].title, /POST \/reviews is defined but not deployed to stage prod/);
});

test('secrets in the request never appear in any output', async () => {
  const secrets = [
    'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2Vu.c2ln',
    'k3yV4lu3ThatMustNotLeak0123456789',
    'sessionsecret42',
  ];
  for (const output of ['text', 'json']) {
    const r = await runCli([
      'diagnose',
      `${SHOP}/prod/admin/reports?X-Amz-Signature=${secrets[2]}`,
      '-H',
      `Authorization: Bearer ${secrets[0]}`,
      '-H',
      `x-api-key: ${secrets[1]}`,
      '-H',
      `Cookie: session=${secrets[2]}`,
      '--snapshot',
      SHOP_SNAPSHOT,
      '-o',
      output,
    ]);
    assert.equal(r.code, 1);
    for (const secret of secrets)
      assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), `${output} leaks ${secret}`);
    assert.match(r.stdout, /iam-bad-authorization-header/);
  }
});

test('--help and demo work without AWS', async () => {
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /diagnose/);
  const diagnoseHelp = await runCli(['diagnose', '--help']);
  assert.equal(diagnoseHelp.code, 0);
  assert.match(diagnoseHelp.stdout, /Exit codes: 0 the request succeeds · 1 findings/);
  const demo = await runCli(['demo']);
  assert.equal(demo.code, 0, demo.stderr);
  assert.match(demo.stdout, /Every case/);
  assert.match(demo.stdout, /403 +Changes never deployed +not-deployed/);
});

// ---- live probes against loopback servers -----------------------------------------------------

interface Fake {
  server: Server;
  url: string;
  seen: { method: string; url: string; headers: IncomingMessage['headers'] }[];
}

function fakeServer(
  handler: (req: IncomingMessage) => { status: number; headers: Record<string, string>; body: string },
): Promise<Fake> {
  return new Promise((resolve) => {
    const seen: Fake['seen'] = [];
    const server = createServer((req, res) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      const answer = handler(req);
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    });
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        server,
        seen,
        url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
      });
    });
  });
}

const MAT = {
  status: 403,
  headers: {
    'content-type': 'application/json',
    'x-amzn-ErrorType': 'MissingAuthenticationTokenException',
    'x-amz-apigw-id': 'abc=',
  },
  body: '{"message":"Missing Authentication Token"}',
};

let gateway: Fake;
let backend: Fake;
before(async () => {
  gateway = await fakeServer((req) =>
    req.url?.includes('/ok') ? { status: 200, headers: { 'x-amz-apigw-id': 'x' }, body: '{"ok":true}' } : MAT,
  );
  backend = await fakeServer(() => ({
    status: 403,
    headers: { 'content-type': 'application/json', 'x-amz-apigw-id': 'y' },
    body: '{"message":"Missing Authentication Token"}',
  }));
});
after(() => {
  gateway.server.close();
  backend.server.close();
});

test('without configuration the URL is probed with GET and the answer is read', async () => {
  const before = gateway.seen.length;
  const r = await runCli(['diagnose', `${gateway.url}/prod/orders`, '-o', 'json']);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out.predicted, false);
  assert.equal(out.live.status, 403);
  assert.equal(out.response.status, 403);
  assert.equal(out.findings[0].id, 'unexplained-missing-authentication-token');
  assert.equal(gateway.seen.length, before + 1);
  assert.equal(gateway.seen.at(-1)!.method, 'GET');
});

test('a 403 "Missing Authentication Token" without x-amzn-ErrorType is the backend speaking', async () => {
  const r = await runCli(['diagnose', `${backend.url}/prod/orders`, '-o', 'json']);
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.stdout).findings[0].id, 'backend-error');
});

test('a live success exits 0', async () => {
  const r = await runCli(['diagnose', `${gateway.url}/prod/ok`]);
  assert.equal(r.code, 0, r.stdout);
});

test('a refused connection is a network-error finding, not a crash', async () => {
  const closed = await fakeServer(() => MAT);
  const url = closed.url;
  await new Promise((resolve) => closed.server.close(resolve));
  const r = await runCli(['diagnose', `${url}/prod/x`, '-o', 'json']);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out.live.error.code, 'ECONNREFUSED');
  assert.equal(out.findings[0].id, 'network-error');
});

test('--probe compares the live answer with the prediction and reports a disagreement', async () => {
  // The fake answers MAT for everything, but the configuration predicts success for GET /products.
  const url = `${gateway.url}/restapis/a1b2c3d4e5/prod/_user_request_/products`;
  const r = await runCli(['diagnose', url, '--snapshot', SHOP_SNAPSHOT, '--probe', '-o', 'json']);
  const out = JSON.parse(r.stdout);
  assert.equal(out.predicted, true);
  assert.equal(out.response.source, 'integration');
  assert.equal(out.live.status, 403);
  assert.equal(r.code, 1);
  // the prediction says the integration answers; the live answer is API Gateway's MAT
  assert.ok(
    out.findings.some((f: { id: string }) => f.id === 'prediction-mismatch' || f.id === 'backend-error'),
    JSON.stringify(out.findings.map((f: { id: string }) => f.id)),
  );
});

test('with configuration and no --probe nothing is sent', async () => {
  const before = gateway.seen.length;
  const r = await runCli([
    'diagnose',
    `${gateway.url}/restapis/a1b2c3d4e5/prod/_user_request_/reviews`,
    '-X',
    'POST',
    '--snapshot',
    SHOP_SNAPSHOT,
  ]);
  assert.equal(r.code, 1);
  assert.equal(gateway.seen.length, before);
});

test('the fast --help of the entry point is exactly what the argument parser prints', async () => {
  const fast = await runCli(['--help']);
  const parser = await runCli(['--help'], { env: { APIGW_DOCTOR_NO_FAST_HELP: '1' } });
  assert.equal(fast.code, 0);
  assert.equal(parser.code, 0);
  assert.equal(fast.stdout, parser.stdout);
  assert.match(fast.stdout, /Usage: apigw-doctor/);
});
