import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { errorName } from '../collect/aws/session.js';
import { InputError } from '../model/errors.js';
import type { NotChecked } from './types.js';

/**
 * Which accounts a scan covers and how each is reached: named profiles, every ACTIVE account of the
 * organization through a role, or a file. Credentials are resolved per account when its scan starts, so
 * one account that cannot be reached is "not checked" and the others go on.
 */

export interface AccountEntry {
  /** The 12-digit id, when known before reaching the account (organization, file). */
  id?: string;
  /** How the account is reached: `profile:NAME`, a role ARN, or `default credentials`. */
  via: string;
  roleArn?: string;
  profile?: string;
}

export interface ReachedAccount {
  id: string;
  via: string;
  credentials: AwsCredentialIdentityProvider;
}

export interface AccountFailure {
  /** The account id, or the profile when the id could not be learnt. */
  account: string;
  via: string;
  reason: NotChecked['reason'];
  message: string;
  /** True when the failure is about credentials (all of them failing is exit code 4). */
  credentials: boolean;
}

export interface ClientSettings {
  endpoint?: string;
  /** The region for STS, Organizations and Account (global services; us-east-1 by default). */
  region: string;
}

/**
 * Parses an accounts file: JSON (`[{"account": "…", "roleArn"?: "…", "profile"?: "…"}]`, or that list
 * under `accounts`) or text, one account a line: `<account-id> [role-arn|profile:<name>]`, `#` comments.
 */
export function parseAccountsFile(text: string, file: string, roleName?: string): AccountEntry[] {
  const trimmed = text.trim();
  const entries: AccountEntry[] = [];
  const add = (id: string, how: string | undefined, where: string) => {
    if (!/^\d{12}$/.test(id)) throw new InputError(`${where}: "${id}" is not a 12-digit account id`);
    const entry: AccountEntry = { id, via: 'default credentials' };
    if (how?.startsWith('profile:')) {
      entry.profile = how.slice('profile:'.length);
      entry.via = how;
    } else if (how) {
      if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(how))
        throw new InputError(`${where}: "${how}" is neither a role ARN nor profile:<name>`);
      entry.roleArn = how;
      entry.via = how;
    } else if (roleName) {
      entry.roleArn = `arn:aws:iam::${id}:role/${roleName}`;
      entry.via = entry.roleArn;
    }
    entries.push(entry);
  };
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new InputError(`${file}: not valid JSON (${(error as Error).message})`);
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as { accounts?: unknown }).accounts;
    if (!Array.isArray(list)) throw new InputError(`${file}: expected a list of accounts`);
    list.forEach((item, i) => {
      const o = (typeof item === 'string' ? { account: item } : item) as Record<string, unknown>;
      const how = o.roleArn ? String(o.roleArn) : o.profile ? `profile:${String(o.profile)}` : undefined;
      add(String(o.account ?? o.accountId ?? o.id ?? ''), how, `${file}: entry ${i + 1}`);
    });
  } else {
    text.split('\n').forEach((raw, i) => {
      const line = raw.replace(/#.*/, '').trim();
      if (!line) return;
      const [id, how, extra] = line.split(/\s+/);
      if (extra !== undefined)
        throw new InputError(`${file}:${i + 1}: expected "<account-id> [role-arn|profile:<name>]"`);
      add(id!, how, `${file}:${i + 1}`);
    });
  }
  if (entries.length === 0) throw new InputError(`${file}: no accounts`);
  return entries;
}

/** Resolves a provider once and keeps the credentials until five minutes before they expire. */
function memoize(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let pending: Promise<AwsCredentialIdentity> | undefined;
  return () => {
    if (pending) {
      const current = pending;
      pending = current.then((c) =>
        c.expiration && c.expiration.getTime() - Date.now() < 300_000 ? provider() : c,
      );
      pending.catch(() => (pending = undefined));
      return pending;
    }
    pending = provider();
    pending.catch(() => (pending = undefined));
    return pending;
  };
}

export async function defaultCredentials(profile?: string): Promise<AwsCredentialIdentityProvider> {
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  return memoize(fromNodeProviderChain(profile ? { profile } : {}));
}

/** Every ACTIVE account of the organization (Organizations ListAccounts, all pages). */
export async function organizationAccounts(
  base: AwsCredentialIdentityProvider,
  settings: ClientSettings,
  roleName: string,
): Promise<AccountEntry[]> {
  const { OrganizationsClient, paginateListAccounts } = await import('@aws-sdk/client-organizations');
  const config: Record<string, unknown> = {
    region: settings.region,
    credentials: base,
    retryMode: 'adaptive',
  };
  if (settings.endpoint) config.endpoint = settings.endpoint;
  const client = new OrganizationsClient(config);
  try {
    const out: AccountEntry[] = [];
    for await (const page of paginateListAccounts({ client }, {})) {
      for (const account of page.Accounts ?? []) {
        const state = (account as { State?: string }).State ?? account.Status;
        if (!account.Id || state !== 'ACTIVE') continue;
        const roleArn = `arn:aws:iam::${account.Id}:role/${roleName}`;
        out.push({ id: account.Id, via: roleArn, roleArn });
      }
    }
    return out.sort((a, b) => a.id!.localeCompare(b.id!));
  } finally {
    client.destroy();
  }
}

/** Reaches one account: assumes its role or loads its profile, and learns its id when unknown. */
export async function reachAccount(
  entry: AccountEntry,
  base: () => Promise<AwsCredentialIdentityProvider>,
  settings: ClientSettings,
): Promise<ReachedAccount | AccountFailure> {
  const stsConfig: Record<string, unknown> = { region: settings.region };
  if (settings.endpoint) stsConfig.endpoint = settings.endpoint;
  let credentials: AwsCredentialIdentityProvider;
  if (entry.roleArn) {
    const { fromTemporaryCredentials } = await import('@aws-sdk/credential-providers');
    credentials = memoize(
      fromTemporaryCredentials({
        params: { RoleArn: entry.roleArn, RoleSessionName: 'apigw-doctor-scan', DurationSeconds: 3600 },
        masterCredentials: await base(),
        clientConfig: stsConfig,
      }),
    );
    try {
      await credentials();
    } catch (error) {
      return {
        account: entry.id ?? entry.via,
        via: entry.via,
        reason: 'assume-role-failed',
        message: `${errorName(error)}: cannot assume ${entry.roleArn}: ${((error as Error).message ?? '').split('\n')[0]}`,
        credentials: true,
      };
    }
    return { id: entry.id ?? entry.roleArn.split(':')[4]!, via: entry.via, credentials };
  }
  credentials = entry.profile ? await defaultCredentials(entry.profile) : await base();
  if (entry.id) {
    try {
      await credentials();
      return { id: entry.id, via: entry.via, credentials };
    } catch (error) {
      return failure(entry, error);
    }
  }
  // A profile: ask STS whose it is (the report is by account id).
  const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  const sts = new STSClient({ ...stsConfig, credentials });
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    return { id: identity.Account ?? entry.via, via: entry.via, credentials };
  } catch (error) {
    return failure(entry, error);
  } finally {
    sts.destroy();
  }
}

function failure(entry: AccountEntry, error: unknown): AccountFailure {
  return {
    account: entry.id ?? entry.via,
    via: entry.via,
    reason: 'error',
    message: `credentials for ${entry.via} failed: ${errorName(error)}: ${((error as Error).message ?? '').split('\n')[0]}`,
    credentials: true,
  };
}

/**
 * The regions an account has enabled, and those it has not (Account ListRegions). Undefined when the
 * call is refused: the scan then tries the regions asked for and learns from their answers.
 */
export async function accountRegions(
  credentials: AwsCredentialIdentityProvider,
  settings: ClientSettings,
  enabledOnly: boolean,
): Promise<{ enabled: string[]; disabled: string[] } | { error: string }> {
  const { AccountClient, paginateListRegions } = await import('@aws-sdk/client-account');
  const config: Record<string, unknown> = { region: settings.region, credentials, retryMode: 'adaptive' };
  if (settings.endpoint) config.endpoint = settings.endpoint;
  const client = new AccountClient(config);
  try {
    const enabled: string[] = [];
    const disabled: string[] = [];
    const filter = enabledOnly
      ? { RegionOptStatusContains: ['ENABLED' as const, 'ENABLED_BY_DEFAULT' as const] }
      : {};
    for await (const page of paginateListRegions({ client, pageSize: 50 }, filter)) {
      for (const r of page.Regions ?? []) {
        if (!r.RegionName) continue;
        if (r.RegionOptStatus === 'ENABLED' || r.RegionOptStatus === 'ENABLED_BY_DEFAULT')
          enabled.push(r.RegionName);
        else disabled.push(r.RegionName);
      }
    }
    return { enabled: enabled.sort(), disabled: disabled.sort() };
  } catch (error) {
    return {
      error: `${errorName(error)}: account:ListRegions: ${((error as Error).message ?? '').split('\n')[0]}`,
    };
  } finally {
    client.destroy();
  }
}
