import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  APIGatewayClient,
  BadRequestException,
  ConflictException,
  CreateBasePathMappingCommand,
  CreateDeploymentCommand,
  DeleteBasePathMappingCommand,
  DeleteDeploymentCommand,
  DeleteGatewayResponseCommand,
  DeleteMethodCommand,
  GetApiKeysCommand,
  GetAuthorizersCommand,
  GetBasePathMappingsCommand,
  GetDeploymentCommand,
  GetDeploymentsCommand,
  GetDomainNameCommand,
  GetDomainNamesCommand,
  GetExportCommand,
  GetGatewayResponseCommand,
  GetGatewayResponsesCommand,
  GetIntegrationCommand,
  GetMethodCommand,
  GetModelsCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStageCommand,
  GetStagesCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
  NotFoundException,
  PutGatewayResponseCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  TooManyRequestsException,
  UpdateMethodCommand,
  UpdateStageCommand,
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
        // 120 calls, so that some are throttled even when a loaded machine spreads their arrival.
        Array.from({ length: 120 }, () => c.v1.send(new GetRestApiCommand({ restApiId: 'a1b2c3d4e5' }))),
      );
      const ok = results.filter((r) => r.status === 'fulfilled').length;
      assert.ok(ok >= 40 && ok <= 40 + Math.ceil(10 * arrivalSpan(c.fake)) + 1, `${ok} succeeded`);
      assert.ok(ok < 120, 'some calls were throttled');
    } finally {
      await stop(c);
    }
  });

  test('latency: parallel calls overlap, sequential ones add up', async () => {
    const latencyMs = 200;
    const c = await startWith({ snapshot: SHOP, latencyMs });
    try {
      // Warm the client (credentials, endpoint) so the timed round measures the fake, not the SDK.
      await c.v1.send(new GetStageCommand({ restApiId: 'a1b2c3d4e5', stageName: 'prod' }));
      c.fake.calls.length = 0;
      const t0 = performance.now();
      await Promise.all(
        ['prod', 'staging'].map((stageName) =>
          c.v1.send(new GetStageCommand({ restApiId: 'a1b2c3d4e5', stageName })),
        ),
      );
      const parallel = performance.now() - t0;
      await c.v1.send(new GetStageCommand({ restApiId: 'a1b2c3d4e5', stageName: 'prod' }));
      await c.v1.send(new GetStageCommand({ restApiId: 'a1b2c3d4e5', stageName: 'staging' }));
      // Overlap is proven by the arrival times below; wall time only bounds it from below (load-proof).
      assert.ok(parallel >= latencyMs - 5, `parallel round took ${parallel} ms`);
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

// ---- writes: what a "fix" changes, read back through the SDK ------------------------------------

/** A private copy of the shop snapshot (writes change the snapshot the fake holds), with accessors. */
function shopCopy() {
  const snapshot = structuredClone(SHOP);
  const region = list(snapshot, 'accounts', 0, 'regions')[0]!;
  const rest = (id: string): Json => list(region, 'restApis').find((e) => at(e, 'restApi', 'id') === id)!;
  return { snapshot, region, rest };
}

async function exportOf(c: Clients, stageName: string, restApiId = 'a1b2c3d4e5'): Promise<Json> {
  const out = await c.v1.send(
    new GetExportCommand({
      restApiId,
      stageName,
      exportType: 'oas30',
      parameters: { extensions: 'apigateway' },
      accepts: 'application/json',
    }),
  );
  return JSON.parse(Buffer.from(out.body!).toString('utf8')) as Json;
}

/** A stored export as another stage would serve it, from a deployment made at `date`. */
function restaged(doc: unknown, stageName: string, date: Date): Json {
  const copy = structuredClone(doc) as Json;
  (at(copy, 'servers', 0, 'variables', 'basePath') as Json).default = stageName;
  (copy.info as Json).version = date.toISOString().replace('.000Z', 'Z');
  return copy;
}

const API = 'a1b2c3d4e5';
const moveTo = (stageName: string, deploymentId: string) =>
  new UpdateStageCommand({
    restApiId: API,
    stageName,
    patchOperations: [{ op: 'replace', path: '/deploymentId', value: deploymentId }],
  });

describe('fake API Gateway: writes (deployments, stages)', () => {
  test('CreateDeployment on prod moves the stage; apiSummary and export follow the current resources; UpdateStage back restores the old export', async () => {
    const shop = shopCopy();
    const c = await startWith({ snapshot: shop.snapshot });
    try {
      const out = await c.v1.send(
        new CreateDeploymentCommand({ restApiId: API, stageName: 'prod', description: 'reviews to prod' }),
      );
      assert.equal(out.$metadata.httpStatusCode, 201);
      assert.match(out.id ?? '', /^[a-z0-9]{6}$/);
      assert.equal(out.description, 'reviews to prod');
      assert.ok(out.createdDate instanceof Date);
      assert.equal(out.apiSummary, undefined, 'CreateDeployment answers id, description, createdDate');
      const id = out.id!;

      const stage = await c.v1.send(new GetStageCommand({ restApiId: API, stageName: 'prod' }));
      assert.equal(stage.deploymentId, id);
      assert.equal(stage.lastUpdatedDate?.getTime(), out.createdDate.getTime());

      const deployment = await c.v1.send(
        new GetDeploymentCommand({ restApiId: API, deploymentId: id, embed: ['apisummary'] }),
      );
      assert.deepEqual(plain(deployment.apiSummary?.['/reviews']), {
        POST: { authorizationType: 'NONE', apiKeyRequired: false },
        GET: { authorizationType: 'NONE', apiKeyRequired: false },
      });
      // The current resources are what staging serves: the same summary as its deployment.
      assertSame(deployment.apiSummary, list(restEntry(API), 'deployments')[1]!.apiSummary);
      const listed = await c.v1.send(new GetDeploymentsCommand({ restApiId: API }));
      assert.deepEqual(
        listed.items?.map((d) => d.id),
        ['dprod0001', 'dstag0002', id],
      );

      const served = await exportOf(c, 'prod');
      assert.equal(
        at(served, 'paths', '/reviews', 'post', 'x-amazon-apigateway-integration', 'type'),
        'aws_proxy',
      );
      // Built by the fake, it is the stored staging document, for prod and this deployment's date.
      assert.deepStrictEqual(
        served,
        restaged(at(restEntry(API), 'exports', 'staging'), 'prod', out.createdDate),
      );
      assert.deepStrictEqual(await exportOf(c, 'staging'), at(restEntry(API), 'exports', 'staging'));
      // The snapshot the fake holds is what changed.
      assert.equal(at(shop.rest(API), 'stages', 'item', 0, 'deploymentId'), id);
      assert.equal(list(shop.rest(API), 'deployments').length, 3);

      const back = await c.v1.send(moveTo('prod', 'dprod0001'));
      assert.equal(back.$metadata.httpStatusCode, 200);
      assert.equal(back.deploymentId, 'dprod0001');
      assert.equal(back.stageName, 'prod');
      assert.deepStrictEqual(await exportOf(c, 'prod'), at(restEntry(API), 'exports', 'prod'));
      assert.equal(at(await exportOf(c, 'prod'), 'paths', '/reviews'), undefined);
      await c.v1.send(moveTo('prod', id));
      assert.deepStrictEqual(await exportOf(c, 'prod'), served);

      assert.deepEqual(
        c.fake.writes.map((w) => [w.operation, w.method, w.path, w.status]),
        [
          ['CreateDeployment', 'POST', `/restapis/${API}/deployments`, 201],
          ['UpdateStage', 'PATCH', `/restapis/${API}/stages/prod`, 200],
          ['UpdateStage', 'PATCH', `/restapis/${API}/stages/prod`, 200],
        ],
      );
      assert.deepEqual(c.fake.writes[0]!.body, { stageName: 'prod', description: 'reviews to prod' });
      assert.deepEqual(c.fake.writes[1]!.body, {
        patchOperations: [{ op: 'replace', path: '/deploymentId', value: 'dprod0001' }],
      });
      assert.ok(c.fake.writes.every((w) => c.fake.calls.includes(w)));
      assert.ok(
        c.fake.calls.filter((call) => !c.fake.writes.includes(call)).every((call) => call.method === 'GET'),
      );
    } finally {
      await stop(c);
    }
  });

  test('a deployment the snapshot holds without an export: rebuilt from its apiSummary when a stage returns to it', async () => {
    const shop = shopCopy();
    const c = await startWith({ snapshot: shop.snapshot });
    const restApiId = 'p9q8r7s6t5';
    try {
      const none = await exportOf(c, 'v1', restApiId).catch((e: unknown) => e);
      assert.ok(none instanceof NotFoundException, 'the shop snapshot holds no export for this API');
      const out = await c.v1.send(new CreateDeploymentCommand({ restApiId, stageName: 'v1' }));
      const fresh = await exportOf(c, 'v1', restApiId);
      assert.equal(at(fresh, 'servers', 0, 'variables', 'basePath', 'default'), 'v1');
      assert.equal(
        at(fresh, 'servers', 0, 'url'),
        `https://${restApiId}.execute-api.${REGION}.amazonaws.com/{basePath}`,
      );
      assert.match(
        String(
          at(
            fresh,
            'paths',
            '/{proxy+}',
            'x-amazon-apigateway-any-method',
            'x-amazon-apigateway-integration',
            'uri',
          ),
        ),
        /function:partner-gateway\/invocations$/,
      );
      await c.v1.send(
        new UpdateStageCommand({
          restApiId,
          stageName: 'v1',
          patchOperations: [{ op: 'replace', path: '/deploymentId', value: 'dpart0001' }],
        }),
      );
      const old = await exportOf(c, 'v1', restApiId);
      assert.equal(at(old, 'info', 'version'), '2026-01-10T12:00:00Z');
      assert.deepStrictEqual(old.paths, fresh.paths);
      assert.notEqual(out.id, 'dpart0001');
    } finally {
      await stop(c);
    }
  });

  test('CreateDeployment to a new stage creates it (description, variables), with its export', async () => {
    const shop = shopCopy();
    const c = await startWith({ snapshot: shop.snapshot });
    try {
      const out = await c.v1.send(
        new CreateDeploymentCommand({
          restApiId: API,
          stageName: 'beta',
          stageDescription: 'beta testers',
          variables: { lambdaAlias: 'beta' },
        }),
      );
      const stages = await c.v1.send(new GetStagesCommand({ restApiId: API }));
      assert.deepEqual(
        stages.item?.map((s) => s.stageName),
        ['prod', 'staging', 'beta'],
      );
      const beta = stages.item![2]!;
      assert.equal(beta.deploymentId, out.id);
      assert.equal(beta.description, 'beta testers');
      assert.deepEqual(beta.variables, { lambdaAlias: 'beta' });
      assert.equal(beta.cacheClusterStatus, 'NOT_AVAILABLE');
      assert.ok(beta.createdDate instanceof Date);
      const doc = await exportOf(c, 'beta');
      assert.equal(at(doc, 'servers', 0, 'variables', 'basePath', 'default'), 'beta');
      assert.deepStrictEqual(doc.paths, at(restEntry(API), 'exports', 'staging', 'paths'));
      // Without a stage name the deployment is made and no stage moves.
      const loose = await c.v1.send(new CreateDeploymentCommand({ restApiId: API }));
      assert.equal(
        (await c.v1.send(new GetStagesCommand({ restApiId: API, deploymentId: loose.id }))).item?.length,
        0,
      );
      assert.equal((await c.v1.send(new GetDeploymentsCommand({ restApiId: API }))).items?.length, 4);
    } finally {
      await stop(c);
    }
  });

  test('canary: CreateDeployment with canarySettings sets the canary, not the stage; promote; DeleteDeployment', async () => {
    const shop = shopCopy();
    const c = await startWith({ snapshot: shop.snapshot }, { maxAttempts: 1 });
    try {
      const out = await c.v1.send(
        new CreateDeploymentCommand({
          restApiId: API,
          stageName: 'prod',
          canarySettings: { percentTraffic: 10, stageVariableOverrides: { lambdaAlias: 'canary' } },
        }),
      );
      const id = out.id!;
      let prod = await c.v1.send(new GetStageCommand({ restApiId: API, stageName: 'prod' }));
      assert.equal(prod.deploymentId, 'dprod0001');
      assert.deepEqual(plain(prod.canarySettings), {
        deploymentId: id,
        percentTraffic: 10,
        stageVariableOverrides: { lambdaAlias: 'canary' },
        useStageCache: false,
      });
      assert.deepStrictEqual(
        await exportOf(c, 'prod'),
        at(restEntry(API), 'exports', 'prod'),
        'the stage still serves dprod0001',
      );

      prod = await c.v1.send(
        new UpdateStageCommand({
          restApiId: API,
          stageName: 'prod',
          patchOperations: [{ op: 'replace', path: '/canarySettings/percentTraffic', value: '25' }],
        }),
      );
      assert.equal(prod.canarySettings?.percentTraffic, 25);

      const inUse = await c.v1
        .send(new DeleteDeploymentCommand({ restApiId: API, deploymentId: id }))
        .catch((e: unknown) => e);
      assert.ok(inUse instanceof BadRequestException, 'a canary uses it');

      // Promotion: the stage takes the canary's deployment, the canary goes.
      prod = await c.v1.send(
        new UpdateStageCommand({
          restApiId: API,
          stageName: 'prod',
          patchOperations: [
            { op: 'replace', path: '/deploymentId', value: id },
            { op: 'remove', path: '/canarySettings' },
          ],
        }),
      );
      assert.equal(prod.deploymentId, id);
      assert.equal(prod.canarySettings, undefined);
      assert.ok(at(await exportOf(c, 'prod'), 'paths', '/reviews'));

      // dprod0001 is now unused: it can go.
      const deleted = await c.v1.send(
        new DeleteDeploymentCommand({ restApiId: API, deploymentId: 'dprod0001' }),
      );
      assert.equal(deleted.$metadata.httpStatusCode, 202);
      const gone = await c.v1
        .send(new GetDeploymentCommand({ restApiId: API, deploymentId: 'dprod0001' }))
        .catch((e: unknown) => e);
      assert.ok(gone instanceof NotFoundException);
      const again = await c.v1
        .send(new DeleteDeploymentCommand({ restApiId: API, deploymentId: 'dprod0001' }))
        .catch((e: unknown) => e);
      assert.ok(again instanceof NotFoundException);

      const noStage = await c.v1
        .send(
          new CreateDeploymentCommand({
            restApiId: API,
            stageName: 'nope',
            canarySettings: { percentTraffic: 5 },
          }),
        )
        .catch((e: unknown) => e);
      assert.ok(noStage instanceof BadRequestException);
      assert.equal(
        noStage.message,
        'Invalid deployment content specified.Stage nope must already be created before making a canary release deployment',
      );
    } finally {
      await stop(c);
    }
  });

  test('DeleteDeployment of a deployment a stage serves is 400 BadRequestException (recorded message)', async () => {
    const shop = shopCopy();
    const c = await startWith({ snapshot: shop.snapshot }, { maxAttempts: 1 });
    try {
      const error = await c.v1
        .send(new DeleteDeploymentCommand({ restApiId: API, deploymentId: 'dprod0001' }))
        .catch((e: unknown) => e);
      assert.ok(error instanceof BadRequestException);
      assert.equal(error.$metadata.httpStatusCode, 400);
      assert.equal(error.message, 'Active stages pointing to this deployment must be moved or deleted');
      assert.equal(list(shop.rest(API), 'deployments').length, 2);
      assert.equal(c.fake.writes.at(-1)!.operation, 'DeleteDeployment');
      assert.equal(c.fake.writes.at(-1)!.status, 400);
    } finally {
      await stop(c);
    }
  });

  test('UpdateStage: variables, method settings, description; all-or-nothing; unknown paths and deployments refused', async () => {
    const shop = shopCopy();
    const c = await startWith({ snapshot: shop.snapshot }, { maxAttempts: 1 });
    const update = (
      ...patchOperations: { op: 'add' | 'remove' | 'replace' | 'copy'; path: string; value?: string }[]
    ) => c.v1.send(new UpdateStageCommand({ restApiId: API, stageName: 'staging', patchOperations }));
    try {
      let staging = await update(
        { op: 'replace', path: '/variables/lambdaAlias', value: 'live' },
        { op: 'replace', path: '/*/*/throttling/rateLimit', value: '50' },
        { op: 'replace', path: '/*/*/throttling/burstLimit', value: '20' },
        { op: 'replace', path: '/description', value: 'pre-production' },
      );
      assert.deepEqual(staging.variables, { lambdaAlias: 'live' });
      assert.equal(staging.description, 'pre-production');
      assert.equal(staging.methodSettings?.['*/*']?.throttlingRateLimit, 50);
      assert.equal(staging.methodSettings?.['*/*']?.throttlingBurstLimit, 20);
      assert.equal(staging.methodSettings?.['*/*']?.cachingEnabled, false);
      assert.ok(staging.lastUpdatedDate! > new Date('2026-11-27T16:40:00Z'));
      assert.equal(staging.deploymentId, 'dstag0002', 'the deployment did not move');

      staging = await update(
        { op: 'remove', path: '/variables/lambdaAlias' },
        { op: 'remove', path: '/*/*' },
      );
      assert.equal(staging.variables, undefined);
      assert.deepEqual(staging.methodSettings, {});

      const badPath = await update(
        { op: 'replace', path: '/variables/x', value: 'y' },
        { op: 'replace', path: '/nope', value: 'x' },
      ).catch((e: unknown) => e);
      assert.ok(badPath instanceof BadRequestException);
      assert.match(badPath.message, /Invalid patch path +'\/nope'/);
      const badOp = await update({ op: 'copy', path: '/description', value: 'x' }).catch((e: unknown) => e);
      assert.ok(badOp instanceof BadRequestException);
      const badDeployment = await update(
        { op: 'replace', path: '/variables/x', value: 'y' },
        { op: 'replace', path: '/deploymentId', value: 'nope' },
      ).catch((e: unknown) => e);
      assert.ok(badDeployment instanceof NotFoundException);
      const after = await c.v1.send(new GetStageCommand({ restApiId: API, stageName: 'staging' }));
      assert.equal(after.variables, undefined, 'a refused UpdateStage changed nothing');
      assert.equal(after.deploymentId, 'dstag0002');
      const missing = await c.v1
        .send(new UpdateStageCommand({ restApiId: API, stageName: 'nope', patchOperations: [] }))
        .catch((e: unknown) => e);
      assert.ok(missing instanceof NotFoundException);
    } finally {
      await stop(c);
    }
  });

  test('CreateDeployment refuses an API without methods, or with a method without integration', async () => {
    const shop = shopCopy();
    (shop.rest('i1n2t3e4r5').resources as Json).items = [{ id: 'rootint001', path: '/' }];
    const c = await startWith({ snapshot: shop.snapshot }, { maxAttempts: 1 });
    try {
      const empty = await c.v1
        .send(new CreateDeploymentCommand({ restApiId: 'i1n2t3e4r5', stageName: 'prod' }))
        .catch((e: unknown) => e);
      assert.ok(empty instanceof BadRequestException);
      assert.equal(empty.message, "The REST API doesn't contain any methods");
      await c.v1.send(
        new PutMethodCommand({
          restApiId: API,
          resourceId: 'r00005x',
          httpMethod: 'PATCH',
          authorizationType: 'NONE',
        }),
      );
      const bare = await c.v1
        .send(new CreateDeploymentCommand({ restApiId: API, stageName: 'prod' }))
        .catch((e: unknown) => e);
      assert.ok(bare instanceof BadRequestException);
      assert.equal(bare.message, 'No integration defined for method');
      assert.equal(list(shop.rest(API), 'deployments').length, 2);
      const unknown = await c.v1
        .send(new CreateDeploymentCommand({ restApiId: 'nope', stageName: 'prod' }))
        .catch((e: unknown) => e);
      assert.ok(unknown instanceof NotFoundException);
    } finally {
      await stop(c);
    }
  });
});

describe('fake API Gateway: writes (methods, mappings, gateway responses)', () => {
  test('a CORS OPTIONS method, put piece by piece, changes the resources only; the stage serves it after a deployment', async () => {
    const shop = shopCopy();
    const c = await startWith({ snapshot: shop.snapshot }, { maxAttempts: 1 });
    const base = { restApiId: API, resourceId: 'r00005x', httpMethod: 'OPTIONS' };
    const allow = (name: string) => `method.response.header.Access-Control-Allow-${name}`;
    try {
      const absent = await c.v1.send(new GetMethodCommand(base)).catch((e: unknown) => e);
      assert.ok(absent instanceof NotFoundException);
      assert.equal(absent.message, 'Invalid Method identifier specified');

      const method = await c.v1.send(new PutMethodCommand({ ...base, authorizationType: 'NONE' }));
      assert.equal(method.$metadata.httpStatusCode, 201);
      assert.deepEqual(plain({ ...method, $metadata: undefined }), {
        httpMethod: 'OPTIONS',
        authorizationType: 'NONE',
        apiKeyRequired: false,
      });
      const twice = await c.v1
        .send(new PutMethodCommand({ ...base, authorizationType: 'NONE' }))
        .catch((e: unknown) => e);
      assert.ok(twice instanceof ConflictException, 'AWS does not overwrite a method with PutMethod');
      assert.equal(twice.message, 'Method already exists for this resource');

      const integration = await c.v1.send(
        new PutIntegrationCommand({
          ...base,
          type: 'MOCK',
          requestTemplates: { 'application/json': '{"statusCode": 200}' },
        }),
      );
      assert.equal(integration.$metadata.httpStatusCode, 201);
      assert.equal(integration.type, 'MOCK');
      assert.equal(integration.passthroughBehavior, 'WHEN_NO_MATCH');
      assert.equal(integration.timeoutInMillis, 29000);
      assert.equal(integration.cacheNamespace, 'r00005x');

      const early = await c.v1
        .send(new PutIntegrationResponseCommand({ ...base, statusCode: '200' }))
        .catch((e: unknown) => e);
      assert.ok(early instanceof NotFoundException, 'the method response comes first');
      assert.equal(early.message, 'Invalid Response status code specified');

      const methodResponse = await c.v1.send(
        new PutMethodResponseCommand({
          ...base,
          statusCode: '200',
          responseParameters: { [allow('Origin')]: false, [allow('Methods')]: false },
        }),
      );
      assert.equal(methodResponse.$metadata.httpStatusCode, 201);
      assert.deepEqual(methodResponse.responseParameters, {
        [allow('Origin')]: false,
        [allow('Methods')]: false,
      });
      const integrationResponse = await c.v1.send(
        new PutIntegrationResponseCommand({
          ...base,
          statusCode: '200',
          responseParameters: {
            [allow('Origin')]: "'https://shop.example.com'",
            [allow('Methods')]: "'POST,OPTIONS'",
          },
        }),
      );
      assert.equal(integrationResponse.$metadata.httpStatusCode, 201);
      assert.equal(integrationResponse.statusCode, '200');

      const read = await c.v1.send(new GetMethodCommand(base));
      assert.equal(read.methodResponses?.['200']?.statusCode, '200');
      assert.equal(
        read.methodIntegration?.integrationResponses?.['200']?.responseParameters?.[allow('Origin')],
        "'https://shop.example.com'",
      );
      const resources = await c.v1.send(new GetResourcesCommand({ restApiId: API, embed: ['methods'] }));
      assert.deepEqual(Object.keys(resources.items!.find((r) => r.id === 'r00005x')!.resourceMethods!), [
        'POST',
        'OPTIONS',
      ]);

      // Not deployed yet: the stage serves what it served.
      assert.deepStrictEqual(await exportOf(c, 'prod'), at(restEntry(API), 'exports', 'prod'));
      await c.v1.send(new CreateDeploymentCommand({ restApiId: API, stageName: 'prod' }));
      const options = at(await exportOf(c, 'prod'), 'paths', '/checkout', 'options') as Json;
      assert.deepStrictEqual(options, {
        responses: {
          '200': {
            description: '200 response',
            headers: {
              'Access-Control-Allow-Origin': { schema: { type: 'string' } },
              'Access-Control-Allow-Methods': { schema: { type: 'string' } },
            },
          },
        },
        'x-amazon-apigateway-integration': {
          type: 'mock',
          requestTemplates: { 'application/json': '{"statusCode": 200}' },
          responses: {
            default: {
              statusCode: '200',
              responseParameters: {
                [allow('Origin')]: "'https://shop.example.com'",
                [allow('Methods')]: "'POST,OPTIONS'",
              },
            },
          },
          passthroughBehavior: 'when_no_match',
          timeoutInMillis: 29000,
        },
      });

      const deleted = await c.v1.send(new DeleteMethodCommand(base));
      assert.equal(deleted.$metadata.httpStatusCode, 204);
      assert.ok(
        (await c.v1.send(new GetMethodCommand(base)).catch((e: unknown) => e)) instanceof NotFoundException,
      );
      assert.deepEqual(Object.keys(at(shop.rest(API), 'resources', 'items', 5, 'resourceMethods') as Json), [
        'POST',
      ]);
    } finally {
      await stop(c);
    }
  });

  test('PutIntegration: the SDK member integrationHttpMethod travels as httpMethod; UpdateMethod changes auth, seen after a deployment', async () => {
    const shop = shopCopy();
    const c = await startWith({ snapshot: shop.snapshot }, { maxAttempts: 1 });
    const uri =
      'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:shop-checkout/invocations';
    const base = { restApiId: API, resourceId: 'r00005x', httpMethod: 'GET' };
    try {
      await c.v1.send(new PutMethodCommand({ ...base, authorizationType: 'AWS_IAM', apiKeyRequired: true }));
      await c.v1.send(
        new PutIntegrationCommand({ ...base, type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri }),
      );
      assert.deepEqual(c.fake.writes.at(-1)!.body, { type: 'AWS_PROXY', httpMethod: 'POST', uri });
      const integration = await c.v1.send(new GetIntegrationCommand(base));
      assert.equal(integration.httpMethod, 'POST');
      assert.equal(integration.uri, uri);
      const notLambda = await c.v1
        .send(
          new PutIntegrationCommand({
            ...base,
            type: 'AWS_PROXY',
            integrationHttpMethod: 'POST',
            uri: 'https://example.com',
          }),
        )
        .catch((e: unknown) => e);
      assert.ok(notLambda instanceof BadRequestException);

      const custom = await c.v1
        .send(
          new UpdateMethodCommand({
            ...base,
            patchOperations: [{ op: 'replace', path: '/authorizationType', value: 'CUSTOM' }],
          }),
        )
        .catch((e: unknown) => e);
      assert.ok(custom instanceof BadRequestException);
      assert.match(custom.message, /requires a valid authorizer/);
      const updated = await c.v1.send(
        new UpdateMethodCommand({
          restApiId: API,
          resourceId: 'r00009x',
          httpMethod: 'POST',
          patchOperations: [
            { op: 'replace', path: '/authorizationType', value: 'COGNITO_USER_POOLS' },
            { op: 'replace', path: '/authorizerId', value: 'cog4uth01' },
          ],
        }),
      );
      assert.equal(updated.authorizationType, 'COGNITO_USER_POOLS');
      assert.equal(updated.methodIntegration?.type, 'AWS_PROXY', 'UpdateMethod keeps the integration');

      const out = await c.v1.send(new CreateDeploymentCommand({ restApiId: API, stageName: 'staging' }));
      const deployment = await c.v1.send(
        new GetDeploymentCommand({ restApiId: API, deploymentId: out.id, embed: ['apisummary'] }),
      );
      assert.deepEqual(plain(deployment.apiSummary?.['/checkout']), {
        POST: { authorizationType: 'NONE', apiKeyRequired: false },
        GET: { authorizationType: 'AWS_IAM', apiKeyRequired: true },
      });
      assert.equal(deployment.apiSummary?.['/reviews']?.POST?.authorizationType, 'COGNITO_USER_POOLS');
      const doc = await exportOf(c, 'staging');
      assert.deepEqual(at(doc, 'paths', '/checkout', 'get', 'security'), [{ sigv4: [], api_key: [] }]);
      assert.deepEqual(at(doc, 'paths', '/reviews', 'post', 'security'), [{ 'shop-users': [] }]);
      assert.deepEqual(
        at(doc, 'components', 'securitySchemes'),
        at(restEntry(API), 'exports', 'staging', 'components', 'securitySchemes'),
      );
    } finally {
      await stop(c);
    }
  });

  test('base path mappings: create (both leaves), 409 on a taken base path, delete (none)', async () => {
    const shop = shopCopy();
    const c = await startWith({ snapshot: shop.snapshot }, { maxAttempts: 1 });
    try {
      const created = await c.v1.send(
        new CreateBasePathMappingCommand({
          domainName: 'legacy.shop.example.com',
          basePath: 'orders',
          restApiId: API,
          stage: 'staging',
        }),
      );
      assert.equal(created.$metadata.httpStatusCode, 201);
      assert.deepEqual(plain({ ...created, $metadata: undefined }), {
        basePath: 'orders',
        restApiId: API,
        stage: 'staging',
      });
      const legacy = await c.v1.send(
        new GetBasePathMappingsCommand({ domainName: 'legacy.shop.example.com' }),
      );
      assert.deepEqual(
        legacy.items?.map((m) => m.basePath),
        ['v2', 'orders'],
      );
      const taken = await c.v1
        .send(
          new CreateBasePathMappingCommand({
            domainName: 'legacy.shop.example.com',
            basePath: 'orders',
            restApiId: API,
            stage: 'prod',
          }),
        )
        .catch((e: unknown) => e);
      assert.ok(taken instanceof ConflictException);
      assert.equal(taken.$metadata.httpStatusCode, 409);
      // 'notify' is an HTTP API's mapping on api.shop.example.com (apiMappings only): taken too.
      const notify = await c.v1
        .send(
          new CreateBasePathMappingCommand({
            domainName: 'api.shop.example.com',
            basePath: 'notify',
            restApiId: API,
            stage: 'prod',
          }),
        )
        .catch((e: unknown) => e);
      assert.ok(notify instanceof ConflictException);
      const badApi = await c.v1
        .send(
          new CreateBasePathMappingCommand({
            domainName: 'api.shop.example.com',
            basePath: 'x',
            restApiId: 'nope',
          }),
        )
        .catch((e: unknown) => e);
      assert.ok(badApi instanceof BadRequestException);
      const badStage = await c.v1
        .send(
          new CreateBasePathMappingCommand({
            domainName: 'api.shop.example.com',
            basePath: 'x',
            restApiId: API,
            stage: 'nope',
          }),
        )
        .catch((e: unknown) => e);
      assert.ok(badStage instanceof BadRequestException);

      await c.v1.send(
        new CreateBasePathMappingCommand({
          domainName: 'api.shop.example.com',
          basePath: 'beta',
          restApiId: API,
          stage: 'staging',
        }),
      );
      const v2 = await c.v2.send(new GetApiMappingsCommand({ DomainName: 'api.shop.example.com' }));
      assert.deepEqual(
        v2.Items?.map((m) => [m.ApiMappingKey, m.ApiId, m.Stage]),
        [
          ['', API, 'prod'],
          ['partners', 'p9q8r7s6t5', 'v1'],
          ['notify', 'h7t7p9a1b2', '$default'],
          ['beta', API, 'staging'],
        ],
      );

      const deleted = await c.v1.send(
        new DeleteBasePathMappingCommand({ domainName: 'api.shop.example.com', basePath: '(none)' }),
      );
      assert.equal(deleted.$metadata.httpStatusCode, 202);
      assert.equal(c.fake.writes.at(-1)!.path, '/domainnames/api.shop.example.com/basepathmappings/(none)');
      const after = await c.v1.send(new GetBasePathMappingsCommand({ domainName: 'api.shop.example.com' }));
      assert.deepEqual(
        after.items?.map((m) => m.basePath),
        ['partners', 'beta'],
      );
      const v2After = await c.v2.send(new GetApiMappingsCommand({ DomainName: 'api.shop.example.com' }));
      assert.ok(!v2After.Items?.some((m) => m.ApiMappingKey === ''));
      const missing = await c.v1
        .send(new DeleteBasePathMappingCommand({ domainName: 'api.shop.example.com', basePath: '(none)' }))
        .catch((e: unknown) => e);
      assert.ok(missing instanceof NotFoundException);
      // The empty base path is free again.
      await c.v1.send(
        new CreateBasePathMappingCommand({
          domainName: 'api.shop.example.com',
          restApiId: API,
          stage: 'prod',
        }),
      );
      assert.equal(
        at(list(shop.region, 'domainNames')[0], 'basePathMappings', 'items', 2, 'basePath'),
        '(none)',
      );
    } finally {
      await stop(c);
    }
  });

  test('gateway responses: DeleteGatewayResponse returns the type to its default; PutGatewayResponse fills defaults (recorded)', async () => {
    const shop = shopCopy();
    const c = await startWith({ snapshot: shop.snapshot }, { maxAttempts: 1 });
    const restApiId = 'p9q8r7s6t5';
    try {
      const deleted = await c.v1.send(
        new DeleteGatewayResponseCommand({ restApiId, responseType: 'MISSING_AUTHENTICATION_TOKEN' }),
      );
      assert.equal(deleted.$metadata.httpStatusCode, 202);
      const reset = await c.v1.send(
        new GetGatewayResponseCommand({ restApiId, responseType: 'MISSING_AUTHENTICATION_TOKEN' }),
      );
      assert.deepEqual(plain({ ...reset, $metadata: undefined }), {
        responseType: 'MISSING_AUTHENTICATION_TOKEN',
        statusCode: '403',
        responseParameters: {},
        responseTemplates: { 'application/json': '{"message":$context.error.messageString}' },
        defaultResponse: true,
      });
      const again = await c.v1
        .send(new DeleteGatewayResponseCommand({ restApiId, responseType: 'MISSING_AUTHENTICATION_TOKEN' }))
        .catch((e: unknown) => e);
      assert.ok(again instanceof NotFoundException, 'nothing customised is left to delete');

      const put = await c.v1.send(
        new PutGatewayResponseCommand({
          restApiId,
          responseType: 'AUTHORIZER_FAILURE',
          responseParameters: { 'gatewayresponse.header.foo': "'bar'" },
        }),
      );
      assert.equal(put.$metadata.httpStatusCode, 201);
      assert.equal(put.statusCode, '500');
      assert.equal(put.defaultResponse, false);
      assert.deepEqual(put.responseTemplates, {
        'application/json': '{"message":$context.error.messageString}',
      });
      const four = await c.v1.send(
        new PutGatewayResponseCommand({ restApiId, responseType: 'DEFAULT_4XX', statusCode: '444' }),
      );
      assert.equal(four.statusCode, '444');
      const listed = await c.v1.send(new GetGatewayResponsesCommand({ restApiId }));
      assert.deepEqual(
        listed.items?.map((r) => [r.responseType, r.statusCode, r.defaultResponse]),
        [
          ['MISSING_AUTHENTICATION_TOKEN', '403', true],
          ['DEFAULT_4XX', '444', false],
          ['AUTHORIZER_FAILURE', '500', false],
        ],
      );
      const bogus = (await c.v1
        .send(new PutGatewayResponseCommand({ restApiId, responseType: 'NOPE' as never }))
        .catch((e: unknown) => e)) as Error & { $metadata: { httpStatusCode?: number } };
      assert.equal(bogus.name, 'ValidationException');
      assert.equal(bogus.$metadata.httpStatusCode, 400);
      assert.match(bogus.message, /Member must satisfy enum value set: \[REQUEST_TOO_LARGE, /);
    } finally {
      await stop(c);
    }
  });
});

describe('fake API Gateway: writes under quotas and faults', () => {
  test('quotas: a second CreateDeployment within 5 s is 429 with Retry-After; other calls still answer', async () => {
    const shop = shopCopy();
    const c = await startWith({ snapshot: shop.snapshot, enforceQuotas: true }, { maxAttempts: 1 });
    try {
      await c.v1.send(new CreateDeploymentCommand({ restApiId: API, stageName: 'prod' }));
      const second = await c.v1
        .send(new CreateDeploymentCommand({ restApiId: API, stageName: 'staging' }))
        .catch((e: unknown) => e);
      assert.ok(second instanceof TooManyRequestsException);
      const retryAfter = Number(second.retryAfterSeconds);
      assert.ok(retryAfter >= 1 && retryAfter <= 5, `Retry-After ${retryAfter}`);
      assert.equal(list(shop.rest(API), 'deployments').length, 3, 'the throttled call made nothing');
      assert.equal(
        (await c.v1.send(new GetStageCommand({ restApiId: API, stageName: 'staging' }))).deploymentId,
        'dstag0002',
      );
      // Another account-wide write is not held by the CreateDeployment quota.
      await c.v1.send(moveTo('prod', 'dprod0001'));
      assert.deepEqual(
        c.fake.writes.map((w) => [w.operation, w.status]),
        [
          ['CreateDeployment', 201],
          ['CreateDeployment', 429],
          ['UpdateStage', 200],
        ],
      );
    } finally {
      await stop(c);
    }
  });

  test('quotas: quotaCreateDeployment sets the interval; after it, CreateDeployment answers again', async () => {
    const shop = shopCopy();
    const c = await startWith(
      { snapshot: shop.snapshot, enforceQuotas: true, quotaCreateDeployment: 0.3 },
      { maxAttempts: 1 },
    );
    try {
      await c.v1.send(new CreateDeploymentCommand({ restApiId: API, stageName: 'prod' }));
      const early = await c.v1.send(new CreateDeploymentCommand({ restApiId: API })).catch((e: unknown) => e);
      assert.ok(early instanceof TooManyRequestsException);
      assert.equal(early.retryAfterSeconds, '1');
      await new Promise((resolve) => setTimeout(resolve, 350));
      const later = await c.v1.send(new CreateDeploymentCommand({ restApiId: API }));
      assert.equal(later.$metadata.httpStatusCode, 201);
    } finally {
      await stop(c);
    }
  });

  test('faults and denials apply to writes; a faulted write changes nothing; retried 429s make one deployment', async () => {
    const shop = shopCopy();
    const c = await startWith(
      {
        snapshot: shop.snapshot,
        faults: [
          { operation: 'UpdateStage', times: 1, status: 500, errorType: 'InternalFailure', message: 'boom' },
          {
            operation: 'CreateDeployment',
            times: 2,
            status: 429,
            errorType: 'TooManyRequestsException',
            message: 'Slow down',
          },
        ],
        denied: ['DeleteBasePathMapping'],
      },
      { maxAttempts: 3 },
    );
    try {
      const out = await c.v1.send(new CreateDeploymentCommand({ restApiId: API, stageName: 'prod' }));
      assert.equal(out.$metadata.attempts, 3);
      assert.equal(list(shop.rest(API), 'deployments').length, 3, 'refused attempts created nothing');
      assert.deepEqual(
        c.fake.writes.map((w) => w.status),
        [429, 429, 201],
      );

      const failing = new APIGatewayClient({
        endpoint: c.fake.url,
        region: REGION,
        credentials,
        maxAttempts: 1,
      });
      try {
        const error = (await failing.send(moveTo('prod', 'dprod0001')).catch((e: unknown) => e)) as Error & {
          $metadata: { httpStatusCode?: number };
        };
        assert.equal(error.name, 'InternalFailure');
        assert.equal(error.$metadata.httpStatusCode, 500);
        assert.equal(
          at(shop.rest(API), 'stages', 'item', 0, 'deploymentId'),
          out.id,
          'the faulted UpdateStage did nothing',
        );
        await failing.send(moveTo('prod', 'dprod0001'));
        assert.equal(at(shop.rest(API), 'stages', 'item', 0, 'deploymentId'), 'dprod0001');
      } finally {
        failing.destroy();
      }

      const denied = (await c.v1
        .send(new DeleteBasePathMappingCommand({ domainName: 'api.shop.example.com', basePath: 'partners' }))
        .catch((e: unknown) => e)) as Error;
      assert.equal(denied.name, 'AccessDeniedException');
      assert.match(
        denied.message,
        /apigateway:DELETE on resource: arn:aws:apigateway:eu-west-1::\/domainnames\/api\.shop\.example\.com\/basepathmappings\/partners/,
      );
      assert.equal(list(list(shop.region, 'domainNames')[0], 'basePathMappings', 'items').length, 2);
    } finally {
      await stop(c);
    }
  });

  test('failAfterMutation: the deployment is made and the stage moved, the answer is a 500; reading the stage and moving it back rolls back', async () => {
    const shop = shopCopy();
    const c = await startWith(
      {
        snapshot: shop.snapshot,
        faults: [
          {
            operation: 'CreateDeployment',
            times: 1,
            status: 500,
            errorType: 'InternalFailure',
            message: 'response lost',
            failAfterMutation: true,
          },
        ],
      },
      { maxAttempts: 1 },
    );
    try {
      const error = (await c.v1
        .send(new CreateDeploymentCommand({ restApiId: API, stageName: 'prod', description: 'fix' }))
        .catch((e: unknown) => e)) as Error & { $metadata: { httpStatusCode?: number } };
      assert.equal(error.name, 'InternalFailure');
      assert.equal(error.$metadata.httpStatusCode, 500);
      // The caller never learnt the id, yet the change is there.
      const stage = await c.v1.send(new GetStageCommand({ restApiId: API, stageName: 'prod' }));
      assert.notEqual(stage.deploymentId, 'dprod0001');
      const made = (await c.v1.send(new GetDeploymentsCommand({ restApiId: API }))).items!.at(-1)!;
      assert.equal(made.id, stage.deploymentId);
      assert.equal(made.description, 'fix');
      assert.ok(at(await exportOf(c, 'prod'), 'paths', '/reviews'));
      // Rollback: back to the deployment read before the change, then the orphan can go.
      await c.v1.send(moveTo('prod', 'dprod0001'));
      assert.deepStrictEqual(await exportOf(c, 'prod'), at(restEntry(API), 'exports', 'prod'));
      await c.v1.send(new DeleteDeploymentCommand({ restApiId: API, deploymentId: made.id }));
      assert.deepStrictEqual(list(shop.rest(API), 'deployments'), list(restEntry(API), 'deployments'));
      assert.deepEqual(
        c.fake.writes.map((w) => [w.operation, w.status]),
        [
          ['CreateDeployment', 500],
          ['UpdateStage', 200],
          ['DeleteDeployment', 202],
        ],
      );
    } finally {
      await stop(c);
    }
  });

  test('failAfterMutation with SDK retries: the retried POST makes a second deployment (CreateDeployment is not idempotent)', async () => {
    const shop = shopCopy();
    const c = await startWith({
      snapshot: shop.snapshot,
      faults: [
        {
          operation: 'CreateDeployment',
          times: 1,
          status: 500,
          errorType: 'InternalFailure',
          message: 'response lost',
          failAfterMutation: true,
        },
      ],
    });
    try {
      const out = await c.v1.send(new CreateDeploymentCommand({ restApiId: API, stageName: 'prod' }));
      assert.equal(out.$metadata.attempts, 2);
      const ids = list(shop.rest(API), 'deployments').map((d) => d.id);
      assert.equal(ids.length, 4, 'two deployments for one call');
      assert.equal(ids.at(-1), out.id);
      assert.equal(at(shop.rest(API), 'stages', 'item', 0, 'deploymentId'), out.id);
    } finally {
      await stop(c);
    }
  });

  test('failAfterMutation on a call that fails by itself: its own error, and the fault stays for the next call', async () => {
    const shop = shopCopy();
    const c = await startWith(
      {
        snapshot: shop.snapshot,
        faults: [
          {
            operation: 'DeleteDeployment',
            times: 1,
            status: 503,
            errorType: 'ServiceUnavailableException',
            message: 'lost',
            failAfterMutation: true,
          },
        ],
      },
      { maxAttempts: 1 },
    );
    try {
      const own = await c.v1
        .send(new DeleteDeploymentCommand({ restApiId: API, deploymentId: 'dprod0001' }))
        .catch((e: unknown) => e);
      assert.ok(own instanceof BadRequestException);
      const orphan = await c.v1.send(new CreateDeploymentCommand({ restApiId: API }));
      const lost = (await c.v1
        .send(new DeleteDeploymentCommand({ restApiId: API, deploymentId: orphan.id }))
        .catch((e: unknown) => e)) as Error & { $metadata: { httpStatusCode?: number } };
      assert.equal(lost.name, 'ServiceUnavailableException');
      assert.equal(lost.$metadata.httpStatusCode, 503);
      assert.ok(!list(shop.rest(API), 'deployments').some((d) => d.id === orphan.id), 'deleted all the same');
    } finally {
      await stop(c);
    }
  });
});
