import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { stringify as toYaml } from 'yaml';

// A loopback fake of the Amazon API Gateway management API (apigateway 2015-07-09 and apigatewayv2
// 2018-11-29) plus STS GetCallerIdentity, speaking the wire protocol the AWS SDK for JavaScript v3 uses,
// so the real SDK clients can be pointed at it with `endpoint: fake.url`. It serves the leaves of an
// apigw-doctor snapshot. It listens on 127.0.0.1 only and never calls out.
//
// Wire rules (see /work/shared/reference/recorded/README.md, checked against the SDK's schemas):
// - apigateway is rest-json: camelCase bodies; the SDK member `items` travels as `item` (GetStages: `item`
//   both ways); pagination by `limit` (default 25, max 500) and an opaque `position`; timestamps are epoch
//   seconds (the snapshot holds ISO strings, converted here).
// - apigatewayv2 is rest-json with camelCase wire names (`items`, `nextToken`, `apiId`) for the SDK's
//   PascalCase members (the snapshot is PascalCase, converted here, map keys kept); timestamps ISO-8601.
// - errors: status + `x-amzn-ErrorType: <Name>` + `{"message": "..."}`; 429s carry `Retry-After`.
// - STS is awsQuery: form-encoded POST /, XML answers and XML errors.
// - every call must be SigV4-signed; with the documented example key pair the signature is verified too.
//
// The fake reads `options.snapshot` on every call (it keeps no copy), so a test may change the snapshot
// between calls to simulate a deployment. A snapshot leaf that is absent is served as an empty list
// (GetExport without a stored export: 404 saying so, since the fake cannot generate one).
// In `faults` and `denied`, an operation is `GetStages` (either service), `apigatewayv2:GetStages`, or `*`.
// Credentials pick nothing: the account is the first one holding the region named in the credential scope.

export interface FakeCall {
  service: 'apigateway' | 'apigatewayv2' | 'sts';
  operation: string;
  method: string;
  path: string;
  query: Record<string, string>;
  at: number /* ms since start */;
  status: number;
  region: string;
  accessKeyId: string;
}

export interface FakeOptions {
  /** An apigw-doctor snapshot object (see schema/snapshot.schema.json and examples/shop/snapshot.json): the fake serves its leaves. */
  snapshot: Record<string, unknown>;
  /** Faults to inject, checked in order for each call: the first matching one answers instead. */
  faults?: {
    operation: string;
    times?: number /* default: always */;
    status: number;
    errorType: string;
    message: string;
  }[];
  /** Enforce AWS's quotas (10 req/s with burst 40 per account; GetResources 5 per 2 s): over-quota calls get 429 TooManyRequestsException. Default false. */
  enforceQuotas?: boolean;
  /** Operations whose calls get 403 AccessDeniedException (a least-privilege test). */
  denied?: string[];
  /** Simulated latency per call in ms (default 0), so tests can observe parallel rounds. */
  latencyMs?: number;
}

export interface FakeApiGateway {
  url: string;
  calls: FakeCall[];
  close(): Promise<void>;
}

/**
 * Secret keys the fake knows, so it can check signatures made with them. A call signed with any other
 * access key id is accepted once its Authorization header is well formed (the signature is not checked).
 */
const KNOWN_SECRETS: Readonly<Record<string, string>> = {
  AKIAIOSFODNN7EXAMPLE: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const DEFAULT_ACCOUNT = '123456789012';
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

type Json = Record<string, unknown>;
type Service = FakeCall['service'];

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

class FakeError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const notFound = (message: string): FakeError => new FakeError(404, 'NotFoundException', message);
const badRequest = (message: string): FakeError => new FakeError(400, 'BadRequestException', message);

// ---------------------------------------------------------------------------------------------------
// Small JSON helpers

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
const obj = (value: unknown): Json | undefined => (isObject(value) ? value : undefined);
const arr = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
/** A v2 list leaf may be CLI/SDK output (`Items`) or wire (`items`). */
const v2Items = (leaf: unknown): Json[] => arr(obj(leaf)?.Items ?? obj(leaf)?.items);

// ---------------------------------------------------------------------------------------------------
// Snapshot → wire conversions

const TIMESTAMP_MEMBERS = new Set(['createdDate', 'lastUpdatedDate', 'certificateUploadDate']);
/** apigateway members that are maps with user-chosen keys and string values: copied as they are. */
const V1_OPAQUE = new Set([
  'tags',
  'variables',
  'stageVariableOverrides',
  'requestParameters',
  'requestTemplates',
  'responseParameters',
  'responseTemplates',
  'requestModels',
  'responseModels',
]);
/** apigatewayv2 map members whose values are strings (or maps of strings): keys and values kept. */
const V2_OPAQUE = new Set([
  'tags',
  'requestModels',
  'stageVariables',
  'requestTemplates',
  'responseParameters',
]);
/** apigatewayv2 map members whose values are structures: keys kept, values converted. */
const V2_MAP_OF_STRUCT = new Set(['routeSettings', 'requestParameters']);

function epochSeconds(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : ms / 1000;
}

function isoTimestamp(value: unknown): unknown {
  const ms = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) return value;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** apigateway: the snapshot is already in wire names; only timestamps change (ISO → epoch seconds). */
function v1Wire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(v1Wire);
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [key, member] of Object.entries(value)) {
    if (V1_OPAQUE.has(key)) out[key] = structuredClone(member);
    else if (TIMESTAMP_MEMBERS.has(key)) out[key] = epochSeconds(member);
    else out[key] = v1Wire(member);
  }
  return out;
}

const camel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/**
 * apigatewayv2: PascalCase SDK/CLI member names → camelCase wire names (every jsonName in the v2 model is
 * the member name with a lower-case first letter), timestamps → ISO-8601, map keys left alone.
 */
function v2Wire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(v2Wire);
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [key, member] of Object.entries(value)) {
    const name = camel(key);
    if (TIMESTAMP_MEMBERS.has(name)) out[name] = isoTimestamp(member);
    else if (V2_OPAQUE.has(name)) out[name] = structuredClone(member);
    else if (V2_MAP_OF_STRUCT.has(name) && isObject(member)) {
      const map: Json = {};
      for (const [k, v] of Object.entries(member)) map[k] = isObject(v) ? v2Wire(v) : v;
      out[name] = map;
    } else out[name] = v2Wire(member);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// The snapshot, seen from one account and region

class RegionView {
  constructor(
    readonly accountId: string,
    readonly region: string,
    readonly data: Json,
  ) {}

  restEntries(): Json[] {
    return arr(this.data.restApis);
  }
  restEntry(id: string): Json | undefined {
    return this.restEntries().find((e) => obj(e.restApi)?.id === id);
  }
  restApiList(): Json[] {
    const list = obj(this.data.restApiList);
    if (list) return arr(list.items);
    return this.restEntries()
      .map((e) => obj(e.restApi))
      .filter(isObject);
  }
  restApi(id: string): Json | undefined {
    return (
      obj(this.restEntry(id)?.restApi) ?? arr(obj(this.data.restApiList)?.items).find((a) => a.id === id)
    );
  }
  /** The entry of a REST API that exists (an API known only from the list has an empty entry). */
  requireRest(id: string): Json {
    if (!this.restApi(id)) throw notFound(`Invalid API identifier specified ${this.accountId}:${id}`);
    return this.restEntry(id) ?? {};
  }

  httpEntries(): Json[] {
    return arr(this.data.httpApis);
  }
  httpEntry(id: string): Json | undefined {
    return this.httpEntries().find((e) => httpApiId(obj(e.api)) === id);
  }
  httpApiList(): Json[] {
    const list = obj(this.data.httpApiList);
    if (list) return v2Items(list);
    return this.httpEntries()
      .map((e) => obj(e.api))
      .filter(isObject);
  }
  httpApi(id: string): Json | undefined {
    return obj(this.httpEntry(id)?.api) ?? this.httpApiList().find((a) => httpApiId(a) === id);
  }
  requireHttp(id: string): Json {
    if (!this.httpApi(id)) throw notFound(`Invalid API identifier specified ${this.accountId}:${id}`);
    return this.httpEntry(id) ?? {};
  }

  domainEntries(): Json[] {
    return arr(this.data.domainNames);
  }
  requireDomain(name: string): Json {
    const entry = this.domainEntries().find((e) => domainNameOf(e) === name);
    if (!entry) throw notFound('Invalid domain name identifier specified');
    return entry;
  }
}

const httpApiId = (api: Json | undefined): string | undefined => str(api?.ApiId) ?? str(api?.apiId);
const domainNameOf = (entry: Json): string | undefined =>
  str(obj(entry.domainName)?.domainName) ?? str(obj(entry.domainName)?.DomainName);

// Domain names are shared by both APIs; the snapshot holds either shape, so each side derives the other.

/** apigateway DomainName (wire) from a snapshot entry of either shape. */
function v1Domain(entry: Json): Json {
  const domain = obj(entry.domainName) ?? {};
  if (typeof domain.domainName === 'string') return v1Wire(domain) as Json;
  const v2 = v2Wire(domain) as Json;
  const config = arr(v2.domainNameConfigurations)[0] ?? {};
  const type = str(config.endpointType) ?? 'REGIONAL';
  const out: Json = { domainName: v2.domainName };
  if (type === 'EDGE') {
    out.distributionDomainName = config.apiGatewayDomainName;
    out.distributionHostedZoneId = config.hostedZoneId;
    out.certificateArn = config.certificateArn;
    out.certificateName = config.certificateName;
  } else {
    out.regionalDomainName = config.apiGatewayDomainName;
    out.regionalHostedZoneId = config.hostedZoneId;
    out.regionalCertificateArn = config.certificateArn;
    out.regionalCertificateName = config.certificateName;
  }
  out.certificateUploadDate = epochSeconds(config.certificateUploadDate);
  out.endpointConfiguration = { types: [type] };
  out.domainNameStatus = config.domainNameStatus;
  out.domainNameStatusMessage = config.domainNameStatusMessage;
  out.securityPolicy = config.securityPolicy;
  out.mutualTlsAuthentication = v2.mutualTlsAuthentication;
  out.routingMode = v2.routingMode;
  out.domainNameArn = v2.domainNameArn;
  out.tags = v2.tags;
  return dropUndefined(out);
}

/** apigatewayv2 DomainName (wire) from a snapshot entry of either shape. */
function v2Domain(entry: Json): Json {
  const domain = obj(entry.domainName) ?? {};
  if (typeof domain.domainName !== 'string') return v2Wire(domain) as Json;
  const v1 = domain;
  const type = firstType(v1);
  const edge = type === 'EDGE';
  const config = dropUndefined({
    apiGatewayDomainName: edge ? v1.distributionDomainName : v1.regionalDomainName,
    certificateArn: edge ? v1.certificateArn : v1.regionalCertificateArn,
    certificateName: edge ? v1.certificateName : v1.regionalCertificateName,
    certificateUploadDate:
      v1.certificateUploadDate === undefined ? undefined : isoTimestamp(v1.certificateUploadDate),
    domainNameStatus: v1.domainNameStatus,
    domainNameStatusMessage: v1.domainNameStatusMessage,
    endpointType: type,
    hostedZoneId: edge ? v1.distributionHostedZoneId : v1.regionalHostedZoneId,
    securityPolicy: v1.securityPolicy,
  });
  return dropUndefined({
    apiMappingSelectionExpression: '$request.basepath',
    domainName: v1.domainName,
    domainNameArn: v1.domainNameArn,
    domainNameConfigurations: [config],
    mutualTlsAuthentication: v1.mutualTlsAuthentication,
    routingMode: v1.routingMode,
    tags: v1.tags,
  });
}

function firstType(v1: Json): string {
  const types = obj(v1.endpointConfiguration)?.types;
  return Array.isArray(types) && typeof types[0] === 'string' ? types[0] : 'REGIONAL';
}

function dropUndefined(value: Json): Json {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

/** Base path mappings (apigateway wire) of a domain entry: the leaf, else derived from the v2 API mappings. */
function basePathMappings(entry: Json): Json[] {
  const leaf = obj(entry.basePathMappings);
  if (leaf) return arr(leaf.items);
  return (v2Wire(v2Items(entry.apiMappings)) as Json[]).map((m) => ({
    basePath: m.apiMappingKey === '' || m.apiMappingKey === undefined ? '(none)' : m.apiMappingKey,
    restApiId: m.apiId,
    stage: m.stage,
  }));
}

/** API mappings (apigatewayv2 wire) of a domain entry: the leaf, else derived from the base path mappings. */
function apiMappings(entry: Json): Json[] {
  if (obj(entry.apiMappings)) return v2Wire(v2Items(entry.apiMappings)) as Json[];
  return arr(obj(entry.basePathMappings)?.items).map((m, i) => ({
    apiId: m.restApiId,
    apiMappingId: `fakemap${String(i + 1).padStart(3, '0')}`,
    apiMappingKey: m.basePath === '(none)' ? '' : m.basePath,
    stage: m.stage,
  }));
}

// ---------------------------------------------------------------------------------------------------
// Pagination

const encodeToken = (offset: number): string => Buffer.from(`fake:${offset}`).toString('base64url');
function decodeToken(token: string): number | undefined {
  const match = /^fake:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

/** apigateway pagination: `limit` (default 25, at most 500) and `position`. */
function v1Page(items: unknown[], query: Query): { item: unknown[]; position?: string } {
  const limitText = query.first('limit');
  const limit = limitText === undefined ? 25 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw badRequest(`Invalid limit: ${limitText} (must be an integer between 1 and 500)`);
  }
  const position = query.first('position');
  const start = position === undefined ? 0 : decodeToken(position);
  if (start === undefined) throw badRequest('Invalid position parameter');
  const page = items.slice(start, start + limit);
  return start + limit < items.length ? { item: page, position: encodeToken(start + limit) } : { item: page };
}

/** apigatewayv2 pagination: `maxResults` and `nextToken` (all items when maxResults is absent). */
function v2Page(items: unknown[], query: Query, member = 'items'): Json {
  const maxText = query.first('maxResults');
  const max = maxText === undefined ? Infinity : Number(maxText);
  if (maxText !== undefined && (!Number.isInteger(max) || max < 1)) {
    throw badRequest(`Invalid maxResults: ${maxText}`);
  }
  const token = query.first('nextToken');
  const start = token === undefined ? 0 : decodeToken(token);
  if (start === undefined) throw badRequest('Invalid nextToken');
  const end = start + max;
  const out: Json = { [member]: items.slice(start, end) };
  if (end < items.length) out.nextToken = encodeToken(end);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Requests

class Query {
  constructor(readonly entries: [string, string][]) {}
  static parse(raw: string): Query {
    const entries: [string, string][] = [];
    for (const part of raw.split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      const key = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? '' : part.slice(eq + 1);
      entries.push([safeDecode(key.replace(/\+/g, '%20')), safeDecode(value.replace(/\+/g, '%20'))]);
    }
    return new Query(entries);
  }
  first(key: string): string | undefined {
    return this.entries.find(([k]) => k === key)?.[1];
  }
  all(key: string): string[] {
    return this.entries.filter(([k]) => k === key).flatMap(([, v]) => v.split(','));
  }
  flag(key: string): boolean {
    return this.first(key) === 'true';
  }
  record(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.entries) out[k] = out[k] === undefined ? v : `${out[k]},${v}`;
    return out;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

interface Ctx {
  view: RegionView;
  query: Query;
  params: Record<string, string>;
  headers: IncomingMessage['headers'];
}

interface Route {
  service: 'apigateway' | 'apigatewayv2';
  operation: string;
  segments: string[];
  handle(ctx: Ctx): Reply;
}

const json = (body: unknown, status = 200): Reply => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const v1List = (items: unknown[], ctx: Ctx): Reply => json(v1Page(items.map(v1Wire), ctx.query));
const v2List = (items: unknown[], ctx: Ctx): Reply => json(v2Page(items.map(v2Wire), ctx.query));

function route(
  service: Route['service'],
  operation: string,
  pattern: string,
  handle: (ctx: Ctx) => Reply,
): Route {
  return { service, operation, segments: pattern.split('/').filter(Boolean), handle };
}

function findStage(entry: Json, name: string): Json {
  const stage = arr(obj(entry.stages)?.item).find((s) => s.stageName === name);
  if (!stage) throw notFound('Invalid Stage identifier specified');
  return stage;
}

function withoutApiSummary(deployment: Json): Json {
  const { apiSummary: _omit, ...rest } = deployment;
  return rest;
}

function stripApigatewayExtensions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripApigatewayExtensions);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !k.startsWith('x-amazon-apigateway-'))
      .map(([k, v]) => [k, stripApigatewayExtensions(v)]),
  );
}

const ROUTES: Route[] = [
  // ---- apigateway (REST APIs)
  route('apigateway', 'GetRestApis', '/restapis', (ctx) => v1List(ctx.view.restApiList(), ctx)),
  route('apigateway', 'GetRestApi', '/restapis/{restApiId}', (ctx) => {
    ctx.view.requireRest(ctx.params.restApiId!);
    return json(v1Wire(ctx.view.restApi(ctx.params.restApiId!)));
  }),
  route('apigateway', 'GetResources', '/restapis/{restApiId}/resources', (ctx) => {
    const entry = ctx.view.requireRest(ctx.params.restApiId!);
    const embedMethods = ctx.query.all('embed').includes('methods');
    const resources = arr(obj(entry.resources)?.items).map((r) => resourceView(r, embedMethods));
    return v1List(resources, ctx);
  }),
  route('apigateway', 'GetResource', '/restapis/{restApiId}/resources/{resourceId}', (ctx) => {
    const entry = ctx.view.requireRest(ctx.params.restApiId!);
    const resource = arr(obj(entry.resources)?.items).find((r) => r.id === ctx.params.resourceId);
    if (!resource) throw notFound('Invalid Resource identifier specified');
    return json(v1Wire(resourceView(resource, ctx.query.all('embed').includes('methods'))));
  }),
  route('apigateway', 'GetStages', '/restapis/{restApiId}/stages', (ctx) => {
    const entry = ctx.view.requireRest(ctx.params.restApiId!);
    const deploymentId = ctx.query.first('deploymentId');
    const stages = arr(obj(entry.stages)?.item).filter(
      (s) => deploymentId === undefined || s.deploymentId === deploymentId,
    );
    return json({ item: stages.map(v1Wire) });
  }),
  route('apigateway', 'GetStage', '/restapis/{restApiId}/stages/{stageName}', (ctx) => {
    const entry = ctx.view.requireRest(ctx.params.restApiId!);
    return json(v1Wire(findStage(entry, ctx.params.stageName!)));
  }),
  route('apigateway', 'GetDeployments', '/restapis/{restApiId}/deployments', (ctx) => {
    const entry = ctx.view.requireRest(ctx.params.restApiId!);
    return v1List(arr(entry.deployments).map(withoutApiSummary), ctx);
  }),
  route('apigateway', 'GetDeployment', '/restapis/{restApiId}/deployments/{deploymentId}', (ctx) => {
    const entry = ctx.view.requireRest(ctx.params.restApiId!);
    const deployment = arr(entry.deployments).find((d) => d.id === ctx.params.deploymentId);
    if (!deployment) throw notFound('Invalid Deployment identifier specified');
    const embedSummary = ctx.query.all('embed').includes('apisummary');
    return json(v1Wire(embedSummary ? deployment : withoutApiSummary(deployment)));
  }),
  route('apigateway', 'GetGatewayResponses', '/restapis/{restApiId}/gatewayresponses', (ctx) => {
    const entry = ctx.view.requireRest(ctx.params.restApiId!);
    return v1List(arr(obj(entry.gatewayResponses)?.items), ctx);
  }),
  route(
    'apigateway',
    'GetGatewayResponse',
    '/restapis/{restApiId}/gatewayresponses/{responseType}',
    (ctx) => {
      const entry = ctx.view.requireRest(ctx.params.restApiId!);
      const response = arr(obj(entry.gatewayResponses)?.items).find(
        (r) => r.responseType === ctx.params.responseType,
      );
      if (!response) throw notFound('Invalid Gateway Response identifier specified');
      return json(v1Wire(response));
    },
  ),
  route('apigateway', 'GetAuthorizers', '/restapis/{restApiId}/authorizers', (ctx) => {
    const entry = ctx.view.requireRest(ctx.params.restApiId!);
    return v1List(arr(obj(entry.authorizers)?.items), ctx);
  }),
  route('apigateway', 'GetAuthorizer', '/restapis/{restApiId}/authorizers/{authorizerId}', (ctx) => {
    const entry = ctx.view.requireRest(ctx.params.restApiId!);
    const authorizer = arr(obj(entry.authorizers)?.items).find((a) => a.id === ctx.params.authorizerId);
    if (!authorizer) throw notFound('Invalid Authorizer identifier specified');
    return json(v1Wire(authorizer));
  }),
  route('apigateway', 'GetExport', '/restapis/{restApiId}/stages/{stageName}/exports/{exportType}', (ctx) =>
    exportReply(ctx),
  ),
  route('apigateway', 'GetApiKeys', '/apikeys', (ctx) => {
    const includeValues = ctx.query.flag('includeValues');
    const name = ctx.query.first('name');
    const customerId = ctx.query.first('customerId');
    const keys = arr(obj(ctx.view.data.apiKeys)?.items)
      .filter((k) => name === undefined || String(k.name ?? '').startsWith(name))
      .filter((k) => customerId === undefined || k.customerId === customerId)
      .map((k) => (includeValues ? k : withoutValue(k)));
    return v1List(keys, ctx);
  }),
  route('apigateway', 'GetApiKey', '/apikeys/{apiKey}', (ctx) => {
    const key = arr(obj(ctx.view.data.apiKeys)?.items).find((k) => k.id === ctx.params.apiKey);
    if (!key) throw notFound('Invalid API Key identifier specified');
    return json(v1Wire(ctx.query.flag('includeValue') ? key : withoutValue(key)));
  }),
  route('apigateway', 'GetUsagePlans', '/usageplans', (ctx) => {
    const keyId = ctx.query.first('keyId');
    const keysByPlan = obj(ctx.view.data.usagePlanKeys) ?? {};
    const plans = arr(obj(ctx.view.data.usagePlans)?.items).filter(
      (p) => keyId === undefined || arr(obj(keysByPlan[String(p.id)])?.items).some((k) => k.id === keyId),
    );
    return v1List(plans, ctx);
  }),
  route('apigateway', 'GetUsagePlan', '/usageplans/{usagePlanId}', (ctx) =>
    json(v1Wire(requirePlan(ctx.view, ctx.params.usagePlanId!))),
  ),
  route('apigateway', 'GetUsagePlanKeys', '/usageplans/{usagePlanId}/keys', (ctx) => {
    const planId = ctx.params.usagePlanId!;
    requirePlan(ctx.view, planId);
    const name = ctx.query.first('name');
    const keys = arr(obj(obj(ctx.view.data.usagePlanKeys)?.[planId])?.items).filter(
      (k) => name === undefined || String(k.name ?? '').startsWith(name),
    );
    return v1List(keys, ctx);
  }),
  route('apigateway', 'GetDomainNames', '/domainnames', (ctx) =>
    v1List(ctx.view.domainEntries().map(v1Domain), ctx),
  ),
  route('apigateway', 'GetDomainName', '/domainnames/{domainName}', (ctx) =>
    json(v1Domain(ctx.view.requireDomain(ctx.params.domainName!))),
  ),
  route('apigateway', 'GetBasePathMappings', '/domainnames/{domainName}/basepathmappings', (ctx) =>
    v1List(basePathMappings(ctx.view.requireDomain(ctx.params.domainName!)), ctx),
  ),
  route(
    'apigateway',
    'GetBasePathMapping',
    '/domainnames/{domainName}/basepathmappings/{basePath}',
    (ctx) => {
      const mappings = basePathMappings(ctx.view.requireDomain(ctx.params.domainName!));
      const mapping = mappings.find((m) => m.basePath === ctx.params.basePath);
      if (!mapping) throw notFound('Invalid base path mapping identifier specified');
      return json(v1Wire(mapping));
    },
  ),

  // ---- apigatewayv2 (HTTP and WebSocket APIs)
  route('apigatewayv2', 'GetApis', '/v2/apis', (ctx) => v2List(ctx.view.httpApiList(), ctx)),
  route('apigatewayv2', 'GetApi', '/v2/apis/{apiId}', (ctx) => {
    ctx.view.requireHttp(ctx.params.apiId!);
    return json(v2Wire(ctx.view.httpApi(ctx.params.apiId!)));
  }),
  route('apigatewayv2', 'GetRoutes', '/v2/apis/{apiId}/routes', (ctx) =>
    v2List(v2Items(ctx.view.requireHttp(ctx.params.apiId!).routes), ctx),
  ),
  route('apigatewayv2', 'GetStages', '/v2/apis/{apiId}/stages', (ctx) =>
    v2List(v2Items(ctx.view.requireHttp(ctx.params.apiId!).stages), ctx),
  ),
  route('apigatewayv2', 'GetStage', '/v2/apis/{apiId}/stages/{stageName}', (ctx) => {
    const stages = v2Items(ctx.view.requireHttp(ctx.params.apiId!).stages);
    const stage = stages.find((s) => (s.StageName ?? s.stageName) === ctx.params.stageName);
    if (!stage) throw notFound(`Invalid stage identifier specified`);
    return json(v2Wire(stage));
  }),
  route('apigatewayv2', 'GetDeployments', '/v2/apis/{apiId}/deployments', (ctx) =>
    v2List(v2Items(ctx.view.requireHttp(ctx.params.apiId!).deployments), ctx),
  ),
  route('apigatewayv2', 'GetIntegrations', '/v2/apis/{apiId}/integrations', (ctx) =>
    v2List(v2Items(ctx.view.requireHttp(ctx.params.apiId!).integrations), ctx),
  ),
  route('apigatewayv2', 'GetAuthorizers', '/v2/apis/{apiId}/authorizers', (ctx) =>
    v2List(v2Items(ctx.view.requireHttp(ctx.params.apiId!).authorizers), ctx),
  ),
  route('apigatewayv2', 'GetDomainNames', '/v2/domainnames', (ctx) =>
    json(v2Page(ctx.view.domainEntries().map(v2Domain), ctx.query)),
  ),
  route('apigatewayv2', 'GetDomainName', '/v2/domainnames/{domainName}', (ctx) =>
    json(v2Domain(ctx.view.requireDomain(ctx.params.domainName!))),
  ),
  route('apigatewayv2', 'GetApiMappings', '/v2/domainnames/{domainName}/apimappings', (ctx) =>
    json(v2Page(apiMappings(ctx.view.requireDomain(ctx.params.domainName!)), ctx.query)),
  ),
  route('apigatewayv2', 'ListRoutingRules', '/v2/domainnames/{domainName}/routingrules', (ctx) => {
    const entry = ctx.view.requireDomain(ctx.params.domainName!);
    const leaf = obj(entry.routingRules);
    const rules = arr(leaf?.RoutingRules ?? leaf?.routingRules).map(v2Wire);
    return json(v2Page(rules, ctx.query, 'routingRules'));
  }),
];

function resourceView(resource: Json, embedMethods: boolean): Json {
  const methods = obj(resource.resourceMethods);
  if (embedMethods || !methods) return resource;
  // Without embed=methods AWS names the methods but leaves each one empty.
  return { ...resource, resourceMethods: Object.fromEntries(Object.keys(methods).map((m) => [m, {}])) };
}

function withoutValue(key: Json): Json {
  const { value: _omit, ...rest } = key;
  return rest;
}

function requirePlan(view: RegionView, id: string): Json {
  const plan = arr(obj(view.data.usagePlans)?.items).find((p) => p.id === id);
  if (!plan) throw notFound('Invalid Usage Plan ID specified');
  return plan;
}

function exportReply(ctx: Ctx): Reply {
  const entry = ctx.view.requireRest(ctx.params.restApiId!);
  const stageName = ctx.params.stageName!;
  findStage(entry, stageName);
  const exportType = ctx.params.exportType!;
  if (exportType !== 'oas30' && exportType !== 'swagger') {
    throw badRequest(`Invalid export type specified: ${exportType}`);
  }
  const stored = obj(obj(entry.exports)?.[stageName]);
  if (!stored) {
    // AWS would generate the document; the fake can only serve what the snapshot holds.
    throw notFound(`apigw-doctor fake: the snapshot holds no export for stage ${stageName}`);
  }
  const storedType = typeof stored.swagger === 'string' ? 'swagger' : 'oas30';
  if (storedType !== exportType) {
    throw badRequest(`apigw-doctor fake: the snapshot holds a ${storedType} export for stage ${stageName}`);
  }
  const extensions = ctx.query.all('extensions');
  const doc = extensions.includes('apigateway') ? stored : stripApigatewayExtensions(stored);
  const version = str(obj(stored.info)?.version) ?? '1.0.0';
  const accept = String(ctx.headers.accept ?? '');
  const yaml = accept.includes('yaml');
  const contentType = yaml
    ? 'application/yaml'
    : accept.includes('application/json')
      ? 'application/json'
      : 'application/octet-stream';
  return {
    status: 200,
    headers: {
      'content-type': contentType,
      'content-disposition': `attachment; filename="${exportType}_${version}.${yaml ? 'yaml' : 'json'}"`,
    },
    body: yaml ? toYaml(doc) : JSON.stringify(doc, null, 2),
  };
}

function matchRoute(
  service: Service,
  segments: string[],
): { route: Route; params: Record<string, string> } | undefined {
  for (const candidate of ROUTES) {
    if (candidate.service !== service || candidate.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = candidate.segments.every((pattern, i) => {
      const segment = segments[i]!;
      if (pattern.startsWith('{')) {
        params[pattern.slice(1, -1)] = segment;
        return segment.length > 0;
      }
      return pattern === segment;
    });
    if (matches) return { route: candidate, params };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// SigV4

interface Credential {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

function parseAuthorization(header: string): Credential | string {
  const match =
    /^AWS4-HMAC-SHA256 +Credential=([^,\s]+), *SignedHeaders=([^,\s]+), *Signature=([0-9a-f]{64})$/.exec(
      header,
    );
  if (!match) {
    return `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. Authorization=${header}`;
  }
  const scope = match[1]!.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request' || !/^\d{8}$/.test(scope[1]!)) {
    return `Credential should be scoped to a valid region, service and date. Credential=${match[1]}`;
  }
  return {
    accessKeyId: scope[0]!,
    date: scope[1]!,
    region: scope[2]!,
    service: scope[3]!,
    signedHeaders: match[2]!.split(';'),
    signature: match[3]!,
  };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();
const escapeUri = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Recomputes the signature the way AWS does (double-encoded path, sorted query, signed headers). */
function checkSignature(
  req: IncomingMessage,
  rawPath: string,
  rawQuery: string,
  body: Buffer,
  credential: Credential,
  secret: string,
): { ok: true } | { ok: false; canonicalRequest: string; stringToSign: string } {
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalized = `/${segments.join('/')}${segments.length > 0 && rawPath.endsWith('/') ? '/' : ''}`;
  const canonicalPath = escapeUri(normalized).replace(/%2F/g, '/');
  const pairs = Query.parse(rawQuery)
    .entries.filter(([k]) => k.toLowerCase() !== 'x-amz-signature')
    .map(([k, v]): [string, string] => [escapeUri(k), escapeUri(v)])
    .sort(([ka, va], [kb, vb]) => (ka === kb ? compare(va, vb) : compare(ka, kb)))
    .map(([k, v]) => `${k}=${v}`);
  const canonicalHeaders = credential.signedHeaders
    .map((name) => {
      const value = req.headers[name];
      const text = Array.isArray(value) ? value.join(',') : (value ?? '');
      return `${name}:${text.trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const payloadHash = String(req.headers['x-amz-content-sha256'] ?? sha256(body));
  const canonicalRequest = [
    req.method ?? 'GET',
    canonicalPath,
    pairs.join('&'),
    canonicalHeaders,
    credential.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${credential.date}/${credential.region}/${credential.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const kDate = hmac(`AWS4${secret}`, credential.date);
  const kSigning = hmac(hmac(hmac(kDate, credential.region), credential.service), 'aws4_request');
  const expected = createHmac('sha256', kSigning).update(stringToSign).digest('hex');
  return expected === credential.signature ? { ok: true } : { ok: false, canonicalRequest, stringToSign };
}

// ---------------------------------------------------------------------------------------------------
// Quotas (token buckets per account)

class Bucket {
  private tokens: number;
  private last = performance.now();
  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
  ) {
    this.tokens = capacity;
  }
  private refill(now: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
  }
  /** Seconds to wait before one token is there (0: available now). */
  wait(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : (1 - this.tokens) / this.perSecond;
  }
  take(): void {
    this.tokens -= 1;
  }
}

// ---------------------------------------------------------------------------------------------------
// The server

function regionView(snapshot: Json, region: string): RegionView {
  const accounts = arr(snapshot.accounts);
  const holder = accounts.find((a) => arr(a.regions).some((r) => r.region === region)) ?? accounts[0];
  const accountId = str(holder?.accountId) ?? DEFAULT_ACCOUNT;
  const data = arr(holder?.regions).find((r) => r.region === region) ?? { region };
  return new RegionView(accountId, region, data);
}

function serviceOf(method: string, path: string): Service | undefined {
  if (path === '/v2' || path.startsWith('/v2/')) return 'apigatewayv2';
  if (/^\/(restapis|domainnames|apikeys|usageplans)(\/|$)/.test(path)) return 'apigateway';
  if (path === '/' && method === 'POST') return 'sts';
  return undefined;
}

/** `Operation` matches any service; `service:Operation` one service; `*` everything. */
function operationMatches(pattern: string, service: Service, operation: string): boolean {
  if (pattern === '*' || pattern === operation) return true;
  return pattern === `${service}:${operation}`;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const xmlEscape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function errorReply(service: Service, error: FakeError, requestId: string): Reply {
  if (service === 'sts') {
    const code = error.errorType.replace(/Exception$/, '');
    const type = error.status >= 500 ? 'Receiver' : 'Sender';
    return {
      status: error.status,
      headers: { 'content-type': 'text/xml', ...error.headers },
      body:
        `<ErrorResponse xmlns="${STS_NS}"><Error><Type>${type}</Type><Code>${xmlEscape(code)}</Code>` +
        `<Message>${xmlEscape(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    };
  }
  return {
    status: error.status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': error.errorType, ...error.headers },
    body: JSON.stringify({ message: error.message }),
  };
}

function stsReply(
  view: RegionView,
  body: Buffer,
  requestId: string,
): { operation: string; reply: () => Reply } {
  const form = Query.parse(body.toString('utf8'));
  const action = form.first('Action') ?? '';
  return {
    operation: action || 'Unknown',
    reply: () => {
      if (action !== 'GetCallerIdentity' || form.first('Version') !== '2011-06-15') {
        throw new FakeError(
          400,
          'InvalidAction',
          `Could not find operation ${action} for version ${form.first('Version') ?? ''}`,
        );
      }
      const account = view.accountId;
      return {
        status: 200,
        headers: { 'content-type': 'text/xml' },
        body:
          `<GetCallerIdentityResponse xmlns="${STS_NS}"><GetCallerIdentityResult>` +
          `<Arn>arn:aws:iam::${account}:user/fake</Arn><UserId>AIDAEXAMPLE</UserId><Account>${account}</Account>` +
          `</GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
          `</GetCallerIdentityResponse>`,
      };
    },
  };
}

/** Starts the fake on 127.0.0.1 (a free port). Always `close()` it. */
export async function startFakeApiGateway(options: FakeOptions): Promise<FakeApiGateway> {
  const calls: FakeCall[] = [];
  const started = performance.now();
  const faults = (options.faults ?? []).map((f) => ({ ...f, left: f.times ?? Infinity }));
  const denied = options.denied ?? [];
  const latency = options.latencyMs ?? 0;
  const buckets = new Map<string, { all: Bucket; getResources: Bucket }>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now() - started;
    const requestId = randomUUID();
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const rawPath = q < 0 ? target : target.slice(0, q);
    const rawQuery = q < 0 ? '' : target.slice(q + 1);
    const segments = rawPath.split('/').filter(Boolean).map(safeDecode);
    const path = `/${segments.join('/')}`;
    const query = Query.parse(rawQuery);
    const service = serviceOf(method, path) ?? 'apigateway';
    const call: FakeCall = {
      service,
      operation: 'Unknown',
      method,
      path,
      query: query.record(),
      at,
      status: 0,
      region: '',
      accessKeyId: '',
    };
    calls.push(call);

    let reply: Reply;
    try {
      reply = answer();
    } catch (error) {
      const fake =
        error instanceof FakeError
          ? error
          : new FakeError(
              500,
              'InternalFailure',
              `apigw-doctor fake: ${(error as Error).stack ?? String(error)}`,
            );
      reply = errorReply(service, fake, requestId);
    }
    call.status = reply.status;
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    res.writeHead(reply.status, {
      'x-amzn-requestid': requestId,
      date: new Date().toUTCString(),
      ...reply.headers,
    });
    res.end(reply.body);

    function answer(): Reply {
      // Which operation is this? (Known before authentication, so even refused calls are named.)
      let operation: string | undefined;
      let params: Record<string, string> = {};
      let routeHandler: Route['handle'] | undefined;
      let sts: ReturnType<typeof stsReply> | undefined;
      if (method === 'GET' && service !== 'sts') {
        const found = matchRoute(service, segments);
        if (found) {
          operation = found.route.operation;
          params = found.params;
          routeHandler = found.route.handle;
        }
      }
      const authorization = req.headers.authorization;
      const credential = typeof authorization === 'string' ? parseAuthorization(authorization) : undefined;
      const region = typeof credential === 'object' ? credential.region : '';
      const view = regionView(options.snapshot, region);
      if (service === 'sts') {
        sts = stsReply(view, body, requestId);
        operation = sts.operation;
      }
      call.operation = operation ?? 'Unknown';

      // Authentication, as AWS does it: unsigned → 403 Missing Authentication Token.
      if (authorization === undefined) {
        if (service === 'sts') {
          throw new FakeError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
        }
        throw new FakeError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
      }
      if (typeof credential !== 'object') {
        throw new FakeError(
          403,
          'IncompleteSignatureException',
          credential ?? 'Invalid Authorization header',
        );
      }
      call.region = credential.region;
      call.accessKeyId = credential.accessKeyId;
      const signingName = service === 'sts' ? 'sts' : 'apigateway';
      if (credential.service !== signingName) {
        throw new FakeError(
          403,
          'InvalidSignatureException',
          `Credential should be scoped to correct service: '${signingName}'. `,
        );
      }
      if (!req.headers['x-amz-date']) {
        throw new FakeError(
          403,
          'IncompleteSignatureException',
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
        );
      }
      const secret = KNOWN_SECRETS[credential.accessKeyId];
      if (secret !== undefined) {
        const check = checkSignature(req, rawPath, rawQuery, body, credential, secret);
        if (!check.ok) {
          throw new FakeError(
            403,
            service === 'sts' ? 'SignatureDoesNotMatch' : 'InvalidSignatureException',
            'The request signature we calculated does not match the signature you provided. Check your AWS ' +
              'Secret Access Key and signing method. Consult the service documentation for details.\n\n' +
              `The Canonical String for this request should have been\n'${check.canonicalRequest}'\n\n` +
              `The String-to-Sign should have been\n'${check.stringToSign}'\n`,
          );
        }
      }

      if (operation === undefined) {
        throw new FakeError(
          404,
          'UnknownOperationException',
          `apigw-doctor fake does not serve ${method} ${path}`,
        );
      }
      if (denied.some((d) => operationMatches(d, service, operation))) {
        const action = service === 'sts' ? `sts:${operation}` : `apigateway:${method}`;
        const resource =
          service === 'sts'
            ? `arn:aws:iam::${view.accountId}:user/fake`
            : `arn:aws:apigateway:${credential.region}::${path}`;
        throw new FakeError(
          403,
          'AccessDeniedException',
          `User: arn:aws:iam::${view.accountId}:user/fake is not authorized to perform: ${action} on resource: ` +
            `${resource} because no identity-based policy allows the ${action} action`,
        );
      }
      const fault = faults.find((f) => f.left > 0 && operationMatches(f.operation, service, operation));
      if (fault) {
        fault.left -= 1;
        throw new FakeError(
          fault.status,
          fault.errorType,
          fault.message,
          fault.status === 429 ? { 'retry-after': '1' } : {},
        );
      }
      if (options.enforceQuotas && service !== 'sts') {
        let account = buckets.get(view.accountId);
        if (!account) {
          account = { all: new Bucket(40, 10), getResources: new Bucket(5, 2.5) };
          buckets.set(view.accountId, account);
        }
        const now = performance.now();
        const isGetResources = service === 'apigateway' && operation === 'GetResources';
        const wait = Math.max(account.all.wait(now), isGetResources ? account.getResources.wait(now) : 0);
        if (wait > 0) {
          throw new FakeError(429, 'TooManyRequestsException', 'Too Many Requests', {
            'retry-after': String(Math.max(1, Math.ceil(wait))),
          });
        }
        account.all.take();
        if (isGetResources) account.getResources.take();
      }

      if (sts) return sts.reply();
      return routeHandler!({ view, query, params, headers: req.headers });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
