/** What every scan renderer shares: ordering, per-target counts, resource names and ARNs. Pure. */
import type { Severity } from '../../diagnose/rule.js';
import type { NotChecked, ScanApi, ScanFinding, ScanReport, ScanTarget } from '../../scan/types.js';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
export const SEVERITY_HEADING: Record<Severity, string> = {
  error: 'Errors',
  warning: 'Warnings',
  info: 'Info',
};

export const REASON_TEXT: Record<NotChecked['reason'], string> = {
  'access-denied': 'access denied',
  'region-disabled': 'region not enabled',
  'retries-exhausted': 'throttled, retries exhausted',
  'assume-role-failed': 'could not assume the role',
  interrupted: 'scan interrupted',
  error: 'error',
};

/** Code-point order: the same bytes on every machine, whatever its locale. */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareBy<T>(...keys: Array<(t: T) => string | number>): (a: T, b: T) => number {
  return (a, b) => {
    for (const key of keys) {
      const x = key(a);
      const y = key(b);
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : byText(String(x), String(y));
      if (c !== 0) return c;
    }
    return 0;
  };
}

const severityRank = (s: Severity) => {
  const i = SEVERITIES.indexOf(s);
  return i < 0 ? SEVERITIES.length : i;
};

/** Most severe first, then by where (account, region, API or domain, stage), then by check. */
export function sortedFindings(findings: readonly ScanFinding[]): ScanFinding[] {
  return [...findings].sort(
    compareBy<ScanFinding>(
      (f) => severityRank(f.severity),
      (f) => f.account,
      (f) => f.region,
      (f) => f.apiId ?? '',
      (f) => f.domain ?? '',
      (f) => f.stage ?? '',
      (f) => f.id,
      (f) => f.fingerprint,
    ),
  );
}

export function findingsOf(findings: readonly ScanFinding[], severity: Severity): ScanFinding[] {
  return sortedFindings(findings.filter((f) => f.severity === severity));
}

export function sortedNotChecked(list: readonly NotChecked[]): NotChecked[] {
  return [...list].sort(
    compareBy<NotChecked>(
      (n) => n.account,
      (n) => n.region ?? '',
      (n) => n.apiId ?? '',
      (n) => n.reason,
      (n) => n.message,
    ),
  );
}

export function sortedApis(apis: readonly ScanApi[]): ScanApi[] {
  return [...apis].sort(
    compareBy<ScanApi>(
      (a) => a.account,
      (a) => a.region,
      (a) => a.name,
      (a) => a.id,
    ),
  );
}

export interface TargetRow extends ScanTarget {
  bySeverity: Record<Severity, number>;
}

/** One row per account × region, with the findings there counted by severity. */
export function targetRows(report: ScanReport): TargetRow[] {
  return [...report.targets]
    .sort(
      compareBy<ScanTarget>(
        (t) => t.account,
        (t) => t.region,
      ),
    )
    .map((t) => {
      const bySeverity = { error: 0, warning: 0, info: 0 } as Record<Severity, number>;
      for (const f of report.findings) {
        if (f.account === t.account && f.region === t.region)
          bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
      }
      return { ...t, bySeverity };
    });
}

export function totalFindings(report: ScanReport): number {
  return SEVERITIES.reduce((n, s) => n + (report.stats.findingsBySeverity[s] ?? 0), 0);
}

export function apiOf(
  report: ScanReport,
  f: { account: string; region: string; apiId?: string },
): ScanApi | undefined {
  if (!f.apiId) return undefined;
  return report.apis.find((a) => a.account === f.account && a.region === f.region && a.id === f.apiId);
}

/** "API shop-api (a1b2c3d4e5), stage prod" or "domain api.example.com": where a finding is. */
export function resourceParts(f: ScanFinding): Array<[label: string, value: string]> {
  const parts: Array<[string, string]> = [];
  if (f.domain) parts.push(['domain', f.domain]);
  if (f.apiId)
    parts.push(['API', f.apiName !== undefined && f.apiName !== '' ? `${f.apiName} (${f.apiId})` : f.apiId]);
  if (f.stage !== undefined) parts.push(['stage', f.stage]);
  return parts;
}

/** The partition of a region's ARNs. */
function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** API Gateway's resource path of what a finding is about: /restapis/<id>/stages/<stage>, /domainnames/<name>… */
function resourcePathSegments(report: ScanReport, f: ScanFinding): string[] {
  if (f.domain) return ['domainnames', f.domain];
  if (f.apiId) {
    const kind = apiOf(report, f)?.kind;
    const api = [kind === 'HTTP' || kind === 'WEBSOCKET' ? 'apis' : 'restapis', f.apiId];
    return f.stage !== undefined ? [...api, 'stages', f.stage] : api;
  }
  return [];
}

/** The resource's ARN, e.g. arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/prod (API Gateway ARNs carry no account). */
export function resourceArn(report: ScanReport, f: ScanFinding): string {
  return `arn:${partitionOf(f.region)}:apigateway:${f.region}::/${resourcePathSegments(report, f).join('/')}`;
}

/**
 * A stable relative URI for the same resource, with the account: apigateway/<account>/<region>/restapis/<id>/stages/<stage>.
 * Relative on purpose: GitHub code scanning rejects an upload whose absolute URIs (arn:…) do not use the
 * checkout's file: scheme. Each segment is percent-encoded so a hostile name still makes a valid URI.
 */
export function resourceUri(report: ScanReport, f: ScanFinding): string {
  return ['apigateway', f.account, f.region, ...resourcePathSegments(report, f)]
    .map(encodeURIComponent)
    .join('/');
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The one-sentence scope of a scan, shared by every human-readable format. */
export function scopeSentence(report: ScanReport): string {
  const s = report.stats;
  const regions = report.scope.regions === 'all' ? 'all enabled regions' : report.scope.regions.join(', ');
  const shard = report.scope.shard ? `, shard ${report.scope.shard.index}/${report.scope.shard.count}` : '';
  return (
    `${plural(s.accounts, 'account')}, ${plural(s.regions, 'region')} (${regions}${shard}), ` +
    `${plural(s.apis, 'API')} and ${plural(s.domains, 'custom domain')}`
  );
}

export function callsSentence(report: ScanReport): string {
  const s = report.stats;
  return `${plural(s.calls, 'API call')}, ${s.throttled} throttled, ${plural(s.retries, 'retry', 'retries')}, ${formatDuration(s.durationMs)}`;
}
