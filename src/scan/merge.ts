import { InputError } from '../model/errors.js';
import { compareFindings, compareNotChecked, reportStats } from './report-parts.js';
import type { ScanReport } from './types.js';

/**
 * `apigw-doctor merge`: joins the reports of several shards (or several scans) into one: findings deduplicated
 * by fingerprint, APIs and domains by identity, targets by account × region; stats recomputed.
 */
export function mergeReports(reports: { name: string; report: ScanReport }[]): ScanReport {
  if (reports.length === 0) throw new InputError('merge: give at least one report');
  for (const { name, report } of reports) {
    if (
      typeof report !== 'object' ||
      report === null ||
      !('schemaVersion' in report) ||
      !Array.isArray(report.findings)
    )
      throw new InputError(`merge: ${name} is not an apigw-doctor scan report`);
  }
  const versions = [...new Set(reports.map((r) => r.report.schemaVersion))];
  if (versions.length > 1)
    throw new InputError(
      `merge: cannot mix schema versions ${versions.join(' and ')} (${reports
        .map((r) => `${r.name}: ${r.report.schemaVersion}`)
        .join(', ')})`,
    );
  if (versions[0] !== 1)
    throw new InputError(`merge: schema version ${String(versions[0])} is not supported`);
  // The same report given twice counts once (its calls, its duration).
  const all = [
    ...new Map(
      reports.map((r) => [JSON.stringify([r.report.startedAt, r.report.scope, r.report.stats]), r.report]),
    ).values(),
  ];
  const byKey = <T>(items: T[], key: (t: T) => string): T[] => [
    ...new Map(items.map((i) => [key(i), i])).values(),
  ];
  const targets = byKey(
    all.flatMap((r) => r.targets),
    (t) => `${t.account}/${t.region}`,
  ).sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region));
  const apis = byKey(
    all.flatMap((r) => r.apis),
    (a) => `${a.account}/${a.region}/${a.id}`,
  ).sort(
    (a, b) =>
      a.account.localeCompare(b.account) || a.region.localeCompare(b.region) || a.id.localeCompare(b.id),
  );
  const domains = byKey(
    all.flatMap((r) => r.domains),
    (d) => `${d.account}/${d.region}/${d.domainName}`,
  ).sort(
    (a, b) =>
      a.account.localeCompare(b.account) ||
      a.region.localeCompare(b.region) ||
      a.domainName.localeCompare(b.domainName),
  );
  const findings = byKey(
    all.flatMap((r) => r.findings),
    (f) => f.fingerprint,
  ).sort(compareFindings);
  const notChecked = byKey(
    all.flatMap((r) => r.notChecked),
    (n) => JSON.stringify(n),
  ).sort(compareNotChecked);
  const regionsAsked = all.every((r) => r.scope.regions === 'all')
    ? ('all' as const)
    : [...new Set(all.flatMap((r) => (r.scope.regions === 'all' ? [] : r.scope.regions)))];
  const accounts = [...new Set(all.flatMap((r) => r.scope.accounts))].sort();
  const sum = (pick: (r: ScanReport) => number) => all.reduce((n, r) => n + pick(r), 0);
  return {
    schemaVersion: 1,
    tool: all[0]!.tool,
    startedAt: all.map((r) => r.startedAt).sort()[0]!,
    finishedAt: all
      .map((r) => r.finishedAt)
      .sort()
      .at(-1)!,
    partial: all.some((r) => r.partial),
    scope: { accounts, regions: regionsAsked },
    targets,
    apis,
    domains,
    findings,
    notChecked,
    stats: reportStats(
      { targets, apis, domains, findings, notChecked },
      {
        calls: sum((r) => r.stats.calls),
        throttled: sum((r) => r.stats.throttled),
        retries: sum((r) => r.stats.retries),
        // Shards run side by side: the merged scan took as long as the slowest.
        durationMs: Math.max(...all.map((r) => r.stats.durationMs)),
      },
    ),
  };
}
