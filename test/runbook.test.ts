/**
 * `runbook` on REAL outputs: a diagnosis, then `fix --apply --yes` against the API Gateway fake (its
 * backup's journal.json and manifest.json), then `guard alarms --apply` against the CloudWatch fake;
 * the Markdown is compared with a golden file. Also: every input shape is recognised, secrets are
 * redacted and hostile text is escaped.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startFakeApiGateway, type FakeApiGateway } from './fake/apigateway-server.js';
import { startFakeCloudWatch, type FakeCloudWatch } from './fake/cloudwatch-server.js';
import { ROOT, runCli, SHOP_SNAPSHOT } from './helpers.js';
import { matchesGolden } from './tools.js';

const env = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_REGION: 'eu-west-1',
};
const URL = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/reviews';
const GOLDEN = `${ROOT}test/fixtures/golden/`;
const matchesGoldenIn = (actual: string, name: string) => matchesGolden(actual, `${GOLDEN}${name}`);
const work = mkdtempSync(join(tmpdir(), 'apigw-doctor-runbook-'));

let api: FakeApiGateway;
let cw: FakeCloudWatch;
let backup = '';
let newDeployment = '';
const files = {
  diagnosis: join(work, 'diagnosis.json'),
  fix: join(work, 'fix.json'),
  plan: join(work, 'plan.json'),
  guard: join(work, 'guard.json'),
};

before(async () => {
  api = await startFakeApiGateway({ snapshot: JSON.parse(readFileSync(SHOP_SNAPSHOT, 'utf8')) });
  cw = await startFakeCloudWatch({ forwardTo: api.url });
  const live = ['--endpoint-url', api.url];
  const d = await runCli(['diagnose', URL, '-X', 'POST', ...live, '--no-probe', '-o', 'json'], { env });
  assert.equal(d.code, 1, d.stderr);
  writeFileSync(files.diagnosis, d.stdout);
  const p = await runCli(['fix', URL, '-X', 'POST', ...live, '-o', 'json'], { env });
  writeFileSync(files.plan, p.stdout);
  const f = await runCli(
    [
      'fix',
      URL,
      '-X',
      'POST',
      ...live,
      '--apply',
      '--yes',
      '--no-probe',
      '--backup-dir',
      join(work, 'backups'),
      '-o',
      'json',
    ],
    { env },
  );
  assert.equal(f.code, 0, f.stdout + f.stderr);
  writeFileSync(files.fix, f.stdout);
  const applied = JSON.parse(f.stdout).applied as { backup: string; newDeploymentId: string };
  backup = applied.backup;
  newDeployment = applied.newDeploymentId;
  const g = await runCli(
    [
      'guard',
      'alarms',
      '--api',
      'a1b2c3d4e5',
      '--stage',
      'prod',
      '--anomaly-band',
      '2',
      '--sns-topic-arn',
      'arn:aws:sns:eu-west-1:123456789012:oncall',
      '--apply',
      '--yes',
      '-o',
      'json',
      '--endpoint-url',
      cw.url,
    ],
    { env },
  );
  assert.equal(g.code, 0, g.stdout + g.stderr);
  writeFileSync(files.guard, g.stdout);
});
after(async () => {
  await cw.close();
  await api.close();
});

/** What changes from run to run: times, the backup folder, the deployment id the fake made. */
function normalize(markdown: string): string {
  return markdown
    .split(backup)
    .join('BACKUP_DIR')
    .split(newDeployment)
    .join('NEW_DEPLOYMENT')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'TIME');
}

test('runbook from a real fix journal, its diagnosis and the alarms installed: the golden Markdown', async () => {
  const journal = join(backup, 'journal.json');
  const out = join(work, 'wiki', 'runbook.md');
  const r = await runCli(['runbook', journal, files.diagnosis, files.guard, '--out', out], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, `wrote ${out}\n`);
  const markdown = readFileSync(out, 'utf8');
  // The facts come from the inputs, not from the template of the runbook.
  assert.match(markdown, new RegExp(`Deployment before: \`dprod0001\`; after: \`${newDeployment}\``));
  assert.ok(markdown.includes(`apigw-doctor rollback ${backup}\n`));
  assert.match(markdown, /- Passed at [^:]+:\d\d:[\d.]+Z: the request now reaches the integration/);
  assert.match(markdown, /Alarm `apigw-doctor-mat-a1b2c3d4e5-prod`/);
  assert.match(markdown, /`apigw-doctor scan`/);
  assert.match(markdown, /24–48 hours/);
  assert.doesNotMatch(markdown, /AKIAIOSFODNN7EXAMPLE|wJalrXUtnFEMI/);
  matchesGoldenIn(normalize(markdown), 'runbook.md');
});

test('runbook from fix -o json (apply) says the same as from the journal; from the plan alone, nothing applied', async () => {
  const fromResult = await runCli(['runbook', files.fix, files.diagnosis], { env });
  assert.equal(fromResult.code, 0, fromResult.stderr);
  assert.match(fromResult.stdout, /Outcome: \*\*applied\*\*/);
  assert.match(
    fromResult.stdout,
    /\| 2 \| [^|]+ \| done \| verify the fix: the request now reaches the integration \|/,
  );
  assert.ok(fromResult.stdout.includes(`apigw-doctor rollback ${backup}`));
  const fromPlan = await runCli(['runbook', files.plan], { env });
  assert.equal(fromPlan.code, 0, fromPlan.stderr);
  assert.match(fromPlan.stdout, /Planned, \*\*not applied\*\* \(dry run\)/);
  assert.match(fromPlan.stdout, /## Rollback\n\nNothing to roll back: nothing was applied\./);
  assert.match(fromPlan.stdout, /apigw-doctor guard alarms --api a1b2c3d4e5 --stage prod --region eu-west-1/);
});

test('runbook redacts secrets and escapes Markdown and HTML from the inputs', async () => {
  const hostile = JSON.parse(readFileSync(files.diagnosis, 'utf8'));
  hostile.request.url = `${URL}?X-Amz-Signature=${'a'.repeat(64)}&api_key=hunter2&page=2`;
  hostile.request.headers = {
    authorization:
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/eu-west-1/execute-api/aws4_request, SignedHeaders=host, Signature=' +
      'b'.repeat(64),
    'x-api-key': 'sk_live_secret',
    cookie: 'session=abc',
  };
  hostile.findings[0].title = '<img src=x onerror=alert(1)> | *bold* [link](javascript:alert(1))';
  hostile.findings[0].evidence = [
    'stage `prod` serves ``` three backticks',
    'token Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig',
  ];
  const file = join(work, 'hostile.json');
  writeFileSync(file, JSON.stringify(hostile));
  const r = await runCli(['runbook', file], { env });
  assert.equal(r.code, 0, r.stderr);
  for (const secret of [
    'AKIAIOSFODNN7EXAMPLE',
    'b'.repeat(64),
    'a'.repeat(64),
    'hunter2',
    'sk_live_secret',
    'session=abc',
    'eyJhbGciOiJIUzI1NiJ9',
  ])
    assert.ok(!r.stdout.includes(secret), `${secret} is redacted`);
  assert.match(r.stdout, /Credential=\[redacted\]\/20261128\/eu-west-1\/execute-api\/aws4_request/);
  assert.doesNotMatch(r.stdout, /(?<!\\)<img/, 'no raw HTML');
  assert.ok(
    r.stdout.includes('\\<img src=x onerror=alert(1)\\> \\| \\*bold\\* \\[link\\](javascript:alert(1))'),
  );
  // A fenced block holding ``` gets a longer fence; inline code longer backticks.
  assert.match(r.stdout, /- stage \\`prod\\` serves \\`\\`\\` three backticks/);
});

test('runbook: an unknown file is refused in one line (exit 2)', async () => {
  const file = join(work, 'other.json');
  writeFileSync(file, '{"hello":"world"}');
  const r = await runCli(['runbook', file], { env });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^apigw-doctor: .*other\.json: not an apigw-doctor output/);
  const missing = await runCli(['runbook', join(work, 'nope.json')], { env });
  assert.deepEqual(
    [missing.code, missing.stderr],
    [2, `apigw-doctor: cannot read ${join(work, 'nope.json')}: ENOENT\n`],
  );
});
