import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  GetExportCommand,
  GetStageCommand,
} from '@aws-sdk/client-api-gateway';
import { diagnose } from '../src/diagnose/run.js';
import { applyPlan, type Executor, type StageState } from '../src/remediate/apply.js';
import { makePlan } from '../src/remediate/plan.js';
import type { Plan } from '../src/remediate/types.js';
import { startFakeApiGateway, type FakeApiGateway } from './fake/apigateway-server.js';
import { runCli, SHOP_SNAPSHOT, shopInventory } from './helpers.js';

const SHOP = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com';
const KEY = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const work = mkdtempSync(join(tmpdir(), 'apigw-doctor-fix-'));
const env = {
  AWS_ACCESS_KEY_ID: KEY.accessKeyId,
  AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
  AWS_REGION: 'eu-west-1',
};

async function planFor(method: string, url: string, headers: Record<string, string> = {}): Promise<Plan> {
  const inventory = await shopInventory();
  return makePlan(diagnose(inventory, { method, url, headers }), inventory, {
    now: new Date('2026-11-28T12:00:00Z'),
  });
}

// ---- the plan (pure) -------------------------------------------------------------------------

test('plan: an undeployed route becomes one deployment, with its blast radius and owner', async () => {
  const plan = await planFor('POST', `${SHOP}/prod/reviews`);
  assert.deepEqual(
    plan.actions.map((a) => a.action.kind),
    ['create-deployment'],
  );
  assert.equal(plan.expected?.deploymentId, 'dprod0001');
  assert.equal(plan.actions[0]!.reversible, true);
  assert.match(
    plan.actions[0]!.cli[0]!,
    /^aws apigateway create-deployment --rest-api-id a1b2c3d4e5 --stage-name prod /,
  );
  assert.deepEqual(plan.blastRadius?.routeChanges, {
    added: ['POST /reviews', 'GET /reviews'],
    removed: [],
    changed: [],
  });
  assert.deepEqual(plan.blastRadius?.domains, ['api.shop.example.com/(none)']);
  assert.equal(plan.blastRadius?.managedBy?.tool, 'CloudFormation');
  assert.equal(plan.blastRadius?.managedBy?.name, 'shop-prod');
});

test('plan: a CORS preflight without OPTIONS becomes an OPTIONS mock, then a deployment', async () => {
  const plan = await planFor('OPTIONS', `${SHOP}/prod/checkout`, {
    Origin: 'https://shop.example.com',
    'Access-Control-Request-Method': 'POST',
  });
  assert.deepEqual(
    plan.actions.map((a) => a.action.kind),
    ['put-cors-options', 'create-deployment'],
  );
  const cors = plan.actions[0]!.action;
  assert.equal(cors.kind === 'put-cors-options' && cors.allowOrigin, 'https://shop.example.com');
  assert.equal(cors.kind === 'put-cors-options' && cors.resourcePath, '/checkout');
});

test('plan: a URL mistake is a client-side fix, nothing changes in AWS', async () => {
  const plan = await planFor('GET', `${SHOP}/products`);
  assert.deepEqual(plan.actions, []);
  assert.equal(plan.clientFixes[0]?.findingId, 'stage-missing-in-url');
  assert.equal(plan.clientFixes[0]?.correctedUrl, `${SHOP}/prod/products`);
});

test('plan: a custom domain without a mapping gets one', async () => {
  const plan = await planFor('GET', 'https://legacy.shop.example.com/orders');
  assert.deepEqual(
    plan.actions.map((a) => a.action),
    [
      {
        kind: 'create-base-path-mapping',
        domainName: 'legacy.shop.example.com',
        basePath: '',
        apiId: 'a1b2c3d4e5',
        stage: 'prod',
      },
    ],
  );
  assert.match(plan.actions[0]!.undo ?? '', /delete the base path mapping \(none\)/);
});

test('plan: what needs a human choice is listed as not fixed, with why', async () => {
  const plan = await planFor('GET', 'https://p9q8r7s6t5.execute-api.eu-west-1.amazonaws.com/v1/');
  assert.deepEqual(plan.actions, []);
  assert.ok(plan.notFixed.some((n) => n.findingId === 'root-no-method' && /integration/.test(n.reason)));
});

// ---- apply with an in-memory executor: every step can fail ---------------------------------

class MemoryExecutor implements Executor {
  stage: StageState = { deploymentId: 'dprod0001' };
  calls: string[] = [];
  failOn: string | undefined;
  loseAnswerOn: string | undefined;
  #n = 0;
  #step(name: string): void {
    this.calls.push(name);
    if (this.failOn === name) throw new Error(`injected failure in ${name}`);
  }
  async readStage(): Promise<StageState> {
    this.#step('readStage');
    return { ...this.stage };
  }
  async createDeployment(): Promise<{ id: string }> {
    const id = `dnew${++this.#n}`;
    if (this.loseAnswerOn === 'createDeployment') {
      this.stage.deploymentId = id;
      throw new Error('the answer was lost');
    }
    this.#step('createDeployment');
    this.stage.deploymentId = id;
    return { id };
  }
  async updateStageDeployment(_a: string, _s: string, deploymentId: string): Promise<void> {
    this.#step('updateStageDeployment');
    this.stage.deploymentId = deploymentId;
  }
  async removeCanary(): Promise<void> {
    this.#step('removeCanary');
    delete this.stage.canaryDeploymentId;
  }
  async putCorsOptions(): Promise<{ existed: boolean }> {
    this.#step('putCorsOptions');
    return { existed: false };
  }
  async deleteMethod(): Promise<void> {
    this.#step('deleteMethod');
  }
  async createBasePathMapping(): Promise<void> {
    this.#step('createBasePathMapping');
  }
  async deleteBasePathMapping(): Promise<void> {
    this.#step('deleteBasePathMapping');
  }
  async deleteGatewayResponse(): Promise<void> {
    this.#step('deleteGatewayResponse');
  }
  // Mappings and gateway responses are exercised against the loopback fake (fix-mappings.test.ts).
  async getBasePathMapping(): Promise<null> {
    this.#step('getBasePathMapping');
    return null;
  }
  async updateBasePathMapping(): Promise<void> {
    this.#step('updateBasePathMapping');
  }
  async listApiMappings(): Promise<[]> {
    this.#step('listApiMappings');
    return [];
  }
  async createApiMapping(): Promise<{ apiMappingId: string }> {
    this.#step('createApiMapping');
    return { apiMappingId: 'm1' };
  }
  async updateApiMapping(): Promise<void> {
    this.#step('updateApiMapping');
  }
  async deleteApiMapping(): Promise<void> {
    this.#step('deleteApiMapping');
  }
  async getGatewayResponse(_a: string, responseType: string) {
    this.#step('getGatewayResponse');
    return { responseType, defaultResponse: false, statusCode: '404' };
  }
  async putGatewayResponse(): Promise<void> {
    this.#step('putGatewayResponse');
  }
}

const hooks = (verified = true) => ({
  journal: async () => undefined,
  verify: async () => ({ ok: verified, detail: verified ? 'ok' : 'still MISSING_AUTHENTICATION_TOKEN' }),
  sleep: async () => undefined,
  allowIrreversible: false,
});

test('apply: deploy, verify, done', async () => {
  const executor = new MemoryExecutor();
  const result = await applyPlan(await planFor('POST', `${SHOP}/prod/reviews`), executor, hooks());
  assert.equal(result.outcome, 'applied');
  assert.equal(executor.stage.deploymentId, 'dnew1');
});

test('apply: a failed verification rolls the stage back', async () => {
  const executor = new MemoryExecutor();
  const result = await applyPlan(await planFor('POST', `${SHOP}/prod/reviews`), executor, hooks(false));
  assert.equal(result.outcome, 'rolled-back');
  assert.equal(executor.stage.deploymentId, 'dprod0001');
  assert.match(result.reason ?? '', /verification failed/);
});

test('apply: refuses when the stage moved since the plan', async () => {
  const executor = new MemoryExecutor();
  executor.stage.deploymentId = 'dsomeoneelse';
  const result = await applyPlan(await planFor('POST', `${SHOP}/prod/reviews`), executor, hooks());
  assert.equal(result.outcome, 'refused');
  assert.match(result.reason ?? '', /changed since the plan/);
  assert.deepEqual(executor.calls, ['readStage']);
});

test('apply: when the state cannot be read, nothing is changed', async () => {
  const executor = new MemoryExecutor();
  executor.failOn = 'readStage';
  await assert.rejects(
    applyPlan(await planFor('POST', `${SHOP}/prod/reviews`), executor, hooks()),
    /injected failure in readStage/,
  );
  assert.deepEqual(executor.calls, ['readStage']);
  assert.equal(executor.stage.deploymentId, 'dprod0001');
});

// Every step of a CORS fix (OPTIONS method, then deployment) fails in turn.
for (const step of ['putCorsOptions', 'createDeployment', 'lost-answer', 'deleteMethod']) {
  test(`apply: an injected failure in ${step} leaves the stage on its original deployment`, async () => {
    const executor = new MemoryExecutor();
    if (step === 'lost-answer') executor.loseAnswerOn = 'createDeployment';
    else executor.failOn = step;
    const plan = await planFor('OPTIONS', `${SHOP}/prod/checkout`, {
      Origin: 'https://shop.example.com',
      'Access-Control-Request-Method': 'POST',
    });
    // deleteMethod only runs when undoing: make verification fail to get there.
    const result = await applyPlan(plan, executor, hooks(step !== 'deleteMethod'));
    assert.equal(executor.stage.deploymentId, 'dprod0001');
    if (step === 'deleteMethod') {
      assert.equal(result.outcome, 'rollback-failed');
      assert.ok(result.journal.some((e) => e.status === 'undo-failed' && /OPTIONS/.test(e.summary)));
    } else {
      assert.equal(result.outcome, 'rolled-back');
      assert.ok(result.journal.some((e) => e.status === 'failed'));
    }
  });
}

test('apply: when the undo itself fails, the outcome says so', async () => {
  const executor = new MemoryExecutor();
  executor.failOn = 'updateStageDeployment';
  const result = await applyPlan(await planFor('POST', `${SHOP}/prod/reviews`), executor, hooks(false));
  assert.equal(result.outcome, 'rollback-failed');
  assert.ok(result.journal.some((e) => e.status === 'undo-failed'));
});

// ---- the CLI against the loopback fake of the management API --------------------------------

const freshSnapshot = () => JSON.parse(readFileSync(SHOP_SNAPSHOT, 'utf8')) as Record<string, unknown>;

async function stageOf(fake: FakeApiGateway): Promise<{ deploymentId?: string; canary?: string }> {
  const client = new APIGatewayClient({ region: 'eu-west-1', endpoint: fake.url, credentials: KEY });
  try {
    const stage = await client.send(new GetStageCommand({ restApiId: 'a1b2c3d4e5', stageName: 'prod' }));
    return {
      ...(stage.deploymentId ? { deploymentId: stage.deploymentId } : {}),
      ...(stage.canarySettings?.deploymentId ? { canary: stage.canarySettings.deploymentId } : {}),
    };
  } finally {
    client.destroy();
  }
}

function fix(fake: FakeApiGateway, args: string[]) {
  return runCli(['fix', `${SHOP}/prod/reviews`, '-X', 'POST', '--endpoint-url', fake.url, ...args], { env });
}

let fake: FakeApiGateway;
before(async () => {
  fake = await startFakeApiGateway({ snapshot: freshSnapshot() });
});
after(async () => {
  await fake.close();
});

test('fix (dry run) prints the plan and changes nothing', async () => {
  const r = await fix(fake, []);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /1\. deploy API a1b2c3d4e5 to stage prod {2}\[fixes not-deployed\]/);
  assert.match(r.stdout, /Blast radius: deploying ships 2 route changes to stage prod/);
  assert.match(r.stdout, /managed by CloudFormation \(shop-prod\)/);
  assert.match(r.stdout, /Dry run: nothing was changed/);
  assert.equal((fake as FakeApiGateway & { writes?: unknown[] }).writes?.length ?? 0, 0);
  assert.equal((await stageOf(fake)).deploymentId, 'dprod0001');
});

test('fix --apply: backup, deploy, verify; rollback puts it back and is safe to run twice', async () => {
  const backups = join(work, 'backups-apply');
  const r = await fix(fake, ['--apply', '--yes', '--no-probe', '--backup-dir', backups, '-o', 'json']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.applied.outcome, 'applied');
  const dir = out.applied.backup as string;
  for (const file of ['manifest.json', 'snapshot.json', 'export.json', 'journal.json'])
    assert.ok(existsSync(join(dir, file)), file);
  assert.equal(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).deploymentId, 'dprod0001');
  const after = await stageOf(fake);
  assert.equal(after.deploymentId, out.applied.newDeploymentId);
  const client = new APIGatewayClient({ region: 'eu-west-1', endpoint: fake.url, credentials: KEY });
  const exported = await client.send(
    new GetExportCommand({
      restApiId: 'a1b2c3d4e5',
      stageName: 'prod',
      exportType: 'oas30',
      accepts: 'application/json',
    }),
  );
  client.destroy();
  assert.ok(
    JSON.parse(new TextDecoder().decode(exported.body)).paths['/reviews'],
    'the stage now serves /reviews',
  );

  const first = await runCli(['rollback', dir, '--endpoint-url', fake.url], { env });
  assert.equal(first.code, 0, first.stderr);
  assert.match(
    first.stdout,
    /Rolled back: stage prod of a1b2c3d4e5 \(eu-west-1\) serves deployment dprod0001 again/,
  );
  assert.equal((await stageOf(fake)).deploymentId, 'dprod0001');
  const second = await runCli(['rollback', dir, '--endpoint-url', fake.url], { env });
  assert.equal(second.code, 0);
  assert.match(second.stdout, /already serves deployment dprod0001: nothing to roll back/);
});

test('fix --apply --plan refuses when the stage changed since the plan was made', async () => {
  const planFile = join(work, 'plan.json');
  const saved = await fix(fake, ['-o', 'json']);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(planFile, saved.stdout);
  const client = new APIGatewayClient({ region: 'eu-west-1', endpoint: fake.url, credentials: KEY });
  const moved = await client.send(
    new CreateDeploymentCommand({ restApiId: 'a1b2c3d4e5', stageName: 'prod', description: 'someone else' }),
  );
  client.destroy();
  const r = await fix(fake, [
    '--apply',
    '--yes',
    '--plan',
    planFile,
    '--backup-dir',
    join(work, 'backups-refused'),
  ]);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(
    r.stdout,
    new RegExp(
      `Refused: stage prod changed since the plan: it serves deployment ${moved.id}, the plan saw dprod0001`,
    ),
  );
  assert.equal((await stageOf(fake)).deploymentId, moved.id);
  // Put the shared fake back for the other tests.
  const restore = new APIGatewayClient({ region: 'eu-west-1', endpoint: fake.url, credentials: KEY });
  const { UpdateStageCommand } = await import('@aws-sdk/client-api-gateway');
  await restore.send(
    new UpdateStageCommand({
      restApiId: 'a1b2c3d4e5',
      stageName: 'prod',
      patchOperations: [{ op: 'replace', path: '/deploymentId', value: 'dprod0001' }],
    }),
  );
  restore.destroy();
});

test('fix --apply without a terminal needs --yes', async () => {
  const r = await fix(fake, ['--apply']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--apply without a terminal needs --yes/);
});

// Every AWS call of the apply fails in turn: the stage ends on its original deployment, the backup
// is complete, and the report says what happened.
const FAULTS: { name: string; args: string[]; fault: Record<string, unknown> }[] = [
  {
    name: 'GetStage fails',
    args: [],
    fault: {
      operation: 'GetStage',
      status: 400,
      errorType: 'BadRequestException',
      message: 'injected',
      times: 1,
    },
  },
  {
    name: 'CreateDeployment fails',
    args: [],
    fault: {
      operation: 'CreateDeployment',
      status: 400,
      errorType: 'BadRequestException',
      message: 'injected',
    },
  },
  {
    name: 'CreateDeployment takes effect but its answer is lost',
    args: [],
    fault: {
      operation: 'CreateDeployment',
      status: 500,
      errorType: 'InternalFailure',
      message: 'injected',
      failAfterMutation: true,
      times: 1,
    },
  },
  {
    name: 'canary: promoting (UpdateStage) fails once',
    args: ['--canary', '10'],
    fault: {
      operation: 'UpdateStage',
      status: 400,
      errorType: 'BadRequestException',
      message: 'injected',
      times: 1,
    },
  },
  {
    name: 'canary: every UpdateStage fails (the undo too)',
    args: ['--canary', '10'],
    fault: { operation: 'UpdateStage', status: 400, errorType: 'BadRequestException', message: 'injected' },
  },
];

for (const c of FAULTS) {
  test(`fix --apply with a fault: ${c.name}`, async () => {
    const faulty = await startFakeApiGateway({ snapshot: freshSnapshot(), faults: [c.fault as never] });
    try {
      const backups = join(work, `backups-${c.name.replace(/\W+/g, '-')}`);
      const r = await fix(faulty, ['--apply', '--yes', '--no-probe', '--backup-dir', backups, ...c.args]);
      assert.notEqual(r.code, 0, r.stdout);
      const stage = await stageOf(faulty);
      if (/every UpdateStage fails/.test(c.name)) {
        assert.match(r.stdout, /FAILED and the rollback did not complete/);
        assert.match(r.stdout, /Restore with: apigw-doctor rollback /);
      } else {
        assert.equal(stage.deploymentId, 'dprod0001', r.stdout + r.stderr);
        assert.equal(stage.canary, undefined);
      }
      if (c.fault.operation !== 'GetStage' || r.code !== 5) {
        assert.match(r.stdout + r.stderr, /rolled back|Not applied|FAILED|AWS error|injected/);
      }
      // The backup was written before any change, whatever happened next.
      const { readdirSync } = await import('node:fs');
      const find = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? find(join(dir, e.name)) : [join(dir, e.name)],
        );
      const files = find(backups).map((f) => f.split('/').pop());
      for (const file of ['manifest.json', 'snapshot.json', 'export.json'])
        assert.ok(files.includes(file), `${file} in ${files.join(',')}`);
    } finally {
      await faulty.close();
    }
  });
}

test('fix --apply: when the URL still refuses after the change, everything is rolled back', async () => {
  const { createServer } = await import('node:http');
  const stubborn = createServer((_req, res) => {
    res.writeHead(403, {
      'content-type': 'application/json',
      'x-amzn-ErrorType': 'MissingAuthenticationTokenException',
    });
    res.end('{"message":"Missing Authentication Token"}');
  });
  await new Promise<void>((resolve) => stubborn.listen(0, '127.0.0.1', resolve));
  const address = stubborn.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const own = await startFakeApiGateway({ snapshot: freshSnapshot() });
  try {
    // LocalStack's URL form names the API, so the fix reads it from the fake and probes the stub.
    const url = `http://127.0.0.1:${port}/restapis/a1b2c3d4e5/prod/_user_request_/reviews`;
    const r = await runCli(
      [
        'fix',
        url,
        '--apply',
        '--yes',
        '--verify-timeout',
        '1',
        '--endpoint-url',
        own.url,
        '--backup-dir',
        join(work, 'backups-stubborn'),
      ],
      { env },
    );
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /Not applied: verification failed: the URL still answers 403 Missing Authentication Token/,
    );
    assert.equal((await stageOf(own)).deploymentId, 'dprod0001');
  } finally {
    stubborn.close();
    await own.close();
  }
});

test('fix --commit-backup commits the backup inside a git repository', async () => {
  const { execFileSync } = await import('node:child_process');
  const repo = join(work, 'ops-repo');
  execFileSync('git', ['init', '-q', repo]);
  execFileSync('git', ['-C', repo, 'config', 'user.email', 'ops@example.com']);
  execFileSync('git', ['-C', repo, 'config', 'user.name', 'ops']);
  const own = await startFakeApiGateway({ snapshot: freshSnapshot() });
  try {
    const r = await fix(own, [
      '--apply',
      '--yes',
      '--no-probe',
      '--commit-backup',
      '--backup-dir',
      join(repo, 'backups'),
    ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const log = execFileSync('git', ['-C', repo, 'log', '--name-only', '--format=%s'], { encoding: 'utf8' });
    assert.match(log, /apigw-doctor backup before changing/);
    assert.match(log, /manifest\.json/);
  } finally {
    await own.close();
  }
});

test('fix --emit sh|terraform|cloudformation from a snapshot writes runnable, valid files', async () => {
  const { execFileSync } = await import('node:child_process');
  const base = ['fix', `${SHOP}/prod/reviews`, '-X', 'POST', '--snapshot', SHOP_SNAPSHOT];
  const sh = await runCli([...base, '--emit', 'sh']);
  assert.equal(sh.code, 0, sh.stderr);
  assert.match(sh.stdout, /^#!\/usr\/bin\/env bash\n/);
  assert.match(sh.stdout, /set -euo pipefail/);
  const script = join(work, 'fix.sh');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(script, sh.stdout);
  execFileSync('bash', ['-n', script]);
  const tf = await runCli([...base, '--emit', 'terraform', '--out', join(work, 'tf')]);
  assert.equal(tf.code, 0, tf.stderr);
  const main = readFileSync(join(work, 'tf', 'main.tf'), 'utf8');
  assert.match(main, /create_before_destroy = true/);
  assert.match(main, /triggers = \{/);
  const cfn = await runCli([...base, '--emit', 'cloudformation']);
  assert.equal(cfn.code, 0, cfn.stderr);
  assert.match(cfn.stdout, /DeletionPolicy: Retain/);
  assert.match(cfn.stdout, /Type: AWS::ApiGateway::Deployment/);
});

const PREFLIGHT = [
  'fix',
  `${SHOP}/prod/checkout`,
  '-X',
  'OPTIONS',
  '-H',
  'Origin: https://shop.example.com',
  '-H',
  'Access-Control-Request-Method: POST',
];

async function optionsOnCheckout(fake: FakeApiGateway): Promise<boolean> {
  const { GetMethodCommand } = await import('@aws-sdk/client-api-gateway');
  const client = new APIGatewayClient({ region: 'eu-west-1', endpoint: fake.url, credentials: KEY });
  const snapshot = (fake as unknown as { calls: unknown[] }) && freshSnapshot();
  const items = (
    (
      ((snapshot.accounts as Record<string, unknown>[])[0]!.regions as Record<string, unknown>[])[0]!
        .restApis as Record<string, unknown>[]
    )[0]!.resources as { items: { id: string; path: string }[] }
  ).items;
  const resourceId = items.find((r) => r.path === '/checkout')!.id;
  try {
    await client.send(new GetMethodCommand({ restApiId: 'a1b2c3d4e5', resourceId, httpMethod: 'OPTIONS' }));
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

test('fix --apply: a CORS preflight gets its OPTIONS method and a deployment', async () => {
  const own = await startFakeApiGateway({ snapshot: freshSnapshot() });
  try {
    const r = await runCli(
      [
        ...PREFLIGHT,
        '--apply',
        '--yes',
        '--no-probe',
        '--endpoint-url',
        own.url,
        '--backup-dir',
        join(work, 'backups-cors'),
        '-o',
        'json',
      ],
      { env },
    );
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(JSON.parse(r.stdout).applied.outcome, 'applied');
    assert.ok(await optionsOnCheckout(own));
    assert.notEqual((await stageOf(own)).deploymentId, 'dprod0001');
  } finally {
    await own.close();
  }
});

// Each AWS call of the CORS fix fails in turn: nothing is left half done.
for (const operation of [
  'PutMethod',
  'PutIntegration',
  'PutMethodResponse',
  'PutIntegrationResponse',
  'CreateDeployment',
]) {
  test(`fix --apply (CORS) with ${operation} failing: no OPTIONS method left, stage unchanged`, async () => {
    const own = await startFakeApiGateway({
      snapshot: freshSnapshot(),
      faults: [{ operation, status: 400, errorType: 'BadRequestException', message: 'injected' }],
    });
    try {
      const r = await runCli(
        [
          ...PREFLIGHT,
          '--apply',
          '--yes',
          '--no-probe',
          '--endpoint-url',
          own.url,
          '--backup-dir',
          join(work, `backups-cors-${operation}`),
        ],
        { env },
      );
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /Not applied: .*injected.*rolled back/);
      assert.equal(await optionsOnCheckout(own), false);
      assert.equal((await stageOf(own)).deploymentId, 'dprod0001');
    } finally {
      await own.close();
    }
  });
}

test('fix --apply: a custom domain gets the mapping that serves the request; a failure leaves none', async () => {
  const ok = await startFakeApiGateway({ snapshot: freshSnapshot() });
  const failing = await startFakeApiGateway({
    snapshot: freshSnapshot(),
    faults: [
      {
        operation: 'CreateBasePathMapping',
        status: 400,
        errorType: 'BadRequestException',
        message: 'injected',
      },
    ],
  });
  try {
    const url = 'https://legacy.shop.example.com/products';
    const applied = await runCli(
      [
        'fix',
        url,
        '--apply',
        '--yes',
        '--no-probe',
        '--region',
        'eu-west-1',
        '--endpoint-url',
        ok.url,
        '--backup-dir',
        join(work, 'backups-bpm'),
        '-o',
        'json',
      ],
      { env },
    );
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    const out = JSON.parse(applied.stdout);
    assert.equal(out.applied.outcome, 'applied');
    assert.deepEqual(out.plan.actions[0].action, {
      kind: 'create-base-path-mapping',
      domainName: 'legacy.shop.example.com',
      basePath: '',
      apiId: 'a1b2c3d4e5',
      stage: 'prod',
    });
    const refused = await runCli(
      [
        'fix',
        url,
        '--apply',
        '--yes',
        '--no-probe',
        '--region',
        'eu-west-1',
        '--endpoint-url',
        failing.url,
        '--backup-dir',
        join(work, 'backups-bpm-fail'),
      ],
      { env },
    );
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /Not applied: .*injected/);
  } finally {
    await ok.close();
    await failing.close();
  }
});
