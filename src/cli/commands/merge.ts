import { readFile } from 'node:fs/promises';
import { InputError } from '../../model/errors.js';
import type { ScanFormat } from '../../report/scan/index.js';
import type { ScanReport } from '../../scan/types.js';
import { emitReport, exitCodeOf, summaryLine } from './scan.js';

export interface MergeFlags {
  output: ScanFormat;
  out?: string;
}

/** `apigw-doctor merge`: joins scan reports (shards) into one. */
export async function runMerge(files: string[], flags: MergeFlags): Promise<number> {
  const { mergeReports } = await import('../../scan/merge.js');
  const reports = await Promise.all(
    files.map(async (name) => {
      let text: string;
      try {
        text = await readFile(name, 'utf8');
      } catch (error) {
        throw new InputError(`cannot read ${name}: ${(error as Error).message}`);
      }
      try {
        return { name, report: JSON.parse(text) as ScanReport };
      } catch {
        throw new InputError(`merge: ${name} is not JSON (write shard reports with --output json)`);
      }
    }),
  );
  const report = mergeReports(reports);
  await emitReport(report, flags.output, flags.out);
  process.stderr.write(`${summaryLine(report, 'merge')}${flags.out ? ` → ${flags.out}` : ''}\n`);
  return exitCodeOf(report);
}
