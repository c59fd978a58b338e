/** `scan --output markdown`: for tickets and wikis (GitHub-flavoured Markdown); every value escaped. */
import type { ScanFinding, ScanReport } from '../../scan/types.js';
import { checkDocUri } from './checks.js';
import {
  callsSentence,
  findingsOf,
  REASON_TEXT,
  resourceParts,
  scopeSentence,
  SEVERITIES,
  SEVERITY_HEADING,
  sortedNotChecked,
  targetRows,
} from './model.js';
import { inert } from './terminal.js';

/**
 * Escapes a value for inline Markdown (also inside a table cell): every character that could start
 * emphasis, code, a link, HTML, an entity, math or a cell border is backslash-escaped (parentheses only
 * matter after `]`, which is escaped), and line breaks become a visible `\n` so a value stays on its line.
 */
export function mdText(value: string): string {
  return inert(value).replace(/[\\`*_[\]<>|~&$#]/g, (c) => `\\${c}`);
}

/** A fenced code block whose fence is longer than any backtick run inside, so content cannot close it. */
export function mdCode(lines: string[], info = 'text'): string {
  const body = lines.map(inert).join('\n');
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

/** Like mdText, for a value that starts a line: it must not open a list, a heading or a code block either. */
function mdBlock(value: string): string {
  return mdText(value.trimStart())
    .replace(/^[-+=#]/, (c) => `\\${c}`)
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

function table(header: string[], rows: string[][], align: Array<'l' | 'r'>): string[] {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(align.map((a) => (a === 'r' ? '---:' : '---'))), ...rows.map(line)];
}

function findingSection(f: ScanFinding): string[] {
  const where = [
    `account ${f.account}`,
    `region ${f.region}`,
    ...resourceParts(f).map(([k, v]) => `${k} ${v}`),
  ];
  const out = [
    `#### ${mdText(f.title)}`,
    '',
    `**${mdText(f.severity)}** · [${mdText(f.id)}](${checkDocUri(f.id)}) · ${where.map(mdText).join(' · ')}`,
    '',
    mdBlock(f.explanation),
  ];
  if (f.evidence.length > 0) out.push('', 'Evidence:', '', mdCode(f.evidence));
  if (f.fix) {
    out.push('', `Fix: ${mdText(f.fix.summary)}`);
    if (f.fix.commands.length > 0) out.push('', mdCode(f.fix.commands, 'sh'));
  }
  if (f.sources.length > 0) {
    out.push(
      '',
      `Sources: ${f.sources.map((s) => (/^https:\/\/[^\s<>()]+$/.test(s) ? `<${s}>` : mdText(s))).join(', ')}`,
    );
  }
  return out;
}

export function renderMarkdown(report: ScanReport): string {
  const out: string[] = ['# apigw-doctor fleet scan', ''];
  out.push(`Scanned ${mdText(scopeSentence(report))}.`, '');
  out.push(
    `${mdText(report.startedAt)} → ${mdText(report.finishedAt)} · ${mdText(callsSentence(report))} · apigw-doctor ${mdText(report.tool.version)}`,
  );
  if (report.partial) out.push('', '> **Partial:** the scan stopped early; this is what it found so far.');

  out.push('', '## Summary', '');
  out.push(
    ...table(
      ['Errors', 'Warnings', 'Info', 'Not checked'],
      [
        [
          ...SEVERITIES.map((s) => String(report.stats.findingsBySeverity[s] ?? 0)),
          String(report.notChecked.length),
        ],
      ],
      ['r', 'r', 'r', 'r'],
    ),
  );
  out.push('', '### By account and region', '');
  out.push(
    ...table(
      ['Account', 'Reached through', 'Region', 'Status', 'APIs', 'Domains', 'Errors', 'Warnings', 'Info'],
      targetRows(report).map((t) => [
        mdText(t.account),
        mdText(t.via ?? ''),
        mdText(t.region),
        t.status === 'checked' ? 'checked' : '**not checked**',
        String(t.apis),
        String(t.domains),
        String(t.bySeverity.error),
        String(t.bySeverity.warning),
        String(t.bySeverity.info),
      ]),
      ['l', 'l', 'l', 'l', 'r', 'r', 'r', 'r', 'r'],
    ),
  );

  out.push('', '## Findings');
  if (report.findings.length === 0) out.push('', 'No findings.');
  for (const severity of SEVERITIES) {
    const list = findingsOf(report.findings, severity);
    if (list.length === 0) continue;
    out.push('', `### ${SEVERITY_HEADING[severity]} (${list.length})`);
    for (const f of list) out.push('', ...findingSection(f));
  }

  const notChecked = sortedNotChecked(report.notChecked);
  if (notChecked.length > 0) {
    out.push('', '## Not checked', '');
    out.push(
      ...table(
        ['Account', 'Region', 'API', 'Reason', 'Message'],
        notChecked.map((n) => [
          mdText(n.account),
          mdText(n.region ?? 'all regions'),
          mdText(n.apiId ?? ''),
          mdText(REASON_TEXT[n.reason] ?? n.reason),
          mdText(n.message),
        ]),
        ['l', 'l', 'l', 'l', 'l'],
      ),
    );
  }
  return out.join('\n') + '\n';
}
