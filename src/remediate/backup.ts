import { execFileSync } from 'node:child_process';
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DomainMapping, Inventory } from '../model/types.js';
import type { SavedGatewayResponse } from './apply.js';
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
  /** What the plan's mapping and gateway-response actions change, as it was: what `rollback` restores. */
  before?: BeforeState;
}

export interface BeforeState {
  /** Every mapping of each domain the plan touches (`basePath` '' is `(none)`). */
  domains?: { domainName: string; mappings: DomainMapping[] }[];
  /** The customised gateway responses the plan resets, with every field PutGatewayResponse needs. */
  gatewayResponses?: (SavedGatewayResponse & { apiId: string })[];
}

/** The state the backup keeps for the plan's mapping and gateway-response actions, from the live read. */
export function beforeState(
  plan: Plan,
  inventory: Inventory,
  snapshot: Record<string, unknown>,
): BeforeState | undefined {
  const before: BeforeState = {};
  const domainNames = new Set(
    plan.actions.flatMap((a) => ('domainName' in a.action ? [a.action.domainName] : [])),
  );
  for (const name of domainNames) {
    const domain = inventory.domains.find((d) => d.domainName === name);
    (before.domains ??= []).push({ domainName: name, mappings: structuredClone(domain?.mappings ?? []) });
  }
  for (const { action } of plan.actions) {
    if (action.kind !== 'delete-gateway-response') continue;
    const raw = gatewayResponsesOf(snapshot, action.apiId).find(
      (r) => r.responseType === action.responseType,
    );
    if (!raw || raw.defaultResponse === true) continue;
    (before.gatewayResponses ??= []).push({
      apiId: action.apiId,
      responseType: action.responseType,
      defaultResponse: false,
      ...(typeof raw.statusCode === 'string' ? { statusCode: raw.statusCode } : {}),
      ...(raw.responseParameters
        ? { responseParameters: raw.responseParameters as Record<string, string> }
        : {}),
      ...(raw.responseTemplates
        ? { responseTemplates: raw.responseTemplates as Record<string, string> }
        : {}),
    });
  }
  return before.domains || before.gatewayResponses ? before : undefined;
}

function gatewayResponsesOf(snapshot: Record<string, unknown>, apiId: string): Record<string, unknown>[] {
  type Entry = Record<string, unknown>;
  for (const account of (snapshot.accounts as Entry[] | undefined) ?? [])
    for (const region of (account.regions as Entry[] | undefined) ?? [])
      for (const api of (region.restApis as Entry[] | undefined) ?? [])
        if ((api.restApi as { id?: string } | undefined)?.id === apiId)
          return ((api.gatewayResponses as { items?: Entry[] } | undefined)?.items ?? []) as Entry[];
  return [];
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
  before?: BeforeState,
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
  if (before) manifest.before = before;
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
