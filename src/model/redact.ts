/**
 * Secrets never leave the tool: Authorization values, signatures, session tokens, API keys and
 * cookies are replaced before anything is printed or saved.
 */

export const REDACTED = '[redacted]';

const SECRET_HEADERS = new Set([
  'x-api-key',
  'cookie',
  'set-cookie',
  'proxy-authorization',
  'x-amz-security-token',
  'x-amz-content-sha256-secret',
]);

const SECRET_QUERY = new Set([
  'x-amz-signature',
  'x-amz-security-token',
  'x-amz-credential',
  'api_key',
  'apikey',
  'api-key',
  'token',
  'access_token',
  'id_token',
  'password',
  'secret',
]);

/** Keeps the scheme and, for SigV4, the credential scope (date/region/service), which is not secret. */
export function redactAuthorization(value: string): string {
  const trimmed = value.trim();
  const space = trimmed.indexOf(' ');
  if (space < 0) return REDACTED;
  const scheme = trimmed.slice(0, space);
  if (scheme === 'AWS4-HMAC-SHA256') {
    const scope = /Credential=[^/,\s]*\/([^,\s]*)/.exec(trimmed)?.[1];
    const signed = /SignedHeaders=([^,\s]*)/.exec(trimmed)?.[1];
    return `AWS4-HMAC-SHA256 Credential=${REDACTED}${scope ? `/${scope}` : ''}${signed ? `, SignedHeaders=${signed}` : ''}, Signature=${REDACTED}`;
  }
  return `${scheme} ${REDACTED}`;
}

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') out[name] = redactAuthorization(value);
    else if (SECRET_HEADERS.has(lower)) out[name] = REDACTED;
    else out[name] = value;
  }
  return out;
}

export function redactUrl(raw: string): string {
  const q = raw.indexOf('?');
  if (q < 0) return raw;
  const hash = raw.indexOf('#', q);
  const query = raw.slice(q + 1, hash < 0 ? undefined : hash);
  const redacted = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = decodeURIComponentSafe(eq < 0 ? pair : pair.slice(0, eq)).toLowerCase();
      return SECRET_QUERY.has(name) && eq >= 0 ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
  return `${raw.slice(0, q)}?${redacted}${hash < 0 ? '' : raw.slice(hash)}`;
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
