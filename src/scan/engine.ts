import { createHash } from 'node:crypto';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { AwsSession, fatalAwsError } from '../collect/aws/session.js';
import {
  accountRegions,
  defaultCredentials,
  organizationAccounts,
  parseAccountsFile,
  reachAccount,
  type AccountEntry,
  type AccountFailure,
  type ClientSettings,
} from './accounts.js';
import { AccountLimiter } from './limiter.js';
import { compareFindings, compareNotChecked, reportStats } from './report-parts.js';
import type { ScanState } from './state.js';
import { failureOf, notCheckedTarget, scanTarget, type TargetResult } from './target.js';
import type { NotChecked, ScanReport } from './types.js';

export interface ScanPlan {
  profiles: string[];
  /** --org --role-name R: every ACTIVE account of the organization, through role R. */
  orgRoleName?: string;
  /** --accounts-file: its text and name. */
  accountsFile?: { text: string; name: string };
  /** --role-name without --org: the role to assume for accounts-file lines that name none. */
  roleName?: string;
  regions: 'all' | string[];
  /** Global services (STS, Organizations, Account) are called in this region. */
  globalRegion: string;
  endpoint?: string;
  maxRps?: number;
  shard?: { index: number; count: number };
  version: string;
  signal?: AbortSignal;
  state?: ScanState;
  onProgress?: (progress: ScanProgress) => void;
  maxAttempts?: number;
}

export interface ScanProgress {
  accounts: number;
  accountsDone: number;
  targets: number;
  targetsDone: number;
  apis: number;
  apisDone: number;
  calls: number;
}

/** The shard an account belongs to: a hash of its id, so every machine splits the fleet the same way. */
export function shardOf(account: string, count: number): number {
  return (createHash('sha256').update(account).digest().readUInt32BE(0) % count) + 1;
}

/** What identifies a scan for --state: the same sources, regions and shard. */
export function scanScope(plan: ScanPlan): string {
  return JSON.stringify({
    profiles: plan.profiles,
    org: plan.orgRoleName ?? null,
    file: plan.accountsFile ? createHash('sha256').update(plan.accountsFile.text).digest('hex') : null,
    roleName: plan.roleName ?? null,
    regions: plan.regions,
    shard: plan.shard ?? null,
  });
}

const ACCOUNT_CONCURRENCY = 16;

async function eachLimited<T>(limit: number, items: T[], task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

/** The fleet scan: every account, region, API and custom domain, within AWS's rate limits. */
export async function runScan(plan: ScanPlan): Promise<ScanReport> {
  const started = new Date();
  const t0 = performance.now();
  const settings: ClientSettings = { region: plan.globalRegion };
  if (plan.endpoint) settings.endpoint = plan.endpoint;
  let baseProvider: Promise<AwsCredentialIdentityProvider> | undefined;
  // --org reaches the organization with the default credentials, or the first --profile.
  const base = () => (baseProvider ??= defaultCredentials(plan.orgRoleName ? plan.profiles[0] : undefined));

  const entries: AccountEntry[] = [];
  if (!plan.orgRoleName) for (const p of plan.profiles) entries.push({ via: `profile:${p}`, profile: p });
  if (plan.orgRoleName) {
    try {
      entries.push(...(await organizationAccounts(await base(), settings, plan.orgRoleName)));
    } catch (error) {
      throw fatalAwsError(error, 'listing the accounts of the organization (organizations:ListAccounts)');
    }
  }
  if (plan.accountsFile)
    entries.push(...parseAccountsFile(plan.accountsFile.text, plan.accountsFile.name, plan.roleName));
  // No source named: the account of the default credentials.
  if (entries.length === 0 && !plan.orgRoleName) entries.push({ via: 'default credentials' });
  const unique = [...new Map(entries.map((e) => [e.id ?? e.via, e])).values()];
  const chosen = plan.shard
    ? unique.filter((e) => shardOf(e.id ?? e.via, plan.shard!.count) === plan.shard!.index)
    : unique;

  const progress: ScanProgress = {
    accounts: chosen.length,
    accountsDone: 0,
    targets: plan.regions === 'all' ? 0 : chosen.length * plan.regions.length,
    targetsDone: 0,
    apis: 0,
    apisDone: 0,
    calls: 0,
  };
  const limiters: AccountLimiter[] = [];
  const tick = () => {
    progress.calls = limiters.reduce((n, l) => n + l.stats.requests, 0);
    plan.onProgress?.({ ...progress });
  };
  const results: TargetResult[] = [];
  const failures: AccountFailure[] = [];
  const unfinished = new Set(chosen.map((e) => e.id ?? e.via));
  /** Accounts known first by their profile, by the id STS gave. */
  const resolved = new Map<string, string>();
  const aborted = () => plan.signal?.aborted === true;

  const scanAccount = async (entry: AccountEntry): Promise<void> => {
    const key = entry.id ?? entry.via;
    const recorded = plan.state?.accountFailure(key);
    if (recorded) {
      failures.push(recorded);
      unfinished.delete(key);
      progress.accountsDone++;
      if (plan.regions !== 'all') progress.targetsDone += plan.regions.length;
      return tick();
    }
    const reached = await reachAccount(entry, base, settings);
    if (aborted()) return;
    if ('reason' in reached) {
      failures.push(reached);
      plan.state?.recordAccountFailure(key, reached);
      unfinished.delete(key);
      progress.accountsDone++;
      if (plan.regions !== 'all') progress.targetsDone += plan.regions.length;
      return tick();
    }
    resolved.set(key, reached.id);
    // `all`: only the enabled regions; a list: every status, to tell the disabled ones apart.
    const known = await accountRegions(reached.credentials, settings, plan.regions === 'all');
    if (aborted()) return;
    let regions: string[];
    const disabled = new Set('error' in known ? [] : known.disabled);
    if (plan.regions === 'all') {
      if ('error' in known) {
        const failure: AccountFailure = {
          account: reached.id,
          via: reached.via,
          reason: 'access-denied',
          message: `cannot list the account's enabled regions: ${known.error}`,
          credentials: false,
        };
        failures.push(failure);
        plan.state?.recordAccountFailure(key, failure);
        unfinished.delete(key);
        progress.accountsDone++;
        return tick();
      }
      regions = known.enabled;
      progress.targets += regions.length;
    } else regions = plan.regions;

    const limiter = new AccountLimiter(plan.maxRps, plan.signal);
    limiters.push(limiter);
    const session = new AwsSession({
      credentialProvider: reached.credentials,
      region: regions[0] ?? plan.globalRegion,
      ...(plan.endpoint ? { endpoint: plan.endpoint } : {}),
      maxAttempts: plan.maxAttempts ?? 8,
      onClient: (client) => limiter.attach(client),
    });
    try {
      await Promise.all(
        regions.map(async (region) => {
          const targetKey = `${reached.id}/${region}`;
          const saved = plan.state?.target(targetKey);
          let result: TargetResult;
          if (saved) result = saved;
          else if (disabled.has(region))
            result = notCheckedTarget(
              reached.id,
              reached.via,
              region,
              'region-disabled',
              `${region} is not enabled for account ${reached.id} (account:ListRegions)`,
            );
          else {
            try {
              result = await scanTarget(session, reached.id, reached.via, region, {
                onApisFound: (n) => {
                  progress.apis += n;
                  tick();
                },
                onApiDone: () => {
                  progress.apisDone++;
                  tick();
                },
              });
            } catch (error) {
              if (aborted()) return;
              const { reason, message } = failureOf(error);
              result = notCheckedTarget(reached.id, reached.via, region, reason, message);
            }
          }
          if (aborted()) return;
          results.push(result);
          if (!saved) plan.state?.recordTarget(targetKey, result);
          progress.targetsDone++;
          tick();
        }),
      );
      if (!aborted()) {
        unfinished.delete(key);
        progress.accountsDone++;
        tick();
      }
    } finally {
      await session.destroy();
    }
  };

  const work = eachLimited(ACCOUNT_CONCURRENCY, chosen, scanAccount);
  if (plan.signal) {
    const stopped = new Promise<void>((resolve) => {
      if (plan.signal!.aborted) resolve();
      plan.signal!.addEventListener('abort', () => resolve(), { once: true });
    });
    await Promise.race([work, stopped]);
  } else await work;
  // Whatever the abort left running is abandoned; its results are not part of this report.
  work.catch(() => undefined);
  await plan.state?.flush();

  return buildReport({
    plan,
    started,
    durationMs: Math.round(performance.now() - t0),
    accounts: chosen.map((e) => resolved.get(e.id ?? e.via) ?? e.id ?? e.via),
    results: [...results],
    failures: [...failures],
    interrupted: aborted() ? [...unfinished] : [],
    calls: limiters.reduce(
      (acc, l) => ({
        calls: acc.calls + l.stats.requests - l.stats.retries,
        throttled: acc.throttled + l.stats.throttled,
        retries: acc.retries + l.stats.retries,
      }),
      { calls: 0, throttled: 0, retries: 0 },
    ),
  });
}

function buildReport(input: {
  plan: ScanPlan;
  started: Date;
  durationMs: number;
  accounts: string[];
  results: TargetResult[];
  failures: AccountFailure[];
  interrupted: string[];
  calls: { calls: number; throttled: number; retries: number };
}): ScanReport {
  const { plan, results } = input;
  results.sort(
    (a, b) =>
      a.target.account.localeCompare(b.target.account) || a.target.region.localeCompare(b.target.region),
  );
  const notChecked: NotChecked[] = [
    ...input.failures
      .map((f): NotChecked => ({ account: f.account, reason: f.reason, message: f.message }))
      .sort((a, b) => a.account.localeCompare(b.account)),
    ...input.interrupted.sort().map((account): NotChecked => ({
      account,
      reason: 'interrupted',
      message: 'the scan was stopped before this account was finished',
    })),
    ...results.flatMap((r) => r.notChecked),
  ].sort(compareNotChecked);
  const targets = results.map((r) => r.target);
  if (plan.regions !== 'all') {
    for (const f of input.failures) {
      if (f.credentials || f.reason === 'assume-role-failed')
        for (const region of plan.regions)
          targets.push({
            account: f.account,
            via: f.via,
            region,
            status: 'not-checked',
            apis: 0,
            domains: 0,
            findings: 0,
          });
    }
    targets.sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region));
  }
  const findings = results.flatMap((r) => r.findings).sort(compareFindings);
  const apis = results.flatMap((r) => r.apis);
  const domains = results.flatMap((r) => r.domains);
  const report: ScanReport = {
    schemaVersion: 1,
    tool: { name: 'apigw-doctor', version: plan.version },
    startedAt: input.started.toISOString(),
    finishedAt: new Date().toISOString(),
    partial: input.interrupted.length > 0,
    scope: { accounts: [...input.accounts].sort(), regions: plan.regions },
    targets,
    apis,
    domains,
    findings,
    notChecked,
    stats: reportStats(
      { targets, apis, domains, findings, notChecked },
      {
        calls: input.calls.calls,
        throttled: input.calls.throttled,
        retries: input.calls.retries,
        durationMs: input.durationMs,
      },
    ),
  };
  if (plan.shard) report.scope.shard = plan.shard;
  return report;
}
