import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InputError } from '../../model/errors.js';
import type { BackupManifest } from '../../remediate/backup.js';
import type { JournalEntry } from '../../remediate/apply.js';
import type { Plan } from '../../remediate/types.js';
import type { DiagnosisDoc, FixApplied, GuardDoc, RunbookInputs } from '../../report/runbook.js';
import { EXIT } from '../exit-codes.js';
import { write } from '../io.js';

export interface RunbookFlags {
  out?: string;
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(`${file}: not JSON: ${(error as Error).message}`);
  }
}

/** `apigw-doctor runbook FILE...`: the Markdown runbook of an incident, from the tool's own outputs. */
export async function runRunbook(files: string[], flags: RunbookFlags): Promise<number> {
  const { detectDocument, renderRunbook } = await import('../../report/runbook.js');
  const inputs: RunbookInputs = { sources: [] };
  for (const file of files) {
    const doc = await readJson(file);
    const kind = detectDocument(doc);
    inputs.sources.push(file.replace(/^.*\//, ''));
    switch (kind) {
      case 'diagnosis':
        inputs.diagnosis = doc as DiagnosisDoc;
        break;
      case 'fix-plan':
      case 'fix-apply': {
        const o = doc as { plan?: Plan; applied?: FixApplied | null } & Partial<Plan>;
        inputs.plan = o.plan ?? (o as Plan);
        if (o.applied) {
          inputs.applied = o.applied;
          if (o.applied.backup) inputs.backupDir = o.applied.backup;
        }
        break;
      }
      case 'journal': {
        // The journal sits in the backup folder, beside the manifest that holds the plan.
        const dir = dirname(file);
        const manifestFile = join(dir, 'manifest.json');
        if (existsSync(manifestFile)) {
          const manifest = (await readJson(manifestFile)) as BackupManifest;
          inputs.manifest = manifest;
          inputs.plan ??= manifest.plan;
        }
        inputs.backupDir ??= dir;
        inputs.applied ??= { outcome: '', journal: doc as JournalEntry[], backup: dir };
        break;
      }
      case 'manifest': {
        const manifest = doc as BackupManifest;
        inputs.manifest = manifest;
        inputs.plan ??= manifest.plan;
        inputs.backupDir ??= dirname(file);
        break;
      }
      case 'guard-alarms':
        (inputs.guard ??= []).push(doc as GuardDoc);
        break;
      default:
        throw new InputError(
          `${file}: not an apigw-doctor output (diagnose -o json, fix -o json, a backup's journal.json or manifest.json, guard alarms -o json)`,
        );
    }
  }
  const text = renderRunbook(inputs);
  if (flags.out) {
    await mkdir(dirname(flags.out), { recursive: true });
    await writeFile(flags.out, text);
    process.stderr.write(`wrote ${flags.out}\n`);
  } else write(text);
  return EXIT.ok;
}
