import type {
  AuthorizerConfig,
  GatewayResponseConfig,
  HttpApiModel,
  HttpRouteConfig,
  IntegrationConfig,
  Inventory,
  MethodConfig,
  PolicyDocument,
  ResourceConfig,
  RestApiModel,
} from '../model/types.js';
import { emptyInventory } from '../model/types.js';
import { InputError } from '../model/errors.js';

/**
 * OpenAPI 3 / Swagger 2 definitions with API Gateway extensions, as `aws apigateway get-export
 * --parameters extensions=apigateway` and `aws apigatewayv2 export-api` write them, or as users keep
 * them in their repositories.
 */

type Json = Record<string, unknown>;

const OPERATION_KEYS: Record<string, string> = {
  get: 'GET',
  put: 'PUT',
  post: 'POST',
  delete: 'DELETE',
  options: 'OPTIONS',
  head: 'HEAD',
  patch: 'PATCH',
  'x-amazon-apigateway-any-method': 'ANY',
};

const EXECUTE_API_HOST = /^([a-z0-9]+)\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/i;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isOpenApiDocument(doc: unknown): doc is Json {
  return (
    isObject(doc) &&
    (typeof doc.openapi === 'string' || typeof doc.swagger === 'string') &&
    isObject(doc.paths)
  );
}

interface ServerInfo {
  apiId?: string;
  region?: string;
  stage?: string;
}

/** API id, region and stage from `servers` (OAS3) or `host` + `basePath` (Swagger 2). */
export function serverInfo(doc: Json): ServerInfo {
  let host: string | undefined;
  let basePath: string | undefined;
  if (Array.isArray(doc.servers) && isObject(doc.servers[0])) {
    const server = doc.servers[0];
    let url = typeof server.url === 'string' ? server.url : '';
    const variables = isObject(server.variables) ? server.variables : {};
    url = url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
      const variable = variables[name];
      return isObject(variable) && typeof variable.default === 'string' ? variable.default : whole;
    });
    const m = /^[a-z]+:\/\/([^/]+)(\/.*)?$/i.exec(url);
    if (m) {
      host = m[1];
      basePath = m[2];
    }
  } else if (typeof doc.host === 'string') {
    host = doc.host;
    basePath = typeof doc.basePath === 'string' ? doc.basePath : undefined;
  }
  const info: ServerInfo = {};
  const m = host ? EXECUTE_API_HOST.exec(host.split(':')[0]!) : null;
  if (m) {
    info.apiId = m[1]!.toLowerCase();
    info.region = m[2]!.toLowerCase();
  }
  const stage = (basePath ?? '').replace(/^\/+|\/+$/g, '');
  if (stage && !stage.includes('{')) info.stage = stage;
  return info;
}

interface SecurityScheme {
  name: string;
  kind: 'iam' | 'api-key' | 'cognito' | 'custom' | 'jwt' | 'other';
  authorizer?: AuthorizerConfig;
}

function readSecuritySchemes(doc: Json): Map<string, SecurityScheme> {
  const schemes = new Map<string, SecurityScheme>();
  const components = isObject(doc.components) ? doc.components : {};
  const source = isObject(components.securitySchemes)
    ? components.securitySchemes
    : isObject(doc.securityDefinitions)
      ? doc.securityDefinitions
      : {};
  for (const [name, raw] of Object.entries(source)) {
    if (!isObject(raw)) continue;
    const authtype = String(raw['x-amazon-apigateway-authtype'] ?? '').toLowerCase();
    const authorizer = isObject(raw['x-amazon-apigateway-authorizer'])
      ? raw['x-amazon-apigateway-authorizer']
      : undefined;
    const authorizerType = String(authorizer?.type ?? '').toLowerCase();
    const header = typeof raw.name === 'string' ? raw.name : 'Authorization';
    if (authtype === 'awssigv4') {
      schemes.set(name, { name, kind: 'iam' });
    } else if (authtype === 'cognito_user_pools' || authorizerType === 'cognito_user_pools') {
      schemes.set(name, {
        name,
        kind: 'cognito',
        authorizer: {
          id: name,
          name,
          type: 'COGNITO_USER_POOLS',
          identitySource: `method.request.header.${header}`,
        },
      });
    } else if (authorizerType === 'jwt') {
      const identity = authorizer?.identitySource;
      schemes.set(name, {
        name,
        kind: 'jwt',
        authorizer: {
          id: name,
          name,
          type: 'JWT',
          identitySource: typeof identity === 'string' ? identity : '$request.header.Authorization',
        },
      });
    } else if (authorizerType === 'token' || authorizerType === 'request') {
      const identity =
        typeof authorizer?.identitySource === 'string'
          ? authorizer.identitySource
          : authorizerType === 'token'
            ? `method.request.header.${header}`
            : undefined;
      const config: AuthorizerConfig = { id: name, name, type: authorizerType.toUpperCase() };
      if (identity) config.identitySource = identity;
      schemes.set(name, { name, kind: 'custom', authorizer: config });
    } else if (raw.type === 'apiKey' && header.toLowerCase() === 'x-api-key') {
      schemes.set(name, { name, kind: 'api-key' });
    } else {
      schemes.set(name, { name, kind: 'other' });
    }
  }
  return schemes;
}

function readIntegration(raw: unknown): IntegrationConfig | undefined {
  if (!isObject(raw)) return undefined;
  const integration: IntegrationConfig = { type: String(raw.type ?? '').toUpperCase() };
  if (typeof raw.httpMethod === 'string') integration.httpMethod = raw.httpMethod.toUpperCase();
  if (typeof raw.uri === 'string') integration.uri = raw.uri;
  if (typeof raw.connectionType === 'string') integration.connectionType = raw.connectionType;
  if (typeof raw.payloadFormatVersion === 'string')
    integration.payloadFormatVersion = raw.payloadFormatVersion;
  return integration;
}

interface Operation {
  path: string;
  method: string;
  config: MethodConfig;
}

function readOperations(doc: Json, schemes: Map<string, SecurityScheme>): Operation[] {
  const rootSecurity = Array.isArray(doc.security) ? doc.security : undefined;
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    if (!isObject(item)) continue;
    for (const [key, raw] of Object.entries(item)) {
      const method = OPERATION_KEYS[key.toLowerCase()];
      if (!method || !isObject(raw)) continue;
      const security = Array.isArray(raw.security) ? raw.security : rootSecurity;
      const config: MethodConfig = { httpMethod: method, authorizationType: 'NONE', apiKeyRequired: false };
      // API Gateway applies the first security requirement object; each names one or more schemes.
      const requirement = security?.find(isObject) as Json | undefined;
      for (const schemeName of Object.keys(requirement ?? {})) {
        const scheme = schemes.get(schemeName);
        if (!scheme) continue;
        if (scheme.kind === 'iam') config.authorizationType = 'AWS_IAM';
        else if (scheme.kind === 'api-key') config.apiKeyRequired = true;
        else if (scheme.kind === 'cognito') {
          config.authorizationType = 'COGNITO_USER_POOLS';
          config.authorizerId = scheme.name;
        } else if (scheme.kind === 'custom') {
          config.authorizationType = 'CUSTOM';
          config.authorizerId = scheme.name;
        } else if (scheme.kind === 'jwt') {
          config.authorizationType = 'JWT';
          config.authorizerId = scheme.name;
        }
      }
      const integration = readIntegration(raw['x-amazon-apigateway-integration']);
      if (integration) config.integration = integration;
      if (typeof raw.operationId === 'string') config.operationName = raw.operationId;
      operations.push({ path: normalisePath(path), method, config });
    }
  }
  return operations;
}

function normalisePath(path: string): string {
  const trimmed = path.trim();
  if (!trimmed || trimmed === '/') return '/';
  return ('/' + trimmed.replace(/^\/+/, '')).replace(/\/+$/, '') || '/';
}

/** The resources and methods an OpenAPI definition describes. */
export function resourcesFromOpenApi(doc: Json): ResourceConfig[] {
  const byPath = new Map<string, ResourceConfig>();
  for (const op of readOperations(doc, readSecuritySchemes(doc))) {
    let resource = byPath.get(op.path);
    if (!resource) byPath.set(op.path, (resource = { path: op.path, methods: {} }));
    resource.methods[op.method] = op.config;
  }
  return [...byPath.values()];
}

function readGatewayResponses(doc: Json): Record<string, GatewayResponseConfig> | undefined {
  const raw = doc['x-amazon-apigateway-gateway-responses'];
  if (!isObject(raw)) return undefined;
  const out: Record<string, GatewayResponseConfig> = {};
  for (const [type, value] of Object.entries(raw)) {
    if (!isObject(value)) continue;
    const config: GatewayResponseConfig = { responseType: type, defaultResponse: false };
    if (value.statusCode !== undefined) config.statusCode = String(value.statusCode);
    if (isObject(value.responseParameters))
      config.responseParameters = value.responseParameters as Record<string, string>;
    if (isObject(value.responseTemplates))
      config.responseTemplates = value.responseTemplates as Record<string, string>;
    out[type] = config;
  }
  return out;
}

function readPolicy(raw: unknown): PolicyDocument | undefined {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!isObject(value)) return undefined;
  const statement = Array.isArray(value.Statement)
    ? value.Statement
    : isObject(value.Statement)
      ? [value.Statement]
      : [];
  return { ...(value as object), Statement: statement } as PolicyDocument;
}

function mentionsVpc(policy: PolicyDocument | undefined): boolean {
  return policy !== undefined && /aws:Source(Vpce|Vpc)\b/i.test(JSON.stringify(policy));
}

/**
 * An API described by an OpenAPI file. A stage export gives the routes the stage serves; a file with
 * no execute-api server is taken to describe whichever API and stage the URL names.
 */
export function inventoryFromOpenApi(doc: unknown, origin: string): Inventory {
  if (!isOpenApiDocument(doc)) {
    throw new InputError(
      `${origin}: not an OpenAPI or Swagger document (no "openapi"/"swagger" version and "paths" object)`,
    );
  }
  const inventory = emptyInventory();
  inventory.sources.push(origin);
  const server = serverInfo(doc);
  const title = isObject(doc.info) && typeof doc.info.title === 'string' ? doc.info.title : undefined;
  const isHttpApi = doc['x-amazon-apigateway-importexport-version'] !== undefined;
  const schemes = readSecuritySchemes(doc);
  const authorizers = [...schemes.values()].flatMap((s) => (s.authorizer ? [s.authorizer] : []));
  const endpointConfig = isObject(doc['x-amazon-apigateway-endpoint-configuration'])
    ? doc['x-amazon-apigateway-endpoint-configuration']
    : {};
  const disableExecuteApiEndpoint = endpointConfig.disableExecuteApiEndpoint === true;
  const placeholder = server.apiId === undefined;
  if (placeholder) {
    inventory.gaps.push({
      apiId: server.apiId,
      message: `${origin} names no execute-api server, so it is taken to describe the API and stage in the URL`,
    });
  }

  if (isHttpApi) {
    const routes: HttpRouteConfig[] = [];
    for (const op of readOperations(doc, schemes)) {
      const routeKey = op.path === '/$default' ? '$default' : `${op.method} ${op.path}`;
      const route: HttpRouteConfig = {
        routeKey,
        authorizationType: op.config.authorizationType,
        apiKeyRequired: false,
      };
      if (op.config.authorizerId) route.authorizerId = op.config.authorizerId;
      if (op.config.integration) route.integration = op.config.integration;
      routes.push(route);
    }
    const stageName = server.stage ?? '$default';
    const api: HttpApiModel = {
      kind: 'HTTP',
      id: server.apiId ?? 'unknown',
      disableExecuteApiEndpoint,
      routes,
      stages: [{ name: stageName, autoDeploy: true, variables: {} }],
      deployments: [],
      authorizers,
      origin,
    };
    if (server.region) api.region = server.region;
    if (title) api.name = title;
    if (placeholder) api.placeholder = true;
    inventory.apis.push(api);
    inventory.gaps.push({
      apiId: server.apiId,
      message: `${origin} is an HTTP API export: it holds routes but not stage settings, so auto-deploy and other stages are assumed`,
    });
    return inventory;
  }

  const rawPolicy = doc['x-amazon-apigateway-policy'];
  const policy = readPolicy(rawPolicy);
  if (rawPolicy !== undefined && !policy) {
    inventory.gaps.push({
      apiId: server.apiId,
      message: `${origin}: x-amazon-apigateway-policy could not be parsed, so the resource policy was not checked`,
    });
  }
  const vpcEndpointIds = Array.isArray(endpointConfig.vpcEndpointIds)
    ? endpointConfig.vpcEndpointIds.filter((v): v is string => typeof v === 'string')
    : [];
  const endpointTypes: string[] = [];
  if (Array.isArray(endpointConfig.types)) endpointTypes.push(...endpointConfig.types.map(String));
  else if (vpcEndpointIds.length > 0 || mentionsVpc(policy)) {
    endpointTypes.push('PRIVATE');
    inventory.gaps.push({
      apiId: server.apiId,
      message: `${origin} does not state the endpoint type; PRIVATE is inferred from its VPC endpoint settings`,
    });
  }
  const resources = resourcesFromOpenApi(doc);
  const gatewayResponses = readGatewayResponses(doc);
  const stageName = server.stage ?? (placeholder ? '*' : undefined);
  const api: RestApiModel = {
    kind: 'REST',
    id: server.apiId ?? 'unknown',
    endpointTypes,
    vpcEndpointIds,
    disableExecuteApiEndpoint,
    apiKeySource: doc['x-amazon-apigateway-api-key-source'] === 'AUTHORIZER' ? 'AUTHORIZER' : 'HEADER',
    authorizers,
    stages: stageName
      ? [
          {
            name: stageName,
            resources,
            routesOrigin: 'openapi-export',
            variables: {},
            ...(gatewayResponses ? { gatewayResponses } : {}),
          },
        ]
      : [],
    origin,
  };
  if (!stageName) {
    // A file with an API id but no stage is the API as configured, not a stage's deployment.
    api.currentResources = resources;
    inventory.gaps.push({
      apiId: server.apiId,
      message: `${origin} names no stage, so it describes the configuration, not what a stage serves`,
    });
  }
  if (server.region) api.region = server.region;
  if (title) api.name = title;
  if (policy) api.policy = policy;
  if (gatewayResponses) api.gatewayResponses = gatewayResponses;
  if (placeholder) api.placeholder = true;
  inventory.apis.push(api);
  if (endpointTypes.length === 0) {
    inventory.gaps.push({
      apiId: server.apiId,
      message: `${origin} does not state the endpoint type (EDGE, REGIONAL or PRIVATE)`,
    });
  }
  return inventory;
}
