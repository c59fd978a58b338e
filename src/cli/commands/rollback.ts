import { InputError } from '../../model/errors.js';
import { EXIT } from '../exit-codes.js';
import { write } from '../io.js';

export interface RollbackFlags {
  profile?: string;
  endpointUrl?: string;
  yes?: boolean;
}

/** `apigw-doctor rollback BACKUP_DIR`: the stage back on the deployment it served before; safe to repeat. */
export async function runRollback(dir: string, flags: RollbackFlags): Promise<number> {
  const [{ readManifest }, { AwsSession }, { awsExecutor }] = await Promise.all([
    import('../../remediate/backup.js'),
    import('../../collect/aws/session.js'),
    import('../../remediate/aws/executor.js'),
  ]);
  let manifest: Awaited<ReturnType<typeof readManifest>>;
  try {
    manifest = await readManifest(dir);
  } catch (error) {
    throw new InputError(`cannot read the backup in ${dir}: ${(error as Error).message.split('\n')[0]}`, {
      cause: error,
    });
  }
  if (!manifest.deploymentId)
    throw new InputError(`${dir}: the backup records no previous deployment to go back to`);
  const options: import('../../collect/aws/session.js').AwsOptions = { region: manifest.region };
  if (flags.profile) options.profile = flags.profile;
  if (flags.endpointUrl) options.endpoint = flags.endpointUrl;
  const session = new AwsSession(options);
  try {
    const executor = await awsExecutor(session, manifest.region);
    const now = await executor.readStage(manifest.apiId, manifest.stage);
    if (now.deploymentId === manifest.deploymentId && !now.canaryDeploymentId) {
      write(
        `Stage ${manifest.stage} of ${manifest.apiId} already serves deployment ${manifest.deploymentId}: nothing to roll back.`,
      );
      return EXIT.ok;
    }
    if (now.canaryDeploymentId) await executor.removeCanary(manifest.apiId, manifest.stage);
    if (now.deploymentId !== manifest.deploymentId) {
      await executor.updateStageDeployment(manifest.apiId, manifest.stage, manifest.deploymentId);
    }
    write(
      `Rolled back: stage ${manifest.stage} of ${manifest.apiId} (${manifest.region}) serves deployment ${manifest.deploymentId} again (it served ${now.deploymentId ?? 'none'}).`,
    );
    return EXIT.ok;
  } finally {
    await session.destroy();
  }
}
