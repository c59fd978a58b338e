import assert from 'node:assert/strict';
import { lint } from '../../src/lint/engine.js';
import type { LintFinding } from '../../src/lint/types.js';

/** Lints inline files (name → text) in process and returns the findings of one rule. */
export async function findingsOf(ruleId: string, files: Record<string, string>): Promise<LintFinding[]> {
  const result = await lint(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    { rules: [ruleId] },
  );
  return result.findings;
}

/** Asserts the rule reports exactly these lines (sorted) for the files. */
export async function expectLines(
  ruleId: string,
  files: Record<string, string>,
  lines: number[],
): Promise<LintFinding[]> {
  const findings = await findingsOf(ruleId, files);
  assert.deepEqual(
    findings.map((f) => f.line),
    lines,
    findings.map((f) => `${f.file}:${f.line} ${f.message}`).join('\n'),
  );
  return findings;
}
