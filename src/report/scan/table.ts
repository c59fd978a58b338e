/** `scan --output table`: the terminal report, readable at 100 columns; colours only when asked. */
import type { Severity } from '../../diagnose/rule.js';
import type { ScanFinding, ScanReport } from '../../scan/types.js';
import {
  callsSentence,
  findingsOf,
  plural,
  REASON_TEXT,
  resourceParts,
  scopeSentence,
  SEVERITIES,
  SEVERITY_HEADING,
  sortedNotChecked,
  targetRows,
} from './model.js';
import { displayWidth, inert, padEnd, padStart, painter, wrap, type Paint } from './terminal.js';

const WIDTH = 100;
/** Evidence lines shown per finding; the other formats show them all. */
const MAX_EVIDENCE = 12;
const ICON: Record<Severity, string> = { error: '✗', warning: '!', info: 'i' };

function severityPaint(paint: Paint, severity: Severity): (s: string) => string {
  return severity === 'error' ? paint.red : severity === 'warning' ? paint.yellow : paint.cyan;
}

function summaryTable(report: ScanReport, paint: Paint): string[] {
  const header = ['ACCOUNT', 'REGION', 'STATUS', 'APIS', 'DOMAINS', 'ERRORS', 'WARNINGS', 'INFO'];
  const numeric = [false, false, false, true, true, true, true, true];
  const rows = targetRows(report).map((t) => [
    inert(t.account),
    inert(t.region),
    t.status === 'checked' ? 'checked' : 'NOT CHECKED',
    String(t.apis),
    String(t.domains),
    String(t.bySeverity.error),
    String(t.bySeverity.warning),
    String(t.bySeverity.info),
  ]);
  const sum = (i: number) => rows.reduce((n, r) => n + Number(r[i]), 0);
  const total = [
    'TOTAL',
    '',
    '',
    String(sum(3)),
    String(sum(4)),
    String(sum(5)),
    String(sum(6)),
    String(sum(7)),
  ];
  const widths = header.map((h, i) =>
    Math.max(displayWidth(h), ...[...rows, total].map((r) => displayWidth(r[i]!))),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] ? padStart(c, widths[i]!) : padEnd(c, widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    paint.bold(line(header)),
    ...rows.map((r) => (r[2] === 'NOT CHECKED' ? paint.yellow(line(r)) : line(r))),
    paint.bold(line(total)),
  ];
}

function renderFinding(f: ScanFinding, paint: Paint): string[] {
  const where = [`${f.account} ${f.region}`, ...resourceParts(f).map(([k, v]) => `${k} ${v}`)].map(inert);
  const icon = ICON[f.severity] ?? '?';
  const id = inert(f.id);
  const [head = '', ...more] = wrap(`${icon} ${id} · ${where.join(' · ')}`, '', WIDTH);
  const lines = [
    severityPaint(paint, f.severity)(paint.bold(`${icon} ${id}`)) +
      paint.dim(head.slice(`${icon} ${id}`.length)),
    ...more.map((l) => paint.dim(`  ${l}`)),
  ];
  lines.push(...wrap(inert(f.title), '  ', WIDTH).map(paint.bold));
  lines.push(...wrap(inert(f.explanation), '  ', WIDTH));
  if (f.evidence.length > 0) {
    lines.push(paint.dim('  Evidence:'));
    for (const e of f.evidence.slice(0, MAX_EVIDENCE)) lines.push(...wrap(inert(e), '    ', WIDTH));
    if (f.evidence.length > MAX_EVIDENCE) {
      lines.push(paint.dim(`    … ${f.evidence.length - MAX_EVIDENCE} more (see --output json or html)`));
    }
  }
  if (f.fix) {
    const [first = '', ...rest] = wrap(`Fix: ${inert(f.fix.summary)}`, '  ', WIDTH);
    lines.push(first.replace('Fix:', paint.bold('Fix:')), ...rest);
    // Commands stay on one line each, whatever their length, so they can be copied as they are.
    for (const c of f.fix.commands) {
      lines.push(c.startsWith('#') ? paint.dim(`    ${inert(c)}`) : `    $ ${inert(c)}`);
    }
  }
  return lines;
}

export function renderTable(report: ScanReport, options: { color?: boolean } = {}): string {
  const paint = painter(options.color === true);
  const out: string[] = [];
  out.push(...wrap(`apigw-doctor fleet scan: ${inert(scopeSentence(report))}`, '', WIDTH).map(paint.bold));
  const when = `${inert(report.startedAt)} → ${inert(report.finishedAt)} · ${callsSentence(report)}`;
  out.push(...wrap(when, '', WIDTH).map(paint.dim));
  if (report.partial) {
    out.push(paint.yellow('PARTIAL: the scan stopped early; this is what it found so far.'));
  }
  const by = report.stats.findingsBySeverity;
  const counts = `${plural(by.error ?? 0, 'error')}, ${plural(by.warning ?? 0, 'warning')}, ${by.info ?? 0} info`;
  out.push('', `Findings: ${counts} · not checked: ${report.notChecked.length}`);
  out.push('', ...summaryTable(report, paint));

  for (const severity of SEVERITIES) {
    const list = findingsOf(report.findings, severity);
    if (list.length === 0) continue;
    out.push(
      '',
      severityPaint(
        paint,
        severity,
      )(paint.bold(`${SEVERITY_HEADING[severity].toUpperCase()} (${list.length})`)),
    );
    for (const f of list) out.push('', ...renderFinding(f, paint));
  }
  if (report.findings.length === 0) out.push('', 'No findings.');

  const notChecked = sortedNotChecked(report.notChecked);
  if (notChecked.length > 0) {
    out.push('', paint.yellow(paint.bold(`NOT CHECKED (${notChecked.length})`)));
    for (const n of notChecked) {
      const where = [n.account, n.region ?? 'all regions', ...(n.apiId ? [`API ${n.apiId}`] : [])].map(inert);
      out.push(
        `${paint.yellow('?')} ${where.join(' · ')}: ${paint.bold(REASON_TEXT[n.reason] ?? inert(n.reason))}`,
      );
      out.push(...wrap(inert(n.message), '    ', WIDTH).map(paint.dim));
    }
  }
  return out.join('\n') + '\n';
}
