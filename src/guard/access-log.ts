/**
 * The stage's access log format, made to carry `$context.error.responseType` (the gateway response
 * type: MISSING_AUTHENTICATION_TOKEN, ...) without dropping anything the user already logs.
 * API Gateway accepts any text with `$context` variables: JSON, CLF, XML or CSV. Pure.
 */

export const RESPONSE_TYPE_VARIABLE = '$context.error.responseType';

/**
 * The format proposed when access logging is off: JSON (so a metric filter can select a field), with
 * `$context.requestId` and `$context.extendedRequestId` (API Gateway requires one of them) and the
 * variables that explain a refused request.
 */
export const DEFAULT_ACCESS_LOG_FIELDS: readonly (readonly [string, string])[] = [
  ['requestId', '$context.requestId'],
  ['extendedRequestId', '$context.extendedRequestId'],
  ['requestTime', '$context.requestTime'],
  ['ip', '$context.identity.sourceIp'],
  ['userAgent', '$context.identity.userAgent'],
  ['httpMethod', '$context.httpMethod'],
  ['domainName', '$context.domainName'],
  ['path', '$context.path'],
  ['resourcePath', '$context.resourcePath'],
  ['stage', '$context.stage'],
  ['status', '$context.status'],
  ['responseType', RESPONSE_TYPE_VARIABLE],
  ['errorMessage', '$context.error.message'],
  ['responseLength', '$context.responseLength'],
  ['integrationStatus', '$context.integration.status'],
];

export function defaultAccessLogFormat(): string {
  return `{${DEFAULT_ACCESS_LOG_FIELDS.map(([k, v]) => `"${k}":"${v}"`).join(',')}}`;
}

export type LogFormatKind = 'json' | 'xml' | 'csv' | 'text';

export interface MergedFormat {
  /** The format to set (equal to the input when nothing changes). */
  format: string;
  changed: boolean;
  kind: LogFormatKind;
  /** The JSON key (or XML element) that carries the response type; undefined for CLF/CSV text. */
  field?: string;
  /** The CloudWatch Logs filter pattern that matches a Missing Authentication Token line. */
  filterPattern: string;
}

export function formatKind(format: string): LogFormatKind {
  const text = format.trim();
  if (text.startsWith('{') && text.endsWith('}')) return 'json';
  if (text.startsWith('<') && text.endsWith('>')) return 'xml';
  if (text.includes(',') && !text.includes(' ')) return 'csv';
  return 'text';
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The JSON keys of a format (values may be unquoted, e.g. `"status":$context.status`: not strict JSON). */
function jsonKeys(format: string): Set<string> {
  return new Set([...format.matchAll(/"((?:[^"\\]|\\.)*)"\s*:/g)].map((m) => m[1]!));
}

/** A filter pattern term for a JSON selector: `$.key` when the key is a plain name, else `$.['key']`. */
function selector(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `$.${key}` : `$.['${key.replace(/'/g, "\\'")}']`;
}

/** Adds `$context.error.responseType` to a format, keeping every byte of the user's fields. */
export function mergeAccessLogFormat(format: string): MergedFormat {
  const kind = formatKind(format);
  const present = format.includes(RESPONSE_TYPE_VARIABLE);
  if (kind === 'json') {
    let field: string;
    let next = format;
    if (present) {
      const found = new RegExp(
        `"((?:[^"\\\\]|\\\\.)*)"\\s*:\\s*"?[^"]*${escapeRegExp(RESPONSE_TYPE_VARIABLE)}`,
      ).exec(format);
      field = found?.[1] ?? 'responseType';
    } else {
      const keys = jsonKeys(format);
      field = ['responseType', 'errorResponseType', 'apigwResponseType'].find((k) => !keys.has(k))!;
      const close = format.lastIndexOf('}');
      const head = format.slice(0, close);
      const before = head.trimEnd();
      const separator = before.endsWith('{') ? '' : ',';
      // The user's spacing before the closing brace stays where it was.
      next = `${before}${separator}"${field}":"${RESPONSE_TYPE_VARIABLE}"${head.slice(before.length)}${format.slice(close)}`;
    }
    return {
      format: next,
      changed: !present,
      kind,
      field,
      filterPattern: `{ ${selector(field)} = "MISSING_AUTHENTICATION_TOKEN" }`,
    };
  }
  // Not JSON: the filter matches the term anywhere in the line.
  const filterPattern = '"MISSING_AUTHENTICATION_TOKEN"';
  if (present) return { format, changed: false, kind, filterPattern };
  if (kind === 'xml') {
    const close = format.lastIndexOf('</');
    const next =
      close > 0
        ? `${format.slice(0, close)}<responseType>${RESPONSE_TYPE_VARIABLE}</responseType>${format.slice(close)}`
        : `${format}<responseType>${RESPONSE_TYPE_VARIABLE}</responseType>`;
    return { format: next, changed: true, kind, field: 'responseType', filterPattern };
  }
  const separator = kind === 'csv' ? ',' : ' ';
  return {
    format: `${format.trimEnd()}${separator}${RESPONSE_TYPE_VARIABLE}`,
    changed: true,
    kind,
    filterPattern,
  };
}
