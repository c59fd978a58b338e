import type { HttpApiModel, RestApiModel } from '../../model/types.js';
import { APIGATEWAY_SOURCES, operationInput, patchOperations } from './events.js';
import type { ChangeKind, Json, StageHistory, Timeline, TimelineEntry, TrailEvent } from './types.js';

/**
 * CloudTrail events of one API → a timeline that speaks in routes and stages, and the evidence it
 * gives ("GET /reviews was added by … after stage prod was last deployed at …"). Pure: no I/O.
 */

type CurrentApi = RestApiModel | HttpApiModel;

export interface BuildOptions {
  /** The API the timeline is about (default: the current API's id, else the most named id). */
  apiId?: string;
  window?: { start: string; end: string };
  region?: string;
  /** Custom domains whose mapping changes belong in this timeline. */
  domains?: string[];
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const obj = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};

/** How many changes a statement lists before "… and N more". */
const LIST_LIMIT = 8;

/** Mutable state while walking the events in time order. */
class Paths {
  readonly resources = new Map<string, string>();
  readonly routes = new Map<string, string>();
  constructor(current?: CurrentApi) {
    if (current?.kind === 'REST') {
      for (const r of current.currentResources ?? []) if (r.id) this.resources.set(r.id, r.path);
      for (const stage of current.stages)
        for (const r of stage.resources ?? [])
          if (r.id && !this.resources.has(r.id)) this.resources.set(r.id, r.path);
    } else if (current) {
      for (const r of current.routes) if (r.routeId) this.routes.set(r.routeId, r.routeKey);
    }
  }
  path(resourceId: string | undefined): string | undefined {
    return resourceId ? this.resources.get(resourceId) : undefined;
  }
  describe(resourceId: string | undefined): string {
    return this.path(resourceId) ?? `resource ${resourceId ?? '?'} (path not known)`;
  }
}

function patchSummary(request: Json): string {
  const ops = patchOperations(request);
  if (ops.length === 0) return '';
  const shown = ops
    .slice(0, 3)
    .map((p) => `${p.op} ${p.path}${p.value !== undefined ? ` = ${p.value}` : ''}`)
    .join(', ');
  return `: ${shown}${ops.length > 3 ? `, … ${ops.length - 3} more` : ''}`;
}

interface Draft {
  kind: ChangeKind;
  summary: string;
  needsDeployment: boolean;
  route?: string;
  path?: string;
  stage?: string;
  deploymentId?: string;
  domainName?: string;
}

/** One event → what it changed, in the API's own words. */
function describeEvent(event: TrailEvent, paths: Paths): Draft {
  const rq = event.request;
  const rs = obj(event.response);
  const input = operationInput(rq);
  const resourceId = str(rq.resourceId);
  const method = str(rq.httpMethod)?.toUpperCase();
  const path = paths.path(resourceId);
  const route = method ? `${method} ${paths.describe(resourceId)}` : undefined;
  const withRoute = (kind: ChangeKind, what: string): Draft => ({
    kind,
    summary: `${route ?? paths.describe(resourceId)} ${what}`,
    needsDeployment: true,
    ...(route ? { route } : {}),
    ...(path ? { path } : {}),
  });
  const stage = str(rq.stageName) ?? str(input.stageName) ?? str(rs.stageName);
  const domainName = str(rq.domainName) ?? str(input.domainName);
  const v2 = str(rq.apiId) !== undefined && str(rq.restApiId) === undefined;

  switch (event.name) {
    case 'CreateResource': {
      const id = str(rs.id);
      const parent = paths.path(str(rq.parentId));
      const part = str(input.pathPart) ?? str(rs.pathPart);
      const created =
        str(rs.path) ?? (parent && part ? `${parent === '/' ? '' : parent}/${part}` : undefined);
      if (id && created) paths.resources.set(id, created);
      return {
        kind: 'resource-added',
        summary: `${created ?? `resource ${part ?? id ?? '?'}`} added`,
        needsDeployment: true,
        ...(created ? { path: created } : {}),
      };
    }
    case 'DeleteResource':
      return {
        kind: 'resource-removed',
        summary: `${paths.describe(resourceId)} removed, with its methods and child resources`,
        needsDeployment: true,
        ...(path ? { path, route: `ANY ${path}` } : {}),
      };
    case 'PutMethod': {
      const auth = str(input.authorizationType);
      return withRoute('route-added', `added${auth ? ` (authorization ${auth})` : ''}`);
    }
    case 'DeleteMethod':
      return withRoute('route-removed', 'removed');
    case 'UpdateMethod':
      return withRoute('route-changed', `changed${patchSummary(rq)}`);
    case 'PutIntegration': {
      const type = str(input.type);
      return withRoute('route-changed', `integration set${type ? ` (${type})` : ''}`);
    }
    case 'UpdateIntegration':
      return withRoute('route-changed', `integration changed${patchSummary(rq)}`);
    case 'DeleteIntegration':
      return withRoute('route-changed', 'integration removed');
    case 'PutMethodResponse':
    case 'UpdateMethodResponse':
    case 'DeleteMethodResponse':
    case 'PutIntegrationResponse':
    case 'UpdateIntegrationResponse':
    case 'DeleteIntegrationResponse':
      return withRoute('route-changed', `${event.name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`);
    case 'CreateDeployment': {
      const id = str(rs.id) ?? str(rs.deploymentId);
      const deployedTo = str(input.stageName) ?? (v2 ? str(rq.stageName) : undefined);
      return {
        kind: 'deployment',
        summary: `deployment ${id ?? '?'} created${deployedTo ? ` and deployed to stage ${deployedTo}` : ''}`,
        needsDeployment: false,
        ...(id ? { deploymentId: id } : {}),
        ...(deployedTo ? { stage: deployedTo } : {}),
      };
    }
    case 'CreateStage': {
      const deploymentId = str(input.deploymentId) ?? str(rs.deploymentId);
      return {
        kind: 'stage-created',
        summary: `stage ${stage ?? '?'} created${deploymentId ? ` on deployment ${deploymentId}` : ''}`,
        needsDeployment: false,
        ...(stage ? { stage } : {}),
        ...(deploymentId ? { deploymentId } : {}),
      };
    }
    case 'UpdateStage': {
      const pointed =
        patchOperations(rq).find((p) => p.path === '/deploymentId')?.value ??
        (v2 ? (str(input.deploymentId) ?? str(rq.deploymentId)) : undefined);
      if (pointed) {
        return {
          kind: 'stage-pointed',
          summary: `stage ${stage ?? '?'} pointed at deployment ${pointed}`,
          needsDeployment: false,
          deploymentId: pointed,
          ...(stage ? { stage } : {}),
        };
      }
      return {
        kind: 'stage-updated',
        summary: `stage ${stage ?? '?'} changed${patchSummary(rq)}`,
        needsDeployment: false,
        ...(stage ? { stage } : {}),
      };
    }
    case 'DeleteStage':
      return {
        kind: 'stage-deleted',
        summary: `stage ${stage ?? '?'} deleted`,
        needsDeployment: false,
        ...(stage ? { stage } : {}),
      };
    case 'CreateBasePathMapping':
    case 'UpdateBasePathMapping':
    case 'DeleteBasePathMapping':
    case 'CreateApiMapping':
    case 'UpdateApiMapping':
    case 'DeleteApiMapping': {
      const basePath =
        str(rq.basePath) ?? str(input.basePath) ?? str(input.apiMappingKey) ?? str(rs.basePath) ?? '(none)';
      const target = str(input.restApiId) ?? str(input.apiId);
      const targetStage = str(input.stage);
      const verb = event.name.startsWith('Create')
        ? 'created'
        : event.name.startsWith('Delete')
          ? 'deleted'
          : `changed${patchSummary(rq)}`;
      return {
        kind: event.name.startsWith('Delete') ? 'mapping-deleted' : 'mapping-changed',
        summary: `base path mapping ${domainName ?? '?'}/${basePath}${target ? ` → ${target}${targetStage ? `/${targetStage}` : ''}` : ''} ${verb}`,
        needsDeployment: false,
        ...(domainName ? { domainName } : {}),
        ...(targetStage ? { stage: targetStage } : {}),
      };
    }
    case 'CreateDomainName':
    case 'UpdateDomainName':
    case 'DeleteDomainName':
      return {
        kind: 'domain-changed',
        summary: `custom domain ${domainName ?? '?'} ${event.name.startsWith('Create') ? 'created' : event.name.startsWith('Delete') ? 'deleted' : `changed${patchSummary(rq)}`}`,
        needsDeployment: false,
        ...(domainName ? { domainName } : {}),
      };
    case 'PutGatewayResponse':
    case 'UpdateGatewayResponse':
    case 'DeleteGatewayResponse': {
      const type = str(rq.responseType) ?? str(input.responseType) ?? '?';
      const status = str(input.statusCode);
      const what =
        event.name === 'DeleteGatewayResponse'
          ? 'reset to the default'
          : event.name === 'PutGatewayResponse'
            ? `set${status ? ` (status ${status})` : ''}`
            : `changed${patchSummary(rq)}`;
      return { kind: 'gateway-response', summary: `gateway response ${type} ${what}`, needsDeployment: true };
    }
    case 'UpdateRestApi':
    case 'UpdateApi':
      return { kind: 'api-changed', summary: `API changed${patchSummary(rq)}`, needsDeployment: true };
    case 'PutRestApi':
    case 'ImportRestApi':
    case 'ReimportApi':
    case 'ImportApi': {
      const mode = str(rq.mode) ?? str(input.mode);
      return {
        kind: 'api-imported',
        summary: `API definition imported (${event.name}${mode ? `, mode ${mode}` : ''}): routes may have been replaced`,
        needsDeployment: true,
      };
    }
    case 'CreateRoute':
    case 'UpdateRoute':
    case 'DeleteRoute': {
      const routeId = str(rq.routeId) ?? str(rs.routeId);
      const key =
        str(input.routeKey) ??
        str(rq.routeKey) ??
        str(rs.routeKey) ??
        (routeId ? paths.routes.get(routeId) : undefined);
      if (routeId && key) paths.routes.set(routeId, key);
      const kind: ChangeKind =
        event.name === 'CreateRoute'
          ? 'route-added'
          : event.name === 'DeleteRoute'
            ? 'route-removed'
            : 'route-changed';
      const label = key ?? `route ${routeId ?? '?'}`;
      return {
        kind,
        summary: `${label} ${kind === 'route-added' ? 'added' : kind === 'route-removed' ? 'removed' : 'changed'}`,
        needsDeployment: true,
        ...(key ? { route: key } : {}),
      };
    }
    default: {
      if (/^(Create|Update|Delete)(Authorizer|Model|RequestValidator|DocumentationPart)/.test(event.name))
        return { kind: 'api-changed', summary: `${event.name}`, needsDeployment: true };
      return { kind: 'other', summary: event.name, needsDeployment: false };
    }
  }
}

function belongs(event: TrailEvent, apiId: string, domains: Set<string>): boolean {
  if (!APIGATEWAY_SOURCES.has(event.source) || event.readOnly) return false;
  if (event.apiId === apiId) return true;
  const domain = str(event.request.domainName);
  return domain !== undefined && domains.has(domain);
}

function mostNamedApi(events: TrailEvent[]): string | undefined {
  const counts = new Map<string, number>();
  for (const e of events) if (e.apiId) counts.set(e.apiId, (counts.get(e.apiId) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

export function buildTimeline(
  events: TrailEvent[],
  currentApi?: CurrentApi,
  options: BuildOptions = {},
): Timeline {
  const apiId = options.apiId ?? currentApi?.id ?? mostNamedApi(events) ?? '?';
  const domains = new Set(options.domains ?? []);
  const seen = new Set<string>();
  const ordered = events
    .filter((e) => belongs(e, apiId, domains))
    .filter((e) => (seen.has(e.eventId) ? false : (seen.add(e.eventId), true)))
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.time < b.e.time ? -1 : a.e.time > b.e.time ? 1 : a.i - b.i))
    .map(({ e }) => e);

  const paths = new Paths(currentApi);
  const entries: TimelineEntry[] = ordered.map((event) => {
    const draft = describeEvent(event, paths);
    const entry: TimelineEntry = {
      time: event.time,
      actor: event.actor,
      event: event.name,
      eventId: event.eventId,
      ...draft,
    };
    if (event.error) {
      // A failed call changed nothing: say what was tried, and why it failed.
      entry.failed = event.error.code;
      entry.needsDeployment = false;
      entry.kind = 'other';
      const about = entry.route ?? entry.path ?? (entry.stage ? `stage ${entry.stage}` : undefined);
      entry.summary = `${event.name}${about ? ` (${about})` : ''} failed with ${event.error.code}${
        event.error.message ? `: ${event.error.message}` : ''
      }; nothing changed`;
    }
    return entry;
  });

  const times = ordered.map((e) => e.time);
  const window = options.window ?? { start: times[0] ?? '', end: times.at(-1) ?? '' };
  const stages = stageHistories(entries, currentApi);
  const timeline: Timeline = { apiId, window, entries, stages, statements: [] };
  if (currentApi) timeline.kind = currentApi.kind;
  const region = options.region ?? currentApi?.region ?? ordered.find((e) => e.region)?.region;
  if (region) timeline.region = region;
  timeline.statements = statementsOf(timeline);
  return timeline;
}

function stageHistories(entries: TimelineEntry[], current?: CurrentApi): StageHistory[] {
  const deployments = new Map<string, { at: string; by: string }>();
  const stages = new Map<string, StageHistory>();
  const stageOf = (name: string): StageHistory => {
    let s = stages.get(name);
    if (!s) stages.set(name, (s = { name, undeployed: [] }));
    return s;
  };
  const live = entries.filter((e) => !e.failed);
  for (const e of live) {
    if (e.kind === 'deployment' && e.deploymentId) {
      deployments.set(e.deploymentId, { at: e.time, by: e.actor });
      if (e.stage)
        Object.assign(stageOf(e.stage), {
          deploymentId: e.deploymentId,
          deployedAt: e.time,
          deployedBy: e.actor,
        });
    } else if ((e.kind === 'stage-created' || e.kind === 'stage-pointed') && e.stage) {
      const s = stageOf(e.stage);
      delete s.deletedAt;
      delete s.deletedBy;
      s.deploymentId = e.deploymentId;
      const made = e.deploymentId ? deployments.get(e.deploymentId) : undefined;
      s.deployedAt = made?.at;
      s.deployedBy = made ? made.by : undefined;
    } else if (e.kind === 'stage-deleted' && e.stage) {
      Object.assign(stageOf(e.stage), { deletedAt: e.time, deletedBy: e.actor });
    }
  }
  // The current API says what each stage serves now; the events say when that deployment was made.
  if (current) {
    for (const st of current.stages) {
      const s = stageOf(st.name);
      if (st.deploymentId && st.deploymentId !== s.deploymentId) {
        const made = deployments.get(st.deploymentId);
        s.deploymentId = st.deploymentId;
        s.deployedAt = made?.at;
        s.deployedBy = made?.by;
      }
      const created =
        current.kind === 'REST'
          ? current.stages.find((x) => x.name === st.name)?.deploymentCreatedDate
          : current.deployments.find((d) => d.id === st.deploymentId)?.createdDate;
      if (!s.deployedAt && created) s.deployedAt = isoOrSame(created);
      if (current.kind !== 'REST' && (st as { autoDeploy?: boolean }).autoDeploy)
        s.deployedBy ??= 'auto-deploy';
    }
  }
  const autoDeploy = new Set(
    current && current.kind !== 'REST' ? current.stages.filter((s) => s.autoDeploy).map((s) => s.name) : [],
  );
  for (const s of stages.values()) {
    if (s.deletedAt || !s.deployedAt || autoDeploy.has(s.name)) continue;
    const since = s.deployedAt;
    s.undeployed = live.filter((e) => e.needsDeployment && e.time > since);
  }
  return [...stages.values()]
    .map((s) => {
      const out: StageHistory = { name: s.name, undeployed: s.undeployed };
      if (s.deploymentId) out.deploymentId = s.deploymentId;
      if (s.deployedAt) out.deployedAt = s.deployedAt;
      if (s.deployedBy) out.deployedBy = s.deployedBy;
      if (s.deletedAt) out.deletedAt = s.deletedAt;
      if (s.deletedBy) out.deletedBy = s.deletedBy;
      return out;
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function isoOrSame(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "GET /reviews added" → "GET /reviews was added", for sentences with an actor. */
function passive(entry: TimelineEntry): string {
  return entry.summary.replace(
    / (added|removed|changed|created|deleted|set|reset|pointed|imported)\b/,
    (m) => ` was${m}`,
  );
}

function said(entry: TimelineEntry): string {
  return `${passive(entry)} by ${entry.actor} at ${entry.time}`;
}

function statementsOf(timeline: Timeline): string[] {
  const out: string[] = [];
  const live = timeline.entries.filter((e) => !e.failed);
  for (const s of timeline.stages) {
    if (s.deletedAt) {
      out.push(`stage ${s.name} was deleted by ${s.deletedBy ?? 'unknown'} at ${s.deletedAt}`);
      continue;
    }
    if (!s.deployedAt) {
      if (s.deploymentId)
        out.push(
          `stage ${s.name} serves deployment ${s.deploymentId}, created before the window (not in these events)`,
        );
      continue;
    }
    out.push(
      `stage ${s.name} was last deployed at ${s.deployedAt} (deployment ${s.deploymentId ?? '?'}${s.deployedBy ? ` by ${s.deployedBy}` : ''})`,
    );
    for (const e of s.undeployed.slice(0, LIST_LIMIT))
      out.push(`not live on stage ${s.name} (made after its last deployment): ${said(e)}`);
    if (s.undeployed.length > LIST_LIMIT)
      out.push(`… and ${s.undeployed.length - LIST_LIMIT} more changes not live on stage ${s.name}`);
  }
  for (const e of live) {
    if (e.kind === 'stage-pointed') out.push(`${said(e)} (a rollback or a promotion: no new deployment)`);
    if (e.kind === 'mapping-deleted') out.push(said(e));
    if (e.kind === 'route-removed' || e.kind === 'resource-removed') {
      const removedBy = live.find(
        (d) => d.time > e.time && (d.kind === 'deployment' || d.kind === 'stage-pointed') && d.stage,
      );
      if (removedBy)
        out.push(
          `${said(e)}; deployment ${removedBy.deploymentId ?? '?'} (${removedBy.time}, by ${removedBy.actor}) took it off stage ${removedBy.stage}`,
        );
    }
  }
  const failed = timeline.entries.filter((e) => e.failed);
  if (failed.length)
    out.push(
      `${failed.length} call${failed.length === 1 ? '' : 's'} failed and changed nothing: ${failed
        .slice(0, 3)
        .map((e) => `${e.event} (${e.failed}) at ${e.time}`)
        .join(', ')}${failed.length > 3 ? ', …' : ''}`,
    );
  return out;
}

/** "3 min", "2 h 5 min", "4 days". */
export function humanDuration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 1) return `${Math.round(Math.abs(ms) / 1000)} s`;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  return `${Math.round(hours / 24)} days`;
}

export interface Focus {
  stage?: string;
  /** "POST /reviews" (REST) or the route key (HTTP). */
  route?: string;
}

/** Evidence for a failure that started at `failureStart`: what changed last before it. */
export function correlate(timeline: Timeline, failureStart: string, focus: Focus = {}): string[] {
  const start = isoOrSame(failureStart);
  const at = Date.parse(start);
  const live = timeline.entries.filter((e) => !e.failed);
  const before = live.filter((e) => e.time <= start);
  const after = live.filter((e) => e.time > start);
  const out: string[] = [];
  const last = before.at(-1);
  if (last) {
    out.push(
      `the last change before the failures started (${start}): ${said(last)}, ${humanDuration(at - Date.parse(last.time))} before`,
    );
    const deploy = [...before]
      .reverse()
      .find(
        (e) =>
          (e.kind === 'deployment' || e.kind === 'stage-pointed' || e.kind === 'stage-deleted') &&
          (!focus.stage || e.stage === focus.stage),
      );
    if (deploy && deploy !== last) out.push(`the last stage change before the failures: ${said(deploy)}`);
  } else if (timeline.window.start && start < timeline.window.start) {
    out.push(
      `the failures started (${start}) before the window (${timeline.window.start}): widen it with --since`,
    );
  } else {
    out.push(
      `no change to API ${timeline.apiId} recorded between ${timeline.window.start} and the start of the failures (${start})`,
    );
  }
  if (focus.route) {
    const route = focus.route;
    const touching = live.filter((e) => e.route === route || (e.path && route.endsWith(` ${e.path}`)));
    for (const e of touching.slice(-3)) out.push(`${route}: ${said(e)}`);
    const stage = focus.stage ? timeline.stages.find((s) => s.name === focus.stage) : undefined;
    const pending = stage?.undeployed.filter(
      (e) => e.route === route || (e.path && route.endsWith(` ${e.path}`)),
    );
    if (stage && pending?.length)
      out.push(
        `${route} changed after stage ${stage.name}'s last deployment (${stage.deployedAt}): the stage does not serve that change yet`,
      );
  }
  if (after.length)
    out.push(
      `${after.length} change${after.length === 1 ? '' : 's'} since the failures started, the first: ${said(after[0]!)}`,
    );
  return out;
}
