import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../model/errors.js';
import type { Inventory } from '../../model/types.js';
import { EXIT } from '../exit-codes.js';
import { hasOfflineConfig, loadInventory, type InputFlags } from '../inputs.js';
import { useColor, write } from '../io.js';

export interface ExplainFlags extends InputFlags {
  output: string;
  redactOnly?: string;
  progress?: boolean;
  api?: string;
}

/** A progress bar on standard error, only when it is a terminal (cli-progress, loaded only then). */
async function progressBar(enabled: boolean) {
  if (!enabled || !process.stderr.isTTY) return null;
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: '{file} [{bar}] {percentage}% · {mb} MB',
      hideCursor: true,
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
  let active = false;
  return {
    update(source: { name: string; size: number | null; bytesRead(): number }) {
      if (!source.size) return;
      const mb = (source.bytesRead() / 1e6).toFixed(0);
      if (!active) {
        bar.start(source.size, 0, { file: path.basename(source.name), mb });
        active = true;
      }
      bar.update(source.bytesRead(), { file: path.basename(source.name), mb });
    },
    done() {
      if (active) bar.stop();
      active = false;
    },
  };
}

/**
 * Worker threads for big JSON access logs: APIGW_DOCTOR_SCAN_WORKERS (1 turns them off) and
 * APIGW_DOCTOR_SCAN_MIN_BYTES (the size from which they are used) override the defaults;
 * APIGW_DOCTOR_SCAN_PLAIN=1 parses every record in full instead (the reference for tests).
 */
function scanParallelism(): { workers?: number; minBytes?: number } {
  const number = (name: string) => {
    const raw = process.env[name];
    if (raw === undefined || raw === '') return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0)
      throw new InputError(`${name} takes a whole number, not ${JSON.stringify(raw)}`);
    return value;
  };
  const workers = number('APIGW_DOCTOR_SCAN_WORKERS');
  const minBytes = number('APIGW_DOCTOR_SCAN_MIN_BYTES');
  return {
    ...(workers !== undefined ? { workers } : {}),
    ...(minBytes !== undefined ? { minBytes } : {}),
  };
}

/** `apigw-doctor explain FILE...`: returns the exit code. */
export async function runExplain(files: string[], flags: ExplainFlags): Promise<number> {
  if (flags.output !== 'text' && flags.output !== 'json')
    throw new InputError(`--output takes text or json, not ${JSON.stringify(flags.output)}`);
  if (files.length === 0)
    throw new InputError('explain needs at least one evidence file (or - for standard input)');
  if (files.filter((f) => f === '-').length > 1)
    throw new InputError('- (standard input) can be given only once');

  if (flags.redactOnly !== undefined) return redactOnly(files, flags.redactOnly);

  const inventory: Inventory | null = hasOfflineConfig(flags) ? await loadInventory(flags) : null;
  const configuration = inventory
    ? [flags.snapshot, ...(flags.openapi ?? [])].filter(Boolean).join(', ')
    : null;
  const { explainEvidence } = await import('../../evidence/explain.js');
  const bar = await progressBar(flags.progress !== false);
  const report = await explainEvidence({
    files,
    inventory,
    configuration,
    stdin: process.stdin,
    ...(flags.api ? { apiId: flags.api } : {}),
    parallel: scanParallelism(),
    plainAccessLogs: process.env.APIGW_DOCTOR_SCAN_PLAIN === '1',
    ...(bar ? { onProgress: (s) => bar.update(s), onFileDone: () => bar.done() } : {}),
  });
  const { explainToJson, explainToText } = await import('../../report/explain.js');
  if (flags.output === 'json') write(JSON.stringify(explainToJson(report), null, 2));
  else write(explainToText(report, { color: useColor(process.stdout) }));
  for (const f of report.files)
    if (f.truncatedAtLine !== null)
      process.stderr.write(
        `apigw-doctor: ${f.file}: truncated at line ${f.truncatedAtLine} (${f.truncatedDetail}); reported what came before\n`,
      );
  return report.totals.failed > 0 ? EXIT.findings : EXIT.ok;
}

async function redactOnly(files: string[], out: string): Promise<number> {
  const [{ detectFile }, { writeRedactedCopy }] = await Promise.all([
    import('../../evidence/explain.js'),
    import('../../evidence/redact-copy.js'),
  ]);
  const intoDirectory = files.length > 1 || (existsSync(out) && statSync(out).isDirectory());
  if (files.length > 1 && !(existsSync(out) && statSync(out).isDirectory()))
    throw new InputError(`--redact-only ${out}: with several files, give an existing directory`);
  for (const file of files) {
    const target = intoDirectory
      ? path.join(out, file === '-' ? 'stdin.redacted' : path.basename(file))
      : out;
    if (file !== '-' && path.resolve(target) === path.resolve(file))
      throw new InputError(`--redact-only ${out}: would overwrite the input ${file}`);
    const { source, kind } = await detectFile(file, process.stdin);
    await writeRedactedCopy(source, kind, target);
    process.stderr.write(`apigw-doctor: wrote a redacted copy of ${file} to ${target}\n`);
  }
  return EXIT.ok;
}
