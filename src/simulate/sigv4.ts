import { createHash } from 'node:crypto';

/**
 * Reading an `Authorization` header the way API Gateway's SigV4 front door does. Only the shape and
 * the credential scope can be checked offline: whether the signature verifies needs the secret key.
 */

export interface SigV4Header {
  algorithm: 'AWS4-HMAC-SHA256';
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  hasSignature: boolean;
}

export type AuthorizationShape =
  | { kind: 'absent' }
  | { kind: 'sigv4'; parsed: SigV4Header; missing: string[] }
  | { kind: 'other'; scheme: string };

export function readAuthorization(value: string | undefined): AuthorizationShape {
  if (value === undefined) return { kind: 'absent' };
  const trimmed = value.trim();
  const space = trimmed.indexOf(' ');
  const scheme = space < 0 ? trimmed : trimmed.slice(0, space);
  if (scheme !== 'AWS4-HMAC-SHA256') return { kind: 'other', scheme: space < 0 ? '(no scheme)' : scheme };
  const params = new Map<string, string>();
  for (const part of trimmed.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((k) => !params.get(k));
  const [accessKeyId = '', date = '', region = '', service = '', terminator = ''] = (
    params.get('Credential') ?? ''
  ).split('/');
  return {
    kind: 'sigv4',
    missing,
    parsed: {
      algorithm: 'AWS4-HMAC-SHA256',
      accessKeyId,
      date,
      region,
      service,
      terminator,
      signedHeaders: (params.get('SignedHeaders') ?? '').split(';').filter(Boolean),
      hasSignature: Boolean(params.get('Signature')),
    },
  };
}

/**
 * The body API Gateway sends for an `Authorization` header that is not SigV4 (community reports,
 * gateway-behavior.md §4.3). Current AWS hashes the header instead of echoing it, and so do we:
 * echoing it would print the caller's token.
 */
export function incompleteSignatureMessage(authorization: string): string {
  const hash = createHash('sha256').update(authorization).digest('base64');
  return `Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): '${hash}'.`;
}

/** Parses `X-Amz-Date` (`20240101T000000Z`) or an HTTP `Date` header. */
export function parseAmzDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value.trim());
  if (m) return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : new Date(parsed);
}
