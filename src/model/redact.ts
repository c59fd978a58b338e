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

// ───────────── Free text and structured data (evidence files: logs, transcripts, HAR, JSON) ─────────────

/** Header names whose whole value is a secret, beyond Authorization (which keeps its scheme). */
const SECRET_HEADER_PATTERN =
  /^(x-api-key|cookie|set-cookie|proxy-authorization|x-amz-security-token|x-amz-signature|x-auth-token|x-csrf-token|x-xsrf-token|x-amz-server-side-encryption-customer-key)$/i;

/** JSON / form field names whose values are secrets (matched on the whole name, case-insensitive). */
const SECRET_FIELD_PATTERN =
  /^(?:[a-z0-9_.-]*(?:password|passwd|secret|token|api[-_]?key|apikey|authorization|cookie|signature|credentials?|private[-_]?key|session[-_]?key)[a-z0-9_.-]*)$/i;

/** Field names that merely look like secrets but name public things. */
const PUBLIC_FIELDS = new Set([
  'accesskeyid',
  'tokentype',
  'token_type',
  'signedheaders',
  'signaturemethod',
  'signatureversion',
  'credentialscope',
  'apikeysource',
  'apikeyrequired',
  'x-amz-credential-scope',
  'authorizationtype',
  'authtype',
  'authorizationscopes',
]);

export function isSecretHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'authorization' || SECRET_HEADER_PATTERN.test(lower);
}

export function isSecretField(name: string): boolean {
  const lower = name.toLowerCase();
  if (PUBLIC_FIELDS.has(lower)) return false;
  return SECRET_FIELD_PATTERN.test(lower) || SECRET_QUERY.has(lower);
}

/** A header value made safe to show: Authorization keeps its scheme and SigV4 scope. */
export function redactHeaderValue(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (lower === 'authorization' || lower === 'proxy-authorization') return redactAuthorization(value);
  if (SECRET_HEADER_PATTERN.test(lower)) return REDACTED;
  return redactText(value);
}

/** Walks parsed JSON and replaces the values of secret-named fields (and secrets inside strings). */
export function redactJson(value: unknown, parentKey = ''): unknown {
  if (typeof value === 'string') {
    if (isSecretField(parentKey)) return REDACTED;
    // JSON kept as a string (CloudTrail Lake columns, lookup-events' CloudTrailEvent): redact it as JSON.
    if (/^\s*[{[]/.test(value) && /[}\]]\s*$/.test(value)) {
      try {
        return JSON.stringify(redactJson(JSON.parse(value)));
      } catch {
        // Not JSON after all.
      }
    }
    return redactText(value);
  }
  if (typeof value === 'number' && isSecretField(parentKey)) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactJson(v, parentKey));
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // Name/value pairs (HAR headers, cookies, query strings, form params): the name decides.
    if (typeof record.name === 'string' && 'value' in record) {
      const name = record.name;
      const isCookieList = /cookies$/i.test(parentKey);
      const secret = isCookieList || isSecretHeader(name) || isSecretField(name) || /cookie/i.test(parentKey);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(record)) {
        if (k === 'value' && typeof v === 'string')
          out[k] = secret
            ? name.toLowerCase() === 'authorization'
              ? redactAuthorization(v)
              : REDACTED
            : redactText(v);
        else out[k] = redactJson(v, k);
      }
      return out;
    }
    // JSON Patch operations (UpdateStage in CloudTrail): the path names what the value is.
    const patchSecret =
      typeof record.path === 'string' &&
      'value' in record &&
      isSecretField(record.path.split('/').pop() ?? '');
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) {
      if (patchSecret && k === 'value') out[k] = REDACTED;
      else if (k.toLowerCase() === 'authorization' && typeof v === 'string') out[k] = redactAuthorization(v);
      else out[k] = redactJson(v, k);
    }
    return out;
  }
  return value;
}

/** Redacts a request or response body: JSON bodies field by field, form bodies pair by pair, else as text. */
export function redactBody(body: string): string {
  const trimmed = body.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.stringify(redactJson(JSON.parse(trimmed)));
    } catch {
      // Not JSON after all (or cut short): fall through to the text rules.
    }
  }
  if (/^[^\s=&]+=[^\s&]*(&[^\s=&]+=[^\s&]*)*$/.test(trimmed)) return redactForm(trimmed);
  return redactText(body);
}

function redactForm(form: string): string {
  return form
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = decodeURIComponentSafe(pair.slice(0, eq).replace(/\+/g, ' '));
      return isSecretField(name) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
}

const TEXT_RULES: [RegExp, (match: string, ...groups: string[]) => string][] = [
  // Header lines in transcripts and logs: "Authorization: AWS4-HMAC-SHA256 ...", "> Authorization: Bearer x".
  [
    /((?:^|[\s>'"{,])(?:proxy-)?authorization["']?\s*[:=]\s*(?:b?['"])?)(AWS4-HMAC-SHA256\s[^'"\r\n]*|[A-Za-z][A-Za-z0-9_-]*[ \t]+[^\s'",]+|[^\s'",]{8,})/gim,
    (m, head: string, value: string) => {
      if (value.startsWith('AWS4-HMAC-SHA256')) return `${head}${redactAuthorization(value)}`;
      const space = value.search(/\s/);
      if (space < 0) return value === REDACTED ? m : `${head}${REDACTED}`;
      const token = value.slice(space).trim();
      // Prose such as "Authorization: Bearer sent to …" names a scheme, not a credential.
      if (token === REDACTED || (token.length < 6 && /^[a-z]+$/.test(token))) return m;
      return `${head}${value.slice(0, space)} ${REDACTED}`;
    },
  ],
  [
    /((?:^|[\s>'"{,;])(?:x-api-key|cookie|set-cookie|x-amz-security-token|x-amz-signature|x-auth-token|x-csrf-token)["']?\s*[:=]\s*(?:b?['"])?)([^'"\r\n&,}]+)/gim,
    (_m, head: string) => `${head}${REDACTED}`,
  ],
  // SigV4 in query strings and canonical requests: X-Amz-Signature=..., X-Amz-Credential=AKIA.../scope.
  [/(X-Amz-(?:Signature|Security-Token)=)([^&\s"'<]+)/gi, (_m, head: string) => `${head}${REDACTED}`],
  [
    /(X-Amz-Credential=)([^&\s"'<%/]+)((?:\/|%2F))/gi,
    (_m, head: string, _key: string, slash: string) => `${head}${REDACTED}${slash}`,
  ],
  [/(\bSignature=)([0-9a-f]{16,})/gi, (_m, head: string) => `${head}${REDACTED}`],
  [/(\bCredential=)(A[KS]IA[A-Z0-9]{12,})/g, (_m, head: string) => `${head}${REDACTED}`],
  // botocore's debug log prints the computed signature and the session token on their own.
  [
    /((?:Calculated signature|Signature)\s*[:=]\s*\n?\s*)([0-9a-f]{64})/gi,
    (_m, head: string) => `${head}${REDACTED}`,
  ],
  // JSON-ish and Python-dict-ish fields: "password": "x", 'client_secret': 'x', password=x.
  [
    /(["']?)([A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[-_]?key|apikey|cookie|private[-_]?key|session[-_]?key)[A-Za-z0-9_.-]*)\1(\s*[:=]\s*)(b?)(["'])((?:\\.|(?!\5)[^\\\r\n])*)\5/gi,
    (m, q: string, name: string, sep: string, bytes: string, quote: string) =>
      isSecretField(name) ? `${q}${name}${q}${sep}${bytes}${quote}${REDACTED}${quote}` : m,
  ],
  // API Gateway's IncompleteSignature message quotes the Authorization header it got.
  [
    /'([^'\s]{6,})'( not a valid key=value pair)/g,
    (_m, _token: string, rest: string) => `'${REDACTED}'${rest}`,
  ],
  [
    /(Authorization header: ')([^']*)(')/g,
    (_m, head: string, value: string, tail: string) => `${head}${redactAuthorization(value)}${tail}`,
  ],
  [
    /([?&\s](?:password|passwd|client_secret|secret|token|access_token|id_token|refresh_token|api_key|apikey|x-amz-security-token)=)([^&\s"'<]+)/gi,
    (_m, head: string) => `${head}${REDACTED}`,
  ],
  // Secret access keys (40 characters of base64) next to a word that names them.
  [
    /((?:secret|aws_secret_access_key|SecretAccessKey|secretKey)[^A-Za-z0-9/+\r\n]{1,12})([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    (_m, head: string) => `${head}${REDACTED}`,
  ],
  // STS session tokens have a recognisable start, wherever they are.
  [
    /\b(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE|FQoGZXIvYXdzE|AgoJb3JpZ2luX2Vj)[A-Za-z0-9/+=%]{20,}/g,
    () => REDACTED,
  ],
];

/** Redacts secrets in free text: transcripts, log lines, Python dict dumps, bodies of unknown shape. */
/**
 * A cheap test per rule, so long text without the rule's keyword is never searched by the rule itself
 * (some rules backtrack: a 1 MiB path must not cost seconds).
 */
const TRIGGERS: RegExp[] = [
  /authorization/i,
  /x-api-key|cookie|x-amz-security-token|x-amz-signature|x-auth-token|x-csrf-token/i,
  /X-Amz-/i,
  /X-Amz-Credential/i,
  /Signature=/i,
  /Credential=/,
  /signature/i,
  /password|passwd|secret|token|api[-_]?key|apikey|cookie|private|session/i,
  /not a valid key=value pair/,
  /Authorization header: '/,
  /password|passwd|secret|token|api_?key/i,
  /secret/i,
  /IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE|FQoGZXIvYXdzE|AgoJb3JpZ2luX2Vj/,
];

export function redactText(text: string): string {
  if (text.length === 0) return text;
  let out = text;
  for (const [index, [pattern, replace]] of TEXT_RULES.entries()) {
    if (!TRIGGERS[index]!.test(out)) continue;
    pattern.lastIndex = 0;
    out = out.replace(pattern, replace as (substring: string, ...args: unknown[]) => string);
  }
  return out;
}
