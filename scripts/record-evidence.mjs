/* global fetch */
// Records the evidence fixtures under test/fixtures/evidence/<tool>-<version>/ with the real tools on this
// machine, against loopback servers only (nothing leaves 127.0.0.1). Not run by the tests; run it after
// `npm run build` when a tool version changes:  node scripts/record-evidence.mjs
//
// - curl -v / curl -i: the machine's curl against `apigw-doctor serve --snapshot examples/shop/snapshot.json`,
//   with --resolve so the transcripts carry the real execute-api host name.
// - HAR: Chromium (/usr/bin/chromium) driven by playwright-core with recordHar, same server, host names
//   mapped to 127.0.0.1 with --host-resolver-rules.
// - AWS CLI --debug: every `aws` found (pip v1, Debian v2) against the loopback fake of the API Gateway
//   management API (dist/test/fake/apigateway-server.js), with fake credentials.
// Fake secrets are planted on purpose (headers, cookies, query strings, bodies, session token): the
// secrets corpus test checks that none of them survives `explain` or `--redact-only`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'test/fixtures/evidence');
const HOST = 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com';
export const PLANTED = {
  apiKey: 'PLANTEDapikey0123456789abcdefghij',
  bearer: 'eyJhbGciOiJIUzI1NiJ9.PLANTEDjwtpayload.PLANTEDjwtsig',
  cookie: 'PLANTEDcookie0123456789',
  password: 'PLANTEDpassw0rd!',
  clientSecret: 'PLANTEDclientsecret0123',
  querySignature: 'PLANTED0signature0query0a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  sessionToken: 'IQoJb3JpZ2luX2VjEPLANTEDsessiontoken0123456789abcdefghijklmnop',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

function toolVersion(command, args, pattern) {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  const m = pattern.exec(`${r.stdout}${r.stderr}`);
  if (!m) throw new Error(`cannot read the version of ${command}`);
  return m[1];
}

async function startServe() {
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'dist/cli/main.js'),
      'serve',
      '--snapshot',
      'examples/shop/snapshot.json',
      '--port',
      '0',
      '--api',
      'a1b2c3d4e5',
      '--quiet',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(String(d).trim()));
    child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  return { child, port: new URL(url).port };
}

function curlCases(port) {
  const base = `http://${HOST}:${port}`;
  return [
    ['GET', `${base}/prod/products/42`, []],
    [
      'POST',
      `${base}/prod/reviews`,
      ['-H', 'Content-Type: application/json', '-d', `{"stars":5,"password":"${PLANTED.password}"}`],
    ],
    [
      'POST',
      `${base}/prod/reviews`,
      [
        '-H',
        'Content-Type: application/x-www-form-urlencoded',
        '-d',
        `stars=4&client_secret=${PLANTED.clientSecret}`,
      ],
    ],
    ['GET', `${base}/prod/admin/reports`, ['-H', `Authorization: Bearer ${PLANTED.bearer}`]],
    [
      'GET',
      `${base}/prod/inventory?X-Amz-Signature=${PLANTED.querySignature}&api_key=${PLANTED.apiKey}`,
      ['-H', `Cookie: session=${PLANTED.cookie}`],
    ],
    ['GET', `${base}/prod/inventory`, ['-H', `x-api-key: ${PLANTED.apiKey}`]],
    ['GET', `${base}/Prod/products`, ['-H', `X-Amz-Security-Token: ${PLANTED.sessionToken}`]],
  ];
}

function recordCurl(port) {
  const version = toolVersion('curl', ['--version'], /^curl (\S+)/);
  const dir = path.join(out, `curl-${version}`);
  mkdirSync(dir, { recursive: true });
  for (const flag of ['-v', '-i']) {
    let transcript = '';
    for (const [method, url, extra] of curlCases(port)) {
      const args = [
        flag,
        '-sS',
        '--resolve',
        `${HOST}:${port}:127.0.0.1`,
        ...(method === 'GET' ? [] : ['-X', method]),
        ...extra,
        url,
      ];
      const quoted = args
        .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
        .join(' ');
      // What a terminal shows: the command, then curl's stderr (-v) and stdout interleaved as written.
      const r = spawnSync('sh', ['-c', 'exec "$@" 2>&1', 'sh', 'curl', ...args], { encoding: 'utf8' });
      transcript += `$ curl ${quoted}\n${r.stdout}${r.stdout.endsWith('\n') ? '' : '\n'}`;
    }
    writeFileSync(path.join(dir, flag === '-v' ? 'curl-verbose.txt' : 'curl-include.txt'), transcript);
  }
  return version;
}

async function recordHar(port) {
  const { chromium } = await import('playwright-core');
  const version = toolVersion('/usr/bin/chromium', ['--version'], /Chromium (\S+)/);
  const dir = path.join(out, `chromium-${version}`);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'shop.har');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--host-resolver-rules=MAP *.amazonaws.com 127.0.0.1', '--no-sandbox'],
  });
  const context = await browser.newContext({ recordHar: { path: file, content: 'embed' } });
  const page = await context.newPage();
  const base = `http://${HOST}:${port}`;
  await page.goto(`${base}/prod/products/42`);
  await context.addCookies([{ name: 'session', value: PLANTED.cookie, url: base }]);
  await page.evaluate(
    async ({ base, planted }) => {
      const calls = [
        [
          `${base}/prod/reviews`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ stars: 5, password: planted.password }),
          },
        ],
        [
          `${base}/prod/reviews`,
          { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"stars":3}' },
        ],
        [`${base}/prod/admin/reports`, { headers: { authorization: `Bearer ${planted.bearer}` } }],
        [`${base}/prod/inventory?api_key=${planted.apiKey}`, { headers: { 'x-api-key': planted.apiKey } }],
        [`${base}/prod/checkout`, {}],
      ];
      for (const [url, init] of calls) await fetch(url, init).then((r) => r.text());
    },
    { base, planted: PLANTED },
  );
  await context.close();
  await browser.close();
  // Playwright writes the HAR with the creator it is; keep it, it is what the tool produced.
  JSON.parse(readFileSync(file, 'utf8'));
  return version;
}

async function recordAwsCli() {
  const { startFakeApiGateway } = await import(path.join(root, 'dist/test/fake/apigateway-server.js'));
  const snapshot = JSON.parse(readFileSync(path.join(root, 'examples/shop/snapshot.json'), 'utf8'));
  const fake = await startFakeApiGateway({
    snapshot,
    denied: ['GetStages'],
    faults: [
      {
        operation: 'GetApiKeys',
        status: 429,
        errorType: 'TooManyRequestsException',
        message: 'Too Many Requests',
      },
    ],
  });
  const versions = [];
  try {
    for (const aws of ['/root/.pyenv/shims/aws', '/usr/bin/aws']) {
      const probe = spawnSync(aws, ['--version'], { encoding: 'utf8' });
      const m = /aws-cli\/(\S+)/.exec(`${probe.stdout}${probe.stderr}`);
      if (!m) continue;
      const dir = path.join(out, `aws-cli-${m[1]}`);
      mkdirSync(dir, { recursive: true });
      const env = {
        PATH: process.env.PATH,
        HOME: '/nonexistent',
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        AWS_SECRET_ACCESS_KEY: PLANTED.secretAccessKey,
        AWS_SESSION_TOKEN: PLANTED.sessionToken,
        AWS_DEFAULT_REGION: 'eu-west-1',
        AWS_CONFIG_FILE: '/nonexistent',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_MAX_ATTEMPTS: '2',
        AWS_RETRY_MODE: 'standard',
        AWS_PAGER: '',
      };
      const runs = [
        ['get-rest-apis.log', ['apigateway', 'get-rest-apis'], {}],
        ['get-rest-api-not-found.log', ['apigateway', 'get-rest-api', '--rest-api-id', 'zzzzzzzzzz'], {}],
        ['get-stages-denied.log', ['apigateway', 'get-stages', '--rest-api-id', 'a1b2c3d4e5'], {}],
        ['get-api-keys-throttled.log', ['apigateway', 'get-api-keys', '--include-values'], {}],
        [
          'get-resources-bad-secret.log',
          ['apigateway', 'get-resources', '--rest-api-id', 'a1b2c3d4e5'],
          { AWS_SECRET_ACCESS_KEY: 'wrongSECRETwrongSECRETwrongSECRETwrong123', AWS_SESSION_TOKEN: '' },
        ],
      ];
      for (const [name, args, extraEnv] of runs) {
        // Asynchronously: the fake answers from this very process, so its event loop must keep running.
        const text = await run(aws, [...args, '--endpoint-url', fake.url, '--debug'], {
          ...env,
          ...extraEnv,
        });
        writeFileSync(path.join(dir, name), text);
      }
      versions.push(m[1]);
    }
  } finally {
    await fake.close();
  }
  return versions;
}

function run(command, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.stderr.on('data', (d) => (text += d));
    child.once('error', reject);
    child.once('close', () => resolve(text));
  });
}

const { writeSamples } = await import('./evidence-samples.mjs');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
if (only === undefined || only === 'samples') {
  writeSamples(root);
  console.log('samples (CloudTrail, access and execution logs)');
  if (only === 'samples') process.exit(0);
}
if (only === 'aws') {
  console.log(`aws-cli ${(await recordAwsCli()).join(', ')}`);
  process.exit(0);
}
const serve = await startServe();
try {
  if (only === undefined || only === 'curl') console.log(`curl ${recordCurl(serve.port)}`);
  if (only === undefined || only === 'har') console.log(`chromium ${await recordHar(serve.port)}`);
} finally {
  serve.child.kill('SIGTERM');
}
if (only === undefined) console.log(`aws-cli ${(await recordAwsCli()).join(', ')}`);
