import type {
  ApiModel,
  HttpApiModel,
  IntegrationConfig,
  ResourceConfig,
  RestApiModel,
  RestStage,
} from '../model/types.js';
import { RestRouter, splitRequestPath } from '../simulate/router/rest-router.js';
import type { Simulation } from '../simulate/types.js';
import type { RuleContext } from './rule.js';

/** Quotes a shell word only when it needs it. */
export function sh(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function awsCli(
  service: 'apigateway' | 'apigatewayv2',
  operation: string,
  args: Record<string, string | undefined>,
  region: string,
): string {
  const parts = ['aws', service, operation];
  for (const [name, value] of Object.entries(args)) {
    if (value === undefined) continue;
    parts.push(`--${name}`);
    if (value !== '') parts.push(sh(value));
  }
  parts.push('--region', sh(region));
  return parts.join(' ');
}

export function regionOf(ctx: RuleContext): string {
  return ctx.region;
}

export function restApi(sim: Simulation): RestApiModel | undefined {
  return sim.api?.kind === 'REST' ? sim.api : undefined;
}

export function restStage(sim: Simulation): RestStage | undefined {
  return sim.api?.kind === 'REST' ? (sim.stage as RestStage | undefined) : undefined;
}

/** The request's own URL with another path (scheme and host kept). */
export function urlWithPath(sim: Simulation, path: string): string {
  const scheme = /^(https?|wss?):\/\//i.exec(sim.request.url)?.[1]?.toLowerCase() ?? 'https';
  const port = /^[a-z]+:\/\/[^/?#]*?(:\d+)(?=[/?#]|$)/i.exec(sim.request.url)?.[1] ?? '';
  const endpoint = sim.endpoint;
  if (endpoint.kind === 'execute-api' && endpoint.flavor === 'localstack-path') {
    const [stage, ...rest] = splitRequestPath(path);
    return `${scheme}://${sim.request.host}${port}/restapis/${endpoint.apiId}/${stage ?? ''}/_user_request_/${rest.join('/')}${query(sim)}`;
  }
  return `${scheme}://${sim.request.host}${port}${path.startsWith('/') ? path : `/${path}`}${query(sim)}`;
}

function query(sim: Simulation): string {
  return sim.request.query ? `?${sim.request.query}` : '';
}

export function executeApiUrl(api: ApiModel, stage: string | undefined, path: string): string {
  const stagePart = stage && stage !== '$default' ? `/${stage}` : '';
  return `https://${api.id}.execute-api.${api.region ?? '{region}'}.amazonaws.com${stagePart}${path.startsWith('/') ? path : `/${path}`}`;
}

const REPEATABLE_HEADERS = new Set([
  'accept',
  'content-type',
  'origin',
  'access-control-request-method',
  'access-control-request-headers',
  'x-apigw-api-id',
  'upgrade',
]);

/** A curl line that repeats the request (secrets as shell variables, never values). */
export function curlFor(sim: Simulation, url = sim.request.url, extra: string[] = []): string {
  const parts = ['curl', '-i'];
  if (sim.request.method !== 'GET') parts.push('-X', sim.request.method);
  // Only headers that carry no credential are repeated; tokens go in as shell variables.
  for (const [name, value] of Object.entries(sim.request.headers)) {
    if (REPEATABLE_HEADERS.has(name)) parts.push('-H', sh(`${name}: ${value}`));
  }
  if (sim.request.headers.authorization !== undefined) parts.push('-H', '"Authorization: $TOKEN"');
  if (sim.request.headers['x-api-key'] !== undefined) parts.push('-H', '"x-api-key: $API_KEY"');
  parts.push(...extra, sh(url));
  return parts.join(' ');
}

export function describeRoute(method: string, path: string): string {
  return `${method} ${path}`;
}

/** Levenshtein distance with an early exit above `max` (segments are short). */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

export interface RouteSuggestion {
  method: string;
  resourcePath: string;
  /** A concrete path to call (template parameters filled from the request where possible). */
  path: string;
  reason: 'case' | 'typo' | 'stage-repeated' | 'method' | 'extra-segment' | 'missing-segment';
  note: string;
}

/**
 * The deployed routes closest to a missed request: same path in another case, a one-or-two letter
 * typo in a segment, the stage name repeated, or the right path with another method.
 */
export function suggestRoutes(
  resources: readonly ResourceConfig[],
  method: string,
  path: string,
  stageName?: string,
): RouteSuggestion[] {
  const segments = splitRequestPath(path);
  const router = new RestRouter(resources);
  const out: RouteSuggestion[] = [];
  const seen = new Set<string>();
  const add = (s: RouteSuggestion): void => {
    const key = `${s.method} ${s.resourcePath} ${s.path}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(s);
    }
  };
  const tryPath = (candidate: string[], reason: RouteSuggestion['reason'], note: string): void => {
    const candidatePath = '/' + candidate.join('/');
    const match = router.match(method, candidatePath);
    if (match) add({ method, resourcePath: match.resource.path, path: candidatePath, reason, note });
  };
  if (stageName && segments[0] === stageName) {
    tryPath(segments.slice(1), 'stage-repeated', `the stage name "${stageName}" appears twice`);
  }
  // The same path in another case: segments compared case-insensitively.
  for (const resource of resources) {
    const template = splitRequestPath(resource.path);
    if (template.length !== segments.length || template.length === 0) continue;
    let caseOnly = true;
    let typos = 0;
    const filled: string[] = [];
    for (let i = 0; i < template.length; i++) {
      const t = template[i]!;
      const s = segments[i]!;
      if (t.startsWith('{')) {
        filled.push(s);
        continue;
      }
      filled.push(t);
      if (t === s) continue;
      if (t.toLowerCase() !== s.toLowerCase()) caseOnly = false;
      typos += editDistance(t.toLowerCase(), s.toLowerCase(), 2);
    }
    const served = Object.keys(resource.methods);
    const serves = served.includes(method) || served.includes('ANY');
    if (!serves) continue;
    const candidate = '/' + filled.join('/');
    if (candidate === '/' + segments.join('/')) continue;
    if (caseOnly)
      add({
        method,
        resourcePath: resource.path,
        path: candidate,
        reason: 'case',
        note: 'paths are case-sensitive',
      });
    else if (typos <= 2)
      add({
        method,
        resourcePath: resource.path,
        path: candidate,
        reason: 'typo',
        note: 'a spelling difference',
      });
  }
  if (segments.length > 0) {
    tryPath(segments.slice(0, -1), 'extra-segment', `without the last segment "${segments.at(-1)}"`);
  }
  for (const resource of router.resourcesForPath(path)) {
    for (const other of Object.keys(resource.methods)) {
      if (other !== method)
        add({
          method: other,
          resourcePath: resource.path,
          path: '/' + segments.join('/'),
          reason: 'method',
          note: `the route exists for ${other}`,
        });
    }
  }
  return out.slice(0, 6);
}

/** The resource a path would be created under, for put-method fixes. */
export function resourceId(api: RestApiModel | undefined, path: string): string | undefined {
  return api?.currentResources?.find((r) => r.path === path)?.id;
}

/** An HTTP API's routes in the REST resource shape, so the same suggestion code serves both. */
export function httpRoutesAsResources(api: HttpApiModel): ResourceConfig[] {
  const byPath = new Map<string, ResourceConfig>();
  for (const route of api.routes) {
    if (route.routeKey === '$default') continue;
    const [method = 'ANY', path = '/'] = route.routeKey.split(' ');
    let resource = byPath.get(path);
    if (!resource) byPath.set(path, (resource = { path, methods: {} }));
    resource.methods[method] = {
      httpMethod: method,
      authorizationType: route.authorizationType,
      apiKeyRequired: route.apiKeyRequired,
    };
  }
  return [...byPath.values()];
}

/**
 * The commands that give the root resource an ANY method like the one of /{proxy+} (which never matches
 * the root): put-method, put-integration when the integration is known, then a deployment of the stage.
 */
export function rootMethodCommands(
  api: RestApiModel,
  stageName: string,
  like: { authorizationType?: string; integration?: IntegrationConfig } | undefined,
  region: string,
  integrationHint: string,
): string[] {
  const rootId = resourceId(api, '/') ?? '{root-resource-id}';
  const integration = like?.integration;
  return [
    awsCli(
      'apigateway',
      'put-method',
      {
        'rest-api-id': api.id,
        'resource-id': rootId,
        'http-method': 'ANY',
        'authorization-type': like?.authorizationType ?? 'NONE',
      },
      region,
    ),
    integration?.uri
      ? awsCli(
          'apigateway',
          'put-integration',
          {
            'rest-api-id': api.id,
            'resource-id': rootId,
            'http-method': 'ANY',
            type: integration.type,
            'integration-http-method': integration.httpMethod ?? 'POST',
            uri: integration.uri,
          },
          region,
        )
      : `# then put-integration on ${integrationHint}`,
    awsCli('apigateway', 'create-deployment', { 'rest-api-id': api.id, 'stage-name': stageName }, region),
  ];
}
