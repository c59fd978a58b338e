/**
 * `guard config-rule`: the AWS Config rule's Lambda handler, run in-process with real Config event
 * shapes while its SDK clients talk to loopback fakes (API Gateway: test/fake/apigateway-server.ts;
 * Config PutEvaluations and STS AssumeRole: test/fake/config-server.ts), through the same
 * AWS_ENDPOINT_URL_* variables the SDK honours in Lambda; the same checks on the BUNDLED single file;
 * the deployment-lag check; the emitted templates (cfn-lint, references, IAM) and the Guard rules
 * (the real cfn-guard, on unit tests and on the IaC corpus).
 *
 * A validator missing from PATH is reported loudly (a skipped subtest and a banner on stderr);
 * APIGW_DOCTOR_REQUIRE_VALIDATORS=1 turns a missing validator into a failure.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { APIGatewayClient, CreateDeploymentCommand } from '@aws-sdk/client-api-gateway';
import { build } from 'esbuild';
import { parse as parseYaml } from 'yaml';
import { runDeployLagCheck, type DeployLagResult } from '../src/guard/config-rule/deploy-lag.js';
import { ANNOTATION_MAX, lagAnnotation, parseStageArn } from '../src/guard/config-rule/evaluate.js';
import { GUARD_RULES, GUARD_TESTS } from '../src/guard/config-rule/guard-rules.js';
import { runConfigRule, type ConfigRuleEvent } from '../src/guard/config-rule/handler.js';
import { startFakeApiGateway, type FakeApiGateway } from './fake/apigateway-server.js';
import { startFakeConfig, type FakeConfig, type RecordedEvaluation } from './fake/config-server.js';
import { ROOT, runCli, SHARED, SHOP_SNAPSHOT } from './helpers.js';
import { probeTool, withTool } from './tools.js';

const work = mkdtempSync(join(tmpdir(), 'apigw-doctor-config-rule-'));
const KEY = { id: 'AKIAIOSFODNN7EXAMPLE', secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const ACCOUNT = '123456789012';
const BUNDLE = `${ROOT}dist/cli/lambda/config-rule.mjs`;
const STAGE = (api: string, stage: string) =>
  `arn:aws:apigateway:eu-west-1::/restapis/${api}/stages/${stage}`;

const shop = (): Record<string, unknown> => JSON.parse(readFileSync(SHOP_SNAPSHOT, 'utf8'));

/** The environment a Lambda function has, with the SDK's per-service endpoints sent to the fakes. */
function lambdaEnvironment(apigateway: string, config: string): void {
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: KEY.id,
    AWS_SECRET_ACCESS_KEY: KEY.secret,
    AWS_REGION: 'eu-west-1',
    AWS_CONFIG_FILE: `${work}/none`,
    AWS_SHARED_CREDENTIALS_FILE: `${work}/none`,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_API_GATEWAY: apigateway,
    AWS_ENDPOINT_URL_CONFIG_SERVICE: config,
    AWS_ENDPOINT_URL_STS: config,
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_ENDPOINT_URL;
  delete process.env.MEMBER_ROLE_NAME;
}

// ---- Config events, in the shapes of the AWS Config Developer Guide ("Example Events for AWS Config
// Rules") and of real configuration items of AWS::ApiGateway::Stage (awslabs/aws-config-rules tests).

function configEvent(invoking: Record<string, unknown>, token: string, account = ACCOUNT): ConfigRuleEvent {
  return {
    version: '1.0',
    invokingEvent: JSON.stringify(invoking),
    ruleParameters: '{}',
    resultToken: token,
    eventLeftScope: false,
    executionRoleArn: `arn:aws:iam::${account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    configRuleArn: `arn:aws:config:eu-west-1:${account}:config-rule/config-rule-0123456`,
    configRuleName: 'apigw-doctor-stage-deployment-lag',
    configRuleId: 'config-rule-0123456',
    accountId: account,
  };
}

const scheduled = (token: string, account = ACCOUNT) =>
  configEvent(
    {
      awsAccountId: account,
      notificationCreationTime: '2026-11-28T10:00:00.000Z',
      messageType: 'ScheduledNotification',
      recordVersion: '1.0',
    },
    token,
    account,
  );

function stageChange(token: string, api: string, stage: string, status = 'OK'): ConfigRuleEvent {
  return configEvent(
    {
      configurationItemDiff: { changedProperties: {}, changeType: 'UPDATE' },
      configurationItem: {
        relatedEvents: [],
        relationships: [
          {
            resourceId: `arn:aws:apigateway:eu-west-1::/restapis/${api}`,
            resourceName: 'shop-api',
            resourceType: 'AWS::ApiGateway::RestApi',
            name: 'Is contained in ',
          },
        ],
        configuration: {
          deploymentId: 'dprod0001',
          stageName: stage,
          createdDate: 'Mar 2, 2025 10:05:00 AM',
        },
        supplementaryConfiguration: {},
        tags: {},
        configurationItemVersion: '1.3',
        configurationItemCaptureTime: '2026-11-28T11:00:00.000Z',
        configurationStateId: 1764327600000,
        awsAccountId: ACCOUNT,
        configurationItemStatus: status,
        resourceType: 'AWS::ApiGateway::Stage',
        resourceId: STAGE(api, stage),
        resourceName: stage,
        ARN: STAGE(api, stage),
        awsRegion: 'eu-west-1',
        availabilityZone: 'Not Applicable',
        configurationStateMd5Hash: '',
        resourceCreationTime: '2025-03-02T10:05:00.000Z',
      },
      notificationCreationTime: '2026-11-28T11:00:01.000Z',
      messageType: 'ConfigurationItemChangeNotification',
      recordVersion: '1.3',
    },
    token,
  );
}

function restApiChange(token: string, api: string): ConfigRuleEvent {
  return configEvent(
    {
      configurationItemSummary: {
        changeType: 'UPDATE',
        configurationItemVersion: '1.3',
        configurationItemCaptureTime: '2026-11-28T12:00:00.000Z',
        configurationStateId: 1764331200000,
        awsAccountId: ACCOUNT,
        configurationItemStatus: 'OK',
        resourceType: 'AWS::ApiGateway::RestApi',
        resourceId: api,
        resourceName: 'shop-api',
        ARN: `arn:aws:apigateway:eu-west-1::/restapis/${api}`,
        awsRegion: 'eu-west-1',
        availabilityZone: 'Not Applicable',
        configurationStateMd5Hash: '',
        resourceCreationTime: '2025-03-02T10:00:00.000Z',
      },
      s3DeliverySummary: { s3BucketLocation: 'config-bucket/AWSLogs/123456789012/Config/oversized' },
      notificationCreationTime: '2026-11-28T12:00:01.000Z',
      messageType: 'OversizedConfigurationItemChangeNotification',
      recordVersion: '1.0',
    },
    token,
  );
}

// What the shop snapshot holds, established by reading it: shop-api's prod stage serves dprod0001
// (2026-11-20), whose apiSummary lacks GET and POST /reviews that its resources now have; staging
// serves dstag0002 with all 12 routes; partner-api v1 and internal-api prod serve their one route.
const at = (iso: string) => Date.parse(iso) / 1000;
const SCHEDULED_VERDICT: RecordedEvaluation[] = [
  {
    ComplianceResourceType: 'AWS::ApiGateway::Stage',
    ComplianceResourceId: STAGE('a1b2c3d4e5', 'prod'),
    ComplianceType: 'NON_COMPLIANT',
    Annotation: 'Deployment dprod0001 lags the API by 2 route changes: +POST /reviews, +GET /reviews',
    OrderingTimestamp: at('2026-11-28T10:00:00.000Z'),
  },
  {
    ComplianceResourceType: 'AWS::ApiGateway::Stage',
    ComplianceResourceId: STAGE('a1b2c3d4e5', 'staging'),
    ComplianceType: 'COMPLIANT',
    Annotation: 'Deployment dstag0002 serves the current configuration (12 routes).',
    OrderingTimestamp: at('2026-11-28T10:00:00.000Z'),
  },
  {
    ComplianceResourceType: 'AWS::ApiGateway::Stage',
    ComplianceResourceId: STAGE('i1n2t3e4r5', 'prod'),
    ComplianceType: 'COMPLIANT',
    Annotation: 'Deployment dint00001 serves the current configuration (1 route).',
    OrderingTimestamp: at('2026-11-28T10:00:00.000Z'),
  },
  {
    ComplianceResourceType: 'AWS::ApiGateway::Stage',
    ComplianceResourceId: STAGE('p9q8r7s6t5', 'v1'),
    ComplianceType: 'COMPLIANT',
    Annotation: 'Deployment dpart0001 serves the current configuration (1 route).',
    OrderingTimestamp: at('2026-11-28T10:00:00.000Z'),
  },
];

const byResource = (list: RecordedEvaluation[]) =>
  [...list].sort((a, b) => a.ComplianceResourceId.localeCompare(b.ComplianceResourceId));

let apigw: FakeApiGateway;
let config: FakeConfig;
const TOKENS = {
  scheduled: 'token-scheduled',
  stage: 'token-stage',
  restApi: 'token-restapi',
  deleted: 'token-deleted',
  denied: 'token-denied',
  deployed: 'token-deployed',
  bundled: 'token-bundled',
  member: 'token-member',
  other: 'token-other-account',
};

before(async () => {
  apigw = await startFakeApiGateway({ snapshot: shop() });
  config = await startFakeConfig({
    resultTokens: {
      ...Object.fromEntries(Object.values(TOKENS).map((t) => [t, ACCOUNT])),
      [TOKENS.member]: '222222222222',
    },
    assumableRoles: ['arn:aws:iam::222222222222:role/apigw-doctor-config-rule-member'],
  });
  lambdaEnvironment(apigw.url, config.url);
});
after(async () => {
  await apigw.close();
  await config.close();
});

const putsFor = (token: string) => config.puts.filter((p) => p.resultToken === token);

// ---- the judgement ---------------------------------------------------------------------------

test('annotations name the first differing routes and never pass 256 characters', () => {
  assert.equal(
    lagAnnotation('d1', { added: ['GET /a'], removed: ['POST /b'], changed: ['GET /c (NONE → AWS_IAM)'] }),
    'Deployment d1 lags the API by 3 route changes: +GET /a, -POST /b, ~GET /c (NONE → AWS_IAM)',
  );
  const many = Array.from({ length: 40 }, (_, i) => `GET /orders/{orderId}/items/${i}`);
  const text = lagAnnotation('dprod0001', { added: many, removed: [], changed: [] });
  assert.ok(text.length <= ANNOTATION_MAX, `${text.length} characters`);
  assert.match(
    text,
    /^Deployment dprod0001 lags the API by 40 route changes: \+GET \/orders\/\{orderId\}\/items\/0, /,
  );
  const shown = text.split(', ').length;
  assert.match(text, new RegExp(`\\(\\+${40 - shown} more\\)$`));
  const huge = lagAnnotation('d', { added: [`GET /${'x'.repeat(400)}`], removed: [], changed: [] });
  assert.equal(huge, 'Deployment d lags the API by 1 route change:  (+1 more)');
  assert.deepEqual(parseStageArn(STAGE('a1b2c3d4e5', 'prod')), {
    partition: 'aws',
    region: 'eu-west-1',
    apiId: 'a1b2c3d4e5',
    stage: 'prod',
  });
  assert.equal(parseStageArn('arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5'), undefined);
});

// ---- the handler, in-process -----------------------------------------------------------------

test('periodic: every stage of every REST API of the region, judged and delivered to Config', async () => {
  const outcome = await runConfigRule(scheduled(TOKENS.scheduled), { env: process.env });
  assert.equal(outcome.messageType, 'ScheduledNotification');
  const puts = putsFor(TOKENS.scheduled);
  assert.equal(puts.length, 1, 'one PutEvaluations call');
  assert.equal(puts[0]!.account, ACCOUNT);
  assert.equal(puts[0]!.region, 'eu-west-1');
  assert.equal(puts[0]!.accessKeyId, KEY.id);
  assert.deepEqual(byResource(puts[0]!.evaluations), SCHEDULED_VERDICT);
  // Read-only: the rule never writes to API Gateway.
  assert.deepEqual(apigw.writes, []);
});

test('a Stage configuration item: that stage only', async () => {
  await runConfigRule(stageChange(TOKENS.stage, 'a1b2c3d4e5', 'prod'), { env: process.env });
  const [put] = putsFor(TOKENS.stage);
  assert.deepEqual(put?.evaluations, [
    { ...SCHEDULED_VERDICT[0]!, OrderingTimestamp: at('2026-11-28T11:00:00.000Z') },
  ]);
});

test('an oversized RestApi configuration item: every stage of that API', async () => {
  await runConfigRule(restApiChange(TOKENS.restApi, 'a1b2c3d4e5'), { env: process.env });
  const [put] = putsFor(TOKENS.restApi);
  assert.deepEqual(
    byResource(put!.evaluations),
    SCHEDULED_VERDICT.slice(0, 2).map((e) => ({ ...e, OrderingTimestamp: at('2026-11-28T12:00:00.000Z') })),
  );
});

test('a deleted stage is NOT_APPLICABLE, without reading API Gateway', async () => {
  const before = apigw.calls.length;
  await runConfigRule(stageChange(TOKENS.deleted, 'a1b2c3d4e5', 'old', 'ResourceDeleted'), {
    env: process.env,
  });
  assert.equal(apigw.calls.length, before, 'no API Gateway call');
  assert.deepEqual(putsFor(TOKENS.deleted)[0]?.evaluations, [
    {
      ComplianceResourceType: 'AWS::ApiGateway::Stage',
      ComplianceResourceId: STAGE('a1b2c3d4e5', 'old'),
      ComplianceType: 'NOT_APPLICABLE',
      Annotation: 'The stage was deleted or left the rule scope.',
      OrderingTimestamp: at('2026-11-28T11:00:00.000Z'),
    },
  ]);
});

test('a missing permission fails the invocation (Config shows the error) and delivers no verdict', async () => {
  const strict = await startFakeApiGateway({ snapshot: shop(), denied: ['GetDeployment'] });
  process.env.AWS_ENDPOINT_URL_API_GATEWAY = strict.url;
  try {
    await assert.rejects(
      runConfigRule(stageChange(TOKENS.denied, 'a1b2c3d4e5', 'prod'), { env: process.env }),
      /API Gateway call\(s\) failed, e\.g\. GetDeployment on arn:aws:apigateway:eu-west-1::\/restapis\/a1b2c3d4e5\/deployments\/\w+: AccessDeniedException/,
    );
    assert.deepEqual(putsFor(TOKENS.denied), []);
  } finally {
    process.env.AWS_ENDPOINT_URL_API_GATEWAY = apigw.url;
    await strict.close();
  }
});

test('after a deployment to prod, the same stage is COMPLIANT', async () => {
  const snapshot = shop();
  const fake = await startFakeApiGateway({ snapshot });
  process.env.AWS_ENDPOINT_URL_API_GATEWAY = fake.url;
  try {
    const client = new APIGatewayClient({
      region: 'eu-west-1',
      endpoint: fake.url,
      credentials: { accessKeyId: KEY.id, secretAccessKey: KEY.secret },
    });
    const deployment = await client.send(
      new CreateDeploymentCommand({ restApiId: 'a1b2c3d4e5', stageName: 'prod' }),
    );
    client.destroy();
    await runConfigRule(stageChange(TOKENS.deployed, 'a1b2c3d4e5', 'prod'), { env: process.env });
    assert.deepEqual(putsFor(TOKENS.deployed)[0]?.evaluations, [
      {
        ComplianceResourceType: 'AWS::ApiGateway::Stage',
        ComplianceResourceId: STAGE('a1b2c3d4e5', 'prod'),
        ComplianceType: 'COMPLIANT',
        Annotation: `Deployment ${deployment.id} serves the current configuration (12 routes).`,
        OrderingTimestamp: at('2026-11-28T11:00:00.000Z'),
      },
    ]);
  } finally {
    process.env.AWS_ENDPOINT_URL_API_GATEWAY = apigw.url;
    await fake.close();
  }
});

test('organization rule: assumes the member role of the account the event names, reads and reports there', async () => {
  process.env.MEMBER_ROLE_NAME = 'apigw-doctor-config-rule-member';
  try {
    const callsBefore = apigw.calls.length;
    await runConfigRule(scheduled(TOKENS.member, '222222222222'), {
      env: process.env,
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:apigw-doctor-config-rule',
    });
    assert.equal(config.assumed.length, 1);
    const assumed = config.assumed[0]!;
    assert.equal(assumed.roleArn, 'arn:aws:iam::222222222222:role/apigw-doctor-config-rule-member');
    assert.equal(assumed.sessionName, 'apigw-doctor-config-rule');
    const reads = apigw.calls.slice(callsBefore);
    assert.ok(reads.length > 0);
    assert.deepEqual(
      [...new Set(reads.map((c) => c.accessKeyId))],
      [assumed.accessKeyId],
      'API Gateway read as the member',
    );
    const [put] = putsFor(TOKENS.member);
    assert.equal(put?.account, '222222222222', 'evaluations delivered in the member account');
    assert.equal(put?.accessKeyId, assumed.accessKeyId);
    assert.deepEqual(byResource(put!.evaluations), SCHEDULED_VERDICT);

    // Its own account: no role to assume.
    const assumedBefore = config.assumed.length;
    await runConfigRule(scheduled(TOKENS.other), {
      env: process.env,
      invokedFunctionArn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:apigw-doctor-config-rule`,
    });
    assert.equal(config.assumed.length, assumedBefore);
    assert.equal(putsFor(TOKENS.other)[0]?.accessKeyId, KEY.id);

    // An account where the member role was not deployed: a clear error.
    await assert.rejects(
      runConfigRule(scheduled('token-nowhere', '333333333333'), {
        env: process.env,
        invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:apigw-doctor-config-rule',
      }),
      /cannot assume apigw-doctor-config-rule-member in account 333333333333 \(deploy member-role\.yaml there, e\.g\. with a StackSet\): AccessDenied/,
    );
  } finally {
    delete process.env.MEMBER_ROLE_NAME;
  }
});

// ---- the bundled single file ----------------------------------------------------------------

test('the bundle is one file whose only imports are Node built-ins', async () => {
  assert.ok(existsSync(BUNDLE), 'npm run build makes dist/cli/lambda/config-rule.mjs');
  assert.deepEqual(readdirSync(`${ROOT}dist/cli/lambda`), ['config-rule.mjs']);
  // esbuild resolves every import of the file from a folder with no node_modules above it: a package
  // import would fail to resolve; what is left external must be a built-in.
  const alone = mkdtempSync(join(tmpdir(), 'apigw-doctor-bundle-'));
  copyFileSync(BUNDLE, join(alone, 'config-rule.mjs'));
  const result = await build({
    entryPoints: [join(alone, 'config-rule.mjs')],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
    absWorkingDir: alone,
  });
  const inputs = Object.keys(result.metafile.inputs);
  assert.deepEqual(inputs, ['config-rule.mjs'], 'nothing but the file itself is bundled');
  const imports = result.metafile.inputs['config-rule.mjs']!.imports.map((i) => i.path);
  assert.ok(imports.length > 0);
  const foreign = imports.filter((p) => !isBuiltin(p));
  assert.deepEqual(foreign, [], `non-built-in imports: ${foreign.join(', ')}`);
  const size = statSync(BUNDLE).size;
  assert.ok(size < 10 * 1024 * 1024, `${size} bytes (Lambda allows 50 MB zipped)`);
});

interface BundledModule {
  handler(
    event: ConfigRuleEvent,
    context?: { invokedFunctionArn?: string },
  ): Promise<{ evaluated: number; nonCompliant: number }>;
  deployLagHandler(event: Record<string, unknown>): Promise<DeployLagResult>;
}

async function loadBundle(): Promise<BundledModule> {
  // Run from a folder with no node_modules: everything it needs must be inside the file.
  const alone = mkdtempSync(join(tmpdir(), 'apigw-doctor-lambda-'));
  copyFileSync(BUNDLE, join(alone, 'config-rule.mjs'));
  return (await import(pathToFileURL(join(alone, 'config-rule.mjs')).href)) as BundledModule;
}

async function capturingLog<T>(run: () => Promise<T>): Promise<{ value: T; log: string[] }> {
  const log: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => void log.push(args.map(String).join(' '));
  try {
    return { value: await run(), log };
  } finally {
    console.log = original;
  }
}

test('the bundled handler, as Lambda loads it, gives the same verdict', async () => {
  const bundle = await loadBundle();
  const { value, log } = await capturingLog(() =>
    bundle.handler(scheduled(TOKENS.bundled), {
      invokedFunctionArn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:apigw-doctor-config-rule`,
    }),
  );
  assert.deepEqual(value, { evaluated: 4, nonCompliant: 1 });
  assert.deepEqual(byResource(putsFor(TOKENS.bundled)[0]!.evaluations), SCHEDULED_VERDICT);
  assert.equal(log.length, 1);
  assert.deepEqual(JSON.parse(log[0]!), {
    messageType: 'ScheduledNotification',
    account: ACCOUNT,
    region: 'eu-west-1',
    evaluated: 4,
    nonCompliant: [{ stage: STAGE('a1b2c3d4e5', 'prod'), why: SCHEDULED_VERDICT[0]!.Annotation }],
  });
});

// ---- the deployment-lag check (EventBridge on CloudTrail → wait → check → SNS) -----------------

/** An EventBridge "AWS API Call via CloudTrail" event for a PutMethod (CloudTrail record, version 1.08). */
function cloudTrailEvent(
  restApiId: string,
  eventTime: string,
  eventName = 'PutMethod',
): Record<string, unknown> {
  return {
    version: '0',
    id: '6f0a1f0e-5c6b-4f2e-9b51-2d1e0c7a9d11',
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.apigateway',
    account: ACCOUNT,
    time: eventTime,
    region: 'eu-west-1',
    resources: [],
    detail: {
      eventVersion: '1.08',
      userIdentity: {
        type: 'AssumedRole',
        principalId: 'AROAEXAMPLEID:alice',
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/developer/alice`,
        accountId: ACCOUNT,
      },
      eventTime,
      eventSource: 'apigateway.amazonaws.com',
      eventName,
      awsRegion: 'eu-west-1',
      sourceIPAddress: '203.0.113.10',
      userAgent: 'aws-cli/2.15.0',
      requestParameters: { restApiId, resourceId: 'r3v13w', httpMethod: 'GET', authorizationType: 'NONE' },
      responseElements: { httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false },
      requestID: '0d9c1f3e-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
      eventID: '9b1d2c3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e',
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      eventCategory: 'Management',
    },
  };
}

test('deployment lag: a change after every deployment, not deployed → notify, with the fix', async () => {
  const result = await runDeployLagCheck(cloudTrailEvent('a1b2c3d4e5', '2026-11-28T09:00:00Z'));
  assert.equal(result.notify, true);
  assert.equal(result.state, 'not-deployed');
  assert.equal(result.subject, 'API a1b2c3d4e5 changed, not deployed');
  assert.deepEqual(result.stages, [
    { name: 'prod', deploymentId: 'dprod0001', deployedAt: '2026-11-20T09:15:00.000Z' },
    { name: 'staging', deploymentId: 'dstag0002', deployedAt: '2026-11-27T16:40:00.000Z' },
  ]);
  assert.equal(
    result.message.split('\n').slice(0, 7).join('\n'),
    [
      `PutMethod changed REST API a1b2c3d4e5 in eu-west-1 (account ${ACCOUNT}) at 2026-11-28T09:00:00Z (by arn:aws:sts::${ACCOUNT}:assumed-role/developer/alice),`,
      'and no stage serves a deployment created since. Until the API is deployed, the change is not live:',
      'new routes answer 403 {"message":"Missing Authentication Token"} and removed ones still answer.',
      '',
      'Stages and the deployment each serves:',
      '  prod: dprod0001 of 2026-11-20T09:15:00.000Z',
      '  staging: dstag0002 of 2026-11-27T16:40:00.000Z',
    ].join('\n'),
  );
  assert.match(
    result.message,
    /aws apigateway create-deployment --rest-api-id a1b2c3d4e5 --stage-name prod --region eu-west-1/,
  );
});

test('deployment lag: a change before the staging deployment → deployed, no notification', async () => {
  const result = await runDeployLagCheck(cloudTrailEvent('a1b2c3d4e5', '2026-11-27T16:00:00Z'));
  assert.equal(result.notify, false);
  assert.equal(result.state, 'deployed');
  assert.equal(
    result.message,
    `REST API a1b2c3d4e5 in eu-west-1 (account ${ACCOUNT}): PutMethod at 2026-11-27T16:00:00Z is deployed to staging.`,
  );
});

test('deployment lag: a deployment made after the change but on no stage still notifies', async () => {
  const fake = await startFakeApiGateway({ snapshot: shop() });
  process.env.AWS_ENDPOINT_URL_API_GATEWAY = fake.url;
  try {
    const changedAt = new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const client = new APIGatewayClient({
      region: 'eu-west-1',
      endpoint: fake.url,
      credentials: { accessKeyId: KEY.id, secretAccessKey: KEY.secret },
    });
    const orphan = await client.send(new CreateDeploymentCommand({ restApiId: 'a1b2c3d4e5' }));
    let result = await runDeployLagCheck(cloudTrailEvent('a1b2c3d4e5', changedAt));
    assert.equal(result.notify, true);
    assert.equal(result.state, 'deployment-not-on-a-stage');
    assert.match(
      result.message,
      new RegExp(`Deployment ${orphan.id} was created after the change but no stage uses it`),
    );
    // Then someone deploys to prod: the same change is now live.
    await client.send(new CreateDeploymentCommand({ restApiId: 'a1b2c3d4e5', stageName: 'prod' }));
    client.destroy();
    result = await runDeployLagCheck(cloudTrailEvent('a1b2c3d4e5', changedAt));
    assert.equal(result.notify, false);
    assert.equal(result.state, 'deployed');
    assert.match(result.message, /is deployed to prod\.$/);
  } finally {
    process.env.AWS_ENDPOINT_URL_API_GATEWAY = apigw.url;
    await fake.close();
  }
});

test('deployment lag: an API deleted since → nothing to say; an event without restApiId → error', async () => {
  const gone = await runDeployLagCheck(cloudTrailEvent('zzzzzzzzzz', '2026-11-28T09:00:00Z'));
  assert.deepEqual([gone.notify, gone.state], [false, 'api-deleted']);
  const event = cloudTrailEvent('a1b2c3d4e5', '2026-11-28T09:00:00Z');
  (event.detail as Record<string, unknown>).requestParameters = {};
  await assert.rejects(runDeployLagCheck(event), /the event names no restApiId \(eventName PutMethod\)/);
});

test('deployment lag: the bundled deployLagHandler gives the same answer', async () => {
  const bundle = await loadBundle();
  const { value, log } = await capturingLog(() =>
    bundle.deployLagHandler(cloudTrailEvent('a1b2c3d4e5', '2026-11-28T09:00:00Z')),
  );
  const direct = await runDeployLagCheck(cloudTrailEvent('a1b2c3d4e5', '2026-11-28T09:00:00Z'));
  assert.deepEqual(value, direct);
  assert.deepEqual(
    log.map((l) => JSON.parse(l)),
    [{ restApiId: 'a1b2c3d4e5', state: 'not-deployed', notify: true }],
  );
});

// ---- the emitted folder: templates, IAM, validators ------------------------------------------

const TOOLS = { cfnLint: probeTool('cfn-lint'), cfnGuard: probeTool('cfn-guard') };

type Template = {
  Parameters?: Record<string, unknown>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, { Type: string; DependsOn?: string[]; Properties?: Record<string, unknown> }>;
  Outputs?: Record<string, unknown>;
};

/** Every Ref, GetAtt, Sub variable, DependsOn and state machine substitution resolves. */
function assertSelfConsistent(template: Template, file: string): void {
  const resources = new Set(Object.keys(template.Resources));
  const params = new Set(Object.keys(template.Parameters ?? {}));
  const known = (name: string) =>
    resources.has(name) ||
    params.has(name) ||
    /^AWS::(AccountId|Region|Partition|StackName|StackId|URLSuffix|NoValue)$/.test(name);
  const walk = (v: unknown, where: string): void => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${where}[${i}]`));
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (k === 'Ref') assert.ok(known(String(x)), `${file} ${where}: Ref ${String(x)}`);
      if (k === 'Fn::GetAtt') {
        const target = Array.isArray(x) ? String(x[0]) : String(x).split('.')[0]!;
        assert.ok(resources.has(target), `${file} ${where}: GetAtt ${target}`);
      }
      if (k === 'Fn::Sub') {
        const [text, vars] = Array.isArray(x)
          ? [String(x[0]), (x[1] ?? {}) as Record<string, unknown>]
          : [String(x), {}];
        for (const m of text.matchAll(/\$\{([^}!]+)\}/g))
          assert.ok(known(m[1]!) || m[1]! in vars, `${file} ${where}: Sub \${${m[1]}}`);
      }
      if (k !== 'Definition') walk(x, `${where}.${k}`);
    }
  };
  for (const [id, r] of Object.entries(template.Resources)) {
    for (const d of r.DependsOn ?? []) assert.ok(resources.has(d), `${file} ${id}: DependsOn ${d}`);
    walk(r, id);
    if (r.Type === 'AWS::StepFunctions::StateMachine') {
      const substitutions = Object.keys((r.Properties?.DefinitionSubstitutions ?? {}) as object);
      const used = [...JSON.stringify(r.Properties?.Definition).matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]!);
      assert.deepEqual(
        [...new Set(used)].sort(),
        substitutions.sort(),
        `${file} ${id}: every \${…} is substituted, every substitution used`,
      );
      walk(r.Properties?.DefinitionSubstitutions, `${id}.DefinitionSubstitutions`);
    }
  }
  walk(template.Outputs ?? {}, 'Outputs');
}

interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

function statements(template: Template): { role: string; statement: Statement }[] {
  const out: { role: string; statement: Statement }[] = [];
  for (const [id, r] of Object.entries(template.Resources))
    if (r.Type === 'AWS::IAM::Role')
      for (const p of (r.Properties?.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[])
        for (const statement of p.PolicyDocument.Statement) out.push({ role: id, statement });
  return out;
}

const emitted = new Map<string, string>();
async function emitFolder(flags: string[]): Promise<string> {
  const key = flags.join(' ');
  if (emitted.has(key)) return emitted.get(key)!;
  const out = mkdtempSync(join(tmpdir(), 'apigw-doctor-emit-'));
  const r = await runCli(['guard', 'config-rule', '--emit', 'cloudformation', '--out', out, ...flags]);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
  emitted.set(key, out);
  return out;
}

const load = (dir: string, file: string) => parseYaml(readFileSync(join(dir, file), 'utf8')) as Template;

test('the CLI writes the folder: templates, code, Guard rules and README', async () => {
  const out = await emitFolder([]);
  const r = await runCli(['guard', 'config-rule', '--emit', 'cloudformation', '--out', out]);
  assert.equal(
    r.stdout,
    `wrote ${out}/\n  README.md\n  deploy-lag.yaml\n  guard/apigw-deployment-tests.yaml\n  guard/apigw-deployment.guard\n  lambda/config-rule.mjs\n  template.yaml\nnext: ${out}/README.md\n`,
  );
  assert.ok(
    readFileSync(join(out, 'lambda/config-rule.mjs')).equals(readFileSync(BUNDLE)),
    'the bundled code, as built',
  );
  const org = await emitFolder(['--organization', '--minutes', '30']);
  assert.ok(existsSync(join(org, 'member-role.yaml')));
  assert.match(readFileSync(join(org, 'README.md'), 'utf8'), /--permission-model SERVICE_MANAGED/);
});

test('the CLI refuses what it cannot do, in one line, exit 2', async () => {
  for (const [args, message] of [
    [
      [],
      'apigw-doctor: guard config-rule needs --emit cloudformation (it writes files and applies nothing)\n',
    ],
    [
      ['--emit', 'cloudformation', '--minutes', '0'],
      'apigw-doctor: --minutes takes a whole number from 1 to 1440, got "0"\n',
    ],
    [
      ['--emit', 'cloudformation', '--minutes', '2.5'],
      'apigw-doctor: --minutes takes a whole number from 1 to 1440, got "2.5"\n',
    ],
  ] as const) {
    const r = await runCli(['guard', 'config-rule', ...args], { cwd: work });
    assert.equal(r.stderr, message);
    assert.equal(r.code, 2);
  }
  const r = await runCli(['guard', 'config-rule', '--emit', 'terraform']);
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /^apigw-doctor: option '--emit <format>' argument 'terraform' is invalid\. Allowed choices are cloudformation\./,
  );
});

for (const [name, flags] of [
  ['one account', []],
  ['organization', ['--organization', '--minutes', '30']],
] as const) {
  test(`${name}: templates are self-consistent, least-privilege, and pass cfn-lint`, async (t) => {
    const out = await emitFolder([...flags]);
    const files = [
      'template.yaml',
      'deploy-lag.yaml',
      ...(name === 'organization' ? ['member-role.yaml'] : []),
    ];
    const org = name === 'organization';
    for (const file of files) assertSelfConsistent(load(out, file), file);

    const rule = load(out, 'template.yaml');
    const types = Object.values(rule.Resources)
      .map((r) => r.Type)
      .sort();
    assert.deepEqual(
      types,
      [
        org ? 'AWS::Config::OrganizationConfigRule' : 'AWS::Config::ConfigRule',
        'AWS::IAM::Role',
        'AWS::Lambda::Function',
        'AWS::Lambda::Permission',
        'AWS::Logs::LogGroup',
      ].sort(),
    );
    const fn = rule.Resources.RuleFunction!.Properties!;
    assert.equal(fn.Handler, 'config-rule.handler');
    assert.deepEqual(fn.Code, { S3Bucket: { Ref: 'CodeS3Bucket' }, S3Key: { Ref: 'CodeS3Key' } });
    const permission = rule.Resources.RuleInvokePermission!.Properties!;
    assert.equal(permission.Principal, 'config.amazonaws.com');
    assert.deepEqual(permission.SourceAccount, org ? undefined : { Ref: 'AWS::AccountId' });
    if (org) {
      const meta = (rule.Resources.OrganizationRule!.Properties!.OrganizationCustomRuleMetadata ??
        {}) as Record<string, unknown>;
      assert.deepEqual(meta.LambdaFunctionArn, { 'Fn::GetAtt': ['RuleFunction', 'Arn'] });
      assert.deepEqual(meta.ResourceTypesScope, ['AWS::ApiGateway::Stage', 'AWS::ApiGateway::RestApi']);
      assert.deepEqual(fn.Environment, { Variables: { MEMBER_ROLE_NAME: { Ref: 'MemberRoleName' } } });
      const member = load(out, 'member-role.yaml');
      const trust = (
        member.Resources.MemberRole!.Properties!.AssumeRolePolicyDocument as {
          Statement: { Principal: unknown }[];
        }
      ).Statement[0]!;
      assert.deepEqual(trust.Principal, {
        AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${RuleAccountId}:role/${FunctionRoleName}' },
      });
    } else {
      const source = rule.Resources.ConfigRule!.Properties!.Source as {
        SourceDetails: { MessageType: string }[];
      };
      assert.deepEqual(
        source.SourceDetails.map((d) => d.MessageType),
        [
          'ConfigurationItemChangeNotification',
          'OversizedConfigurationItemChangeNotification',
          'ScheduledNotification',
        ],
      );
    }

    // IAM: named actions only (no wildcard in any action); "*" as a resource only where the action
    // supports no resource-level permission (config:PutEvaluations); API Gateway reads only.
    for (const file of files)
      for (const { role, statement } of statements(load(out, file))) {
        const actions = [statement.Action].flat();
        for (const a of actions) assert.doesNotMatch(a, /\*/, `${file} ${role}: action ${a}`);
        if (statement.Resource === '*')
          assert.deepEqual(actions, ['config:PutEvaluations'], `${file} ${role}: only PutEvaluations on "*"`);
        if (actions.some((a) => a.startsWith('apigateway:'))) assert.deepEqual(actions, ['apigateway:GET']);
        if (actions.includes('sts:AssumeRole'))
          assert.deepEqual(statement.Condition, {
            StringEquals: { 'aws:ResourceOrgID': { Ref: 'OrganizationId' } },
          });
      }

    const lag = load(out, 'deploy-lag.yaml');
    const machine = lag.Resources.DeploymentLagStateMachine!.Properties!.Definition as {
      States: Record<string, Record<string, unknown>>;
    };
    assert.equal(machine.States.WaitForDeployment!.Seconds, (org ? 30 : 15) * 60);
    const pattern = lag.Resources.RestApiChangeRule!.Properties!.EventPattern as {
      source: string[];
      'detail-type': string[];
      detail: { eventName: string[] };
    };
    assert.deepEqual(pattern.source, ['aws.apigateway']);
    assert.deepEqual(pattern['detail-type'], ['AWS API Call via CloudTrail']);
    for (const name of [
      'CreateResource',
      'PutMethod',
      'UpdateMethod',
      'DeleteMethod',
      'PutIntegration',
      'UpdateIntegration',
      'DeleteResource',
    ])
      assert.ok(pattern.detail.eventName.includes(name), name);
    assert.ok(!pattern.detail.eventName.includes('CreateDeployment'));
    assert.equal(lag.Resources.CheckerFunction!.Properties!.Handler, 'config-rule.deployLagHandler');

    await withTool(t, TOOLS.cfnLint, 'pip install cfn-lint', () => {
      const r = spawnSync('cfn-lint', ['--format', 'parseable', '--', ...files.map((f) => join(out, f))], {
        encoding: 'utf8',
      });
      assert.equal(r.stdout.trim(), '', `cfn-lint:\n${r.stdout}${r.stderr}`);
      assert.equal(r.status, 0, r.stderr);
    });
  });
}

// ---- CloudFormation Guard rules ----------------------------------------------------------------

test('Guard rules: every rule the unit tests name is defined (structure; runs without cfn-guard)', () => {
  const defined = [...GUARD_RULES.matchAll(/^rule (\w+)/gm)].map((m) => m[1]);
  assert.deepEqual(defined, [
    'apigw_deployment_depends_on_every_method',
    'apigw_stage_references_a_deployment',
    'apigw_stage_deployment_ref_is_a_deployment',
    'apigw_hook_stage_references_a_deployment',
  ]);
  for (const c of GUARD_TESTS)
    for (const rule of Object.keys(c.expectations.rules))
      assert.ok(defined.includes(rule), `${c.name}: ${rule}`);
  for (const expected of ['PASS', 'FAIL', 'SKIP'])
    assert.ok(
      GUARD_TESTS.some((c) => Object.values(c.expectations.rules).includes(expected)),
      `a case expecting ${expected}`,
    );
  // Every `%variable` used is declared with let (or bound as a key name).
  const declared = new Set(
    [...GUARD_RULES.matchAll(/let (\w+) =/g)].map((m) => m[1]).concat(['apigw_method_ids']),
  );
  for (const m of GUARD_RULES.matchAll(/%(\w+)/g)) assert.ok(declared.has(m[1]), `%${m[1]} is declared`);
});

test('Guard rules: cfn-guard runs their unit tests and judges the IaC corpus', async (t) => {
  const out = await emitFolder([]);
  const rules = join(out, 'guard/apigw-deployment.guard');
  await withTool(
    t,
    TOOLS.cfnGuard,
    'cfn-guard 3 (github.com/aws-cloudformation/cloudformation-guard)',
    () => {
      const unit = spawnSync(
        'cfn-guard',
        ['test', '--rules-file', rules, '--test-data', join(out, 'guard/apigw-deployment-tests.yaml')],
        { encoding: 'utf8' },
      );
      assert.equal(unit.status, 0, unit.stdout + unit.stderr);
      assert.equal((unit.stdout.match(/^Test Case #/gm) ?? []).length, GUARD_TESTS.length);
      assert.doesNotMatch(unit.stdout, /FAIL Rules:/);

      // Expectations from reading each file (see ../shared/corpus/iac/MANIFEST.json): PASS, FAIL or
      // SKIP per rule, for the CloudFormation and SAM files holding raw AWS::ApiGateway::* resources.
      const corpus = `${SHARED}corpus/iac/`;
      const expectations: Record<string, Record<string, string>> = {
        // Deployment DependsOn only the GET method; an OPTIONS method exists too.
        'serverless-patterns__apigw-cors-proxy__template.yaml': {
          apigw_deployment_depends_on_every_method: 'FAIL',
        },
        // DependsOn RootMethodGet only, of three methods; the stage refers to the deployment.
        'serverless-patterns__apigw-s3-proxy__template.yaml': {
          apigw_deployment_depends_on_every_method: 'FAIL',
          apigw_stage_references_a_deployment: 'PASS',
          apigw_stage_deployment_ref_is_a_deployment: 'PASS',
        },
        // Complete DependsOn (the Metadata version bump does not re-create it: apigw-doctor lint's job).
        'cfn-templates__Solutions__WebApp__webapp.yaml': {
          apigw_deployment_depends_on_every_method: 'PASS',
          apigw_stage_references_a_deployment: 'PASS',
        },
        // A module fragment without methods: nothing to depend on; its stage refers to its deployment.
        'cfn-templates__RainModules__rest-api.yml': {
          apigw_deployment_depends_on_every_method: 'SKIP',
          apigw_stage_references_a_deployment: 'PASS',
        },
        // No deployment or stage at all.
        'cfn-templates__APIGateway__apigateway_lambda_integration.json': {
          apigw_deployment_depends_on_every_method: 'SKIP',
          apigw_stage_references_a_deployment: 'SKIP',
        },
      };
      for (const [file, rulesExpected] of Object.entries(expectations)) {
        const r = spawnSync(
          'cfn-guard',
          ['validate', '--rules', rules, '--data', `${corpus}${file}`, '--show-summary', 'all'],
          {
            encoding: 'utf8',
          },
        );
        for (const [rule, status] of Object.entries(rulesExpected))
          assert.match(
            r.stdout,
            new RegExp(`apigw-deployment\\.guard/${rule}\\s+${status}\\b`),
            `${file}: ${rule} ${status}\n${r.stdout}`,
          );
        assert.equal(r.status, Object.values(rulesExpected).includes('FAIL') ? 19 : 0, `${file}: exit code`);
      }
      // The deliberately broken YAML is a clear parse error, not a pass.
      const broken = spawnSync(
        'cfn-guard',
        [
          'validate',
          '--rules',
          rules,
          '--data',
          `${corpus}serverless-patterns__apigw-custom-domain-edge__template.yaml`,
        ],
        {
          encoding: 'utf8',
        },
      );
      assert.notEqual(broken.status, 0);
      assert.match(broken.stdout + broken.stderr, /Parser Error/);
    },
  );
});
