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
  if (plan.apiId && plan.stage) {
    const now = await executor.readStage(plan.apiId, plan.stage);
    if (plan.expected?.deploymentId && now.deploymentId !== plan.expected.deploymentId) {
      return {
        outcome: 'refused',
        journal,
        reason: `stage ${plan.stage} changed since the plan: it serves deployment ${now.deploymentId ?? 'none'}, the plan saw ${plan.expected.deploymentId}; diagnose again`,
      };
    }
  }
  let newDeploymentId: string | undefined;
  let deployments = 0;
  const done: { action: PlannedAction; entry: JournalEntry }[] = [];
  let failure: string | undefined;
  for (const [i, planned] of plan.actions.entries()) {
    const action = planned.action;
    try {
      const undoData: Record<string, unknown> = {};
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
        case 'delete-gateway-response':
          await executor.deleteGatewayResponse(action.apiId, action.responseType);
          break;
      }
      const entry = await record({ step: i + 1, summary: planned.summary, status: 'done', undoData });
      done.push({ action: planned, entry });
    } catch (error) {
      failure = `${planned.summary}: ${(error as Error).message}`;
      await record({
        step: i + 1,
        summary: planned.summary,
        status: 'failed',
        detail: (error as Error).message,
      });
      break;
    }
  }
  if (!failure) {
    const check = await hooks.verify();
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
  for (const { action, entry } of [...done].reverse()) {
    try {
      await undo(action.action, entry.undoData ?? {}, executor);
      await record({ step: entry.step, summary: `undo: ${action.summary}`, status: 'undone' });
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

async function undo(action: Action, data: Record<string, unknown>, executor: Executor): Promise<void> {
  switch (action.kind) {
    case 'create-deployment':
    case 'update-stage-deployment':
      if (data.canary) {
        await executor.removeCanary(action.apiId, action.stage);
      } else if (typeof data.previousDeploymentId === 'string') {
        await executor.updateStageDeployment(action.apiId, action.stage, data.previousDeploymentId);
      }
      return;
    case 'put-cors-options':
      if (!data.existed) await executor.deleteMethod(action.apiId, action.resourceId, 'OPTIONS');
      return;
    case 'create-base-path-mapping':
      await executor.deleteBasePathMapping(action.domainName, action.basePath);
      return;
    case 'delete-gateway-response':
      return; // one-way: allowed only with --allow-irreversible
  }
}
