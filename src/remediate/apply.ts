import type { Action, Plan, PlannedAction } from './types.js';

/**
 * Applying a plan: re-read the state and refuse if it moved, then run each action through an
 * injected executor, journal every step, verify, and roll back everything done if anything fails.
 * No SDK here (the executor has it), so every path is testable with any backend.
 */

export interface StageState {
  deploymentId?: string;
  lastUpdatedDate?: string;
  canaryDeploymentId?: string;
}

export interface Executor {
  readStage(apiId: string, stage: string): Promise<StageState>;
  createDeployment(
    apiId: string,
    stage: string,
    description: string,
    canaryPercent?: number,
  ): Promise<{ id: string }>;
  updateStageDeployment(apiId: string, stage: string, deploymentId: string): Promise<void>;
  removeCanary(apiId: string, stage: string): Promise<void>;
  /** Returns whether an OPTIONS method existed before (then undo must not delete it). */
  putCorsOptions(action: Extract<Action, { kind: 'put-cors-options' }>): Promise<{ existed: boolean }>;
  deleteMethod(apiId: string, resourceId: string, httpMethod: string): Promise<void>;
  createBasePathMapping(action: Extract<Action, { kind: 'create-base-path-mapping' }>): Promise<void>;
  deleteBasePathMapping(domainName: string, basePath: string): Promise<void>;
  deleteGatewayResponse(apiId: string, responseType: string): Promise<void>;
  /** The mapping at a base path ('' for `(none)`), or null when there is none. */
  getBasePathMapping(domainName: string, basePath: string): Promise<MappingState | null>;
  /** UpdateBasePathMapping: `/restapiId` when `apiId` is given, `/stage` always. */
  updateBasePathMapping(
    domainName: string,
    basePath: string,
    to: { apiId?: string; stage: string | undefined },
  ): Promise<void>;
  /** apigatewayv2 GetApiMappings: every API mapping of the domain. */
  listApiMappings(domainName: string): Promise<ApiMappingState[]>;
  createApiMapping(
    action: Extract<Action, { kind: 'create-api-mapping' }>,
  ): Promise<{ apiMappingId: string }>;
  updateApiMapping(
    domainName: string,
    apiMappingId: string,
    to: { apiId: string; stage: string | undefined },
  ): Promise<void>;
  deleteApiMapping(domainName: string, apiMappingId: string): Promise<void>;
  getGatewayResponse(apiId: string, responseType: string): Promise<SavedGatewayResponse>;
  putGatewayResponse(apiId: string, saved: SavedGatewayResponse): Promise<void>;
}

export interface MappingState {
  apiId: string;
  stage?: string;
}

export interface ApiMappingState extends MappingState {
  apiMappingId: string;
  /** '' for `(none)`. */
  apiMappingKey: string;
}

/** A gateway response as GetGatewayResponse shows it: what PutGatewayResponse needs to restore it. */
export interface SavedGatewayResponse {
  responseType: string;
  statusCode?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
  defaultResponse: boolean;
}

export interface JournalEntry {
  step: number;
  summary: string;
  status: 'done' | 'failed' | 'undone' | 'undo-failed' | 'skipped';
  at: string;
  detail?: string;
  /** What undo needs (previous deployment id, whether a method existed…). */
  undoData?: Record<string, unknown>;
}

export interface ApplyResult {
  outcome: 'applied' | 'rolled-back' | 'refused' | 'rollback-failed';
  journal: JournalEntry[];
  /** Why it was refused, rolled back, or what failed. */
  reason?: string;
  newDeploymentId?: string;
}

export interface ApplyHooks {
  /** Persist the journal after every step (the backup folder's journal.json). */
  journal(entries: JournalEntry[]): Promise<void>;
  /** True when the fix works (re-probe and/or re-diagnose); called after all actions. */
  verify(): Promise<{ ok: boolean; detail: string }>;
  /** CreateDeployment allows 1 call every 5 s per account: wait before a second one. */
  sleep(ms: number): Promise<void>;
  allowIrreversible: boolean;
}

export class ChangedSincePlanError extends Error {
  override name = 'ChangedSincePlanError';
}

export async function applyPlan(plan: Plan, executor: Executor, hooks: ApplyHooks): Promise<ApplyResult> {
  const journal: JournalEntry[] = [];
  const record = async (entry: Omit<JournalEntry, 'at'>): Promise<JournalEntry> => {
    const full = { ...entry, at: new Date().toISOString() };
    journal.push(full);
    await hooks.journal(journal);
    return full;
  };
  const oneWay = plan.actions.filter((a) => !a.reversible);
  if (oneWay.length && !hooks.allowIrreversible) {
    return {
      outcome: 'refused',
      journal,
      reason: `${oneWay.map((a) => a.summary).join('; ')} cannot be undone: pass --allow-irreversible`,
    };
  }
  // The state must be what the plan saw: a deployment since then would be shipped or undone blindly.
  if (plan.apiId && plan.stage && plan.expected?.deploymentId) {
    const now = await executor.readStage(plan.apiId, plan.stage);
    if (plan.expected?.deploymentId && now.deploymentId !== plan.expected.deploymentId) {
      return {
        outcome: 'refused',
        journal,
        reason: `stage ${plan.stage} changed since the plan: it serves deployment ${now.deploymentId ?? 'none'}, the plan saw ${plan.expected.deploymentId}; diagnose again`,
      };
    }
  }
  // Same for a mapping: it must still be what the plan saw (absent for a new one, as planned for a change).
  for (const planned of plan.actions) {
    const moved = await mappingMoved(planned.action, executor);
    if (moved) return { outcome: 'refused', journal, reason: `${moved} since the plan; diagnose again` };
  }
  let newDeploymentId: string | undefined;
  let deployments = 0;
  const done: { action: PlannedAction; entry: JournalEntry }[] = [];
  let failure: string | undefined;
  let failedButMaybeDone: { action: PlannedAction; entry: JournalEntry } | undefined;
  for (const [i, planned] of plan.actions.entries()) {
    const action = planned.action;
    const undoData: Record<string, unknown> = {};
    try {
      switch (action.kind) {
        case 'create-deployment': {
          if (deployments++ > 0) await hooks.sleep(5_000);
          const before = await executor.readStage(action.apiId, action.stage);
          undoData.previousDeploymentId = before.deploymentId;
          const created = await executor.createDeployment(
            action.apiId,
            action.stage,
            action.description,
            action.canaryPercent,
          );
          undoData.deploymentId = created.id;
          newDeploymentId = created.id;
          if (action.canaryPercent) undoData.canary = true;
          break;
        }
        case 'update-stage-deployment': {
          const before = await executor.readStage(action.apiId, action.stage);
          undoData.previousDeploymentId = before.deploymentId;
          await executor.updateStageDeployment(action.apiId, action.stage, action.deploymentId);
          break;
        }
        case 'put-cors-options':
          undoData.existed = (await executor.putCorsOptions(action)).existed;
          break;
        case 'create-base-path-mapping':
          await executor.createBasePathMapping(action);
          break;
        case 'update-base-path-mapping':
          await executor.updateBasePathMapping(action.domainName, action.basePath, {
            ...(action.apiId !== action.previous.apiId ? { apiId: action.apiId } : {}),
            stage: action.stage,
          });
          break;
        case 'create-api-mapping':
          undoData.apiMappingId = (await executor.createApiMapping(action)).apiMappingId;
          break;
        case 'update-api-mapping':
          await executor.updateApiMapping(action.domainName, action.apiMappingId, {
            apiId: action.apiId,
            stage: action.stage,
          });
          break;
        case 'delete-gateway-response': {
          // Saved first (it is in the backup too): undo puts exactly this back.
          const saved = await executor.getGatewayResponse(action.apiId, action.responseType);
          if (!saved.defaultResponse) undoData.saved = saved;
          await executor.deleteGatewayResponse(action.apiId, action.responseType);
          break;
        }
      }
      const entry = await record({ step: i + 1, summary: planned.summary, status: 'done', undoData });
      done.push({ action: planned, entry });
    } catch (error) {
      failure = `${planned.summary}: ${(error as Error).message}`;
      const entry = await record({
        step: i + 1,
        summary: planned.summary,
        status: 'failed',
        detail: (error as Error).message,
        undoData,
      });
      // The call may have taken effect although its answer was lost: these undos look before they act.
      if (RECHECKED.has(action.kind)) failedButMaybeDone = { action: planned, entry };
      break;
    }
  }
  if (!failure) {
    // A verification that cannot run proves nothing: the change is undone like a failed one.
    const check = await hooks.verify().catch((error: unknown) => ({
      ok: false,
      detail: `it could not run: ${(error as Error).message}`,
    }));
    // The verdict goes in the journal too: the runbook reports it from journal.json alone.
    await record({
      step: plan.actions.length + 1,
      summary: 'verify the fix',
      status: check.ok ? 'done' : 'failed',
      detail: check.detail,
    });
    if (check.ok) {
      // A canary that verified is promoted: the stage takes its deployment, the canary goes.
      const canary = done.find(
        (d) => d.action.action.kind === 'create-deployment' && d.entry.undoData?.canary,
      );
      if (canary && plan.apiId && plan.stage) {
        try {
          await executor.updateStageDeployment(
            plan.apiId,
            plan.stage,
            String(canary.entry.undoData!.deploymentId),
          );
          await executor.removeCanary(plan.apiId, plan.stage);
          await record({
            step: plan.actions.length + 2,
            summary: `promote canary ${String(canary.entry.undoData!.deploymentId)}`,
            status: 'done',
          });
        } catch (error) {
          failure = `promoting the canary: ${(error as Error).message}`;
        }
      }
      if (!failure) return { outcome: 'applied', journal, ...(newDeploymentId ? { newDeploymentId } : {}) };
    } else {
      failure = `verification failed: ${check.detail}`;
    }
  }
  // Undo in reverse order; every undo is attempted even if one fails.
  let undoFailed = false;
  const toUndo = [...done, ...(failedButMaybeDone ? [failedButMaybeDone] : [])].reverse();
  for (const { action, entry } of toUndo) {
    try {
      const detail = await undo(action.action, entry.undoData ?? {}, executor);
      await record({
        step: entry.step,
        summary: `undo: ${action.summary}`,
        status: 'undone',
        ...(detail ? { detail } : {}),
      });
    } catch (error) {
      undoFailed = true;
      await record({
        step: entry.step,
        summary: `undo: ${action.summary}`,
        status: 'undo-failed',
        detail: (error as Error).message,
      });
    }
  }
  // A call may have taken effect although its answer was lost: make sure the stage is back.
  if (plan.apiId && plan.stage && plan.expected?.deploymentId) {
    try {
      const now = await executor.readStage(plan.apiId, plan.stage);
      if (now.deploymentId !== plan.expected.deploymentId) {
        await executor.updateStageDeployment(plan.apiId, plan.stage, plan.expected.deploymentId);
      }
      if (now.canaryDeploymentId) await executor.removeCanary(plan.apiId, plan.stage);
    } catch (error) {
      undoFailed = true;
      await record({
        step: 0,
        summary: 'restore the stage to the planned deployment',
        status: 'undo-failed',
        detail: (error as Error).message,
      });
    }
  }
  return { outcome: undoFailed ? 'rollback-failed' : 'rolled-back', journal, reason: failure ?? 'failed' };
}

/** Actions whose undo reads the state first, so it is safe after a call whose answer was lost. */
const RECHECKED = new Set<Action['kind']>([
  'update-base-path-mapping',
  'create-api-mapping',
  'update-api-mapping',
  'delete-gateway-response',
]);

const sameMapping = (a: MappingState | null | undefined, b: MappingState): boolean =>
  !!a && a.apiId === b.apiId && (a.stage ?? '') === (b.stage ?? '');

/** What moved since the plan for a mapping action (null when it is as the plan saw it). */
async function mappingMoved(action: Action, executor: Executor): Promise<string | null> {
  const name = (key: string): string =>
    `${'domainName' in action ? action.domainName : ''}/${key || '(none)'}`;
  switch (action.kind) {
    case 'create-base-path-mapping': {
      const now = await executor.getBasePathMapping(action.domainName, action.basePath);
      return now ? `${name(action.basePath)} is mapped to ${now.apiId}/${now.stage ?? '(no stage)'}` : null;
    }
    case 'update-base-path-mapping': {
      const now = await executor.getBasePathMapping(action.domainName, action.basePath);
      return sameMapping(now, action.previous)
        ? null
        : `${name(action.basePath)} ${now ? `maps ${now.apiId}/${now.stage ?? '(no stage)'}` : 'is no longer mapped'}, not ${action.previous.apiId}/${action.previous.stage ?? '(no stage)'}`;
    }
    case 'create-api-mapping': {
      const now = (await executor.listApiMappings(action.domainName)).find(
        (m) => m.apiMappingKey === action.apiMappingKey,
      );
      return now
        ? `${name(action.apiMappingKey)} is mapped to ${now.apiId}/${now.stage ?? '(no stage)'}`
        : null;
    }
    case 'update-api-mapping': {
      const now = (await executor.listApiMappings(action.domainName)).find(
        (m) => m.apiMappingId === action.apiMappingId,
      );
      return sameMapping(now, action.previous)
        ? null
        : `API mapping ${action.apiMappingId} (${name(action.apiMappingKey)}) ${now ? `maps ${now.apiId}/${now.stage ?? '(no stage)'}` : 'is gone'}, not ${action.previous.apiId}/${action.previous.stage ?? '(no stage)'}`;
    }
    default:
      return null;
  }
}

/**
 * Puts back what one of the mapping or gateway-response actions changed, looking first so it can run
 * after a lost answer, twice, or from `apigw-doctor rollback`. Returns what it did, or null when
 * nothing was left to undo. A mapping cannot be pointed back at a stage that does not exist (AWS answers
 * "Invalid stage identifier specified"): then the mapping is deleted, which serves its requests the same
 * 403 Forbidden as before (or hands them to the `(none)` mapping).
 */
export async function restore(
  action: Action,
  executor: Executor,
  saved?: SavedGatewayResponse,
): Promise<string | null> {
  const isMissingTarget = (error: unknown): boolean =>
    /Invalid (stage|REST API|API) identifier/i.test((error as Error).message);
  switch (action.kind) {
    case 'create-base-path-mapping': {
      const now = await executor.getBasePathMapping(action.domainName, action.basePath);
      if (!sameMapping(now, action)) return null;
      await executor.deleteBasePathMapping(action.domainName, action.basePath);
      return `deleted the base path mapping ${action.basePath || '(none)'} of ${action.domainName}`;
    }
    case 'update-base-path-mapping': {
      const now = await executor.getBasePathMapping(action.domainName, action.basePath);
      if (!now || sameMapping(now, action.previous)) return null;
      try {
        await executor.updateBasePathMapping(action.domainName, action.basePath, {
          ...(now.apiId !== action.previous.apiId ? { apiId: action.previous.apiId } : {}),
          stage: action.previous.stage,
        });
        return `pointed ${action.domainName}/${action.basePath || '(none)'} back at ${action.previous.apiId}/${action.previous.stage ?? '(no stage)'} (the broken state)`;
      } catch (error) {
        if (!isMissingTarget(error)) throw error;
        await executor.deleteBasePathMapping(action.domainName, action.basePath);
        return `AWS refuses a mapping to ${action.previous.apiId}/${action.previous.stage ?? '(no stage)'} (${(error as Error).message}): deleted the mapping ${action.basePath || '(none)'} of ${action.domainName} instead`;
      }
    }
    case 'create-api-mapping': {
      const now = (await executor.listApiMappings(action.domainName)).find(
        (m) => m.apiMappingKey === action.apiMappingKey,
      );
      if (!now || !sameMapping(now, action)) return null;
      await executor.deleteApiMapping(action.domainName, now.apiMappingId);
      return `deleted the API mapping ${action.apiMappingKey || '(none)'} (${now.apiMappingId}) of ${action.domainName}`;
    }
    case 'update-api-mapping': {
      const now = (await executor.listApiMappings(action.domainName)).find(
        (m) => m.apiMappingId === action.apiMappingId,
      );
      if (!now || sameMapping(now, action.previous)) return null;
      try {
        await executor.updateApiMapping(action.domainName, action.apiMappingId, {
          apiId: action.previous.apiId,
          stage: action.previous.stage,
        });
        return `pointed API mapping ${action.apiMappingId} back at ${action.previous.apiId}/${action.previous.stage ?? '(no stage)'} (the broken state)`;
      } catch (error) {
        if (!isMissingTarget(error)) throw error;
        await executor.deleteApiMapping(action.domainName, action.apiMappingId);
        return `AWS refuses a mapping to ${action.previous.apiId}/${action.previous.stage ?? '(no stage)'} (${(error as Error).message}): deleted API mapping ${action.apiMappingId} instead`;
      }
    }
    case 'delete-gateway-response': {
      if (!saved || saved.defaultResponse) return null;
      const now = await executor.getGatewayResponse(action.apiId, action.responseType);
      const same =
        !now.defaultResponse &&
        now.statusCode === saved.statusCode &&
        JSON.stringify(now.responseParameters ?? {}) === JSON.stringify(saved.responseParameters ?? {}) &&
        JSON.stringify(now.responseTemplates ?? {}) === JSON.stringify(saved.responseTemplates ?? {});
      if (same) return null;
      await executor.putGatewayResponse(action.apiId, saved);
      return `put the saved ${action.responseType} gateway response of ${action.apiId} back`;
    }
    default:
      return null;
  }
}

async function undo(
  action: Action,
  data: Record<string, unknown>,
  executor: Executor,
): Promise<string | null> {
  switch (action.kind) {
    case 'create-deployment':
    case 'update-stage-deployment':
      if (data.canary) {
        await executor.removeCanary(action.apiId, action.stage);
      } else if (typeof data.previousDeploymentId === 'string') {
        await executor.updateStageDeployment(action.apiId, action.stage, data.previousDeploymentId);
      }
      return null;
    case 'put-cors-options':
      if (!data.existed) await executor.deleteMethod(action.apiId, action.resourceId, 'OPTIONS');
      return null;
    case 'create-base-path-mapping':
      await executor.deleteBasePathMapping(action.domainName, action.basePath);
      return null;
    case 'delete-gateway-response':
      return restore(action, executor, data.saved as SavedGatewayResponse | undefined);
    default:
      return restore(action, executor);
  }
}
