import {
  BASIS_RANK,
  type ApiModel,
  type Basis,
  type DomainMapping,
  type DomainModel,
  type HttpApiModel,
  type Inventory,
  type ResourceConfig,
  type RestApiModel,
  type RestStage,
  type RoutingRule,
} from '../model/types.js';
import { redactHeaders, redactUrl } from '../model/redact.js';
import { classifyEndpoint, parseUrl, type Endpoint } from './endpoint.js';
import { evaluatePolicy, methodArn, globMatch, type PolicyRequest } from './policy.js';
import { httpApiError, plainError, renderGatewayResponse, type ResponseContext } from './responses.js';
import { HttpRouter } from './router/http-router.js';
import { RestRouter, splitRequestPath } from './router/rest-router.js';
import { incompleteSignatureMessage, parseAmzDate, readAuthorization } from './sigv4.js';
import type {
  GatewayRequest,
  OutcomeCode,
  PredictedResponse,
  RouteMatch,
  Simulation,
  TraceStep,
  TraceStepName,
} from './types.js';

/**
 * The gateway simulator: (inventory, request) → the answer API Gateway would give, the route that
 * serves it and a step-by-step trace. Pure: no I/O, no clock, no randomness.
 */
export function simulate(inventory: Inventory, request: GatewayRequest): Simulation {
  return new Run(inventory, request).run();
}

const routerCache = new WeakMap<readonly ResourceConfig[], RestRouter>();
function restRouter(resources: readonly ResourceConfig[]): RestRouter {
  let router = routerCache.get(resources);
  if (!router) routerCache.set(resources, (router = new RestRouter(resources)));
  return router;
}
const httpRouterCache = new WeakMap<HttpApiModel, HttpRouter>();
function httpRouter(api: HttpApiModel): HttpRouter {
  let router = httpRouterCache.get(api);
  if (!router) httpRouterCache.set(api, (router = new HttpRouter(api.routes)));
  return router;
}

class Run {
  readonly sim: Simulation;
  readonly headers: Record<string, string>;
  readonly method: string;
  readonly ctx: ResponseContext;
  done = false;

  constructor(
    readonly inventory: Inventory,
    readonly request: GatewayRequest,
  ) {
    this.headers = lowerCaseHeaders(request.headers ?? {});
    this.method = request.method.trim().toUpperCase();
    const url = parseUrl(request.url);
    const endpoint = classifyEndpoint(url, this.headers);
    this.sim = {
      request: {
        method: this.method,
        url: redactUrl(request.url),
        host: url.host,
        path: url.path,
        query: redactUrl(`?${url.query}`).slice(1),
        headers: redactHeaders(this.headers),
      },
      endpoint,
      route: null,
      outcome: 'UNKNOWN',
      response: null,
      basis: 'documented',
      trace: [],
      facts: {},
    };
    if (request.fromVpcEndpoint) this.sim.request.fromVpcEndpoint = request.fromVpcEndpoint;
    this.ctx = {
      method: this.method,
      url: request.url,
      path: url.path,
      domainName: url.host,
      headers: this.headers,
      stageVariables: {},
      edge: false,
    };
  }

  step(step: TraceStepName, result: TraceStep['result'], detail: string, basis: Basis = 'documented'): void {
    this.sim.trace.push({ step, result, detail, basis });
  }

  end(outcome: OutcomeCode, response: PredictedResponse | null): Simulation {
    this.sim.outcome = outcome;
    this.sim.response = response;
    this.done = true;
    return this.sim;
  }

  run(): Simulation {
    this.resolve();
    let weakest: Basis = 'documented';
    for (const s of this.sim.trace) {
      if (s.result !== 'info' && BASIS_RANK[s.basis] > BASIS_RANK[weakest]) weakest = s.basis;
    }
    if (weakest === 'documented' && this.sim.trace.some((s) => s.basis === 'recorded')) weakest = 'recorded';
    this.sim.basis = weakest;
    return this.sim;
  }

  resolve(): Simulation {
    const endpoint = this.sim.endpoint;
    switch (endpoint.kind) {
      case 'aws-service':
        return this.awsService(endpoint);
      case 'custom-domain':
        return this.customDomain(endpoint.host, endpoint.path);
      case 'vpce-dns': {
        this.step(
          'endpoint',
          'pass',
          `VPC endpoint public DNS name ${endpoint.vpceDns} in ${endpoint.region}`,
        );
        if (!endpoint.apiId) {
          this.step(
            'endpoint',
            'fail',
            'a VPC endpoint host name needs a Host: {api-id}.execute-api.{region}.amazonaws.com or x-apigw-api-id header to name the API',
          );
          return this.end(
            'VPCE_API_ID_MISSING',
            plainError(this.ctx, 403, 'Forbidden', 'ForbiddenException'),
          );
        }
        this.step('endpoint', 'pass', `API ${endpoint.apiId} named by the ${endpoint.apiIdFrom} header`);
        return this.executeApi(endpoint.apiId, endpoint.region, endpoint.path);
      }
      case 'execute-api': {
        const flavor =
          endpoint.flavor === 'aws'
            ? endpoint.vpceId
              ? `private API alias through ${endpoint.vpceId}`
              : 'execute-api endpoint'
            : 'LocalStack endpoint';
        this.step(
          'endpoint',
          'pass',
          `${flavor}: API ${endpoint.apiId}${endpoint.region ? ` in ${endpoint.region}` : ''}`,
        );
        return this.executeApi(endpoint.apiId, endpoint.region, endpoint.path);
      }
    }
  }

  awsService(endpoint: Extract<Endpoint, { kind: 'aws-service' }>): Simulation {
    this.step('endpoint', 'fail', `the host is ${endpoint.description}, not an API's invoke URL`);
    if (endpoint.service === 'apigateway-management') {
      // Unsigned calls to AWS's own REST endpoints answer Missing Authentication Token too.
      const response = plainError(
        this.ctx,
        403,
        'Missing Authentication Token',
        'MissingAuthenticationTokenException',
      );
      response.source = 'aws-service';
      this.step(
        'response',
        'fail',
        'an unsigned call to an AWS service endpoint is refused before any API is looked at',
        'community',
      );
      return this.end('AWS_SERVICE_ENDPOINT', response);
    }
    this.step('response', 'unknown', 'the answer comes from that service, not from API Gateway', 'inferred');
    return this.end('AWS_SERVICE_ENDPOINT', null);
  }

  findApi(apiId: string, region: string | undefined): ApiModel | undefined {
    const exact = this.inventory.apis.find(
      (a) => !a.placeholder && a.id === apiId && (!region || !a.region || a.region === region),
    );
    if (exact) return exact;
    const placeholder = this.inventory.apis.find((a) => a.placeholder);
    if (placeholder) {
      this.step(
        'api',
        'info',
        `the ${placeholder.origin} file does not say which API it is; taken to be API ${apiId}${region ? ` in ${region}` : ''}`,
        'inferred',
      );
      return { ...placeholder, id: apiId, region: region ?? placeholder.region } as ApiModel;
    }
    return undefined;
  }

  regionCovered(region: string | undefined): boolean {
    return this.inventory.coveredRegions.some((c) => region !== undefined && c.region === region);
  }

  executeApi(apiId: string, region: string | undefined, path: string): Simulation {
    const api = this.findApi(apiId, region);
    if (!api) {
      if (this.regionCovered(region)) {
        this.step(
          'api',
          'fail',
          `no API ${apiId} exists in ${region}: its host name does not resolve`,
          'inferred',
        );
        return this.end('NO_SUCH_HOST', null);
      }
      this.sim.facts.configUnknown = `the inputs hold no configuration for API ${apiId}${region ? ` in ${region}` : ''}`;
      this.step('api', 'unknown', this.sim.facts.configUnknown);
      return this.end('UNKNOWN', null);
    }
    this.sim.api = api;
    this.ctx.apiId = api.id;
    this.step('api', 'pass', `${api.kind} API ${api.id}${api.name ? ` (${api.name})` : ''}`);
    const endpoint = this.sim.endpoint;
    if (endpoint.kind === 'execute-api' && endpoint.flavor === 'aws' && api.disableExecuteApiEndpoint) {
      this.step('execute-api-endpoint', 'fail', 'the default execute-api endpoint is disabled for this API');
      if (api.kind === 'REST') {
        return this.end('ENDPOINT_DISABLED', plainError(this.ctx, 403, 'Forbidden', 'ForbiddenException'));
      }
      return this.end('ENDPOINT_DISABLED', httpApiError(this.ctx, 404, 'Not Found'));
    }
    if (api.kind === 'REST') {
      this.ctx.edge = api.endpointTypes.includes('EDGE') && endpoint.kind === 'execute-api';
      if (!this.network(api)) return this.sim;
      return this.restStage(api, path);
    }
    return this.httpStage(api, path);
  }

  /** Private APIs are reachable only through a VPC endpoint; public ones not through one. */
  network(api: RestApiModel): boolean {
    const endpoint = this.sim.endpoint;
    const isPrivate = api.endpointTypes.includes('PRIVATE');
    const viaVpce =
      this.request.fromVpcEndpoint !== undefined ||
      endpoint.kind === 'vpce-dns' ||
      (endpoint.kind === 'execute-api' && endpoint.vpceId !== undefined);
    if (isPrivate) {
      if (!viaVpce && endpoint.kind === 'execute-api' && endpoint.flavor === 'aws') {
        this.step(
          'network',
          'fail',
          'a private API is reachable only from a VPC through an execute-api interface endpoint; from elsewhere its host name does not resolve',
        );
        this.end('NO_SUCH_HOST', null);
        return false;
      }
      const vpce = this.sourceVpce();
      if (
        endpoint.kind === 'execute-api' &&
        endpoint.vpceId &&
        api.vpcEndpointIds.length > 0 &&
        !api.vpcEndpointIds.includes(endpoint.vpceId)
      ) {
        this.step(
          'network',
          'fail',
          `the alias host names ${endpoint.vpceId}, which is not associated with the API (associated: ${api.vpcEndpointIds.join(', ')}); that host name does not resolve`,
        );
        this.end('NO_SUCH_HOST', null);
        return false;
      }
      this.step('network', 'pass', `private API reached through ${vpce ?? 'a VPC endpoint'}`);
      return true;
    }
    if (viaVpce && endpoint.kind !== 'custom-domain') {
      this.step(
        'network',
        'fail',
        `a ${api.endpointTypes.join('/') || 'public'} API called through an execute-api VPC endpoint: with private DNS on, that endpoint only routes to private APIs`,
        'documented',
      );
      this.end('PUBLIC_API_VIA_VPCE', plainError(this.ctx, 403, 'Forbidden', 'ForbiddenException'));
      return false;
    }
    return true;
  }

  sourceVpce(): string | undefined {
    if (this.request.fromVpcEndpoint) return this.request.fromVpcEndpoint;
    const endpoint = this.sim.endpoint;
    if (endpoint.kind === 'execute-api' && endpoint.vpceId) return endpoint.vpceId;
    if (endpoint.kind === 'vpce-dns') return endpoint.vpceDns.replace(/-[a-z0-9]+$/, '');
    return undefined;
  }

  restStage(api: RestApiModel, path: string, mappedStage?: string): Simulation {
    let stageName: string | undefined;
    let apiPath: string;
    if (mappedStage !== undefined) {
      stageName = mappedStage;
      apiPath = path;
    } else {
      const trimmed = path.replace(/^\/+/, '');
      const slash = trimmed.indexOf('/');
      stageName = slash < 0 ? trimmed : trimmed.slice(0, slash);
      apiPath = slash < 0 ? '/' : trimmed.slice(slash);
      if (!stageName) stageName = undefined;
    }
    let stage = stageName !== undefined ? api.stages.find((s) => s.name === stageName) : undefined;
    const wildcard = api.stages.find((s) => s.name === '*');
    if (!stage && wildcard && stageName !== undefined) {
      // A definition that names no stage stands for whichever stage the URL names.
      stage = { ...wildcard, name: stageName };
    }
    this.sim.facts.stageLookup = {
      tried: stageName,
      known: api.stages.map((s) => s.name).filter((n) => n !== '*'),
    };
    if (!stage) {
      const known = api.stages.map((s) => s.name).join(', ') || 'none';
      this.step(
        'stage',
        'fail',
        stageName === undefined
          ? `the URL names no stage (REST APIs have no default stage; stages: ${known})`
          : `no stage "${stageName}" (stages: ${known})`,
        'community',
      );
      return this.end('STAGE_NOT_FOUND', plainError(this.ctx, 403, 'Forbidden', 'ForbiddenException'));
    }
    this.sim.stage = stage;
    this.sim.apiPath = apiPath;
    this.ctx.stage = stage.name;
    this.ctx.stageVariables = stage.variables;
    this.step(
      'stage',
      'pass',
      `stage ${stage.name}${stage.deploymentId ? ` serves deployment ${stage.deploymentId}` : ''}${mappedStage !== undefined ? ' (from the custom domain mapping)' : ''}`,
    );
    return this.restRoute(api, stage, apiPath);
  }

  restRoute(api: RestApiModel, stage: RestStage, apiPath: string): Simulation {
    let resources = stage.resources;
    let routesBasis: Basis = 'recorded';
    if (!resources) {
      if (!api.currentResources) {
        this.sim.facts.configUnknown = `the inputs do not say which routes stage ${stage.name} serves`;
        this.step('route', 'unknown', this.sim.facts.configUnknown);
        return this.end('UNKNOWN', null);
      }
      resources = api.currentResources;
      routesBasis = 'inferred';
      this.step(
        'route',
        'info',
        `the deployment of stage ${stage.name} is not in the inputs: routes taken from the current configuration, which may not be deployed`,
        'inferred',
      );
    }
    const router = restRouter(resources);
    const match = router.match(this.method, apiPath);
    if (stage.canary?.resources && stage.canary.percentTraffic > 0) {
      const canaryMatch = restRouter(stage.canary.resources).match(this.method, apiPath);
      this.sim.facts.canaryServes = canaryMatch !== undefined;
      if (Boolean(canaryMatch) !== Boolean(match) || canaryMatch?.resource.path !== match?.resource.path) {
        this.sim.facts.canaryDiffers = true;
        this.step(
          'route',
          'info',
          `the canary (${stage.canary.percentTraffic}% of requests, deployment ${stage.canary.deploymentId ?? '?'}) ${canaryMatch ? `serves ${canaryMatch.methodKey} ${canaryMatch.resource.path}` : 'has no route for this request'}`,
          'inferred',
        );
      }
    }
    if (!match) return this.restMiss(api, stage, router, apiPath, routesBasis);
    const route: RouteMatch = {
      resourcePath: match.resource.path,
      httpMethod: match.methodKey,
      pathParameters: match.pathParameters,
      method: match.method,
    };
    this.sim.route = route;
    this.ctx.resourcePath = route.resourcePath;
    const params = Object.entries(route.pathParameters)
      .map(([k, v]) => `${k}=${v.length > 60 ? v.slice(0, 60) + '…' : v}`)
      .join(', ');
    this.step(
      'route',
      'pass',
      `${route.httpMethod} ${route.resourcePath}${params ? ` (${params})` : ''}`,
      routesBasis,
    );
    if (!this.restAuthorization(api, stage, route)) return this.sim;
    if (!this.resourcePolicy(api, stage, apiPath)) return this.sim;
    if (!this.apiKey(api, stage, route)) return this.sim;
    return this.restIntegration(api, stage, route);
  }

  restMiss(
    api: RestApiModel,
    stage: RestStage,
    router: RestRouter,
    apiPath: string,
    basis: Basis,
  ): Simulation {
    const samePath = router
      .resourcesForPath(apiPath)
      .map((r) => ({ path: r.path, methods: Object.keys(r.methods) }));
    const miss: NonNullable<Simulation['facts']['routeMiss']> = {
      path: apiPath,
      method: this.method,
      samePath,
      deepestPrefix: router.deepestPrefix(apiPath),
    };
    const other = (resources: ResourceConfig[] | undefined): RouteMatch | undefined => {
      if (!resources || resources === stage.resources) return undefined;
      const m = restRouter(resources).match(this.method, apiPath);
      return m
        ? {
            resourcePath: m.resource.path,
            httpMethod: m.methodKey,
            pathParameters: m.pathParameters,
            method: m.method,
          }
        : undefined;
    };
    const current = other(api.currentResources);
    if (current) miss.inCurrentConfig = current;
    const intended = other(api.intendedResources);
    if (intended) miss.inIntendedConfig = intended;
    this.sim.facts.routeMiss = miss;
    const withMethods = samePath.filter((r) => r.methods.length > 0);
    this.step(
      'route',
      'fail',
      withMethods.length > 0
        ? `resource ${withMethods[0]!.path} is deployed but has no ${this.method} method (it has ${withMethods[0]!.methods.join(', ')})`
        : `no deployed resource matches ${apiPath}`,
      basis === 'inferred' ? 'inferred' : 'recorded',
    );
    const authorization = this.headers.authorization;
    const shape = readAuthorization(authorization);
    if (shape.kind === 'other') {
      this.step(
        'response',
        'fail',
        'the request carries an Authorization header that is not SigV4, so API Gateway answers IncompleteSignatureException instead of Missing Authentication Token',
        'community',
      );
      return this.end(
        'INCOMPLETE_SIGNATURE',
        plainError(this.ctx, 403, incompleteSignatureMessage(authorization!), 'IncompleteSignatureException'),
      );
    }
    return this.gatewayError('MISSING_AUTHENTICATION_TOKEN', 'MISSING_AUTHENTICATION_TOKEN', api, stage);
  }

  gatewayError(
    outcome: OutcomeCode,
    type: string,
    api: RestApiModel,
    stage: RestStage,
    message?: string,
  ): Simulation {
    const rendered = renderGatewayResponse(type, api, stage, this.ctx, message);
    this.sim.facts.gatewayResponse = { type, customised: rendered.customised };
    if (rendered.via) this.sim.facts.gatewayResponse.via = rendered.via;
    this.step(
      'response',
      'fail',
      `${type} gateway response${rendered.customised ? ` (customised through ${rendered.via})` : ''}: ${rendered.response.status}`,
      rendered.basis,
    );
    return this.end(outcome, rendered.response);
  }

  restAuthorization(api: RestApiModel, stage: RestStage, route: RouteMatch): boolean {
    const method = route.method!;
    const type = method.authorizationType;
    const authorization = this.headers.authorization;
    const shape = readAuthorization(authorization);
    this.sim.facts.auth = {
      authorizationType: type,
      header: shape.kind === 'absent' ? 'absent' : shape.kind === 'sigv4' ? 'sigv4' : 'other',
    };
    if (shape.kind === 'other') this.sim.facts.auth.scheme = shape.scheme;
    if (type === 'AWS_IAM') return this.iam(api, stage, shape);
    if (type === 'UNKNOWN') {
      this.step(
        'authorization',
        'unknown',
        "the method's authorization was not recorded (get-resources without --embed methods)",
        'inferred',
      );
      return true;
    }
    if (type === 'CUSTOM' || type === 'COGNITO_USER_POOLS') {
      const authorizer = api.authorizers.find((a) => a.id === method.authorizerId);
      const identitySource =
        authorizer?.identitySource ??
        (type === 'COGNITO_USER_POOLS' ? 'method.request.header.Authorization' : undefined);
      if (!identitySource) {
        this.step(
          'authorization',
          'unknown',
          `${type} authorizer ${method.authorizerId ?? ''} is not in the inputs`,
          'inferred',
        );
        return true;
      }
      const missing = this.missingIdentitySources(identitySource);
      if (missing.length > 0) {
        this.sim.facts.auth.problem = `missing identity source ${missing.join(', ')}`;
        this.step(
          'authorization',
          'fail',
          `${authorizer ? `authorizer ${authorizer.name}` : type} needs ${missing.join(', ')}, which the request lacks`,
        );
        this.gatewayError('UNAUTHORIZED', 'UNAUTHORIZED', api, stage);
        return false;
      }
      this.step(
        'authorization',
        'unknown',
        `${authorizer ? `authorizer ${authorizer.name}` : type} receives ${identitySource}; whether it allows the caller cannot be known offline`,
        'inferred',
      );
      return true;
    }
    this.step('authorization', 'pass', 'authorization NONE');
    return true;
  }

  missingIdentitySources(identitySource: string): string[] {
    const query = new URLSearchParams(this.sim.request.query);
    return identitySource
      .split(',')
      .map((s) => s.trim())
      .filter((source) => {
        if (source.startsWith('method.request.header.')) {
          return this.headers[source.slice('method.request.header.'.length).toLowerCase()] === undefined;
        }
        if (source.startsWith('method.request.querystring.')) {
          return !query.has(source.slice('method.request.querystring.'.length));
        }
        return false;
      });
  }

  iam(api: RestApiModel, stage: RestStage, shape: ReturnType<typeof readAuthorization>): boolean {
    const auth = this.sim.facts.auth!;
    const query = new URLSearchParams(this.sim.request.query);
    if (shape.kind === 'absent') {
      if (query.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256' && query.get('X-Amz-Signature')) {
        this.step(
          'authorization',
          'unknown',
          'AWS_IAM: signed through query parameters; the signature cannot be verified offline',
          'inferred',
        );
        return true;
      }
      auth.problem = 'unsigned';
      this.step(
        'authorization',
        'fail',
        'the method requires AWS_IAM and the request is not signed with SigV4',
      );
      this.gatewayError('MISSING_AUTHENTICATION_TOKEN', 'MISSING_AUTHENTICATION_TOKEN', api, stage);
      return false;
    }
    if (shape.kind === 'other') {
      auth.problem = `Authorization header uses ${shape.scheme}, not AWS4-HMAC-SHA256`;
      this.step(
        'authorization',
        'fail',
        `AWS_IAM expects a SigV4 Authorization header; this one is ${shape.scheme}`,
        'community',
      );
      this.end(
        'INCOMPLETE_SIGNATURE',
        plainError(
          this.ctx,
          403,
          incompleteSignatureMessage(this.headers.authorization!),
          'IncompleteSignatureException',
        ),
      );
      return false;
    }
    const { parsed, missing } = shape;
    auth.scope = {
      accessKeyId: '[redacted]',
      date: parsed.date,
      region: parsed.region,
      service: parsed.service,
    };
    const incomplete = (message: string): false => {
      auth.problem = message;
      this.step('authorization', 'fail', message, 'community');
      this.end('INCOMPLETE_SIGNATURE', plainError(this.ctx, 403, message, 'IncompleteSignatureException'));
      return false;
    };
    if (missing.length > 0) {
      return incomplete(missing.map((m) => `Authorization header requires '${m}' parameter.`).join(' '));
    }
    const dateHeader = this.headers['x-amz-date'] ?? this.headers.date;
    if (!dateHeader) {
      return incomplete(
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
      );
    }
    const invalid = (message: string, detail: string): false => {
      auth.problem = detail;
      this.step('authorization', 'fail', detail, 'community');
      this.gatewayError('INVALID_SIGNATURE', 'INVALID_SIGNATURE', api, stage, message);
      return false;
    };
    if (parsed.service !== 'execute-api') {
      return invalid(
        "Credential should be scoped to correct service: 'execute-api'. ",
        `the signature's credential scope names service "${parsed.service}", not "execute-api"`,
      );
    }
    if (api.region && parsed.region !== api.region) {
      return invalid(
        `Credential should be scoped to a valid region. `,
        `the signature's credential scope names region "${parsed.region}", but the API is in ${api.region}`,
      );
    }
    const signedAt = parseAmzDate(dateHeader);
    if (
      this.request.now &&
      signedAt &&
      Math.abs(this.request.now.getTime() - signedAt.getTime()) > 15 * 60_000
    ) {
      auth.problem = 'signature expired';
      this.step(
        'authorization',
        'fail',
        `the request was signed at ${signedAt.toISOString()}, more than 15 minutes from now`,
        'documented',
      );
      this.gatewayError('EXPIRED_TOKEN', 'EXPIRED_TOKEN', api, stage);
      return false;
    }
    this.step(
      'authorization',
      'unknown',
      'AWS_IAM: the SigV4 header is well formed and scoped to execute-api in the right region; whether the signature verifies and IAM allows execute-api:Invoke cannot be known offline',
      'inferred',
    );
    return true;
  }

  resourcePolicy(api: RestApiModel, stage: RestStage, apiPath: string): boolean {
    const isPrivate = api.endpointTypes.includes('PRIVATE');
    const req: PolicyRequest = {
      region: api.region,
      accountId: api.accountId,
      apiId: api.id,
      stage: stage.name,
      method: this.method,
      path: apiPath.replace(/^\/+/, ''),
      signed: this.sim.facts.auth?.header === 'sigv4',
    };
    const vpce = this.sourceVpce();
    if (vpce) req.sourceVpce = vpce;
    const arn = methodArn(req);
    if (!api.policy) {
      if (isPrivate) {
        this.sim.facts.policy = { decision: 'implicit-deny', arn };
        this.step(
          'resource-policy',
          'fail',
          'a private API needs a resource policy that allows the VPC endpoint; this one has none',
          'inferred',
        );
        this.gatewayError(
          'ACCESS_DENIED',
          'ACCESS_DENIED',
          api,
          stage,
          `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${arn}`,
        );
        return false;
      }
      return true;
    }
    const decision = evaluatePolicy(api.policy, req);
    this.sim.facts.policy = { decision, arn };
    const who = req.signed ? 'the signing principal' : 'anonymous';
    if (decision === 'explicit-deny') {
      this.step(
        'resource-policy',
        'fail',
        `the resource policy explicitly denies ${who} on ${arn}`,
        'documented',
      );
      this.gatewayError(
        'ACCESS_DENIED',
        'ACCESS_DENIED',
        api,
        stage,
        `User: ${req.signed ? '<caller ARN>' : 'anonymous'} is not authorized to perform: execute-api:Invoke on resource: ${arn} with an explicit deny`,
      );
      return false;
    }
    if (decision === 'implicit-deny' && (isPrivate || !req.signed)) {
      this.step(
        'resource-policy',
        'fail',
        `no statement of the resource policy allows ${who} on ${arn}${vpce ? ` from ${vpce}` : ''}`,
        'documented',
      );
      this.gatewayError(
        'ACCESS_DENIED',
        'ACCESS_DENIED',
        api,
        stage,
        `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${arn}`,
      );
      return false;
    }
    this.step(
      'resource-policy',
      decision === 'allow' ? 'pass' : 'unknown',
      decision === 'allow'
        ? `the resource policy allows ${arn}`
        : 'the resource policy has conditions that cannot be evaluated offline',
      decision === 'allow' ? 'documented' : 'inferred',
    );
    return true;
  }

  apiKey(api: RestApiModel, stage: RestStage, route: RouteMatch): boolean {
    if (!route.method?.apiKeyRequired) return true;
    if (api.apiKeySource === 'AUTHORIZER') {
      this.step(
        'api-key',
        'unknown',
        'the API key comes from the Lambda authorizer (key source AUTHORIZER)',
        'inferred',
      );
      return true;
    }
    const value = this.headers['x-api-key'];
    this.sim.facts.apiKey = { present: value !== undefined };
    const fail = (problem: NonNullable<Simulation['facts']['apiKey']>['problem'], detail: string): false => {
      this.sim.facts.apiKey!.problem = problem;
      this.step('api-key', 'fail', detail);
      this.gatewayError('INVALID_API_KEY', 'INVALID_API_KEY', api, stage);
      return false;
    };
    if (value === undefined)
      return fail('missing', 'the method requires an API key and the request has no x-api-key header');
    const keys = this.inventory.apiKeys;
    if (!keys || !keys.some((k) => k.value !== undefined)) {
      this.step(
        'api-key',
        'unknown',
        'x-api-key present; the key values are not in the inputs, so it cannot be checked',
        'inferred',
      );
      return true;
    }
    const key = keys.find((k) => k.value === value);
    if (!key) return fail('unknown-key', 'the x-api-key value matches no API key');
    this.sim.facts.apiKey.keyId = key.id;
    if (!key.enabled) return fail('disabled', `API key ${key.id} is disabled`);
    const plans = this.inventory.usagePlans;
    if (plans) {
      const inPlan = plans.some(
        (p) =>
          p.apiStages.some((s) => s.apiId === api.id && s.stage === stage.name) &&
          (p.keyIds === undefined || p.keyIds.includes(key.id)),
      );
      if (!inPlan)
        return fail('not-in-usage-plan', `API key ${key.id} is in no usage plan for ${api.id}/${stage.name}`);
    }
    this.step('api-key', 'pass', `API key ${key.id} is valid for this stage`);
    return true;
  }

  restIntegration(api: RestApiModel, stage: RestStage, route: RouteMatch): Simulation {
    const integration = route.method?.integration;
    if (!integration) {
      this.step('integration', 'unknown', 'the integration of this method is not in the inputs', 'inferred');
      return this.end('INTEGRATION', this.integrationAnswer(route));
    }
    const isLambda = (integration.uri ?? '').includes(':lambda:path/');
    if (
      integration.type === 'AWS_PROXY' &&
      isLambda &&
      integration.httpMethod &&
      integration.httpMethod.toUpperCase() !== 'POST'
    ) {
      this.sim.facts.integrationProblem = `Lambda proxy integration uses integration method ${integration.httpMethod}; Lambda is invoked with POST`;
      this.step('integration', 'fail', this.sim.facts.integrationProblem, 'recorded');
      return this.end('INTEGRATION_MISCONFIGURED', this.internalError());
    }
    const missingVariables = [...(integration.uri ?? '').matchAll(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g)]
      .map((m) => m[1]!)
      .filter((name) => stage.variables[name] === undefined);
    if (missingVariables.length > 0) {
      this.sim.facts.integrationProblem = `the integration URI uses stage variable ${missingVariables.join(', ')}, which stage ${stage.name} does not define`;
      this.step('integration', 'fail', this.sim.facts.integrationProblem, 'recorded');
      return this.end('INTEGRATION_MISCONFIGURED', this.internalError());
    }
    this.step(
      'integration',
      'pass',
      `${integration.type}${integration.uri ? ` ${integration.uri}` : ''}: the answer is the backend's`,
      'inferred',
    );
    return this.end('INTEGRATION', this.integrationAnswer(route));
  }

  /** Recorded: a Lambda proxy failure answers 500 with a 36-byte body (note the space). */
  internalError(): PredictedResponse {
    const response = plainError(this.ctx, 500, 'Internal server error', 'InternalServerErrorException');
    response.body = '{"message": "Internal server error"}';
    response.headers['Content-Length'] = String(response.body.length);
    return response;
  }

  /** What `serve` answers for a matched route: 200 with JSON naming the route and integration. */
  integrationAnswer(route: RouteMatch): PredictedResponse {
    const body = JSON.stringify({
      apigwDoctor: 'this request reaches the integration; a real backend would answer here',
      api: this.sim.api?.id,
      stage: this.sim.stage?.name,
      route: route.routeKey ?? `${route.httpMethod} ${route.resourcePath}`,
      pathParameters: route.pathParameters,
      integration: route.method?.integration ?? null,
    });
    return {
      status: 200,
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) },
      body,
      source: 'integration',
    };
  }

  // ---- HTTP and WebSocket APIs -------------------------------------------------------------

  httpStage(api: HttpApiModel, path: string, mappedStage?: string): Simulation {
    const endpoint = this.sim.endpoint;
    const viaVpce =
      this.request.fromVpcEndpoint !== undefined ||
      endpoint.kind === 'vpce-dns' ||
      (endpoint.kind === 'execute-api' && endpoint.vpceId !== undefined);
    if (viaVpce && endpoint.kind !== 'custom-domain') {
      this.step(
        'network',
        'fail',
        'HTTP and WebSocket APIs are public: with private DNS on, an execute-api VPC endpoint routes only to private REST APIs',
        'documented',
      );
      return this.end('PUBLIC_API_VIA_VPCE', httpApiError(this.ctx, 403, 'Forbidden'));
    }
    if (api.kind === 'WEBSOCKET' && (this.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
      this.step(
        'api',
        'fail',
        'this is a WebSocket API: clients connect with wss:// and an Upgrade handshake, not with a plain HTTP request',
        'documented',
      );
      this.step(
        'response',
        'unknown',
        'what API Gateway answers to a plain HTTP request on a WebSocket API is not documented',
        'inferred',
      );
      return this.end('UNKNOWN', null);
    }
    let stageName: string | undefined = mappedStage;
    let apiPath = path;
    if (stageName === undefined) {
      const trimmed = path.replace(/^\/+/, '');
      const slash = trimmed.indexOf('/');
      const first = slash < 0 ? trimmed : trimmed.slice(0, slash);
      const named = api.stages.find((s) => s.name === first && s.name !== '$default');
      if (named) {
        stageName = named.name;
        apiPath = slash < 0 ? '/' : trimmed.slice(slash);
      } else if (api.stages.some((s) => s.name === '$default')) {
        stageName = '$default';
      }
    }
    this.sim.facts.stageLookup = { tried: stageName, known: api.stages.map((s) => s.name) };
    const stage = api.stages.find((s) => s.name === stageName);
    if (!stage) {
      this.step(
        'stage',
        'fail',
        `no stage matches the path and the API has no $default stage (stages: ${api.stages.map((s) => s.name).join(', ') || 'none'})`,
      );
      return this.end('HTTP_NOT_FOUND', httpApiError(this.ctx, 404, 'Not Found'));
    }
    this.sim.stage = stage;
    this.sim.apiPath = apiPath;
    this.ctx.stage = stage.name;
    this.step(
      'stage',
      'pass',
      `stage ${stage.name}${stage.autoDeploy ? ' (auto-deploy)' : stage.deploymentId ? ` serves deployment ${stage.deploymentId}` : ''}`,
    );
    if (!stage.autoDeploy) {
      this.step(
        'route',
        'info',
        'HTTP API deployments carry no route list: routes are taken from the current configuration, which this stage serves only if it was deployed since the last change',
        'inferred',
      );
    }
    if (api.kind === 'WEBSOCKET') {
      this.step(
        'route',
        'unknown',
        `WebSocket route selection (${api.routeSelectionExpression ?? '?'}) depends on each message`,
        'inferred',
      );
      return this.end('INTEGRATION', null);
    }
    const router = httpRouter(api);
    const match = router.match(this.method, apiPath);
    if (!match) {
      // Grouped like REST resources: one entry per route path with the methods it has.
      const byPath = new Map<string, string[]>();
      for (const r of router.routesForPath(apiPath)) {
        const [verb = 'ANY', routePath = r.routeKey] = r.routeKey.split(' ');
        byPath.set(routePath, [...(byPath.get(routePath) ?? []), verb]);
      }
      const samePath = [...byPath].map(([path, methods]) => ({ path, methods }));
      this.sim.facts.routeMiss = { path: apiPath, method: this.method, samePath, deepestPrefix: '' };
      this.step('route', 'fail', `no route matches ${this.method} ${apiPath} and there is no $default route`);
      return this.end('HTTP_NOT_FOUND', httpApiError(this.ctx, 404, 'Not Found'));
    }
    const [routeMethod = 'ANY', routePath = '$default'] =
      match.route.routeKey === '$default' ? ['ANY', '$default'] : match.route.routeKey.split(' ');
    const route: RouteMatch = {
      resourcePath: routePath,
      httpMethod: routeMethod,
      pathParameters: match.pathParameters,
      routeKey: match.route.routeKey,
    };
    if (match.route.integration) {
      route.method = {
        httpMethod: routeMethod,
        authorizationType: match.route.authorizationType,
        apiKeyRequired: match.route.apiKeyRequired,
        integration: match.route.integration,
      };
    }
    this.sim.route = route;
    this.step('route', 'pass', `route ${match.route.routeKey}`);
    const type = match.route.authorizationType;
    const shape = readAuthorization(this.headers.authorization);
    this.sim.facts.auth = {
      authorizationType: type,
      header: shape.kind === 'absent' ? 'absent' : shape.kind === 'sigv4' ? 'sigv4' : 'other',
    };
    if (type === 'AWS_IAM' && shape.kind !== 'sigv4') {
      this.sim.facts.auth.problem = 'unsigned';
      this.step(
        'authorization',
        'fail',
        'the route requires AWS_IAM and the request is not signed with SigV4',
        'inferred',
      );
      return this.end('HTTP_FORBIDDEN', httpApiError(this.ctx, 403, 'Forbidden'));
    }
    if (type === 'AWS_IAM' && shape.kind === 'sigv4') {
      const scope = shape.parsed;
      this.sim.facts.auth.scope = {
        accessKeyId: '[redacted]',
        date: scope.date,
        region: scope.region,
        service: scope.service,
      };
      const wrong =
        scope.service !== 'execute-api'
          ? `the signature's credential scope names service "${scope.service}", not "execute-api"`
          : api.region && scope.region !== api.region
            ? `the signature's credential scope names region "${scope.region}", but the API is in ${api.region}`
            : undefined;
      if (wrong) {
        this.sim.facts.auth.problem = wrong;
        this.step('authorization', 'fail', wrong, 'inferred');
        return this.end('INVALID_SIGNATURE', httpApiError(this.ctx, 403, 'Forbidden'));
      }
      this.step(
        'authorization',
        'unknown',
        'AWS_IAM: whether the signature verifies and IAM allows execute-api:Invoke cannot be known offline',
        'inferred',
      );
    }
    if (type === 'JWT' || type === 'CUSTOM') {
      const authorizer = api.authorizers.find((a) => a.id === match.route.authorizerId);
      const sources = (authorizer?.identitySource ?? (type === 'JWT' ? '$request.header.Authorization' : ''))
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const query = new URLSearchParams(this.sim.request.query);
      const missing = sources.filter((s) =>
        s.startsWith('$request.header.')
          ? this.headers[s.slice('$request.header.'.length).toLowerCase()] === undefined
          : s.startsWith('$request.querystring.')
            ? !query.has(s.slice('$request.querystring.'.length))
            : false,
      );
      if (missing.length > 0) {
        this.sim.facts.auth.problem = `missing identity source ${missing.join(', ')}`;
        this.step(
          'authorization',
          'fail',
          `the ${type} authorizer needs ${missing.join(', ')}, which the request lacks`,
          'documented',
        );
        return this.end('UNAUTHORIZED', httpApiError(this.ctx, 401, 'Unauthorized'));
      }
      this.step(
        'authorization',
        'unknown',
        `the ${type} authorizer decides; it cannot be evaluated offline`,
        'inferred',
      );
    }
    this.step(
      'integration',
      route.method?.integration ? 'pass' : 'unknown',
      "the answer is the backend's",
      'inferred',
    );
    return this.end('INTEGRATION', this.integrationAnswer(route));
  }

  // ---- Custom domains ----------------------------------------------------------------------

  customDomain(host: string, path: string): Simulation {
    const domain = this.inventory.domains.find(
      (d) =>
        domainMatches(d.domainName, host) ||
        (d.targetDomainName !== undefined && d.targetDomainName.toLowerCase() === host),
    );
    if (!domain) {
      this.sim.facts.configUnknown = `the inputs hold no custom domain named ${host}`;
      this.step('custom-domain', 'unknown', this.sim.facts.configUnknown);
      return this.end('UNKNOWN', null);
    }
    this.sim.domain = domain;
    this.step('custom-domain', 'pass', `custom domain ${domain.domainName} (${domain.routingMode})`);
    const routed = routeDomain(domain, path, this.headers);
    if (!routed) {
      const paths =
        domain.mappings.map((m) => (m.basePath ? `/${m.basePath}` : '(none)')).join(', ') || 'no mappings';
      this.step(
        'custom-domain',
        'fail',
        `no API mapping or routing rule matches ${path} (mappings: ${paths})`,
        'inferred',
      );
      return this.end('NO_DOMAIN_MAPPING', plainError(this.ctx, 403, 'Forbidden', 'ForbiddenException'));
    }
    this.sim.facts.domainRoute = routed;
    const target = routed.mapping ?? routed.rule!;
    this.step(
      'custom-domain',
      'pass',
      routed.via === 'mapping'
        ? `mapping ${routed.mapping!.basePath ? `/${routed.mapping!.basePath}` : '(none)'} → API ${target.apiId} stage ${target.stage ?? '(default)'}; path inside the API: ${routed.remainder}`
        : `routing rule priority ${routed.rule!.priority} → API ${target.apiId} stage ${target.stage}; path inside the API: ${routed.remainder}`,
    );
    const api = this.inventory.apis.find((a) => a.id === target.apiId);
    if (!api) {
      this.sim.facts.configUnknown = `the domain maps to API ${target.apiId}, which is not in the inputs`;
      this.step('api', 'unknown', this.sim.facts.configUnknown);
      return this.end('UNKNOWN', null);
    }
    this.sim.api = api;
    this.ctx.apiId = api.id;
    this.step('api', 'pass', `${api.kind} API ${api.id}${api.name ? ` (${api.name})` : ''}`);
    if (api.kind === 'REST') {
      this.ctx.edge = (domain.endpointType ?? '').toUpperCase() === 'EDGE';
      if (!this.network(api)) return this.sim;
      if (target.stage === undefined) {
        this.step('stage', 'fail', 'the mapping names no stage', 'inferred');
        return this.end('STAGE_NOT_FOUND', plainError(this.ctx, 403, 'Forbidden', 'ForbiddenException'));
      }
      return this.restStage(api, routed.remainder, target.stage);
    }
    return this.httpStage(api, routed.remainder, target.stage ?? '$default');
  }
}

function lowerCaseHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

function domainMatches(domainName: string, host: string): boolean {
  const name = domainName.toLowerCase();
  if (name === host) return true;
  // Wildcard custom domains (`*.example.com`) cover one or more labels in front.
  return name.startsWith('*.') && host.endsWith(name.slice(1)) && host.length > name.length - 1;
}

/** Splits off a mapping's base path when the request path starts with it, segment-wise. */
function stripBasePath(path: string, basePath: string): string | undefined {
  const segments = splitRequestPath(path);
  const base = basePath.split('/').filter(Boolean);
  if (base.length > segments.length) return undefined;
  for (let i = 0; i < base.length; i++) if (segments[i] !== base[i]) return undefined;
  const rest = segments.slice(base.length).join('/');
  const trailing = path.endsWith('/') && rest ? '/' : '';
  return `/${rest}${trailing}`;
}

export function routeDomain(
  domain: DomainModel,
  path: string,
  headers: Record<string, string>,
):
  | { via: 'mapping' | 'routing-rule'; mapping?: DomainMapping; rule?: RoutingRule; remainder: string }
  | undefined {
  if (domain.routingMode !== 'API_MAPPING_ONLY') {
    const rules = [...domain.routingRules].sort((a, b) => a.priority - b.priority);
    for (const rule of rules) {
      const headersMatch = rule.headers.every((h) => {
        const value = headers[h.header.toLowerCase()];
        return value !== undefined && globMatch(h.valueGlob, value);
      });
      if (!headersMatch) continue;
      if (rule.basePaths.length === 0) return { via: 'routing-rule', rule, remainder: path };
      for (const basePath of rule.basePaths) {
        const rest = stripBasePath(path, basePath);
        if (rest !== undefined)
          return { via: 'routing-rule', rule, remainder: rule.stripBasePath ? rest : path };
      }
    }
    if (domain.routingMode === 'ROUTING_RULE_ONLY') return undefined;
  }
  // Longest matching base path first; the `(none)` mapping catches the rest (documented).
  const mappings = [...domain.mappings].sort((a, b) => b.basePath.length - a.basePath.length);
  for (const mapping of mappings) {
    if (!mapping.basePath) return { via: 'mapping', mapping, remainder: path };
    const rest = stripBasePath(path, mapping.basePath);
    if (rest !== undefined) return { via: 'mapping', mapping, remainder: rest };
  }
  return undefined;
}
