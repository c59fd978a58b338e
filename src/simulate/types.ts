import type {
  ApiModel,
  Basis,
  DomainMapping,
  DomainModel,
  HttpStage,
  MethodConfig,
  RestStage,
  RoutingRule,
} from '../model/types.js';
import type { Endpoint } from './endpoint.js';

/** A request as a client would send it. Header names are matched case-insensitively. */
export interface GatewayRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** The caller sits in a VPC and reaches API Gateway through this interface endpoint. */
  fromVpcEndpoint?: string;
  /** The clock, for signature-expiry checks; the simulator never reads one itself. */
  now?: Date;
}

export type TraceStepName =
  | 'endpoint'
  | 'custom-domain'
  | 'api'
  | 'execute-api-endpoint'
  | 'network'
  | 'stage'
  | 'route'
  | 'authorization'
  | 'resource-policy'
  | 'api-key'
  | 'integration'
  | 'response';

export interface TraceStep {
  step: TraceStepName;
  result: 'pass' | 'fail' | 'info' | 'unknown';
  detail: string;
  basis: Basis;
}

export interface PredictedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Who answers: API Gateway itself, or the integration behind the matched route. */
  source: 'api-gateway' | 'integration' | 'aws-service';
}

/**
 * Why the request ended where it did. Gateway response types are API Gateway's own names; the
 * others are answers that no gateway response can customise.
 */
export type OutcomeCode =
  | 'MISSING_AUTHENTICATION_TOKEN'
  | 'INCOMPLETE_SIGNATURE'
  | 'INVALID_SIGNATURE'
  | 'EXPIRED_TOKEN'
  | 'STAGE_NOT_FOUND'
  | 'ENDPOINT_DISABLED'
  | 'PUBLIC_API_VIA_VPCE'
  | 'VPCE_API_ID_MISSING'
  | 'NO_DOMAIN_MAPPING'
  | 'HTTP_NOT_FOUND'
  | 'HTTP_FORBIDDEN'
  | 'ACCESS_DENIED'
  | 'UNAUTHORIZED'
  | 'INVALID_API_KEY'
  | 'INTEGRATION_MISCONFIGURED'
  | 'INTEGRATION'
  | 'NO_SUCH_HOST'
  | 'AWS_SERVICE_ENDPOINT'
  | 'UNKNOWN';

export interface RouteMatch {
  resourcePath: string;
  httpMethod: string;
  pathParameters: Record<string, string>;
  method?: MethodConfig;
  /** For HTTP APIs: the route key that matched. */
  routeKey?: string;
}

export interface AuthFacts {
  authorizationType: string;
  header: 'absent' | 'sigv4' | 'other';
  scheme?: string;
  scope?: { accessKeyId: string; date: string; region: string; service: string };
  problem?: string;
}

export interface ApiKeyFacts {
  present: boolean;
  problem?: 'missing' | 'unknown-key' | 'disabled' | 'not-in-usage-plan';
  keyId?: string;
}

export interface SimulationFacts {
  /** The stage name looked for and the stages that exist. */
  stageLookup?: { tried: string | undefined; known: string[] };
  /** Set when no deployed route serves the request. */
  routeMiss?: {
    path: string;
    method: string;
    /** Deployed resources whose path matches but which lack the method: path → their methods. */
    samePath: { path: string; methods: string[] }[];
    deepestPrefix: string;
    /** The route as it exists in the current (undeployed) configuration, if it does. */
    inCurrentConfig?: RouteMatch;
    /** The route as it exists in the user's intended definition (`--source`), if it does. */
    inIntendedConfig?: RouteMatch;
  };
  auth?: AuthFacts;
  apiKey?: ApiKeyFacts;
  policy?: { decision: 'allow' | 'explicit-deny' | 'implicit-deny' | 'unknown'; arn: string };
  gatewayResponse?: { type: string; customised: boolean; via?: string };
  integrationProblem?: string;
  domainRoute?: {
    via: 'mapping' | 'routing-rule';
    mapping?: DomainMapping;
    rule?: RoutingRule;
    remainder: string;
  };
  canaryDiffers?: boolean;
  /** Whether the stage's canary deployment (if any) serves this request. */
  canaryServes?: boolean;
  /** The whole answer rests on configuration the sources did not hold. */
  configUnknown?: string;
}

export interface Simulation {
  request: {
    method: string;
    url: string;
    host: string;
    path: string;
    query: string;
    headers: Record<string, string>;
    fromVpcEndpoint?: string;
  };
  endpoint: Endpoint;
  api?: ApiModel;
  domain?: DomainModel;
  stage?: RestStage | HttpStage;
  /** Path inside the API, after the stage or base path is taken off. */
  apiPath?: string;
  route: RouteMatch | null;
  outcome: OutcomeCode;
  /** null only when API Gateway's answer is not known (said in the trace). */
  response: PredictedResponse | null;
  basis: Basis;
  trace: TraceStep[];
  facts: SimulationFacts;
}
