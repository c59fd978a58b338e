import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { buildTimeline, correlate } from '../src/evidence/live/timeline.js';
import { normalizeLookupEvent, normalizeRecord, shortActor } from '../src/evidence/live/events.js';
import { startFakeApiGateway, type FakeApiGateway } from './fake/apigateway-server.js';
import { EXAMPLE_KEY } from './fake/aws-json.js';
import { startFakeCloudTrail, type FakeCloudTrail } from './fake/cloudtrail-server.js';
import { startFakeHealth, type FakeHealth } from './fake/health-server.js';
import { ROOT, runCli, SHOP_SNAPSHOT, shopInventory } from './helpers.js';

// `apigw-doctor timeline` as a process against loopback fakes of CloudTrail (LookupEvents), AWS Health
// (DescribeEvents) and the API Gateway management API, each reached through the SDK's own per-service
// endpoint variables (AWS_ENDPOINT_URL_CLOUDTRAIL, _HEALTH, _API_GATEWAY, _APIGATEWAYV2). Nothing leaves
// 127.0.0.1.

type Json = Record<string, unknown>;
const work = mkdtempSync(`${tmpdir()}/apigw-doctor-timeline-`);
const FIXTURES = `${ROOT}test/fixtures/`;
const records = (
  JSON.parse(readFileSync(`${FIXTURES}cloudtrail/shop-changes.json`, 'utf8')) as { Records: Json[] }
).Records;
const healthEvents = (
  JSON.parse(readFileSync(`${FIXTURES}health/describe-events.json`, 'utf8')) as { events: Json[] }
).events;
const WINDOW = ['--since', '2026-11-20T00:00:00Z', '--until', '2026-11-28T12:00:00Z'];

let apigateway: FakeApiGateway;
let cloudtrail: FakeCloudTrail;
let health: FakeHealth;
let noSubscription: FakeHealth;

before(async () => {
  [apigateway, cloudtrail, health, noSubscription] = await Promise.all([
    startFakeApiGateway({ snapshot: JSON.parse(readFileSync(SHOP_SNAPSHOT, 'utf8')) as Json }),
    startFakeCloudTrail({ records }),
    startFakeHealth({ events: healthEvents }),
    startFakeHealth({ events: healthEvents, subscriptionRequired: true }),
  ]);
});
after(async () => {
  await Promise.all([apigateway.close(), cloudtrail.close(), health.close(), noSubscription.close()]);
});

function env(
  endpoints: { cloudtrail?: string; health?: string; apigateway?: string } = {},
): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: EXAMPLE_KEY.id,
    AWS_SECRET_ACCESS_KEY: EXAMPLE_KEY.secret,
    AWS_REGION: 'eu-west-1',
    AWS_CONFIG_FILE: `${work}/none`,
    AWS_SHARED_CREDENTIALS_FILE: `${work}/none`,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_CLOUDTRAIL: endpoints.cloudtrail ?? cloudtrail.url,
    AWS_ENDPOINT_URL_HEALTH: endpoints.health ?? health.url,
    AWS_ENDPOINT_URL_API_GATEWAY: endpoints.apigateway ?? apigateway.url,
    AWS_ENDPOINT_URL_APIGATEWAYV2: endpoints.apigateway ?? apigateway.url,
  };
}

/** Compares with a golden file; UPDATE_GOLDEN=1 rewrites it (then review the diff). */
async function golden(name: string, actual: string): Promise<void> {
  const file = `${FIXTURES}golden/${name}`;
  if (process.env.UPDATE_GOLDEN === '1') await writeFile(file, actual);
  assert.ok(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 once, then review it`);
  assert.equal(actual, readFileSync(file, 'utf8'));
}

/** The quota is 2 calls a second: any three consecutive calls must span at least a second. */
function spans(calls: { at: number }[]): number[] {
  return calls.slice(2).map((c, i) => c.at - calls[i]!.at);
}

describe('apigw-doctor timeline against the fakes', () => {
  test('the text timeline of the shop API, exactly', async () => {
    const before = cloudtrail.calls.length;
    const r = await runCli(
      ['timeline', '--api', 'a1b2c3d4e5', ...WINDOW, '--failures-since', '2026-11-28T10:05:00Z'],
      { env: env() },
    );
    assert.equal(r.code, 0, r.stderr);
    await golden('timeline-shop.txt', r.stdout);
    assert.match(r.stderr, /^apigw-doctor timeline: 1 LookupEvents call, 13 changes, \d+ ms\n$/);
    const [call] = cloudtrail.calls.slice(before);
    assert.deepEqual(call!.input.LookupAttributes, [
      { AttributeKey: 'ResourceName', AttributeValue: 'a1b2c3d4e5' },
    ]);
    assert.equal(call!.input.StartTime, Date.parse('2026-11-20T00:00:00Z') / 1000);
    assert.equal(call!.input.EndTime, Date.parse('2026-11-28T12:00:00Z') / 1000);
    assert.equal(call!.input.MaxResults, 50);
    assert.equal(call!.region, 'eu-west-1');
  });

  test('changes made after the last deployment of a stage are stated as not live on it', async () => {
    const r = await runCli(['timeline', '--api', 'a1b2c3d4e5', ...WINDOW, '-o', 'json'], { env: env() });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      evidence: string[];
      stages: { name: string; deploymentId: string; deployedAt: string; undeployed: string[] }[];
      entries: { eventId: string; route?: string; kind: string; actor: string }[];
    };
    assert.ok(
      out.evidence.includes(
        'stage prod was last deployed at 2026-11-20T09:15:00Z (deployment dprod0001 by assumed-role/ci-deployer/release-42)',
      ),
      out.evidence.join('\n'),
    );
    assert.ok(
      out.evidence.includes(
        'not live on stage prod (made after its last deployment): GET /reviews was added (authorization NONE) by assumed-role/AWSReservedSSO_Developers_0123456789abcdef/alice@example.com at 2026-11-27T16:35:12Z',
      ),
    );
    const prod = out.stages.find((s) => s.name === 'prod')!;
    const staging = out.stages.find((s) => s.name === 'staging')!;
    const routeOf = (id: string) => out.entries.find((e) => e.eventId === id)?.route;
    assert.deepEqual(prod.undeployed.map(routeOf).filter(Boolean), [
      'POST /reviews',
      'POST /reviews',
      'GET /reviews',
      'GET /reviews',
      'POST /products',
    ]);
    assert.equal(prod.undeployed.length, 7, 'the new resource and the gateway response too');
    // Staging was deployed after the reviews work: only the later gateway response is missing from it.
    assert.equal(staging.deploymentId, 'dstag0002');
    assert.deepEqual(
      staging.undeployed.map((id) => out.entries.find((e) => e.eventId === id)?.kind),
      ['gateway-response'],
    );
    // Reads and other APIs' events are not changes of this API.
    assert.ok(out.entries.every((e) => e.kind !== 'other' || e.actor === 'user/bob'));
    assert.ok(!r.stdout.includes('p9q8r7s6t5'));
  });

  test('a URL names the API, region and stage; the failure is correlated with that stage', async () => {
    const r = await runCli(
      [
        'timeline',
        'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/reviews',
        ...WINDOW,
        '--failures-since',
        '2026-11-28T10:05:00Z',
        '-o',
        'json',
      ],
      { env: { ...env(), AWS_REGION: 'us-west-2' } },
    );
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { api: Json; correlation: { statements: string[] } };
    assert.deepEqual(out.api, { id: 'a1b2c3d4e5', kind: 'REST', region: 'eu-west-1' });
    assert.deepEqual(out.correlation.statements, [
      'the last change before the failures started (2026-11-28T10:05:00Z): gateway response MISSING_AUTHENTICATION_TOKEN was set (status 404) by user/bob at 2026-11-28T10:02:00Z, 3 min before',
      'the last stage change before the failures: deployment dprod0001 was created and deployed to stage prod by assumed-role/ci-deployer/release-42 at 2026-11-20T09:15:00Z',
      '1 change since the failures started, the first: stage prod was changed: replace /variables/backendAlias = live by assumed-role/ci-deployer/hotfix-7 at 2026-11-28T10:20:00Z',
    ]);
  });

  test('a custom-domain URL: the mapped API, and the domain looked up by name too', async () => {
    const before = cloudtrail.calls.length;
    const r = await runCli(
      ['timeline', 'https://legacy.shop.example.com/v2/orders', ...WINDOW, '-o', 'json'],
      {
        env: env(),
      },
    );
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { api: Json; entries: { event: string; summary: string }[] };
    assert.equal(out.api.id, 'a1b2c3d4e5');
    // Answered calls only: on a loaded machine a call may be throttled and retried (the pacing test covers that).
    const names = cloudtrail.calls
      .slice(before)
      .filter((c) => c.status === 200)
      .map((c) => (c.input.LookupAttributes as { AttributeValue: string }[])[0]!.AttributeValue);
    assert.deepEqual(names, ['a1b2c3d4e5', 'legacy.shop.example.com']);
    assert.equal(
      out.entries.filter((e) => e.event === 'CreateBasePathMapping').length,
      1,
      'found twice, shown once',
    );
  });

  test('pagination: every page is read, at most 2 calls a second, no ThrottlingException', async () => {
    const many: Json[] = Array.from({ length: 130 }, (_, i) => {
      const time = new Date(Date.parse('2026-11-27T00:00:00Z') + i * 60_000)
        .toISOString()
        .replace('.000Z', 'Z');
      return {
        ...records[0],
        eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        eventTime: time,
        eventName: 'UpdateMethod',
        requestParameters: {
          restApiId: 'a1b2c3d4e5',
          resourceId: 'r00003x',
          httpMethod: 'GET',
          updateMethodInput: {
            patchOperations: [{ op: 'replace', path: '/apiKeyRequired', value: String(i % 2 === 0) }],
          },
          template: false,
        },
        responseElements: { httpMethod: 'GET' },
      };
    });
    const paged = await startFakeCloudTrail({ records: many });
    try {
      const r = await runCli(['timeline', '--api', 'a1b2c3d4e5', ...WINDOW, '-o', 'json'], {
        env: env({ cloudtrail: paged.url }),
      });
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { entries: { route: string; summary: string }[]; lookup: Json };
      assert.equal(out.entries.length, 130);
      assert.equal(out.entries[0]!.summary, 'GET /orders changed: replace /apiKeyRequired = true');
      assert.deepEqual(out.lookup, { calls: 3, retries: 0, strategy: 'resource-name', truncated: false });
      assert.equal(paged.calls.length, 3);
      assert.equal(paged.calls[0]!.input.NextToken, undefined);
      assert.ok(paged.calls.slice(1).every((c) => typeof c.input.NextToken === 'string'));
      assert.equal(paged.throttled, 0, 'the client stays under the quota by itself');
      assert.ok(paged.calls.every((c) => c.status === 200));
      for (const span of spans(paged.calls)) assert.ok(span >= 1000, `3 calls within ${Math.round(span)} ms`);
    } finally {
      await paged.close();
    }
  });

  test('a quota shared with others (1 call/s left): adaptive retries absorb the throttling', async () => {
    const many: Json[] = Array.from({ length: 120 }, (_, i) => ({
      ...records[0],
      eventID: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
      eventTime: new Date(Date.parse('2026-11-27T00:00:00Z') + i * 1000).toISOString().replace('.000Z', 'Z'),
    }));
    const busy = await startFakeCloudTrail({ records: many, perSecond: 1 });
    try {
      const r = await runCli(['timeline', '--api', 'a1b2c3d4e5', ...WINDOW, '-o', 'json'], {
        env: env({ cloudtrail: busy.url }),
      });
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { entries: unknown[]; lookup: { calls: number; retries: number } };
      assert.equal(out.entries.length, 120);
      assert.equal(out.lookup.calls, 3);
      assert.ok(busy.throttled > 0, 'the fake throttled some calls');
      assert.equal(out.lookup.retries, busy.throttled, 'every throttled call was retried and counted');
      assert.match(r.stderr, /\(\d+ retried after throttling\)/);
    } finally {
      await busy.close();
    }
  });

  test('throttled beyond the retries: exit 5, one line', async () => {
    const jammed = await startFakeCloudTrail({ records, throttleAll: true });
    try {
      const r = await runCli(['timeline', '--api', 'a1b2c3d4e5', ...WINDOW], {
        env: env({ cloudtrail: jammed.url }),
      });
      assert.equal(r.code, 5, r.stderr);
      assert.equal(
        r.stderr,
        "apigw-doctor: throttled by CloudTrail LookupEvents in eu-west-1 after the SDK's retries: it allows 2 requests per second per account and Region, shared with everything else in the account; try again in a minute\n",
      );
      assert.equal(r.stdout, '');
      assert.ok(jammed.calls.length > 1, 'the SDK retried');
    } finally {
      await jammed.close();
    }
  });

  test('AccessDenied on LookupEvents: exit 4 naming the missing action', async () => {
    const denied = await startFakeCloudTrail({ records, denied: true });
    try {
      const r = await runCli(['timeline', '--api', 'a1b2c3d4e5', ...WINDOW], {
        env: env({ cloudtrail: denied.url }),
      });
      assert.equal(r.code, 4, r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.split('\n').length, 2, r.stderr);
      assert.match(
        r.stderr,
        /^apigw-doctor: missing permission cloudtrail:LookupEvents in eu-west-1 \(AccessDeniedException: User: arn:aws:iam::123456789012:user\/fake is not authorized to perform: cloudtrail:LookupEvents/,
      );
    } finally {
      await denied.close();
    }
  });

  test('Health without a support plan: one line pointing to the dashboard, exit unaffected', async () => {
    const r = await runCli(['timeline', '--api', 'a1b2c3d4e5', ...WINDOW, '--health'], {
      env: env({ health: noSubscription.url }),
    });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(
      r.stdout.endsWith(
        '\nAWS Health\n  - AWS Health API not available to this account (SubscriptionRequiredException: it needs a Business, Enterprise On-Ramp or Enterprise Support plan); see the AWS Health Dashboard: https://health.aws.amazon.com/health/home\n',
      ),
      r.stdout,
    );
    assert.equal(noSubscription.calls.at(-1)!.region, 'us-east-1', 'the global endpoint is in us-east-1');
  });

  test('Health events of API Gateway in the region, correlated with the failure start', async () => {
    const before = health.calls.length;
    const r = await runCli(
      [
        'timeline',
        '--api',
        'a1b2c3d4e5',
        ...WINDOW,
        '--health',
        '--failures-since',
        '2026-11-28T10:05:00Z',
        '-o',
        'json',
      ],
      { env: env() },
    );
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { health: { status: string; events: Json[]; statements: string[] } };
    assert.equal(out.health.status, 'ok');
    assert.deepEqual(
      out.health.events.map((e) => e.arn),
      [
        'arn:aws:health:eu-west-1::event/APIGATEWAY/AWS_APIGATEWAY_OPERATIONAL_ISSUE/AWS_APIGATEWAY_OPERATIONAL_ISSUE_KWQPY_EXAMPLE111',
      ],
      'other regions, other services and events closed before the window are left out',
    );
    assert.deepEqual(out.health.statements, [
      'AWS Health: AWS_APIGATEWAY_OPERATIONAL_ISSUE (issue) in eu-west-1, closed, 2026-11-28T09:55:00Z – 2026-11-28T10:40:00Z; it was under way when the failures started (2026-11-28T10:05:00Z)',
    ]);
    const calls = health.calls.slice(before);
    assert.ok(calls.every((c) => c.region === 'us-east-1' && c.status === 200));
    assert.deepEqual(
      calls.map((c) => c.input.filter),
      [
        { services: ['APIGATEWAY'], regions: ['eu-west-1'], eventStatusCodes: ['open', 'upcoming'] },
        {
          services: ['APIGATEWAY'],
          regions: ['eu-west-1'],
          lastUpdatedTimes: [{ from: Date.parse('2026-11-20T00:00:00Z') / 1000 }],
        },
      ],
    );
  });

  test('the current API cannot be read: the timeline still comes, from the events alone', async () => {
    const r = await runCli(['timeline', '--api', 'a1b2c3d4e5', ...WINDOW], {
      env: env({ apigateway: 'http://127.0.0.1:9' }),
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /\n {2}- the current API was not read \(.*\): paths and stages come from the events only\n$/,
    );
    // Without the current API, the method deleted on a resource made before the window has no path.
    assert.match(r.stdout, /POST resource r00001x \(path not known\) removed/);
    assert.match(
      r.stdout,
      / GET \/reviews added \(authorization NONE\), by /,
      'paths of resources created in the window',
    );
  });

  test('--endpoint-url sends every call to one endpoint (LocalStack style)', async () => {
    const before = cloudtrail.calls.length;
    const environment = env();
    for (const key of Object.keys(environment))
      if (key.startsWith('AWS_ENDPOINT_URL_')) delete environment[key];
    const r = await runCli(
      ['timeline', '--api', 'a1b2c3d4e5', ...WINDOW, '--endpoint-url', cloudtrail.url, '-o', 'json'],
      {
        env: environment,
      },
    );
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { entries: unknown[]; notes: string[] };
    assert.equal(out.entries.length, 13);
    const operations = cloudtrail.calls.slice(before).map((c) => c.operation);
    assert.ok(operations.includes('LookupEvents'));
    assert.ok(
      operations.some((o) => o !== 'LookupEvents'),
      'the API Gateway reads went there too',
    );
    assert.ok(
      out.notes.some((n) => n.startsWith('not read from API Gateway: GetRestApi')),
      out.notes.join('\n'),
    );
  });

  test('bad input: exit 2 with one line', async () => {
    const cases: [string[], RegExp][] = [
      [['timeline'], /^apigw-doctor: say which API: apigw-doctor timeline URL, or --api ID --region R\n$/],
      [
        ['timeline', '--api', 'x', '--since', 'yesterday'],
        /^apigw-doctor: --since takes a duration \(24h, 90m, 7d\) or an ISO 8601 time, not "yesterday"\n$/,
      ],
      [
        ['timeline', '--api', 'x', '--since', '2026-11-28', '--until', '2026-11-27'],
        /^apigw-doctor: --since must be before --until\n$/,
      ],
      [['timeline', 'https://apigateway.eu-west-1.amazonaws.com/restapis'], /not an API's invoke URL\n$/],
    ];
    for (const [args, expected] of cases) {
      const r = await runCli(args, { env: env() });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, expected);
    }
  });
});

describe('the timeline library', () => {
  test('LookupEvents output as AWS returns it (console CreateDeployment then CreateStage)', () => {
    const { Events } = JSON.parse(
      readFileSync(`${FIXTURES}cloudtrail/lookup-events-console.json`, 'utf8'),
    ) as {
      Events: unknown[];
    };
    const events = Events.map((e) => normalizeLookupEvent(e)!);
    assert.deepEqual(
      events.map((e) => [e.time, e.name, e.actor, e.apiId]),
      [
        [
          '2026-11-28T08:12:42Z',
          'CreateStage',
          'assumed-role/AWSReservedSSO_ApiDevelopers_89abcdef01234567/carol@example.com',
          'k7m2x9q4p1',
        ],
        [
          '2026-11-28T08:12:41Z',
          'CreateDeployment',
          'assumed-role/AWSReservedSSO_ApiDevelopers_89abcdef01234567/carol@example.com',
          'k7m2x9q4p1',
        ],
      ],
    );
    const timeline = buildTimeline(events);
    assert.deepEqual(
      timeline.entries.map((e) => e.summary),
      ['deployment w3e8rt created', 'stage v2 created on deployment w3e8rt'],
    );
    assert.deepEqual(timeline.stages, [
      {
        name: 'v2',
        deploymentId: 'w3e8rt',
        deployedAt: '2026-11-28T08:12:41Z',
        deployedBy: 'assumed-role/AWSReservedSSO_ApiDevelopers_89abcdef01234567/carol@example.com',
        undeployed: [],
      },
    ]);
  });

  test('who: the identity ARN shortened', () => {
    assert.equal(
      shortActor({ type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/ops/bob' }).actor,
      'user/ops/bob',
    );
    assert.equal(shortActor({ type: 'Root', arn: 'arn:aws:iam::123456789012:root' }).actor, 'root');
    assert.equal(
      shortActor({ type: 'AWSService', invokedBy: 'cloudformation.amazonaws.com' }).actor,
      'cloudformation.amazonaws.com',
    );
    assert.equal(shortActor({}, 'carol').actor, 'carol');
  });

  test('a stage pointed back at an older deployment: its changes since that deployment are not live', () => {
    const base = {
      eventSource: 'apigateway.amazonaws.com',
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::1:user/ops' },
    };
    const events = [
      {
        ...base,
        eventID: '1',
        eventTime: '2026-11-01T10:00:00Z',
        eventName: 'CreateDeployment',
        requestParameters: { restApiId: 'api1', createDeploymentInput: { stageName: 'prod' } },
        responseElements: { id: 'old' },
      },
      {
        ...base,
        eventID: '2',
        eventTime: '2026-11-02T10:00:00Z',
        eventName: 'DeleteMethod',
        requestParameters: { restApiId: 'api1', resourceId: 'res1', httpMethod: 'GET' },
      },
      {
        ...base,
        eventID: '3',
        eventTime: '2026-11-02T11:00:00Z',
        eventName: 'CreateDeployment',
        requestParameters: { restApiId: 'api1', createDeploymentInput: { stageName: 'prod' } },
        responseElements: { id: 'new' },
      },
      {
        ...base,
        eventID: '4',
        eventTime: '2026-11-03T09:00:00Z',
        eventName: 'UpdateStage',
        requestParameters: {
          restApiId: 'api1',
          stageName: 'prod',
          updateStageInput: { patchOperations: [{ op: 'replace', path: '/deploymentId', value: 'old' }] },
        },
      },
    ].map((r) => normalizeRecord(r)!);
    const timeline = buildTimeline(events);
    const prod = timeline.stages[0]!;
    assert.equal(prod.deploymentId, 'old');
    assert.equal(prod.deployedAt, '2026-11-01T10:00:00Z');
    assert.deepEqual(
      prod.undeployed.map((e) => e.eventId),
      ['2'],
    );
    assert.ok(
      timeline.statements.includes(
        'stage prod was pointed at deployment old by user/ops at 2026-11-03T09:00:00Z (a rollback or a promotion: no new deployment)',
      ),
      timeline.statements.join('\n'),
    );
    assert.ok(
      timeline.statements.includes(
        'GET resource res1 (path not known) was removed by user/ops at 2026-11-02T10:00:00Z; deployment new (2026-11-02T11:00:00Z, by user/ops) took it off stage prod',
      ),
    );
    assert.deepEqual(correlate(timeline, '2026-11-01T09:00:00Z'), [
      'the failures started (2026-11-01T09:00:00Z) before the window (2026-11-01T10:00:00Z): widen it with --since',
      '4 changes since the failures started, the first: deployment old was created and deployed to stage prod by user/ops at 2026-11-01T10:00:00Z',
    ]);
  });

  test('an HTTP API: routes by route key, and auto-deploy stages have nothing pending', async () => {
    const api = (await shopInventory()).apis.find((a) => a.id === 'h7t7p9a1b2')!;
    const who = { type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/ci-deployer/run-9' };
    const base = { eventSource: 'apigateway.amazonaws.com', userIdentity: who, awsRegion: 'eu-west-1' };
    const events = [
      {
        ...base,
        eventID: 'a',
        eventTime: '2026-11-28T09:00:00Z',
        eventName: 'DeleteRoute',
        requestParameters: { apiId: 'h7t7p9a1b2', routeId: 'rt00002' },
      },
      {
        ...base,
        eventID: 'b',
        eventTime: '2026-11-28T09:01:00Z',
        eventName: 'CreateRoute',
        requestParameters: {
          apiId: 'h7t7p9a1b2',
          routeKey: 'PUT /notifications/{id}',
          target: 'integrations/in00001',
        },
        responseElements: { routeId: 'rt00009', routeKey: 'PUT /notifications/{id}' },
      },
      {
        ...base,
        eventID: 'c',
        eventTime: '2026-11-28T09:02:00Z',
        eventName: 'UpdateRoute',
        requestParameters: { apiId: 'h7t7p9a1b2', routeId: 'rt00009', authorizationType: 'AWS_IAM' },
      },
    ].map((r) => normalizeRecord(r)!);
    const timeline = buildTimeline(events, api);
    assert.deepEqual(
      timeline.entries.map((e) => e.summary),
      ['POST /notifications removed', 'PUT /notifications/{id} added', 'PUT /notifications/{id} changed'],
    );
    assert.equal(timeline.kind, 'HTTP');
    assert.deepEqual(
      timeline.stages.map((s) => [s.name, s.deploymentId, s.undeployed.length]),
      [['$default', 'hdep0001', 0]],
    );
  });
});
