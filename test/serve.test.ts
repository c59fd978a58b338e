import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { requestFor } from '../src/cli/commands/demo.js';
import { simulate } from '../src/simulate/simulate.js';
import { CLI, ROOT, SHOP_SNAPSHOT, shopInventory } from './helpers.js';

// `serve` is tested as users run it: a process on a loopback port, called with a real HTTP client.

let child: ChildProcessWithoutNullStreams;
let base = '';

before(async () => {
  child = spawn(process.execPath, [
    CLI,
    'serve',
    '--snapshot',
    SHOP_SNAPSHOT,
    '--port',
    '0',
    '--api',
    'a1b2c3d4e5',
    '--quiet',
  ]);
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
});

after(() => {
  child.kill('SIGTERM');
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('an undeployed route answers Missing Authentication Token byte for byte', async () => {
  const a = await call('POST', '/prod/reviews');
  assert.equal(a.status, 403);
  assert.equal(a.body, '{"message":"Missing Authentication Token"}');
  assert.equal(a.headers['content-length'], '42');
  assert.equal(a.headers['content-type'], 'application/json');
  assert.equal(a.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');
  assert.match(String(a.headers['x-amzn-requestid']), /^[0-9a-f-]{36}$/);
});

test('a missing stage answers 403 Forbidden', async () => {
  const a = await call('GET', '/products');
  assert.equal(a.status, 403);
  assert.equal(a.body, '{"message":"Forbidden"}');
});

test('a matched route answers 200 with JSON naming the route and integration', async () => {
  const a = await call('GET', '/prod/products/7');
  assert.equal(a.status, 200);
  const body = JSON.parse(a.body);
  assert.equal(body.route, 'GET /products/{productId}');
  assert.deepEqual(body.pathParameters, { productId: '7' });
  assert.equal(body.integration.type, 'AWS_PROXY');
});

test('the Host header selects a custom domain, whose mapping picks API and stage', async () => {
  const a = await call('GET', '/products/7', { Host: 'api.shop.example.com' });
  assert.equal(a.status, 200);
  assert.equal(JSON.parse(a.body).stage, 'prod');
  const stageRepeated = await call('GET', '/prod/products/7', { Host: 'api.shop.example.com' });
  assert.equal(stageRepeated.status, 403);
  assert.equal(stageRepeated.body, '{"message":"Missing Authentication Token"}');
});

test('a customised gateway response is served as customised', async () => {
  const a = await call('GET', '/v1/', { Host: 'p9q8r7s6t5.execute-api.eu-west-1.amazonaws.com' });
  assert.equal(a.status, 404);
  assert.equal(a.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');
  assert.deepEqual(JSON.parse(a.body), {
    message: 'Missing Authentication Token',
    hint: 'The HTTP method or resources may not be supported.',
  });
});

test('HEAD gets the headers without a body; LocalStack-style paths name the API', async () => {
  const head = await call('HEAD', '/prod/reviews');
  assert.equal(head.status, 403);
  assert.equal(head.body, '');
  const ls = await call('GET', '/restapis/a1b2c3d4e5/prod/_user_request_/products');
  assert.equal(ls.status, 200);
});

test('every example case is served with the status the simulator predicts', async () => {
  const { cases } = JSON.parse(await readFile(`${ROOT}examples/shop/cases.json`, 'utf8')) as {
    cases: Parameters<typeof requestFor>[0][];
  };
  const inventory = await shopInventory();
  for (const c of cases) {
    const req = requestFor(c);
    if (req.fromVpcEndpoint) continue; // the server cannot stand inside a VPC
    const url = new URL(req.url);
    const sim = simulate(inventory, req);
    const a = await call(req.method, `${url.pathname}${url.search}`, { ...req.headers, Host: url.host });
    assert.equal(a.status, sim.response?.status ?? 502, c.title);
    if (sim.response && sim.response.source !== 'integration')
      assert.equal(a.body, sim.response.body, c.title);
  }
});
