import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { stringify as toYaml } from 'yaml';
import { diagnose } from '../src/diagnose/run.js';
import { InputError } from '../src/model/errors.js';
import type {
  ApiModel,
  HttpApiModel,
  Inventory,
  MethodConfig,
  ResourceConfig,
  RestApiModel,
} from '../src/model/types.js';
import {
  loadOpenApi,
  loadSnapshot,
  parseDocument,
  readInputFile,
  validateSnapshot,
} from '../src/sources/load.js';
import { inventoryFromOpenApi, resourcesFromOpenApi, serverInfo } from '../src/sources/openapi.js';
import { inventoryFromSnapshot } from '../src/sources/snapshot.js';
import { ROOT, runCli, SHARED, SHOP_SNAPSHOT } from './helpers.js';

// The input sources, fed with real files: the IaC corpus, the recorded AWS responses, and fixtures.

type Json = Record<string, unknown>;

const CORPUS = `${SHARED}corpus/iac/`;
const RECORDED = `${SHARED}reference/recorded/`;
const FIXTURES = `${ROOT}test/fixtures/sources/`;
const TMP = await mkdtemp(join(tmpdir(), 'apigw-doctor-sources-'));
after(() => rm(TMP, { recursive: true, force: true }));

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function writeTmp(name: string, content: unknown): Promise<string> {
  const path = join(TMP, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

function rest(api: ApiModel | undefined): RestApiModel {
  assert.ok(api, 'no API');
  assert.equal(api.kind, 'REST');
  return api as RestApiModel;
}

function http(api: ApiModel | undefined): HttpApiModel {
  assert.ok(api, 'no API');
  assert.equal(api.kind, 'HTTP');
  return api as HttpApiModel;
}

/** The routes a REST API's first stage serves, or its current configuration. */
function routesOf(api: RestApiModel): ResourceConfig[] {
  return api.stages[0]?.resources ?? api.currentResources ?? [];
}

function method(resources: ResourceConfig[] | undefined, path: string, verb: string): MethodConfig {
  const resource = (resources ?? []).find((r) => r.path === path);
  assert.ok(resource, `no resource ${path} in ${(resources ?? []).map((r) => r.path).join(', ')}`);
  const m = resource.methods[verb];
  assert.ok(m, `no ${verb} on ${path} (has ${Object.keys(resource.methods).join(', ')})`);
  return m;
}

function methodTable(resources: ResourceConfig[] | undefined): Record<string, string[]> {
  return Object.fromEntries((resources ?? []).map((r) => [r.path, Object.keys(r.methods).sort()]));
}

function hasGap(inventory: Inventory, pattern: RegExp): boolean {
  return inventory.gaps.some((g) => pattern.test(g.message));
}

async function rejects(promise: Promise<unknown>, pattern: RegExp): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    assert.match(error.message, pattern);
    assert.doesNotMatch(error.message, /\n/, 'one line');
    return error;
  }
  assert.fail(`expected a rejection matching ${pattern}`);
}

// ---------------------------------------------------------------------------------------------
// OpenAPI / Swagger files of the IaC corpus
// ---------------------------------------------------------------------------------------------

const manifest = JSON.parse(await readFile(`${CORPUS}MANIFEST.json`, 'utf8')) as {
  file: string;
  kind: string;
  notes: string;
}[];
const corpusFiles = (await readdir(CORPUS))
  .filter((f) => /\.(json|ya?ml)$/i.test(f) && f !== 'MANIFEST.json')
  .sort();
const parsedCorpus: { file: string; doc: unknown }[] = [];
const unparsableCorpus: { file: string; error: unknown }[] = [];
for (const file of corpusFiles) {
  try {
    parsedCorpus.push({ file, doc: await parseDocument(await readInputFile(CORPUS + file), file) });
  } catch (error) {
    unparsableCorpus.push({ file, error });
  }
}
/** JSON or YAML whose top level has "openapi" or "swagger". */
const openApiFiles = parsedCorpus
  .filter(({ doc }) => isObject(doc) && ('openapi' in doc || 'swagger' in doc))
  .map(({ file }) => file);
const otherFiles = parsedCorpus.filter(({ file }) => !openApiFiles.includes(file)).map(({ file }) => file);

test('corpus: the OpenAPI/Swagger files are found by their top level, and the MANIFEST agrees', () => {
  assert.ok(openApiFiles.length >= 5, `only ${openApiFiles.length} found: ${openApiFiles.join(', ')}`);
  const listed = manifest
    .filter((m) => m.kind === 'openapi')
    .map((m) => m.file)
    .sort();
  assert.deepEqual(openApiFiles, listed);
});

for (const file of openApiFiles) {
  test(`corpus: ${file} loads with loadOpenApi`, async () => {
    const inventory = await loadOpenApi(CORPUS + file);
    assert.ok(inventory.apis.length >= 1, 'no API');
    assert.deepEqual(inventory.sources, [CORPUS + file]);
    for (const api of inventory.apis) {
      assert.equal(api.origin, CORPUS + file);
      const count =
        api.kind === 'REST'
          ? routesOf(api).reduce((n, r) => n + Object.keys(r.methods).length, 0)
          : api.routes.length;
      assert.ok(count >= 1, `${api.id} has no routes`);
    }
  });
}

test('corpus: localstack petstore swagger (the console PetStore sample)', async () => {
  const inventory = await loadOpenApi(`${CORPUS}localstack__tests__aws__files__petstore-swagger.json`);
  const api = rest(inventory.apis[0]);
  assert.equal(api.name, 'PetStore');
  assert.equal(api.id, 'unknown');
  assert.deepEqual(
    api.stages.map((s) => s.name),
    ['*'],
  );
  assert.equal(api.stages[0]?.routesOrigin, 'openapi-export');
  assert.deepEqual(methodTable(routesOf(api)), {
    '/': ['GET'],
    '/pets': ['GET', 'OPTIONS', 'POST'],
    '/pets/{petId}': ['GET', 'OPTIONS'],
  });
  assert.deepEqual(method(routesOf(api), '/pets', 'POST'), {
    httpMethod: 'POST',
    authorizationType: 'NONE',
    apiKeyRequired: false,
    operationName: 'CreatePet',
    integration: { type: 'HTTP', httpMethod: 'POST', uri: '${uri}' },
  });
  assert.deepEqual(method(routesOf(api), '/pets/{petId}', 'GET').integration, {
    type: 'HTTP',
    httpMethod: 'GET',
    uri: '${uri}/{petId}',
  });
  assert.equal(method(routesOf(api), '/', 'GET').integration?.type, 'MOCK');
  assert.deepEqual(api.endpointTypes, []);
  assert.ok(hasGap(inventory, /does not state the endpoint type/));
});

test('corpus: pulumi swagger (api_key security, Auth0 TOKEN authorizer, gateway responses)', async () => {
  const inventory = await loadOpenApi(`${CORPUS}localstack__tests__aws__files__openapi.spec.pulumi.json`);
  const api = rest(inventory.apis[0]);
  assert.deepEqual(methodTable(routesOf(api)), { '/{proxy+}': ['OPTIONS'], '/just_do_it': ['GET'] });
  const options = method(routesOf(api), '/{proxy+}', 'OPTIONS');
  assert.equal(options.apiKeyRequired, true);
  assert.equal(options.authorizationType, 'NONE');
  assert.equal(options.integration?.type, 'MOCK');
  const get = method(routesOf(api), '/just_do_it', 'GET');
  assert.equal(get.authorizationType, 'CUSTOM');
  assert.equal(get.authorizerId, 'Auth0');
  assert.deepEqual(get.integration, {
    type: 'AWS_PROXY',
    httpMethod: 'POST',
    uri: 'arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/arn:aws:lambda:us-west-2:000000000000:function:s3OnObjectCreatedLambda-60c92b6/invocations',
  });
  assert.deepEqual(
    api.authorizers.map((a) => [a.id, a.type]),
    [['Auth0', 'TOKEN']],
  );
  assert.equal(api.apiKeySource, 'HEADER');
  assert.deepEqual(Object.keys(api.gatewayResponses ?? {}).sort(), [
    'ACCESS_DENIED',
    'EXPIRED_TOKEN',
    'MISSING_AUTHENTICATION_TOKEN',
    'UNAUTHORIZED',
  ]);
  assert.equal(api.gatewayResponses?.MISSING_AUTHENTICATION_TOKEN?.statusCode, '401');
  assert.equal(api.gatewayResponses?.EXPIRED_TOKEN?.statusCode, '403');
  // The export's responses are also the stage's.
  assert.equal(api.stages[0]?.gatewayResponses?.UNAUTHORIZED?.statusCode, '401');
});

test('corpus: python-rest-sam swagger (Lambda TOKEN authorizer on every method, gateway responses)', async () => {
  const inventory = await loadOpenApi(
    `${CORPUS}serverless-samples__serverless-rest-api__python-rest-sam__src__api__swagger.yaml`,
  );
  const api = rest(inventory.apis[0]);
  assert.deepEqual(methodTable(routesOf(api)), {
    '/locations': ['GET', 'PUT'],
    '/locations/{locationid}': ['DELETE', 'GET'],
    '/locations/{locationid}/resources': ['GET', 'PUT'],
    '/locations/{locationid}/resources/{resourceid}': ['DELETE', 'GET'],
    '/locations/{locationid}/resources/{resourceid}/bookings': ['GET'],
    '/users/{userid}/bookings': ['GET', 'PUT'],
    '/users/{userid}/bookings/{bookingid}': ['DELETE', 'GET'],
  });
  for (const resource of routesOf(api)) {
    for (const m of Object.values(resource.methods)) {
      assert.equal(m.authorizationType, 'CUSTOM', `${m.httpMethod} ${resource.path}`);
      assert.equal(m.authorizerId, 'LambdaAuthorizer');
      // The uri is a CloudFormation Fn::Sub, not a string: left out rather than mangled.
      assert.deepEqual(m.integration, { type: 'AWS_PROXY', httpMethod: 'POST' });
    }
  }
  assert.deepEqual(api.authorizers, [
    {
      id: 'LambdaAuthorizer',
      name: 'LambdaAuthorizer',
      type: 'TOKEN',
      identitySource: 'method.request.header.Authorization',
    },
  ]);
  assert.equal(api.gatewayResponses?.BAD_REQUEST_BODY?.statusCode, '400');
  assert.deepEqual(api.gatewayResponses?.DEFAULT_4XX?.responseParameters, {
    'gatewayresponse.header.Access-Control-Allow-Origin': "'*'",
  });
  // basePath "/Prod" without a host is an import option, not a stage: the file still describes the URL's API and stage.
  assert.equal(api.placeholder, true);
});

test('corpus: terraform openapi-spec.yaml (OpenAPI 3.0.3 with operation ids)', async () => {
  const inventory = await loadOpenApi(
    `${CORPUS}serverless-patterns__apigw-openapi-lambda-dynamodb-xray-terraform__infra__openapi-spec.yaml`,
  );
  const api = rest(inventory.apis[0]);
  assert.deepEqual(methodTable(routesOf(api)), {
    '/customers': ['POST'],
    '/customers/{id}': ['DELETE', 'GET', 'PUT'],
  });
  assert.deepEqual(method(routesOf(api), '/customers', 'POST'), {
    httpMethod: 'POST',
    authorizationType: 'NONE',
    apiKeyRequired: false,
    operationName: 'addCustomer',
    integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: '${openapi_demo_lambda_uri}' },
  });
  assert.equal(method(routesOf(api), '/customers/{id}', 'DELETE').operationName, 'removeCustomer');
});

test('corpus: apigw-sqs-lambda api.yaml is an HTTP API export (importexport-version)', async () => {
  const inventory = await loadOpenApi(`${CORPUS}serverless-patterns__apigw-sqs-lambda__api.yaml`);
  const api = http(inventory.apis[0]);
  assert.equal(api.name, 'Queue Based Leveling Example');
  assert.deepEqual(api.routes, [
    {
      routeKey: 'POST /submit',
      authorizationType: 'NONE',
      apiKeyRequired: false,
      integration: { type: 'AWS_PROXY', connectionType: 'INTERNET', payloadFormatVersion: '1.0' },
    },
  ]);
  assert.deepEqual(api.stages, [{ name: '$default', autoDeploy: true, variables: {} }]);
  assert.ok(hasGap(inventory, /HTTP API export/));
});

test('corpus: private custom-domain swagger fragment (AWS::Include, GET and POST on /)', async () => {
  const inventory = await loadOpenApi(
    `${CORPUS}serverless-samples__apigw-private-custom-domain-name__iac__swagger.yaml`,
  );
  const api = rest(inventory.apis[0]);
  assert.equal(api.name, 'apigw-pcdn');
  assert.deepEqual(methodTable(routesOf(api)), { '/': ['GET', 'POST'] });
  // payloadFormatVersion and uri are Fn::Sub objects: not strings, so not read.
  assert.deepEqual(method(routesOf(api), '/', 'GET').integration, { type: 'AWS_PROXY', httpMethod: 'POST' });
  // The endpoint type lives in the SAM template (EndpointConfiguration: PRIVATE), not in this fragment.
  assert.deepEqual(api.endpointTypes, []);
});

test('corpus: the DefinitionBody of the private custom-domain SAM template (x-amazon-apigateway-policy)', async () => {
  const template = await parseDocument(
    await readInputFile(`${CORPUS}serverless-patterns__private-apigw-custom-domain__template.yaml`),
    'template',
  );
  assert.ok(isObject(template) && isObject(template.Resources));
  const privateApi = template.Resources.PrivateApi;
  assert.ok(isObject(privateApi) && isObject(privateApi.Properties));
  assert.equal(privateApi.Properties.EndpointConfiguration, 'PRIVATE');
  const body = privateApi.Properties.DefinitionBody;
  const path = await writeTmp('private-apigw-custom-domain.definition-body.json', body);
  const inventory = await loadOpenApi(path);
  const api = rest(inventory.apis[0]);
  assert.deepEqual(methodTable(routesOf(api)), { '/': ['GET'] });
  assert.equal(method(routesOf(api), '/', 'GET').integration?.type, 'MOCK');
  const statement = api.policy?.Statement;
  assert.equal(statement?.length, 1);
  assert.equal(statement?.[0]?.Effect, 'Allow');
  assert.equal(statement?.[0]?.Principal, '*');
  assert.equal(statement?.[0]?.Action, 'execute-api:Invoke');
  assert.equal(statement?.[0]?.Resource, 'execute-api:/*');
  assert.ok(
    statement?.[0]?.Condition?.StringEquals?.['aws:sourceVpce'],
    'the aws:sourceVpce condition (a !Join) is kept',
  );
  // The definition does not state the endpoint type; its aws:sourceVpce condition means PRIVATE, and a gap says so.
  assert.deepEqual(api.endpointTypes, ['PRIVATE']);
  assert.ok(hasGap(inventory, /PRIVATE is inferred/));
});

test('corpus: the malformed SAM template (stray text on line 34) is an InputError naming file and line', async () => {
  const file = 'serverless-patterns__apigw-custom-domain-edge__template.yaml';
  assert.match(manifest.find((m) => m.file === file)?.notes ?? '', /line 34/);
  assert.deepEqual(
    unparsableCorpus.map((u) => u.file),
    [file],
  );
  await rejects(
    loadOpenApi(CORPUS + file),
    /apigw-custom-domain-edge__template\.yaml: invalid YAML at line 34, column \d+/,
  );
});

for (const file of otherFiles) {
  const kind = manifest.find((m) => m.file === file)?.kind ?? '?';
  test(`corpus: ${kind} file ${file} is rejected by loadOpenApi with a clear InputError`, async () => {
    await rejects(
      loadOpenApi(CORPUS + file),
      new RegExp(
        `^${(CORPUS + file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not an OpenAPI or Swagger document`,
      ),
    );
  });
}

test('corpus: a CloudFormation JSON template is rejected by loadOpenApi (not a crash)', async () => {
  const file = `${CORPUS}cfn-templates__APIGateway__apigateway_lambda_integration.json`;
  const doc = JSON.parse(await readFile(file, 'utf8')) as Json;
  assert.ok('AWSTemplateFormatVersion' in doc || 'Resources' in doc);
  await rejects(
    loadOpenApi(file),
    /not an OpenAPI or Swagger document \(no "openapi"\/"swagger" version and "paths" object\)/,
  );
  assert.throws(() => inventoryFromOpenApi(doc, 'template.json'), InputError);
});

// ---------------------------------------------------------------------------------------------
// Fixtures: sigv4, x-amazon-apigateway-any-method, api keys, Cognito, endpoint configuration, HTTP export
// ---------------------------------------------------------------------------------------------

test('fixture: private REST export with sigv4, any-method, api_key and Cognito security', async () => {
  const inventory = await loadOpenApi(`${FIXTURES}private-orders.oas30.json`);
  const api = rest(inventory.apis[0]);
  assert.equal(api.id, 'q1w2e3r4t5');
  assert.equal(api.region, 'us-west-2');
  assert.equal(api.placeholder, undefined);
  assert.deepEqual(
    api.stages.map((s) => [s.name, s.routesOrigin]),
    [['v1', 'openapi-export']],
  );
  assert.deepEqual(methodTable(routesOf(api)), {
    '/orders': ['GET', 'POST'],
    '/orders/{orderId}': ['GET'],
    '/{proxy+}': ['ANY'],
  });
  const table: [string, string, Partial<MethodConfig>][] = [
    ['/orders', 'GET', { authorizationType: 'NONE', apiKeyRequired: true, operationName: 'ListOrders' }],
    ['/orders', 'POST', { authorizationType: 'AWS_IAM', apiKeyRequired: true }],
    [
      '/orders/{orderId}',
      'GET',
      { authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'orders-users', apiKeyRequired: false },
    ],
    ['/{proxy+}', 'ANY', { httpMethod: 'ANY', authorizationType: 'AWS_IAM', apiKeyRequired: false }],
  ];
  for (const [path, verb, expected] of table) {
    const m = method(routesOf(api), path, verb);
    for (const [key, value] of Object.entries(expected))
      assert.deepEqual(m[key as keyof MethodConfig], value, `${verb} ${path} ${key}`);
  }
  assert.deepEqual(method(routesOf(api), '/orders', 'GET').integration, {
    type: 'HTTP_PROXY',
    httpMethod: 'GET',
    uri: 'https://orders.internal.example.com/orders',
    connectionType: 'VPC_LINK',
  });
  assert.deepEqual(api.authorizers, [
    {
      id: 'orders-users',
      name: 'orders-users',
      type: 'COGNITO_USER_POOLS',
      identitySource: 'method.request.header.Authorization',
    },
  ]);
  assert.deepEqual(api.vpcEndpointIds, ['vpce-0a1b2c3d4e5f60718']);
  assert.deepEqual(api.endpointTypes, ['PRIVATE']);
  assert.ok(hasGap(inventory, /PRIVATE is inferred/));
  assert.deepEqual(
    api.policy?.Statement.map((s) => s.Effect),
    ['Allow', 'Deny'],
  );
  assert.deepEqual(api.policy?.Statement[1]?.Condition, {
    StringNotEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d4e5f60718' },
  });
});

test('fixture: HTTP API export (YAML) with a JWT authorizer and the $default route', async () => {
  const inventory = await loadOpenApi(`${FIXTURES}notifications-http.export.yaml`);
  const api = http(inventory.apis[0]);
  assert.equal(api.id, 'h1t2p3a4b5');
  assert.equal(api.region, 'eu-central-1');
  assert.equal(api.name, 'notifications-http');
  assert.deepEqual(
    api.stages.map((s) => s.name),
    ['$default'],
  );
  assert.deepEqual(api.routes, [
    {
      routeKey: 'GET /items',
      authorizationType: 'JWT',
      authorizerId: 'jwt-auth',
      apiKeyRequired: false,
      integration: {
        type: 'AWS_PROXY',
        httpMethod: 'POST',
        uri: 'arn:aws:apigateway:eu-central-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-central-1:123456789012:function:items/invocations',
        connectionType: 'INTERNET',
        payloadFormatVersion: '2.0',
      },
    },
    {
      routeKey: '$default',
      authorizationType: 'NONE',
      apiKeyRequired: false,
      integration: {
        type: 'HTTP_PROXY',
        httpMethod: 'ANY',
        uri: 'https://legacy.example.com',
        connectionType: 'INTERNET',
        payloadFormatVersion: '1.0',
      },
    },
  ]);
  assert.deepEqual(api.authorizers, [
    { id: 'jwt-auth', name: 'jwt-auth', type: 'JWT', identitySource: '$request.header.Authorization' },
  ]);
});

test('resourcesFromOpenApi: root security applies unless the operation overrides it (security: [] means none)', () => {
  const doc = {
    swagger: '2.0',
    security: [{ sigv4: [] }],
    securityDefinitions: {
      sigv4: {
        type: 'apiKey',
        name: 'Authorization',
        in: 'header',
        'x-amazon-apigateway-authtype': 'awsSigv4',
      },
      api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' },
    },
    paths: {
      '/private': { get: {} },
      'public/': { get: { security: [] } },
      '/keyed': { put: { security: [{ api_key: [] }] } },
      '/': { 'x-amazon-apigateway-any-method': {}, parameters: [] },
    },
  };
  const resources = resourcesFromOpenApi(doc);
  assert.deepEqual(methodTable(resources), {
    '/private': ['GET'],
    '/public': ['GET'],
    '/keyed': ['PUT'],
    '/': ['ANY'],
  });
  assert.equal(method(resources, '/private', 'GET').authorizationType, 'AWS_IAM');
  assert.equal(method(resources, '/public', 'GET').authorizationType, 'NONE');
  assert.deepEqual(
    [method(resources, '/keyed', 'PUT').authorizationType, method(resources, '/keyed', 'PUT').apiKeyRequired],
    ['NONE', true],
  );
  assert.equal(method(resources, '/', 'ANY').authorizationType, 'AWS_IAM');
});

test('serverInfo: API id, region and stage from host + basePath (Swagger 2) or servers (OAS 3)', () => {
  const cases: [string, Json, ReturnType<typeof serverInfo>][] = [
    [
      'swagger host + basePath',
      { host: 'abc123defg.execute-api.us-east-1.amazonaws.com', basePath: '/prod' },
      { apiId: 'abc123defg', region: 'us-east-1', stage: 'prod' },
    ],
    [
      'host with a port',
      { host: 'abc123defg.execute-api.us-east-1.amazonaws.com:443', basePath: '/prod' },
      { apiId: 'abc123defg', region: 'us-east-1', stage: 'prod' },
    ],
    [
      'upper-case host',
      { host: 'ABC123DEFG.EXECUTE-API.EU-WEST-1.AMAZONAWS.COM', basePath: '/v1/' },
      { apiId: 'abc123defg', region: 'eu-west-1', stage: 'v1' },
    ],
    [
      'China partition',
      { host: 'abc123defg.execute-api.cn-north-1.amazonaws.com.cn', basePath: '/prod' },
      { apiId: 'abc123defg', region: 'cn-north-1', stage: 'prod' },
    ],
    [
      'basePath "/"',
      { host: 'abc123defg.execute-api.us-east-1.amazonaws.com', basePath: '/' },
      { apiId: 'abc123defg', region: 'us-east-1' },
    ],
    [
      'servers with the basePath variable',
      {
        servers: [
          {
            url: 'https://abc123defg.execute-api.ap-southeast-2.amazonaws.com/{basePath}',
            variables: { basePath: { default: 'local' } },
          },
        ],
      },
      { apiId: 'abc123defg', region: 'ap-southeast-2', stage: 'local' },
    ],
    [
      'servers with an unresolved variable',
      { servers: [{ url: 'https://abc123defg.execute-api.ap-southeast-2.amazonaws.com/{basePath}' }] },
      { apiId: 'abc123defg', region: 'ap-southeast-2' },
    ],
    ['servers: a custom domain', { servers: [{ url: 'https://api.example.com' }] }, {}],
    ['nothing', {}, {}],
  ];
  for (const [name, doc, expected] of cases) assert.deepEqual(serverInfo(doc), expected, name);
});

// ---------------------------------------------------------------------------------------------
// Stage exports in the recorded shape (GetExport.json: swagger and oas30, with and without extensions)
// ---------------------------------------------------------------------------------------------

interface Recording {
  key: string;
  request_params?: string;
  note?: string;
  response: Json;
}

async function recordings(operation: string): Promise<Recording[]> {
  return (JSON.parse(await readFile(`${RECORDED}${operation}.json`, 'utf8')) as { examples: Recording[] })
    .examples;
}

/** One recorded response (the nth with that key), deep-copied. */
async function recorded(operation: string, key: string, nth = 0): Promise<Json> {
  const found = (await recordings(operation)).filter((e) => e.key === key)[nth];
  assert.ok(found, `${operation}.json has no example ${key} #${nth}`);
  return structuredClone(found.response);
}

const PLACEHOLDER = /<[a-z][a-z0-9:_-]*:\d+>|<region>|<partition>/g;
const REGION = 'eu-west-1';

/**
 * A recorded boto3 response made into what the CLI prints: no ResponseMetadata, realistic ids for
 * LocalStack's placeholders (each must be given, so none is left by accident), ISO dates for "datetime".
 */
function realistic<T>(value: T, ids: Record<string, string>, date = '2025-05-06T18:20:36+00:00'): T {
  const common: Record<string, string> = { '<region>': REGION, '<partition>': 'aws' };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (isObject(v))
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => k !== 'ResponseMetadata')
          .map(([k, x]) => [k, walk(x)]),
      );
    if (v === 'datetime') return date;
    if (typeof v === 'string') {
      return v.replace(PLACEHOLDER, (p) => {
        const real = ids[p] ?? common[p];
        if (real === undefined) throw new Error(`no realistic value given for ${p}`);
        return real;
      });
    }
    return v;
  };
  return walk(value) as T;
}

const EXPORT_API = 'n5e6x7p8o9';
const exportExamples = (await recordings('GetExport')).map((e, i) => ({
  name: `#${i} ${e.key} (${/exportType='(\w+)'/.exec(e.request_params ?? '')?.[1]})`,
  extensions: /extensions/.test(e.request_params ?? ''),
  body: realistic(e.response.body as Json, { '<api-id:1>': EXPORT_API }),
}));

test('stage export: the recordings hold swagger and oas30, with and without extensions=apigateway', () => {
  assert.ok(exportExamples.length >= 4);
  assert.ok(exportExamples.some((e) => 'swagger' in e.body && e.extensions));
  assert.ok(exportExamples.some((e) => 'swagger' in e.body && !e.extensions));
  assert.ok(exportExamples.some((e) => 'openapi' in e.body && e.extensions));
  assert.ok(exportExamples.some((e) => 'openapi' in e.body && !e.extensions));
});

for (const [i, example] of exportExamples.entries()) {
  for (const format of ['json', 'yaml'] as const) {
    test(`stage export ${example.name} as ${format}: API id, region and stage from the server, integrations read`, async () => {
      const path = await writeTmp(
        `export-${i}.${format}`,
        format === 'json' ? JSON.stringify(example.body) : toYaml(example.body),
      );
      const inventory = await loadOpenApi(path);
      const api = rest(inventory.apis[0]);
      assert.equal(api.id, EXPORT_API);
      assert.equal(api.region, REGION);
      assert.equal(api.placeholder, undefined);
      assert.deepEqual(
        api.stages.map((s) => [s.name, s.routesOrigin]),
        [['local', 'openapi-export']],
      );
      assert.equal(
        inventory.gaps.some((g) => /execute-api server|names no stage/.test(g.message)),
        false,
      );
      const pets = method(routesOf(api), '/pets', 'GET');
      const pet = method(routesOf(api), '/pets/{petId}', 'GET');
      if (example.extensions) {
        assert.equal(pets.integration?.type, 'HTTP');
        assert.equal(pets.integration?.httpMethod, 'GET');
        assert.match(
          pets.integration?.uri ?? '',
          /^http:\/\/petstore(-demo-endpoint)?\.execute-api\.[a-z0-9.-]+\/petstore\/pets$/,
        );
        assert.match(pet.integration?.uri ?? '', /\/petstore\/pets\/\{(id|petId)\}$/);
      } else {
        assert.equal(pets.integration, undefined, 'no integration without extensions=apigateway');
      }
    });
  }
}

test('stage export: a UTF-8 BOM before the JSON is accepted', async () => {
  const path = await writeTmp('export-bom.json', `\uFEFF${JSON.stringify(exportExamples[1]?.body)}`);
  assert.equal((await loadOpenApi(path)).apis[0]?.id, EXPORT_API);
});

// ---------------------------------------------------------------------------------------------
// A snapshot assembled from the recorded responses
// ---------------------------------------------------------------------------------------------

const ACCOUNT = '111111111111'; // the account id LocalStack records
const PETS = 'x7pq2m9wza';
const PETS_ROOT = 'r5t6y7u8i9';
const PETS_RESOURCE = 'p3e4t5s6a7';
const PET_RESOURCE = 'p8i9d0x1y2';
const PROXY = 'k4n8b2v6cq';
const DEP1 = 'd1e2p3l4o5';
const DEP2 = 'd6e7p8l9o0';
const DEP1_DATE = '2025-05-06T18:19:00+00:00';
const TOKEN_AUTHORIZER = 'au7t0k3n1a';
const USAGE_PLAN = 'up5l4n3a2b';
const KEY1 = 'k3y0000001';
const KEY2 = 'k3y0000002';
/** The recorded GetRestApi policy (CloudFormation test), as a document. */
const RECORDED_POLICY = (await recorded('GetRestApi', 'rest-api', 0)).policy as Json;

/** The policy string as GetRestApi returns it: JSON whose quotes are backslash-escaped. */
function awsEscaped(policy: unknown): string {
  return JSON.stringify(policy).replace(/"/g, '\\"');
}

async function assembleSnapshot(): Promise<Json> {
  // restApis[0]: a REGIONAL API whose resources were listed without --embed methods and whose stages were not recorded.
  const proxyRestApi = realistic(await recorded('GetRestApi', 'rest-api', 1), {
    '<id:1>': PROXY,
    '<name:1>': 'proxy-api',
    '<id:2>': 'pr0x0r00t1',
    '<resource:1>': '4f2b6c1e-0c8a-11f0-9a4e-0a1b2c3d4e5f',
  });
  const proxyResources = realistic(await recorded('GetResources', 'all-resources'), {
    '<id:1>': 'pr0x0res01',
    '<id:2>': 'pr0x0res02',
    '<id:3>': 'pr0x0res03',
    '<id:4>': 'pr0x0res04',
    '<id:5>': 'pr0x0r00t1',
    '<id:6>': 'pr0x0res06',
  });

  // restApis[1]: an EDGE API with /pets and /pets/{petId}; stage1 serves DEP1 (recorded, deployed before
  // /pets/{petId} existed), stage2 serves DEP2 (not recorded).
  const petsRestApi = realistic(await recorded('GetRestApi', 'get-rest-api-w-tags'), {
    '<id:1>': PETS,
    '<name:1>': 'pets-api',
    '<root-resource-id:1>': PETS_ROOT,
  });
  petsRestApi.policy = awsEscaped(RECORDED_POLICY);
  const petsResources = realistic(await recorded('GetResources', 'resources', 1), {
    '<id:2>': PETS_ROOT,
    '<id:3>': PETS_RESOURCE,
    '<id:4>': PET_RESOURCE,
  }) as { items: Json[] };
  // The recording ran get-resources without --embed methods ({"GET": {}}); embed the recorded GetMethod output,
  // as --embed methods does.
  for (const item of petsResources.items) {
    const methods = item.resourceMethods;
    if (!isObject(methods)) continue;
    for (const verb of Object.keys(methods)) {
      methods[verb] = realistic(await recorded('GetMethod', 'get-method'), {
        '<cache-namespace:1>': String(item.id),
      });
    }
  }
  const stages = realistic(await recorded('GetStages', 'all-stages'), {
    '<deployment-id:1>': DEP1,
    '<deployment-id:2>': DEP2,
  });
  const deployment = realistic(
    await recorded('GetDeployment', 'get-deployment-1'),
    { '<deployment-id:1>': DEP1 },
    DEP1_DATE,
  );
  // Not in the recordings: what get-deployment --embed apisummary adds.
  deployment.apiSummary = { '/pets': { GET: { authorizationType: 'NONE', apiKeyRequired: false } } };
  const gatewayResponses = realistic(await recorded('GetGatewayResponses', 'get-gateway-responses', 1), {});
  const authorizers = realistic(await recorded('GetAuthorizers', 'get-authorizers', 0), {
    '<authorizer-id:1>': TOKEN_AUTHORIZER,
    '<authorizer-id:2>': 'au7t0k3n2b',
    '<authorizer-credentials:1>': `arn:aws:iam::${ACCOUNT}:role/pets-authorizer-invoke`,
    '<authorizer-uri:1>': `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${ACCOUNT}:function:pets-authorizer/invocations`,
  });

  const apiKeys = realistic(await recorded('GetApiKeys', 'get-api-keys-after-create-2'), {
    '<id:1>': KEY1,
    '<id:2>': KEY2,
    '<name:1>': 'partner-a',
    '<name:2>': 'partner-b',
  });
  const usagePlans = realistic(await recorded('GetUsagePlans', 'get-usage-plans'), {
    '<api-id:1>': PETS,
    '<id:1>': USAGE_PLAN,
    '<name:1>': 'pets-basic',
    '<description:1>': 'Basic plan for partners',
  }) as { items: { apiStages: { stage: string }[] }[] };
  // The recorded plan names stage "dev", which this API does not have.
  for (const s of usagePlans.items[0]?.apiStages ?? []) s.stage = 'stage1';

  // get-rest-apis lists the same RestApi objects get-rest-api returns.
  const restApiList = { items: [proxyRestApi, petsRestApi].map((a) => ({ ...a })) };

  return {
    apigwDoctorSnapshot: 1,
    capturedAt: '2025-05-06T18:25:00Z',
    capturedBy: 'test/sources.test.ts, from shared/reference/recorded',
    accounts: [
      {
        accountId: ACCOUNT,
        regions: [
          {
            region: REGION,
            restApiList,
            restApis: [
              { restApi: proxyRestApi, resources: proxyResources },
              {
                restApi: petsRestApi,
                resources: petsResources,
                stages,
                deployments: [deployment],
                gatewayResponses,
                authorizers,
              },
            ],
            apiKeys,
            usagePlans,
            // Not recorded: get-usage-plan-keys --usage-plan-id.
            usagePlanKeys: { [USAGE_PLAN]: { items: [{ id: KEY1, type: 'API_KEY', name: 'partner-a' }] } },
          },
        ],
      },
    ],
  };
}

const SNAPSHOT = await assembleSnapshot();
const SNAPSHOT_FILE = await writeTmp('assembled.snapshot.json', SNAPSHOT);

function petsEntry(snapshot: Json): Json {
  const entry = (snapshot as { accounts: { regions: { restApis: Json[] }[] }[] }).accounts[0]?.regions[0]
    ?.restApis[1];
  assert.ok(entry);
  return entry;
}

test('assembled snapshot: no placeholder, "datetime" or ResponseMetadata is left', () => {
  const text = JSON.stringify(SNAPSHOT);
  assert.doesNotMatch(text, new RegExp(PLACEHOLDER.source));
  assert.doesNotMatch(text, /"datetime"|ResponseMetadata/);
  // The recorded escaped-policy shape: quotes backslash-escaped inside the string.
  assert.match(String((petsEntry(SNAPSHOT).restApi as Json).policy), /^\{\\"Statement\\":\[/);
});

test('assembled snapshot: validates against the schema', async () => {
  await validateSnapshot(SNAPSHOT, 'assembled.snapshot.json');
});

test('assembled snapshot: loads; the REST APIs, keys, plans and listing are read', async () => {
  const inventory = await loadSnapshot(SNAPSHOT_FILE);
  assert.deepEqual(inventory.sources, [SNAPSHOT_FILE]);
  assert.deepEqual(
    inventory.apis.map((a) => [a.kind, a.id]),
    [
      ['REST', PROXY],
      ['REST', PETS],
    ],
  );
  assert.deepEqual(inventory.coveredRegions, [{ accountId: ACCOUNT, region: REGION }]);
  assert.deepEqual(inventory.listedApis, [
    { id: PROXY, name: 'proxy-api', region: REGION },
    { id: PETS, name: 'pets-api', region: REGION },
  ]);
  const pets = rest(inventory.apis[1]);
  assert.equal(pets.name, 'pets-api');
  assert.equal(pets.accountId, ACCOUNT);
  assert.equal(pets.region, REGION);
  assert.deepEqual(pets.endpointTypes, ['EDGE']);
  assert.equal(pets.apiKeySource, 'HEADER');
  assert.equal(pets.disableExecuteApiEndpoint, false);
  assert.deepEqual(pets.authorizers, [
    {
      id: TOKEN_AUTHORIZER,
      name: 'test-authorizer',
      type: 'TOKEN',
      identitySource: 'method.request.header.Authorization',
    },
    {
      id: 'au7t0k3n2b',
      name: 'test-authorizer-not-used',
      type: 'TOKEN',
      identitySource: 'method.request.header.Authorization',
    },
  ]);
  assert.deepEqual(pets.gatewayResponses?.AUTHORIZER_FAILURE, {
    responseType: 'AUTHORIZER_FAILURE',
    defaultResponse: false,
    statusCode: '500',
    responseParameters: { 'gatewayresponse.header.foo': "'bar'" },
    responseTemplates: { 'application/json': '{"message":$context.error.messageString}' },
  });
  assert.equal(pets.gatewayResponses?.API_CONFIGURATION_ERROR?.statusCode, '599');
  assert.deepEqual(
    inventory.apiKeys?.map((k) => [k.id, k.name, k.enabled]),
    [
      [KEY2, 'partner-b', false],
      [KEY1, 'partner-a', false],
    ],
  );
  assert.deepEqual(inventory.usagePlans, [
    { id: USAGE_PLAN, name: 'pets-basic', apiStages: [{ apiId: PETS, stage: 'stage1' }], keyIds: [KEY1] },
  ]);
});

test('assembled snapshot: the escaped policy string of GetRestApi is parsed', async () => {
  const pets = rest((await loadSnapshot(SNAPSHOT_FILE)).apis[1]);
  assert.deepEqual(pets.policy, {
    Version: '2012-10-17',
    Statement: [
      { Action: '*', Effect: 'Allow', Principal: { AWS: '*' }, Resource: '*', Sid: 'AllowInvokeAPI' },
    ],
  });
});

test('assembled snapshot: current resources come from get-resources --embed methods', async () => {
  const pets = rest((await loadSnapshot(SNAPSHOT_FILE)).apis[1]);
  assert.deepEqual(pets.currentResources, [
    { path: '/', id: PETS_ROOT, methods: {} },
    {
      path: '/pets',
      id: PETS_RESOURCE,
      methods: {
        GET: {
          httpMethod: 'GET',
          authorizationType: 'NONE',
          apiKeyRequired: false,
          integration: { type: 'MOCK' },
        },
      },
    },
    {
      path: '/pets/{petId}',
      id: PET_RESOURCE,
      methods: {
        GET: {
          httpMethod: 'GET',
          authorizationType: 'NONE',
          apiKeyRequired: false,
          integration: { type: 'MOCK' },
        },
      },
    },
  ]);
});

test('assembled snapshot: the deployment apiSummary gives the routes of the stage serving it', async () => {
  const inventory = await loadSnapshot(SNAPSHOT_FILE);
  const stage1 = rest(inventory.apis[1]).stages.find((s) => s.name === 'stage1');
  assert.ok(stage1);
  assert.equal(stage1.deploymentId, DEP1);
  assert.equal(stage1.deploymentCreatedDate, DEP1_DATE);
  assert.equal(stage1.routesOrigin, 'deployment-apisummary');
  // Only /pets was deployed; /pets/{petId} exists in the configuration only.
  assert.deepEqual(stage1.resources, [
    {
      path: '/pets',
      id: PETS_RESOURCE,
      methods: { GET: { httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false } },
    },
  ]);
  assert.ok(
    inventory.gaps.some(
      (g) =>
        g.apiId === PETS &&
        g.message === `${PETS}/stage1: no stage export recorded, so deployed integrations are unknown`,
    ),
  );
  const d = diagnose(inventory, {
    method: 'GET',
    url: `https://${PETS}.execute-api.${REGION}.amazonaws.com/stage1/pets/7`,
    headers: {},
  });
  assert.equal(d.simulation.route, null);
  assert.equal(d.simulation.facts.routeMiss?.inCurrentConfig?.resourcePath, '/pets/{petId}');
});

test('assembled snapshot: a stage whose deployment was not recorded falls back to the current configuration, and a gap says so', async () => {
  const inventory = await loadSnapshot(SNAPSHOT_FILE);
  const stage2 = rest(inventory.apis[1]).stages.find((s) => s.name === 'stage2');
  assert.ok(stage2);
  assert.equal(stage2.deploymentId, DEP2);
  assert.equal(stage2.resources, undefined);
  assert.ok(
    inventory.gaps.some(
      (g) =>
        g.apiId === PETS &&
        /^x7pq2m9wza\/stage2: neither the deployment .* nor a stage export was recorded, so what the stage serves is assumed to be the current configuration$/.test(
          g.message,
        ),
    ),
    inventory.gaps.map((g) => g.message).join('\n'),
  );
  const d = diagnose(inventory, {
    method: 'GET',
    url: `https://${PETS}.execute-api.${REGION}.amazonaws.com/stage2/pets/7`,
    headers: {},
  });
  assert.equal(d.simulation.route?.resourcePath, '/pets/{petId}');
  assert.ok(
    d.simulation.trace.some(
      (s) => s.step === 'route' && s.basis === 'inferred' && /current configuration/.test(s.detail),
    ),
  );
});

test('assembled snapshot: resources listed without --embed methods and missing stages are gaps', async () => {
  const inventory = await loadSnapshot(SNAPSHOT_FILE);
  const proxy = rest(inventory.apis[0]);
  assert.deepEqual(proxy.endpointTypes, ['REGIONAL']);
  assert.equal(proxy.policy, undefined);
  assert.deepEqual(proxy.stages, []);
  assert.deepEqual(
    proxy.currentResources?.map((r) => r.path),
    ['/', '/parent', '/parent/child', '/parent/child/{proxy+}', '/parent/{proxy+}', '/{proxy+}'],
  );
  const gaps = inventory.gaps.filter((g) => g.apiId === PROXY).map((g) => g.message);
  assert.deepEqual(gaps, [
    `${PROXY}: resources were recorded without --embed methods, so their current methods are unknown`,
    `${PROXY}: no stages recorded`,
  ]);
});

test(
  'assembled snapshot: get-resources output without --embed methods ({"GET": {}}) is not read as "no authorization"',
  {},
  async () => {
    const snapshot = structuredClone(SNAPSHOT);
    petsEntry(snapshot).resources = realistic(await recorded('GetResources', 'resources', 1), {
      '<id:2>': PETS_ROOT,
      '<id:3>': PETS_RESOURCE,
      '<id:4>': PET_RESOURCE,
    });
    const inventory = inventoryFromSnapshot(snapshot, 'snap.json');
    assert.ok(
      inventory.gaps.some((g) => g.apiId === PETS && /without --embed methods/.test(g.message)),
      inventory.gaps.map((g) => g.message).join('\n'),
    );
    const get = rest(inventory.apis[1]).currentResources?.find((r) => r.path === '/pets')?.methods.GET;
    assert.ok(
      get === undefined || get.authorizationType !== 'NONE',
      'an empty method says nothing about its authorization',
    );
  },
);

test('assembled snapshot: the recorded stage export supplies the deployed integrations', async () => {
  const snapshot = structuredClone(SNAPSHOT);
  const body = realistic((await recorded('GetExport', 'get-export-with-extensions', 1)).body as Json, {
    '<api-id:1>': PETS,
  });
  assert.equal(body.openapi, '3.0.1');
  petsEntry(snapshot).exports = { stage1: body, stage2: body };
  await validateSnapshot(snapshot, 'snap.json');
  const inventory = inventoryFromSnapshot(snapshot, 'snap.json');
  const pets = rest(inventory.apis[1]);
  const [stage1, stage2] = pets.stages;
  // stage1: routes from the apiSummary, integrations from the export.
  assert.equal(stage1?.routesOrigin, 'deployment-apisummary');
  assert.deepEqual(
    stage1?.resources?.map((r) => r.path),
    ['/pets'],
  );
  assert.deepEqual(method(stage1?.resources, '/pets', 'GET').integration, {
    type: 'HTTP',
    httpMethod: 'GET',
    uri: 'http://petstore-demo-endpoint.execute-api.com/petstore/pets',
  });
  // stage2: no deployment, so the export is the route table.
  assert.equal(stage2?.routesOrigin, 'stage-export');
  assert.deepEqual(methodTable(stage2?.resources), { '/pets': ['GET'], '/pets/{petId}': ['GET'] });
  assert.equal(
    inventory.gaps.some((g) => /no stage export recorded|neither the deployment/.test(g.message)),
    false,
  );
});

test('assembled snapshot: the same snapshot written as YAML loads to the same model', async () => {
  const fromJson = await loadSnapshot(SNAPSHOT_FILE);
  const yamlFile = await writeTmp('assembled.snapshot.yaml', toYaml(SNAPSHOT));
  const fromYaml = await loadSnapshot(yamlFile);
  const strip = (inventory: Inventory) =>
    JSON.parse(
      JSON.stringify(inventory)
        .replaceAll(JSON.stringify(yamlFile).slice(1, -1), 'FILE')
        .replaceAll(JSON.stringify(SNAPSHOT_FILE).slice(1, -1), 'FILE'),
    ) as unknown;
  assert.deepEqual(strip(fromYaml), strip(fromJson));
});

test('policy: every spelling AWS and users write is parsed to the same document', () => {
  const document = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${PETS}/*`,
      },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${PETS}/*`,
        Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d4e5f60718' } },
      },
    ],
  };
  const cases: [string, unknown][] = [
    ['an object (SDK v3, CloudFormation)', document],
    ['a plain JSON string', JSON.stringify(document)],
    ['the backslash-escaped string GetRestApi returns', awsEscaped(document)],
    ['escaped, with "/" escaped too (\\/)', awsEscaped(document).replace(/\//g, '\\/')],
    ['a single Statement object', { ...document, Statement: document.Statement[0] }],
  ];
  for (const [name, policy] of cases) {
    const snapshot = structuredClone(SNAPSHOT);
    (petsEntry(snapshot).restApi as Json).policy = policy;
    const pets = rest(inventoryFromSnapshot(snapshot, 'snap.json').apis[1]);
    const expected = name.startsWith('a single')
      ? { ...document, Statement: [document.Statement[0]] }
      : document;
    assert.deepEqual(pets.policy, expected, name);
  }
});

test('policy: a policy string that cannot be parsed is a gap, not silently no policy', {}, () => {
  const snapshot = structuredClone(SNAPSHOT);
  (petsEntry(snapshot).restApi as Json).policy = '{"Version": "2012-10-17", "Statement": [';
  const inventory = inventoryFromSnapshot(snapshot, 'snap.json');
  assert.ok(
    inventory.gaps.some((g) => g.apiId === PETS && /policy/i.test(g.message)),
    inventory.gaps.map((g) => g.message).join('\n'),
  );
});

// ---------------------------------------------------------------------------------------------
// apigatewayv2: PascalCase (CLI, SDK) and camelCase (wire) members
// ---------------------------------------------------------------------------------------------

const V2_API = 'h7q2w9e4r1';

/** An HTTP API entry as `aws apigatewayv2 get-api/get-routes/...` print it (PascalCase). */
function httpEntryPascal(): Json {
  return {
    api: {
      ApiEndpoint: `https://${V2_API}.execute-api.${REGION}.amazonaws.com`,
      ApiId: V2_API,
      ApiKeySelectionExpression: '$request.header.x-api-key',
      CreatedDate: '2025-05-05T10:00:00+00:00',
      DisableExecuteApiEndpoint: true,
      Name: 'notifications',
      ProtocolType: 'HTTP',
      RouteSelectionExpression: '$request.method $request.path',
    },
    routes: {
      Items: [
        {
          ApiKeyRequired: false,
          AuthorizationType: 'JWT',
          AuthorizerId: 'jw7auth01',
          RouteId: 'rt00001',
          RouteKey: 'GET /notifications',
          Target: 'integrations/in00001',
        },
        {
          ApiKeyRequired: false,
          AuthorizationType: 'AWS_IAM',
          RouteId: 'rt00002',
          RouteKey: 'POST /notifications',
          Target: 'integrations/in00001',
        },
        { ApiKeyRequired: false, AuthorizationType: 'NONE', RouteId: 'rt00003', RouteKey: '$default' },
      ],
    },
    integrations: {
      Items: [
        {
          ConnectionType: 'INTERNET',
          IntegrationId: 'in00001',
          IntegrationMethod: 'POST',
          IntegrationType: 'AWS_PROXY',
          IntegrationUri: `arn:aws:lambda:${REGION}:123456789012:function:notifications`,
          PayloadFormatVersion: '2.0',
          TimeoutInMillis: 30000,
        },
      ],
    },
    stages: {
      Items: [
        {
          StageName: '$default',
          AutoDeploy: true,
          DeploymentId: 'hdep0002',
          LastUpdatedDate: '2025-06-01T10:00:00+00:00',
          StageVariables: { lambdaAlias: 'live' },
        },
        {
          StageName: 'beta',
          AutoDeploy: false,
          DeploymentId: 'hdep0001',
          LastUpdatedDate: '2025-05-05T10:00:00+00:00',
        },
      ],
    },
    deployments: {
      Items: [
        {
          AutoDeployed: true,
          CreatedDate: '2025-06-01T10:00:00+00:00',
          DeploymentId: 'hdep0002',
          DeploymentStatus: 'DEPLOYED',
        },
        {
          AutoDeployed: false,
          CreatedDate: '2025-05-05T10:00:00+00:00',
          DeploymentId: 'hdep0001',
          DeploymentStatus: 'DEPLOYED',
        },
      ],
    },
    authorizers: {
      Items: [
        {
          AuthorizerId: 'jw7auth01',
          AuthorizerType: 'JWT',
          IdentitySource: ['$request.header.Authorization'],
          Name: 'cognito-jwt',
        },
      ],
    },
  };
}

/** The same, with the wire names (first letter lower-cased). */
function camel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camel);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), camel(v)]),
  );
}

function v2Snapshot(entry: unknown, listing: unknown, domain: unknown): Json {
  return {
    apigwDoctorSnapshot: 1,
    capturedAt: '2025-06-01T12:00:00Z',
    accounts: [
      {
        accountId: ACCOUNT,
        regions: [{ region: REGION, httpApiList: listing, httpApis: [entry], domainNames: [domain] }],
      },
    ],
  };
}

const V2_LISTING = { Items: [{ ApiId: V2_API, Name: 'notifications', ProtocolType: 'HTTP' }] };
const V2_DOMAIN = {
  domainName: {
    DomainName: 'Notify.Example.com',
    DomainNameConfigurations: [
      { ApiGatewayDomainName: 'd-abc123def4.execute-api.eu-west-1.amazonaws.com', EndpointType: 'REGIONAL' },
    ],
  },
  apiMappings: {
    Items: [{ ApiId: V2_API, ApiMappingId: 'map001', ApiMappingKey: 'v1/notify', Stage: '$default' }],
  },
};

const v2Cases: [string, Json][] = [
  ['PascalCase (CLI, SDK)', v2Snapshot(httpEntryPascal(), V2_LISTING, V2_DOMAIN)],
  [
    'camelCase (wire)',
    v2Snapshot(camel(httpEntryPascal()), camel(V2_LISTING), {
      ...V2_DOMAIN,
      domainName: camel(V2_DOMAIN.domainName),
      apiMappings: camel(V2_DOMAIN.apiMappings),
    }),
  ],
];

for (const [name, snapshot] of v2Cases) {
  test(`apigatewayv2 ${name}: validates and loads`, async () => {
    await validateSnapshot(snapshot, 'v2.json');
    const inventory = inventoryFromSnapshot(snapshot, 'v2.json');
    const api = http(inventory.apis[0]);
    // The integration type is checked on its own below.
    const withoutIntegrationType = {
      ...api,
      routes: api.routes.map((r) =>
        r.integration ? { ...r, integration: { ...r.integration, type: 'checked below' } } : r,
      ),
    };
    assert.deepEqual(withoutIntegrationType, {
      kind: 'HTTP',
      id: V2_API,
      region: REGION,
      accountId: ACCOUNT,
      name: 'notifications',
      disableExecuteApiEndpoint: true,
      routeSelectionExpression: '$request.method $request.path',
      routes: [
        {
          routeKey: 'GET /notifications',
          routeId: 'rt00001',
          authorizationType: 'JWT',
          authorizerId: 'jw7auth01',
          apiKeyRequired: false,
          target: 'integrations/in00001',
          integration: {
            type: 'checked below',
            httpMethod: 'POST',
            uri: `arn:aws:lambda:${REGION}:123456789012:function:notifications`,
            connectionType: 'INTERNET',
            payloadFormatVersion: '2.0',
          },
        },
        {
          routeKey: 'POST /notifications',
          routeId: 'rt00002',
          authorizationType: 'AWS_IAM',
          apiKeyRequired: false,
          target: 'integrations/in00001',
          integration: {
            type: 'checked below',
            httpMethod: 'POST',
            uri: `arn:aws:lambda:${REGION}:123456789012:function:notifications`,
            connectionType: 'INTERNET',
            payloadFormatVersion: '2.0',
          },
        },
        { routeKey: '$default', routeId: 'rt00003', authorizationType: 'NONE', apiKeyRequired: false },
      ],
      stages: [
        {
          name: '$default',
          autoDeploy: true,
          deploymentId: 'hdep0002',
          lastUpdatedDate: '2025-06-01T10:00:00+00:00',
          variables: { lambdaAlias: 'live' },
        },
        {
          name: 'beta',
          autoDeploy: false,
          deploymentId: 'hdep0001',
          lastUpdatedDate: '2025-05-05T10:00:00+00:00',
          variables: {},
        },
      ],
      deployments: [
        { id: 'hdep0002', createdDate: '2025-06-01T10:00:00+00:00', status: 'DEPLOYED', autoDeployed: true },
        { id: 'hdep0001', createdDate: '2025-05-05T10:00:00+00:00', status: 'DEPLOYED' },
      ],
      authorizers: [
        {
          id: 'jw7auth01',
          name: 'cognito-jwt',
          type: 'JWT',
          identitySource: '$request.header.Authorization',
        },
      ],
      origin: 'v2.json',
    });
    assert.deepEqual(inventory.domains, [
      {
        domainName: 'notify.example.com',
        region: REGION,
        accountId: ACCOUNT,
        endpointType: 'REGIONAL',
        routingMode: 'API_MAPPING_ONLY',
        mappings: [{ basePath: 'v1/notify', apiId: V2_API, stage: '$default', apiMappingId: 'map001' }],
        routingRules: [],
        targetDomainName: 'd-abc123def4.execute-api.eu-west-1.amazonaws.com',
        origin: 'v2.json',
      },
    ]);
  });
}

for (const [name, snapshot] of v2Cases) {
  test(
    `apigatewayv2 ${name}: the integration type (IntegrationType) is read`,
    name.startsWith('camel') ? {} : {},
    () => {
      const api = http(inventoryFromSnapshot(snapshot, 'v2.json').apis[0]);
      assert.deepEqual(
        api.routes.map((r) => r.integration?.type),
        ['AWS_PROXY', 'AWS_PROXY', undefined],
      );
    },
  );
}

for (const [name, snapshot] of v2Cases) {
  test(
    `apigatewayv2 ${name}: the get-apis listing names the API (for "did you mean")`,
    name.startsWith('camel') ? {} : {},
    () => {
      assert.deepEqual(inventoryFromSnapshot(snapshot, 'v2.json').listedApis, [
        { id: V2_API, name: 'notifications', region: REGION },
      ]);
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Schema errors with precise JSON paths
// ---------------------------------------------------------------------------------------------

type Mutation = (s: Json & { accounts: { regions: Json[]; accountId?: unknown }[] }) => void;

function region0(s: Parameters<Mutation>[0]): Json & { restApis: Json[] } {
  return s.accounts[0]!.regions[0] as Json & { restApis: Json[] };
}

function restEntry(
  s: Parameters<Mutation>[0],
  i: number,
): { restApi: Json; resources: { items: Json[] }; stages: { item: Json[] }; deployments: Json[] } {
  return region0(s).restApis[i] as ReturnType<typeof restEntry>;
}

const schemaErrors: { name: string; mutate: Mutation; says: (string | RegExp)[]; todo?: string }[] = [
  {
    name: 'a resource without "path"',
    mutate: (s) => delete restEntry(s, 0).resources.items[3]!.path,
    says: ['/accounts/0/regions/0/restApis/0/resources/items/3', 'missing member "path"'],
  },
  {
    name: 'an unknown envelope member',
    mutate: (s) => (s.comment = 'hand-edited'),
    says: ['at /: unknown member "comment"'],
  },
  {
    name: 'apigwDoctorSnapshot 2',
    mutate: (s) => (s.apigwDoctorSnapshot = 2),
    says: ['at /apigwDoctorSnapshot: '],
  },
  {
    name: 'no apigwDoctorSnapshot',
    mutate: (s) => delete s.apigwDoctorSnapshot,
    says: ['at /: missing member "apigwDoctorSnapshot"'],
  },
  {
    name: 'capturedAt that is not a date',
    mutate: (s) => (s.capturedAt = 'yesterday'),
    says: ['/capturedAt: not an ISO-8601 date-time'],
  },
  {
    name: 'capturedAt as epoch seconds',
    mutate: (s) => (s.capturedAt = 1746556800),
    says: ['at /capturedAt: must be string'],
  },
  {
    name: 'capturedAt "12" (Date.parse accepts it)',
    mutate: (s) => (s.capturedAt = '12'),
    says: ['/capturedAt: not an ISO-8601 date-time'],
  },
  {
    name: 'no accounts',
    mutate: (s) => delete (s as Json).accounts,
    says: ['at /: missing member "accounts"'],
  },
  {
    name: 'an account id of 4 digits',
    mutate: (s) => (s.accounts[0]!.accountId = '1111'),
    says: ['at /accounts/0/accountId: must match pattern'],
  },
  {
    name: 'an upper-case region',
    mutate: (s) => (region0(s).region = 'EU-WEST-1'),
    says: ['at /accounts/0/regions/0/region: must match pattern'],
  },
  {
    name: 'a restApi without id',
    mutate: (s) => delete restEntry(s, 0).restApi.id,
    says: ['at /accounts/0/regions/0/restApis/0/restApi: missing member "id"'],
  },
  {
    name: 'an endpoint type AWS does not have',
    mutate: (s) => (restEntry(s, 1).restApi.endpointConfiguration = { types: ['GLOBAL'] }),
    says: [
      'at /accounts/0/regions/0/restApis/1/restApi/endpointConfiguration/types/0: must be equal to one of the allowed values: EDGE, REGIONAL, PRIVATE',
    ],
  },
  {
    name: 'a resource path without the leading "/"',
    mutate: (s) => (restEntry(s, 1).resources.items[1]!.path = 'pets'),
    says: ['at /accounts/0/regions/0/restApis/1/resources/items/1/path: must match pattern "^/"'],
  },
  {
    name: 'a stage without stageName',
    mutate: (s) => delete restEntry(s, 1).stages.item[1]!.stageName,
    says: ['at /accounts/0/regions/0/restApis/1/stages/item/1: missing member "stageName"'],
  },
  {
    name: 'an apiSummary method that is not an object (path with "/" escaped as ~1)',
    mutate: (s) => (restEntry(s, 1).deployments[0]!.apiSummary = { '/pets': { GET: 'NONE' } }),
    says: ['at /accounts/0/regions/0/restApis/1/deployments/0/apiSummary/~1pets/GET: must be object'],
  },
  {
    name: 'a stage variable that is not a string',
    mutate: (s) => (restEntry(s, 1).stages.item[0]!.variables = { timeout: 30 }),
    says: ['at /accounts/0/regions/0/restApis/1/stages/item/0/variables/timeout: must be string'],
  },
  {
    name: 'an HTTP API without ApiId or apiId',
    mutate: (s) => (region0(s).httpApis = [{ api: { Name: 'x' } }]),
    says: ['/accounts/0/regions/0/httpApis/0/api', /ApiId/],
  },
];

for (const c of schemaErrors) {
  test(`validateSnapshot: ${c.name}`, {}, async () => {
    const snapshot = structuredClone(SNAPSHOT) as Parameters<Mutation>[0];
    c.mutate(snapshot);
    const error = await rejects(validateSnapshot(snapshot, 'snap.json'), /^snap\.json: /);
    for (const says of c.says) {
      if (typeof says === 'string')
        assert.ok(
          error.message.includes(says),
          `${JSON.stringify(error.message)} should include ${JSON.stringify(says)}`,
        );
      else assert.match(error.message, says);
    }
  });
}

test('loadSnapshot: a schema error names the file and the JSON path', async () => {
  const snapshot = structuredClone(SNAPSHOT) as Parameters<Mutation>[0];
  delete restEntry(snapshot, 0).resources.items[3]!.path;
  const file = await writeTmp('no-path.snapshot.json', snapshot);
  await rejects(
    loadSnapshot(file),
    new RegExp(
      `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a valid apigw-doctor snapshot at /accounts/0/regions/0/restApis/0/resources/items/3: missing member "path"$`,
    ),
  );
});

test('loadSnapshot: an OpenAPI export is refused with a pointer to --openapi', async () => {
  await rejects(
    loadSnapshot(`${FIXTURES}private-orders.oas30.json`),
    /private-orders\.oas30\.json is an OpenAPI document, not a snapshot: pass it with --openapi$/,
  );
});

test('loadSnapshot: a top-level array is refused at "/"', async () => {
  await rejects(
    loadSnapshot(await writeTmp('array.json', '[]')),
    /array\.json: not a valid apigw-doctor snapshot at \/: must be object$/,
  );
});

// ---------------------------------------------------------------------------------------------
// The schema command and the bundled example
// ---------------------------------------------------------------------------------------------

test('`apigw-doctor schema snapshot` prints the schema file as JSON, exit 0', async () => {
  const result = await runCli(['schema', 'snapshot']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '');
  const printed = JSON.parse(result.stdout) as unknown;
  assert.deepEqual(printed, JSON.parse(await readFile(`${ROOT}schema/snapshot.schema.json`, 'utf8')));
});

test('the bundled examples/shop/snapshot.json validates against the schema and loads', async () => {
  await validateSnapshot(JSON.parse(await readFile(SHOP_SNAPSHOT, 'utf8')), SHOP_SNAPSHOT);
  const inventory = await loadSnapshot(SHOP_SNAPSHOT);
  assert.ok(inventory.apis.length >= 1);
});
