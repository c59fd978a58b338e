/**
 * `guard alarms` run as a process against loopback fakes of API Gateway, CloudWatch and CloudWatch Logs
 * (one endpoint, like LocalStack): the threshold is checked against an independent mean + 2σ of the
 * fake's data, the access log format keeps the user's fields, --apply creates exactly the expected log
 * group, filter and alarms (read back from the fakes' state), a dry run writes nothing, and the emitted
 * CloudFormation and Terraform pass cfn-lint, an HCL parser and terraform fmt.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import { getReferencesInExpression, parse as parseHcl } from '@cdktf/hcl2json';
import { parse as parseYaml } from 'yaml';
import { mergeAccessLogFormat } from '../src/guard/access-log.js';
import { startFakeApiGateway, type FakeApiGateway } from './fake/apigateway-server.js';
import { startFakeCloudWatch, type FakeCloudWatch, type MetricSeries } from './fake/cloudwatch-server.js';
import { runCli, SHOP_SNAPSHOT } from './helpers.js';

const env = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_REGION: 'eu-west-1',
};
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:oncall';
const work = mkdtempSync(join(tmpdir(), 'apigw-doctor-guard-'));
const USER_FORMAT =
  '{ "requestId":"$context.requestId", "caller":"$context.identity.caller", "status":$context.status, "latency":"$context.responseLatency", "responseType":"custom-field" }';

type Json = Record<string, unknown>;

/** The shop account; its staging stage logs to a group of the user's, with a format of its own. */
function snapshot(): Json {
  const s = JSON.parse(readFileSync(SHOP_SNAPSHOT, 'utf8')) as Json;
  const region = (s.accounts as { regions: Json[] }[])[0]!.regions[0]!;
  const stages = ((region.restApis as Json[])[0]!.stages as { item: Json[] }).item;
  stages.find((st) => st.stageName === 'staging')!.accessLogSettings = {
    format: USER_FORMAT,
    destinationArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:shop-staging-access',
  };
  return s;
}

/** A deterministic pseudo-random sequence (LCG), so a failure can be replayed. */
function random(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** 4XXError per minute for the last 14 days (2 h margin at both ends, so every point is in the window). */
function minuteSeries(dimensions: Record<string, string>, metricName = '4XXError', every = 60): MetricSeries {
  const next = random(7);
  const now = Math.floor(Date.now() / 1000);
  const points: MetricSeries['points'] = [];
  for (let t = now - 14 * 86_400 + 7_200; t < now - 7_200; t += every) {
    const burst = next() < 0.01 ? 40 : 0;
    points.push({ timestamp: t, value: Math.floor(next() * 6) + burst });
  }
  return { namespace: 'AWS/ApiGateway', metricName, dimensions, points };
}

/** Computed here, independently of src/: population mean + 2σ of the 5-minute sums. */
function expectedThreshold(series: MetricSeries): { value: number; datapoints: number } {
  const sums = new Map<number, number>();
  for (const p of series.points) {
    const bucket = Math.floor(p.timestamp / 300) * 300;
    sums.set(bucket, (sums.get(bucket) ?? 0) + p.value);
  }
  const values = [...sums.values()];
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
  return { value: mean + 2 * sd, datapoints: values.length };
}

const PROD = minuteSeries({ ApiName: 'shop-api', Stage: 'prod' });
// Staging has too little history: 100 five-minute periods.
const STAGING: MetricSeries = {
  ...minuteSeries({ ApiName: 'shop-api', Stage: 'staging' }),
  points: minuteSeries({ ApiName: 'shop-api', Stage: 'staging' }, '4XXError', 300).points.slice(0, 100),
};
const HTTP = minuteSeries({ ApiId: 'h7t7p9a1b2', Stage: '$default' }, '4xx');

interface Fakes {
  api: FakeApiGateway;
  cw: FakeCloudWatch;
  snapshot: Json;
  close(): Promise<void>;
}

async function fakes(options: { denied?: string[] } = {}): Promise<Fakes> {
  const snap = snapshot();
  const api = await startFakeApiGateway({ snapshot: snap });
  const cw = await startFakeCloudWatch({
    forwardTo: api.url,
    metrics: [PROD, STAGING, HTTP],
    logGroups: ['shop-staging-access'],
    pageSize: 1000,
    ...(options.denied ? { denied: options.denied } : {}),
  });
  return { api, cw, snapshot: snap, close: async () => (await cw.close(), await api.close()) };
}

function guard(f: Fakes, args: string[]) {
  return runCli(['guard', 'alarms', '--endpoint-url', f.cw.url, ...args], { env });
}

function stageOf(f: Fakes, name: string): Json {
  const region = (f.snapshot.accounts as { regions: Json[] }[])[0]!.regions[0]!;
  return ((region.restApis as Json[])[0]!.stages as { item: Json[] }).item.find((s) => s.stageName === name)!;
}

let shared: Fakes;
before(async () => {
  shared = await fakes();
});
after(async () => {
  await shared.close();
});

// ---- the access log format (pure) -----------------------------------------------------------------

test('access log: the response type joins a JSON format, every byte of the user fields kept', () => {
  const merged = mergeAccessLogFormat('{"requestId":"$context.requestId","status":$context.status}');
  assert.equal(
    merged.format,
    '{"requestId":"$context.requestId","status":$context.status,"responseType":"$context.error.responseType"}',
  );
  assert.equal(merged.filterPattern, '{ $.responseType = "MISSING_AUTHENTICATION_TOKEN" }');
  // A key of that name already used for something else: another name, and the filter follows it.
  const taken = mergeAccessLogFormat(USER_FORMAT);
  assert.equal(
    taken.format,
    `${USER_FORMAT.slice(0, -2)},"errorResponseType":"$context.error.responseType" }`,
  );
  assert.equal(taken.field, 'errorResponseType');
  assert.equal(taken.filterPattern, '{ $.errorResponseType = "MISSING_AUTHENTICATION_TOKEN" }');
  // Already there under the user's own key: unchanged, and the filter reads that key.
  const present = mergeAccessLogFormat(
    '{"id":"$context.requestId","err type":"$context.error.responseType"}',
  );
  assert.equal(present.changed, false);
  assert.equal(present.filterPattern, `{ $.['err type'] = "MISSING_AUTHENTICATION_TOKEN" }`);
  // CLF, CSV and XML: appended in kind; the filter matches the term.
  const clf = mergeAccessLogFormat(
    '$context.identity.sourceIp [$context.requestTime] "$context.httpMethod" $context.requestId',
  );
  assert.equal(
    clf.format,
    '$context.identity.sourceIp [$context.requestTime] "$context.httpMethod" $context.requestId $context.error.responseType',
  );
  assert.equal(clf.filterPattern, '"MISSING_AUTHENTICATION_TOKEN"');
  assert.equal(
    mergeAccessLogFormat('$context.requestId,$context.status').format,
    '$context.requestId,$context.status,$context.error.responseType',
  );
  assert.equal(
    mergeAccessLogFormat('<request id="$context.requestId"><status>$context.status</status></request>')
      .format,
    '<request id="$context.requestId"><status>$context.status</status><responseType>$context.error.responseType</responseType></request>',
  );
});

// ---- dry run ---------------------------------------------------------------------------------------

test('dry run: the threshold is the mean + 2σ of the 14 days of 5-minute sums, and nothing is written', async () => {
  const r = await guard(shared, ['--api', 'a1b2c3d4e5', '--stage', 'prod', '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const plan = JSON.parse(r.stdout);
  const expected = expectedThreshold(PROD);
  assert.equal(plan.threshold.method, 'mean+2sd');
  assert.equal(plan.threshold.datapoints, expected.datapoints);
  assert.ok(expected.datapoints > 3900, `${expected.datapoints} periods`);
  assert.ok(
    Math.abs(plan.threshold.value - expected.value) < 1e-9,
    `${plan.threshold.value} vs ${expected.value}`,
  );
  assert.equal(plan.alarms[0].Threshold, plan.threshold.value);
  assert.deepEqual(plan.metric, {
    namespace: 'AWS/ApiGateway',
    metricName: '4XXError',
    dimensions: [
      { Name: 'ApiName', Value: 'shop-api' },
      { Name: 'Stage', Value: 'prod' },
    ],
  });
  // Access logging is off on prod: a JSON format with the response type is proposed.
  assert.equal(plan.accessLog.change, 'enable');
  assert.ok(JSON.parse(plan.accessLog.after.format).responseType === '$context.error.responseType');
  assert.equal(plan.logGroup.name, '/aws/apigateway/access-logs/a1b2c3d4e5/prod');
  assert.equal(
    plan.accessLog.after.destinationArn,
    'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/access-logs/a1b2c3d4e5/prod',
  );
  assert.deepEqual(
    plan.steps.map((s: { kind: string }) => s.kind),
    [
      'create-log-group',
      'update-stage-access-log',
      'put-metric-filter',
      'put-metric-alarm',
      'put-metric-alarm',
    ],
  );
  assert.ok(plan.notes.some((n: string) => /managed by CloudFormation stack shop-prod/.test(n)));
  // The history came in pages (NextToken), each asking for the right metric.
  const reads = shared.cw.calls.filter((c) => c.operation === 'GetMetricData');
  assert.equal(reads.length, Math.ceil(expected.datapoints / 1000), 'one GetMetricData per page of 1000');
  assert.match(JSON.stringify(reads[0]!.body), /"Namespace":"AWS\/ApiGateway","MetricName":"4XXError"/);
  assert.equal(reads[0]!.headers['x-amzn-query-mode'], 'true');
  assert.equal(shared.cw.writes.length, 0);
  assert.equal(shared.api.writes.length, 0);
  assert.equal(stageOf(shared, 'prod').accessLogSettings, undefined);

  const text = await guard(shared, ['--api', 'a1b2c3d4e5', '--stage', 'prod']);
  assert.equal(text.code, 0);
  assert.match(
    text.stdout,
    new RegExp(
      `threshold ${String(Math.round(expected.value * 100) / 100).replace('.', '\\.')} = mean [\\d.]+ \\+ 2 x stddev [\\d.]+ of ${expected.datapoints} datapoints`,
    ),
  );
  assert.match(
    text.stdout,
    /aws logs put-metric-filter --region eu-west-1 --log-group-name \/aws\/apigateway\/access-logs\/a1b2c3d4e5\/prod /,
  );
  assert.match(
    text.stdout,
    /aws apigateway update-stage --region eu-west-1 --rest-api-id a1b2c3d4e5 --stage-name prod --patch-operations '\[\{"op":"replace","path":"\/accessLogSettings\/destinationArn"/,
  );
  assert.match(text.stdout, /Dry run: nothing was changed/);
  assert.equal(shared.cw.writes.length + shared.api.writes.length, 0, 'still nothing written');
});

test('dry run: with too little history the documented default threshold is used, and says why', async () => {
  const r = await guard(shared, ['--api', 'a1b2c3d4e5', '--stage', 'staging', '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const plan = JSON.parse(r.stdout);
  assert.deepEqual(
    [plan.threshold.method, plan.threshold.value, plan.threshold.datapoints],
    ['default', 10, 100],
  );
  assert.match(plan.threshold.reason, /100 datapoints in 14 days \(fewer than 288/);
  // Staging logs already, to a group of its own: the format gains the field, the user's keys stay.
  assert.equal(plan.accessLog.change, 'add-field');
  assert.equal(plan.logGroup.exists, true);
  assert.ok(plan.accessLog.after.format.startsWith(USER_FORMAT.slice(0, -2)));
  assert.equal(plan.metricFilter.filterPattern, '{ $.errorResponseType = "MISSING_AUTHENTICATION_TOKEN" }');
});

test('dry run: an HTTP API is looked up as one: metric 4xx by ApiId and Stage, no Missing Authentication Token alarm', async () => {
  const r = await guard(shared, ['--api', 'h7t7p9a1b2', '--stage', '$default', '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const plan = JSON.parse(r.stdout);
  assert.equal(plan.target.apiKind, 'HTTP');
  assert.deepEqual(plan.metric.dimensions, [
    { Name: 'ApiId', Value: 'h7t7p9a1b2' },
    { Name: 'Stage', Value: '$default' },
  ]);
  assert.equal(plan.metric.metricName, '4xx');
  assert.ok(Math.abs(plan.threshold.value - expectedThreshold(HTTP).value) < 1e-9);
  assert.deepEqual(
    plan.alarms.map((a: { AlarmName: string }) => a.AlarmName),
    ['apigw-doctor-4xx-h7t7p9a1b2-$default'],
  );
  assert.match(plan.skipped[0].reason, /never answers Missing Authentication Token/);
});

// ---- apply -----------------------------------------------------------------------------------------

test('--apply creates exactly the log group, access log, filter and two alarms; a second run changes nothing more', async () => {
  const f = await fakes();
  try {
    const args = [
      '--api',
      'a1b2c3d4e5',
      '--stage',
      'prod',
      '--sns-topic-arn',
      TOPIC,
      '--apply',
      '--yes',
      '-o',
      'json',
    ];
    const r = await guard(f, args);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.applied.outcome, 'applied');
    const group = f.cw.logGroups.get('/aws/apigateway/access-logs/a1b2c3d4e5/prod');
    assert.equal(group?.retentionInDays, 90);
    assert.deepEqual(
      [...group!.filters.values()].map((x) => [x.filterName, x.filterPattern]),
      [['apigw-doctor-mat-a1b2c3d4e5-prod', '{ $.responseType = "MISSING_AUTHENTICATION_TOKEN" }']],
    );
    assert.deepEqual([...f.cw.alarms.keys()].sort(), [
      'apigw-doctor-4xx-a1b2c3d4e5-prod',
      'apigw-doctor-mat-a1b2c3d4e5-prod',
    ]);
    const errors = f.cw.alarms.get('apigw-doctor-4xx-a1b2c3d4e5-prod')!;
    assert.ok(Math.abs(Number(errors.Threshold) - expectedThreshold(PROD).value) < 1e-9);
    assert.deepEqual(errors.AlarmActions, [TOPIC]);
    assert.deepEqual(errors.Dimensions, [
      { Name: 'ApiName', Value: 'shop-api' },
      { Name: 'Stage', Value: 'prod' },
    ]);
    const mat = f.cw.alarms.get('apigw-doctor-mat-a1b2c3d4e5-prod')!;
    assert.equal(mat.MetricName, 'MissingAuthenticationToken-a1b2c3d4e5-prod');
    assert.equal(mat.Namespace, 'APIGatewayDoctor');
    const transformation = (
      group!.filters.get('apigw-doctor-mat-a1b2c3d4e5-prod')!.metricTransformations as Json[]
    )[0]!;
    assert.equal(transformation.metricName, mat.MetricName, 'the alarm watches the metric the filter writes');
    // The stage now logs there, in JSON with the response type (read back from the fake's state).
    const settings = stageOf(f, 'prod').accessLogSettings as Json;
    assert.equal(
      settings.destinationArn,
      'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/access-logs/a1b2c3d4e5/prod',
    );
    assert.equal(JSON.parse(String(settings.format)).responseType, '$context.error.responseType');
    assert.deepEqual(
      f.cw.writes.map((c) => c.operation),
      ['CreateLogGroup', 'PutRetentionPolicy', 'PutMetricFilter', 'PutMetricAlarm', 'PutMetricAlarm'],
    );
    assert.deepEqual(
      f.api.writes.map((c) => c.operation),
      ['UpdateStage'],
    );

    const again = await guard(f, args);
    assert.equal(again.code, 0, again.stderr);
    const second = JSON.parse(again.stdout);
    assert.deepEqual(
      second.steps.map((s: { kind: string }) => s.kind),
      ['put-metric-filter', 'put-metric-alarm', 'put-metric-alarm'],
    );
    assert.equal(second.accessLog.change, 'none');
    assert.equal(f.api.writes.length, 1, 'the stage is not touched again');
    assert.equal(f.cw.alarms.size, 2);
    assert.equal(f.cw.logGroups.get('/aws/apigateway/access-logs/a1b2c3d4e5/prod')!.filters.size, 1);
  } finally {
    await f.close();
  }
});

test('--apply on a stage that logs already: the format is merged (no field lost), the filter goes on its group', async () => {
  const f = await fakes();
  try {
    const r = await guard(f, ['--api', 'a1b2c3d4e5', '--stage', 'staging', '--apply', '--yes']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /\[done\] add "errorResponseType": \$context\.error\.responseType to the access log format of stage staging/,
    );
    const settings = stageOf(f, 'staging').accessLogSettings as Json;
    assert.equal(
      settings.destinationArn,
      'arn:aws:logs:eu-west-1:123456789012:log-group:shop-staging-access',
    );
    const format = String(settings.format);
    for (const field of USER_FORMAT.slice(1, -1).split(','))
      assert.ok(format.includes(field.trim()), `kept ${field.trim()}`);
    assert.match(format, /"errorResponseType":"\$context\.error\.responseType" }$/);
    assert.ok(!f.cw.writes.some((c) => c.operation === 'CreateLogGroup'));
    assert.deepEqual(
      [...f.cw.logGroups.get('shop-staging-access')!.filters.keys()],
      ['apigw-doctor-mat-a1b2c3d4e5-staging'],
    );
    assert.equal(f.cw.alarms.get('apigw-doctor-4xx-a1b2c3d4e5-staging')?.Threshold, 10);
  } finally {
    await f.close();
  }
});

test('--anomaly-band: an ANOMALY_DETECTION_BAND alarm, no history read', async () => {
  const f = await fakes();
  try {
    const r = await guard(f, [
      '--api',
      'a1b2c3d4e5',
      '--stage',
      'prod',
      '--anomaly-band',
      '3',
      '--apply',
      '--yes',
    ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const alarm = f.cw.alarms.get('apigw-doctor-4xx-a1b2c3d4e5-prod')!;
    assert.equal(alarm.ThresholdMetricId, 'ad1');
    assert.equal(alarm.ComparisonOperator, 'GreaterThanUpperThreshold');
    assert.equal(alarm.Threshold, undefined);
    assert.deepEqual(
      (alarm.Metrics as Json[]).map((m) => m.Expression ?? m.Id),
      ['m1', 'ANOMALY_DETECTION_BAND(m1, 3)'],
    );
    assert.ok(!f.cw.calls.some((c) => c.operation === 'GetMetricData'));
  } finally {
    await f.close();
  }
});

test('errors: a missing flag, --apply without a terminal or --yes, an unknown API, a denied write', async () => {
  const noStage = await guard(shared, ['--api', 'a1b2c3d4e5']);
  assert.deepEqual([noStage.code, noStage.stderr], [2, 'apigw-doctor: guard alarms needs --stage NAME\n']);
  const noYes = await guard(shared, ['--api', 'a1b2c3d4e5', '--stage', 'prod', '--apply']);
  assert.equal(noYes.code, 2);
  assert.match(noYes.stderr, /--apply without a terminal needs --yes/);
  const unknown = await guard(shared, ['--api', 'zzzzzzzzzz', '--stage', 'prod']);
  assert.equal(unknown.code, 2, unknown.stderr);
  assert.match(unknown.stderr, /^apigw-doctor: no REST or HTTP API zzzzzzzzzz in eu-west-1/);
  const badTopic = await guard(shared, [
    '--api',
    'a1b2c3d4e5',
    '--stage',
    'prod',
    '--sns-topic-arn',
    'oncall',
  ]);
  assert.equal(badTopic.code, 2);
  assert.equal(shared.cw.writes.length + shared.api.writes.length, 0);

  const f = await fakes({ denied: ['PutMetricAlarm'] });
  try {
    const r = await guard(f, ['--api', 'a1b2c3d4e5', '--stage', 'prod', '--apply', '--yes']);
    assert.equal(r.code, 4, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /\[failed\] create alarm apigw-doctor-4xx-a1b2c3d4e5-prod — AWS denied cloudwatch:PutMetricAlarm/,
    );
    assert.match(r.stdout, /\[not-run\] create alarm apigw-doctor-mat-a1b2c3d4e5-prod/);
    assert.equal(f.cw.alarms.size, 0);
  } finally {
    await f.close();
  }
});

// ---- emitted code ----------------------------------------------------------------------------------

function tool(name: string, args: string[]): boolean {
  return !spawnSync(name, args, {
    encoding: 'utf8',
    env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' },
  }).error;
}
const HAVE = { cfnLint: tool('cfn-lint', ['--version']), terraform: tool('terraform', ['version']) };

function skipLoudly(t: TestContext, name: string): void {
  const message = `${name} is NOT on PATH: this check did NOT run`;
  process.stderr.write(`\n!!!!!!!! ${message} !!!!!!!!\n\n`);
  if (process.env.APIGW_DOCTOR_REQUIRE_VALIDATORS === '1') assert.fail(message);
  t.skip(message);
}

/** Every Ref, GetAtt, Sub variable, If condition and DependsOn resolves. */
function assertCfnReferences(template: {
  Parameters?: Json;
  Conditions?: Json;
  Resources: Record<string, Json>;
}): number {
  const known = new Set([...Object.keys(template.Resources), ...Object.keys(template.Parameters ?? {})]);
  const conditions = new Set(Object.keys(template.Conditions ?? {}));
  let refs = 0;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if (k === 'Ref') {
          assert.ok(known.has(String(x)) || String(x).startsWith('AWS::'), `Ref ${String(x)}`);
          refs++;
        }
        if (k === 'Fn::GetAtt') {
          assert.ok(known.has(String((x as string[])[0])), `GetAtt ${String(x)}`);
          refs++;
        }
        if (k === 'Fn::If') assert.ok(conditions.has(String((x as string[])[0])), `If ${String(x)}`);
        if (k === 'Fn::Sub')
          for (const m of String(x).matchAll(/\$\{([^}!]+)\}/g)) {
            assert.ok(known.has(m[1]!) || m[1]!.startsWith('AWS::'), `Sub ${m[1]}`);
            refs++;
          }
        walk(x);
      }
  };
  walk(template);
  for (const r of Object.values(template.Resources))
    for (const d of (r.DependsOn as string[] | undefined) ?? []) assert.ok(known.has(d), `DependsOn ${d}`);
  return refs;
}

for (const variant of [[], ['--anomaly-band', '2']]) {
  const name = variant.length ? 'anomaly' : 'static';
  test(`--emit cloudformation (${name}): cfn-lint passes, every reference resolves, nothing is written`, async (t) => {
    const file = join(work, `guard-${name}.template.yaml`);
    const r = await guard(shared, [
      '--api',
      'a1b2c3d4e5',
      '--stage',
      'prod',
      '--sns-topic-arn',
      TOPIC,
      '--emit',
      'cloudformation',
      '--out',
      file,
      ...variant,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const template = parseYaml(readFileSync(file, 'utf8'), { version: '1.1' }) as Parameters<
      typeof assertCfnReferences
    >[0];
    assert.ok(assertCfnReferences(template) >= 4);
    assert.deepEqual(Object.keys(template.Resources), [
      'AccessLogGroup',
      'MissingAuthenticationTokenFilter',
      'ClientErrorsAlarm',
      'MissingAuthenticationTokenAlarm',
    ]);
    assert.equal((template.Parameters!.AlarmTopicArn as Json).Default, TOPIC);
    assert.doesNotMatch(
      readFileSync(file, 'utf8'),
      /[&*]a\d/,
      'no YAML aliases (CloudFormation rejects them)',
    );
    assert.equal(shared.cw.writes.length + shared.api.writes.length, 0);
    await t.test('cfn-lint', (st) => {
      if (!HAVE.cfnLint) return skipLoudly(st, 'cfn-lint');
      const lint = spawnSync('cfn-lint', ['--format', 'parseable', '--', file], { encoding: 'utf8' });
      assert.equal(lint.stdout.trim(), '', lint.stdout + lint.stderr);
      assert.equal(lint.status, 0);
    });
  });

  test(`--emit terraform (${name}): parses (hcl2json), every reference resolves, terraform fmt is clean`, async (t) => {
    const dir = join(work, `tf-${name}`);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'alarms.tf');
    const r = await guard(shared, [
      '--api',
      'a1b2c3d4e5',
      '--stage',
      'prod',
      '--emit',
      'terraform',
      '--out',
      file,
      ...variant,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const text = readFileSync(file, 'utf8');
    const doc = (await parseHcl('alarms.tf', text)) as {
      resource: Record<string, Record<string, Json[]>>;
      variable: Record<string, unknown>;
      locals: Json[];
    };
    const declared = new Set<string>();
    for (const [type, byName] of Object.entries(doc.resource))
      for (const n of Object.keys(byName)) declared.add(`${type}.${n}`);
    assert.deepEqual([...declared].sort(), [
      'aws_cloudwatch_log_group.access',
      'aws_cloudwatch_log_metric_filter.missing_authentication_token',
      'aws_cloudwatch_metric_alarm.client_errors',
      'aws_cloudwatch_metric_alarm.missing_authentication_token',
    ]);
    const locals = new Set(doc.locals.flatMap((l) => Object.keys(l)));
    const strings: string[] = [];
    const collect = (v: unknown): void => {
      if (typeof v === 'string') strings.push(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(collect);
    };
    collect(doc);
    let refs = 0;
    for (const s of strings.filter((x) => /(?<!\$)\$\{/.test(x)))
      for (const ref of await getReferencesInExpression('alarms.tf', s)) {
        const [head, second] = ref.value.split('.');
        if (['string', 'number', 'bool'].includes(ref.value)) continue; // a variable's type
        refs++;
        if (head === 'var') assert.ok(second && second in doc.variable, ref.value);
        else if (head === 'local') assert.ok(locals.has(second ?? ''), ref.value);
        else assert.ok(declared.has(`${head}.${second}`), ref.value);
      }
    assert.ok(refs >= 5, `${refs} references`);
    if (variant.length) assert.match(text, /expression *= "ANOMALY_DETECTION_BAND\(m1, 2\)"/);
    await t.test('terraform fmt', (st) => {
      if (!HAVE.terraform) return skipLoudly(st, 'terraform');
      const fmt = spawnSync('terraform', ['fmt', '-check', '-diff', dir], {
        encoding: 'utf8',
        env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' },
      });
      assert.equal(fmt.status, 0, fmt.stdout + fmt.stderr);
    });
  });
}

test('guard alarms without credentials: one line naming the fix, exit 4 (not a wrapped service error)', async () => {
  const r = await runCli(
    ['guard', 'alarms', '--api', 'a1b2c3d4e5', '--stage', 'prod', '--region', 'eu-west-1'],
    {
      env: {
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: '/nonexistent',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      },
    },
  );
  assert.equal(r.code, 4, r.stderr);
  assert.match(
    r.stderr,
    /^apigw-doctor: AWS credentials failed while loading credentials: CredentialsProviderError/,
  );
  assert.doesNotMatch(r.stderr, /AWS error while/);
  assert.equal(r.stderr.split('\n').length, 2);
});
