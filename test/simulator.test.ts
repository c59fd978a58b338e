import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  emptyInventory,
  type ApiKeyConfig,
  type AuthorizerConfig,
  type Basis,
  type DomainModel,
  type GatewayResponseConfig,
  type HttpApiModel,
  type HttpRouteConfig,
  type Inventory,
  type MethodConfig,
  type PolicyDocument,
  type ResourceConfig,
  type RestApiModel,
  type RestStage,
  type UsagePlanConfig,
} from '../src/model/types.js';
import { simulate } from '../src/simulate/simulate.js';
import type { GatewayRequest, OutcomeCode, Simulation } from '../src/simulate/types.js';

// The gateway simulator against the facts of shared/reference/gateway-behavior.md. Inventories are
// built here with small builders; each table row names the reference fact it checks.

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const MAT_BODY = '{"message":"Missing Authentication Token"}';
const FORBIDDEN_BODY = '{"message":"Forbidden"}';
const LAMBDA_URI = `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${ACCOUNT}:function:pets/invocations`;

// ---- builders ----------------------------------------------------------------------------------

function m(verb: string, over: Partial<MethodConfig> = {}): MethodConfig {
  return {
    httpMethod: verb,
    authorizationType: 'NONE',
    apiKeyRequired: false,
    integration: { type: 'MOCK' },
    ...over,
  };
}

/** A resource with plain NONE methods (`res('/pets', 'GET')`) or configured ones (`res('/x', m('GET', …))`). */
function res(path: string, ...methods: (string | MethodConfig)[]): ResourceConfig {
  return {
    path,
    methods: Object.fromEntries(
      methods.map((x) => (typeof x === 'string' ? m(x) : x)).map((x) => [x.httpMethod, x]),
    ),
  };
}

function stage(
  name: string,
  resources: ResourceConfig[] | undefined,
  over: Partial<RestStage> = {},
): RestStage {
  const s: RestStage = {
    name,
    variables: {},
    deploymentId: `dep-${name}`,
    routesOrigin: 'deployment-apisummary',
    ...over,
  };
  if (resources) s.resources = resources;
  return s;
}

function restApi(id: string, stages: RestStage[], over: Partial<RestApiModel> = {}): RestApiModel {
  return {
    kind: 'REST',
    id,
    region: REGION,
    accountId: ACCOUNT,
    endpointTypes: ['REGIONAL'],
    vpcEndpointIds: [],
    disableExecuteApiEndpoint: false,
    apiKeySource: 'HEADER',
    authorizers: [],
    stages,
    origin: 'test',
    ...over,
  };
}

function route(routeKey: string, over: Partial<HttpRouteConfig> = {}): HttpRouteConfig {
  return {
    routeKey,
    authorizationType: 'NONE',
    apiKeyRequired: false,
    integration: { type: 'HTTP_PROXY', uri: 'https://backend.example.com' },
    ...over,
  };
}

function httpApi(
  id: string,
  stages: string[],
  routes: HttpRouteConfig[],
  over: Partial<HttpApiModel> = {},
): HttpApiModel {
  return {
    kind: 'HTTP',
    id,
    region: REGION,
    accountId: ACCOUNT,
    disableExecuteApiEndpoint: false,
    routes,
    stages: stages.map((name) => ({ name, autoDeploy: true, variables: {} })),
    deployments: [],
    authorizers: [],
    origin: 'test',
    ...over,
  };
}

function inventory(parts: {
  apis?: (RestApiModel | HttpApiModel)[];
  domains?: DomainModel[];
  apiKeys?: ApiKeyConfig[];
  usagePlans?: UsagePlanConfig[];
}): Inventory {
  const inv = emptyInventory();
  inv.apis.push(...(parts.apis ?? []));
  inv.domains.push(...(parts.domains ?? []));
  if (parts.apiKeys) inv.apiKeys = parts.apiKeys;
  if (parts.usagePlans) inv.usagePlans = parts.usagePlans;
  return inv;
}

function domain(domainName: string, over: Partial<DomainModel>): DomainModel {
  return {
    domainName,
    region: REGION,
    endpointType: 'REGIONAL',
    routingMode: 'API_MAPPING_ONLY',
    mappings: [],
    routingRules: [],
    origin: 'test',
    ...over,
  };
}

const url = (apiId: string, path: string): string =>
  `https://${apiId}.execute-api.${REGION}.amazonaws.com${path}`;

function sigv4(region: string, service: string): string {
  return `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef`;
}

// ---- the shared account -----------------------------------------------------------------------

const MAIN = 'a1b2c3d4e5';
const EDGE = 'e1e1e1e1e1';
const PRIV = 'p1p1p1p1p1';
const DISABLED = 'd1d1d1d1d1';
const HTTP = 'h1h1h1h1h1';
const HTTP_NO_DEFAULT = 'h2h2h2h2h2';
const HTTP_DISABLED = 'h3h3h3h3h3';
const VPCE = 'vpce-0123456789abcdef0';
const OTHER_VPCE = 'vpce-0fedcba9876543210';

const authorizers: AuthorizerConfig[] = [
  {
    id: 'cog1',
    name: 'users',
    type: 'COGNITO_USER_POOLS',
    identitySource: 'method.request.header.Authorization',
  },
  { id: 'tok1', name: 'token-fn', type: 'TOKEN', identitySource: 'method.request.header.Authorization' },
];

const mainResources: ResourceConfig[] = [
  res('/'),
  res('/pets', 'GET', 'OPTIONS'),
  res('/pets/{id}', 'GET'),
  res('/hardcoded', 'GET'),
  res('/admin', m('GET', { authorizationType: 'AWS_IAM' })),
  res('/keyed', m('GET', { apiKeyRequired: true })),
  res('/cognito', m('GET', { authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'cog1' })),
  res('/token', m('GET', { authorizationType: 'CUSTOM', authorizerId: 'tok1' })),
  res('/lambda', m('GET', { integration: { type: 'AWS_PROXY', httpMethod: 'GET', uri: LAMBDA_URI } })),
  res('/lambda-ok', m('GET', { integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: LAMBDA_URI } })),
  res('/proxy'),
  res('/proxy/{proxy+}', 'ANY'),
];

const allowVpce: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: 'execute-api:/*',
      Condition: { StringEquals: { 'aws:SourceVpce': VPCE } },
    },
  ],
};

const petsOnly = (): ResourceConfig[] => [res('/'), res('/pets', 'GET'), res('/resourceA', 'GET')];

const ACCOUNT_INV = inventory({
  apis: [
    restApi(MAIN, [stage('prod', mainResources)], { authorizers, name: 'main' }),
    restApi(EDGE, [stage('prod', petsOnly())], { endpointTypes: ['EDGE'] }),
    restApi(PRIV, [stage('prod', petsOnly())], {
      endpointTypes: ['PRIVATE'],
      vpcEndpointIds: [VPCE],
      policy: allowVpce,
    }),
    restApi(DISABLED, [stage('prod', petsOnly())], { disableExecuteApiEndpoint: true }),
    httpApi(
      HTTP,
      ['$default', 'dev'],
      [
        route('GET /pets'),
        route('GET /pets/{id}'),
        route('GET /secure', { authorizationType: 'JWT', authorizerId: 'jwt1' }),
      ],
      {
        authorizers: [
          { id: 'jwt1', name: 'jwt', type: 'JWT', identitySource: '$request.header.Authorization' },
        ],
      },
    ),
    httpApi(HTTP_NO_DEFAULT, ['dev'], [route('GET /pets')]),
    httpApi(HTTP_DISABLED, ['$default'], [route('GET /pets')], { disableExecuteApiEndpoint: true }),
    restApi('aaaaaaaaaa', [stage('prod', petsOnly())]),
    restApi('bbbbbbbbbb', [stage('v1', [res('/'), res('/{proxy+}', 'ANY')])]),
    restApi('cccccccccc', [stage('live', [res('/'), res('/{id}', 'GET'), res('/{proxy+}', 'ANY')])]),
  ],
  domains: [
    domain('api.example.com', {
      mappings: [
        { basePath: '', apiId: 'aaaaaaaaaa', stage: 'prod' },
        { basePath: 'orders/v1', apiId: 'bbbbbbbbbb', stage: 'v1' },
        { basePath: 'orders/v1/items', apiId: 'cccccccccc', stage: 'live' },
        { basePath: 'http', apiId: HTTP, stage: 'dev' },
      ],
    }),
    domain('nonone.example.com', { mappings: [{ basePath: 'v1', apiId: 'aaaaaaaaaa', stage: 'prod' }] }),
    domain('disabled.example.com', { mappings: [{ basePath: '', apiId: DISABLED, stage: 'prod' }] }),
    domain('http-disabled.example.com', { mappings: [{ basePath: '', apiId: HTTP_DISABLED }] }),
    domain('rules.example.com', {
      routingMode: 'ROUTING_RULE_THEN_API_MAPPING',
      mappings: [{ basePath: '', apiId: 'aaaaaaaaaa', stage: 'prod' }],
      // Listed out of priority order on purpose: the lowest number wins.
      routingRules: [
        {
          priority: 50,
          headers: [{ header: 'x-version', valueGlob: 'beta*' }],
          basePaths: [],
          apiId: 'bbbbbbbbbb',
          stage: 'v1',
          stripBasePath: false,
        },
        {
          priority: 10,
          headers: [{ header: 'X-Version', valueGlob: 'beta-2*' }],
          basePaths: [],
          apiId: 'cccccccccc',
          stage: 'live',
          stripBasePath: false,
        },
        {
          priority: 20,
          headers: [
            { header: 'x-version', valueGlob: 'v*' },
            { header: 'x-tenant', valueGlob: 'acme' },
          ],
          basePaths: [],
          apiId: 'cccccccccc',
          stage: 'live',
          stripBasePath: false,
        },
        {
          priority: 30,
          headers: [],
          basePaths: ['orders'],
          apiId: 'bbbbbbbbbb',
          stage: 'v1',
          stripBasePath: true,
        },
      ],
    }),
    domain('catchall.example.com', {
      routingMode: 'ROUTING_RULE_THEN_API_MAPPING',
      mappings: [{ basePath: '', apiId: 'aaaaaaaaaa', stage: 'prod' }],
      routingRules: [
        {
          priority: 1_000_000,
          headers: [],
          basePaths: [],
          apiId: 'bbbbbbbbbb',
          stage: 'v1',
          stripBasePath: false,
        },
      ],
    }),
  ],
  apiKeys: [
    { id: 'k-good', enabled: true, value: 'good-key-value-0123456789' },
    { id: 'k-off', enabled: false, value: 'disabled-key-value-012345' },
    { id: 'k-stray', enabled: true, value: 'stray-key-value-01234567' },
  ],
  usagePlans: [{ id: 'plan1', apiStages: [{ apiId: MAIN, stage: 'prod' }], keyIds: ['k-good', 'k-off'] }],
});

// ---- the table runner --------------------------------------------------------------------------

interface Expect {
  outcome: OutcomeCode;
  status: number | null;
  body?: string;
  /** x-amzn-ErrorType; null asserts that the header is absent. */
  errorType?: string | null;
  headers?: Record<string, string>;
  api?: string;
  stage?: string;
  apiPath?: string;
  /** `"<method> <resource path>"` (REST) or the route key (HTTP); null asserts no route. */
  route?: string | null;
  basis?: Basis;
  source?: 'api-gateway' | 'integration' | 'aws-service';
}

interface Case {
  name: string;
  why: string;
  request: GatewayRequest;
  inv?: Inventory;
  expect: Expect;
  todo?: string;
}

function check(sim: Simulation, e: Expect, why: string): void {
  const trace = sim.trace.map((s) => `${s.step}:${s.result}: ${s.detail}`).join('\n');
  const msg = `${why}\n${trace}`;
  assert.equal(sim.outcome, e.outcome, msg);
  assert.equal(sim.response?.status ?? null, e.status, msg);
  if (e.body !== undefined) {
    assert.equal(sim.response?.body, e.body, msg);
    assert.equal(sim.response?.headers['Content-Length'], String(Buffer.byteLength(e.body)), msg);
  }
  if (e.errorType !== undefined)
    assert.equal(sim.response?.headers['x-amzn-ErrorType'], e.errorType ?? undefined, msg);
  for (const [name, value] of Object.entries(e.headers ?? {}))
    assert.equal(sim.response?.headers[name], value, `${name}: ${msg}`);
  if (e.api !== undefined) assert.equal(sim.api?.id, e.api, msg);
  if (e.stage !== undefined) assert.equal(sim.stage?.name, e.stage, msg);
  if (e.apiPath !== undefined) assert.equal(sim.apiPath, e.apiPath, msg);
  if (e.route !== undefined) {
    const got = sim.route
      ? (sim.route.routeKey ?? `${sim.route.httpMethod} ${sim.route.resourcePath}`)
      : null;
    assert.equal(got, e.route, msg);
  }
  if (e.basis !== undefined) assert.equal(sim.basis, e.basis, msg);
  if (e.source !== undefined) assert.equal(sim.response?.source, e.source, msg);
}

function table(group: string, cases: Case[]): void {
  for (const c of cases) {
    test(`${group}: ${c.name}`, c.todo ? { todo: c.todo } : {}, () => {
      check(simulate(c.inv ?? ACCOUNT_INV, c.request), c.expect, c.why);
    });
  }
}

const GET = (u: string, headers?: Record<string, string>): GatewayRequest =>
  headers ? { method: 'GET', url: u, headers } : { method: 'GET', url: u };
const REACHES = (api: string, stageName: string, routeKey: string, apiPath?: string): Expect => {
  const e: Expect = {
    outcome: 'INTEGRATION',
    status: 200,
    api,
    stage: stageName,
    route: routeKey,
    source: 'integration',
  };
  if (apiPath !== undefined) e.apiPath = apiPath;
  return e;
};
const MAT: Expect = {
  outcome: 'MISSING_AUTHENTICATION_TOKEN',
  status: 403,
  body: MAT_BODY,
  errorType: 'MissingAuthenticationTokenException',
  route: null,
};

// ---- URL forms (§1) -----------------------------------------------------------------------------

table('url', [
  {
    name: 'regional execute-api',
    why: 'documented §1.1',
    request: GET(url(MAIN, '/prod/pets')),
    expect: REACHES(MAIN, 'prod', 'GET /pets', '/pets'),
  },
  {
    name: 'edge execute-api',
    why: 'documented §1.1: same host form for EDGE',
    request: GET(url(EDGE, '/prod/pets')),
    expect: REACHES(EDGE, 'prod', 'GET /pets'),
  },
  {
    name: 'uppercase host',
    why: 'DNS is case-insensitive',
    request: GET(`https://${MAIN.toUpperCase()}.EXECUTE-API.US-EAST-1.AMAZONAWS.COM/prod/pets`),
    expect: REACHES(MAIN, 'prod', 'GET /pets'),
  },
  {
    name: 'double slash before the stage',
    why: 'recorded-snap: //stage/path still works',
    request: GET(url(MAIN, '//prod/pets')),
    expect: REACHES(MAIN, 'prod', 'GET /pets'),
  },
  {
    name: 'double slash after the stage',
    why: 'recorded-snap: /stage//hardcoded → /hardcoded',
    request: GET(url(MAIN, '/prod//hardcoded')),
    expect: REACHES(MAIN, 'prod', 'GET /hardcoded'),
  },
  {
    name: 'greedy keeps %2B and inner double slashes',
    why: 'recorded-snap: pathParameters.proxy keeps %2B undecoded',
    request: GET(url(MAIN, '/prod/proxy/a//b/test%2Balias@gmail.com')),
    expect: REACHES(MAIN, 'prod', 'ANY /proxy/{proxy+}'),
  },
  {
    name: 'a fragment is not sent',
    why: 'community (serverless-apigateway-service-proxy#110): everything after # stays in the client',
    request: GET(url(MAIN, '/prod/pets#/5')),
    expect: REACHES(MAIN, 'prod', 'GET /pets', '/pets'),
  },
  {
    name: 'private API alias {id}-{vpce}',
    why: 'documented §1.2 form 2',
    request: GET(`https://${PRIV}-${VPCE}.execute-api.${REGION}.amazonaws.com/prod/pets`),
    expect: REACHES(PRIV, 'prod', 'GET /pets'),
  },
  {
    name: 'VPC endpoint DNS with Host header',
    why: 'documented §1.2 form 3',
    request: GET(`https://${VPCE}-abcdefgh.execute-api.${REGION}.vpce.amazonaws.com/prod/pets`, {
      Host: `${PRIV}.execute-api.${REGION}.amazonaws.com`,
    }),
    expect: REACHES(PRIV, 'prod', 'GET /pets'),
  },
  {
    name: 'VPC endpoint DNS with x-apigw-api-id',
    why: 'documented §1.2 form 3',
    request: GET(`https://${VPCE}-abcdefgh.execute-api.${REGION}.vpce.amazonaws.com/prod/pets`, {
      'x-apigw-api-id': PRIV,
    }),
    expect: REACHES(PRIV, 'prod', 'GET /pets'),
  },
  {
    // The answer without either header is an open question (§8.3); the code answers 403 Forbidden.
    name: 'VPC endpoint DNS naming no API',
    why: 'documented: the API id must come from Host or x-apigw-api-id; the answer is inferred',
    request: GET(`https://${VPCE}-abcdefgh.execute-api.${REGION}.vpce.amazonaws.com/prod/pets`),
    expect: { outcome: 'VPCE_API_ID_MISSING', status: 403 },
  },
  {
    name: 'LocalStack path form',
    why: 'LocalStack /restapis/{id}/{stage}/_user_request_/…; the id is lower-cased',
    request: GET(`http://localhost:4566/restapis/${MAIN.toUpperCase()}/prod/_user_request_/pets/7`),
    expect: REACHES(MAIN, 'prod', 'GET /pets/{id}', '/pets/7'),
  },
  {
    name: 'LocalStack host form',
    why: 'LocalStack {id}.execute-api.localhost.localstack.cloud:4566',
    request: GET(`http://${MAIN}.execute-api.localhost.localstack.cloud:4566/prod/pets`),
    expect: REACHES(MAIN, 'prod', 'GET /pets'),
  },
  {
    name: 'management API host',
    why: 'community: an unsigned call to apigateway.{region}.amazonaws.com answers MAT, from the service, not an API',
    request: GET(`https://apigateway.${REGION}.amazonaws.com/restapis`),
    expect: {
      outcome: 'AWS_SERVICE_ENDPOINT',
      status: 403,
      body: MAT_BODY,
      errorType: 'MissingAuthenticationTokenException',
      source: 'aws-service',
    },
  },
  {
    name: 'Lambda function URL',
    why: 'a function URL is served by Lambda, not API Gateway: no gateway answer to predict',
    request: GET(`https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.${REGION}.on.aws/pets`),
    expect: { outcome: 'AWS_SERVICE_ENDPOINT', status: null },
  },
]);

test('url: the endpoint classification of each form', () => {
  const cases: {
    u: string;
    headers?: Record<string, string>;
    expect: Record<string, unknown>;
    why: string;
  }[] = [
    {
      u: url(MAIN, '/prod/x'),
      expect: { kind: 'execute-api', apiId: MAIN, region: REGION, flavor: 'aws', path: '/prod/x' },
      why: 'documented',
    },
    {
      u: `https://${PRIV}-${VPCE}.execute-api.${REGION}.amazonaws.com/prod`,
      expect: { kind: 'execute-api', apiId: PRIV, vpceId: VPCE, flavor: 'aws' },
      why: 'documented alias',
    },
    {
      u: `https://${VPCE}-abcdefgh.execute-api.${REGION}.vpce.amazonaws.com/prod`,
      headers: { 'X-Apigw-Api-Id': PRIV },
      expect: {
        kind: 'vpce-dns',
        vpceDns: `${VPCE}-abcdefgh`,
        region: REGION,
        apiId: PRIV,
        apiIdFrom: 'x-apigw-api-id',
      },
      why: 'documented; header names are case-insensitive',
    },
    {
      u: `http://localhost:4566/restapis/${MAIN}/prod/_user_request_/x`,
      expect: { kind: 'execute-api', apiId: MAIN, flavor: 'localstack-path', path: '/prod/x' },
      why: 'LocalStack',
    },
    {
      u: `http://${MAIN}.execute-api.localhost.localstack.cloud:4566/prod/x`,
      expect: { kind: 'execute-api', apiId: MAIN, flavor: 'localstack-host' },
      why: 'LocalStack',
    },
    {
      u: `https://apigateway.${REGION}.amazonaws.com/`,
      expect: { kind: 'aws-service', service: 'apigateway-management' },
      why: 'not an API',
    },
    {
      u: `https://abc123.lambda-url.${REGION}.on.aws/`,
      expect: { kind: 'aws-service', service: 'lambda-function-url' },
      why: 'not an API',
    },
    {
      u: 'https://api.example.com/orders',
      expect: { kind: 'custom-domain', host: 'api.example.com', path: '/orders' },
      why: 'anything else',
    },
  ];
  for (const c of cases) {
    const sim = simulate(emptyInventory(), c.headers ? GET(c.u, c.headers) : GET(c.u));
    for (const [k, v] of Object.entries(c.expect))
      assert.equal((sim.endpoint as Record<string, unknown>)[k], v, `${c.u} ${k}: ${c.why}`);
  }
});

test('url: the edge API answers through CloudFront, a regional one does not', () => {
  // documented: edge responses carry Via … cloudfront.net (CloudFront) and X-Cache: Error from cloudfront.
  const edge = simulate(ACCOUNT_INV, GET(url(EDGE, '/prod/nope')));
  assert.equal(edge.response?.headers['X-Cache'], 'Error from cloudfront');
  assert.match(edge.response?.headers.Via ?? '', /cloudfront\.net \(CloudFront\)$/);
  const regional = simulate(ACCOUNT_INV, GET(url(MAIN, '/prod/nope')));
  assert.equal(regional.response?.headers['X-Cache'], undefined);
  assert.equal(regional.response?.headers.Via, undefined);
});

// ---- Custom domains, mappings and routing rules (§1.5) ----------------------------------------

table('custom domain', [
  {
    name: '(none) mapping',
    why: 'documented KC: /resourceA works',
    request: GET('https://api.example.com/resourceA'),
    expect: REACHES('aaaaaaaaaa', 'prod', 'GET /resourceA', '/resourceA'),
  },
  {
    name: 'stage in the custom-domain path',
    why: 'documented KC api-gateway-403-custom-domain: /dev/resourceA → 403 MAT',
    request: GET('https://api.example.com/prod/resourceA'),
    expect: { ...MAT, api: 'aaaaaaaaaa', stage: 'prod', apiPath: '/prod/resourceA' },
  },
  {
    name: 'multi-level mapping, longest match',
    why: 'documented: /orders/v1/items/123 → the orders/v1/items mapping',
    request: GET('https://api.example.com/orders/v1/items/123'),
    expect: REACHES('cccccccccc', 'live', 'GET /{id}', '/123'),
  },
  {
    name: 'shorter multi-level mapping',
    why: 'documented: longest matching path',
    request: GET('https://api.example.com/orders/v1/other/5'),
    expect: REACHES('bbbbbbbbbb', 'v1', 'ANY /{proxy+}', '/other/5'),
  },
  {
    name: 'no mapping path matches → (none)',
    why: 'documented: /customers → the (none) mapping',
    request: GET('https://api.example.com/customers'),
    expect: { ...MAT, api: 'aaaaaaaaaa', apiPath: '/customers' },
  },
  {
    // Segment-wise prefix matching is inferred: `orders/v1items` is not under `orders/v1`.
    name: 'mapping paths match whole segments',
    why: 'inferred',
    request: GET('https://api.example.com/orders/v1items'),
    expect: { ...MAT, api: 'aaaaaaaaaa', apiPath: '/orders/v1items' },
  },
  {
    name: 'HTTP API behind a mapping',
    why: 'documented: the mapping names the stage',
    request: GET('https://api.example.com/http/pets'),
    expect: REACHES(HTTP, 'dev', 'GET /pets', '/pets'),
  },
  {
    // The answer with no matching mapping and no (none) is an open question (§8.5): outcome only.
    name: 'no mapping and no (none)',
    why: 'unknown in the reference; the code reports NO_DOMAIN_MAPPING',
    request: GET('https://nonone.example.com/pets'),
    expect: { outcome: 'NO_DOMAIN_MAPPING', status: 403 },
  },
  {
    name: 'rule priority beats list order',
    why: 'documented: lowest priority number first; glob beta-2* (priority 10) before beta* (50)',
    request: GET('https://rules.example.com/5', { 'x-version': 'beta-2.1' }),
    expect: REACHES('cccccccccc', 'live', 'GET /{id}', '/5'),
  },
  {
    name: 'rule header names are case-insensitive',
    why: 'documented: header names case-insensitive',
    request: GET('https://rules.example.com/5', { 'X-VERSION': 'beta' }),
    expect: REACHES('bbbbbbbbbb', 'v1', 'ANY /{proxy+}', '/5'),
  },
  {
    name: 'rule glob values are case-sensitive',
    why: 'documented: glob values case-sensitive, so BETA falls through to the (none) mapping',
    request: GET('https://rules.example.com/pets', { 'x-version': 'BETA' }),
    expect: REACHES('aaaaaaaaaa', 'prod', 'GET /pets', '/pets'),
  },
  {
    name: 'two header conditions are ANDed (both present)',
    why: 'documented: at most 2 header conditions, AND',
    request: GET('https://rules.example.com/5', { 'x-version': 'v2', 'x-tenant': 'acme' }),
    expect: REACHES('cccccccccc', 'live', 'GET /{id}'),
  },
  {
    name: 'two header conditions are ANDed (one missing)',
    why: 'documented: AND, so the mapping serves',
    request: GET('https://rules.example.com/pets', { 'x-version': 'v2' }),
    expect: REACHES('aaaaaaaaaa', 'prod', 'GET /pets'),
  },
  {
    name: 'base-path rule with stripBasePath',
    why: 'documented: base-path condition; the base path is stripped',
    request: GET('https://rules.example.com/orders/42'),
    expect: REACHES('bbbbbbbbbb', 'v1', 'ANY /{proxy+}', '/42'),
  },
  {
    name: 'catch-all rule before any mapping',
    why: 'documented: in ROUTING_RULE_THEN_API_MAPPING all rules are evaluated before mappings',
    request: GET('https://catchall.example.com/pets'),
    expect: REACHES('bbbbbbbbbb', 'v1', 'ANY /{proxy+}', '/pets'),
  },
]);

test('custom domain: the routing-rule fact names the rule', () => {
  const sim = simulate(ACCOUNT_INV, GET('https://rules.example.com/5', { 'x-version': 'beta-2.1' }));
  assert.equal(sim.facts.domainRoute?.via, 'routing-rule');
  assert.equal(sim.facts.domainRoute?.rule?.priority, 10);
  const mapped = simulate(ACCOUNT_INV, GET('https://api.example.com/orders/v1/items/123'));
  assert.equal(mapped.facts.domainRoute?.via, 'mapping');
  assert.equal(mapped.facts.domainRoute?.mapping?.basePath, 'orders/v1/items');
  assert.equal(mapped.facts.domainRoute?.remainder, '/123');
});

// ---- HTTP API stages and routes (§1.3, §3) ------------------------------------------------------

table('http api', [
  {
    name: '$default stage, no prefix',
    why: 'documented',
    request: GET(url(HTTP, '/pets')),
    expect: REACHES(HTTP, '$default', 'GET /pets', '/pets'),
  },
  {
    name: 'named stage',
    why: 'documented: an explicit stage match wins',
    request: GET(url(HTTP, '/dev/pets/9')),
    expect: REACHES(HTTP, 'dev', 'GET /pets/{id}', '/pets/9'),
  },
  {
    name: 'no route → 404 Not Found',
    why: 'documented: {"message":"Not Found"}',
    request: GET(url(HTTP, '/nope')),
    expect: {
      outcome: 'HTTP_NOT_FOUND',
      status: 404,
      body: '{"message":"Not Found"}',
      stage: '$default',
      route: null,
      basis: 'documented',
    },
  },
  {
    name: 'no stage match and no $default → 404 Not Found',
    why: 'documented: no $default stage → {"message":"Not Found"}',
    request: GET(url(HTTP_NO_DEFAULT, '/prod/pets')),
    expect: { outcome: 'HTTP_NOT_FOUND', status: 404, body: '{"message":"Not Found"}' },
  },
  {
    name: 'named stage without $default',
    why: 'documented',
    request: GET(url(HTTP_NO_DEFAULT, '/dev/pets')),
    expect: REACHES(HTTP_NO_DEFAULT, 'dev', 'GET /pets', '/pets'),
  },
  {
    name: 'an HTTP API never says Missing Authentication Token',
    why: 'documented §3 (inferred corollary): wrong method → 404',
    request: { method: 'DELETE', url: url(HTTP, '/pets') },
    expect: { outcome: 'HTTP_NOT_FOUND', status: 404, body: '{"message":"Not Found"}' },
  },
  {
    name: 'JWT authorizer without Authorization → 401',
    why: 'documented (http-api-troubleshooting-jwt): 401 {"message":"Unauthorized"}',
    request: GET(url(HTTP, '/secure')),
    expect: {
      outcome: 'UNAUTHORIZED',
      status: 401,
      body: '{"message":"Unauthorized"}',
      route: 'GET /secure',
    },
  },
  {
    name: 'HTTP API through an execute-api VPC endpoint → 403',
    why: 'documented (KC api-gateway-vpc-connections): VPC endpoints route only to private APIs, so every public API in the region answers 403',
    request: { ...GET(url(HTTP, '/pets')), fromVpcEndpoint: VPCE },
    expect: { outcome: 'PUBLIC_API_VIA_VPCE', status: 403 },
  },
]);

// ---- REST stage and route misses (§2) ----------------------------------------------------------

table('rest miss', [
  {
    name: 'resource not found',
    why: 'recorded-snap not-found',
    request: GET(url(MAIN, '/prod/random-non-existing')),
    expect: { ...MAT, basis: 'recorded' },
  },
  {
    name: 'wrong method',
    why: 'recorded-snap wrong-method',
    request: { method: 'POST', url: url(MAIN, '/prod/hardcoded') },
    expect: MAT,
  },
  {
    name: 'root without a method, trailing slash',
    why: 'documented',
    request: GET(url(MAIN, '/prod/')),
    expect: { ...MAT, apiPath: '/' },
  },
  {
    name: 'root without a method, no slash',
    why: 'documented (same root; §8.9 left open)',
    request: GET(url(MAIN, '/prod')),
    expect: { ...MAT, apiPath: '/' },
  },
  {
    name: 'path case',
    why: 'inferred: resource paths are case-sensitive',
    request: GET(url(MAIN, '/prod/Pets')),
    expect: MAT,
  },
  {
    name: 'CORS preflight without OPTIONS',
    why: 'documented rule',
    request: { method: 'OPTIONS', url: url(MAIN, '/prod/hardcoded') },
    expect: MAT,
  },
  {
    name: 'TRACE on an ANY resource',
    why: 'ANY covers seven verbs only (documented list)',
    request: { method: 'TRACE', url: url(MAIN, '/prod/proxy/x') },
    expect: MAT,
  },
  {
    // x-amzn-ErrorType is not pinned in the reference (§8.1, "ForbiddenException likely"); the code's choice is reasonable.
    name: 'unknown stage',
    why: 'community: 403 {"message":"Forbidden"}',
    request: GET(url(MAIN, '/staging/pets')),
    expect: {
      outcome: 'STAGE_NOT_FOUND',
      status: 403,
      body: FORBIDDEN_BODY,
      errorType: 'ForbiddenException',
      basis: 'community',
    },
  },
  {
    name: 'no stage in the URL',
    why: 'community: REST has no default stage',
    request: GET(url(MAIN, '/')),
    expect: { outcome: 'STAGE_NOT_FOUND', status: 403, body: FORBIDDEN_BODY },
  },
  {
    name: 'stage name case',
    why: 'inferred: stage names are case-sensitive',
    request: GET(url(MAIN, '/Prod/pets')),
    expect: { outcome: 'STAGE_NOT_FOUND', status: 403, body: FORBIDDEN_BODY },
  },
]);

test('rest miss: the MAT answer is exactly 42 bytes', () => {
  const sim = simulate(ACCOUNT_INV, GET(url(MAIN, '/prod/random-non-existing')));
  assert.equal(sim.response?.body, '{"message":"Missing Authentication Token"}');
  assert.equal(Buffer.byteLength(sim.response?.body ?? ''), 42);
  assert.equal(sim.response?.headers['Content-Length'], '42');
  assert.equal(sim.response?.headers['Content-Type'], 'application/json');
  assert.equal(sim.response?.headers['x-amzn-ErrorType'], 'MissingAuthenticationTokenException');
  assert.equal(sim.response?.source, 'api-gateway');
  assert.deepEqual(sim.facts.gatewayResponse, { type: 'MISSING_AUTHENTICATION_TOKEN', customised: false });
});

test('rest miss: facts name the resource that lacks the method', () => {
  const sim = simulate(ACCOUNT_INV, { method: 'POST', url: url(MAIN, '/prod/hardcoded') });
  assert.deepEqual(sim.facts.routeMiss?.samePath, [{ path: '/hardcoded', methods: ['GET'] }]);
  assert.equal(sim.facts.routeMiss?.method, 'POST');
  assert.equal(sim.facts.routeMiss?.path, '/hardcoded');
});

// ---- Authorization, API keys, integration (§2 steps 5–8, §4.3) ----------------------------------

const EXPIRED_NOW = new Date('2024-01-01T01:00:00Z');

table('auth', [
  {
    name: 'AWS_IAM unsigned → MAT',
    why: 'documented: unsigned request to an IAM method',
    request: GET(url(MAIN, '/prod/admin')),
    expect: {
      outcome: 'MISSING_AUTHENTICATION_TOKEN',
      status: 403,
      body: MAT_BODY,
      errorType: 'MissingAuthenticationTokenException',
      route: 'GET /admin',
    },
  },
  {
    name: 'Bearer on AWS_IAM → IncompleteSignatureException',
    why: 'community §4.3 (b)',
    request: GET(url(MAIN, '/prod/admin'), { Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig' }),
    expect: { outcome: 'INCOMPLETE_SIGNATURE', status: 403, errorType: 'IncompleteSignatureException' },
  },
  {
    name: 'Bearer on a missing route → IncompleteSignatureException',
    why: 'community §4.3 (a): any invalid endpoint with an Authorization header',
    request: GET(url(MAIN, '/prod/random-non-existing'), {
      Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig',
    }),
    expect: {
      outcome: 'INCOMPLETE_SIGNATURE',
      status: 403,
      errorType: 'IncompleteSignatureException',
      route: null,
    },
  },
  {
    // The exact message for a wrong service scope is not in the reference: status and error type only.
    name: 'SigV4 scoped to service apigateway → InvalidSignatureException',
    why: 'documented family (INVALID_SIGNATURE, KC sigv4-mismatch)',
    request: GET(url(MAIN, '/prod/admin'), {
      Authorization: sigv4(REGION, 'apigateway'),
      'X-Amz-Date': '20240101T000000Z',
    }),
    expect: { outcome: 'INVALID_SIGNATURE', status: 403, errorType: 'InvalidSignatureException' },
  },
  {
    name: 'SigV4 scoped to the wrong region → InvalidSignatureException',
    why: 'documented family (INVALID_SIGNATURE)',
    request: GET(url(MAIN, '/prod/admin'), {
      Authorization: sigv4('us-west-2', 'execute-api'),
      'X-Amz-Date': '20240101T000000Z',
    }),
    expect: { outcome: 'INVALID_SIGNATURE', status: 403, errorType: 'InvalidSignatureException' },
  },
  {
    name: 'SigV4 signed long ago → Signature expired',
    why: 'documented (KC 403 table): EXPIRED_TOKEN, InvalidSignatureException, "Signature expired"',
    request: {
      ...GET(url(MAIN, '/prod/admin'), {
        Authorization: sigv4(REGION, 'execute-api'),
        'X-Amz-Date': '20240101T000000Z',
      }),
      now: EXPIRED_NOW,
    },
    expect: {
      outcome: 'EXPIRED_TOKEN',
      status: 403,
      body: '{"message":"Signature expired"}',
      errorType: 'InvalidSignatureException',
    },
  },
  {
    // Whether the signature verifies needs the secret; the simulator lets it through (inferred).
    name: 'well-formed SigV4 reaches the integration',
    why: 'inferred: cannot be verified offline',
    request: GET(url(MAIN, '/prod/admin'), {
      Authorization: sigv4(REGION, 'execute-api'),
      'X-Amz-Date': '20240101T000000Z',
    }),
    expect: { ...REACHES(MAIN, 'prod', 'GET /admin'), basis: 'inferred' },
  },
  {
    name: 'API key missing → 403 Forbidden',
    why: 'recorded-assert status + documented (KC) body and header',
    request: GET(url(MAIN, '/prod/keyed')),
    expect: {
      outcome: 'INVALID_API_KEY',
      status: 403,
      body: FORBIDDEN_BODY,
      errorType: 'ForbiddenException',
      route: 'GET /keyed',
    },
  },
  {
    name: 'API key unknown → 403 Forbidden',
    why: 'documented (KC): incorrect API key',
    request: GET(url(MAIN, '/prod/keyed'), { 'x-api-key': 'no-such-key-value-0000000' }),
    expect: {
      outcome: 'INVALID_API_KEY',
      status: 403,
      body: FORBIDDEN_BODY,
      errorType: 'ForbiddenException',
    },
  },
  {
    name: 'API key disabled → 403 Forbidden',
    why: 'recorded-assert: disabled key → 403',
    request: GET(url(MAIN, '/prod/keyed'), { 'x-api-key': 'disabled-key-value-012345' }),
    expect: {
      outcome: 'INVALID_API_KEY',
      status: 403,
      body: FORBIDDEN_BODY,
      errorType: 'ForbiddenException',
    },
  },
  {
    name: 'API key in no usage plan for the stage → 403 Forbidden',
    why: 'documented (KC): key not associated with a usage plan for the stage',
    request: GET(url(MAIN, '/prod/keyed'), { 'x-api-key': 'stray-key-value-01234567' }),
    expect: {
      outcome: 'INVALID_API_KEY',
      status: 403,
      body: FORBIDDEN_BODY,
      errorType: 'ForbiddenException',
    },
  },
  {
    name: 'valid API key reaches the integration',
    why: 'recorded-assert: valid key → 200',
    request: GET(url(MAIN, '/prod/keyed'), { 'X-API-Key': 'good-key-value-0123456789' }),
    expect: REACHES(MAIN, 'prod', 'GET /keyed'),
  },
  {
    name: 'Cognito authorizer without Authorization → 401',
    why: 'documented: UNAUTHORIZED 401 "Unauthorized"',
    request: GET(url(MAIN, '/prod/cognito')),
    expect: { outcome: 'UNAUTHORIZED', status: 401, body: '{"message":"Unauthorized"}' },
  },
  {
    name: 'Lambda TOKEN authorizer without Authorization → 401',
    why: 'documented: UNAUTHORIZED 401 "Unauthorized"',
    request: GET(url(MAIN, '/prod/token')),
    expect: { outcome: 'UNAUTHORIZED', status: 401, body: '{"message":"Unauthorized"}' },
  },
  {
    name: 'Bearer on a NONE method that exists reaches the integration',
    why: 'community: IncompleteSignature is for missing routes and IAM methods only',
    request: GET(url(MAIN, '/prod/pets'), { Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig' }),
    expect: REACHES(MAIN, 'prod', 'GET /pets'),
  },
  {
    name: 'Lambda proxy integration with httpMethod GET → 500',
    why: 'recorded-snap: 500 {"message": "Internal server error"} (36 bytes, note the space)',
    request: GET(url(MAIN, '/prod/lambda')),
    expect: {
      outcome: 'INTEGRATION_MISCONFIGURED',
      status: 500,
      body: '{"message": "Internal server error"}',
      errorType: 'InternalServerErrorException',
      headers: { 'Content-Length': '36', 'Content-Type': 'application/json' },
      route: 'GET /lambda',
    },
  },
  {
    name: 'Lambda proxy integration with POST reaches the function',
    why: 'recorded: POST is the right integration method',
    request: GET(url(MAIN, '/prod/lambda-ok')),
    expect: REACHES(MAIN, 'prod', 'GET /lambda-ok'),
  },
]);

test('auth: the IncompleteSignature body hashes the header instead of echoing the token', () => {
  const token = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.sig-that-must-not-leak';
  const sim = simulate(
    ACCOUNT_INV,
    GET(url(MAIN, '/prod/random-non-existing'), { Authorization: `Bearer ${token}` }),
  );
  // §8.4: match by regex; what exactly is hashed varies over time.
  assert.match(sim.response?.body ?? '', /missing equal-sign/);
  assert.equal(sim.response?.body.includes(token), false);
  assert.equal(sim.response?.headers['Content-Length'], String(Buffer.byteLength(sim.response?.body ?? '')));
});

// ---- Gateway response customisation (§4.2) ------------------------------------------------------

const HINT_TEMPLATE =
  '{"message":$context.error.messageString, "hint":"The HTTP method or resources may not be supported."}';
const customMat: Record<string, GatewayResponseConfig> = {
  MISSING_AUTHENTICATION_TOKEN: {
    responseType: 'MISSING_AUTHENTICATION_TOKEN',
    statusCode: '404',
    responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'a.b.c'" },
    responseTemplates: { 'application/json': HINT_TEMPLATE },
    defaultResponse: false,
  },
};
const custom4xx: Record<string, GatewayResponseConfig> = {
  DEFAULT_4XX: {
    responseType: 'DEFAULT_4XX',
    responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
    responseTemplates: { 'application/json': '{"error":$context.error.messageString}' },
    defaultResponse: false,
  },
};
const custom4xxStatus: Record<string, GatewayResponseConfig> = {
  DEFAULT_4XX: { responseType: 'DEFAULT_4XX', statusCode: '400', defaultResponse: false },
};
// What GetGatewayResponses lists for an untouched API: every entry flagged defaultResponse true.
const listedDefaults: Record<string, GatewayResponseConfig> = {
  DEFAULT_4XX: {
    responseType: 'DEFAULT_4XX',
    responseParameters: {},
    responseTemplates: { 'application/json': '{"message":$context.error.messageString}' },
    defaultResponse: true,
  },
  MISSING_AUTHENTICATION_TOKEN: {
    responseType: 'MISSING_AUTHENTICATION_TOKEN',
    statusCode: '403',
    responseParameters: {},
    responseTemplates: { 'application/json': '{"message":$context.error.messageString}' },
    defaultResponse: true,
  },
};

function gwInv(
  apiLevel: Record<string, GatewayResponseConfig> | undefined,
  stageLevel?: Record<string, GatewayResponseConfig>,
): Inventory {
  const s = stage(
    'prod',
    [res('/'), res('/pets', 'GET')],
    stageLevel ? { gatewayResponses: stageLevel } : {},
  );
  return inventory({ apis: [restApi(MAIN, [s], apiLevel ? { gatewayResponses: apiLevel } : {})] });
}

table('gateway responses', [
  {
    name: 'customised MAT: status 404, hint template, error type kept',
    why: 'documented sample: x-amzn-ErrorType stays MissingAuthenticationTokenException',
    inv: gwInv(customMat),
    request: GET(url(MAIN, '/prod/nope')),
    expect: {
      outcome: 'MISSING_AUTHENTICATION_TOKEN',
      status: 404,
      body: '{"message":"Missing Authentication Token", "hint":"The HTTP method or resources may not be supported."}',
      errorType: 'MissingAuthenticationTokenException',
      headers: { 'Access-Control-Allow-Origin': 'a.b.c', 'Content-Type': 'application/json' },
    },
  },
  {
    name: 'customised DEFAULT_4XX is inherited by MAT',
    why: 'documented: DEFAULT_4XX applies to every uncustomised 4XX type',
    inv: gwInv(custom4xx),
    request: GET(url(MAIN, '/prod/nope')),
    expect: {
      outcome: 'MISSING_AUTHENTICATION_TOKEN',
      status: 403,
      body: '{"error":"Missing Authentication Token"}',
      errorType: 'MissingAuthenticationTokenException',
      headers: { 'Access-Control-Allow-Origin': '*' },
    },
  },
  {
    name: 'DEFAULT_4XX status code is inherited by MAT',
    why: 'documented: changing DEFAULT_4XX status changes all uncustomised 4XX',
    inv: gwInv(custom4xxStatus),
    request: GET(url(MAIN, '/prod/nope')),
    expect: {
      outcome: 'MISSING_AUTHENTICATION_TOKEN',
      status: 400,
      body: MAT_BODY,
      errorType: 'MissingAuthenticationTokenException',
    },
  },
  {
    name: 'the IncompleteSignature answer is not customised',
    why: 'community (re:Post): customising MAT only works without an Authorization header',
    inv: gwInv(customMat),
    request: GET(url(MAIN, '/prod/nope'), { Authorization: 'Bearer abc.def.ghi' }),
    expect: {
      outcome: 'INCOMPLETE_SIGNATURE',
      status: 403,
      errorType: 'IncompleteSignatureException',
      headers: {},
    },
  },
  {
    name: 'listed defaults (defaultResponse true) change nothing',
    why: 'recorded: GetGatewayResponses lists untouched types with defaultResponse true',
    inv: gwInv(listedDefaults),
    request: GET(url(MAIN, '/prod/nope')),
    expect: MAT,
  },
  {
    name: 'the stage serves its deployed gateway responses, not the current ones',
    why: 'documented: gateway response changes need a redeploy',
    inv: gwInv(customMat, {}),
    request: GET(url(MAIN, '/prod/nope')),
    expect: MAT,
  },
]);

test('gateway responses: the customised IncompleteSignature answer carries no custom header', () => {
  const sim = simulate(
    gwInv(customMat),
    GET(url(MAIN, '/prod/nope'), { Authorization: 'Bearer abc.def.ghi' }),
  );
  assert.equal(sim.response?.headers['Access-Control-Allow-Origin'], undefined);
  const mat = simulate(gwInv(customMat), GET(url(MAIN, '/prod/nope')));
  assert.deepEqual(mat.facts.gatewayResponse, {
    type: 'MISSING_AUTHENTICATION_TOKEN',
    customised: true,
    via: 'MISSING_AUTHENTICATION_TOKEN',
  });
  const inherited = simulate(gwInv(custom4xx), GET(url(MAIN, '/prod/nope')));
  assert.deepEqual(inherited.facts.gatewayResponse, {
    type: 'MISSING_AUTHENTICATION_TOKEN',
    customised: true,
    via: 'DEFAULT_4XX',
  });
});

const denyPets: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
    { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/GET/pets' },
  ],
};

// ---- disableExecuteApiEndpoint (§1.6), private APIs and VPC endpoints (§1.2) --------------------

table('network', [
  {
    name: 'REST default endpoint disabled → 403',
    why: 'documented: 403 Forbidden (body community/inferred)',
    request: GET(url(DISABLED, '/prod/pets')),
    expect: { outcome: 'ENDPOINT_DISABLED', status: 403, body: FORBIDDEN_BODY, basis: 'documented' },
  },
  {
    name: 'HTTP default endpoint disabled → 404',
    why: 'documented (KC): 404 Not Found for HTTP APIs (body an open question)',
    request: GET(url(HTTP_DISABLED, '/pets')),
    expect: { outcome: 'ENDPOINT_DISABLED', status: 404 },
  },
  {
    name: 'REST custom domain still works when disabled',
    why: 'documented',
    request: GET('https://disabled.example.com/pets'),
    expect: REACHES(DISABLED, 'prod', 'GET /pets'),
  },
  {
    name: 'HTTP custom domain still works when disabled',
    why: 'documented',
    request: GET('https://http-disabled.example.com/pets'),
    expect: REACHES(HTTP_DISABLED, '$default', 'GET /pets'),
  },
  {
    name: 'private API from the internet',
    why: 'inferred: the host name does not resolve, so there is no HTTP answer',
    request: GET(url(PRIV, '/prod/pets')),
    expect: { outcome: 'NO_SUCH_HOST', status: null },
  },
  {
    name: 'private API from an allowed VPC endpoint',
    why: 'documented: resource policy allows the VPC endpoint',
    request: { ...GET(url(PRIV, '/prod/pets')), fromVpcEndpoint: VPCE },
    expect: REACHES(PRIV, 'prod', 'GET /pets'),
  },
  {
    name: 'private API from a VPC endpoint the policy does not allow',
    why: 'documented (KC): 403 AccessDeniedException "User: anonymous is not authorized…", capital Message key',
    request: { ...GET(url(PRIV, '/prod/pets')), fromVpcEndpoint: OTHER_VPCE },
    expect: {
      outcome: 'ACCESS_DENIED',
      status: 403,
      body: `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:${REGION}:${ACCOUNT}:${PRIV}/prod/GET/pets"}`,
      errorType: 'AccessDeniedException',
    },
  },
  {
    name: 'resource policy explicit deny on a public API',
    why: 'documented (KC 403 table): AccessDeniedException "… with an explicit deny", capital Message key (documented KC authorizer article)',
    inv: inventory({
      apis: [
        restApi(MAIN, [stage('prod', [res('/'), res('/pets', 'GET'), res('/open', 'GET')])], {
          policy: denyPets,
        }),
      ],
    }),
    request: GET(url(MAIN, '/prod/pets')),
    expect: {
      outcome: 'ACCESS_DENIED',
      status: 403,
      body: `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:${REGION}:${ACCOUNT}:${MAIN}/prod/GET/pets with an explicit deny"}`,
      errorType: 'AccessDeniedException',
    },
  },
  {
    name: 'resource policy allows what it does not deny',
    why: 'documented: Allow * with a Deny on one path',
    inv: inventory({
      apis: [
        restApi(MAIN, [stage('prod', [res('/'), res('/pets', 'GET'), res('/open', 'GET')])], {
          policy: denyPets,
        }),
      ],
    }),
    request: GET(url(MAIN, '/prod/open')),
    expect: REACHES(MAIN, 'prod', 'GET /open'),
  },
  {
    name: 'public API through a VPC endpoint → 403',
    why: 'documented (KC api-gateway-vpc-connections): 403 Forbidden (body not given; the code says Forbidden)',
    request: { ...GET(url(MAIN, '/prod/pets')), fromVpcEndpoint: VPCE },
    expect: { outcome: 'PUBLIC_API_VIA_VPCE', status: 403, body: FORBIDDEN_BODY },
  },
]);

test('network: the private API answer is null, not a guess', () => {
  const sim = simulate(ACCOUNT_INV, GET(url(PRIV, '/prod/pets')));
  assert.equal(sim.response, null);
  assert.equal(sim.route, null);
});

// ---- basis, determinism, secrets ------------------------------------------------------------------

test('basis: the weakest source the answer rests on', () => {
  const currentOnly = inventory({
    apis: [
      restApi(MAIN, [stage('prod', undefined, { routesOrigin: 'current-config-assumed' })], {
        currentResources: [res('/'), res('/pets', 'GET')],
      }),
    ],
  });
  const cases: { inv: Inventory; request: GatewayRequest; expect: Basis; why: string }[] = [
    {
      inv: ACCOUNT_INV,
      request: GET(url(MAIN, '/prod/nope')),
      expect: 'recorded',
      why: 'MAT on deployed routes is recorded',
    },
    {
      inv: ACCOUNT_INV,
      request: GET(url(MAIN, '/staging/pets')),
      expect: 'community',
      why: 'unknown stage → Forbidden is community',
    },
    {
      inv: ACCOUNT_INV,
      request: GET(url(DISABLED, '/prod/pets')),
      expect: 'documented',
      why: 'disabled endpoint is documented',
    },
    {
      inv: ACCOUNT_INV,
      request: GET(url(HTTP, '/nope')),
      expect: 'documented',
      why: 'HTTP Not Found is documented',
    },
    {
      inv: ACCOUNT_INV,
      request: GET(url(MAIN, '/prod/random'), { Authorization: 'Bearer x' }),
      expect: 'community',
      why: 'IncompleteSignature is community',
    },
    {
      inv: currentOnly,
      request: GET(url(MAIN, '/prod/nope')),
      expect: 'inferred',
      why: 'routes from the current configuration may not be deployed',
    },
    {
      inv: ACCOUNT_INV,
      request: GET(url(MAIN, '/prod/pets')),
      expect: 'inferred',
      why: "the backend's answer is inferred",
    },
  ];
  for (const c of cases) assert.equal(simulate(c.inv, c.request).basis, c.expect, c.why);
});

test('determinism: the same input gives deep-equal output', () => {
  const requests: GatewayRequest[] = [
    GET(url(MAIN, '/prod/nope')),
    GET(url(MAIN, '/prod/random'), { Authorization: 'Bearer x' }),
    GET(url(MAIN, '/prod/lambda')),
    GET(url(HTTP, '/dev/pets/1')),
    GET('https://rules.example.com/5', { 'x-version': 'beta-2.1' }),
    { ...GET(url(PRIV, '/prod/pets')), fromVpcEndpoint: OTHER_VPCE },
    GET(url(MAIN, '/prod/pets')),
  ];
  for (const request of requests) {
    const first = simulate(ACCOUNT_INV, request);
    const again = simulate(ACCOUNT_INV, request);
    const fresh = simulate(structuredClone(ACCOUNT_INV), structuredClone(request));
    assert.deepEqual(again, first, request.url);
    assert.deepEqual(fresh, first, request.url);
  }
});

const SECRETS = {
  bearer: 'eyJhbGciOiJIUzI1NiJ9.bearer-secret-payload.sig',
  apiKey: 'good-key-value-0123456789',
  signature: 'deadbeefcafebabe0123456789abcdef',
  token: 'FQoGZXIvYXdzEXAMPLESESSIONTOKEN',
  accessKey: 'AKIAIOSFODNN7EXAMPLE',
};

const secretRequests: { name: string; request: GatewayRequest }[] = [
  {
    name: 'Authorization Bearer',
    request: GET(url(MAIN, '/prod/admin'), { Authorization: `Bearer ${SECRETS.bearer}` }),
  },
  { name: 'x-api-key', request: GET(url(MAIN, '/prod/keyed'), { 'X-Api-Key': SECRETS.apiKey }) },
  {
    name: 'SigV4 header',
    request: GET(url(MAIN, '/prod/admin'), {
      Authorization: sigv4(REGION, 'execute-api').replace(/Signature=\w+/, `Signature=${SECRETS.signature}`),
      'X-Amz-Date': '20240101T000000Z',
    }),
  },
  {
    name: 'presigned query',
    request: GET(
      url(
        MAIN,
        `/prod/admin?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${SECRETS.accessKey}%2F20240101%2Fus-east-1%2Fexecute-api%2Faws4_request&X-Amz-Date=20240101T000000Z&X-Amz-Security-Token=${SECRETS.token}&X-Amz-Signature=${SECRETS.signature}`,
      ),
    ),
  },
];

const leaks = (text: string): string[] => Object.values(SECRETS).filter((s) => text.includes(s));
for (const c of secretRequests) {
  test(`secrets: ${c.name} is redacted in sim.request`, () => {
    const sim = simulate(ACCOUNT_INV, c.request);
    assert.deepEqual(leaks(JSON.stringify(sim.request)), [], JSON.stringify(sim.request));
  });
}

test('secrets: redacted forms keep what is not secret', () => {
  const bearer = simulate(ACCOUNT_INV, secretRequests[0]!.request);
  assert.equal(bearer.request.headers.authorization, 'Bearer [redacted]');
  const key = simulate(ACCOUNT_INV, secretRequests[1]!.request);
  assert.equal(key.request.headers['x-api-key'], '[redacted]');
  const signed = simulate(ACCOUNT_INV, secretRequests[2]!.request);
  assert.equal(
    signed.request.headers.authorization,
    'AWS4-HMAC-SHA256 Credential=[redacted]/20240101/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=[redacted]',
  );
  assert.equal(signed.facts.auth?.scope?.accessKeyId, '[redacted]');
  const presigned = simulate(ACCOUNT_INV, secretRequests[3]!.request);
  assert.match(presigned.request.url, /X-Amz-Signature=\[redacted\]/);
  assert.match(presigned.request.url, /X-Amz-Date=20240101T000000Z/);
});

test('secrets: nothing in the whole simulation echoes a secret', () => {
  for (const c of secretRequests) {
    const sim = simulate(ACCOUNT_INV, c.request);
    const { request: _request, ...rest } = sim;
    const text = JSON.stringify(rest);
    for (const secret of Object.values(SECRETS))
      assert.equal(text.includes(secret), false, `${c.name}: ${secret}`);
  }
});
