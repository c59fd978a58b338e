import { listenLoopback } from './loopback.js';
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { stringify as toYaml } from 'yaml';
import {
  assumeRole,
  fleetErrorReply,
  fleetReply,
  fleetServiceOf,
  type FleetError,
  type FleetOptions,
  type FleetService,
} from './fleet-services.js';

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
// The account: the one `accessKeys` (or an AssumeRole of this fake) maps the caller's access key id to;
// otherwise the first one holding the region named in the credential scope. Fleet services (Organizations,
// Account, CloudTrail, STS AssumeRole) are in fleet-services.ts.
//
// Writes (apigateway, and apigatewayv2 API mappings; see WRITE_ROUTES) mutate that same snapshot in place, coherently: CreateDeployment
// stores a deployment whose apiSummary is computed from the API's current resources, moves the stage (or
// its canary) and rewrites `exports[stage]`; UpdateStage moving a stage copies the export of the deployment
// it now serves. Each deployment's export is kept on the side (a WeakMap on the deployment object, so the
// snapshot stays schema-valid): made at creation for new deployments, and for deployments the snapshot
// already held, taken from the export of a stage serving it (or rebuilt from its apiSummary) before the
// first write touches the API. Method/integration writes change only `resources` (the current
// configuration): what a stage serves changes only when a deployment is made or a stage is moved.
// Messages marked "recorded" in the code come from /work/shared/reference/recorded/; the others follow
// LocalStack/moto or are the fake's best guess.

export interface FakeCall {
  service: 'apigateway' | 'apigatewayv2' | 'sts' | FleetService;
  operation: string;
  method: string;
  path: string;
  query: Record<string, string>;
  at: number /* ms since start */;
  status: number;
  region: string;
  accessKeyId: string;
  /** The JSON request body of a write (non-GET) call, parsed; absent for reads and empty bodies. */
  body?: unknown;
}

export interface FakeOptions extends FleetOptions {
  /** An apigw-doctor snapshot object (see schema/snapshot.schema.json and examples/shop/snapshot.json): the fake serves its leaves. */
  snapshot: Record<string, unknown>;
  /** Faults to inject, checked in order for each call: the first matching one answers instead. */
  faults?: {
    operation: string;
    times?: number /* default: always */;
    status: number;
    errorType: string;
    message: string;
    /**
     * Let the call take effect first, then answer with this fault ("the change was made but the answer was
     * lost"). A call that fails on its own (validation, not found) answers its own error and leaves the
     * fault unspent. Default false: the fault answers instead of the call, which changes nothing.
     */
    failAfterMutation?: boolean;
    /** Let this many matching calls through first (then the fault applies): fails the n-th call. */
    skip?: number;
  }[];
  /**
   * Enforce AWS's quotas (10 req/s with burst 40 per account; GetResources 5 per 2 s; CreateDeployment 1 every
   * 5 s): over-quota calls get 429 TooManyRequestsException with Retry-After. Default false.
   */
  enforceQuotas?: boolean;
  /**
   * With enforceQuotas: seconds between two CreateDeployment calls of one account (AWS documents 1 request
   * every 5 seconds). Default 5; 0 turns this quota off. A test may shorten it to exercise a wait-and-retry.
   */
  quotaCreateDeployment?: number;
  /** Operations whose calls get 403 AccessDeniedException (a least-privilege test). */
  denied?: string[];
  /** Simulated latency per call in ms (default 0), so tests can observe parallel rounds. */
  latencyMs?: number;
}

export interface FakeApiGateway {
  url: string;
  /** Every call received, in order of arrival (refused ones included). */
  calls: FakeCall[];
  /** The calls of `calls` whose HTTP method is not GET (STS's POST, a read, is left out). */
  writes: FakeCall[];
  close(): Promise<void>;
}

/**
 * Secret keys the fake knows, so it can check signatures made with them. A call signed with any other
 * access key id is accepted once its Authorization header is well formed (the signature is not checked).
 */
export const KNOWN_SECRETS: Readonly<Record<string, string>> = {
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
  /** As requireRest, but the entry is part of the snapshot (created for an API known only from the list). */
  writableRest(id: string): Json {
    const api = this.restApi(id);
    if (!api) throw notFound(`Invalid API identifier specified ${this.accountId}:${id}`);
    const existing = this.restEntry(id);
    if (existing) return existing;
    const entry: Json = { restApi: structuredClone(api) };
    arrayLeaf(this.data, 'restApis').push(entry);
    return entry;
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

/** What one fake keeps besides the snapshot. */
interface FakeState {
  /** Each deployment's own export (stage-neutral template), keyed by the deployment object of the snapshot. */
  deploymentExports: WeakMap<Json, Json>;
}

interface Ctx {
  view: RegionView;
  query: Query;
  params: Record<string, string>;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body (`{}` when there is none). */
  body: Json;
  state: FakeState;
}

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Route {
  service: 'apigateway' | 'apigatewayv2';
  operation: string;
  method: HttpMethod;
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
  return { service, operation, method: 'GET', segments: pattern.split('/').filter(Boolean), handle };
}

function write(
  operation: string,
  method: Exclude<HttpMethod, 'GET'>,
  pattern: string,
  handle: (ctx: Ctx) => Reply,
): Route {
  return { service: 'apigateway', operation, method, segments: pattern.split('/').filter(Boolean), handle };
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

const READ_ROUTES: Route[] = [
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
  route(
    'apigateway',
    'GetMethod',
    '/restapis/{restApiId}/resources/{resourceId}/methods/{httpMethod}',
    (ctx) => json(v1Wire(findMethod(ctx.view.requireRest(ctx.params.restApiId!), ctx.params).method)),
  ),
  route(
    'apigateway',
    'GetIntegration',
    '/restapis/{restApiId}/resources/{resourceId}/methods/{httpMethod}/integration',
    (ctx) => json(v1Wire(findIntegration(ctx.view.requireRest(ctx.params.restApiId!), ctx.params))),
  ),
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
  method: string,
  segments: string[],
): { route: Route; params: Record<string, string> } | undefined {
  for (const candidate of ROUTES) {
    if (candidate.service !== service || candidate.method !== method) continue;
    if (candidate.segments.length !== segments.length) continue;
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
// Writes (apigateway): the snapshot is changed in place

function arrayLeaf(holder: Json, key: string): Json[] {
  const value = holder[key];
  if (Array.isArray(value)) return value as Json[];
  const list: Json[] = [];
  holder[key] = list;
  return list;
}
function objectLeaf(holder: Json, key: string): Json {
  const value = obj(holder[key]);
  if (value) return value;
  const created: Json = {};
  holder[key] = created;
  return created;
}
const listLeaf = (holder: Json, key: string, member: string): Json[] =>
  arrayLeaf(objectLeaf(holder, key), member);

/** Now, to the second, as the snapshot writes dates (ISO-8601); the wire turns it into epoch seconds. */
const nowIso = (): string =>
  new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', '+00:00');

/** An export's info.version: the deployment's date as `2026-11-20T09:15:00Z`. */
function exportVersion(date: unknown): string {
  const ms = typeof date === 'string' ? Date.parse(date) : typeof date === 'number' ? date * 1000 : NaN;
  return Number.isNaN(ms) ? String(date ?? '') : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const ID_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';
function newId(length: number, taken: (id: string) => boolean): string {
  for (;;) {
    const id = Array.from(randomBytes(length), (b) => ID_CHARS[b % ID_CHARS.length]).join('');
    if (!taken(id)) return id;
  }
}

const created = (body: unknown): Reply => json(body, 201);
const accepted: Reply = { status: 202 };
const noContent: Reply = { status: 204 };
const conflict = (message: string): FakeError => new FakeError(409, 'ConflictException', message);
const nonEmptyMap = (value: unknown): Json | undefined =>
  isObject(value) && Object.keys(value).length > 0 ? structuredClone(value) : undefined;

function parseJsonBody(body: Buffer): Json {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new FakeError(400, 'SerializationException', 'Unable to parse the request body as JSON');
  }
  if (!isObject(parsed))
    throw new FakeError(400, 'SerializationException', 'The request body must be a JSON object');
  return parsed;
}

// ---- resources and methods

function findResource(entry: Json, resourceId: string): Json {
  const resource = arr(obj(entry.resources)?.items).find((r) => r.id === resourceId);
  if (!resource) throw notFound('Invalid Resource identifier specified');
  return resource;
}

function findMethod(entry: Json, params: Record<string, string>): { resource: Json; method: Json } {
  const resource = findResource(entry, params.resourceId!);
  const method = obj(obj(resource.resourceMethods)?.[params.httpMethod!]);
  if (!method) throw notFound('Invalid Method identifier specified'); // recorded
  return { resource, method };
}

function findIntegration(entry: Json, params: Record<string, string>): Json {
  const integration = obj(findMethod(entry, params).method.methodIntegration);
  if (!integration) throw notFound('Invalid Integration identifier specified');
  return integration;
}

/** Every method of the API's current configuration, in resource order. */
function methodsOf(entry: Json): { path: string; verb: string; method: Json }[] {
  const out: { path: string; verb: string; method: Json }[] = [];
  for (const resource of arr(obj(entry.resources)?.items)) {
    const path = str(resource.path);
    const methods = obj(resource.resourceMethods);
    if (path === undefined || !methods) continue;
    for (const [verb, method] of Object.entries(methods))
      if (isObject(method)) out.push({ path, verb, method });
  }
  return out;
}

/** A deployment's apiSummary: resource path → method → {authorizationType, apiKeyRequired}. */
function apiSummaryOf(entry: Json): Json {
  const summary: Json = {};
  for (const { path, verb, method } of methodsOf(entry)) {
    objectLeaf(summary, path)[verb] = {
      authorizationType: str(method.authorizationType) ?? 'NONE',
      apiKeyRequired: method.apiKeyRequired === true,
    };
  }
  return summary;
}

const HTTP_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'ANY'];
const AUTHORIZATION_TYPES = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'];
const INTEGRATION_TYPES = ['HTTP', 'MOCK', 'AWS_PROXY', 'HTTP_PROXY', 'AWS'];

function requireAuthorizer(entry: Json, authorizationType: unknown, authorizerId: unknown): void {
  if (authorizationType !== 'CUSTOM' && authorizationType !== 'COGNITO_USER_POOLS') return;
  if (!arr(obj(entry.authorizers)?.items).some((a) => a.id === authorizerId)) {
    throw badRequest(
      'Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.',
    );
  }
}

const validStatusCode = (code: string): boolean => /^[1-5]\d\d$/.test(code);

// ---- exports: what a stage serves, as GetExport (oas30, extensions=apigateway) gives it

/**
 * An OAS 3.0 export of the API (stage-neutral: the servers' basePath default is set per stage by
 * exportForStage), shaped like examples/shop/snapshot.json's exports. From the current configuration, or,
 * given a deployment's apiSummary, restricted to its methods (their auth from the summary, the rest from
 * the current configuration).
 */
function buildExport(view: RegionView, entry: Json, version: string, summary?: Json): Json {
  const api = obj(entry.restApi) ?? {};
  const authorizers = arr(obj(entry.authorizers)?.items);
  const current = methodsOf(entry);
  const wanted = summary
    ? Object.entries(summary).flatMap(([path, verbs]) =>
        Object.entries(obj(verbs) ?? {}).map(([verb, snap]) => ({
          path,
          verb,
          method: current.find((m) => m.path === path && m.verb === verb)?.method ?? {},
          auth: obj(snap) ?? {},
        })),
      )
    : current.map((m) => ({ ...m, auth: m.method }));
  const paths: Json = {};
  const schemes: Json = {};
  for (const { path, verb, method, auth } of wanted) {
    const operation: Json = {};
    const parameters = exportParameters(obj(method.requestParameters));
    if (parameters.length > 0) operation.parameters = parameters;
    operation.responses = exportResponses(obj(method.methodResponses));
    const requirement: Json = {};
    const authorizationType = str(auth.authorizationType) ?? 'NONE';
    if (authorizationType === 'AWS_IAM') {
      requirement.sigv4 = [];
      schemes.sigv4 = {
        type: 'apiKey',
        name: 'Authorization',
        in: 'header',
        'x-amazon-apigateway-authtype': 'awsSigv4',
      };
    } else if (authorizationType === 'CUSTOM' || authorizationType === 'COGNITO_USER_POOLS') {
      const authorizer = authorizers.find((a) => a.id === method.authorizerId);
      const name = str(authorizer?.name) ?? str(method.authorizerId) ?? authorizationType.toLowerCase();
      requirement[name] = Array.isArray(method.authorizationScopes) ? [...method.authorizationScopes] : [];
      if (authorizer) schemes[name] = authorizerScheme(authorizer);
    }
    if (auth.apiKeyRequired === true) {
      requirement.api_key = [];
      schemes.api_key = { type: 'apiKey', name: 'x-api-key', in: 'header' };
    }
    if (Object.keys(requirement).length > 0) operation.security = [requirement];
    const integration = obj(method.methodIntegration);
    if (integration) operation['x-amazon-apigateway-integration'] = exportIntegration(integration);
    objectLeaf(paths, path)[verb === 'ANY' ? 'x-amazon-apigateway-any-method' : verb.toLowerCase()] =
      operation;
  }
  const doc: Json = {
    openapi: '3.0.1',
    info: { title: str(api.name) ?? String(api.id), version },
    servers: [
      {
        url: `https://${String(api.id)}.execute-api.${view.region}.amazonaws.com/{basePath}`,
        variables: { basePath: { default: '' } },
      },
    ],
    paths,
  };
  if (Object.keys(schemes).length > 0) doc.components = { securitySchemes: schemes };
  return doc;
}

function exportParameters(requestParameters: Json | undefined): Json[] {
  const where: Record<string, string> = { path: 'path', querystring: 'query', header: 'header' };
  const out: Json[] = [];
  for (const [key, required] of Object.entries(requestParameters ?? {})) {
    const match = /^method\.request\.(path|querystring|header)\.(.+)$/.exec(key);
    if (!match) continue;
    out.push({
      name: match[2],
      in: where[match[1]!],
      required: match[1] === 'path' || required === true,
      schema: { type: 'string' },
    });
  }
  return out;
}

function exportResponses(methodResponses: Json | undefined): Json {
  const codes = Object.keys(methodResponses ?? {});
  // A method without method responses (a proxy) is exported with a bare 200, as in the shop example.
  if (codes.length === 0) return { '200': { description: '200 response' } };
  const out: Json = {};
  for (const code of codes) {
    const response: Json = { description: `${code} response` };
    const headers = Object.keys(obj(obj(methodResponses?.[code])?.responseParameters) ?? {})
      .map((k) => /^method\.response\.header\.(.+)$/.exec(k)?.[1])
      .filter((h): h is string => h !== undefined);
    if (headers.length > 0) {
      response.headers = Object.fromEntries(headers.map((h) => [h, { schema: { type: 'string' } }]));
    }
    out[code] = response;
  }
  return out;
}

function exportIntegration(integration: Json): Json {
  const responses = Object.values(obj(integration.integrationResponses) ?? {}).filter(isObject);
  const keys = integration.cacheKeyParameters;
  return dropUndefined({
    type: str(integration.type)?.toLowerCase(),
    httpMethod: integration.httpMethod,
    uri: integration.uri,
    connectionType: integration.connectionType === 'VPC_LINK' ? 'VPC_LINK' : undefined,
    connectionId: integration.connectionId,
    credentials: integration.credentials,
    requestParameters: nonEmptyMap(integration.requestParameters),
    requestTemplates: nonEmptyMap(integration.requestTemplates),
    responses:
      responses.length === 0
        ? undefined
        : Object.fromEntries(
            responses.map((r) => [
              str(r.selectionPattern) || 'default',
              dropUndefined({
                statusCode: r.statusCode,
                responseParameters: nonEmptyMap(r.responseParameters),
                responseTemplates: nonEmptyMap(r.responseTemplates),
                contentHandling: r.contentHandling,
              }),
            ]),
          ),
    passthroughBehavior: str(integration.passthroughBehavior)?.toLowerCase(),
    contentHandling: integration.contentHandling,
    cacheKeyParameters: Array.isArray(keys) && keys.length > 0 ? [...keys] : undefined,
    timeoutInMillis: integration.timeoutInMillis,
  });
}

function authorizerScheme(authorizer: Json): Json {
  const source = str(authorizer.identitySource)?.split(',')[0]?.trim() ?? '';
  const header = /^method\.request\.header\.(.+)$/.exec(source)?.[1] ?? 'Authorization';
  const type = str(authorizer.type) ?? 'TOKEN';
  if (type === 'COGNITO_USER_POOLS') {
    return {
      type: 'apiKey',
      name: header,
      in: 'header',
      'x-amazon-apigateway-authtype': str(authorizer.authType) ?? 'cognito_user_pools',
      'x-amazon-apigateway-authorizer': {
        type: 'cognito_user_pools',
        providerARNs: Array.isArray(authorizer.providerARNs) ? [...authorizer.providerARNs] : [],
      },
    };
  }
  return {
    type: 'apiKey',
    name: header,
    in: 'header',
    'x-amazon-apigateway-authtype': str(authorizer.authType) ?? 'custom',
    'x-amazon-apigateway-authorizer': dropUndefined({
      type: type.toLowerCase(),
      authorizerUri: authorizer.authorizerUri,
      authorizerCredentials: authorizer.authorizerCredentials,
      authorizerResultTtlInSeconds: authorizer.authorizerResultTtlInSeconds,
      identitySource: type === 'REQUEST' ? authorizer.identitySource : undefined,
      identityValidationExpression: authorizer.identityValidationExpression,
    }),
  };
}

/** A deployment's export as one stage serves it (its server's basePath default is the stage). */
function exportForStage(template: Json, stageName: string): Json {
  const doc = structuredClone(template);
  for (const server of arr(doc.servers)) {
    const basePath = obj(obj(server.variables)?.basePath);
    if (basePath) basePath.default = stageName;
  }
  if (typeof doc.swagger === 'string') doc.basePath = `/${stageName}`;
  return doc;
}

/**
 * A deployment's own export: kept since its creation, else (a deployment the snapshot already held) the
 * stored export of a stage serving it, else rebuilt from its apiSummary. Kept once known.
 */
function deploymentExport(ctx: Ctx, entry: Json, deployment: Json): Json | undefined {
  const known = ctx.state.deploymentExports.get(deployment);
  if (known) return known;
  let template: Json | undefined;
  const exports = obj(entry.exports);
  for (const stage of arr(obj(entry.stages)?.item)) {
    const stored = obj(exports?.[String(stage.stageName)]);
    if (stage.deploymentId === deployment.id && stored) {
      template = structuredClone(stored);
      break;
    }
  }
  const summary = obj(deployment.apiSummary);
  if (!template && summary) {
    template = buildExport(ctx.view, entry, exportVersion(deployment.createdDate), summary);
  }
  if (template) ctx.state.deploymentExports.set(deployment, template);
  return template;
}

/** The REST API entry a write changes, with every deployment's export pinned before anything moves. */
function writableRest(ctx: Ctx): Json {
  const entry = ctx.view.writableRest(ctx.params.restApiId!);
  for (const deployment of arr(entry.deployments)) deploymentExport(ctx, entry, deployment);
  return entry;
}

/** exports[stage] := the export of the deployment the stage now serves (dropped when unknown). */
function refreshStageExport(ctx: Ctx, entry: Json, stage: Json): void {
  const name = String(stage.stageName);
  const deployment = arr(entry.deployments).find((d) => d.id === stage.deploymentId);
  const template = deployment ? deploymentExport(ctx, entry, deployment) : undefined;
  const exports = objectLeaf(entry, 'exports');
  if (template) exports[name] = exportForStage(template, name);
  else delete exports[name];
}

function requireDeployment(entry: Json, id: string | undefined): Json {
  const deployment = arr(entry.deployments).find((d) => d.id === id);
  if (!deployment) throw notFound('Invalid Deployment identifier specified');
  return deployment;
}

// ---- deployments

function createDeployment(ctx: Ctx): Reply {
  const entry = writableRest(ctx);
  const body = ctx.body;
  const stageName = str(body.stageName);
  const canary = obj(body.canarySettings);
  const stages = listLeaf(entry, 'stages', 'item');
  const existing = stageName === undefined ? undefined : stages.find((s) => s.stageName === stageName);
  if (canary && !existing) {
    // recorded (create-canary-deployment-non-existing-stage)
    throw badRequest(
      `Invalid deployment content specified.Stage ${stageName ?? ''} must already be created before making a canary release deployment`,
    );
  }
  const methods = methodsOf(entry);
  if (methods.length === 0) throw badRequest("The REST API doesn't contain any methods");
  if (methods.some((m) => !obj(m.method.methodIntegration)))
    throw badRequest('No integration defined for method');

  const deployments = arrayLeaf(entry, 'deployments');
  const now = nowIso();
  const deployment = dropUndefined({
    id: newId(6, (id) => deployments.some((d) => d.id === id)),
    description: str(body.description),
    createdDate: now,
    apiSummary: apiSummaryOf(entry),
  });
  deployments.push(deployment);
  ctx.state.deploymentExports.set(deployment, buildExport(ctx.view, entry, exportVersion(now)));

  if (existing && canary) {
    existing.canarySettings = dropUndefined({
      deploymentId: deployment.id,
      percentTraffic: typeof canary.percentTraffic === 'number' ? canary.percentTraffic : 0,
      stageVariableOverrides: nonEmptyMap(canary.stageVariableOverrides),
      useStageCache: canary.useStageCache === true,
    });
    existing.lastUpdatedDate = now;
  } else if (stageName !== undefined) {
    let stage = existing;
    if (stage) {
      stage.deploymentId = deployment.id;
      stage.lastUpdatedDate = now;
    } else {
      stage = dropUndefined({
        deploymentId: deployment.id,
        stageName,
        description: str(body.stageDescription),
        cacheClusterEnabled: body.cacheClusterEnabled === true,
        cacheClusterStatus: body.cacheClusterEnabled === true ? 'AVAILABLE' : 'NOT_AVAILABLE',
        methodSettings: {},
        tracingEnabled: body.tracingEnabled === true,
        createdDate: now,
        lastUpdatedDate: now,
      });
      stages.push(stage);
    }
    const variables = obj(body.variables);
    if (variables) stage.variables = { ...(obj(stage.variables) ?? {}), ...variables };
    refreshStageExport(ctx, entry, stage);
  }
  return created(v1Wire(withoutApiSummary(deployment)));
}

function deleteDeployment(ctx: Ctx): Reply {
  const entry = writableRest(ctx);
  const id = ctx.params.deploymentId!;
  const deployments = arrayLeaf(entry, 'deployments');
  const index = deployments.findIndex((d) => d.id === id);
  if (index < 0) throw notFound('Invalid Deployment identifier specified');
  const active = arr(obj(entry.stages)?.item).some(
    (s) => s.deploymentId === id || obj(s.canarySettings)?.deploymentId === id,
  );
  if (active) throw badRequest('Active stages pointing to this deployment must be moved or deleted'); // recorded
  deployments.splice(index, 1);
  return accepted;
}

// ---- stages

interface PatchOp {
  op: string;
  path: string;
  value: string | undefined;
}

function patchOperations(body: Json): PatchOp[] {
  return arr(body.patchOperations).map((p) => ({
    op: str(p.op) ?? '',
    path: str(p.path) ?? '',
    value: str(p.value),
  }));
}

const unescapePointer = (text: string): string => text.replace(/~1/g, '/').replace(/~0/g, '~');

function checkOp(patch: PatchOp): void {
  if (!['add', 'remove', 'replace'].includes(patch.op)) {
    throw badRequest("Invalid patch operation specified. Must be 'add'|'remove'|'replace'");
  }
}

function patchValue(patch: PatchOp): string {
  if (patch.value === undefined) {
    throw badRequest(`Invalid null or empty value for op '${patch.op}' on path '${patch.path}'`);
  }
  return patch.value;
}

const STAGE_PATCH_PATHS = [
  '/deploymentId',
  '/description',
  '/tracingEnabled',
  '/variables/{variable_name}',
  '/canarySettings',
  '/canarySettings/deploymentId',
  '/canarySettings/percentTraffic',
  '/canarySettings/useStageCache',
  '/canarySettings/stageVariableOverrides/{variable_name}',
  '/accessLogSettings',
  '/accessLogSettings/destinationArn',
  '/accessLogSettings/format',
  '/{resourcePath}/{httpMethod}/{metrics|logging|throttling|caching}/{setting}',
];

/** UpdateStage method-setting paths (`/{resourcePath}/{httpMethod}/throttling/rateLimit`) → Stage members. */
const METHOD_SETTINGS: Readonly<Record<string, [string, 'boolean' | 'integer' | 'number' | 'string']>> = {
  'metrics/enabled': ['metricsEnabled', 'boolean'],
  'logging/loglevel': ['loggingLevel', 'string'],
  'logging/dataTrace': ['dataTraceEnabled', 'boolean'],
  'throttling/burstLimit': ['throttlingBurstLimit', 'integer'],
  'throttling/rateLimit': ['throttlingRateLimit', 'number'],
  'caching/enabled': ['cachingEnabled', 'boolean'],
  'caching/ttlInSeconds': ['cacheTtlInSeconds', 'integer'],
  'caching/dataEncrypted': ['cacheDataEncrypted', 'boolean'],
  'caching/requireAuthorizationForCacheControl': ['requireAuthorizationForCacheControl', 'boolean'],
  'caching/unauthorizedCacheControlHeaderStrategy': ['unauthorizedCacheControlHeaderStrategy', 'string'],
};
/** A new method setting starts from AWS's defaults (as GetStage shows them). */
const METHOD_SETTING_DEFAULTS: Readonly<Json> = {
  metricsEnabled: false,
  dataTraceEnabled: false,
  throttlingBurstLimit: 5000,
  throttlingRateLimit: 10000,
  cachingEnabled: false,
  cacheTtlInSeconds: 300,
  cacheDataEncrypted: false,
  requireAuthorizationForCacheControl: true,
  unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
};

function settingValue(text: string, type: 'boolean' | 'integer' | 'number' | 'string'): unknown {
  if (type === 'string') return text;
  if (type === 'boolean') return text.toLowerCase() === 'true';
  const value = Number(text);
  if (!Number.isFinite(value) || (type === 'integer' && !Number.isInteger(value))) {
    throw badRequest(`Invalid value '${text}': must be a${type === 'integer' ? 'n integer' : ' number'}`);
  }
  return value;
}

function applyStagePatch(entry: Json, stage: Json, patch: PatchOp): void {
  checkOp(patch);
  const { op, path } = patch;
  const invalid = (): FakeError =>
    badRequest(
      `Invalid patch path  '${path}' specified for op '${op}'. Must be one of: [${STAGE_PATCH_PATHS.join(', ')}]`,
    );
  if (path === '/deploymentId') {
    if (op !== 'replace') throw invalid();
    stage.deploymentId = requireDeployment(entry, patchValue(patch)).id;
    return;
  }
  if (path === '/description') {
    if (op === 'remove') delete stage.description;
    else stage.description = patchValue(patch);
    return;
  }
  if (path === '/tracingEnabled') {
    if (op !== 'replace') throw invalid();
    stage.tracingEnabled = patchValue(patch).toLowerCase() === 'true';
    return;
  }
  const variable = /^\/variables\/(.+)$/.exec(path);
  if (variable) {
    const variables = objectLeaf(stage, 'variables');
    const name = unescapePointer(variable[1]!);
    if (op === 'remove') delete variables[name];
    else variables[name] = patchValue(patch);
    return;
  }
  if (path === '/canarySettings') {
    if (op !== 'remove') throw invalid();
    delete stage.canarySettings;
    return;
  }
  const canaryMember = /^\/canarySettings\/(.+)$/.exec(path)?.[1];
  if (canaryMember !== undefined) {
    if (op === 'remove' && !obj(stage.canarySettings)) return;
    // A canary set up on a stage without one starts on the stage's own deployment, with no traffic.
    const canary =
      obj(stage.canarySettings) ??
      (stage.canarySettings = { deploymentId: stage.deploymentId, percentTraffic: 0, useStageCache: false });
    const override = /^stageVariableOverrides\/(.+)$/.exec(canaryMember)?.[1];
    if (override !== undefined) {
      const overrides = objectLeaf(canary, 'stageVariableOverrides');
      if (op === 'remove') delete overrides[unescapePointer(override)];
      else overrides[unescapePointer(override)] = patchValue(patch);
    } else if (op !== 'replace') {
      throw invalid();
    } else if (canaryMember === 'deploymentId') {
      canary.deploymentId = requireDeployment(entry, patchValue(patch)).id;
    } else if (canaryMember === 'percentTraffic') {
      const percent = Number(patchValue(patch));
      if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
        throw badRequest('Canary traffic percentage must be between 0.0 and 100.0');
      }
      canary.percentTraffic = percent;
    } else if (canaryMember === 'useStageCache') {
      canary.useStageCache = patchValue(patch).toLowerCase() === 'true';
    } else {
      throw invalid();
    }
    return;
  }
  // Access logging (guard alarms): `remove /accessLogSettings` turns it off; both members are strings.
  if (path === '/accessLogSettings') {
    if (op !== 'remove') throw invalid();
    delete stage.accessLogSettings;
    return;
  }
  const logMember = /^\/accessLogSettings\/(destinationArn|format)$/.exec(path)?.[1];
  if (logMember !== undefined) {
    if (op !== 'replace') throw invalid();
    const value = patchValue(patch);
    if (logMember === 'destinationArn' && !/^arn:aws[a-z-]*:(logs|firehose):/.test(value))
      throw badRequest(`Invalid ARN specified in the request: ${value}`);
    objectLeaf(stage, 'accessLogSettings')[logMember] = value;
    return;
  }
  // Method settings: the key is the path's first two segments as given (`*/*`, `~1orders/GET`).
  const setting = /^\/([^/]+)\/([^/]+)\/([^/]+\/[^/]+)$/.exec(path);
  const member = setting ? METHOD_SETTINGS[setting[3]!] : undefined;
  if (setting && member) {
    if (op !== 'replace') throw invalid();
    const settings = objectLeaf(stage, 'methodSettings');
    const key = `${setting[1]}/${setting[2]}`;
    const current = obj(settings[key]) ?? (settings[key] = { ...METHOD_SETTING_DEFAULTS });
    current[member[0]] = settingValue(patchValue(patch), member[1]);
    return;
  }
  const whole = /^\/([^/]+)\/([^/]+)$/.exec(path);
  if (whole && op === 'remove') {
    const key = `${whole[1]}/${whole[2]}`;
    const settings = obj(stage.methodSettings);
    if (!settings || !(key in settings)) {
      throw badRequest(
        `Cannot remove method setting ${key} because there is no method setting for this method `,
      );
    }
    delete settings[key];
    return;
  }
  throw invalid();
}

function updateStage(ctx: Ctx): Reply {
  const entry = writableRest(ctx);
  const stage = findStage(entry, ctx.params.stageName!);
  // All or nothing: the operations apply to a copy, kept only when every one of them succeeded.
  const next = structuredClone(stage);
  for (const patch of patchOperations(ctx.body)) applyStagePatch(entry, next, patch);
  if (obj(next.variables) && Object.keys(next.variables as Json).length === 0) delete next.variables;
  const moved = next.deploymentId !== stage.deploymentId;
  next.lastUpdatedDate = nowIso();
  for (const key of Object.keys(stage)) delete stage[key];
  Object.assign(stage, next);
  if (moved) refreshStageExport(ctx, entry, stage);
  return json(v1Wire(stage));
}

// ---- methods, integrations and their responses (the current configuration only)

function putMethod(ctx: Ctx): Reply {
  const entry = writableRest(ctx);
  const resource = findResource(entry, ctx.params.resourceId!);
  const verb = ctx.params.httpMethod!;
  if (!HTTP_METHODS.includes(verb)) {
    throw badRequest(
      'Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY',
    );
  }
  const body = ctx.body;
  const methods = objectLeaf(resource, 'resourceMethods');
  // AWS does not replace a method: PutMethod on an existing one is a conflict (UpdateMethod changes it).
  if (methods[verb] !== undefined) throw conflict('Method already exists for this resource');
  const authorizationType = str(body.authorizationType);
  if (!authorizationType || !AUTHORIZATION_TYPES.includes(authorizationType)) {
    throw badRequest(`Invalid authorization type specified: ${authorizationType ?? ''}`);
  }
  requireAuthorizer(entry, authorizationType, body.authorizerId);
  const custom = authorizationType === 'CUSTOM' || authorizationType === 'COGNITO_USER_POOLS';
  const method = dropUndefined({
    httpMethod: verb,
    authorizationType,
    authorizerId: custom ? body.authorizerId : undefined,
    apiKeyRequired: body.apiKeyRequired === true,
    requestValidatorId: str(body.requestValidatorId),
    operationName: str(body.operationName),
    requestParameters: obj(body.requestParameters) ? structuredClone(body.requestParameters) : undefined,
    requestModels: obj(body.requestModels) ? structuredClone(body.requestModels) : undefined,
    authorizationScopes: Array.isArray(body.authorizationScopes) ? [...body.authorizationScopes] : undefined,
  });
  methods[verb] = method;
  return created(v1Wire(method));
}

function applyMethodPatch(method: Json, patch: PatchOp): void {
  checkOp(patch);
  const { op, path } = patch;
  const invalid = (): FakeError => badRequest(`Invalid patch path ${path}`);
  const mapMember = /^\/(requestParameters|requestModels)\/(.+)$/.exec(path);
  if (mapMember) {
    const map = objectLeaf(method, mapMember[1]!);
    const key = unescapePointer(mapMember[2]!);
    if (op === 'remove') delete map[key];
    else
      map[key] =
        mapMember[1] === 'requestParameters' ? patchValue(patch).toLowerCase() === 'true' : patchValue(patch);
    if (Object.keys(map).length === 0) delete method[mapMember[1]!];
    return;
  }
  if (path === '/authorizationScopes') {
    const scopes = Array.isArray(method.authorizationScopes) ? (method.authorizationScopes as unknown[]) : [];
    if (op === 'replace') throw invalid();
    method.authorizationScopes =
      op === 'add' ? [...scopes, patchValue(patch)] : scopes.filter((s) => s !== patch.value);
    return;
  }
  if (
    op !== 'replace' &&
    !(op === 'remove' && (path === '/operationName' || path === '/requestValidatorId'))
  ) {
    throw invalid();
  }
  if (op === 'remove') {
    delete method[path.slice(1)];
    return;
  }
  const value = patchValue(patch);
  if (path === '/authorizationType') {
    if (!AUTHORIZATION_TYPES.includes(value))
      throw badRequest(`Invalid authorization type specified: ${value}`);
    method.authorizationType = value;
  } else if (path === '/apiKeyRequired') method.apiKeyRequired = value.toLowerCase() === 'true';
  else if (path === '/authorizerId' || path === '/operationName' || path === '/requestValidatorId') {
    method[path.slice(1)] = value;
  } else throw invalid();
}

function updateMethod(ctx: Ctx): Reply {
  const entry = writableRest(ctx);
  const { resource, method } = findMethod(entry, ctx.params);
  const next = structuredClone(method);
  for (const patch of patchOperations(ctx.body)) applyMethodPatch(next, patch);
  if (next.authorizationType === 'CUSTOM' || next.authorizationType === 'COGNITO_USER_POOLS') {
    requireAuthorizer(entry, next.authorizationType, next.authorizerId);
  } else {
    delete next.authorizerId;
  }
  objectLeaf(resource, 'resourceMethods')[ctx.params.httpMethod!] = next;
  return json(v1Wire(next));
}

function deleteMethod(ctx: Ctx): Reply {
  const entry = writableRest(ctx);
  const { resource } = findMethod(entry, ctx.params);
  const methods = objectLeaf(resource, 'resourceMethods');
  delete methods[ctx.params.httpMethod!];
  if (Object.keys(methods).length === 0) delete resource.resourceMethods;
  return noContent;
}

function putIntegration(ctx: Ctx): Reply {
  const entry = writableRest(ctx);
  const { resource, method } = findMethod(entry, ctx.params);
  const body = ctx.body;
  const type = str(body.type) ?? '';
  if (!INTEGRATION_TYPES.includes(type)) {
    throw new FakeError(
      400,
      'ValidationException',
      `1 validation error detected: Value '${type}' at 'putIntegrationInput.type' failed to satisfy constraint: ` +
        'Member must satisfy enum value set: [HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]',
    );
  }
  // On the wire the integration's own method is `httpMethod` (the SDK's integrationHttpMethod); the
  // method the integration belongs to travels in the path.
  const integrationMethod = str(body.httpMethod);
  const uri = str(body.uri);
  if (type !== 'MOCK') {
    if (!integrationMethod) throw badRequest('Enumeration value for HttpMethod must be non-empty');
    if (!uri) {
      throw badRequest(
        type.startsWith('HTTP')
          ? 'Invalid HTTP endpoint specified for URI'
          : 'Invalid ARN specified in the request',
      );
    }
  }
  if (type === 'AWS_PROXY' && !uri!.includes(':lambda:') && !uri!.includes(':firehose:')) {
    throw badRequest(
      "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.",
    );
  }
  const integration = dropUndefined({
    type,
    httpMethod: integrationMethod,
    uri,
    connectionType: str(body.connectionType) ?? (type.startsWith('HTTP') ? 'INTERNET' : undefined),
    connectionId: str(body.connectionId),
    credentials: str(body.credentials),
    requestParameters: obj(body.requestParameters) ? structuredClone(body.requestParameters) : undefined,
    requestTemplates: obj(body.requestTemplates) ? structuredClone(body.requestTemplates) : undefined,
    passthroughBehavior: str(body.passthroughBehavior) ?? 'WHEN_NO_MATCH',
    contentHandling: str(body.contentHandling),
    timeoutInMillis: typeof body.timeoutInMillis === 'number' ? body.timeoutInMillis : 29000,
    cacheNamespace: str(body.cacheNamespace) ?? resource.id,
    cacheKeyParameters: Array.isArray(body.cacheKeyParameters) ? [...body.cacheKeyParameters] : [],
    tlsConfig: obj(body.tlsConfig) ? structuredClone(body.tlsConfig) : undefined,
    responseTransferMode: str(body.responseTransferMode),
    integrationTarget: str(body.integrationTarget),
  });
  method.methodIntegration = integration;
  return created(v1Wire(integration));
}

function deleteIntegration(ctx: Ctx): Reply {
  const entry = writableRest(ctx);
  findIntegration(entry, ctx.params);
  delete findMethod(entry, ctx.params).method.methodIntegration;
  return noContent;
}

function putMethodResponse(ctx: Ctx): Reply {
  const entry = writableRest(ctx);
  const { method } = findMethod(entry, ctx.params);
  const statusCode = ctx.params.statusCode!;
  if (!validStatusCode(statusCode)) throw badRequest('Invalid status code specified');
  const response = dropUndefined({
    statusCode,
    responseParameters: obj(ctx.body.responseParameters)
      ? structuredClone(ctx.body.responseParameters)
      : undefined,
    responseModels: obj(ctx.body.responseModels) ? structuredClone(ctx.body.responseModels) : undefined,
  });
  objectLeaf(method, 'methodResponses')[statusCode] = response;
  return created(v1Wire(response));
}

function deleteMethodResponse(ctx: Ctx): Reply {
  const entry = writableRest(ctx);
  const responses = obj(findMethod(entry, ctx.params).method.methodResponses);
  if (!responses?.[ctx.params.statusCode!]) throw notFound('Invalid Response status code specified');
  delete responses[ctx.params.statusCode!];
  return noContent;
}

function putIntegrationResponse(ctx: Ctx): Reply {
  const entry = writableRest(ctx);
  const integration = findIntegration(entry, ctx.params);
  const statusCode = ctx.params.statusCode!;
  // An integration response maps onto a method response, which must exist first.
  if (!obj(obj(findMethod(entry, ctx.params).method.methodResponses)?.[statusCode])) {
    throw notFound('Invalid Response status code specified');
  }
  const body = ctx.body;
  const response = dropUndefined({
    statusCode,
    selectionPattern: str(body.selectionPattern),
    responseParameters: obj(body.responseParameters) ? structuredClone(body.responseParameters) : undefined,
    responseTemplates: obj(body.responseTemplates) ? structuredClone(body.responseTemplates) : undefined,
    contentHandling: str(body.contentHandling),
  });
  objectLeaf(integration, 'integrationResponses')[statusCode] = response;
  return created(v1Wire(response));
}

function deleteIntegrationResponse(ctx: Ctx): Reply {
  const entry = writableRest(ctx);
  const responses = obj(findIntegration(entry, ctx.params).integrationResponses);
  if (!responses?.[ctx.params.statusCode!])
    throw notFound('Invalid Integration Response identifier specified');
  delete responses[ctx.params.statusCode!];
  return noContent;
}

// ---- gateway responses

/** Every gateway response type and its default status (DEFAULT_4XX/5XX have none), as AWS lists them. */
const GATEWAY_RESPONSE_STATUS: Readonly<Record<string, string | undefined>> = {
  ACCESS_DENIED: '403',
  API_CONFIGURATION_ERROR: '500',
  AUTHORIZER_CONFIGURATION_ERROR: '500',
  AUTHORIZER_FAILURE: '500',
  BAD_REQUEST_BODY: '400',
  BAD_REQUEST_PARAMETERS: '400',
  DEFAULT_4XX: undefined,
  DEFAULT_5XX: undefined,
  EXPIRED_TOKEN: '403',
  INTEGRATION_FAILURE: '504',
  INTEGRATION_TIMEOUT: '504',
  INVALID_API_KEY: '403',
  INVALID_SIGNATURE: '403',
  MISSING_AUTHENTICATION_TOKEN: '403',
  QUOTA_EXCEEDED: '429',
  REQUEST_TOO_LARGE: '413',
  RESOURCE_NOT_FOUND: '404',
  THROTTLED: '429',
  UNAUTHORIZED: '401',
  UNSUPPORTED_MEDIA_TYPE: '415',
  WAF_FILTERED: '403',
};
/** The enum as AWS's validation message lists it (recorded). */
const GATEWAY_RESPONSE_ENUM =
  'REQUEST_TOO_LARGE, RESOURCE_NOT_FOUND, AUTHORIZER_CONFIGURATION_ERROR, MISSING_AUTHENTICATION_TOKEN, ' +
  'BAD_REQUEST_BODY, INVALID_SIGNATURE, INVALID_API_KEY, BAD_REQUEST_PARAMETERS, AUTHORIZER_FAILURE, UNAUTHORIZED, ' +
  'INTEGRATION_TIMEOUT, ACCESS_DENIED, DEFAULT_4XX, DEFAULT_5XX, WAF_FILTERED, QUOTA_EXCEEDED, THROTTLED, ' +
  'API_CONFIGURATION_ERROR, UNSUPPORTED_MEDIA_TYPE, INTEGRATION_FAILURE, EXPIRED_TOKEN';
const DEFAULT_RESPONSE_TEMPLATES = { 'application/json': '{"message":$context.error.messageString}' };

function requireResponseType(type: string): void {
  if (!Object.hasOwn(GATEWAY_RESPONSE_STATUS, type)) {
    throw new FakeError(
      400,
      'ValidationException',
      `1 validation error detected: Value '${type}' at 'responseType' failed to satisfy constraint: ` +
        `Member must satisfy enum value set: [${GATEWAY_RESPONSE_ENUM}]`,
    );
  }
}

function defaultGatewayResponse(type: string): Json {
  return dropUndefined({
    responseType: type,
    statusCode: GATEWAY_RESPONSE_STATUS[type],
    responseParameters: {},
    responseTemplates: { ...DEFAULT_RESPONSE_TEMPLATES },
    defaultResponse: true,
  });
}

function putGatewayResponse(ctx: Ctx): Reply {
  const entry = writableRest(ctx);
  const type = ctx.params.responseType!;
  requireResponseType(type);
  const body = ctx.body;
  // recorded: a status, parameters or templates left out take the type's defaults.
  const response = dropUndefined({
    responseType: type,
    statusCode: str(body.statusCode) ?? GATEWAY_RESPONSE_STATUS[type],
    responseParameters: obj(body.responseParameters) ? structuredClone(body.responseParameters) : {},
    responseTemplates: obj(body.responseTemplates)
      ? structuredClone(body.responseTemplates)
      : { ...DEFAULT_RESPONSE_TEMPLATES },
    defaultResponse: false,
  });
  const items = listLeaf(entry, 'gatewayResponses', 'items');
  const index = items.findIndex((r) => r.responseType === type);
  if (index < 0) items.push(response);
  else items[index] = response;
  return created(v1Wire(response));
}

function deleteGatewayResponse(ctx: Ctx): Reply {
  const entry = writableRest(ctx);
  const type = ctx.params.responseType!;
  requireResponseType(type);
  const items = arrayLeaf(objectLeaf(entry, 'gatewayResponses'), 'items');
  const index = items.findIndex((r) => r.responseType === type && r.defaultResponse !== true);
  if (index < 0) throw notFound('Gateway response type not defined on api');
  items[index] = defaultGatewayResponse(type);
  return accepted;
}

// ---- base path mappings (kept in both leaves a domain entry holds: basePathMappings and apiMappings)

/** Every base path of a domain, `(none)` for the empty one, from both leaves. */
function takenBasePaths(entry: Json): Set<string> {
  const taken = new Set(basePathMappings(entry).map((m) => String(m.basePath)));
  for (const m of apiMappings(entry)) taken.add(m.apiMappingKey === '' ? '(none)' : String(m.apiMappingKey));
  return taken;
}

function createBasePathMapping(ctx: Ctx): Reply {
  const entry = ctx.view.requireDomain(ctx.params.domainName!);
  const body = ctx.body;
  const restApiId = str(body.restApiId);
  const api = restApiId === undefined ? undefined : ctx.view.restApi(restApiId);
  if (!api) throw badRequest('Invalid REST API identifier specified');
  const stage = str(body.stage);
  if (
    stage !== undefined &&
    !arr(obj(ctx.view.restEntry(restApiId!)?.stages)?.item).some((s) => s.stageName === stage)
  ) {
    throw badRequest('Invalid stage identifier specified');
  }
  const basePath = str(body.basePath) || '(none)';
  if (takenBasePaths(entry).has(basePath)) throw conflict('Base path already exists for this domain name');
  const mapping = dropUndefined({ basePath, restApiId, stage });
  const v2Leaf = obj(entry.apiMappings);
  if (obj(entry.basePathMappings) || !v2Leaf) listLeaf(entry, 'basePathMappings', 'items').push(mapping);
  if (v2Leaf) {
    const pascal = Array.isArray(v2Leaf.Items) || !Array.isArray(v2Leaf.items);
    const list = arrayLeaf(v2Leaf, pascal ? 'Items' : 'items');
    const ids = new Set(v2Items(v2Leaf).map((m) => m.ApiMappingId ?? m.apiMappingId));
    const id = newId(6, (candidate) => ids.has(candidate));
    const key = basePath === '(none)' ? '' : basePath;
    list.push(
      pascal
        ? dropUndefined({ ApiId: restApiId, ApiMappingId: id, ApiMappingKey: key, Stage: stage })
        : dropUndefined({ apiId: restApiId, apiMappingId: id, apiMappingKey: key, stage }),
    );
  }
  return created(mapping);
}

function deleteBasePathMapping(ctx: Ctx): Reply {
  const entry = ctx.view.requireDomain(ctx.params.domainName!);
  const basePath = ctx.params.basePath!;
  if (!takenBasePaths(entry).has(basePath)) throw notFound('Invalid base path mapping identifier specified');
  const v1Leaf = obj(entry.basePathMappings);
  if (v1Leaf) v1Leaf.items = arr(v1Leaf.items).filter((m) => m.basePath !== basePath);
  const v2Leaf = obj(entry.apiMappings);
  if (v2Leaf) {
    const key = basePath === '(none)' ? '' : basePath;
    for (const member of ['Items', 'items']) {
      if (Array.isArray(v2Leaf[member])) {
        v2Leaf[member] = arr(v2Leaf[member]).filter(
          (m) => (m.ApiMappingKey ?? m.apiMappingKey ?? '') !== key,
        );
      }
    }
  }
  return accepted;
}

/** The stage a mapping names must exist on the API it names (recorded by users: "Invalid stage identifier specified"). */
function requireMappingTarget(
  ctx: Ctx,
  apiId: string | undefined,
  stage: string | undefined,
): 'REST' | 'HTTP' {
  if (apiId !== undefined && ctx.view.restApi(apiId)) {
    if (
      stage !== undefined &&
      !arr(obj(ctx.view.restEntry(apiId)?.stages)?.item).some((s) => s.stageName === stage)
    )
      throw badRequest('Invalid stage identifier specified');
    return 'REST';
  }
  if (apiId !== undefined && ctx.view.httpApi(apiId)) {
    const stages = v2Items(ctx.view.httpEntry(apiId)?.stages);
    if (stage !== undefined && !stages.some((s) => (s.StageName ?? s.stageName) === stage))
      throw badRequest('Invalid stage identifier specified');
    return 'HTTP';
  }
  throw badRequest('Invalid REST API identifier specified');
}

const BASE_PATH_MAPPING_PATCH_PATHS = ['/basePath', '/restapiId', '/stage'];

function updateBasePathMapping(ctx: Ctx): Reply {
  const entry = ctx.view.requireDomain(ctx.params.domainName!);
  const basePath = ctx.params.basePath!;
  const current = basePathMappings(entry).find((m) => m.basePath === basePath);
  if (!current) throw notFound('Invalid base path mapping identifier specified');
  const next: Json = { ...current };
  for (const op of arr(ctx.body.patchOperations)) {
    const path = str(op.path) ?? '';
    if (!['replace', 'remove'].includes(String(op.op)) || !BASE_PATH_MAPPING_PATCH_PATHS.includes(path))
      throw badRequest(
        `Invalid patch path  '${path}' specified for op '${String(op.op)}'. Must be one of: [${BASE_PATH_MAPPING_PATCH_PATHS.join(', ')}]`,
      );
    const member = path === '/restapiId' ? 'restApiId' : path.slice(1);
    if (op.op === 'remove') delete next[member];
    else next[member] = str(op.value) ?? '';
  }
  next.basePath = str(next.basePath) || '(none)';
  requireMappingTarget(ctx, str(next.restApiId), str(next.stage));
  if (next.basePath !== basePath && takenBasePaths(entry).has(String(next.basePath)))
    throw conflict('Base path already exists for this domain name');
  const v1Leaf = obj(entry.basePathMappings);
  if (v1Leaf)
    v1Leaf.items = arr(v1Leaf.items).map((m) => (m.basePath === basePath ? dropUndefined(next) : m));
  const key = (bp: unknown): string => (bp === '(none)' ? '' : String(bp));
  for (const m of v2MappingLeaf(entry, false)) {
    if ((m.ApiMappingKey ?? m.apiMappingKey ?? '') !== key(basePath)) continue;
    setV2(m, 'ApiId', next.restApiId);
    setV2(m, 'Stage', next.stage);
    setV2(m, 'ApiMappingKey', key(next.basePath));
  }
  return json(v1Wire(dropUndefined(next)));
}

/** Sets a member of a snapshot API mapping in whichever case the snapshot spells it. */
function setV2(mapping: Json, pascal: string, value: unknown): void {
  const key = Object.keys(mapping).some((k) => /^[A-Z]/.test(k)) ? pascal : camel(pascal);
  if (value === undefined) delete mapping[key];
  else mapping[key] = value;
}

/**
 * The API mappings leaf of a domain entry. With `create`, a domain that has only base path mappings gets
 * the leaf, filled with the mappings the v2 API already showed for it (same ids), so nothing disappears.
 */
function v2MappingLeaf(entry: Json, create: boolean): Json[] {
  const leaf = obj(entry.apiMappings);
  if (leaf)
    return arrayLeaf(leaf, Array.isArray(leaf.Items) || !Array.isArray(leaf.items) ? 'Items' : 'items');
  if (!create) return [];
  const items = apiMappings(entry).map((m) => dropUndefined({ ...m }));
  entry.apiMappings = { items };
  return items;
}

const mappingKeyOf = (m: Json): string => String(m.ApiMappingKey ?? m.apiMappingKey ?? '');
const mappingIdOf = (m: Json): string | undefined => str(m.ApiMappingId ?? m.apiMappingId);

function createApiMapping(ctx: Ctx): Reply {
  const entry = ctx.view.requireDomain(ctx.params.domainName!);
  const apiId = str(ctx.body.apiId);
  const stage = str(ctx.body.stage);
  if (apiId === undefined || stage === undefined)
    throw badRequest(`Invalid request: ${apiId === undefined ? 'apiId' : 'stage'} is required`);
  const kind = requireMappingTarget(ctx, apiId, stage);
  const key = (str(ctx.body.apiMappingKey) ?? '').replace(/^\/+|\/+$/g, '');
  if (takenBasePaths(entry).has(key || '(none)'))
    throw conflict('ApiMapping key already exists for this domain name');
  const list = v2MappingLeaf(entry, true);
  const ids = new Set(list.map(mappingIdOf));
  const id = newId(6, (candidate) => ids.has(candidate));
  const pascal = Array.isArray(obj(entry.apiMappings)?.Items);
  list.push(
    pascal
      ? { ApiId: apiId, ApiMappingId: id, ApiMappingKey: key, Stage: stage }
      : { apiId, apiMappingId: id, apiMappingKey: key, stage },
  );
  // The base path mapping API shows single-level mappings of REST APIs (the fake's reading of the docs).
  const v1Leaf = obj(entry.basePathMappings);
  if (v1Leaf && kind === 'REST' && !key.includes('/'))
    arrayLeaf(v1Leaf, 'items').push({ basePath: key || '(none)', restApiId: apiId, stage });
  return json({ apiId, apiMappingId: id, apiMappingKey: key, stage }, 201);
}

function findApiMapping(ctx: Ctx): { entry: Json; mapping: Json } {
  const entry = ctx.view.requireDomain(ctx.params.domainName!);
  const mapping = v2MappingLeaf(entry, true).find((m) => mappingIdOf(m) === ctx.params.apiMappingId);
  if (!mapping) throw notFound('Invalid API mapping identifier specified');
  return { entry, mapping };
}

function updateApiMapping(ctx: Ctx): Reply {
  const { entry, mapping } = findApiMapping(ctx);
  const apiId = str(ctx.body.apiId);
  if (apiId === undefined) throw badRequest('Invalid request: apiId is required');
  const stage = str(ctx.body.stage) ?? str(mapping.Stage ?? mapping.stage);
  const oldKey = mappingKeyOf(mapping);
  const key = str(ctx.body.apiMappingKey)?.replace(/^\/+|\/+$/g, '') ?? oldKey;
  requireMappingTarget(ctx, apiId, stage);
  if (key !== oldKey && takenBasePaths(entry).has(key || '(none)'))
    throw conflict('ApiMapping key already exists for this domain name');
  setV2(mapping, 'ApiId', apiId);
  setV2(mapping, 'Stage', stage);
  setV2(mapping, 'ApiMappingKey', key);
  const v1Leaf = obj(entry.basePathMappings);
  if (v1Leaf)
    v1Leaf.items = arr(v1Leaf.items).map((m) =>
      m.basePath === (oldKey || '(none)')
        ? dropUndefined({ basePath: key || '(none)', restApiId: apiId, stage })
        : m,
    );
  return json({ apiId, apiMappingId: mappingIdOf(mapping), apiMappingKey: key, stage });
}

function deleteApiMapping(ctx: Ctx): Reply {
  const { entry, mapping } = findApiMapping(ctx);
  const leaf = obj(entry.apiMappings)!;
  for (const member of ['Items', 'items'])
    if (Array.isArray(leaf[member])) leaf[member] = arr(leaf[member]).filter((m) => m !== mapping);
  const v1Leaf = obj(entry.basePathMappings);
  if (v1Leaf)
    v1Leaf.items = arr(v1Leaf.items).filter((m) => m.basePath !== (mappingKeyOf(mapping) || '(none)'));
  return noContent;
}

function writeV2(
  operation: string,
  method: Exclude<HttpMethod, 'GET'>,
  pattern: string,
  handle: (ctx: Ctx) => Reply,
): Route {
  return { service: 'apigatewayv2', operation, method, segments: pattern.split('/').filter(Boolean), handle };
}

const RESOURCE = '/restapis/{restApiId}/resources/{resourceId}';
const METHOD = `${RESOURCE}/methods/{httpMethod}`;

const WRITE_ROUTES: Route[] = [
  write('CreateDeployment', 'POST', '/restapis/{restApiId}/deployments', createDeployment),
  write('DeleteDeployment', 'DELETE', '/restapis/{restApiId}/deployments/{deploymentId}', deleteDeployment),
  write('UpdateStage', 'PATCH', '/restapis/{restApiId}/stages/{stageName}', updateStage),
  write('PutMethod', 'PUT', METHOD, putMethod),
  write('UpdateMethod', 'PATCH', METHOD, updateMethod),
  write('DeleteMethod', 'DELETE', METHOD, deleteMethod),
  write('PutIntegration', 'PUT', `${METHOD}/integration`, putIntegration),
  write('DeleteIntegration', 'DELETE', `${METHOD}/integration`, deleteIntegration),
  write('PutMethodResponse', 'PUT', `${METHOD}/responses/{statusCode}`, putMethodResponse),
  write('DeleteMethodResponse', 'DELETE', `${METHOD}/responses/{statusCode}`, deleteMethodResponse),
  write(
    'PutIntegrationResponse',
    'PUT',
    `${METHOD}/integration/responses/{statusCode}`,
    putIntegrationResponse,
  ),
  write(
    'DeleteIntegrationResponse',
    'DELETE',
    `${METHOD}/integration/responses/{statusCode}`,
    deleteIntegrationResponse,
  ),
  write(
    'PutGatewayResponse',
    'PUT',
    '/restapis/{restApiId}/gatewayresponses/{responseType}',
    putGatewayResponse,
  ),
  write(
    'DeleteGatewayResponse',
    'DELETE',
    '/restapis/{restApiId}/gatewayresponses/{responseType}',
    deleteGatewayResponse,
  ),
  write('CreateBasePathMapping', 'POST', '/domainnames/{domainName}/basepathmappings', createBasePathMapping),
  write(
    'DeleteBasePathMapping',
    'DELETE',
    '/domainnames/{domainName}/basepathmappings/{basePath}',
    deleteBasePathMapping,
  ),
  write(
    'UpdateBasePathMapping',
    'PATCH',
    '/domainnames/{domainName}/basepathmappings/{basePath}',
    updateBasePathMapping,
  ),
  writeV2('CreateApiMapping', 'POST', '/v2/domainnames/{domainName}/apimappings', createApiMapping),
  writeV2(
    'UpdateApiMapping',
    'PATCH',
    '/v2/domainnames/{domainName}/apimappings/{apiMappingId}',
    updateApiMapping,
  ),
  writeV2(
    'DeleteApiMapping',
    'DELETE',
    '/v2/domainnames/{domainName}/apimappings/{apiMappingId}',
    deleteApiMapping,
  ),
];

const ROUTES: Route[] = [...READ_ROUTES, ...WRITE_ROUTES];

// ---------------------------------------------------------------------------------------------------
// SigV4

export interface Credential {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

export function parseAuthorization(header: string): Credential | string {
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
export function checkSignature(
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

function regionView(snapshot: Json, region: string, caller?: string): RegionView {
  const accounts = arr(snapshot.accounts);
  const holder =
    (caller ? accounts.find((a) => a.accountId === caller) : undefined) ??
    (caller ? { accountId: caller, regions: [] } : undefined) ??
    accounts.find((a) => arr(a.regions).some((r) => r.region === region)) ??
    accounts[0];
  const accountId = str(holder?.accountId) ?? DEFAULT_ACCOUNT;
  const data = arr(holder?.regions).find((r) => r.region === region) ?? { region };
  return new RegionView(accountId, region, data);
}

/** A fleet service's own errors (plain objects) as the fake's errors. */
function fleetCall(answer: () => Reply): Reply {
  try {
    return answer();
  } catch (error) {
    const e = error as FleetError;
    if (typeof e?.errorType === 'string') throw new FakeError(e.status, e.errorType, e.message);
    throw error;
  }
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
  assume?: (roleArn: string) => { xml: string } | FleetError,
): { operation: string; reply: () => Reply } {
  const form = Query.parse(body.toString('utf8'));
  const action = form.first('Action') ?? '';
  return {
    operation: action || 'Unknown',
    reply: () => {
      if (action === 'AssumeRole' && assume && form.first('Version') === '2011-06-15') {
        const result = assume(form.first('RoleArn') ?? '');
        if (!('xml' in result)) throw new FakeError(result.status, result.errorType, result.message);
        return {
          status: 200,
          headers: { 'content-type': 'text/xml' },
          body:
            `<AssumeRoleResponse xmlns="${STS_NS}">${result.xml}` +
            `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
        };
      }
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
  const writes: FakeCall[] = [];
  const state: FakeState = { deploymentExports: new WeakMap() };
  const started = performance.now();
  const faults = (options.faults ?? []).map((f) => ({
    ...f,
    left: f.times ?? Infinity,
    skipLeft: f.skip ?? 0,
  }));
  const denied = options.denied ?? [];
  const latency = options.latencyMs ?? 0;
  const createDeploymentSeconds = options.quotaCreateDeployment ?? 5;
  const buckets = new Map<string, { all: Bucket; getResources: Bucket; createDeployment?: Bucket }>();
  /** Access key ids of the temporary credentials AssumeRole handed out → their account. */
  const issuedKeys = new Map<string, string>();
  const accountOfKey = (key: string): string | undefined => options.accessKeys?.[key] ?? issuedKeys.get(key);

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
    const fleet = fleetServiceOf(method, path, req.headers['x-amz-target'] as string | undefined);
    const service: Service = fleet?.service ?? serviceOf(method, path) ?? 'apigateway';
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
    if (method !== 'GET' && service !== 'sts' && !fleet) {
      writes.push(call);
      try {
        const parsed = parseJsonBody(body);
        if (Object.keys(parsed).length > 0) call.body = parsed;
      } catch {
        call.body = body.toString('utf8');
      }
    }

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
      reply = fleet
        ? fleetErrorReply(fleet.service, fake, fake.headers)
        : errorReply(service, fake, requestId);
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
      if (fleet) operation = fleet.operation;
      else if (service !== 'sts') {
        const found = matchRoute(service as 'apigateway' | 'apigatewayv2', method, segments);
        if (found) {
          operation = found.route.operation;
          params = found.params;
          routeHandler = found.route.handle;
        }
      }
      const authorization = req.headers.authorization;
      const credential = typeof authorization === 'string' ? parseAuthorization(authorization) : undefined;
      const region = typeof credential === 'object' ? credential.region : '';
      const callerAccount = typeof credential === 'object' ? accountOfKey(credential.accessKeyId) : undefined;
      const view = regionView(options.snapshot, region, callerAccount);
      if (service === 'sts') {
        sts = stsReply(view, body, requestId, (roleArn) =>
          assumeRole(roleArn, options.snapshot, options, issuedKeys),
        );
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
      const signingName = service === 'apigatewayv2' ? 'apigateway' : service;
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
      if (
        (service === 'apigateway' || service === 'apigatewayv2') &&
        options.disabledRegions?.[view.accountId]?.includes(credential.region)
      ) {
        // AWS's answer in a region the account has not enabled: the token is not valid there.
        throw new FakeError(
          403,
          'UnrecognizedClientException',
          'The security token included in the request is invalid.',
        );
      }
      if (
        (service === 'apigateway' || service === 'apigatewayv2') &&
        options.deniedRegions?.[view.accountId]?.includes(credential.region)
      ) {
        throw new FakeError(
          403,
          'AccessDeniedException',
          `User: arn:aws:sts::${view.accountId}:assumed-role/scan/apigw-doctor-scan is not authorized to perform: apigateway:${method} on resource: arn:aws:apigateway:${credential.region}::${path} with an explicit deny`,
        );
      }
      if (denied.some((d) => operationMatches(d, service, operation))) {
        const action = service === 'sts' || fleet ? `${service}:${operation}` : `apigateway:${method}`;
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
      // `skip`: each fault lets that many of its matching calls through first (fails the n-th call).
      let fault: (typeof faults)[number] | undefined;
      for (const f of faults) {
        if (f.left <= 0 || !operationMatches(f.operation, service, operation)) continue;
        if (f.skipLeft > 0) f.skipLeft -= 1;
        else fault ??= f;
      }
      const fire = (f: NonNullable<typeof fault>): FakeError => {
        f.left -= 1;
        return new FakeError(
          f.status,
          f.errorType,
          f.message,
          f.status === 429 ? { 'retry-after': '1' } : {},
        );
      };
      if (fault && !fault.failAfterMutation) throw fire(fault);
      if (options.enforceQuotas && (service === 'apigateway' || service === 'apigatewayv2')) {
        let account = buckets.get(view.accountId);
        if (!account) {
          account = { all: new Bucket(40, 10), getResources: new Bucket(5, 2.5) };
          if (createDeploymentSeconds > 0)
            account.createDeployment = new Bucket(1, 1 / createDeploymentSeconds);
          buckets.set(view.accountId, account);
        }
        const now = performance.now();
        const isGetResources = service === 'apigateway' && operation === 'GetResources';
        const deploymentBucket =
          service === 'apigateway' && operation === 'CreateDeployment' ? account.createDeployment : undefined;
        const wait = Math.max(
          account.all.wait(now),
          isGetResources ? account.getResources.wait(now) : 0,
          deploymentBucket ? deploymentBucket.wait(now) : 0,
        );
        if (wait > 0) {
          throw new FakeError(429, 'TooManyRequestsException', 'Too Many Requests', {
            'retry-after': String(Math.max(1, Math.ceil(wait))),
          });
        }
        account.all.take();
        if (isGetResources) account.getResources.take();
        deploymentBucket?.take();
      }

      const result = sts
        ? sts.reply()
        : fleet
          ? fleetCall(() =>
              fleetReply(
                fleet.service,
                fleet.operation,
                body,
                view.accountId,
                credential.region,
                options.snapshot,
                options,
              ),
            )
          : routeHandler!({
              view,
              query,
              params,
              headers: req.headers,
              body: method === 'GET' ? {} : parseJsonBody(body),
              state,
            });
      // failAfterMutation: the call took effect (a call failing on its own threw above), the answer is lost.
      if (fault) throw fire(fault);
      return result;
    }
  }

  const { url, close } = await listenLoopback(handle);
  return {
    url,
    calls,
    writes,
    close,
  };
}
