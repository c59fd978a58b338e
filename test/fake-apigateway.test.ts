import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  APIGatewayClient,
  GetApiKeysCommand,
  GetAuthorizersCommand,
  GetBasePathMappingsCommand,
  GetDeploymentCommand,
  GetDeploymentsCommand,
  GetDomainNameCommand,
  GetDomainNamesCommand,
  GetExportCommand,
  GetGatewayResponsesCommand,
  GetModelsCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStageCommand,
  GetStagesCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
  NotFoundException,
  TooManyRequestsException,
  paginateGetResources,
  paginateGetRestApis,
} from '@aws-sdk/client-api-gateway';
import {
  ApiGatewayV2Client,
  GetApiCommand,
  GetApiMappingsCommand,
  GetApisCommand,
  GetAuthorizersCommand as GetV2AuthorizersCommand,
  GetDeploymentsCommand as GetV2DeploymentsCommand,
  GetDomainNameCommand as GetV2DomainNameCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStagesCommand as GetV2StagesCommand,
  ListRoutingRulesCommand,
  NotFoundException as V2NotFoundException,
} from '@aws-sdk/client-apigatewayv2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startFakeApiGateway, type FakeApiGateway, type FakeOptions } from './fake/apigateway-server.js';

// The loopback API Gateway fake, read back through the real AWS SDK v3 clients (no mocks): whatever the
// SDK makes of the fake's wire responses must equal what the snapshot holds.

type Json = Record<string, unknown>;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOP: Json = JSON.parse(readFileSync(`${ROOT}examples/shop/snapshot.json`, 'utf8')) as Json;
const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) current = (current as Record<string | number, unknown> | undefined)?.[key];
  return current;
}
function list(value: unknown, ...path: (string | number)[]): Json[] {
  const found = at(value, ...path);
  assert.ok(Array.isArray(found), `expected a list at ${path.join('.')}`);
  return found as Json[];
}

const SHOP_REGION = list(SHOP, 'accounts', 0, 'regions')[0]!;
const restEntry = (id: string): Json =>
  list(SHOP_REGION, 'restApis').find((e) => at(e, 'restApi', 'id') === id)!;
const HTTP_ENTRY = list(SHOP_REGION, 'httpApis')[0]!;

const DATE_KEYS = new Set([
  'createdDate',
  'lastUpdatedDate',
  'certificateUploadDate',
  'CreatedDate',
  'LastUpdatedDate',
  'CertificateUploadDate',
]);

/** The snapshot as the SDK should hand it back: timestamps as Date objects, nothing else changed. */
function expected(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expected);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      DATE_KEYS.has(k) && typeof v === 'string' ? new Date(v) : expected(v),
    ]),
  );
}

/** SDK output as plain data: `$metadata` dropped, objects rebuilt as plain objects (Dates kept). */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k, v]) => k !== '$metadata' && v !== undefined)
      .map(([k, v]) => [k, plain(v)]),
  );
}

/** Seconds between the first and the last call the fake received. */
function arrivalSpan(fake: FakeApiGateway): number {
  const times = fake.calls.map((call) => call.at);
  return (Math.max(...times) - Math.min(...times)) / 1000;
}

function assertSame(actual: unknown, snapshotPart: unknown, message?: string): void {
  assert.deepStrictEqual(plain(actual), expected(snapshotPart), message);
}

interface Clients {
  fake: FakeApiGateway;
  v1: APIGatewayClient;
  v2: ApiGatewayV2Client;
  sts: STSClient;
}

async function startWith(
  options: FakeOptions,
  clientOptions: { maxAttempts?: number; region?: string } = {},
) {
  const fake = await startFakeApiGateway(options);
  const config = {
    endpoint: fake.url,
    region: clientOptions.region ?? REGION,
    credentials,
    ...clientOptions,
  };
  const clients: Clients = {
    fake,
    v1: new APIGatewayClient(config),
    v2: new ApiGatewayV2Client(config),
    sts: new STSClient(config),
  };
  return clients;
}

function stop(clients: Clients): Promise<void> {
  clients.v1.destroy();
  clients.v2.destroy();
  clients.sts.destroy();
  return clients.fake.close();
}

describe('fake API Gateway, read through the real SDK', () => {
  let c: Clients;
  before(async () => {
    c = await startWith({ snapshot: SHOP });
  });
  after(() => stop(c));

  test('listens on loopback only', () => {
    assert.match(c.fake.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('GetRestApis: the SDK member items comes off the wire key item, dates as Date', async () => {
    const out = await c.v1.send(new GetRestApisCommand({}));
    assertSame(out.items, list(SHOP_REGION, 'restApiList', 'items'));
    assert.ok(out.items?.[0]?.createdDate instanceof Date);
    assert.equal(out.items[0].createdDate.toISOString(), '2025-03-02T10:00:00.000Z');
    assert.equal(out.position, undefined);
  });

  test('GetRestApis paginates with limit and position', async () => {
    const ids: string[] = [];
    for await (const page of paginateGetRestApis({ client: c.v1, pageSize: 1 }, {})) {
      assert.ok((page.items ?? []).length <= 1);
      ids.push(...(page.items ?? []).map((a) => a.id!));
    }
    assert.deepEqual(ids, ['a1b2c3d4e5', 'p9q8r7s6t5', 'i1n2t3e4r5']);
  });

  test('GetRestApi returns each API as the snapshot holds it (policy, tags, endpoint configuration)', async () => {
    for (const entry of list(SHOP_REGION, 'restApis')) {
      const restApiId = at(entry, 'restApi', 'id') as string;
      const out = await c.v1.send(new GetRestApiCommand({ restApiId }));
      assertSame(out, entry.restApi, restApiId);
    }
  });

  test('GetResources with embed=methods, two per page, reassembles the snapshot', async () => {
    const before = c.fake.calls.length;
    const items = [];
    let pages = 0;
    for await (const page of paginateGetResources(
      { client: c.v1, pageSize: 2 },
      { restApiId: 'a1b2c3d4e5', embed: ['methods'] },
    )) {
      pages++;
      assert.ok((page.items ?? []).length <= 2);
      items.push(...(page.items ?? []));
    }
    const snapshotItems = list(restEntry('a1b2c3d4e5'), 'resources', 'items');
    assertSame(items, snapshotItems);
    assert.equal(pages, Math.ceil(snapshotItems.length / 2));
    const calls = c.fake.calls.slice(before);
    assert.equal(calls.length, pages);
    assert.ok(calls.every((call) => call.operation === 'GetResources' && call.service === 'apigateway'));
    assert.ok(calls.every((call) => call.query.limit === '2' && call.query.embed === 'methods'));
    assert.equal(calls[0]!.query.position, undefined);
    assert.ok(calls.slice(1).every((call) => typeof call.query.position === 'string'));
    assert.equal(calls[0]!.path, '/restapis/a1b2c3d4e5/resources');
  });

  test('GetResources defaults to 25 a page; without embed the methods are empty objects', async () => {
    const out = await c.v1.send(new GetResourcesCommand({ restApiId: 'a1b2c3d4e5' }));
    const snapshotItems = list(restEntry('a1b2c3d4e5'), 'resources', 'items');
    assert.equal(out.items?.length, Math.min(25, snapshotItems.length));
    const orders = out.items?.find((r) => r.path === '/orders');
    assert.deepEqual(plain(orders?.resourceMethods), { GET: {}, POST: {} });
    const admin = out.items?.find((r) => r.path === '/admin');
    assert.equal(admin?.resourceMethods, undefined);
  });

  test('GetStages (member item both ways), GetStage, and the deploymentId filter', async () => {
    const entry = restEntry('a1b2c3d4e5');
    const all = await c.v1.send(new GetStagesCommand({ restApiId: 'a1b2c3d4e5' }));
    assertSame(all.item, list(entry, 'stages', 'item'));
    assert.ok(all.item?.[0]?.lastUpdatedDate instanceof Date);
    const filtered = await c.v1.send(
      new GetStagesCommand({ restApiId: 'a1b2c3d4e5', deploymentId: 'dstag0002' }),
    );
    assert.deepEqual(
      filtered.item?.map((s) => s.stageName),
      ['staging'],
    );
    const prod = await c.v1.send(new GetStageCommand({ restApiId: 'a1b2c3d4e5', stageName: 'prod' }));
    assertSame(prod, list(entry, 'stages', 'item')[0]);
  });

  test('GetDeployment with embed=apisummary carries apiSummary; without it, and in GetDeployments, not', async () => {
    const deployments = list(restEntry('a1b2c3d4e5'), 'deployments');
    for (const deployment of deployments) {
      const out = await c.v1.send(
        new GetDeploymentCommand({
          restApiId: 'a1b2c3d4e5',
          deploymentId: deployment.id as string,
          embed: ['apisummary'],
        }),
      );
      assertSame(out, deployment);
    }
    const bare = await c.v1.send(
      new GetDeploymentCommand({ restApiId: 'a1b2c3d4e5', deploymentId: 'dprod0001' }),
    );
    const { apiSummary: _omit, ...withoutSummary } = deployments[0]!;
    assertSame(bare, withoutSummary);
    const listed = await c.v1.send(new GetDeploymentsCommand({ restApiId: 'a1b2c3d4e5' }));
    assert.equal(listed.items?.length, deployments.length);
    assert.ok(listed.items?.every((d) => d.apiSummary === undefined && d.createdDate instanceof Date));
  });

  test('GetExport (oas30, extensions=apigateway, Accept application/json) returns the raw document', async () => {
    const out = await c.v1.send(
      new GetExportCommand({
        restApiId: 'a1b2c3d4e5',
        stageName: 'prod',
        exportType: 'oas30',
        parameters: { extensions: 'apigateway' },
        accepts: 'application/json',
      }),
    );
    assert.equal(out.contentType, 'application/json');
    assert.match(out.contentDisposition ?? '', /^attachment; filename="oas30_.+\.json"$/);
    assert.ok(out.body instanceof Uint8Array);
    const doc = JSON.parse(Buffer.from(out.body).toString('utf8')) as unknown;
    assert.deepStrictEqual(doc, at(restEntry('a1b2c3d4e5'), 'exports', 'prod'));
    const call = c.fake.calls.at(-1)!;
    assert.equal(call.operation, 'GetExport');
    assert.equal(call.path, '/restapis/a1b2c3d4e5/stages/prod/exports/oas30');
    assert.equal(call.query.extensions, 'apigateway');

    const bare = await c.v1.send(
      new GetExportCommand({
        restApiId: 'a1b2c3d4e5',
        stageName: 'prod',
        exportType: 'oas30',
        accepts: 'application/json',
      }),
    );
    assert.doesNotMatch(Buffer.from(bare.body!).toString('utf8'), /x-amazon-apigateway-/);
  });

  test('GetAuthorizers, GetGatewayResponses, GetApiKeys, GetUsagePlans', async () => {
    const authorizers = await c.v1.send(new GetAuthorizersCommand({ restApiId: 'a1b2c3d4e5' }));
    assertSame(authorizers.items, list(restEntry('a1b2c3d4e5'), 'authorizers', 'items'));
    const responses = await c.v1.send(new GetGatewayResponsesCommand({ restApiId: 'p9q8r7s6t5' }));
    assertSame(responses.items, list(restEntry('p9q8r7s6t5'), 'gatewayResponses', 'items'));
    const keys = await c.v1.send(new GetApiKeysCommand({ includeValues: true }));
    assertSame(keys.items, list(SHOP_REGION, 'apiKeys', 'items'));
    assert.equal(c.fake.calls.at(-1)!.query.includeValues, 'true');
    const plans = await c.v1.send(new GetUsagePlansCommand({}));
    assertSame(plans.items, list(SHOP_REGION, 'usagePlans', 'items'));
  });

  test('domain names and base path mappings (apigateway)', async () => {
    const domains = await c.v1.send(new GetDomainNamesCommand({}));
    assertSame(
      domains.items,
      list(SHOP_REGION, 'domainNames').map((e) => e.domainName),
    );
    for (const entry of list(SHOP_REGION, 'domainNames')) {
      const domainName = at(entry, 'domainName', 'domainName') as string;
      assertSame(await c.v1.send(new GetDomainNameCommand({ domainName })), entry.domainName);
      const mappings = await c.v1.send(new GetBasePathMappingsCommand({ domainName }));
      assertSame(mappings.items, list(entry, 'basePathMappings', 'items'));
    }
  });

  test('apigatewayv2: GetApis, GetApi, GetRoutes, GetStages, GetDeployments, GetIntegrations, GetAuthorizers', async () => {
    const ApiId = 'h7t7p9a1b2';
    assertSame((await c.v2.send(new GetApisCommand({}))).Items, list(SHOP_REGION, 'httpApiList', 'Items'));
    const api = await c.v2.send(new GetApiCommand({ ApiId }));
    assertSame(api, HTTP_ENTRY.api);
    assert.ok(api.CreatedDate instanceof Date);
    assertSame((await c.v2.send(new GetRoutesCommand({ ApiId }))).Items, list(HTTP_ENTRY, 'routes', 'Items'));
    const stages = await c.v2.send(new GetV2StagesCommand({ ApiId }));
    assertSame(stages.Items, list(HTTP_ENTRY, 'stages', 'Items'));
    assert.equal(stages.Items?.[0]?.LastUpdatedDate?.toISOString(), '2026-10-01T10:00:00.000Z');
    assertSame(
      (await c.v2.send(new GetV2DeploymentsCommand({ ApiId }))).Items,
      list(HTTP_ENTRY, 'deployments', 'Items'),
    );
    assertSame(
      (await c.v2.send(new GetIntegrationsCommand({ ApiId }))).Items,
      list(HTTP_ENTRY, 'integrations', 'Items'),
    );
    assertSame((await c.v2.send(new GetV2AuthorizersCommand({ ApiId }))).Items, []);
    const call = c.fake.calls.at(-1)!;
    assert.equal(call.service, 'apigatewayv2');
    assert.equal(call.operation, 'GetAuthorizers');
    assert.equal(call.path, `/v2/apis/${ApiId}/authorizers`);
  });

  test('apigatewayv2 pagination with MaxResults and NextToken', async () => {
    const keys: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await c.v2.send(new GetRoutesCommand({ ApiId: 'h7t7p9a1b2', MaxResults: '2', NextToken }));
      pages++;
      assert.ok((page.Items ?? []).length <= 2);
      keys.push(...(page.Items ?? []).map((r) => r.RouteKey!));
      NextToken = page.NextToken;
    } while (NextToken);
    assert.equal(pages, 2);
    assert.deepEqual(
      keys,
      list(HTTP_ENTRY, 'routes', 'Items').map((r) => r.RouteKey),
    );
  });

  test('apigatewayv2 domain view: GetApiMappings, GetDomainName (derived from the REST shape), ListRoutingRules', async () => {
    const entry = list(SHOP_REGION, 'domainNames')[0]!;
    const mappings = await c.v2.send(new GetApiMappingsCommand({ DomainName: 'api.shop.example.com' }));
    assertSame(mappings.Items, list(entry, 'apiMappings', 'Items'));
    const domain = await c.v2.send(new GetV2DomainNameCommand({ DomainName: 'api.shop.example.com' }));
    assert.equal(domain.DomainName, 'api.shop.example.com');
    assert.equal(domain.RoutingMode, 'API_MAPPING_ONLY');
    assert.deepStrictEqual(plain(domain.DomainNameConfigurations), [
      {
        ApiGatewayDomainName: 'd-abc123xyz0.execute-api.eu-west-1.amazonaws.com',
        DomainNameStatus: 'AVAILABLE',
        EndpointType: 'REGIONAL',
        HostedZoneId: 'Z2FDTNDATAQYW2',
        SecurityPolicy: 'TLS_1_2',
      },
    ]);
    const rules = await c.v2.send(new ListRoutingRulesCommand({ DomainName: 'api.shop.example.com' }));
    assert.deepEqual(rules.RoutingRules, []);
    // legacy.shop.example.com has only base path mappings: the v2 view is derived from them.
    const legacy = await c.v2.send(new GetApiMappingsCommand({ DomainName: 'legacy.shop.example.com' }));
    assert.deepEqual(
      legacy.Items?.map((m) => [m.ApiId, m.ApiMappingKey, m.Stage]),
      [['a1b2c3d4e5', 'v2', 'staging']],
    );
  });

  test('STS GetCallerIdentity answers with the snapshot account', async () => {
    const out = await c.sts.send(new GetCallerIdentityCommand({}));
    assert.equal(out.Account, ACCOUNT);
    assert.equal(out.Arn, `arn:aws:iam::${ACCOUNT}:user/fake`);
    assert.equal(out.UserId, 'AIDAEXAMPLE');
    assert.ok(out.$metadata.requestId);
    const call = c.fake.calls.at(-1)!;
    assert.deepEqual(
      [call.service, call.operation, call.method, call.path],
      ['sts', 'GetCallerIdentity', 'POST', '/'],
    );
  });

  test('unknown ids are NotFoundException with AWS messages', async () => {
    const api = await c.v1.send(new GetRestApiCommand({ restApiId: 'xyz' })).catch((e: unknown) => e);
    assert.ok(api instanceof NotFoundException);
    assert.equal(api.message, `Invalid API identifier specified ${ACCOUNT}:xyz`);
    assert.equal(api.$metadata.httpStatusCode, 404);
    // REST API ids are case-sensitive (recorded: get-api-upper-case).
    const upper = await c.v1
      .send(new GetRestApiCommand({ restApiId: 'A1B2C3D4E5' }))
      .catch((e: unknown) => e);
    assert.ok(upper instanceof NotFoundException);
    const stage = await c.v1
      .send(new GetStageCommand({ restApiId: 'a1b2c3d4e5', stageName: 'nope' }))
      .catch((e: unknown) => e);
    assert.ok(stage instanceof NotFoundException);
    assert.equal(stage.message, 'Invalid Stage identifier specified');
    const deployment = await c.v1
      .send(new GetDeploymentCommand({ restApiId: 'a1b2c3d4e5', deploymentId: 'nope' }))
      .catch((e: unknown) => e);
    assert.ok(deployment instanceof NotFoundException);
    assert.equal(deployment.message, 'Invalid Deployment identifier specified');
    const v2 = await c.v2.send(new GetApiCommand({ ApiId: 'a1b2c3d4e5' })).catch((e: unknown) => e);
    assert.ok(v2 instanceof V2NotFoundException, 'a REST API id is not an HTTP API');
    assert.equal(v2.message, `Invalid API identifier specified ${ACCOUNT}:a1b2c3d4e5`);
    const domain = await c.v1
      .send(new GetDomainNameCommand({ domainName: 'nope.example.com' }))
      .catch((e: unknown) => e);
    assert.ok(domain instanceof NotFoundException);
  });

  test('an operation the fake does not serve is a 404 UnknownOperationException', async () => {
    const error = (await c.v1
      .send(new GetModelsCommand({ restApiId: 'a1b2c3d4e5' }))
      .catch((e: unknown) => e)) as Error & {
      $metadata: { httpStatusCode?: number };
    };
    assert.equal(error.name, 'UnknownOperationException');
    assert.equal(error.$metadata.httpStatusCode, 404);
  });

  test('calls are recorded with service, operation, region and access key', () => {
    assert.ok(c.fake.calls.length > 20);
    for (const call of c.fake.calls) {
      assert.equal(call.region, REGION);
      assert.equal(call.accessKeyId, credentials.accessKeyId);
      assert.ok(call.status >= 200);
      assert.ok(call.at >= 0);
    }
    const restApis = c.fake.calls.find((call) => call.operation === 'GetRestApis')!;
    assert.deepEqual([restApis.service, restApis.method, restApis.path], ['apigateway', 'GET', '/restapis']);
  });

  test('unsigned request (plain fetch) is 403 Missing Authentication Token', async () => {
    const response = await fetch(`${c.fake.url}/restapis`);
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    assert.deepEqual(await response.json(), { message: 'Missing Authentication Token' });
    const call = c.fake.calls.at(-1)!;
    assert.deepEqual([call.operation, call.status, call.accessKeyId], ['GetRestApis', 403, '']);
  });
});

describe('fake API Gateway: regions, signatures, faults, permissions, quotas, latency', () => {
  test('a region absent from the snapshot is empty', async () => {
    const c = await startWith({ snapshot: SHOP }, { region: 'us-east-1' });
    try {
      assert.deepEqual((await c.v1.send(new GetRestApisCommand({}))).items, []);
      assert.deepEqual((await c.v2.send(new GetApisCommand({}))).Items, []);
      const error = await c.v1
        .send(new GetRestApiCommand({ restApiId: 'a1b2c3d4e5' }))
        .catch((e: unknown) => e);
      assert.ok(error instanceof NotFoundException);
      assert.equal(c.fake.calls[0]!.region, 'us-east-1');
    } finally {
      await stop(c);
    }
  });

  test('the signature is checked: a wrong secret key is 403 InvalidSignatureException', async () => {
    const fake = await startFakeApiGateway({ snapshot: SHOP });
    const client = new APIGatewayClient({
      endpoint: fake.url,
      region: REGION,
      credentials: { ...credentials, secretAccessKey: 'not-the-secret' },
      maxAttempts: 1,
    });
    try {
      const error = (await client.send(new GetRestApisCommand({})).catch((e: unknown) => e)) as Error & {
        $metadata: { httpStatusCode?: number };
      };
      assert.equal(error.name, 'InvalidSignatureException');
      assert.equal(error.$metadata.httpStatusCode, 403);
      assert.match(error.message, /signature we calculated does not match/);
    } finally {
      client.destroy();
      await fake.close();
    }
  });

  test('map keys survive the v2 PascalCase → camelCase conversion; v2 routing rules round-trip', async () => {
    const snapshot = structuredClone(SHOP);
    const region = list(snapshot, 'accounts', 0, 'regions')[0]!;
    const http = list(region, 'httpApis')[0]!;
    const stage = list(http, 'stages', 'Items')[0]!;
    stage.StageVariables = { LambdaAlias: 'Live', lower: 'x' };
    stage.RouteSettings = { 'GET /notifications': { ThrottlingBurstLimit: 5, ThrottlingRateLimit: 1 } };
    stage.Tags = { Team: 'Notify' };
    const rules = [
      {
        Actions: [{ InvokeApi: { ApiId: 'a1b2c3d4e5', Stage: 'prod', StripBasePath: false } }],
        Conditions: [{ MatchHeaders: { AnyOf: [{ Header: 'X-Version', ValueGlob: 'beta*' }] } }],
        Priority: 10,
        RoutingRuleArn:
          'arn:aws:apigateway:eu-west-1:123456789012:/domainnames/api.shop.example.com/routingrules/rr1',
        RoutingRuleId: 'rr1',
      },
    ];
    list(region, 'domainNames')[0]!.routingRules = { RoutingRules: rules };
    const c = await startWith({ snapshot });
    try {
      const stages = await c.v2.send(new GetV2StagesCommand({ ApiId: 'h7t7p9a1b2' }));
      assertSame(stages.Items, [stage]);
      const listed = await c.v2.send(new ListRoutingRulesCommand({ DomainName: 'api.shop.example.com' }));
      assertSame(listed.RoutingRules, rules);
    } finally {
      await stop(c);
    }
  });

  test('GetApiKeys hides key values unless includeValues; GetUsagePlanKeys and the keyId filter', async () => {
    const snapshot = structuredClone(SHOP);
    const region = list(snapshot, 'accounts', 0, 'regions')[0]!;
    list(region, 'apiKeys', 'items')[0]!.value = 'k3yV4lu3';
    const planKeys = {
      items: [{ id: 'key0000001', type: 'API_KEY', name: 'mobile-app', value: 'k3yV4lu3' }],
    };
    region.usagePlanKeys = { plan000001: planKeys };
    const c = await startWith({ snapshot });
    try {
      const hidden = await c.v1.send(new GetApiKeysCommand({}));
      assert.equal(hidden.items?.[0]?.id, 'key0000001');
      assert.equal(hidden.items?.[0]?.value, undefined);
      const shown = await c.v1.send(new GetApiKeysCommand({ includeValues: true }));
      assert.equal(shown.items?.[0]?.value, 'k3yV4lu3');
      const keys = await c.v1.send(new GetUsagePlanKeysCommand({ usagePlanId: 'plan000001' }));
      assertSame(keys.items, planKeys.items);
      const byKey = await c.v1.send(new GetUsagePlansCommand({ keyId: 'key0000001' }));
      assert.deepEqual(
        byKey.items?.map((p) => p.id),
        ['plan000001'],
      );
      assert.deepEqual((await c.v1.send(new GetUsagePlansCommand({ keyId: 'other' }))).items, []);
      const missing = await c.v1
        .send(new GetUsagePlanKeysCommand({ usagePlanId: 'nope' }))
        .catch((e: unknown) => e);
      assert.ok(missing instanceof NotFoundException);
    } finally {
      await stop(c);
    }
  });

  test('TooManyRequestsException twice, then success: the SDK retries and succeeds', async () => {
    const c = await startWith({
      snapshot: SHOP,
      faults: [
        {
          operation: 'GetRestApi',
          times: 2,
          status: 429,
          errorType: 'TooManyRequestsException',
          message: 'Too Many Requests',
        },
      ],
    });
    try {
      const out = await c.v1.send(new GetRestApiCommand({ restApiId: 'a1b2c3d4e5' }));
      assert.equal(out.id, 'a1b2c3d4e5');
      assert.equal(out.$metadata.attempts, 3);
      const calls = c.fake.calls.filter((call) => call.operation === 'GetRestApi');
      assert.deepEqual(
        calls.map((call) => call.status),
        [429, 429, 200],
      );
      // The fault is spent; another operation was never affected.
      assert.equal(
        (await c.v1.send(new GetRestApiCommand({ restApiId: 'a1b2c3d4e5' }))).$metadata.attempts,
        1,
      );
    } finally {
      await stop(c);
    }
  });

  test('a fault without retries reaches the caller as the modeled exception', async () => {
    const c = await startWith(
      {
        snapshot: SHOP,
        faults: [
          {
            operation: 'GetResources',
            status: 429,
            errorType: 'TooManyRequestsException',
            message: 'Slow down',
          },
        ],
      },
      { maxAttempts: 1 },
    );
    try {
      const error = await c.v1
        .send(new GetResourcesCommand({ restApiId: 'a1b2c3d4e5' }))
        .catch((e: unknown) => e);
      assert.ok(error instanceof TooManyRequestsException);
      assert.equal(error.message, 'Slow down');
      assert.equal(error.retryAfterSeconds, '1');
    } finally {
      await stop(c);
    }
  });

  test('denied operations are 403 AccessDeniedException; the others still answer', async () => {
    const c = await startWith(
      { snapshot: SHOP, denied: ['GetExport', 'apigatewayv2:GetRoutes'] },
      { maxAttempts: 1 },
    );
    try {
      const error = (await c.v1
        .send(new GetExportCommand({ restApiId: 'a1b2c3d4e5', stageName: 'prod', exportType: 'oas30' }))
        .catch((e: unknown) => e)) as Error & { $metadata: { httpStatusCode?: number } };
      assert.equal(error.name, 'AccessDeniedException');
      assert.equal(error.$metadata.httpStatusCode, 403);
      assert.match(error.message, /is not authorized to perform: apigateway:GET/);
      const v2 = (await c.v2
        .send(new GetRoutesCommand({ ApiId: 'h7t7p9a1b2' }))
        .catch((e: unknown) => e)) as Error;
      assert.equal(v2.name, 'AccessDeniedException');
      assert.equal((await c.v1.send(new GetStagesCommand({ restApiId: 'a1b2c3d4e5' }))).item?.length, 2);
      assert.equal((await c.v2.send(new GetV2StagesCommand({ ApiId: 'h7t7p9a1b2' }))).Items?.length, 1);
    } finally {
      await stop(c);
    }
  });

  test('quotas: 60 GetResources at once exceed 5 per 2 s; some get 429 with Retry-After', async () => {
    const c = await startWith({ snapshot: SHOP, enforceQuotas: true }, { maxAttempts: 1 });
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 60 }, () => c.v1.send(new GetResourcesCommand({ restApiId: 'a1b2c3d4e5' }))),
      );
      const ok = results.filter((r) => r.status === 'fulfilled').length;
      const throttled = results.filter(
        (r) => r.status === 'rejected' && r.reason instanceof TooManyRequestsException,
      ) as PromiseRejectedResult[];
      // 5 at once, then 2.5 a second while the 60 arrive (the bound follows the fake's own clock, so a slow
      // machine does not make this flaky).
      assert.ok(ok >= 5 && ok <= 5 + Math.ceil(2.5 * arrivalSpan(c.fake)) + 1, `${ok} succeeded`);
      assert.ok(throttled.length >= 30, `${throttled.length} throttled`);
      assert.equal(ok + throttled.length, 60);
      assert.ok(
        throttled.every((r) => Number((r.reason as TooManyRequestsException).retryAfterSeconds) >= 1),
      );
      assert.equal(c.fake.calls.filter((call) => call.status === 429).length, throttled.length);
    } finally {
      await stop(c);
    }
  });

  test('quotas: the account-wide burst is 40', async () => {
    const c = await startWith({ snapshot: SHOP, enforceQuotas: true }, { maxAttempts: 1 });
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 60 }, () => c.v1.send(new GetRestApiCommand({ restApiId: 'a1b2c3d4e5' }))),
      );
      const ok = results.filter((r) => r.status === 'fulfilled').length;
      assert.ok(ok >= 40 && ok <= 40 + Math.ceil(10 * arrivalSpan(c.fake)) + 1, `${ok} succeeded`);
      assert.ok(ok < 60, 'some calls were throttled');
    } finally {
      await stop(c);
    }
  });

  test('latency: parallel calls overlap, sequential ones add up', async () => {
    const latencyMs = 200;
    const c = await startWith({ snapshot: SHOP, latencyMs });
    try {
      const t0 = performance.now();
      await Promise.all(
        ['prod', 'staging'].map((stageName) =>
          c.v1.send(new GetStageCommand({ restApiId: 'a1b2c3d4e5', stageName })),
        ),
      );
      const parallel = performance.now() - t0;
      await c.v1.send(new GetStageCommand({ restApiId: 'a1b2c3d4e5', stageName: 'prod' }));
      await c.v1.send(new GetStageCommand({ restApiId: 'a1b2c3d4e5', stageName: 'staging' }));
      assert.ok(parallel >= latencyMs - 5 && parallel < 2 * latencyMs, `parallel round took ${parallel} ms`);
      const [a, b, seq1, seq2] = c.fake.calls.map((call) => call.at);
      assert.ok(
        Math.abs(a! - b!) < latencyMs,
        'the second parallel call arrived before the first was answered',
      );
      assert.ok(seq2! - seq1! >= latencyMs - 5, 'a sequential call waits for the previous answer');
    } finally {
      await stop(c);
    }
  });
});
