import type { PolicyDocument, PolicyStatement } from '../model/types.js';

/**
 * Resource-policy basics for `execute-api:Invoke`: Allow/Deny, Action, Resource (full ARNs or the
 * `execute-api:/…` shorthand), principal `*`, and the network conditions private APIs rely on
 * (aws:SourceVpce, aws:SourceVpc). Anything else makes a statement "unknown" rather than guessed.
 */

export interface PolicyRequest {
  region: string | undefined;
  accountId: string | undefined;
  apiId: string;
  stage: string;
  method: string;
  /** Resource path as called, without the leading slash. */
  path: string;
  sourceVpce?: string;
  sourceVpc?: string;
  signed: boolean;
}

export type PolicyDecision = 'allow' | 'explicit-deny' | 'implicit-deny' | 'unknown';

export function methodArn(req: PolicyRequest): string {
  return `arn:aws:execute-api:${req.region ?? '{region}'}:${req.accountId ?? '{account}'}:${req.apiId}/${req.stage}/${req.method}/${req.path}`;
}

export function evaluatePolicy(policy: PolicyDocument, req: PolicyRequest): PolicyDecision {
  let allowed = false;
  let unknownAllow = false;
  let unknownDeny = false;
  for (const statement of policy.Statement ?? []) {
    const applies = statementApplies(statement, req);
    if (applies === false) continue;
    if (applies === 'unknown') {
      if (statement.Effect === 'Deny') unknownDeny = true;
      else unknownAllow = true;
      continue;
    }
    if (statement.Effect === 'Deny') return 'explicit-deny';
    if (statement.Effect === 'Allow') allowed = true;
  }
  // A Deny that may apply outweighs any Allow: only a sure answer is given as one.
  if (unknownDeny) return 'unknown';
  if (allowed) return 'allow';
  return unknownAllow ? 'unknown' : 'implicit-deny';
}

function statementApplies(s: PolicyStatement, req: PolicyRequest): boolean | 'unknown' {
  const principal = principalMatches(s.Principal, req.signed);
  if (principal === false) return false;
  if (s.Action !== undefined && !list(s.Action).some((a) => actionMatches(a))) return false;
  if (s.NotAction !== undefined && list(s.NotAction).some((a) => actionMatches(a))) return false;
  if (s.Resource !== undefined && !list(s.Resource).some((r) => resourceMatches(r, req))) return false;
  if (s.NotResource !== undefined && list(s.NotResource).some((r) => resourceMatches(r, req))) return false;
  const conditions = conditionsMatch(s.Condition, req);
  if (conditions === false) return false;
  if (principal === 'unknown' || conditions === 'unknown') return 'unknown';
  return true;
}

function list(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}

function principalMatches(principal: unknown, signed: boolean): boolean | 'unknown' {
  if (principal === undefined || principal === '*') return true;
  if (typeof principal === 'object' && principal !== null) {
    const aws = (principal as Record<string, unknown>).AWS;
    if (aws === '*' || (Array.isArray(aws) && aws.includes('*'))) return true;
    // A named principal only matches a signed caller, and who signed cannot be known offline.
    return signed ? 'unknown' : false;
  }
  return 'unknown';
}

function actionMatches(action: string): boolean {
  return globMatch(action.toLowerCase(), 'execute-api:invoke');
}

function resourceMatches(resource: string, req: PolicyRequest): boolean {
  const tail = `${req.apiId}/${req.stage}/${req.method}/${req.path}`;
  if (resource === '*') return true;
  if (resource.startsWith('execute-api:/')) {
    return globMatch(resource.slice('execute-api:/'.length), `${req.stage}/${req.method}/${req.path}`);
  }
  const parts = resource.split(':');
  if (parts.length < 6 || parts[2] !== 'execute-api') return false;
  const [, , , region, account] = parts;
  const rest = parts.slice(5).join(':');
  if (req.region && !globMatch(region!, req.region)) return false;
  if (req.accountId && !globMatch(account!, req.accountId)) return false;
  return globMatch(rest, tail);
}

const NETWORK_KEYS: Record<string, keyof PolicyRequest> = {
  'aws:sourcevpce': 'sourceVpce',
  'aws:sourcevpc': 'sourceVpc',
};

function conditionsMatch(conditions: PolicyStatement['Condition'], req: PolicyRequest): boolean | 'unknown' {
  if (!conditions) return true;
  let unknown = false;
  for (const [operator, entries] of Object.entries(conditions)) {
    for (const [rawKey, rawValues] of Object.entries(entries)) {
      const field = NETWORK_KEYS[rawKey.toLowerCase()];
      if (!field) {
        unknown = true;
        continue;
      }
      const actual = req[field] as string | undefined;
      const values = list(rawValues as string | string[]);
      const op = operator.replace(/IfExists$/, '');
      const positive = op === 'StringEquals' || op === 'StringLike';
      const negative = op === 'StringNotEquals' || op === 'StringNotLike';
      if (!positive && !negative) {
        unknown = true;
        continue;
      }
      const like = op.endsWith('Like');
      const hit = actual !== undefined && values.some((v) => (like ? globMatch(v, actual) : v === actual));
      if (actual === undefined && operator.endsWith('IfExists')) continue;
      if (positive && !hit) return false;
      if (negative && (actual === undefined ? false : hit)) return false;
      if (negative && actual === undefined) continue;
    }
  }
  return unknown ? 'unknown' : true;
}

/** `*` and `?` wildcards, matched greedily with one backtrack point (linear, no regex). */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}
