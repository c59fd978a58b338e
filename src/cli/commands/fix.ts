import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { diagnose } from '../../diagnose/run.js';
import { InputError } from '../../model/errors.js';
import type { Inventory } from '../../model/types.js';
import { makePlan, planToText } from '../../remediate/plan.js';
import type { Plan } from '../../remediate/types.js';
import { parseUrl, UrlError } from '../../simulate/endpoint.js';
import type { GatewayRequest } from '../../simulate/types.js';
import { EXIT } from '../exit-codes.js';
import { hasOfflineConfig, loadInventory, type InputFlags } from '../inputs.js';
import { parseHeaders, write } from '../io.js';
import { SAFE_METHODS } from '../../probe/probe.js';
import { awsConfigured, collectLive } from './diagnose.js';

export interface FixFlags extends InputFlags {
  request?: string;
  header?: string[];
  data?: string;
  output: string;
  apply?: boolean;
  yes?: boolean;
  canary?: string;
  emit?: string;
  out?: string;
  backupDir: string;
  commitBackup?: boolean;
  allowIrreversible?: boolean;
  corsOrigin?: string;
  aws?: boolean;
  profile?: string;
  region?: string;
  endpointUrl?: string;
  /** A plan saved earlier (fix -o json): apply exactly that, refusing if the stage moved since. */
  plan?: string;
  resetGatewayResponses?: boolean;
  verifyTimeout?: string;
  /** --no-probe: verify from the configuration only (commander sets probe: false). */
  probe?: boolean;
}

/** `apigw-doctor fix URL`: a dry-run plan by default; --apply backs up, applies, verifies, rolls back. */
export async function runFix(url: string, flags: FixFlags): Promise<number> {
  try {
    parseUrl(url);
  } catch (error) {
    if (error instanceof UrlError) throw new InputError(error.message);
    throw error;
  }
  if (flags.emit && !['sh', 'terraform', 'cloudformation'].includes(flags.emit)) {
    throw new InputError(`--emit takes sh, terraform or cloudformation, not ${JSON.stringify(flags.emit)}`);
  }
  const canaryPercent = flags.canary !== undefined ? Number(flags.canary) : undefined;
  if (canaryPercent !== undefined && !(canaryPercent > 0 && canaryPercent < 100)) {
    throw new InputError(
      `--canary takes a percentage between 0 and 100, not ${JSON.stringify(flags.canary)}`,
    );
  }
  const headers = parseHeaders(flags.header);
  const method = (flags.request ?? (flags.data !== undefined ? 'POST' : 'GET')).toUpperCase();
  const request: GatewayRequest = { method, url, headers, now: new Date() };
  if (flags.data !== undefined) request.body = flags.data;

  const offline = hasOfflineConfig(flags);
  if (flags.apply && offline)
    throw new InputError(
      '--apply works on the live API: drop --snapshot/--openapi (the plan is re-read from AWS)',
    );
  let inventory: Inventory;
  let live: Awaited<ReturnType<typeof collectLive>> | undefined;
  if (offline) inventory = await loadInventory(flags);
  else if (awsConfigured(flags)) {
    live = await collectLive(url, headers, flags);
    inventory = live.inventory;
  } else {
    throw new InputError(
      'fix needs the configuration: AWS credentials (or --profile), or --snapshot/--openapi for a plan offline',
    );
  }
  try {
    const diagnosis = diagnose(inventory, request, null);
    const planOptions: Parameters<typeof makePlan>[2] = {};
    if (canaryPercent) planOptions.canaryPercent = canaryPercent;
    if (flags.corsOrigin) planOptions.corsOrigin = flags.corsOrigin;
    if (flags.resetGatewayResponses) planOptions.resetGatewayResponses = true;
    const plan = flags.plan ? await readPlan(flags.plan) : makePlan(diagnosis, inventory, planOptions);

    if (flags.emit) {
      await emit(plan, inventory, flags);
      return EXIT.ok;
    }
    if (!flags.apply) {
      if (flags.output === 'json') write(JSON.stringify({ plan, applied: null }, null, 2));
      else write(planToText(plan));
      return plan.actions.length || plan.clientFixes.length || plan.notFixed.length ? EXIT.findings : EXIT.ok;
    }
    if (!live) throw new InputError('--apply needs AWS credentials');
    if (plan.actions.length === 0) {
      write(planToText(plan));
      return plan.clientFixes.length || plan.notFixed.length ? EXIT.findings : EXIT.ok;
    }
    if (!process.stdin.isTTY && !flags.yes) {
      throw new InputError(
        '--apply without a terminal needs --yes (review the dry run first: run without --apply)',
      );
    }
    if (process.stdin.isTTY && !flags.yes) {
      write(planToText(plan));
      if (!(await confirm('Apply this plan? [y/N] '))) return EXIT.findings;
    }
    return await applyLive(plan, live, request, flags);
  } finally {
    await live?.session.destroy();
  }
}

async function confirm(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

async function applyLive(
  plan: Plan,
  live: Awaited<ReturnType<typeof collectLive>>,
  request: GatewayRequest,
  flags: FixFlags,
): Promise<number> {
  const [
    { writeBackup, commitBackup, beforeState },
    { applyPlan },
    { awsExecutor },
    { collectForUrl },
    { inventoryFromSnapshot },
  ] = await Promise.all([
    import('../../remediate/backup.js'),
    import('../../remediate/apply.js'),
    import('../../remediate/aws/executor.js'),
    import('../../collect/aws/collect.js'),
    import('../../sources/snapshot.js'),
  ]);
  const stageExport = findExport(live.snapshot, plan.apiId, plan.stage);
  const backup = await writeBackup(
    flags.backupDir,
    plan,
    live.snapshot,
    stageExport,
    new Date(),
    beforeState(plan, live.inventory, live.snapshot),
  );
  process.stderr.write(`backup: ${backup}\n`);
  if (flags.commitBackup) process.stderr.write(`backup committed in ${commitBackup(backup)}\n`);
  const executor = await awsExecutor(live.session, plan.region);
  const result = await applyPlan(plan, executor, {
    allowIrreversible: flags.allowIrreversible === true,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    journal: (entries) => writeFile(join(backup, 'journal.json'), `${JSON.stringify(entries, null, 2)}\n`),
    verify: async () => {
      // Re-read the configuration and predict again: the fixed route must now reach its integration.
      const again = await collectForUrl(live.session, request.url, request.headers ?? {}, plan.region);
      const sim = diagnose(inventoryFromSnapshot(again.snapshot, 'live AWS'), request, null);
      // A canary serves only its share: it is verified when the canary deployment serves the route.
      const canary = plan.actions.some(
        (a) => a.action.kind === 'create-deployment' && a.action.canaryPercent,
      );
      const ok = canary
        ? sim.simulation.facts.canaryServes === true
        : // The fix is about the route: it must now match (its own auth may still ask for a token).
          sim.simulation.route !== null;
      const signedRoute = sim.simulation.route?.method?.authorizationType === 'AWS_IAM';
      if (ok && !canary && !signedRoute && flags.probe !== false && SAFE_METHODS.has(request.method)) {
        // The configuration is right; the URL must agree once the change has propagated.
        const answer = await probeUntilFixed(request, Number(flags.verifyTimeout ?? 30) * 1000);
        if (!answer.ok) return answer;
      }
      return {
        ok,
        detail: ok
          ? canary
            ? 'the canary deployment serves the request'
            : 'the request now reaches the integration'
          : `the prediction is still ${sim.simulation.outcome}`,
      };
    },
  });
  const summary = {
    plan,
    applied: {
      outcome: result.outcome,
      reason: result.reason ?? null,
      journal: result.journal,
      backup,
      newDeploymentId: result.newDeploymentId ?? null,
    },
  };
  if (flags.output === 'json') write(JSON.stringify(summary, null, 2));
  else {
    write(planToText(plan).replace(/\nDry run:.*\n$/, '\n'));
    for (const entry of result.journal)
      write(`  [${entry.status}] ${entry.summary}${entry.detail ? ` — ${entry.detail}` : ''}`);
    write(
      {
        applied: `Applied and verified.${result.newDeploymentId ? ` Stage ${plan.stage} serves deployment ${result.newDeploymentId}.` : ''} Undo: apigw-doctor rollback ${backup}`,
        'rolled-back': `Not applied: ${result.reason}. Everything done was rolled back; backup in ${backup}.`,
        refused: `Refused: ${result.reason}`,
        'rollback-failed': `FAILED and the rollback did not complete: ${result.reason}. Restore with: apigw-doctor rollback ${backup}`,
      }[result.outcome],
    );
  }
  return result.outcome === 'applied' ? EXIT.ok : result.outcome === 'refused' ? EXIT.usage : EXIT.findings;
}

function findExport(
  snapshot: Record<string, unknown>,
  apiId: string | undefined,
  stage: string | undefined,
): unknown {
  for (const account of (snapshot.accounts as Record<string, unknown>[] | undefined) ?? []) {
    for (const region of (account.regions as Record<string, unknown>[] | undefined) ?? []) {
      for (const api of (region.restApis as Record<string, unknown>[] | undefined) ?? []) {
        if ((api.restApi as { id?: string } | undefined)?.id === apiId && stage) {
          return (api.exports as Record<string, unknown> | undefined)?.[stage];
        }
      }
    }
  }
  return undefined;
}

async function emit(plan: Plan, inventory: Inventory, flags: FixFlags): Promise<void> {
  const api = inventory.apis.find((a) => a.id === plan.apiId);
  const context = {
    resources:
      api?.kind === 'REST'
        ? (api.currentResources ?? api.stages.find((s) => s.name === plan.stage)?.resources ?? [])
        : [],
    ...(api?.name ? { apiName: api.name } : {}),
  };
  let files: Record<string, string>;
  let explanation = '';
  if (flags.emit === 'sh') {
    const { emitShell } = await import('../../remediate/emit-sh.js');
    files = { 'apigw-doctor-fix.sh': emitShell(plan) };
  } else if (flags.emit === 'terraform') {
    const { emitTerraform } = await import('../../remediate/emit-terraform.js');
    const out = emitTerraform(plan, context);
    files = out.files;
    explanation = out.explanation;
  } else {
    const { emitCloudFormation } = await import('../../remediate/emit-cloudformation.js');
    const out = emitCloudFormation(plan, context);
    files = { 'apigw-doctor-fix.template.yaml': out.template };
    explanation = out.explanation;
  }
  if (!flags.out) {
    for (const [name, text] of Object.entries(files))
      write(Object.keys(files).length > 1 ? `# ---- ${name}\n${text}` : text);
    if (explanation) process.stderr.write(`${explanation}\n`);
    return;
  }
  await mkdir(flags.out, { recursive: true });
  for (const [name, text] of Object.entries(files))
    await writeFile(join(flags.out, name), text, { mode: name.endsWith('.sh') ? 0o755 : 0o644 });
  process.stderr.write(
    `wrote ${Object.keys(files)
      .map((f) => join(flags.out!, f))
      .join(', ')}\n${explanation ? `${explanation}\n` : ''}`,
  );
}

async function readPlan(file: string): Promise<Plan> {
  const { readInputFile } = await import('../../sources/load.js');
  let parsed: { plan?: Plan } & Partial<Plan>;
  try {
    parsed = JSON.parse(await readInputFile(file)) as { plan?: Plan } & Partial<Plan>;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${file}: not JSON: ${(error as Error).message}`);
  }
  const plan = (parsed.plan ?? parsed) as Plan;
  if (plan.apigwDoctorPlan !== 1 || !Array.isArray(plan.actions))
    throw new InputError(`${file}: not an apigw-doctor plan (fix -o json writes one)`);
  return plan;
}

/** Probes with backoff (1, 2, 4… s, within the budget) while API Gateway propagates the change. */
async function probeUntilFixed(
  request: GatewayRequest,
  budgetMs: number,
): Promise<{ ok: boolean; detail: string }> {
  const { probe } = await import('../../probe/probe.js');
  let last = '';
  const deadline = Date.now() + budgetMs;
  for (let wait = 0; ; wait = wait ? wait * 2 : 1_000) {
    if (wait) {
      if (Date.now() + wait > deadline) break;
      await new Promise((r) => setTimeout(r, wait));
    }
    const answer = await probe({
      method: request.method,
      url: request.url,
      headers: request.headers ?? {},
      timeoutMs: 10_000,
    });
    const refused =
      answer.status === 403 &&
      (answer.headers['x-amzn-errortype'] ?? '').startsWith('MissingAuthenticationTokenException');
    if (answer.status !== null && !refused) return { ok: true, detail: `the URL answers ${answer.status}` };
    last =
      answer.status === null
        ? (answer.error?.code ?? 'no answer')
        : `${answer.status} Missing Authentication Token`;
  }
  return { ok: false, detail: `the URL still answers ${last} after ${Math.round(budgetMs / 1000)} s` };
}
