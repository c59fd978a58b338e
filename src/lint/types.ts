/** The lint engine's own model: what API Gateway pieces a set of IaC files declares, each with its file and line. */

export type Framework = 'cloudformation' | 'sam' | 'serverless' | 'terraform' | 'openapi';
export type LintSeverity = 'error' | 'warning' | 'info';
export type ApiKind = 'rest' | 'http' | 'websocket' | 'unknown';
/** Who creates the API's deployments: the file itself, or a framework that redeploys on every change. */
export type DeployedBy = 'file' | 'sam' | 'serverless' | 'elsewhere';
/** Syntax of the file, so fixes are written in it. */
export type Syntax = 'yaml' | 'json' | 'hcl';

export interface Place {
  file: string;
  line: number;
}

export interface SourceFile {
  path: string;
  framework: Framework;
  syntax: Syntax;
}

export interface IacApi extends Place {
  /** Logical id, Terraform address, or the name a framework gives it (ServerlessRestApi, ApiGatewayRestApi). */
  key: string;
  kind: ApiKind;
  framework: Framework;
  syntax: Syntax;
  deployedBy: DeployedBy;
  /** The definition is an OpenAPI body (Body, BodyS3Location, DefinitionBody, DefinitionUri, body). */
  bodyDefined: boolean;
  /** Literal endpoint types; 'unknown' when computed (a parameter, a variable). */
  endpointTypes: string[] | 'unknown';
  endpointLine: number;
  hasPolicy: boolean | 'unknown';
  disableExecuteApiEndpoint: boolean | 'unknown';
  /** The framework answers CORS preflights itself (SAM Cors, HTTP API CORS configuration, serverless cors). */
  corsByFramework: boolean;
  /** An HTTP API created with Target (quick create): API Gateway adds a $default route and auto-deployed stage. */
  quickCreate: boolean;
}

export interface IacRoute extends Place {
  apiKey: string | null;
  /** The Method/Route resource (logical id, Terraform address); null for OpenAPI operations and framework events. */
  key: string | null;
  /** GET, ANY, OPTIONS…; `$default` for an HTTP/WebSocket default route. */
  method: string;
  /** '/a/{b+}' or an HTTP route path or a WebSocket route key; null when it cannot be resolved. */
  path: string | null;
  authorization: string | null;
  authLine: number;
  /** The method's responses carry Access-Control-* headers: the author expects browsers to call it cross-origin. */
  corsHeaders: boolean;
  /** Terraform integrations attached to this method. */
  integrationKeys: string[];
  /** The framework creates this route from an event (SAM, Serverless): it adds OPTIONS itself when asked. */
  fromFramework: boolean;
  /** How the file names the method's resource (`!Ref Items`, `aws_api_gateway_resource.items.id`), for fixes. */
  resourceRef?: string;
}

export interface IacDeployment extends Place {
  key: string;
  apiKey: string | null;
  version: 'v1' | 'v2';
  framework: Framework;
  syntax: Syntax;
  /** CloudFormation DependsOn, or Terraform depends_on addresses. */
  dependsOn: string[];
  dependsOnLine: number;
  /** CloudFormation StageName / Terraform stage_name: the deployment creates its stage. */
  stageName: string | null;
  /** Terraform `triggers`: the addresses it hashes, and whether it hashes files. */
  triggers: { line: number; refs: string[]; hashesFiles: boolean } | null;
  /** Legacy Terraform pattern: stage_description or variables computed from a hash. */
  legacyHash: boolean;
  /** Every address the Terraform block mentions (ordering). */
  mentions: string[];
  hasCreateBeforeDestroy: boolean;
  /** Extra context for the message (a Metadata bump that does not redeploy). */
  note: string | null;
}

export interface IacStage extends Place {
  key: string;
  apiKey: string | null;
  version: 'v1' | 'v2';
  framework: Framework;
  syntax: Syntax;
  hasDeploymentId: boolean;
  autoDeploy: boolean | 'unknown';
  autoDeployLine: number;
  stageName: string | null;
}

export interface IacDomainUse extends Place {
  apiKey: string;
  /** The mapping or routing rule that sends a custom domain's traffic to the API. */
  via: string;
}

export interface IacGatewayResponse extends Place {
  apiKey: string | null;
  type: string;
  statusCode: string | null;
  hasTemplates: boolean;
  framework: Framework;
}

/** Terraform pieces that rules name in fixes (resources, methods, integrations, routes). */
export interface TfApiPart {
  address: string;
  apiKey: string;
  kind: 'resource' | 'method' | 'integration' | 'route' | 'v2-integration';
}

export interface IacModel {
  apis: IacApi[];
  routes: IacRoute[];
  deployments: IacDeployment[];
  stages: IacStage[];
  domainUses: IacDomainUse[];
  gatewayResponses: IacGatewayResponse[];
  tfParts: TfApiPart[];
}

export function emptyModel(): IacModel {
  return {
    apis: [],
    routes: [],
    deployments: [],
    stages: [],
    domainUses: [],
    gatewayResponses: [],
    tfParts: [],
  };
}

export interface LintFix {
  summary: string;
  /** The exact text to write, in the file's syntax, with its names. */
  code?: string;
}

export interface LintFinding {
  ruleId: string;
  severity: LintSeverity;
  file: string;
  line: number;
  message: string;
  fix: LintFix | null;
}

export interface LintRule {
  id: string;
  title: string;
  severity: LintSeverity;
  /** One paragraph: why it matters, with its AWS documentation. */
  why: string;
  docs: string[];
  check(model: IacModel): LintFinding[];
}
