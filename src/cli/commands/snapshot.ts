import { open, rename, rm } from 'node:fs/promises';
import { InputError } from '../../model/errors.js';
import { EXIT } from '../exit-codes.js';
import { write } from '../io.js';

export interface SnapshotFlags {
  api?: string[];
  domain?: string[];
  all?: boolean;
  region?: string[];
  profile?: string;
  endpointUrl?: string;
  out?: string;
  includeApiKeyValues?: boolean;
}

/** Writes via a temporary file and a rename: a reader never sees half a snapshot. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new InputError(`cannot write ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** `apigw-doctor snapshot`: record what API Gateway holds, to diagnose offline or attach to a ticket. */
export async function runSnapshot(flags: SnapshotFlags): Promise<number> {
  const apiIds = flags.api ?? [];
  const domains = flags.domain ?? [];
  if (!flags.all && apiIds.length === 0 && domains.length === 0) {
    throw new InputError('say what to record: --api ID, --domain NAME or --all');
  }
  const [{ AwsSession }, { collectSnapshot }, { validateSnapshot }] = await Promise.all([
    import('../../collect/aws/session.js'),
    import('../../collect/aws/collect.js'),
    import('../../sources/load.js'),
  ]);
  const options: import('../../collect/aws/session.js').AwsOptions = {};
  if (flags.profile) options.profile = flags.profile;
  if (flags.endpointUrl) options.endpoint = flags.endpointUrl;
  const regions = flags.region?.length
    ? flags.region
    : [process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? ''];
  if (!regions[0]) throw new InputError('say which region: --region R (repeatable), or set AWS_REGION');
  options.region = regions[0];
  const session = new AwsSession(options);
  try {
    const { snapshot, problems } = await collectSnapshot(session, {
      apiIds,
      domains,
      all: flags.all === true,
      regions,
      includeApiKeyValues: flags.includeApiKeyValues === true,
    });
    // What we write must be what we read: validate before saving.
    await validateSnapshot(snapshot, 'the collected snapshot');
    const text = `${JSON.stringify(snapshot, null, 2)}\n`;
    if (flags.out) await writeAtomically(flags.out, text);
    else write(text);
    const summary = `apigw-doctor snapshot: ${session.calls.length} calls in ${session.rounds} rounds, ${session.elapsedMs} ms${flags.out ? ` → ${flags.out}` : ''}`;
    process.stderr.write(`${summary}\n`);
    for (const p of problems)
      process.stderr.write(`  not recorded: ${p.operation} (${p.code} on ${p.resource})\n`);
    return problems.length ? EXIT.auth : EXIT.ok;
  } finally {
    await session.destroy();
  }
}
