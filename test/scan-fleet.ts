/**
 * The fleet the scan tests and the benchmark run against: a snapshot with several accounts and regions
 * (served by the loopback fake), in which each fleet check has one case. Builders return fresh objects.
 * (Not a test file itself.)
 */
type Json = Record<string, unknown>;

export const ACCOUNT_A = '111111111111';
export const ACCOUNT_B = '222222222222';
export const ACCOUNT_C = '333333333333';
export const ACCOUNT_D = '444444444444';
export const KEY = { id: 'AKIAIOSFODNN7EXAMPLE', secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

const lambda = (region: string, account: string, fn: string) =>
  `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${region}:${account}:function:${fn}/invocations`;

function method(verb: string, authorizationType = 'NONE', uri?: string): Json {
  const m: Json = { httpMethod: verb, authorizationType, apiKeyRequired: false };
  if (uri) m.methodIntegration = { type: 'AWS_PROXY', httpMethod: 'POST', uri };
  return m;
}

/** A REST API entry: `routes` are "VERB /path[:AUTH]" of the current configuration; each stage names the routes its deployment serves. */
export function restApi(spec: {
  id: string;
  name: string;
  region: string;
  account: string;
  routes: string[];
  stages: {
    name: string;
    deployed: string[];
    deploymentId?: string | null;
    lastUpdated?: string;
    canary?: string[];
  }[];
  endpoint?: string;
  policy?: string;
  vpce?: string[];
  disableExecuteApiEndpoint?: boolean;
  customMat?: boolean;
}): Json {
  const uri = lambda(spec.region, spec.account, spec.name);
  const parse = (route: string) => {
    const [verb, rest] = route.split(' ') as [string, string];
    const [path, auth = 'NONE'] = rest.split(':') as [string, string?];
    return { verb, path, auth };
  };
  const paths = new Map<string, Json>([['/', {}]]);
  for (const r of spec.routes.map(parse)) {
    const methods = paths.get(r.path) ?? {};
    methods[r.verb] = method(r.verb, r.auth, uri);
    paths.set(r.path, methods);
  }
  let n = 0;
  const resources = [...paths].map(([path, methods]) => {
    const item: Json = { id: path === '/' ? `${spec.id}root` : `${spec.id}r${n++}`, path };
    if (Object.keys(methods).length) item.resourceMethods = methods;
    return item;
  });
  const summary = (routes: string[]): Json => {
    const out: Record<string, Json> = {};
    for (const r of routes.map(parse)) {
      out[r.path] ??= {};
      out[r.path]![r.verb] = { authorizationType: r.auth, apiKeyRequired: false };
    }
    return out;
  };
  const deployments: Json[] = [];
  const stages = spec.stages.map((s, i) => {
    const deploymentId = s.deploymentId === undefined ? `${spec.id.slice(0, 4)}dep${i}` : s.deploymentId;
    const stage: Json = {
      stageName: s.name,
      createdDate: '2025-01-01T00:00:00Z',
      lastUpdatedDate: s.lastUpdated ?? '2026-06-01T00:00:00Z',
    };
    if (deploymentId) {
      stage.deploymentId = deploymentId;
      deployments.push({
        id: deploymentId,
        createdDate: '2026-06-01T00:00:00Z',
        apiSummary: summary(s.deployed),
      });
    }
    if (s.canary) {
      const canaryId = `${spec.id.slice(0, 4)}can${i}`;
      stage.canarySettings = { deploymentId: canaryId, percentTraffic: 10, useStageCache: false };
      deployments.push({ id: canaryId, createdDate: '2026-07-01T00:00:00Z', apiSummary: summary(s.canary) });
    }
    return stage;
  });
  const api: Json = {
    id: spec.id,
    name: spec.name,
    createdDate: '2025-01-01T00:00:00Z',
    apiKeySource: 'HEADER',
    endpointConfiguration: {
      types: [spec.endpoint ?? 'REGIONAL'],
      ...(spec.vpce ? { vpcEndpointIds: spec.vpce } : {}),
    },
    disableExecuteApiEndpoint: spec.disableExecuteApiEndpoint ?? false,
    rootResourceId: `${spec.id}root`,
  };
  if (spec.policy) api.policy = spec.policy;
  const entry: Json = {
    restApi: api,
    resources: { items: resources },
    stages: { item: stages },
    deployments,
    gatewayResponses: {
      items: spec.customMat
        ? [
            {
              responseType: 'MISSING_AUTHENTICATION_TOKEN',
              statusCode: '404',
              responseTemplates: { 'application/json': '{"message":"Not Found"}' },
              defaultResponse: false,
            },
          ]
        : [],
    },
  };
  return entry;
}

export function httpApi(spec: {
  id: string;
  name: string;
  routes: string[];
  stages: { name: string; autoDeploy: boolean; deploymentId?: string }[];
  deployments: { id: string; created: string }[];
  protocol?: 'HTTP' | 'WEBSOCKET';
}): Json {
  return {
    api: {
      ApiId: spec.id,
      Name: spec.name,
      ProtocolType: spec.protocol ?? 'HTTP',
      ApiEndpoint: `https://${spec.id}.execute-api.eu-west-1.amazonaws.com`,
      CreatedDate: '2025-01-01T00:00:00Z',
      DisableExecuteApiEndpoint: false,
      RouteSelectionExpression:
        spec.protocol === 'WEBSOCKET' ? '$request.body.action' : '$request.method $request.path',
    },
    routes: {
      Items: spec.routes.map((r, i) => {
        const [key, auth = 'NONE'] = r.split(':');
        return { RouteId: `${spec.id}rt${i}`, RouteKey: key, AuthorizationType: auth, ApiKeyRequired: false };
      }),
    },
    stages: {
      Items: spec.stages.map((s) => ({
        StageName: s.name,
        AutoDeploy: s.autoDeploy,
        ...(s.deploymentId ? { DeploymentId: s.deploymentId } : {}),
        CreatedDate: '2025-01-01T00:00:00Z',
        LastUpdatedDate: '2026-06-01T00:00:00Z',
      })),
    },
    deployments: {
      Items: spec.deployments.map((d) => ({
        DeploymentId: d.id,
        CreatedDate: d.created,
        DeploymentStatus: 'DEPLOYED',
      })),
    },
  };
}

export function domain(
  name: string,
  mappings: { basePath: string; apiId: string; stage: string; rest?: boolean }[],
): Json {
  return {
    domainName: {
      domainName: name,
      regionalDomainName: `d-${name.length}abc.execute-api.eu-west-1.amazonaws.com`,
      endpointConfiguration: { types: ['REGIONAL'] },
      domainNameStatus: 'AVAILABLE',
      securityPolicy: 'TLS_1_2',
    },
    basePathMappings: {
      items: mappings
        .filter((m) => m.rest !== false)
        .map((m) => ({ basePath: m.basePath, restApiId: m.apiId, stage: m.stage })),
    },
    apiMappings: {
      Items: mappings.map((m, i) => ({
        ApiId: m.apiId,
        ApiMappingId: `map${i}${name.length}`,
        ApiMappingKey: m.basePath === '(none)' ? '' : m.basePath,
        Stage: m.stage,
      })),
    },
  };
}

/** When aaaaaaaaa3 turned disableExecuteApiEndpoint on (after its only stage was last updated). */
export const DISABLED_AT = '2026-09-01T12:00:00Z';

/**
 * Account A (eu-west-1, us-east-1): one case of every check. Account B shares eu-west-1 (a clean API) and is
 * denied us-east-1. Account C's role cannot be assumed. Account D has ap-southeast-2 disabled.
 */
export function fleetSnapshot(): Json {
  const R = 'eu-west-1';
  return {
    apigwDoctorSnapshot: 1,
    capturedAt: '2026-11-28T00:00:00Z',
    accounts: [
      {
        accountId: ACCOUNT_A,
        regions: [
          {
            region: R,
            restApis: [
              restApi({
                id: 'aaaaaaaaa1',
                name: 'orders',
                region: R,
                account: ACCOUNT_A,
                routes: ['ANY /{proxy+}', 'GET /orders', 'POST /orders:AWS_IAM'],
                stages: [
                  {
                    name: 'prod',
                    deployed: ['ANY /{proxy+}', 'POST /orders', 'DELETE /orders'],
                    canary: ['ANY /{proxy+}', 'POST /orders', 'GET /orders'],
                  },
                ],
                customMat: true,
              }),
              restApi({
                id: 'aaaaaaaaa2',
                name: 'internal',
                region: R,
                account: ACCOUNT_A,
                routes: ['GET /', 'GET /admin:AWS_IAM'],
                stages: [{ name: 'v1', deployed: ['GET /', 'GET /admin:AWS_IAM'] }],
                endpoint: 'PRIVATE',
                vpce: ['vpce-0a1b2c3d4e5f60718'],
              }),
              restApi({
                id: 'aaaaaaaaa3',
                name: 'edge-only',
                region: R,
                account: ACCOUNT_A,
                routes: ['GET /'],
                stages: [{ name: 'prod', deployed: ['GET /'], lastUpdated: '2026-08-01T00:00:00Z' }],
                disableExecuteApiEndpoint: true,
              }),
            ],
            httpApis: [
              httpApi({
                id: 'hhhhhhhhh1',
                name: 'payments',
                routes: ['GET /payments', 'POST /payments'],
                stages: [
                  { name: 'live', autoDeploy: false, deploymentId: 'hdepold' },
                  { name: 'empty', autoDeploy: false },
                ],
                deployments: [
                  { id: 'hdepold', created: '2026-03-01T00:00:00Z' },
                  { id: 'hdepnew', created: '2026-10-01T00:00:00Z' },
                ],
              }),
            ],
            domainNames: [
              domain('api.a.example.com', [
                { basePath: '(none)', apiId: 'aaaaaaaaa1', stage: 'prod' },
                { basePath: 'old', apiId: 'zzzzzzzzz9', stage: 'prod' },
                { basePath: 'beta', apiId: 'aaaaaaaaa1', stage: 'beta' },
              ]),
            ],
          },
          {
            region: 'us-east-1',
            httpApis: [
              httpApi({
                id: 'hhhhhhhhh2',
                name: 'chat',
                protocol: 'WEBSOCKET',
                routes: ['$connect', '$default'],
                stages: [{ name: 'prod', autoDeploy: true, deploymentId: 'wsdep1' }],
                deployments: [{ id: 'wsdep1', created: '2026-01-01T00:00:00Z' }],
              }),
            ],
          },
        ],
      },
      {
        accountId: ACCOUNT_B,
        regions: [
          {
            region: R,
            restApis: [
              restApi({
                id: 'bbbbbbbbb1',
                name: 'catalog',
                region: R,
                account: ACCOUNT_B,
                routes: ['GET /', 'GET /items'],
                stages: [{ name: 'prod', deployed: ['GET /', 'GET /items'] }],
              }),
            ],
          },
          { region: 'us-east-1' },
        ],
      },
      { accountId: ACCOUNT_C, regions: [{ region: R }] },
      {
        accountId: ACCOUNT_D,
        regions: [
          {
            region: R,
            httpApis: [
              httpApi({
                id: 'ddddddddd1',
                name: 'status',
                routes: ['GET /status'],
                stages: [{ name: '$default', autoDeploy: true, deploymentId: 'ddep1' }],
                deployments: [{ id: 'ddep1', created: '2026-01-01T00:00:00Z' }],
              }),
            ],
          },
        ],
      },
    ],
  };
}

/** The fake's options that make the fleet's partial failures. */
export function fleetFaults(): Json {
  return {
    unassumableAccounts: [ACCOUNT_C],
    disabledRegions: { [ACCOUNT_D]: ['ap-southeast-2'] },
    deniedRegions: { [ACCOUNT_B]: ['us-east-1'] },
    cloudTrailEvents: [
      {
        account: ACCOUNT_A,
        region: 'eu-west-1',
        eventName: 'UpdateRestApi',
        eventTime: DISABLED_AT,
        requestParameters: {
          restApiId: 'aaaaaaaaa3',
          updateRestApiInput: {
            patchOperations: [{ op: 'replace', path: '/disableExecuteApiEndpoint', value: 'true' }],
          },
        },
      },
    ],
  };
}
