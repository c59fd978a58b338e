import { Collector, envelope, type RegionEntry } from '../collect/aws/collect.js';
import { errorName, type AwsSession } from '../collect/aws/session.js';
import { inventoryFromSnapshot } from '../sources/snapshot.js';
import { SCAN_CHECKS } from './checks/index.js';
import { endpointDisabledTimes } from './cloudtrail.js';
import { runChecks, scanApi, scanDomains } from './report-parts.js';
import type { NotChecked, ScanApi, ScanDomain, ScanFinding, ScanTarget } from './types.js';

type Json = Record<string, unknown>;

/** Everything one account × region gave: a unit of progress, of the state file and of the report. */
export interface TargetResult {
  target: ScanTarget;
  apis: ScanApi[];
  domains: ScanDomain[];
  findings: ScanFinding[];
  notChecked: NotChecked[];
}

export interface TargetHooks {
  /** APIs found in the region (the progress bar's total grows by this). */
  onApisFound?(count: number): void;
  onApiDone?(): void;
}

const DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
  'ForbiddenException',
]);
/** API Gateway's answer, with valid credentials, in a region the account has not enabled. */
const REGION_NOT_ENABLED = new Set(['UnrecognizedClientException', 'InvalidClientTokenId']);
const API_CONCURRENCY = 8;

async function limited(limit: number, tasks: (() => Promise<void>)[]): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) await tasks[next++]!();
    }),
  );
}

function list(value: unknown, key: string): Json[] {
  const items = (value as Json | undefined)?.[key];
  return Array.isArray(items) ? (items as Json[]) : [];
}

export function notCheckedTarget(
  account: string,
  via: string | undefined,
  region: string,
  reason: NotChecked['reason'],
  message: string,
): TargetResult {
  const target: ScanTarget = {
    account,
    ...(via ? { via } : {}),
    region,
    status: 'not-checked',
    apis: 0,
    domains: 0,
    findings: 0,
  };
  return { target, apis: [], domains: [], findings: [], notChecked: [{ account, region, reason, message }] };
}

/** Classifies a failure that ended a target (the collector lets these through). */
export function failureOf(error: unknown): { reason: NotChecked['reason']; message: string } {
  const cause = (error as { cause?: unknown }).cause ?? error;
  const name = errorName(cause);
  const message = ((error as Error)?.message ?? String(error)).split('\n')[0]!;
  if (REGION_NOT_ENABLED.has(name))
    return {
      reason: 'region-disabled',
      message: `${name}: the region is not enabled for this account (${message})`,
    };
  if (DENIED.has(name)) return { reason: 'access-denied', message };
  if (/throttl|TooManyRequests/i.test(`${name} ${message}`)) return { reason: 'retries-exhausted', message };
  return { reason: 'error', message };
}

/** Scans one account × region with the account's rate-limited session. */
export async function scanTarget(
  session: AwsSession,
  account: string,
  via: string | undefined,
  region: string,
  hooks: TargetHooks = {},
): Promise<TargetResult> {
  const collector = new Collector(session);
  const [lists, domainList] = await Promise.all([collector.listings(region), collector.domainList(region)]);
  const listingProblems = collector.problems.filter((p) =>
    ['GetRestApis', 'GetApis', 'GetDomainNames'].includes(p.operation),
  );
  const notChecked: NotChecked[] = [];
  if (lists.restApiList === undefined && lists.httpApiList === undefined && listingProblems.length > 0) {
    const p = listingProblems[0]!;
    return notCheckedTarget(
      account,
      via,
      region,
      DENIED.has(p.code) ? 'access-denied' : 'error',
      `${p.code}: ${p.operation} on ${p.resource}`,
    );
  }
  const restItems = list(lists.restApiList, 'items');
  const httpItems = list(lists.httpApiList, 'Items');
  hooks.onApisFound?.(restItems.length + httpItems.length);
  const restApis: Json[] = [];
  const httpApis: Json[] = [];
  const domainEntries: Json[] = [];
  await limited(API_CONCURRENCY, [
    ...restItems.map((item) => async () => {
      const api = await collector.restApi(region, String(item.id), undefined, false, item);
      if (typeof api === 'object') restApis.push(api);
      hooks.onApiDone?.();
    }),
    ...httpItems.map((item) => async () => {
      const api = await collector.httpApi(region, String(item.ApiId), item);
      if (typeof api === 'object') httpApis.push(api);
      hooks.onApiDone?.();
    }),
    ...domainList.map((item) => async () => {
      const domain = await collector.domain(region, String(item.domainName), item);
      if (typeof domain === 'object') domainEntries.push(domain);
    }),
  ]);
  const entry: RegionEntry = { region };
  // A list that could not be read is left out, so no check concludes an API is missing from it.
  if (lists.restApiList !== undefined && lists.httpApiList !== undefined) {
    entry.restApiList = lists.restApiList;
    entry.httpApiList = lists.httpApiList;
  }
  const byId = (key: string, id: string) => (a: Json, b: Json) =>
    String((a[key] as Json)[id]).localeCompare(String((b[key] as Json)[id]));
  if (restApis.length) entry.restApis = restApis.sort(byId('restApi', 'id'));
  if (httpApis.length) entry.httpApis = httpApis.sort(byId('api', 'ApiId'));
  if (domainEntries.length) entry.domainNames = domainEntries.sort(byId('domainName', 'domainName'));
  const inventory = inventoryFromSnapshot(envelope([entry], account), `aws:${account}/${region}`);

  let endpointDisabledAt: Map<string, string> | undefined;
  const flagged = inventory.apis.filter((a) => a.disableExecuteApiEndpoint);
  if (flagged.length > 0) {
    const found = await endpointDisabledTimes(session, region, [...new Set(flagged.map((a) => a.kind))]);
    if (found instanceof Map) endpointDisabledAt = found;
    else
      for (const api of flagged)
        notChecked.push({
          account,
          region,
          apiId: api.id,
          reason: 'access-denied',
          message: `execute-api-disable-pending not checked: ${found.message}`,
        });
  }

  for (const p of collector.problems) {
    const apiId = /\/(?:restapis|apis)\/([^/]+)/.exec(p.resource)?.[1];
    const item: NotChecked = {
      account,
      region,
      reason: DENIED.has(p.code) ? 'access-denied' : 'error',
      message: `${p.code}: ${p.operation} on ${p.resource}`,
    };
    if (apiId) item.apiId = apiId;
    notChecked.push(item);
  }
  const listed = new Map([...restItems, ...httpItems].map((i) => [String(i.id ?? i.ApiId), i]));
  const apis = inventory.apis
    .map((api) => scanApi(api, account, region, listed.get(api.id) ?? {}))
    .sort((a, b) => a.id.localeCompare(b.id));
  const domains = scanDomains(inventory, account, region).sort((a, b) =>
    a.domainName.localeCompare(b.domainName),
  );
  const findings = runChecks(SCAN_CHECKS, inventory, account, region, endpointDisabledAt);
  const target: ScanTarget = {
    account,
    ...(via ? { via } : {}),
    region,
    status: 'checked',
    apis: apis.length,
    domains: domains.length,
    findings: findings.length,
  };
  return { target, apis, domains, findings, notChecked };
}
