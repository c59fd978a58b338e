import { redactJson } from '../../model/redact.js';
import { jsonElements } from '../json-stream.js';
import { parseTime, stringOrNull } from '../common.js';
import { emptyCall, type EvidenceKind, type ParseSink } from '../types.js';

interface TrailEvent {
  eventTime?: string;
  eventSource?: string;
  eventName?: string;
  awsRegion?: string;
  errorCode?: string;
  errorMessage?: string;
  readOnly?: boolean | string;
  userIdentity?: { arn?: string; type?: string; sessionContext?: { sessionIssuer?: { arn?: string } } };
  requestParameters?: Record<string, unknown> | null;
  sourceIPAddress?: string;
}

/** Error codes CloudTrail records for throttled API Gateway management calls, and their HTTP status. */
function statusFor(errorCode: string | null): number {
  if (errorCode === null) return 200;
  if (/Throttl|TooManyRequests|LimitExceeded/i.test(errorCode)) return 429;
  if (/AccessDenied|Unauthorized|Forbidden/i.test(errorCode)) return 403;
  if (/NotFound/i.test(errorCode)) return 404;
  if (/Conflict/i.test(errorCode)) return 409;
  if (/InternalFailure|ServiceUnavailable|InternalServerError/i.test(errorCode)) return 500;
  return 400;
}

const WRITE = /^(Create|Update|Delete|Put|Import|Flush|Reset|Tag|Untag)/;

/** One CloudTrail event: an API Gateway management call, and when it changed something, a change. */
export function cloudTrailEvent(
  raw: unknown,
  file: string,
  line: number,
  kind: EvidenceKind,
  sink: ParseSink,
): void {
  const event = raw as TrailEvent;
  if (
    !event ||
    typeof event !== 'object' ||
    !/^apigateway\.amazonaws\.com$/.test(String(event.eventSource ?? ''))
  ) {
    sink.skipped();
    return;
  }
  const parameters = (redactJson(event.requestParameters ?? {}) ?? {}) as Record<string, unknown>;
  const apiId = stringOrNull(parameters.restApiId ?? parameters.apiId);
  const stage = stringOrNull(parameters.stageName);
  const eventName = String(event.eventName ?? 'Unknown');
  const errorCode = stringOrNull(event.errorCode);
  const time = parseTime(event.eventTime);
  const actor =
    stringOrNull(event.userIdentity?.sessionContext?.sessionIssuer?.arn) ??
    stringOrNull(event.userIdentity?.arn);
  const resource = [
    apiId ? `restapis/${apiId}` : null,
    stringOrNull(parameters.resourceId) ? `resources/${String(parameters.resourceId)}` : null,
    stringOrNull(parameters.httpMethod) ? `methods/${String(parameters.httpMethod)}` : null,
    stage ? `stages/${stage}` : null,
    stringOrNull(parameters.domainName) ? `domainnames/${String(parameters.domainName)}` : null,
  ]
    .filter(Boolean)
    .join('/');
  const call = emptyCall({ file, line, kind, plane: 'management', method: eventName, path: `/${resource}` });
  call.operation = eventName;
  call.apiId = apiId;
  call.stage = stage;
  call.region = stringOrNull(event.awsRegion);
  call.firstTime = time;
  call.lastTime = time;
  call.status = statusFor(errorCode);
  call.errorType = errorCode;
  call.errorMessage = stringOrNull(event.errorMessage);
  call.origin = errorCode ? 'gateway' : null;
  if (actor) call.notes.push(`by ${actor}`);
  sink.call(call);
  const readOnly = event.readOnly === true || event.readOnly === 'true';
  if (!readOnly && WRITE.test(eventName)) {
    const detail = Object.entries(parameters)
      .filter(([k, v]) => typeof v === 'string' && !['restApiId', 'stageName'].includes(k))
      .slice(0, 4)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' ');
    sink.change({
      file,
      line,
      time,
      eventName,
      actor,
      apiId,
      stage,
      summary: `${eventName}${apiId ? ` on ${apiId}` : ''}${stage ? ` stage ${stage}` : ''}${detail ? ` (${detail})` : ''}`,
      errorCode,
    });
  }
}

/** CloudTrail Lake rows are lists of one-column objects; the columns are the event's fields. */
function lakeRowToEvent(row: unknown): TrailEvent {
  const event: Record<string, unknown> = {};
  for (const cell of Array.isArray(row) ? row : [row]) {
    if (!cell || typeof cell !== 'object') continue;
    for (const [column, value] of Object.entries(cell as Record<string, unknown>)) {
      let v: unknown = value;
      if (typeof v === 'string' && /^[{[]/.test(v)) {
        try {
          v = JSON.parse(v);
        } catch {
          // Lake prints maps as {key=value}: keep the text.
        }
      }
      const path = column.split('.');
      let target = event;
      for (const part of path.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
      target[path[path.length - 1]!] = v;
    }
  }
  return event as TrailEvent;
}

/** All CloudTrail shapes: one event, S3 log files ({"Records":[…]}), lookup-events, Lake results, JSON lines. */
export async function parseCloudTrail(
  chunks: AsyncIterable<Buffer>,
  file: string,
  kind: EvidenceKind,
  sink: ParseSink,
): Promise<void> {
  const options =
    kind === 'cloudtrail-records'
      ? { arrayKeys: ['Records'] }
      : kind === 'cloudtrail-lookup-events'
        ? { arrayKeys: ['Events'] }
        : kind === 'cloudtrail-lake'
          ? { arrayKeys: ['QueryResultRows'] }
          : { topLevel: true };
  for await (const { value, line } of jsonElements(chunks, {
    file,
    ...options,
    onTruncated: (at) => sink.truncated(at, 'the JSON ends in the middle'),
  })) {
    if (kind === 'cloudtrail-lookup-events') {
      const text = (value as { CloudTrailEvent?: unknown }).CloudTrailEvent;
      let event: unknown = null;
      try {
        event = typeof text === 'string' ? JSON.parse(text) : null;
      } catch {
        event = null;
      }
      cloudTrailEvent(event, file, line, kind, sink);
    } else if (kind === 'cloudtrail-lake') {
      cloudTrailEvent(lakeRowToEvent(value), file, line, kind, sink);
    } else if (Array.isArray(value)) {
      for (const event of value) cloudTrailEvent(event, file, line, kind, sink);
    } else if (
      value &&
      typeof value === 'object' &&
      Array.isArray((value as { Records?: unknown }).Records)
    ) {
      for (const record of (value as { Records: unknown[] }).Records)
        cloudTrailEvent(record, file, line, kind, sink);
    } else {
      cloudTrailEvent(value, file, line, kind, sink);
    }
  }
}
