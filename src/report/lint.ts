import { createHash } from 'node:crypto';
import type { Log } from 'sarif';
import type { LintResult } from '../lint/engine.js';
import { LINT_RULES, lintRule } from '../lint/rules/index.js';
import type { LintFinding, LintSeverity } from '../lint/types.js';
import { toSarif, type SarifFinding } from './sarif.js';

export const LINT_JSON_SCHEMA_VERSION = 1;

/** The stable JSON shape of `apigw-doctor lint --output json` (documented in docs/lint.md). */
export interface LintJsonReport {
  schemaVersion: 1;
  tool: { name: 'apigw-doctor'; version: string };
  files: { path: string; framework: string | null }[];
  findings: {
    ruleId: string;
    severity: LintSeverity;
    title: string;
    file: string;
    line: number;
    message: string;
    fix: { summary: string; code?: string } | null;
    docs: string[];
  }[];
  summary: Record<LintSeverity, number> & { files: number; skipped: number };
}

function counts(findings: LintFinding[]): Record<LintSeverity, number> {
  const result = { error: 0, warning: 0, info: 0 };
  for (const f of findings) result[f.severity]++;
  return result;
}

export function lintJson(result: LintResult, version: string): LintJsonReport {
  return {
    schemaVersion: LINT_JSON_SCHEMA_VERSION,
    tool: { name: 'apigw-doctor', version },
    files: result.files,
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      title: lintRule(f.ruleId)?.title ?? f.ruleId,
      file: f.file,
      line: f.line,
      message: f.message,
      fix: f.fix,
      docs: lintRule(f.ruleId)?.docs ?? [],
    })),
    summary: {
      ...counts(result.findings),
      files: result.files.filter((f) => f.framework !== null).length,
      skipped: result.files.filter((f) => f.framework === null).length,
    },
  };
}

export function lintText(result: LintResult): string {
  const lines: string[] = [];
  for (const f of result.findings) {
    lines.push(`${f.file}:${f.line} ${f.severity} ${f.ruleId} ${f.message}`);
    if (f.fix) {
      lines.push(`  fix: ${f.fix.summary}`);
      if (f.fix.code) lines.push(...f.fix.code.split('\n').map((line) => `    ${line}`));
    }
  }
  const c = counts(result.findings);
  const checked = result.files.filter((f) => f.framework !== null).length;
  const skipped = result.files.length - checked;
  lines.push(
    `${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} (${c.error} error, ${c.warning} warning, ${c.info} info) in ${checked} file${checked === 1 ? '' : 's'}${skipped ? ` (${skipped} not API Gateway IaC, skipped)` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

const LEVEL: Record<LintSeverity, SarifFinding['level']> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

export function lintSarif(result: LintResult, version: string): Log {
  return toSarif(
    { name: 'apigw-doctor', version, informationUri: 'https://github.com/apigw-doctor/apigw-doctor' },
    LINT_RULES.map((rule) => ({
      id: rule.id,
      name: rule.title,
      shortDescription: rule.title,
      fullDescription: rule.why,
      ...(rule.docs[0] ? { helpUri: rule.docs[0] } : {}),
      help: `${rule.why}\n\nDocumentation: ${rule.docs.join(' ')}`,
      defaultLevel: LEVEL[rule.severity],
    })),
    result.findings.map((f) => ({
      ruleId: f.ruleId,
      level: LEVEL[f.severity],
      message: f.fix ? `${f.message} Fix: ${f.fix.summary}` : f.message,
      uri: f.file.split('\\').join('/'),
      startLine: f.line,
      fingerprint: createHash('sha256')
        .update(`${f.ruleId}\n${f.file}\n${f.message}`)
        .digest('hex')
        .slice(0, 32),
      ...(f.fix?.code ? { properties: { fixCode: f.fix.code } } : {}),
    })),
  );
}
