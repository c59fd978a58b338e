import { createHash } from 'node:crypto';
import type { Severity } from '../diagnose/rule.js';
import type { ApiModel, Inventory, ResourceConfig } from '../model/types.js';
import { mappingTarget } from './checks/mapping-target-missing.js';
import type { CheckFinding, ScanCheck } from './checks/index.js';
import type {
  NotChecked,
  RouteRow,
  ScanApi,
  ScanDomain,
  ScanFinding,
  ScanReport,
  ScanStage,
  ScanStats,
} from './types.js';

/** A stable identity for a finding: the same problem on the same resource keeps it across scans. */
export function fingerprint(id: string, account: string, region: string, resource: string): string {
  return createHash('sha256').update(`${id}\n${account}\n${region}\n${resource}`).digest('hex').slice(0, 32);
}

interface Method {
  authorization: string;
  apiKeyRequired: boolean;
}

function flatten(resources: readonly ResourceConfig[]): Map<string, Method> {
  const out = new Map<string, Method>();
  for (const r of resources)
    for (const [verb, m] of Object.entries(r.methods))
      out.set(`${verb} ${r.path}`, { authorization: m.authorizationType, apiKeyRequired: m.apiKeyRequired });
  return out;
}

function row(key: string, state: RouteRow['state'], m: Method, change?: string): RouteRow {
  const space = key.indexOf(' ');
  const out: RouteRow = { method: key.slice(0, space), path: key.slice(space + 1), state };
  out.authorization = m.authorization;
  out.apiKeyRequired = m.apiKeyRequired;
  if (change) out.change = change;
  return out;
}

/** Deployed versus current, route by route (REST). */
export function restRouteRows(
  deployed: readonly ResourceConfig[] | undefined,
  current: readonly ResourceConfig[] | undefined,
): RouteRow[] {
  if (!deployed && !current) return [];
  const before = flatten(deployed ?? current ?? []);
  const after = flatten(current ?? deployed ?? []);
  const rows: RouteRow[] = [];
  for (const [key, was] of before) {
    const now = after.get(key);
    if (!now) rows.push(row(key, 'removed', was));
    else {
      const changes: string[] = [];
      if (was.authorization !== now.authorization)
        changes.push(`authorization ${was.authorization} → ${now.authorization}`);
      if (was.apiKeyRequired !== now.apiKeyRequired)
        changes.push(`API key required ${was.apiKeyRequired} → ${now.apiKeyRequired}`);
      rows.push(row(key, changes.length ? 'changed' : 'same', was, changes.join(', ') || undefined));
    }
  }
  for (const [key, now] of after) if (!before.has(key)) rows.push(row(key, 'undeployed', now));
  return rows.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

export function scanApi(
  api: ApiModel,
  account: string,
  region: string,
  listed: Record<string, unknown>,
): ScanApi {
  const out: ScanApi = {
    account,
    region,
    id: api.id,
    name: api.name ?? api.id,
    kind: api.kind,
    stages: [],
  };
  if (api.kind === 'REST') {
    if (api.endpointTypes[0]) out.endpointType = api.endpointTypes[0];
    out.disableExecuteApiEndpoint = api.disableExecuteApiEndpoint;
    if (api.tags && Object.keys(api.tags).length) out.tags = api.tags;
    out.stages = api.stages.map((s) => {
      const stage: ScanStage = {
        name: s.name,
        deploymentId: s.deploymentId ?? null,
        routes: restRouteRows(s.resources, api.currentResources),
      };
      if (s.deploymentCreatedDate) stage.deployedAt = s.deploymentCreatedDate;
      if (s.canary?.deploymentId) stage.canaryDeploymentId = s.canary.deploymentId;
      return stage;
    });
  } else {
    out.disableExecuteApiEndpoint = api.disableExecuteApiEndpoint;
    const tags = listed.Tags ?? listed.tags;
    if (tags && typeof tags === 'object' && Object.keys(tags).length)
      out.tags = tags as Record<string, string>;
    // HTTP and WebSocket deployments carry no route list: the rows are the configured routes.
    const routes: RouteRow[] = api.routes
      .map((r) => {
        const space = r.routeKey.indexOf(' ');
        const method = space > 0 ? r.routeKey.slice(0, space) : api.kind === 'WEBSOCKET' ? 'MESSAGE' : 'ANY';
        const path = space > 0 ? r.routeKey.slice(space + 1) : r.routeKey;
        return {
          method,
          path,
          state: 'same' as const,
          authorization: r.authorizationType,
          apiKeyRequired: r.apiKeyRequired,
        };
      })
      .sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
    out.stages = api.stages.map((s) => {
      const stage: ScanStage = {
        name: s.name,
        deploymentId: s.deploymentId ?? null,
        autoDeploy: s.autoDeploy,
        routes: routes.map((r) => ({ ...r })),
      };
      const created = api.deployments.find((d) => d.id === s.deploymentId)?.createdDate;
      if (created) stage.deployedAt = created;
      return stage;
    });
  }
  return out;
}

export function scanDomains(inventory: Inventory, account: string, region: string): ScanDomain[] {
  return inventory.domains.map((d) => {
    const out: ScanDomain = {
      account,
      region,
      domainName: d.domainName,
      mappings: d.mappings
        .map((m) => ({
          basePath: m.basePath === '' ? '(none)' : m.basePath,
          apiId: m.apiId,
          stage: m.stage ?? '',
          target: mappingTarget(inventory, m),
        }))
        .sort((a, b) => a.basePath.localeCompare(b.basePath)),
    };
    if (d.endpointType) out.endpointType = d.endpointType;
    return out;
  });
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function compareFindings(a: ScanFinding, b: ScanFinding): number {
  return (
    a.account.localeCompare(b.account) ||
    a.region.localeCompare(b.region) ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    a.id.localeCompare(b.id) ||
    a.fingerprint.localeCompare(b.fingerprint)
  );
}

/** Runs every check on one account × region. */
export function runChecks(
  checks: readonly ScanCheck[],
  inventory: Inventory,
  account: string,
  region: string,
  endpointDisabledAt?: Map<string, string>,
): ScanFinding[] {
  const findings: ScanFinding[] = [];
  for (const check of checks) {
    const report = (f: CheckFinding): void => {
      const finding: ScanFinding = {
        id: check.id,
        severity: check.severity,
        account,
        region,
        title: f.title,
        explanation: f.explanation,
        evidence: f.evidence,
        fix: f.fix,
        sources: check.sources,
        fingerprint: fingerprint(check.id, account, region, f.resource),
      };
      if (f.api) {
        finding.apiId = f.api.id;
        finding.apiName = f.api.name ?? f.api.id;
      }
      if (f.stage) finding.stage = f.stage;
      if (f.domain) finding.domain = f.domain;
      findings.push(finding);
    };
    const context = {
      account,
      region,
      inventory,
      report,
      ...(endpointDisabledAt ? { endpointDisabledAt } : {}),
    };
    check.run(context);
  }
  return findings.sort(compareFindings);
}

/** Account-wide entries first, then by account, region, API, message. */
export function compareNotChecked(a: NotChecked, b: NotChecked): number {
  return (
    (a.region === undefined ? 0 : 1) - (b.region === undefined ? 0 : 1) ||
    a.account.localeCompare(b.account) ||
    (a.region ?? '').localeCompare(b.region ?? '') ||
    (a.apiId ?? '').localeCompare(b.apiId ?? '') ||
    a.message.localeCompare(b.message)
  );
}

/** The counts of a report, from its parts; `calls` and `durationMs` come from the run (or the shards). */
export function reportStats(
  parts: Pick<ScanReport, 'targets' | 'apis' | 'domains' | 'findings' | 'notChecked'>,
  run: Pick<ScanStats, 'calls' | 'throttled' | 'retries' | 'durationMs'>,
): ScanStats {
  const findingsBySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of parts.findings) findingsBySeverity[f.severity]++;
  return {
    accounts: new Set([...parts.targets.map((t) => t.account), ...parts.notChecked.map((n) => n.account)])
      .size,
    regions: new Set(parts.targets.map((t) => t.region)).size,
    apis: parts.apis.length,
    domains: parts.domains.length,
    findingsBySeverity,
    ...run,
  };
}
