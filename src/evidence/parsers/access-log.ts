import { redactText } from '../../model/redact.js';
import { inputErrorAt, type Line } from '../source.js';
import { executeApiParts, numberOrNull, parseTime, stringOrNull } from '../common.js';
import { emptyCall, type EvidenceKind, type ObservedCall, type ParseSink } from '../types.js';

/**
 * Access-log fields by role: the documented $context variable names (as `$context.x.y` becomes `x.y`
 * or `xY` in the formats AWS shows) and the names people commonly give them.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-variables-for-access-logging.html
 */
export const ROLES = {
  method: ['httpMethod', 'method', 'http_method', 'requestMethod', 'verb'],
  path: ['path', 'requestPath', 'request_path', 'uri', 'url'],
  resourcePath: ['resourcePath', 'resource_path', 'resource'],
  routeKey: ['routeKey', 'route_key', 'route'],
  status: ['status', 'statusCode', 'status_code', 'httpStatus', 'responseStatus', 'response_status'],
  epoch: ['requestTimeEpoch', 'request_time_epoch', 'epoch', 'timestamp'],
  time: ['requestTime', 'request_time', 'time', '@timestamp'],
  stage: ['stage', 'stageName', 'stage_name'],
  apiId: ['apiId', 'api_id', 'restApiId'],
  domainName: ['domainName', 'domain_name', 'host', 'domain'],
  responseType: [
    'error.responseType',
    'errorResponseType',
    'responseType',
    'error_response_type',
    'gatewayResponseType',
  ],
  errorMessage: [
    'error.message',
    'errorMessage',
    'error_message',
    'error.messageString',
    'errorMessageString',
    'message',
  ],
  integrationStatus: [
    'integration.status',
    'integrationStatus',
    'integration_status',
    'integrationStatusCode',
  ],
  integrationError: ['integration.error', 'integrationErrorMessage', 'integration_error', 'integrationError'],
  requestId: ['requestId', 'request_id', 'extendedRequestId'],
} as const;
export type Role = keyof typeof ROLES;
const ROLE_NAMES = Object.keys(ROLES) as Role[];

/** Flattens {"error":{"message":…}} to {"error.message": …}. */
export function flatten(
  value: unknown,
  prefix = '',
  out: Record<string, unknown> = {},
): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out[prefix] = value;
  return out;
}

/** Which flattened key of a record plays each role. */
export function learnRoles(keys: string[]): Partial<Record<Role, string>> {
  const byLower = new Map(keys.map((k) => [k.toLowerCase(), k]));
  const roles: Partial<Record<Role, string>> = {};
  for (const role of ROLE_NAMES) {
    for (const alias of ROLES[role]) {
      const key = byLower.get(alias.toLowerCase());
      if (key !== undefined) {
        roles[role] = key;
        break;
      }
    }
  }
  return roles;
}

export type RoleValues = Partial<Record<Role, string | number | null>>;

/** A call from one access-log record's role values. */
export function callFromRoles(
  values: RoleValues,
  file: string,
  line: number,
  kind: EvidenceKind,
  fallbackTime: number | null,
): ObservedCall {
  const str = (role: Role) => stringOrNull(values[role] ?? null);
  const routeKey = str('routeKey');
  const routeMethod = routeKey && routeKey !== '$default' ? (routeKey.split(' ')[0] ?? null) : null;
  const method = (str('method') ?? routeMethod ?? '?').toUpperCase();
  const stage = str('stage');
  const resourcePath =
    str('resourcePath') ?? (routeKey?.includes(' ') ? (routeKey.split(' ')[1] ?? null) : null);
  // The route template keeps groups (and memory) bounded: /prod/products/{productId}, not one per id.
  let path = str('path');
  if (resourcePath !== null) path = stage && stage !== '$default' ? `/${stage}${resourcePath}` : resourcePath;
  const call = emptyCall({
    file,
    line,
    kind,
    plane: 'data',
    method,
    path: redactText(path ?? '?').split('?')[0]!,
  });
  call.stage = stage;
  call.apiId = str('apiId');
  const domain = str('domainName');
  if (domain) {
    call.host = domain.toLowerCase();
    const api = executeApiParts(call.host);
    if (api) {
      call.apiId ??= api.apiId;
      call.region = api.region;
    }
  }
  call.status = numberOrNull(values.status ?? null);
  const epoch = numberOrNull(values.epoch ?? null);
  const time = epoch !== null ? parseTime(epoch) : (parseTime(values.time ?? null) ?? fallbackTime);
  call.firstTime = time;
  call.lastTime = time;
  call.responseType = str('responseType');
  const message = str('errorMessage');
  call.errorMessage = message ? redactText(message) : null;
  call.integrationStatus = numberOrNull(values.integrationStatus ?? null);
  const integrationError = str('integrationError');
  call.integrationError = integrationError ? redactText(integrationError) : null;
  if (call.status !== null && call.status >= 400) {
    // REST logs name API Gateway's own answers by their gateway response type; an error without one,
    // with an integration status, came from the backend.
    if (call.responseType !== null) call.origin = 'gateway';
    else if ('responseType' in values && call.integrationStatus !== null) call.origin = 'backend';
  }
  if (resourcePath && resourcePath !== path) call.notes.push(`resource ${resourcePath}`);
  return call;
}

/** CloudWatch exports put the event time before the message: `2026-11-28T10:02:03.123Z {…}`, maybe a stream name too. */
export const TIME_PREFIX =
  /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)\s+(?:(?![{(])\S+\s+)?/;

export function splitPrefix(text: string): { time: number | null; rest: string } {
  const m = TIME_PREFIX.exec(text);
  if (!m) return { time: null, rest: text };
  return { time: parseTime(m[1]!), rest: text.slice(m[0].length) };
}

/**
 * The CLF format AWS shows for access logs:
 * `$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime]
 *  "$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId`
 */
const CLF = /^(\S+) (\S+) (\S+) \[([^\]]+)\] "([A-Z]+|-) (\S+) ([^"]*)" (\d{3}|-) (\S+)(?: (\S+))?/;

export function isClfLine(text: string): boolean {
  return CLF.test(splitPrefix(text).rest);
}

export function clfCall(line: Line, file: string, kind: EvidenceKind): ObservedCall | null {
  const { time, rest } = splitPrefix(line.text);
  const m = CLF.exec(rest);
  if (!m) return null;
  return callFromRoles(
    { method: m[5]!, path: m[6]!, status: m[8]!, time: m[4]!, requestId: m[10] ?? null },
    file,
    line.number,
    kind,
    time,
  );
}

/** One JSON access-log record (after any time prefix), fully parsed: the slow path. */
export function jsonRecordCall(
  text: string,
  file: string,
  lineNumber: number,
  kind: EvidenceKind,
  fallbackTime: number | null,
): ObservedCall {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw inputErrorAt(
      file,
      lineNumber,
      `not a JSON access-log record (${(error as Error).message.split('\n')[0]})`,
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw inputErrorAt(file, lineNumber, 'not a JSON access-log record (expected an object)');
  const flat = flatten(parsed);
  const roles = learnRoles(Object.keys(flat));
  const values: RoleValues = {};
  for (const [role, key] of Object.entries(roles) as [Role, string][]) {
    const v = flat[key];
    values[role] = typeof v === 'number' || typeof v === 'string' ? v : null;
  }
  return callFromRoles(values, file, lineNumber, kind, fallbackTime);
}

export function handleAccessCall(call: ObservedCall, sink: ParseSink): void {
  if (call.status === null && call.method === '?') sink.skipped();
  else sink.call(call);
}
