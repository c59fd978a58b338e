/**
 * The stable JSON schema of `apigw-doctor scan --output json` (schemaVersion 1), shared by the scan engine
 * (which fills it), `merge` (which joins several) and the renderers (table, SARIF, Markdown, HTML).
 * Adding optional fields is compatible; renaming or removing one needs a new schemaVersion.
 */
import type { Severity } from '../diagnose/rule.js';

export type ApiKind = 'REST' | 'HTTP' | 'WEBSOCKET';

export interface ScanReport {
  schemaVersion: 1;
  tool: { name: 'apigw-doctor'; version: string };
  startedAt: string;
  finishedAt: string;
  /** True when the scan stopped early (Ctrl-C, or --state resumed later): the report holds what was found so far. */
  partial: boolean;
  scope: {
    accounts: string[];
    /** Regions asked for: 'all' (each account's enabled regions) or an explicit list. */
    regions: 'all' | string[];
    shard?: { index: number; count: number };
  };
  /** One row per account × region: what was checked there. */
  targets: ScanTarget[];
  apis: ScanApi[];
  domains: ScanDomain[];
  findings: ScanFinding[];
  notChecked: NotChecked[];
  stats: ScanStats;
}

export interface ScanTarget {
  account: string;
  /** The profile, role ARN or file entry the account was reached through (never a secret). */
  via?: string;
  region: string;
  status: 'checked' | 'not-checked';
  apis: number;
  domains: number;
  findings: number;
}

export interface ScanApi {
  account: string;
  region: string;
  id: string;
  name: string;
  kind: ApiKind;
  /** EDGE | REGIONAL | PRIVATE for REST APIs. */
  endpointType?: string;
  disableExecuteApiEndpoint?: boolean;
  tags?: Record<string, string>;
  stages: ScanStage[];
}

export interface ScanStage {
  name: string;
  deploymentId: string | null;
  /** When the stage's deployment was created (ISO 8601), when known. */
  deployedAt?: string;
  /** HTTP/WebSocket APIs. */
  autoDeploy?: boolean;
  canaryDeploymentId?: string;
  /** Deployed versus current configuration, route by route (REST: resource path + method; HTTP: route key). */
  routes: RouteRow[];
}

export interface RouteRow {
  method: string;
  path: string;
  /** 'same': deployed as configured; 'undeployed': configured, not deployed; 'removed': deployed, no longer configured; 'changed': both, but differently. */
  state: 'same' | 'undeployed' | 'removed' | 'changed';
  /** Authorization of the deployed route, or of the configured one when it is not deployed. */
  authorization?: string;
  apiKeyRequired?: boolean;
  /** For 'changed': what differs, e.g. "authorization NONE → AWS_IAM". */
  change?: string;
}

export interface ScanDomain {
  account: string;
  region: string;
  domainName: string;
  endpointType?: string;
  mappings: Array<{
    basePath: string;
    apiId: string;
    stage: string;
    target: 'ok' | 'missing-api' | 'missing-stage';
  }>;
}

export interface ScanFinding {
  /** The check's id; also the SARIF ruleId and the name of its page under docs/. */
  id: string;
  severity: Severity;
  account: string;
  region: string;
  apiId?: string;
  apiName?: string;
  stage?: string;
  domain?: string;
  title: string;
  explanation: string;
  evidence: string[];
  fix: { summary: string; commands: string[] } | null;
  sources: string[];
  /** A stable hash of id + account + region + resource, so the same finding keeps its identity across scans. */
  fingerprint: string;
}

export interface NotChecked {
  account: string;
  region?: string;
  apiId?: string;
  reason:
    | 'access-denied'
    | 'region-disabled'
    | 'retries-exhausted'
    | 'assume-role-failed'
    | 'interrupted'
    | 'error';
  /** One line, e.g. "AccessDenied: apigateway:GET on arn:aws:apigateway:eu-west-1::/restapis". */
  message: string;
}

export interface ScanStats {
  accounts: number;
  regions: number;
  apis: number;
  domains: number;
  findingsBySeverity: Record<Severity, number>;
  /** Management-API calls sent, throttling answers received, and retries. */
  calls: number;
  throttled: number;
  retries: number;
  durationMs: number;
}
