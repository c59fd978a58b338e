/**
 * The model: what the tool knows about the APIs, stages and domains a request can reach.
 * Every source (OpenAPI exports, snapshots, later the live collector) is turned into this shape,
 * and the simulator and rules read nothing else.
 */

/** How sure a prediction is, after the tags in shared/reference/gateway-behavior.md. */
export type Basis = 'documented' | 'recorded' | 'community' | 'inferred';

export const BASIS_RANK: Record<Basis, number> = { documented: 0, recorded: 0, community: 1, inferred: 2 };

/** The seven verbs `ANY` stands for (documented). */
export const ANY_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'] as const;

export type AuthorizationType = 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'COGNITO_USER_POOLS' | 'JWT';

export interface IntegrationConfig {
  /** AWS_PROXY, AWS, HTTP, HTTP_PROXY, MOCK */
  type: string;
  /** The method API Gateway uses to call the backend (a Lambda proxy must use POST). */
  httpMethod?: string;
  uri?: string;
  connectionType?: string;
  payloadFormatVersion?: string;
}

export interface MethodConfig {
  httpMethod: string;
  authorizationType: AuthorizationType | string;
  authorizerId?: string;
  apiKeyRequired: boolean;
  integration?: IntegrationConfig;
  operationName?: string;
}

/** One resource of a REST API with the methods it has; `path` is the full resource path. */
export interface ResourceConfig {
  path: string;
  id?: string;
  methods: Record<string, MethodConfig>;
}

export interface AuthorizerConfig {
  id: string;
  name: string;
  /** TOKEN, REQUEST, COGNITO_USER_POOLS (REST); JWT, REQUEST (HTTP API). */
  type: string;
  identitySource?: string;
}

export interface GatewayResponseConfig {
  responseType: string;
  statusCode?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
  defaultResponse?: boolean;
}

/** Where a stage's route table came from; the simulator's basis depends on it. */
export type RoutesOrigin =
  'deployment-apisummary' | 'stage-export' | 'openapi-export' | 'current-config-assumed' | 'http-api-routes';

export interface CanaryConfig {
  deploymentId?: string;
  percentTraffic: number;
  resources?: ResourceConfig[];
}

export interface RestStage {
  name: string;
  deploymentId?: string;
  deploymentCreatedDate?: string;
  lastUpdatedDate?: string;
  /** Routes the stage serves (its deployment); undefined when nothing tells us. */
  resources?: ResourceConfig[];
  routesOrigin?: RoutesOrigin;
  /** Gateway responses as deployed to this stage (from the stage export), if known. */
  gatewayResponses?: Record<string, GatewayResponseConfig>;
  variables: Record<string, string>;
  canary?: CanaryConfig;
}

export interface PolicyStatement {
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement[];
}

export interface RestApiModel {
  kind: 'REST';
  id: string;
  name?: string;
  region?: string;
  accountId?: string;
  /** EDGE, REGIONAL, PRIVATE; empty when unknown. */
  endpointTypes: string[];
  vpcEndpointIds: string[];
  disableExecuteApiEndpoint: boolean;
  apiKeySource: 'HEADER' | 'AUTHORIZER';
  policy?: PolicyDocument;
  authorizers: AuthorizerConfig[];
  /** Gateway responses as currently configured (GetGatewayResponses). */
  gatewayResponses?: Record<string, GatewayResponseConfig>;
  stages: RestStage[];
  /** Resources as configured now (GetResources); undefined when unknown. */
  currentResources?: ResourceConfig[];
  /** Routes as intended by the user's own definition (`--source`). */
  intendedResources?: ResourceConfig[];
  intendedSource?: string;
  /** True when the id, region or stage were not stated by the source and were taken from the URL. */
  placeholder?: boolean;
  /** Tags of the API (who manages it: CloudFormation, CDK, Serverless, Terraform…). */
  tags?: Record<string, string>;
  origin: string;
}

export interface HttpRouteConfig {
  routeKey: string;
  routeId?: string;
  authorizationType: AuthorizationType | string;
  authorizerId?: string;
  apiKeyRequired: boolean;
  target?: string;
  integration?: IntegrationConfig;
}

export interface HttpStage {
  name: string;
  autoDeploy: boolean;
  deploymentId?: string;
  lastUpdatedDate?: string;
  variables: Record<string, string>;
}

export interface HttpApiModel {
  kind: 'HTTP' | 'WEBSOCKET';
  id: string;
  name?: string;
  region?: string;
  accountId?: string;
  disableExecuteApiEndpoint: boolean;
  routeSelectionExpression?: string;
  routes: HttpRouteConfig[];
  stages: HttpStage[];
  deployments: { id: string; createdDate?: string; status?: string; autoDeployed?: boolean }[];
  authorizers: AuthorizerConfig[];
  placeholder?: boolean;
  origin: string;
}

export type ApiModel = RestApiModel | HttpApiModel;

export interface DomainMapping {
  /** '' for the `(none)` mapping; multi-level paths use '/' (e.g. `orders/v1`). */
  basePath: string;
  apiId: string;
  stage?: string;
  /** The apigatewayv2 id of the mapping (GetApiMappings), needed to update or delete it there. */
  apiMappingId?: string;
}

export interface RoutingRule {
  priority: number;
  headers: { header: string; valueGlob: string }[];
  basePaths: string[];
  apiId: string;
  stage: string;
  stripBasePath: boolean;
}

export interface DomainModel {
  domainName: string;
  region?: string;
  accountId?: string;
  endpointType?: string;
  routingMode: 'API_MAPPING_ONLY' | 'ROUTING_RULE_ONLY' | 'ROUTING_RULE_THEN_API_MAPPING';
  mappings: DomainMapping[];
  routingRules: RoutingRule[];
  targetDomainName?: string;
  origin: string;
}

export interface ApiKeyConfig {
  id: string;
  name?: string;
  enabled: boolean;
  value?: string;
}

export interface UsagePlanConfig {
  id: string;
  name?: string;
  apiStages: { apiId: string; stage: string }[];
  keyIds?: string[];
}

/** Everything known, plus what could not be checked and why. */
export interface Gap {
  apiId?: string;
  message: string;
}

export interface Inventory {
  apis: ApiModel[];
  domains: DomainModel[];
  apiKeys?: ApiKeyConfig[];
  usagePlans?: UsagePlanConfig[];
  /** Regions (with account) the sources cover completely: an API id missing there does not exist. */
  coveredRegions: { accountId?: string; region: string }[];
  /** Every API the sources list (GetRestApis / GetApis), configured in detail or not. */
  listedApis: { id: string; name?: string; region: string }[];
  /** Live calls that AWS refused (AccessDenied): the diagnosis went on without what they would have read. */
  accessDenied?: { operation: string; resource: string; code: string; message: string }[];
  /** What the sources did not say, so the diagnosis could not check it (per API where it is about one). */
  gaps: Gap[];
  sources: string[];
}

export function emptyInventory(): Inventory {
  return { apis: [], domains: [], coveredRegions: [], listedApis: [], gaps: [], sources: [] };
}

export function mergeInventories(parts: Inventory[]): Inventory {
  const merged = emptyInventory();
  for (const part of parts) {
    merged.apis.push(...part.apis);
    merged.domains.push(...part.domains);
    if (part.apiKeys) merged.apiKeys = [...(merged.apiKeys ?? []), ...part.apiKeys];
    if (part.usagePlans) merged.usagePlans = [...(merged.usagePlans ?? []), ...part.usagePlans];
    merged.coveredRegions.push(...part.coveredRegions);
    merged.listedApis.push(...part.listedApis);
    merged.gaps.push(...part.gaps);
    merged.sources.push(...part.sources);
  }
  return merged;
}
