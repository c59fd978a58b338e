import type { Json, TrailEvent } from './types.js';

/**
 * CloudTrail records → TrailEvent. Accepts a LookupEvents `Event` (its `CloudTrailEvent` is the record
 * as a JSON string), a record as CloudTrail writes it to S3 (`{"Records": [...]}` files), or a
 * CloudTrail Lake row that holds the same fields. Pure: no I/O.
 *
 * API Gateway writes its request body under `<operation>Input` (createDeploymentInput,
 * createStageInput, …) next to the path parameters (restApiId, resourceId, httpMethod, stageName,
 * parentId), and answers with the created representation (id, path, deploymentId, …) plus HAL links
 * (self, deploymentUpdate, …). See test/fixtures/cloudtrail/README.md for the sources.
 */

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** ISO 8601 UTC to the second, whatever came in (Date, ISO string, epoch seconds). */
export function isoSeconds(value: Date | string | number): string {
  const date =
    value instanceof Date ? value : new Date(typeof value === 'number' ? value * 1000 : String(value));
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a time: ${String(value)}`);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "arn:aws:sts::123456789012:assumed-role/ci-deployer/run-42" → "assumed-role/ci-deployer/run-42". */
export function shortActor(identity: unknown, username?: string): { actor: string; arn?: string } {
  const id = isObject(identity) ? identity : {};
  const arn = str(id.arn);
  const type = str(id.type);
  if (type === 'Root') return { actor: 'root', ...(arn ? { arn } : {}) };
  if (type === 'AWSService') return { actor: str(id.invokedBy) ?? 'an AWS service' };
  if (arn) {
    // The resource part of the ARN: assumed-role/R/S, user/U (IAM paths kept), federated-user/F, role/R.
    const resource = arn.split(':').slice(5).join(':');
    if (resource) return { actor: resource, arn };
  }
  const session = isObject(id.sessionContext) ? id.sessionContext : undefined;
  const issuer = session && isObject(session.sessionIssuer) ? session.sessionIssuer : undefined;
  const named = str(id.userName) ?? str(issuer?.userName) ?? username ?? str(id.principalId);
  return { actor: named ?? 'unknown' };
}

/** The request body API Gateway logs under `<operation>Input`. */
export function operationInput(request: Json): Json {
  for (const [key, value] of Object.entries(request)) {
    if (/Input$/.test(key) && isObject(value)) return value;
  }
  return {};
}

/** Patch operations of an Update* call, wherever they were logged. */
export function patchOperations(
  request: Json,
): { op: string; path: string; value?: string; from?: string }[] {
  const raw = operationInput(request).patchOperations ?? request.patchOperations;
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObject).map((p) => {
    const op: { op: string; path: string; value?: string; from?: string } = {
      op: String(p.op ?? ''),
      path: String(p.path ?? ''),
    };
    if (p.value !== undefined && p.value !== null) op.value = String(p.value);
    if (typeof p.from === 'string') op.from = p.from;
    return op;
  });
}

function apiIdOf(request: Json, response: Json | undefined): string | undefined {
  const input = operationInput(request);
  return (
    str(request.restApiId) ??
    str(request.apiId) ??
    str(input.restApiId) ??
    str(input.apiId) ??
    str(response?.restApiId) ??
    str(response?.apiId)
  );
}

/** A record (object) → TrailEvent, or undefined when it is not a CloudTrail record. */
export function normalizeRecord(record: unknown, lookup: { username?: string } = {}): TrailEvent | undefined {
  if (!isObject(record)) return undefined;
  const name = str(record.eventName);
  const time = record.eventTime;
  if (!name || (typeof time !== 'string' && typeof time !== 'number' && !(time instanceof Date)))
    return undefined;
  const request = isObject(record.requestParameters) ? record.requestParameters : {};
  const response = isObject(record.responseElements) ? record.responseElements : undefined;
  const { actor, arn } = shortActor(record.userIdentity, lookup.username);
  const event: TrailEvent = {
    eventId: str(record.eventID) ?? `${name}@${String(time)}`,
    time: isoSeconds(time as string),
    name,
    source: str(record.eventSource) ?? '',
    readOnly: record.readOnly === true || record.readOnly === 'true',
    actor,
    request,
    response,
  };
  if (arn) event.actorArn = arn;
  const region = str(record.awsRegion);
  if (region) event.region = region;
  const apiId = apiIdOf(request, response);
  if (apiId) event.apiId = apiId;
  const errorCode = str(record.errorCode);
  if (errorCode) {
    event.error = { code: errorCode };
    const message = str(record.errorMessage);
    if (message) event.error.message = message;
  }
  return event;
}

/** A LookupEvents `Event` (SDK output or `aws cloudtrail lookup-events` JSON) → TrailEvent. */
export function normalizeLookupEvent(event: unknown): TrailEvent | undefined {
  if (!isObject(event)) return undefined;
  const raw = event.CloudTrailEvent;
  let record: unknown;
  try {
    record = typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch {
    record = undefined;
  }
  const username = str(event.Username);
  const parsed = normalizeRecord(record, username ? { username } : {});
  if (parsed) return parsed;
  // No parsable CloudTrailEvent: keep what the summary says.
  const name = str(event.EventName);
  const time = event.EventTime;
  if (!name || time === undefined) return undefined;
  return {
    eventId: str(event.EventId) ?? `${name}@${String(time)}`,
    time: isoSeconds(time as string),
    name,
    source: str(event.EventSource) ?? '',
    readOnly: event.ReadOnly === 'true' || event.ReadOnly === true,
    actor: username ?? 'unknown',
    request: {},
    response: undefined,
  };
}

export const APIGATEWAY_SOURCE = 'apigateway.amazonaws.com';
/**
 * API Gateway's event sources: REST and HTTP/WebSocket APIs share apigateway.amazonaws.com (one
 * management endpoint); apigatewayv2.amazonaws.com is accepted too, as some tools write it.
 */
export const APIGATEWAY_SOURCES: ReadonlySet<string> = new Set([
  APIGATEWAY_SOURCE,
  'apigatewayv2.amazonaws.com',
]);
