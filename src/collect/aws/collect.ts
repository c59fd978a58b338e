import { classifyEndpoint, parseUrl } from '../../simulate/endpoint.js';
import { routeDomain } from '../../simulate/simulate.js';
import { splitRequestPath } from '../../simulate/router/rest-router.js';
import { inventoryFromSnapshot } from '../../sources/snapshot.js';
import { InputError } from '../../model/errors.js';
import { AwsSession, errorName, fatalAwsError } from './session.js';

/**
 * The live collector: reads what a diagnosis needs from API Gateway's management API, in as few
 * sequential rounds as possible, and returns it in the snapshot format (every leaf the verbatim SDK
 * output), so that live and offline diagnoses share one model and any run can be replayed.
 */

type Json = Record<string, unknown>;

export interface CollectProblem {
  operation: string;
  /** The ARN the call was about (for least-privilege findings). */
  resource: string;
  code: string;
  message: string;
}

export interface RegionEntry extends Json {
  region: string;
}

export interface Collection {
  snapshot: Json;
  problems: CollectProblem[];
}

const NOT_FOUND = Symbol('not found');
type Maybe<T> = T | undefined | typeof NOT_FOUND;

const DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
  'ForbiddenException',
]);

/** SDK output → snapshot leaf: no $metadata, dates as ISO strings, export bodies parsed. */
export function clean(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (Array.isArray(value)) return value.map(clean);
  if (typeof value === 'object' && value !== null) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '$metadata' || v === undefined) continue;
      out[k] = clean(v);
    }
    return out;
  }
  return value;
}

function arn(region: string, path: string): string {
  return `arn:aws:apigateway:${region}::${path}`;
}

export class Collector {
  readonly problems: CollectProblem[] = [];

  constructor(readonly session: AwsSession) {}

  /** One call: NotFound becomes NOT_FOUND, AccessDenied a problem (undefined); the rest ends the run. */
  async #try<T>(
    operation: string,
    region: string,
    resourcePath: string,
    send: () => Promise<T>,
  ): Promise<Maybe<T>> {
    try {
      return await send();
    } catch (error) {
      // Already classified (e.g. the credential chain failed): end the run with it.
      if (typeof (error as { exitCode?: unknown }).exitCode === 'number') throw error;
      const name = errorName(error);
      if (name === 'NotFoundException') return NOT_FOUND;
      if (
        DENIED.has(name) ||
        (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 403
      ) {
        if (name !== 'MissingAuthenticationTokenException' && !/signature|token/i.test(name)) {
          this.problems.push({
            operation,
            resource: arn(region, resourcePath),
            code: name,
            message: ((error as Error).message ?? '').split('\n')[0] ?? '',
          });
          return undefined;
        }
      }
      if (name === 'BadRequestException' && operation === 'ListRoutingRules') return undefined;
      const fatal = fatalAwsError(error, `calling ${operation} in ${region}`);
      // Credentials, throttling beyond retries and an unreachable endpoint end the run; any other
      // failure of one call (an operation an emulator lacks, a 5xx) only leaves its part unchecked.
      if (fatal.exitCode === 4 || /throttled|cannot reach/.test(fatal.message)) throw fatal;
      this.problems.push({
        operation,
        resource: arn(region, resourcePath),
        code: name,
        message: ((error as Error).message ?? '').split('\n')[0] ?? '',
      });
      return undefined;
    }
  }

  /** An API that does not exist: the failures of its other calls say nothing more. */
  #forget(region: string, base: string): typeof NOT_FOUND {
    const prefix = arn(region, base);
    for (let i = this.problems.length - 1; i >= 0; i--) {
      if (this.problems[i]!.resource.startsWith(prefix)) this.problems.splice(i, 1);
    }
    return NOT_FOUND;
  }

  /**
   * REST API: everything the rules read, in one round (the stage export gives the deployed routes).
   * `listed` (the fleet scan): the API as GetRestApis listed it, so GetRestApi is skipped; the scan
   * reads what its checks need and no more: every stage's deployment (apisummary), no authorizers, no exports.
   */
  async restApi(
    region: string,
    apiId: string,
    stageHint: string | undefined,
    full: boolean,
    listed?: Json,
  ): Promise<Json | typeof NOT_FOUND> {
    const sdk = await import('@aws-sdk/client-api-gateway');
    const client = await this.session.apigateway(region);
    const base = `/restapis/${apiId}`;
    const resources = async (): Promise<Json> => {
      const items: unknown[] = [];
      for await (const page of sdk.paginateGetResources(
        { client, pageSize: 500 },
        { restApiId: apiId, embed: ['methods'], limit: 500 },
      )) {
        items.push(...(page.items ?? []));
      }
      return { items };
    };
    const [restApi, resourceList, stages, gatewayResponses, authorizers, hintedExport] = await Promise.all([
      listed
        ? Promise.resolve(listed)
        : this.#try('GetRestApi', region, base, () =>
            client.send(new sdk.GetRestApiCommand({ restApiId: apiId })),
          ),
      this.#try('GetResources', region, `${base}/resources`, resources),
      this.#try('GetStages', region, `${base}/stages`, () =>
        client.send(new sdk.GetStagesCommand({ restApiId: apiId })),
      ),
      this.#try('GetGatewayResponses', region, `${base}/gatewayresponses`, () =>
        client.send(new sdk.GetGatewayResponsesCommand({ restApiId: apiId, limit: 500 })),
      ),
      listed
        ? Promise.resolve(undefined)
        : this.#try('GetAuthorizers', region, `${base}/authorizers`, () =>
            client.send(new sdk.GetAuthorizersCommand({ restApiId: apiId, limit: 500 })),
          ),
      stageHint ? this.#export(sdk, client, region, apiId, stageHint) : Promise.resolve(undefined),
    ]);
    if (restApi === NOT_FOUND) return this.#forget(region, base);
    const entry: Json = {};
    if (restApi) entry.restApi = clean(restApi);
    else entry.restApi = { id: apiId };
    if (resourceList && resourceList !== NOT_FOUND) entry.resources = clean(resourceList);
    if (stages && stages !== NOT_FOUND) entry.stages = clean(stages);
    if (gatewayResponses && gatewayResponses !== NOT_FOUND) entry.gatewayResponses = clean(gatewayResponses);
    if (authorizers && authorizers !== NOT_FOUND) entry.authorizers = clean(authorizers);
    const exports: Json = {};
    if (stageHint && hintedExport && hintedExport !== NOT_FOUND) exports[stageHint] = hintedExport;

    // A second round only when needed: a canary's deployment, or (snapshots) every stage in full.
    const stageItems = ((entry.stages as Json | undefined)?.item as Json[] | undefined) ?? [];
    const wanted = new Set<string>();
    for (const stage of stageItems) {
      const canary = stage.canarySettings as Json | undefined;
      if (typeof canary?.deploymentId === 'string' && (full || listed || stage.stageName === stageHint))
        wanted.add(canary.deploymentId);
      if ((full || listed) && typeof stage.deploymentId === 'string') wanted.add(stage.deploymentId);
    }
    const missingExports =
      full && !listed ? stageItems.map((s) => String(s.stageName)).filter((s) => !(s in exports)) : [];
    if (wanted.size > 0 || missingExports.length > 0) {
      this.session.round++;
      const [deployments, more] = await Promise.all([
        Promise.all(
          [...wanted].map((deploymentId) =>
            this.#try('GetDeployment', region, `${base}/deployments/${deploymentId}`, () =>
              client.send(
                new sdk.GetDeploymentCommand({ restApiId: apiId, deploymentId, embed: ['apisummary'] }),
              ),
            ),
          ),
        ),
        Promise.all(missingExports.map((stage) => this.#export(sdk, client, region, apiId, stage))),
      ]);
      entry.deployments = deployments.filter((d) => d && d !== NOT_FOUND).map(clean);
      missingExports.forEach((stage, i) => {
        const exported = more[i];
        if (exported && exported !== NOT_FOUND) exports[stage] = exported;
      });
    }
    if (Object.keys(exports).length > 0) entry.exports = exports;
    return entry;
  }

  async #export(
    sdk: typeof import('@aws-sdk/client-api-gateway'),
    client: import('@aws-sdk/client-api-gateway').APIGatewayClient,
    region: string,
    apiId: string,
    stage: string,
  ): Promise<Maybe<Json>> {
    const out = await this.#try('GetExport', region, `/restapis/${apiId}/stages/${stage}/exports/oas30`, () =>
      client.send(
        new sdk.GetExportCommand({
          restApiId: apiId,
          stageName: stage,
          exportType: 'oas30',
          parameters: { extensions: 'apigateway' },
          accepts: 'application/json',
        }),
      ),
    );
    if (!out || out === NOT_FOUND) return out as Maybe<Json>;
    try {
      return JSON.parse(new TextDecoder().decode(out.body)) as Json;
    } catch {
      return undefined;
    }
  }

  /**
   * HTTP or WebSocket API: one round of six calls. `listed` (the fleet scan): the API as GetApis listed
   * it; then only routes, stages and deployments are read (three calls).
   */
  async httpApi(region: string, apiId: string, listed?: Json): Promise<Json | typeof NOT_FOUND> {
    const sdk = await import('@aws-sdk/client-apigatewayv2');
    const client = await this.session.apigatewayv2(region);
    const base = `/apis/${apiId}`;
    // apigatewayv2 has no paginators for these: follow NextToken by hand.
    const all = async <T extends { Items?: unknown[]; NextToken?: string }>(
      page: (token?: string) => Promise<T>,
    ): Promise<Json> => {
      const items: unknown[] = [];
      let token: string | undefined;
      do {
        const out = await page(token);
        items.push(...(out.Items ?? []));
        token = out.NextToken;
      } while (token);
      return { Items: items };
    };
    const [api, routes, stages, deployments, integrations, authorizers] = await Promise.all([
      listed
        ? Promise.resolve(listed)
        : this.#try('GetApi', region, base, () => client.send(new sdk.GetApiCommand({ ApiId: apiId }))),
      this.#try('GetRoutes', region, `${base}/routes`, () =>
        all((t) => client.send(new sdk.GetRoutesCommand({ ApiId: apiId, MaxResults: '500', NextToken: t }))),
      ),
      this.#try('GetStages', region, `${base}/stages`, () =>
        all((t) => client.send(new sdk.GetStagesCommand({ ApiId: apiId, MaxResults: '500', NextToken: t }))),
      ),
      this.#try('GetDeployments', region, `${base}/deployments`, () =>
        all((t) =>
          client.send(new sdk.GetDeploymentsCommand({ ApiId: apiId, MaxResults: '500', NextToken: t })),
        ),
      ),
      listed
        ? Promise.resolve(undefined)
        : this.#try('GetIntegrations', region, `${base}/integrations`, () =>
            all((t) =>
              client.send(new sdk.GetIntegrationsCommand({ ApiId: apiId, MaxResults: '500', NextToken: t })),
            ),
          ),
      listed
        ? Promise.resolve(undefined)
        : this.#try('GetAuthorizers', region, `${base}/authorizers`, () =>
            all((t) =>
              client.send(new sdk.GetAuthorizersCommand({ ApiId: apiId, MaxResults: '500', NextToken: t })),
            ),
          ),
    ]);
    if (api === NOT_FOUND) return this.#forget(region, base);
    const entry: Json = { api: api ? clean(api) : { ApiId: apiId } };
    const put = (key: string, value: Maybe<Json>) => {
      if (value && value !== NOT_FOUND) entry[key] = clean(value);
    };
    put('routes', routes);
    put('stages', stages);
    put('deployments', deployments);
    put('integrations', integrations);
    put('authorizers', authorizers);
    return entry;
  }

  /**
   * A custom domain: its REST base path mappings, HTTP/REST API mappings and routing rules.
   * `listed` (the fleet scan): the domain as GetDomainNames listed it, so GetDomainName is skipped.
   */
  async domain(region: string, name: string, listed?: Json): Promise<Json | typeof NOT_FOUND> {
    const [v1, v2] = await Promise.all([
      import('@aws-sdk/client-api-gateway'),
      import('@aws-sdk/client-apigatewayv2'),
    ]);
    const [c1, c2] = await Promise.all([this.session.apigateway(region), this.session.apigatewayv2(region)]);
    const base = `/domainnames/${name}`;
    const [domainName, basePathMappings, apiMappings, routingRules] = await Promise.all([
      listed
        ? Promise.resolve(listed)
        : this.#try('GetDomainName', region, base, () =>
            c1.send(new v1.GetDomainNameCommand({ domainName: name })),
          ),
      this.#try('GetBasePathMappings', region, `${base}/basepathmappings`, () =>
        c1.send(new v1.GetBasePathMappingsCommand({ domainName: name, limit: 500 })),
      ),
      this.#try('GetApiMappings', region, `${base}/apimappings`, () =>
        c2.send(new v2.GetApiMappingsCommand({ DomainName: name, MaxResults: '500' })),
      ),
      this.#try('ListRoutingRules', region, `${base}/routingrules`, () =>
        c2.send(new v2.ListRoutingRulesCommand({ DomainName: name })),
      ),
    ]);
    if (domainName === NOT_FOUND) return NOT_FOUND;
    const entry: Json = { domainName: domainName ? clean(domainName) : { domainName: name } };
    if (basePathMappings && basePathMappings !== NOT_FOUND) entry.basePathMappings = clean(basePathMappings);
    if (apiMappings && apiMappings !== NOT_FOUND) entry.apiMappings = clean(apiMappings);
    if (routingRules && routingRules !== NOT_FOUND) entry.routingRules = clean(routingRules);
    return entry;
  }

  /** The region's API lists (for "no such API; did you mean"). */
  async listings(region: string): Promise<Json> {
    const [v1, v2] = await Promise.all([
      import('@aws-sdk/client-api-gateway'),
      import('@aws-sdk/client-apigatewayv2'),
    ]);
    const [c1, c2] = await Promise.all([this.session.apigateway(region), this.session.apigatewayv2(region)]);
    const [rest, http] = await Promise.all([
      this.#try('GetRestApis', region, '/restapis', async () => {
        const items: unknown[] = [];
        for await (const page of v1.paginateGetRestApis({ client: c1, pageSize: 500 }, { limit: 500 }))
          items.push(...(page.items ?? []));
        return { items };
      }),
      this.#try('GetApis', region, '/apis', async () => {
        const items: unknown[] = [];
        let token: string | undefined;
        do {
          const out = await c2.send(new v2.GetApisCommand({ MaxResults: '500', NextToken: token }));
          items.push(...(out.Items ?? []));
          token = out.NextToken;
        } while (token);
        return { Items: items };
      }),
    ]);
    const out: Json = {};
    if (rest && rest !== NOT_FOUND) out.restApiList = clean(rest);
    if (http && http !== NOT_FOUND) out.httpApiList = clean(http);
    return out;
  }

  /** Every custom domain name of the region (REST and HTTP share them). */
  async domainNames(region: string): Promise<string[]> {
    return (await this.domainList(region)).map((d) => String(d.domainName));
  }

  /** Every custom domain of the region as GetDomainNames lists it (snapshot leaves). */
  async domainList(region: string): Promise<Json[]> {
    const v1 = await import('@aws-sdk/client-api-gateway');
    const client = await this.session.apigateway(region);
    const domains = await this.#try('GetDomainNames', region, '/domainnames', async () => {
      const out: Json[] = [];
      for await (const page of v1.paginateGetDomainNames({ client, pageSize: 500 }, { limit: 500 })) {
        for (const d of page.items ?? []) if (d.domainName) out.push(clean(d) as Json);
      }
      return out;
    });
    return domains && domains !== NOT_FOUND ? domains : [];
  }

  /** API keys (values only in memory unless asked) and usage plans with their keys. */
  async apiKeys(region: string, includeValues: boolean): Promise<Json> {
    const sdk = await import('@aws-sdk/client-api-gateway');
    const client = await this.session.apigateway(region);
    const [keys, plans] = await Promise.all([
      this.#try('GetApiKeys', region, '/apikeys', () =>
        client.send(new sdk.GetApiKeysCommand({ includeValues, limit: 500 })),
      ),
      this.#try('GetUsagePlans', region, '/usageplans', () =>
        client.send(new sdk.GetUsagePlansCommand({ limit: 500 })),
      ),
    ]);
    const out: Json = {};
    if (keys && keys !== NOT_FOUND) out.apiKeys = clean(keys);
    if (plans && plans !== NOT_FOUND) {
      out.usagePlans = clean(plans);
      this.session.round++;
      const planIds = (plans.items ?? []).map((p) => p.id).filter((id): id is string => Boolean(id));
      const planKeys = await Promise.all(
        planIds.map((id) =>
          this.#try('GetUsagePlanKeys', region, `/usageplans/${id}/keys`, () =>
            client.send(new sdk.GetUsagePlanKeysCommand({ usagePlanId: id, limit: 500 })),
          ),
        ),
      );
      out.usagePlanKeys = Object.fromEntries(
        planIds.flatMap((id, i) => {
          const value = planKeys[i];
          return value && value !== NOT_FOUND ? [[id, clean(value)]] : [];
        }),
      );
    }
    return out;
  }
}

export function envelope(regions: RegionEntry[], accountId?: string): Json {
  const account: Json = { regions };
  if (accountId) account.accountId = accountId;
  return {
    apigwDoctorSnapshot: 1,
    capturedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    capturedBy: 'apigw-doctor',
    accounts: [account],
  };
}

/** Everything one URL's diagnosis needs, read live. */
export async function collectForUrl(
  session: AwsSession,
  url: string,
  headers: Record<string, string>,
  defaultRegion: string | undefined,
): Promise<Collection> {
  const collector = new Collector(session);
  const endpoint = classifyEndpoint(parseUrl(url), headers);
  const region =
    ('region' in endpoint && endpoint.region ? endpoint.region : undefined) ??
    defaultRegion ??
    session.options.region;
  if (endpoint.kind === 'aws-service') return { snapshot: envelope([]), problems: [] };
  if (!region) {
    throw new InputError(
      `the URL does not name a region (${endpoint.kind === 'custom-domain' ? 'a custom domain' : 'LocalStack'}): pass --region`,
    );
  }
  // Credentials first: a missing or expired one is one clear error before any call.
  await (
    await session.credentials()
  )();
  const entry: RegionEntry = { region };
  const api = async (apiId: string, stageHint: string | undefined): Promise<void> => {
    const rest = await collector.restApi(region, apiId, stageHint, false);
    if (rest !== NOT_FOUND) {
      entry.restApis = [...((entry.restApis as Json[] | undefined) ?? []), rest];
      return;
    }
    session.round++;
    const http = await collector.httpApi(region, apiId);
    if (http !== NOT_FOUND) {
      entry.httpApis = [...((entry.httpApis as Json[] | undefined) ?? []), http];
      return;
    }
    // Neither: list the region's APIs, so the diagnosis can say so and suggest close ids.
    session.round++;
    Object.assign(entry, await collector.listings(region));
  };
  if (endpoint.kind === 'execute-api' || endpoint.kind === 'vpce-dns') {
    if (!endpoint.apiId) return { snapshot: envelope([entry]), problems: [] };
    await api(endpoint.apiId, splitRequestPath(endpoint.path)[0]);
  } else {
    const domain = await collector.domain(region, endpoint.host);
    if (domain !== NOT_FOUND) {
      entry.domainNames = [domain];
      const model = inventoryFromSnapshot(envelope([{ region, domainNames: [domain] }]), 'live').domains[0];
      const routed = model ? routeDomain(model, endpoint.path, headers) : undefined;
      const target = routed?.mapping ?? routed?.rule;
      if (target) {
        session.round++;
        await api(target.apiId, target.stage);
      } else if (model) {
        // No mapping serves the path: read the APIs the domain maps, so the fix can name the one
        // that would serve it.
        session.round++;
        const ids = [...new Set(model.mappings.map((m) => m.apiId))].slice(0, 3);
        await Promise.all(ids.map((id) => api(id, undefined)));
      }
    }
  }
  return { snapshot: envelope([entry]), problems: collector.problems };
}

export { NOT_FOUND };

export interface SnapshotTarget {
  apiIds: string[];
  domains: string[];
  all: boolean;
  regions: string[];
  includeApiKeyValues: boolean;
}

/** Runs `tasks` with at most `limit` at a time (the management API allows 10 requests/s per account). */
async function limited<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

/** `apigw-doctor snapshot`: whole APIs (every stage's deployment and export), domains and keys. */
export async function collectSnapshot(session: AwsSession, target: SnapshotTarget): Promise<Collection> {
  const collector = new Collector(session);
  const regions: RegionEntry[] = [];
  for (const region of target.regions) {
    const entry: RegionEntry = { region };
    let restIds: string[] = [];
    let httpIds: string[] = [];
    let domains = target.domains;
    const unknownIds: string[] = [];
    if (target.all) {
      const [lists, domainList] = await Promise.all([
        collector.listings(region),
        collector.domainNames(region),
      ]);
      Object.assign(entry, lists);
      restIds = (((lists.restApiList as Json | undefined)?.items as Json[] | undefined) ?? []).map((a) =>
        String(a.id),
      );
      httpIds = (((lists.httpApiList as Json | undefined)?.Items as Json[] | undefined) ?? []).map((a) =>
        String(a.ApiId),
      );
      domains = [...new Set([...domains, ...domainList])];
      session.round++;
    }
    const restApis: Json[] = [];
    const httpApis: Json[] = [];
    await limited(4, [
      ...restIds.map((id) => async () => {
        const api = await collector.restApi(region, id, undefined, true);
        if (api !== NOT_FOUND) restApis.push(api);
      }),
      ...httpIds.map((id) => async () => {
        const api = await collector.httpApi(region, id);
        if (api !== NOT_FOUND) httpApis.push(api);
      }),
      ...target.apiIds.map((id) => async () => {
        const rest = await collector.restApi(region, id, undefined, true);
        if (rest !== NOT_FOUND) return void restApis.push(rest);
        const http = await collector.httpApi(region, id);
        if (http !== NOT_FOUND) return void httpApis.push(http);
        unknownIds.push(id);
      }),
    ]);
    const domainEntries = (
      await limited(
        4,
        domains.map((name) => () => collector.domain(region, name)),
      )
    ).filter((d): d is Json => d !== NOT_FOUND);
    if (restApis.length)
      entry.restApis = restApis.sort((a, b) =>
        String((a.restApi as Json).id).localeCompare(String((b.restApi as Json).id)),
      );
    if (httpApis.length) entry.httpApis = httpApis;
    if (domainEntries.length) entry.domainNames = domainEntries;
    if (target.all || restApis.length)
      Object.assign(entry, await collector.apiKeys(region, target.includeApiKeyValues));
    if (unknownIds.length && target.regions.length === 1) {
      throw new InputError(`no REST or HTTP API ${unknownIds.join(', ')} in ${region}`);
    }
    if (restApis.length || httpApis.length || domainEntries.length || target.all) regions.push(entry);
  }
  if (!target.includeApiKeyValues) {
    for (const region of regions) {
      for (const key of ((region.apiKeys as Json | undefined)?.items as Json[] | undefined) ?? [])
        delete key.value;
    }
  }
  return { snapshot: envelope(regions), problems: collector.problems };
}
