/**
 * Small inline inventories for rule tests whose situation the shop account does not have.
 * Every builder returns fresh objects, so a test can change one without touching another.
 * (Not a test file itself: the registry test only counts `<rule-id>.test.ts`.)
 */
import {
  emptyInventory,
  type ApiModel,
  type DomainModel,
  type HttpApiModel,
  type HttpRouteConfig,
  type IntegrationConfig,
  type Inventory,
  type MethodConfig,
  type ResourceConfig,
  type RestApiModel,
  type RestStage,
} from '../../src/model/types.js';
import type { LiveAnswer } from '../../src/probe/types.js';
import { runRules } from '../../src/diagnose/run.js';
import type { Finding } from '../../src/diagnose/rule.js';
import { simulate } from '../../src/simulate/simulate.js';
import type { GatewayRequest } from '../../src/simulate/types.js';
import { shopInventory } from '../helpers.js';

export const REGION = 'eu-west-1';
export const ACCOUNT = '123456789012';

export function lambdaUri(fn: string, region = REGION): string {
  return `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${region}:${ACCOUNT}:function:${fn}/invocations`;
}

export function lambdaProxy(fn: string, httpMethod = 'POST'): IntegrationConfig {
  return { type: 'AWS_PROXY', httpMethod, uri: lambdaUri(fn) };
}

/** One method; defaults: no authorization, no API key, a Lambda proxy integration. */
export function method(httpMethod: string, extra: Partial<MethodConfig> = {}): MethodConfig {
  return {
    httpMethod,
    authorizationType: 'NONE',
    apiKeyRequired: false,
    integration: lambdaProxy('backend'),
    ...extra,
  };
}

/** `{ '/pets': { GET: {}, POST: { apiKeyRequired: true } } }` → resources with ids derived from the path. */
export function resources(spec: Record<string, Record<string, Partial<MethodConfig>>>): ResourceConfig[] {
  return Object.entries(spec).map(([path, methods]) => ({
    path,
    id:
      path === '/'
        ? 'rootres001'
        : `res${path
            .replace(/[^a-z0-9]/gi, '')
            .slice(0, 12)
            .toLowerCase()}`,
    methods: Object.fromEntries(Object.entries(methods).map(([verb, m]) => [verb, method(verb, m)])),
  }));
}

export function restStage(
  name: string,
  routes: ResourceConfig[] | undefined,
  extra: Partial<RestStage> = {},
): RestStage {
  const stage: RestStage = {
    name,
    deploymentId: `dep${name}01`,
    variables: {},
    routesOrigin: 'deployment-apisummary',
    ...extra,
  };
  if (routes) stage.resources = routes;
  return stage;
}

export function restApi(id: string, stages: RestStage[], extra: Partial<RestApiModel> = {}): RestApiModel {
  return {
    kind: 'REST',
    id,
    name: `${id}-api`,
    region: REGION,
    accountId: ACCOUNT,
    endpointTypes: ['REGIONAL'],
    vpcEndpointIds: [],
    disableExecuteApiEndpoint: false,
    apiKeySource: 'HEADER',
    authorizers: [],
    stages,
    origin: 'test',
    ...extra,
  };
}

export function httpRoute(routeKey: string, extra: Partial<HttpRouteConfig> = {}): HttpRouteConfig {
  return {
    routeKey,
    authorizationType: 'NONE',
    apiKeyRequired: false,
    integration: {
      type: 'AWS_PROXY',
      httpMethod: 'POST',
      uri: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:http-backend`,
      payloadFormatVersion: '2.0',
    },
    ...extra,
  };
}

export function httpApi(
  id: string,
  routes: HttpRouteConfig[],
  extra: Partial<HttpApiModel> = {},
): HttpApiModel {
  return {
    kind: 'HTTP',
    id,
    name: `${id}-http`,
    region: REGION,
    accountId: ACCOUNT,
    disableExecuteApiEndpoint: false,
    routes,
    stages: [{ name: '$default', autoDeploy: true, variables: {} }],
    deployments: [],
    authorizers: [],
    origin: 'test',
    ...extra,
  };
}

export function domain(
  domainName: string,
  mappings: DomainModel['mappings'],
  extra: Partial<DomainModel> = {},
): DomainModel {
  return {
    domainName,
    region: REGION,
    accountId: ACCOUNT,
    endpointType: 'REGIONAL',
    routingMode: 'API_MAPPING_ONLY',
    mappings,
    routingRules: [],
    origin: 'test',
    ...extra,
  };
}

/** An inventory holding these APIs (region covered only when asked, so unknown ids stay "unknown"). */
export function inventoryOf(apis: ApiModel[], extra: Partial<Inventory> = {}): Inventory {
  return {
    ...emptyInventory(),
    apis,
    listedApis: apis.map((a) => ({
      id: a.id,
      region: a.region ?? REGION,
      ...(a.name ? { name: a.name } : {}),
    })),
    sources: ['test'],
    ...extra,
  };
}

export function executeApiUrl(apiId: string, path: string, region = REGION): string {
  return `https://${apiId}.execute-api.${region}.amazonaws.com${path}`;
}

// ---- live answers (headers lower-cased, as the probe stores them) ---------------------------------

export function liveAnswer(
  url: string,
  status: number | null,
  headers: Record<string, string>,
  body: string,
  extra: Partial<LiveAnswer> = {},
): LiveAnswer {
  return { method: 'GET', url, status, headers, body, elapsedMs: 87, ...extra };
}

/** API Gateway's own 403 Missing Authentication Token, as a REST API sends it. */
export function matAnswer(url: string, extraHeaders: Record<string, string> = {}): LiveAnswer {
  return liveAnswer(
    url,
    403,
    {
      'content-type': 'application/json',
      'content-length': '42',
      'x-amzn-requestid': '5f0c1e9a-3b7d-4c11-9e55-2a8d6b0f4c21',
      'x-amzn-errortype': 'MissingAuthenticationTokenException',
      'x-amz-apigw-id': 'Qk7Hn3yS0AMF2xA=',
      ...extraHeaders,
    },
    '{"message":"Missing Authentication Token"}',
  );
}

/** An API Gateway (REST) error of another type: ForbiddenException, AccessDeniedException… */
export function gatewayErrorAnswer(url: string, status: number, errorType: string, body: string): LiveAnswer {
  return liveAnswer(
    url,
    status,
    {
      'content-type': 'application/json',
      'content-length': String(body.length),
      'x-amzn-requestid': '7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      'x-amzn-errortype': errorType,
      'x-amz-apigw-id': 'Rb8Io4zT1BNG3yB=',
    },
    body,
  );
}

/** A backend's own answer passed through by a REST API: x-amz-apigw-id, no x-amzn-ErrorType. */
export function backendAnswer(
  url: string,
  status: number,
  body: string,
  extraHeaders: Record<string, string> = {},
): LiveAnswer {
  return liveAnswer(
    url,
    status,
    {
      'content-type': 'application/json',
      'content-length': String(body.length),
      'x-amzn-requestid': '0b9c8d7e-6f5a-4b3c-2d1e-0f9a8b7c6d5e',
      'x-amz-apigw-id': 'Sc9Jp5aU2COH4zC=',
      'x-amzn-trace-id': 'Root=1-6751a2b3-0123456789abcdef01234567;Sampled=0',
      ...extraHeaders,
    },
    body,
  );
}

/** An HTTP API's own answer: apigw-requestid, no x-amz-apigw-id, no x-amzn-ErrorType. */
export function httpApiAnswer(url: string, status: number, body: string): LiveAnswer {
  return liveAnswer(
    url,
    status,
    {
      'content-type': 'application/json',
      'content-length': String(body.length),
      'apigw-requestid': 'Td0Kq6bV3DPI5aD=',
    },
    body,
  );
}

export function dnsFailure(url: string): LiveAnswer {
  const host = /^https?:\/\/([^/]+)/.exec(url)?.[1] ?? url;
  return liveAnswer(url, null, {}, '', {
    elapsedMs: 12,
    error: { code: 'ENOTFOUND', message: `getaddrinfo ENOTFOUND ${host}` },
  });
}

// ---- for the plain tests next to a table (todo cases) --------------------------------------------

/** Every finding for a request, exactly as the table harness computes them (shop account by default). */
export async function findingsFor(
  request: GatewayRequest,
  inventory?: Inventory,
  live: LiveAnswer | null = null,
): Promise<Finding[]> {
  const inv = inventory ?? (await shopInventory());
  return runRules(inv, simulate(inv, request), live);
}

/** The finding of one rule, or undefined. */
export async function findingOf(
  ruleId: string,
  request: GatewayRequest,
  inventory?: Inventory,
  live: LiveAnswer | null = null,
): Promise<Finding | undefined> {
  return (await findingsFor(request, inventory, live)).find((f) => f.id === ruleId);
}
