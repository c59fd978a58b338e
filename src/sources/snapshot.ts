import type {
  ApiKeyConfig,
  AuthorizerConfig,
  DomainMapping,
  DomainModel,
  GatewayResponseConfig,
  HttpApiModel,
  HttpRouteConfig,
  HttpStage,
  IntegrationConfig,
  Inventory,
  MethodConfig,
  PolicyDocument,
  ResourceConfig,
  RestApiModel,
  RestStage,
  RoutingRule,
  UsagePlanConfig,
} from '../model/types.js';
import { emptyInventory } from '../model/types.js';
import { isOpenApiDocument, resourcesFromOpenApi } from './openapi.js';

/**
 * The snapshot format: an envelope whose every leaf is the verbatim output of the AWS CLI / SDK call
 * it is named after (see schema/snapshot.schema.json). REST (apigateway) members are camelCase;
 * apigatewayv2 members are PascalCase in the CLI and SDK, camelCase on the wire: both are read.
 */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** First present member among the spellings given (SDK/CLI PascalCase, wire camelCase). */
function pick(obj: unknown, ...names: string[]): unknown {
  if (!isObject(obj)) return undefined;
  for (const name of names) if (obj[name] !== undefined) return obj[name];
  return undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function date(value: unknown): string | undefined {
  if (typeof value === 'number') return new Date(value * 1000).toISOString();
  if (typeof value === 'string') return value;
  return undefined;
}

function items(obj: unknown, ...names: string[]): Json[] {
  if (Array.isArray(obj)) return obj.filter(isObject);
  const list = pick(obj, ...(names.length ? names : ['items', 'item', 'Items']));
  return Array.isArray(list) ? list.filter(isObject) : [];
}

export function parsePolicy(raw: unknown): PolicyDocument | undefined {
  if (isObject(raw)) return normalisePolicy(raw);
  if (typeof raw !== 'string' || !raw.trim()) return undefined;
  // GetRestApi returns the policy as a JSON string with its quotes backslash-escaped.
  for (const candidate of [raw, raw.replace(/\\"/g, '"').replace(/\\\\/g, '\\')]) {
    try {
      const parsed: unknown = JSON.parse(candidate);
      if (isObject(parsed)) return normalisePolicy(parsed);
    } catch {
      // try the next spelling
    }
  }
  return undefined;
}

function normalisePolicy(raw: Json): PolicyDocument {
  const statement = Array.isArray(raw.Statement)
    ? raw.Statement
    : isObject(raw.Statement)
      ? [raw.Statement]
      : [];
  return { ...(raw as object), Statement: statement } as PolicyDocument;
}

function readIntegration(raw: unknown): IntegrationConfig | undefined {
  if (!isObject(raw)) return undefined;
  const integration: IntegrationConfig = {
    type: String(pick(raw, 'type', 'IntegrationType', 'integrationType') ?? '').toUpperCase(),
  };
  const method = str(pick(raw, 'httpMethod', 'IntegrationMethod', 'integrationMethod'));
  if (method) integration.httpMethod = method.toUpperCase();
  const uri = str(pick(raw, 'uri', 'IntegrationUri', 'integrationUri'));
  if (uri) integration.uri = uri;
  const connection = str(pick(raw, 'connectionType', 'ConnectionType'));
  if (connection) integration.connectionType = connection;
  const payload = str(pick(raw, 'PayloadFormatVersion', 'payloadFormatVersion'));
  if (payload) integration.payloadFormatVersion = payload;
  return integration;
}

function readMethod(verb: string, raw: Json): MethodConfig {
  const method: MethodConfig = {
    httpMethod: str(raw.httpMethod) ?? verb,
    // Without --embed methods, get-resources lists each verb as {}: its settings are unknown, not NONE.
    authorizationType: str(raw.authorizationType) ?? 'UNKNOWN',
    apiKeyRequired: raw.apiKeyRequired === true,
  };
  const authorizerId = str(raw.authorizerId);
  if (authorizerId) method.authorizerId = authorizerId;
  const integration = readIntegration(raw.methodIntegration);
  if (integration) method.integration = integration;
  return method;
}

function readResources(raw: unknown): { resources: ResourceConfig[]; embedded: boolean } {
  let embedded = false;
  const resources = items(raw).map((item) => {
    const resource: ResourceConfig = { path: str(item.path) ?? '/', methods: {} };
    const id = str(item.id);
    if (id) resource.id = id;
    if (isObject(item.resourceMethods)) {
      for (const [verb, method] of Object.entries(item.resourceMethods)) {
        if (isObject(method) && method.authorizationType !== undefined) embedded = true;
        resource.methods[verb] = readMethod(verb, isObject(method) ? method : {});
      }
    }
    return resource;
  });
  return { resources, embedded };
}

/** Routes of a deployment from `get-deployment --embed apisummary`, with integrations from the export. */
function resourcesFromApiSummary(
  summary: Json,
  exported: ResourceConfig[] | undefined,
  current: ResourceConfig[] | undefined,
): ResourceConfig[] {
  const exportedByPath = new Map((exported ?? []).map((r) => [r.path, r]));
  const currentByPath = new Map((current ?? []).map((r) => [r.path, r]));
  const resources: ResourceConfig[] = [];
  for (const [path, methods] of Object.entries(summary)) {
    if (!isObject(methods)) continue;
    const resource: ResourceConfig = { path, methods: {} };
    const id = currentByPath.get(path)?.id;
    if (id) resource.id = id;
    for (const [verb, snapshot] of Object.entries(methods)) {
      const s = isObject(snapshot) ? snapshot : {};
      const method: MethodConfig = {
        httpMethod: verb,
        authorizationType: str(s.authorizationType) ?? 'NONE',
        apiKeyRequired: s.apiKeyRequired === true,
      };
      const fromExport = exportedByPath.get(path)?.methods[verb];
      const fromCurrent = currentByPath.get(path)?.methods[verb];
      const authorizerId =
        fromExport?.authorizerId ??
        (fromCurrent?.authorizationType === method.authorizationType ? fromCurrent.authorizerId : undefined);
      if (authorizerId) method.authorizerId = authorizerId;
      if (fromExport?.integration) method.integration = fromExport.integration;
      resource.methods[verb] = method;
    }
    resources.push(resource);
  }
  return resources;
}

function readGatewayResponses(raw: unknown): Record<string, GatewayResponseConfig> | undefined {
  const list = items(raw);
  if (list.length === 0) return undefined;
  const out: Record<string, GatewayResponseConfig> = {};
  for (const item of list) {
    const type = str(item.responseType);
    if (!type) continue;
    const config: GatewayResponseConfig = {
      responseType: type,
      defaultResponse: item.defaultResponse === true,
    };
    const status = str(item.statusCode);
    if (status) config.statusCode = status;
    if (isObject(item.responseParameters))
      config.responseParameters = item.responseParameters as Record<string, string>;
    if (isObject(item.responseTemplates))
      config.responseTemplates = item.responseTemplates as Record<string, string>;
    out[type] = config;
  }
  return out;
}

function readAuthorizers(raw: unknown): AuthorizerConfig[] {
  return items(raw).flatMap((item) => {
    const id = str(pick(item, 'id', 'AuthorizerId', 'authorizerId'));
    if (!id) return [];
    const identity = pick(item, 'identitySource', 'IdentitySource');
    const config: AuthorizerConfig = {
      id,
      name: str(pick(item, 'name', 'Name')) ?? id,
      type: str(pick(item, 'type', 'AuthorizerType', 'authorizerType')) ?? 'TOKEN',
    };
    const source = Array.isArray(identity) ? identity.map(String).join(',') : str(identity);
    if (source) config.identitySource = source;
    return [config];
  });
}

function readRestApi(
  entry: Json,
  region: string,
  accountId: string | undefined,
  inventory: Inventory,
  origin: string,
): RestApiModel | undefined {
  const restApi = isObject(entry.restApi) ? entry.restApi : undefined;
  const id = str(restApi?.id);
  if (!restApi || !id) {
    inventory.gaps.push({
      message: `${origin}: a restApis entry in ${region} has no restApi.id and was skipped`,
    });
    return undefined;
  }
  const endpoint = isObject(restApi.endpointConfiguration) ? restApi.endpointConfiguration : {};
  const api: RestApiModel = {
    kind: 'REST',
    id,
    region,
    endpointTypes: Array.isArray(endpoint.types) ? endpoint.types.map(String) : [],
    vpcEndpointIds: Array.isArray(endpoint.vpcEndpointIds) ? endpoint.vpcEndpointIds.map(String) : [],
    disableExecuteApiEndpoint: restApi.disableExecuteApiEndpoint === true,
    apiKeySource: restApi.apiKeySource === 'AUTHORIZER' ? 'AUTHORIZER' : 'HEADER',
    authorizers: readAuthorizers(entry.authorizers),
    stages: [],
    origin,
  };
  const name = str(restApi.name);
  if (name) api.name = name;
  if (accountId) api.accountId = accountId;
  if (isObject(restApi.tags)) api.tags = restApi.tags as Record<string, string>;
  const policy = parsePolicy(restApi.policy);
  if (policy) api.policy = policy;
  else if (typeof restApi.policy === 'string' && restApi.policy.trim()) {
    inventory.gaps.push({
      apiId: id,
      message: `${id}: the resource policy could not be parsed, so it was not checked`,
    });
  }
  if (entry.resources !== undefined) {
    const { resources, embedded } = readResources(entry.resources);
    api.currentResources = resources;
    // Without --embed methods, methods show as {} or not at all: a tree of resources with no method
    // anywhere is far more likely unembedded than real.
    if (!embedded && (resources.length > 1 || resources.some((r) => Object.keys(r.methods).length > 0))) {
      inventory.gaps.push({
        apiId: id,
        message: `${id}: resources were recorded without --embed methods, so their current methods are unknown`,
      });
    }
  } else {
    inventory.gaps.push({
      apiId: id,
      message: `${id}: no resources recorded, so changes not yet deployed cannot be seen`,
    });
  }
  const responses = readGatewayResponses(entry.gatewayResponses);
  if (responses) api.gatewayResponses = responses;
  const deployments = Array.isArray(entry.deployments) ? entry.deployments.filter(isObject) : [];
  const exports = isObject(entry.exports) ? entry.exports : {};
  for (const raw of items(entry.stages, 'item', 'items')) {
    const stageName = str(raw.stageName);
    if (!stageName) continue;
    const stage: RestStage = {
      name: stageName,
      variables: isObject(raw.variables) ? (raw.variables as Record<string, string>) : {},
    };
    const deploymentId = str(raw.deploymentId);
    if (deploymentId) stage.deploymentId = deploymentId;
    const updated = date(raw.lastUpdatedDate);
    if (updated) stage.lastUpdatedDate = updated;
    const exported = exports[stageName];
    const exportedResources = isOpenApiDocument(exported) ? resourcesFromOpenApi(exported) : undefined;
    if (isOpenApiDocument(exported)) {
      const responsesInExport = exported['x-amazon-apigateway-gateway-responses'];
      if (isObject(responsesInExport)) {
        stage.gatewayResponses = {};
        for (const [type, value] of Object.entries(responsesInExport)) {
          if (!isObject(value)) continue;
          const config: GatewayResponseConfig = { responseType: type, defaultResponse: false };
          if (value.statusCode !== undefined) config.statusCode = String(value.statusCode);
          if (isObject(value.responseParameters))
            config.responseParameters = value.responseParameters as Record<string, string>;
          if (isObject(value.responseTemplates))
            config.responseTemplates = value.responseTemplates as Record<string, string>;
          stage.gatewayResponses[type] = config;
        }
      }
    }
    const deployment = deployments.find((d) => str(d.id) === deploymentId);
    if (deployment) {
      const created = date(deployment.createdDate);
      if (created) stage.deploymentCreatedDate = created;
    }
    if (deployment && isObject(deployment.apiSummary)) {
      stage.resources = resourcesFromApiSummary(
        deployment.apiSummary,
        exportedResources,
        api.currentResources,
      );
      stage.routesOrigin = 'deployment-apisummary';
      if (!exportedResources) {
        inventory.gaps.push({
          apiId: id,
          message: `${id}/${stageName}: no stage export recorded, so deployed integrations are unknown`,
        });
      }
    } else if (exportedResources) {
      stage.resources = exportedResources;
      stage.routesOrigin = 'stage-export';
      if (
        isOpenApiDocument(exported) &&
        exportLacksAuthorization(exported, exportedResources, api.currentResources)
      ) {
        // AWS's export always carries the security of AWS_IAM and authorizer methods; an export
        // without any (an emulator's) says nothing about authorization: take the configuration's.
        stage.resources = withCurrentAuthorization(exportedResources, api.currentResources!);
        inventory.gaps.push({
          apiId: id,
          message: `${id}/${stageName}: the stage export carries no authorization settings, so those of the current configuration were assumed`,
        });
      }
    } else {
      inventory.gaps.push({
        apiId: id,
        message: `${id}/${stageName}: neither the deployment (get-deployment --embed apisummary) nor a stage export was recorded, so what the stage serves is assumed to be the current configuration`,
      });
    }
    const canary = isObject(raw.canarySettings) ? raw.canarySettings : undefined;
    if (canary) {
      const canaryDeploymentId = str(canary.deploymentId);
      const canaryDeployment = deployments.find((d) => str(d.id) === canaryDeploymentId);
      stage.canary = {
        percentTraffic: typeof canary.percentTraffic === 'number' ? canary.percentTraffic : 0,
      };
      if (canaryDeploymentId) stage.canary.deploymentId = canaryDeploymentId;
      if (canaryDeployment && isObject(canaryDeployment.apiSummary)) {
        stage.canary.resources = resourcesFromApiSummary(
          canaryDeployment.apiSummary,
          undefined,
          api.currentResources,
        );
      }
    }
    api.stages.push(stage);
  }
  if (entry.stages === undefined) inventory.gaps.push({ apiId: id, message: `${id}: no stages recorded` });
  return api;
}

function readHttpApi(
  entry: Json,
  region: string,
  accountId: string | undefined,
  inventory: Inventory,
  origin: string,
): HttpApiModel | undefined {
  const raw = entry.api;
  const id = str(pick(raw, 'ApiId', 'apiId'));
  if (!id) {
    inventory.gaps.push({
      message: `${origin}: an httpApis entry in ${region} has no api.ApiId and was skipped`,
    });
    return undefined;
  }
  const protocol = String(pick(raw, 'ProtocolType', 'protocolType') ?? 'HTTP').toUpperCase();
  const integrations = new Map<string, IntegrationConfig>();
  for (const item of items(entry.integrations, 'Items', 'items')) {
    const integrationId = str(pick(item, 'IntegrationId', 'integrationId'));
    const integration = readIntegration(item);
    if (integrationId && integration) integrations.set(integrationId, integration);
  }
  const routes: HttpRouteConfig[] = items(entry.routes, 'Items', 'items').map((item) => {
    const route: HttpRouteConfig = {
      routeKey: str(pick(item, 'RouteKey', 'routeKey')) ?? '$default',
      authorizationType: str(pick(item, 'AuthorizationType', 'authorizationType')) ?? 'NONE',
      apiKeyRequired: pick(item, 'ApiKeyRequired', 'apiKeyRequired') === true,
    };
    const routeId = str(pick(item, 'RouteId', 'routeId'));
    if (routeId) route.routeId = routeId;
    const authorizerId = str(pick(item, 'AuthorizerId', 'authorizerId'));
    if (authorizerId) route.authorizerId = authorizerId;
    const target = str(pick(item, 'Target', 'target'));
    if (target) {
      route.target = target;
      const integration = integrations.get(target.replace(/^integrations\//, ''));
      if (integration) route.integration = integration;
    }
    return route;
  });
  const stages: HttpStage[] = items(entry.stages, 'Items', 'items').map((item) => {
    const stage: HttpStage = {
      name: str(pick(item, 'StageName', 'stageName')) ?? '$default',
      autoDeploy: pick(item, 'AutoDeploy', 'autoDeploy') === true,
      variables: (pick(item, 'StageVariables', 'stageVariables') as Record<string, string> | undefined) ?? {},
    };
    const deploymentId = str(pick(item, 'DeploymentId', 'deploymentId'));
    if (deploymentId) stage.deploymentId = deploymentId;
    const updated = date(pick(item, 'LastUpdatedDate', 'lastUpdatedDate'));
    if (updated) stage.lastUpdatedDate = updated;
    return stage;
  });
  const api: HttpApiModel = {
    kind: protocol === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP',
    id,
    region,
    disableExecuteApiEndpoint: pick(raw, 'DisableExecuteApiEndpoint', 'disableExecuteApiEndpoint') === true,
    routes,
    stages,
    deployments: items(entry.deployments, 'Items', 'items').flatMap((d) => {
      const deploymentId = str(pick(d, 'DeploymentId', 'deploymentId'));
      if (!deploymentId) return [];
      const out: HttpApiModel['deployments'][number] = { id: deploymentId };
      const created = date(pick(d, 'CreatedDate', 'createdDate'));
      if (created) out.createdDate = created;
      const status = str(pick(d, 'DeploymentStatus', 'deploymentStatus'));
      if (status) out.status = status;
      if (pick(d, 'AutoDeployed', 'autoDeployed') === true) out.autoDeployed = true;
      return [out];
    }),
    authorizers: readAuthorizers(entry.authorizers),
    origin,
  };
  const name = str(pick(raw, 'Name', 'name'));
  if (name) api.name = name;
  if (accountId) api.accountId = accountId;
  const rse = str(pick(raw, 'RouteSelectionExpression', 'routeSelectionExpression'));
  if (rse) api.routeSelectionExpression = rse;
  if (entry.routes === undefined) inventory.gaps.push({ apiId: id, message: `${id}: no routes recorded` });
  return api;
}

function readDomain(
  entry: Json,
  region: string,
  accountId: string | undefined,
  origin: string,
): DomainModel | undefined {
  const raw = entry.domainName;
  const name = str(pick(raw, 'domainName', 'DomainName'));
  if (!name) return undefined;
  const configs = pick(raw, 'DomainNameConfigurations', 'domainNameConfigurations');
  const firstConfig = Array.isArray(configs) && isObject(configs[0]) ? configs[0] : undefined;
  const endpointConfiguration = pick(raw, 'endpointConfiguration');
  const types =
    isObject(endpointConfiguration) && Array.isArray(endpointConfiguration.types)
      ? endpointConfiguration.types
      : [];
  const endpointType = str(types[0]) ?? str(pick(firstConfig, 'EndpointType', 'endpointType'));
  const routingMode = str(pick(raw, 'routingMode', 'RoutingMode'));
  const mappings = new Map<string, DomainMapping>();
  for (const item of items(entry.basePathMappings, 'items', 'item')) {
    const basePath = str(item.basePath) ?? '(none)';
    const apiId = str(item.restApiId);
    if (!apiId) continue;
    const mapping: DomainMapping = {
      basePath: basePath === '(none)' ? '' : basePath.replace(/^\/+|\/+$/g, ''),
      apiId,
    };
    const stage = str(item.stage);
    if (stage) mapping.stage = stage;
    mappings.set(mapping.basePath, mapping);
  }
  for (const item of items(entry.apiMappings, 'Items', 'items')) {
    const apiId = str(pick(item, 'ApiId', 'apiId'));
    if (!apiId) continue;
    const key = (str(pick(item, 'ApiMappingKey', 'apiMappingKey')) ?? '').replace(/^\/+|\/+$/g, '');
    const mapping: DomainMapping = { basePath: key === '(none)' ? '' : key, apiId };
    const stage = str(pick(item, 'Stage', 'stage'));
    if (stage) mapping.stage = stage;
    const id = str(pick(item, 'ApiMappingId', 'apiMappingId'));
    const known = mappings.get(mapping.basePath);
    if (!known) {
      if (id) mapping.apiMappingId = id;
      mappings.set(mapping.basePath, mapping);
    } else if (id && known.apiId === apiId) known.apiMappingId = id;
  }
  const rules: RoutingRule[] = items(
    entry.routingRules,
    'RoutingRules',
    'routingRules',
    'Items',
    'items',
  ).flatMap((rule) => {
    const actions = pick(rule, 'Actions', 'actions');
    const invoke = Array.isArray(actions) ? pick(actions[0], 'InvokeApi', 'invokeApi') : undefined;
    const apiId = str(pick(invoke, 'ApiId', 'apiId'));
    const stage = str(pick(invoke, 'Stage', 'stage'));
    if (!apiId || !stage) return [];
    const headers: RoutingRule['headers'] = [];
    const basePaths: string[] = [];
    const conditions = pick(rule, 'Conditions', 'conditions');
    for (const condition of Array.isArray(conditions) ? conditions : []) {
      const matchHeaders = pick(condition, 'MatchHeaders', 'matchHeaders');
      for (const h of (pick(matchHeaders, 'AnyOf', 'anyOf') as unknown[] | undefined) ?? []) {
        const header = str(pick(h, 'Header', 'header'));
        const valueGlob = str(pick(h, 'ValueGlob', 'valueGlob'));
        if (header && valueGlob !== undefined) headers.push({ header, valueGlob });
      }
      const matchBasePaths = pick(condition, 'MatchBasePaths', 'matchBasePaths');
      for (const p of (pick(matchBasePaths, 'AnyOf', 'anyOf') as unknown[] | undefined) ?? []) {
        if (typeof p === 'string') basePaths.push(p.replace(/^\/+|\/+$/g, ''));
      }
    }
    return [
      {
        priority: Number(pick(rule, 'Priority', 'priority') ?? 0),
        headers,
        basePaths,
        apiId,
        stage,
        stripBasePath: pick(invoke, 'StripBasePath', 'stripBasePath') === true,
      },
    ];
  });
  const domain: DomainModel = {
    domainName: name.toLowerCase(),
    region,
    routingMode:
      routingMode === 'ROUTING_RULE_ONLY' || routingMode === 'ROUTING_RULE_THEN_API_MAPPING'
        ? routingMode
        : 'API_MAPPING_ONLY',
    mappings: [...mappings.values()],
    routingRules: rules,
    origin,
  };
  if (accountId) domain.accountId = accountId;
  if (endpointType) domain.endpointType = endpointType.toUpperCase();
  const target =
    str(pick(raw, 'regionalDomainName', 'distributionDomainName')) ??
    str(pick(firstConfig, 'ApiGatewayDomainName', 'apiGatewayDomainName'));
  if (target) domain.targetDomainName = target.toLowerCase();
  return domain;
}

/** Builds the model from a snapshot already validated against the schema. */
export function inventoryFromSnapshot(snapshot: Json, origin: string): Inventory {
  const inventory = emptyInventory();
  inventory.sources.push(origin);
  for (const account of items(snapshot.accounts)) {
    const accountId = str(account.accountId);
    for (const regionEntry of items(account.regions)) {
      const region = str(regionEntry.region) ?? 'us-east-1';
      if (regionEntry.restApiList !== undefined) {
        const covered: Inventory['coveredRegions'][number] = { region };
        if (accountId) covered.accountId = accountId;
        inventory.coveredRegions.push(covered);
      }
      for (const entry of items(regionEntry.restApis)) {
        const api = readRestApi(entry, region, accountId, inventory, origin);
        if (api) inventory.apis.push(api);
      }
      for (const entry of items(regionEntry.httpApis)) {
        const api = readHttpApi(entry, region, accountId, inventory, origin);
        if (api) inventory.apis.push(api);
      }
      for (const entry of items(regionEntry.domainNames)) {
        const domain = readDomain(entry, region, accountId, origin);
        if (domain) inventory.domains.push(domain);
      }
      if (regionEntry.apiKeys !== undefined) {
        const keys: ApiKeyConfig[] = items(regionEntry.apiKeys).flatMap((k) => {
          const id = str(k.id);
          if (!id) return [];
          const key: ApiKeyConfig = { id, enabled: k.enabled !== false };
          const name = str(k.name);
          if (name) key.name = name;
          const value = str(k.value);
          if (value) key.value = value;
          return [key];
        });
        inventory.apiKeys = [...(inventory.apiKeys ?? []), ...keys];
      }
      if (regionEntry.usagePlans !== undefined) {
        const planKeys = isObject(regionEntry.usagePlanKeys) ? regionEntry.usagePlanKeys : undefined;
        const plans: UsagePlanConfig[] = items(regionEntry.usagePlans).flatMap((p) => {
          const id = str(p.id);
          if (!id) return [];
          const plan: UsagePlanConfig = {
            id,
            apiStages: (Array.isArray(p.apiStages) ? p.apiStages.filter(isObject) : []).map((s) => ({
              apiId: str(s.apiId) ?? '',
              stage: str(s.stage) ?? '',
            })),
          };
          const name = str(p.name);
          if (name) plan.name = name;
          if (planKeys && planKeys[id] !== undefined)
            plan.keyIds = items(planKeys[id]).flatMap((k) => (str(k.id) ? [str(k.id)!] : []));
          return [plan];
        });
        inventory.usagePlans = [...(inventory.usagePlans ?? []), ...plans];
      }
    }
  }
  inventory.listedApis.push(...listedApis(snapshot));
  return inventory;
}

/** Ids and names of every API a snapshot lists in a region (for "did you mean" on unknown ids). */
export function listedApis(snapshot: Json): { id: string; name?: string; region: string }[] {
  const out: { id: string; name?: string; region: string }[] = [];
  for (const account of items(snapshot.accounts)) {
    for (const regionEntry of items(account.regions)) {
      const region = str(regionEntry.region) ?? '';
      for (const api of [
        ...items(regionEntry.restApiList),
        ...items(regionEntry.httpApiList, 'Items', 'items'),
      ]) {
        const id = str(pick(api, 'id', 'ApiId', 'apiId'));
        if (!id) continue;
        const entry: { id: string; name?: string; region: string } = { id, region };
        const name = str(pick(api, 'name', 'Name'));
        if (name) entry.name = name;
        out.push(entry);
      }
    }
  }
  return out;
}

function exportLacksAuthorization(
  doc: Json,
  exported: ResourceConfig[],
  current: ResourceConfig[] | undefined,
): boolean {
  if (!current) return false;
  const components = isObject(doc.components) ? doc.components : {};
  if (isObject(components.securitySchemes) || isObject(doc.securityDefinitions)) return false;
  if (
    exported.some((r) =>
      Object.values(r.methods).some((m) => m.authorizationType !== 'NONE' || m.apiKeyRequired),
    )
  )
    return false;
  return current.some((r) =>
    Object.values(r.methods).some((m) => m.authorizationType !== 'NONE' && m.authorizationType !== 'UNKNOWN'),
  );
}

function withCurrentAuthorization(exported: ResourceConfig[], current: ResourceConfig[]): ResourceConfig[] {
  const byPath = new Map(current.map((r) => [r.path, r]));
  return exported.map((r) => ({
    ...r,
    methods: Object.fromEntries(
      Object.entries(r.methods).map(([verb, m]) => {
        const now = byPath.get(r.path)?.methods[verb];
        if (!now) return [verb, m];
        const merged: MethodConfig = {
          ...m,
          authorizationType: now.authorizationType,
          apiKeyRequired: now.apiKeyRequired,
        };
        if (now.authorizerId) merged.authorizerId = now.authorizerId;
        return [verb, merged];
      }),
    ),
  }));
}
