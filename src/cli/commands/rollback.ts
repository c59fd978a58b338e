import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../model/errors.js';
import { EXIT } from '../exit-codes.js';
import { write } from '../io.js';

export interface RollbackFlags {
  profile?: string;
  endpointUrl?: string;
  yes?: boolean;
}

/** Kinds `rollback` puts back from the backup (besides the stage's deployment). */
const RESTORED = new Set([
  'create-base-path-mapping',
  'update-base-path-mapping',
  'create-api-mapping',
  'update-api-mapping',
  'delete-gateway-response',
]);

/**
 * `apigw-doctor rollback BACKUP_DIR`: the stage back on the deployment it served before, and the
 * mappings and gateway responses the fix changed back as the backup recorded them; safe to repeat.
 */
export async function runRollback(dir: string, flags: RollbackFlags): Promise<number> {
  const [{ readManifest }, { AwsSession }, { awsExecutor }, { restore }] = await Promise.all([
    import('../../remediate/backup.js'),
    import('../../collect/aws/session.js'),
    import('../../remediate/aws/executor.js'),
    import('../../remediate/apply.js'),
  ]);
  let manifest: Awaited<ReturnType<typeof readManifest>>;
  try {
    manifest = await readManifest(dir);
  } catch (error) {
    throw new InputError(`cannot read the backup in ${dir}: ${(error as Error).message.split('\n')[0]}`, {
      cause: error,
    });
  }
  // Only what the journal says was done (and not undone already) is put back.
  const journal = await readJournal(dir);
  const actions = (manifest.plan.actions ?? [])
    .map((a, i) => ({ planned: a, step: i + 1 }))
    .filter(({ planned }) => RESTORED.has(planned.action.kind))
    .filter(
      ({ step }) =>
        !journal ||
        (journal.some((e) => e.step === step && (e.status === 'done' || e.status === 'failed')) &&
          !journal.some((e) => e.step === step && e.status === 'undone')),
    );
  if (!manifest.deploymentId && actions.length === 0)
    throw new InputError(`${dir}: the backup records nothing to go back to`);
  const options: import('../../collect/aws/session.js').AwsOptions = { region: manifest.region };
  if (flags.profile) options.profile = flags.profile;
  if (flags.endpointUrl) options.endpoint = flags.endpointUrl;
  const session = new AwsSession(options);
  try {
    const executor = await awsExecutor(session, manifest.region);
    const done: string[] = [];
    const unchanged: string[] = [];
    for (const { planned } of actions.reverse()) {
      const a = planned.action;
      const saved =
        a.kind === 'delete-gateway-response'
          ? manifest.before?.gatewayResponses?.find(
              (r) => r.apiId === a.apiId && r.responseType === a.responseType,
            )
          : undefined;
      const did = await restore(a, executor, saved);
      if (did) done.push(did);
      else unchanged.push(planned.summary);
    }
    if (manifest.deploymentId) {
      const now = await executor.readStage(manifest.apiId, manifest.stage);
      if (now.deploymentId === manifest.deploymentId && !now.canaryDeploymentId) {
        unchanged.push(
          `stage ${manifest.stage} of ${manifest.apiId} serves deployment ${manifest.deploymentId}`,
        );
        if (!done.length) {
          write(
            `Stage ${manifest.stage} of ${manifest.apiId} already serves deployment ${manifest.deploymentId}: nothing to roll back.`,
          );
          return EXIT.ok;
        }
      } else {
        if (now.canaryDeploymentId) await executor.removeCanary(manifest.apiId, manifest.stage);
        if (now.deploymentId !== manifest.deploymentId) {
          await executor.updateStageDeployment(manifest.apiId, manifest.stage, manifest.deploymentId);
        }
        write(
          `Rolled back: stage ${manifest.stage} of ${manifest.apiId} (${manifest.region}) serves deployment ${manifest.deploymentId} again (it served ${now.deploymentId ?? 'none'}).`,
        );
      }
    }
    for (const line of done) write(`Rolled back: ${line}.`);
    if (!done.length && !manifest.deploymentId)
      write(`Nothing to roll back: ${unchanged.join('; ')} — already as before, or never applied.`);
    return EXIT.ok;
  } finally {
    await session.destroy();
  }
}

async function readJournal(dir: string): Promise<{ step: number; status: string }[] | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, 'journal.json'), 'utf8')) as {
      step: number;
      status: string;
    }[];
  } catch {
    return undefined;
  }
}
