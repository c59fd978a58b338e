/**
 * The timeline's model: CloudTrail management events of one API, normalised, and what they say about
 * its routes and stages. Pure data; every time is an ISO 8601 UTC string ("2026-11-28T10:02:00Z").
 */

export type Json = Record<string, unknown>;

/** One CloudTrail management event, from LookupEvents or a log file record, normalised. */
export interface TrailEvent {
  eventId: string;
  time: string;
  /** CloudTrail's eventName, e.g. "PutMethod" (API Gateway logs the REST API's operation names). */
  name: string;
  source: string;
  readOnly: boolean;
  /** Who: the userIdentity ARN shortened ("assumed-role/ci-deployer/run-42", "user/bob", "root"). */
  actor: string;
  actorArn?: string;
  region?: string;
  /** restApiId (apigateway) or apiId (apigatewayv2), when the call names one. */
  apiId?: string;
  /** A failed call (errorCode): recorded, but it changed nothing. */
  error?: { code: string; message?: string };
  request: Json;
  response: Json | undefined;
}

export type ChangeKind =
  | 'resource-added'
  | 'resource-removed'
  | 'route-added'
  | 'route-removed'
  | 'route-changed'
  | 'deployment'
  | 'stage-created'
  | 'stage-updated'
  | 'stage-pointed'
  | 'stage-deleted'
  | 'mapping-changed'
  | 'mapping-deleted'
  | 'domain-changed'
  | 'gateway-response'
  | 'api-changed'
  | 'api-imported'
  | 'other';

export interface TimelineEntry {
  time: string;
  actor: string;
  /** CloudTrail's eventName. */
  event: string;
  eventId: string;
  kind: ChangeKind;
  /** One sentence without time or actor: "GET /reviews added". */
  summary: string;
  /** "GET /reviews" when the change is about one method (REST) or route (HTTP). */
  route?: string;
  /** The resource path, when known. */
  path?: string;
  stage?: string;
  deploymentId?: string;
  domainName?: string;
  /** The call failed with this error code and changed nothing. */
  failed?: string;
  /** true for changes to the API's configuration that only a deployment makes live. */
  needsDeployment: boolean;
}

export interface StageHistory {
  name: string;
  /** The deployment the stage serves at the end of the window (from events, else the current API). */
  deploymentId?: string;
  /** When that deployment was created: changes after it are not live on the stage. */
  deployedAt?: string;
  deployedBy?: string;
  /** Configuration changes after `deployedAt` (not live on this stage). */
  undeployed: TimelineEntry[];
  deletedAt?: string;
  deletedBy?: string;
}

export interface Timeline {
  apiId: string;
  kind?: 'REST' | 'HTTP' | 'WEBSOCKET';
  region?: string;
  window: { start: string; end: string };
  /** Time-sorted, oldest first; reads left out. */
  entries: TimelineEntry[];
  stages: StageHistory[];
  /** Evidence sentences derived from the entries. */
  statements: string[];
}

/** An AWS Health event, as DescribeEvents summarises it. */
export interface HealthEvent {
  arn: string;
  service: string;
  eventTypeCode: string;
  category?: string;
  region?: string;
  startTime?: string;
  endTime?: string;
  lastUpdatedTime?: string;
  statusCode?: string;
  scope?: string;
}

export type HealthResult =
  | { status: 'ok'; events: HealthEvent[] }
  | { status: 'subscription-required'; note: string }
  | { status: 'unavailable'; note: string };
