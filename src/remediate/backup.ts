import { execFileSync } from 'node:child_process';
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Plan } from './types.js';

/**
 * The backup taken before the first write to AWS: the raw snapshot of the API, the stage's export
 * and the deployment it served, with a manifest; every file flushed to disk before anything changes.
 */

export interface BackupManifest {
  apigwDoctorBackup: 1;
  createdAt: string;
  region: string;
  accountId?: string;
  apiId: string;
  stage: string;
  /** The deployment the stage served before the change: what `rollback` restores. */
  deploymentId?: string;
  files: string[];
  plan: Plan;
}

async function writeDurably(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function writeBackup(
  root: string,
  plan: Plan,
  snapshot: Record<string, unknown>,
  stageExport: unknown,
  now = new Date(),
): Promise<string> {
  if (!plan.apiId || !plan.stage) throw new Error('a backup needs the API and the stage');
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const dir = join(root, plan.accountId ?? 'account', plan.region, plan.apiId, plan.stage, stamp);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const files = ['snapshot.json'];
  await writeDurably(join(dir, 'snapshot.json'), `${JSON.stringify(snapshot, null, 2)}\n`);
  if (stageExport !== undefined) {
    files.push('export.json');
    await writeDurably(join(dir, 'export.json'), `${JSON.stringify(stageExport, null, 2)}\n`);
  }
  const manifest: BackupManifest = {
    apigwDoctorBackup: 1,
    createdAt: now.toISOString(),
    region: plan.region,
    apiId: plan.apiId,
    stage: plan.stage,
    files,
    plan,
  };
  if (plan.accountId) manifest.accountId = plan.accountId;
  if (plan.expected?.deploymentId) manifest.deploymentId = plan.expected.deploymentId;
  await writeDurably(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await syncDirectory(dir);
  await syncDirectory(dirname(dir));
  return dir;
}

export async function readManifest(dir: string): Promise<BackupManifest> {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as BackupManifest;
  if (manifest.apigwDoctorBackup !== 1 || !manifest.apiId || !manifest.stage) {
    throw new Error(`${dir}/manifest.json is not an apigw-doctor backup manifest`);
  }
  return manifest;
}

/** `--commit-backup`: commits the backup folder when it is inside a git work tree. */
export function commitBackup(dir: string): string {
  const top = execFileSync('git', ['-C', dir, 'rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
  execFileSync('git', ['-C', top, 'add', '--', dir]);
  execFileSync('git', ['-C', top, 'commit', '-m', `apigw-doctor backup before changing ${dir}`, '--', dir], {
    encoding: 'utf8',
  });
  return top;
}
