import { redactBody, redactHeaderValue, redactText, redactUrl } from '../model/redact.js';
import { BODY_CAP, type ObservedCall } from './types.js';

const EXECUTE_API_HOST =
  /^(?<api>[a-z0-9]{10})(?:-vpce-[a-z0-9]+)?\.execute-api\.(?<region>[a-z0-9-]+)\.(?:vpce\.)?amazonaws\.com(?:\.cn)?$/i;
const MANAGEMENT_HOST = /^apigateway\.(?<region>[a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/i;

/** Response headers that only API Gateway sets (REST: x-amzn-RequestId, x-amz-apigw-id; HTTP: apigw-requestid). */
export const GATEWAY_HEADERS = ['x-amzn-errortype', 'x-amz-apigw-id', 'apigw-requestid', 'x-amzn-requestid'];

export function executeApiParts(host: string): { apiId: string; region: string } | null {
  const m = EXECUTE_API_HOST.exec(host.split(':')[0] ?? '');
  return m?.groups ? { apiId: m.groups.api!.toLowerCase(), region: m.groups.region!.toLowerCase() } : null;
}

export function managementRegion(host: string): string | null {
  return MANAGEMENT_HOST.exec(host.split(':')[0] ?? '')?.groups?.region ?? null;
}

/** Lower-cased, redacted headers from HAR-style name/value pairs (repeated names joined). */
export function headerRecord(pairs: Iterable<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, value] of pairs) {
    const name = rawName.toLowerCase();
    if (name.startsWith(':')) continue; // HTTP/2 pseudo-headers
    const safe = redactHeaderValue(name, value);
    out[name] = out[name] === undefined ? safe : `${out[name]}, ${safe}`;
  }
  return out;
}

export function capBody(body: string): string {
  const safe = redactBody(body);
  return safe.length > BODY_CAP ? `${safe.slice(0, BODY_CAP)}…` : safe;
}

/** x-amzn-ErrorType without the `:http://internal.amazon.com/…` suffix AWS appends. */
export function errorTypeOf(headers: Record<string, string>): string | null {
  const raw = headers['x-amzn-errortype'];
  return raw ? (raw.split(':')[0] ?? raw).trim() : null;
}

/** The `message` (or `Message`) of a JSON error body. */
export function messageOf(body: string): string | null {
  const trimmed = body.trim();
  if (!trimmed.startsWith('{')) return null;
  try {
    const parsed = JSON.parse(trimmed) as Record<string, unknown>;
    const value = parsed.message ?? parsed.Message ?? parsed.errorMessage;
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** Whether an answer came from API Gateway or an AWS endpoint rather than from some other server. */
export function looksLikeGateway(host: string | null, headers: Record<string, string>): boolean {
  if (host && (executeApiParts(host) || managementRegion(host))) return true;
  return GATEWAY_HEADERS.some((h) => headers[h] !== undefined);
}

/** Fills URL-derived fields (redacted) on a call. */
export function setUrl(call: ObservedCall, rawUrl: string, hostHeader?: string): void {
  const url = redactText(redactUrl(rawUrl));
  call.url = url;
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed) return;
  const host = (hostHeader ?? parsed.host).toLowerCase();
  call.host = host;
  call.path = decodePathSafe(parsed.pathname) + (parsed.search ? '' : '');
  const api = executeApiParts(host);
  if (api) {
    call.apiId = api.apiId;
    call.region = api.region;
  }
  const management = managementRegion(host);
  if (management) {
    call.plane = 'management';
    call.region = management;
  }
}

function decodePathSafe(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

/** `28/Nov/2026:10:02:03 +0000` ($context.requestTime), ISO 8601, epoch seconds or milliseconds. */
export function parseTime(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? (value < 1e11 ? value * 1000 : value) : null;
  if (typeof value !== 'string' || value === '' || value === '-') return null;
  if (/^\d{10,13}$/.test(value)) return parseTime(Number(value));
  const clf =
    /^(\d{1,2})\/([A-Z][a-z]{2})\/(\d{4}):(\d\d):(\d\d):(\d\d)(?:\.\d+)? ([+-])(\d\d):?(\d\d)$/.exec(value);
  if (clf) {
    const month = MONTHS[clf[2]!];
    if (month === undefined) return null;
    const offset = (Number(clf[8]) * 60 + Number(clf[9])) * 60_000 * (clf[7] === '-' ? -1 : 1);
    return (
      Date.UTC(Number(clf[3]), month, Number(clf[1]), Number(clf[4]), Number(clf[5]), Number(clf[6])) - offset
    );
  }
  // botocore's log: "2026-11-28 16:20:01,123" (local time of the machine that ran it; read as UTC).
  const iso = value.replace(/^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d),(\d{3})$/, '$1T$2.$3Z');
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

export function numberOrNull(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return null;
}

/** `-` and empty strings are what $context variables print when they have no value. */
export function stringOrNull(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string' || value === '' || value === '-') return null;
  return value;
}
