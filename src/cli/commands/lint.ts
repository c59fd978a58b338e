import { lint, severityAtLeast } from '../../lint/engine.js';
import { collectLintInputs } from '../../lint/files.js';
import { LINT_RULES } from '../../lint/rules/index.js';
import type { LintSeverity } from '../../lint/types.js';
import { lintJson, lintSarif, lintText } from '../../report/lint.js';
import { InputError } from '../../model/errors.js';
import { EXIT } from '../exit-codes.js';
import { write } from '../io.js';

export interface LintFlags {
  output: 'text' | 'json' | 'sarif';
  severity: LintSeverity;
  rule?: string[];
  ignore?: string[];
}

const VERSION = '0.1.0';

export async function runLint(paths: string[], flags: LintFlags): Promise<number> {
  const known = new Set(LINT_RULES.map((r) => r.id));
  for (const id of [...(flags.rule ?? []), ...(flags.ignore ?? [])])
    if (!known.has(id))
      throw new InputError(`unknown rule ${JSON.stringify(id)} (rules: ${[...known].join(', ')})`);
  const inputs = await collectLintInputs(paths, process.cwd());
  const result = await lint(inputs, { rules: flags.rule, ignore: flags.ignore, severity: flags.severity });
  if (flags.output === 'json') write(JSON.stringify(lintJson(result, VERSION), null, 2));
  else if (flags.output === 'sarif') write(JSON.stringify(lintSarif(result, VERSION), null, 2));
  else process.stdout.write(lintText(result));
  return result.findings.some((f) => severityAtLeast(f.severity, 'warning')) ? EXIT.findings : EXIT.ok;
}
