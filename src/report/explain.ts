import { redactJson, redactText } from '../model/redact.js';
import type { CallGroup, ExplainReport } from '../evidence/explain.js';
import { CLASSIFICATION_LABELS } from '../evidence/types.js';

/** The stable JSON shape of `explain --output json` (docs/explain.md documents it). */
export function explainToJson(report: ExplainReport): Record<string, unknown> {
  return redactJson({
    apigwDoctorExplain: 1,
    configuration: report.configuration,
    totals: report.totals,
    overflow: report.overflow,
    files: report.files,
    groups: report.groups.map((g) => ({
      summary: g.summary,
      ok: g.ok,
      plane: g.plane,
      method: g.method,
      operation: g.operation,
      path: g.path,
      host: g.host,
      apiId: g.apiId,
      stage: g.stage,
      classification: g.classification,
      classificationLabel: CLASSIFICATION_LABELS[g.classification],
      statuses: g.statuses,
      count: g.count,
      firstTime: g.firstTime,
      lastTime: g.lastTime,
      errorType: g.errorType,
      errorMessage: g.errorMessage,
      cause: g.cause,
      diagnosed: g.diagnosed,
      finding: g.finding,
      notes: g.notes,
      examples: g.examples,
    })),
    changes: report.changes,
    next: nextSteps(report),
  }) as Record<string, unknown>;
}

/**
 * The commands that take the evidence further: for each API and stage with failing calls, who changed
 * what before the first failure (CloudTrail, `timeline`), and the live diagnosis of one failing call.
 */
export function nextSteps(report: ExplainReport): string[] {
  const byApi = new Map<
    string,
    { apiId: string; stage: string | null; region: string | null; first: string | null }
  >();
  for (const g of report.groups) {
    if (g.ok || g.plane !== 'data' || !g.apiId) continue;
    const region = g.host?.match(/\.execute-api\.([a-z0-9-]+)\.amazonaws\.com/)?.[1] ?? null;
    const key = `${g.apiId} ${g.stage ?? ''}`;
    const seen = byApi.get(key);
    if (!seen) byApi.set(key, { apiId: g.apiId, stage: g.stage, region, first: g.firstTime });
    else {
      if (g.firstTime && (!seen.first || g.firstTime < seen.first)) seen.first = g.firstTime;
      seen.region ??= region;
    }
  }
  return [...byApi.values()].map(
    (a) =>
      `apigw-doctor timeline --api ${a.apiId} --region ${a.region ?? 'REGION'}` +
      (a.stage ? ` --stage ${a.stage}` : '') +
      (a.first ? ` --since 7d --failures-since ${a.first}` : ' --since 7d'),
  );
}

function groupDetail(g: CallGroup): string[] {
  const facts = [
    g.statuses.length ? g.statuses.join('/') : 'no answer',
    CLASSIFICATION_LABELS[g.classification] + (g.errorType ? ` (${g.errorType})` : ''),
    g.apiId ? `API ${g.apiId}${g.stage ? ` stage ${g.stage}` : ''}` : g.host ? `host ${g.host}` : null,
    g.examples.map((e) => `${e.file}:${e.line}`).join(', '),
  ].filter(Boolean);
  const out = [`    ${facts.join(' · ')}`];
  if (g.errorMessage && !g.ok) out.push(`    message: ${g.errorMessage.replace(/\s+/g, ' ').slice(0, 200)}`);
  if (g.finding) {
    out.push(`    why: ${g.finding.explanation.split(/(?<=\.)\s/)[0]}`);
    if (g.finding.fix) {
      out.push(`    fix: ${g.finding.fix.summary}`);
      for (const command of g.finding.fix.commands.slice(0, 3)) out.push(`      $ ${command}`);
    }
  }
  for (const note of g.notes) out.push(`    note: ${note}`);
  return out;
}

export function explainToText(report: ExplainReport, options: { color?: boolean } = {}): string {
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const { totals } = report;
  const days = new Set(
    report.groups
      .flatMap((g) => [g.firstTime, g.lastTime])
      .filter(Boolean)
      .map((t) => t!.slice(0, 10)),
  );
  const lines: string[] = [];
  lines.push(
    `Evidence: ${report.files.length} file${report.files.length === 1 ? '' : 's'}, ${totals.calls} call${totals.calls === 1 ? '' : 's'} to API Gateway (${totals.failed} failed) in ${totals.groups} group${totals.groups === 1 ? '' : 's'}${days.size ? ` · times UTC${days.size === 1 ? `, ${[...days][0]}` : ''}` : ''}`,
  );
  for (const f of report.files) {
    const truncated =
      f.truncatedAtLine !== null
        ? ` · truncated at line ${f.truncatedAtLine} (${f.truncatedDetail}); the calls before it are reported`
        : '';
    lines.push(
      `  ${f.file}: ${f.label}, ${f.calls} call${f.calls === 1 ? '' : 's'}${f.skipped ? `, ${f.skipped} other record${f.skipped === 1 ? '' : 's'} skipped` : ''}${truncated}`,
    );
  }
  lines.push(
    report.configuration
      ? `Configuration: ${report.configuration}`
      : 'Configuration: none given (--snapshot or --openapi): the causes below are the general ones for each answer',
  );
  if (report.overflow)
    lines.push(`Note: ${report.overflow} calls were not grouped (more than 100000 distinct calls).`);
  const okGroups = report.groups.filter((g) => g.ok);
  for (const g of report.groups.filter((g) => !g.ok)) {
    lines.push('', paint('31', `✗ ${g.summary}`), ...groupDetail(g));
  }
  if (okGroups.length) lines.push('');
  for (const g of okGroups.slice(0, 10)) lines.push(paint('32', `✓ ${g.summary}`));
  if (okGroups.length > 10)
    lines.push(`  … and ${okGroups.length - 10} more groups of calls that succeeded (see --output json)`);
  if (report.changes.length) {
    lines.push('', 'Changes seen in CloudTrail:');
    for (const c of report.changes.slice(0, 50)) {
      const when = c.time === null ? '?' : new Date(c.time).toISOString().replace('T', ' ').slice(0, 16);
      lines.push(
        `  ${when} ${c.summary}${c.actor ? ` by ${c.actor}` : ''}${c.errorCode ? ` — failed: ${c.errorCode}` : ''}`,
      );
    }
    if (report.changes.length > 50)
      lines.push(`  … and ${report.changes.length - 50} more (see --output json)`);
  }
  const next = nextSteps(report);
  if (next.length) {
    lines.push(
      '',
      'Who changed what before the failures started (CloudTrail, needs cloudtrail:LookupEvents):',
    );
    for (const command of next) lines.push(`  $ ${command}`);
  }
  if (report.groups.length === 0) lines.push('', 'No calls to API Gateway were found in the evidence.');
  return redactText(lines.join('\n')) + '\n';
}
