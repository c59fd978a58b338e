/**
 * `fix` for custom-domain mappings (a mapping to a deleted stage, a missing multi-level or HTTP API
 * mapping) and for a customised gateway response, end to end: the CLI as a process against the loopback
 * fake of the management API. Every AWS call of the apply fails in turn, and every call of the undo.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  APIGatewayClient,
  GetBasePathMappingCommand,
  GetGatewayResponseCommand,
  GetStageCommand,
} from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, GetApiMappingsCommand } from '@aws-sdk/client-apigatewayv2';
import { startFakeApiGateway, type FakeApiGateway, type FakeOptions } from './fake/apigateway-server.js';
import { runCli, SHOP_SNAPSHOT, type CliResult } from './helpers.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const KEY = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const env = {
  AWS_ACCESS_KEY_ID: KEY.accessKeyId,
  AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
  AWS_REGION: 'eu-west-1',
};
const work = mkdtempSync(join(tmpdir(), 'apigw-doctor-fix-mappings-'));
const SHOP = 'a1b2c3d4e5';

/** The example account, with `change` applied to its eu-west-1 region. */
function snapshotWith(change: (region: Json) => void): () => Json {
  return () => {
    const snapshot = JSON.parse(readFileSync(SHOP_SNAPSHOT, 'utf8')) as Json;
    change(snapshot.accounts[0].regions[0]);
    return snapshot;
  };
}
const domainEntry = (region: Json, name: string): Json =>
  region.domainNames.find((d: Json) => d.domainName.domainName === name);

async function v1<T>(fake: FakeApiGateway, call: (c: APIGatewayClient) => Promise<T>): Promise<T> {
  const client = new APIGatewayClient({ region: 'eu-west-1', endpoint: fake.url, credentials: KEY });
  try {
    return await call(client);
  } finally {
    client.destroy();
  }
}
async function apiMapping(fake: FakeApiGateway, domain: string, key: string): Promise<unknown> {
  const client = new ApiGatewayV2Client({ region: 'eu-west-1', endpoint: fake.url, credentials: KEY });
  try {
    const out = await client.send(new GetApiMappingsCommand({ DomainName: domain }));
    const m = (out.Items ?? []).find((i) => (i.ApiMappingKey ?? '') === key);
    return m ? { apiId: m.ApiId, stage: m.Stage } : null;
  } finally {
    client.destroy();
  }
}

interface Scenario {
  name: string;
  args: string[];
  snapshot: () => Json;
  kinds: string[];
  /** The state the fix changes, read through the SDK. */
  state(fake: FakeApiGateway): Promise<unknown>;
  original: unknown;
  fixed: unknown;
  /**
   * Where an undone fix may end besides `original`: AWS refuses a mapping to a stage that does not
   * exist, so undoing a re-pointed mapping deletes it (its requests fail as before).
   */
  undoneAlso?: unknown;
  /** What the undo says when it cannot put the broken mapping back. */
  undoneSays?: RegExp;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'a base path mapping to a deleted stage is re-pointed (UpdateBasePathMapping)',
    args: ['https://legacy.shop.example.com/v2/products', '--region', 'eu-west-1'],
    snapshot: snapshotWith((r) => {
      domainEntry(r, 'legacy.shop.example.com').basePathMappings.items[0].stage = 'v0';
    }),
    kinds: ['update-base-path-mapping'],
    state: async (fake) =>
      v1(fake, (c) =>
        c
          .send(new GetBasePathMappingCommand({ domainName: 'legacy.shop.example.com', basePath: 'v2' }))
          .then((m) => ({ apiId: m.restApiId, stage: m.stage }))
          .catch(() => null),
      ),
    original: { apiId: SHOP, stage: 'v0' },
    fixed: { apiId: SHOP, stage: 'prod' },
    undoneAlso: null,
    undoneSays:
      /AWS refuses a mapping to a1b2c3d4e5\/v0 .*Invalid stage identifier specified.*deleted the mapping v2 of legacy\.shop\.example\.com instead/,
  },
  {
    name: 'a multi-level base path gets an API mapping (CreateApiMapping)',
    args: ['https://legacy.shop.example.com/shop/v1/products', '--region', 'eu-west-1'],
    snapshot: snapshotWith(() => undefined),
    kinds: ['create-api-mapping'],
    state: (fake) => apiMapping(fake, 'legacy.shop.example.com', 'shop/v1'),
    original: null,
    fixed: { apiId: SHOP, stage: 'prod' },
  },
  {
    name: 'an HTTP API route gets the (none) API mapping (CreateApiMapping)',
    args: ['https://legacy.shop.example.com/notifications', '--region', 'eu-west-1'],
    snapshot: snapshotWith((r) => {
      domainEntry(r, 'legacy.shop.example.com').apiMappings = {
        Items: [
          { ApiId: SHOP, ApiMappingId: 'lmap01', ApiMappingKey: 'v2', Stage: 'staging' },
          { ApiId: 'h7t7p9a1b2', ApiMappingId: 'lmap02', ApiMappingKey: 'hooks', Stage: '$default' },
        ],
      };
    }),
    kinds: ['create-api-mapping'],
    state: (fake) => apiMapping(fake, 'legacy.shop.example.com', ''),
    original: null,
    fixed: { apiId: 'h7t7p9a1b2', stage: '$default' },
  },
  {
    name: 'a multi-level API mapping to a deleted stage is re-pointed (UpdateApiMapping)',
    args: ['https://api.shop.example.com/v1/legacy/products', '--region', 'eu-west-1'],
    snapshot: snapshotWith((r) => {
      domainEntry(r, 'api.shop.example.com').apiMappings.Items.push({
        ApiId: SHOP,
        ApiMappingId: 'map0009',
        ApiMappingKey: 'v1/legacy',
        Stage: 'v0',
      });
    }),
    kinds: ['update-api-mapping'],
    state: (fake) => apiMapping(fake, 'api.shop.example.com', 'v1/legacy'),
    original: { apiId: SHOP, stage: 'v0' },
    fixed: { apiId: SHOP, stage: 'prod' },
    undoneAlso: null,
    undoneSays:
      /AWS refuses a mapping to a1b2c3d4e5\/v0 .*Invalid stage identifier specified.*deleted API mapping map0009 instead/,
  },
  {
    name: 'a customised gateway response is reset, then the stage deployed (DeleteGatewayResponse)',
    args: [
      `https://${SHOP}.execute-api.eu-west-1.amazonaws.com/prod/reviews`,
      '-X',
      'POST',
      '--reset-gateway-responses',
    ],
    snapshot: snapshotWith((r) => {
      r.restApis[0].gatewayResponses = {
        items: [
          {
            responseType: 'MISSING_AUTHENTICATION_TOKEN',
            statusCode: '404',
            responseParameters: { 'gatewayresponse.header.x-shop': "'missing'" },
            responseTemplates: { 'application/json': '{"message":"Not here","hint":"check the path"}' },
            defaultResponse: false,
          },
        ],
      };
    }),
    kinds: ['delete-gateway-response', 'create-deployment'],
    state: async (fake) => {
      const [stage, response] = await v1(fake, (c) =>
        Promise.all([
          c.send(new GetStageCommand({ restApiId: SHOP, stageName: 'prod' })),
          c.send(
            new GetGatewayResponseCommand({ restApiId: SHOP, responseType: 'MISSING_AUTHENTICATION_TOKEN' }),
          ),
        ]),
      );
      return {
        deployment: stage.deploymentId === 'dprod0001' ? 'dprod0001' : 'new',
        statusCode: response.statusCode,
        defaultResponse: response.defaultResponse,
        template: response.responseTemplates?.['application/json'],
        header: response.responseParameters?.['gatewayresponse.header.x-shop'],
      };
    },
    original: {
      deployment: 'dprod0001',
      statusCode: '404',
      defaultResponse: false,
      template: '{"message":"Not here","hint":"check the path"}',
      header: "'missing'",
    },
    fixed: {
      deployment: 'new',
      statusCode: '403',
      defaultResponse: true,
      template: '{"message":$context.error.messageString}',
      header: undefined,
    },
  },
];

async function withFake<T>(
  scenario: Scenario,
  faults: FakeOptions['faults'],
  body: (fake: FakeApiGateway) => Promise<T>,
): Promise<T> {
  const fake = await startFakeApiGateway({ snapshot: scenario.snapshot(), faults: faults ?? [] });
  try {
    return await body(fake);
  } finally {
    await fake.close();
  }
}

let runs = 0;
function fix(fake: FakeApiGateway, scenario: Scenario, extra: string[]): Promise<CliResult> {
  return runCli(['fix', ...scenario.args, '--endpoint-url', fake.url, ...extra], { env });
}
function apply(fake: FakeApiGateway, scenario: Scenario, backups: string): Promise<CliResult> {
  return fix(fake, scenario, [
    '--apply',
    '--yes',
    '--no-probe',
    '--backup-dir',
    backups,
    `--verify-timeout`,
    '1',
  ]);
}
const backupDir = (): string => join(work, `backups-${++runs}`);

/** The backup folders (one per apply) under a --backup-dir. */
function backupsIn(root: string): string[] {
  if (!existsSync(root)) return [];
  const found: string[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true });
    if (entries.some((e) => e.name === 'manifest.json')) found.push(dir);
    for (const e of entries) if (e.isDirectory()) walk(join(dir, e.name));
  };
  walk(root);
  return found;
}

/** A backup has the snapshot, the manifest and, for these fixes, what rollback restores. */
function assertBackupComplete(dir: string, scenario: Scenario): Json {
  for (const file of ['manifest.json', 'snapshot.json'])
    assert.ok(existsSync(join(dir, file)), `${file} in ${dir}`);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Json;
  assert.deepEqual(
    manifest.plan.actions.map((a: Json) => a.action.kind),
    scenario.kinds,
  );
  if (scenario.kinds.includes('delete-gateway-response')) {
    assert.deepEqual(manifest.before.gatewayResponses, [
      {
        apiId: SHOP,
        responseType: 'MISSING_AUTHENTICATION_TOKEN',
        defaultResponse: false,
        statusCode: '404',
        responseParameters: { 'gatewayresponse.header.x-shop': "'missing'" },
        responseTemplates: { 'application/json': '{"message":"Not here","hint":"check the path"}' },
      },
    ]);
  } else {
    const action = manifest.plan.actions[0].action as Json;
    const domain = (manifest.before.domains as Json[]).find((d) => d.domainName === action.domainName);
    assert.ok(domain, 'the domain mappings are in the backup');
    const key = action.basePath ?? action.apiMappingKey;
    const saved = (domain.mappings as Json[]).find((m) => m.basePath === key);
    const original = scenario.original as Json | null;
    assert.deepEqual(saved ? { apiId: saved.apiId, stage: saved.stage } : null, original);
  }
  return manifest;
}

// ---- the whole path, each fix ------------------------------------------------------------------

describe(
  'fix, mappings and gateway responses: plan → backup → apply → verify → rollback twice',
  {
    concurrency: 2,
  },
  () => {
    for (const scenario of SCENARIOS) {
      test(scenario.name, async () => {
        await withFake(scenario, [], async (fake) => {
          // The dry run: the plan from the findings' data, with what moves, and nothing changed.
          const dry = await fix(fake, scenario, ['-o', 'json']);
          assert.equal(dry.code, 1, dry.stdout + dry.stderr);
          const { plan } = JSON.parse(dry.stdout) as { plan: Json };
          assert.deepEqual(
            plan.actions.map((a: Json) => a.action.kind),
            scenario.kinds,
          );
          for (const a of plan.actions as Json[]) assert.equal(a.reversible, true, a.summary);
          if (!scenario.kinds.includes('delete-gateway-response'))
            assert.match(plan.blastRadius.requestsMoved[0], /^every request .* goes to API \w+ stage [$\w]+/);
          assert.equal(fake.writes.length, 0);
          assert.deepEqual(await scenario.state(fake), scenario.original);

          const backups = backupDir();
          const applied = await apply(fake, scenario, backups);
          assert.equal(applied.code, 0, applied.stdout + applied.stderr);
          assert.match(applied.stdout, /Applied and verified\./);
          assert.deepEqual(await scenario.state(fake), scenario.fixed);
          const [dir] = backupsIn(backups);
          assert.ok(dir);
          assertBackupComplete(dir, scenario);

          const first = await runCli(['rollback', dir, '--endpoint-url', fake.url], { env });
          assert.equal(first.code, 0, first.stdout + first.stderr);
          assert.match(first.stdout, /Rolled back: /);
          const after = await scenario.state(fake);
          if (scenario.undoneSays) {
            assert.deepEqual(after, scenario.undoneAlso);
            assert.match(first.stdout, scenario.undoneSays);
          } else assert.deepEqual(after, scenario.original);
          const second = await runCli(['rollback', dir, '--endpoint-url', fake.url], { env });
          assert.equal(second.code, 0, second.stdout + second.stderr);
          assert.match(second.stdout, /nothing to roll back|Nothing to roll back/);
          assert.deepEqual(await scenario.state(fake), after);
        });
      });
    }
  },
);

// ---- every AWS call of the apply, then of the undo, fails in turn ------------------------------

interface Call {
  operation: string;
  /** How many calls of the same operation came before it in the run. */
  skip: number;
}

/** `service:Operation` of every call the fake received, with how many calls of it came before. */
function callsOf(fake: FakeApiGateway): Call[] {
  const seen = new Map<string, number>();
  return fake.calls.map((c) => {
    const operation = `${c.service}:${c.operation}`;
    const skip = seen.get(operation) ?? 0;
    seen.set(operation, skip + 1);
    return { operation, skip };
  });
}

const fault = (c: Call) => ({
  operation: c.operation,
  skip: c.skip,
  times: 1,
  status: 400,
  errorType: 'BadRequestException',
  message: `injected into ${c.operation} #${c.skip + 1}`,
});

/** After any failure: the state is as before (or, for a mapping AWS cannot point back, deleted). */
async function assertUndone(fake: FakeApiGateway, scenario: Scenario, r: CliResult): Promise<void> {
  const state = await scenario.state(fake);
  if (scenario.undoneSays && state === null) assert.match(r.stdout, scenario.undoneSays);
  else assert.deepEqual(state, scenario.original, r.stdout + r.stderr);
}

for (const scenario of SCENARIOS) {
  describe(`fix --apply with a fault on each call: ${scenario.name}`, { concurrency: 3 }, async () => {
    // The diagnosis reads up to the plan (as a dry run does); every call after that is the apply's.
    const planned = await withFake(scenario, [], async (fake) => {
      await fix(fake, scenario, []);
      return fake.calls.length;
    });
    const applyCalls = await withFake(scenario, [], async (fake) => {
      await apply(fake, scenario, backupDir());
      return callsOf(fake).slice(planned);
    });
    // The calls of the undo: a run whose verification cannot read the routes back (neither the
    // configuration nor the stage's export), so it fails.
    const breakers = ['apigateway:GetResources', 'apigateway:GetExport', 'apigatewayv2:GetRoutes'].flatMap(
      (op) => [...applyCalls].reverse().find((c) => c.operation === op) ?? [],
    );
    const isWrite = (c: Call): boolean => !/:(Get|List)/.test(c.operation);
    const lastWrite = applyCalls.length - 1 - [...applyCalls].reverse().findIndex(isWrite);
    const undoCalls = await withFake(scenario, breakers.map(fault), async (fake) => {
      const r = await apply(fake, scenario, backupDir());
      assert.match(r.stdout, /Not applied: verification failed: the prediction is still [A-Z_]+/, r.stdout);
      return callsOf(fake).slice(planned + applyCalls.length);
    });

    test('the clean run has apply calls and undo calls to fail', () => {
      assert.ok(planned > 0);
      assert.ok(applyCalls.length >= 3, JSON.stringify(applyCalls));
      assert.ok(undoCalls.length >= 1, JSON.stringify(undoCalls));
    });

    for (const [i, c] of applyCalls.entries()) {
      test(`apply call ${i + 1} fails: ${c.operation} #${c.skip + 1}`, async () => {
        await withFake(scenario, [fault(c)], async (fake) => {
          const backups = backupDir();
          const r = await apply(fake, scenario, backups);
          if (i > lastWrite && r.code === 0) {
            // A read of the verification that failed only left a part unchecked: the rest verified it.
            assert.match(r.stdout, /Applied and verified\./);
            assert.deepEqual(await scenario.state(fake), scenario.fixed);
          } else {
            assert.notEqual(r.code, 0, `${c.operation}: ${r.stdout}`);
            assert.match(r.stdout + r.stderr, /injected into|prediction is still/);
            assert.match(
              r.stdout + r.stderr,
              /Not applied: .*Everything done was rolled back|AWS error while/,
            );
            await assertUndone(fake, scenario, r);
          }
          const dirs = backupsIn(backups);
          assert.equal(dirs.length, 1, 'the backup is written before the first call of the apply');
          assertBackupComplete(dirs[0]!, scenario);
        });
      });
    }

    // A write whose answer is lost after it took effect: the SDK retries it, and the retry must not
    // fail on what the first attempt did. CreateDeployment is not idempotent, so it is never retried:
    // its lost answer rolls everything back (the stage is put back on the deployment it served).
    for (const c of applyCalls.filter(isWrite)) {
      test(`${c.operation} takes effect but its answer is lost`, async () => {
        const lost = { ...fault(c), status: 500, errorType: 'InternalFailure', failAfterMutation: true };
        await withFake(scenario, [lost], async (fake) => {
          const r = await apply(fake, scenario, backupDir());
          const made = fake.calls.filter((x) => `${x.service}:${x.operation}` === c.operation).length;
          if (c.operation === 'apigateway:CreateDeployment') {
            assert.equal(r.code, 1, r.stdout + r.stderr);
            assert.match(
              r.stdout,
              /Not applied: .*InternalFailure: injected.*Everything done was rolled back/,
            );
            assert.deepEqual(await scenario.state(fake), scenario.original);
            assert.equal(made, 1, 'not retried');
          } else {
            assert.equal(r.code, 0, r.stdout + r.stderr);
            assert.match(r.stdout, /Applied and verified\./);
            assert.deepEqual(await scenario.state(fake), scenario.fixed);
            assert.equal(made, 2, 'retried once, and the retry settled it');
          }
        });
      });
    }

    for (const [i, c] of undoCalls.entries()) {
      test(`undo call ${i + 1} fails: ${c.operation} #${c.skip + 1}`, async () => {
        await withFake(scenario, [...breakers.map(fault), fault(c)], async (fake) => {
          const r = await apply(fake, scenario, backupDir());
          assert.equal(r.code, 1, r.stdout + r.stderr);
          assert.match(r.stdout, /\[undo-failed\] .*injected into/);
          assert.match(
            r.stdout,
            /FAILED and the rollback did not complete: .*Restore with: apigw-doctor rollback /,
          );
          // The printed command finishes the job, and is safe to repeat.
          const dir = /Restore with: apigw-doctor rollback (\S+)/.exec(r.stdout)![1]!;
          const again = await runCli(['rollback', dir, '--endpoint-url', fake.url], { env });
          assert.equal(again.code, 0, again.stdout + again.stderr);
          await assertUndone(fake, scenario, { ...again, stdout: r.stdout + again.stdout });
          const twice = await runCli(['rollback', dir, '--endpoint-url', fake.url], { env });
          assert.equal(twice.code, 0, twice.stdout + twice.stderr);
          assert.match(twice.stdout, /nothing to roll back|Nothing to roll back/);
        });
      });
    }
  });
}

test('fix --apply --plan refuses when the mapping changed since the plan was made', async () => {
  const scenario = SCENARIOS[0]!;
  await withFake(scenario, [], async (fake) => {
    const saved = await fix(fake, scenario, ['-o', 'json']);
    const planFile = join(work, 'mapping-plan.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(planFile, saved.stdout);
    const { UpdateBasePathMappingCommand } = await import('@aws-sdk/client-api-gateway');
    await v1(fake, (c) =>
      c.send(
        new UpdateBasePathMappingCommand({
          domainName: 'legacy.shop.example.com',
          basePath: 'v2',
          patchOperations: [{ op: 'replace', path: '/stage', value: 'staging' }],
        }),
      ),
    );
    const writes = fake.writes.length;
    const r = await fix(fake, scenario, [
      '--apply',
      '--yes',
      '--plan',
      planFile,
      '--backup-dir',
      backupDir(),
    ]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /Refused: legacy\.shop\.example\.com\/v2 maps a1b2c3d4e5\/staging, not a1b2c3d4e5\/v0 since the plan; diagnose again/,
    );
    assert.equal(fake.writes.length, writes, 'nothing written');
    assert.deepEqual(await scenario.state(fake), { apiId: SHOP, stage: 'staging' });
  });
});

test('the fake answers like AWS: a mapping to a stage that does not exist is refused', async () => {
  const scenario = SCENARIOS[0]!;
  await withFake(scenario, [], async (fake) => {
    const { UpdateBasePathMappingCommand } = await import('@aws-sdk/client-api-gateway');
    await assert.rejects(
      v1(fake, (c) =>
        c.send(
          new UpdateBasePathMappingCommand({
            domainName: 'legacy.shop.example.com',
            basePath: 'v2',
            patchOperations: [{ op: 'replace', path: '/stage', value: 'nope' }],
          }),
        ),
      ),
      { name: 'BadRequestException', message: 'Invalid stage identifier specified' },
    );
    await assert.rejects(
      v1(fake, (c) =>
        c.send(
          new UpdateBasePathMappingCommand({
            domainName: 'legacy.shop.example.com',
            basePath: 'v2',
            patchOperations: [{ op: 'replace', path: '/description', value: 'x' }],
          }),
        ),
      ),
      /Invalid patch path {2}'\/description' specified for op 'replace'\. Must be one of: \[\/basePath, \/restapiId, \/stage\]/,
    );
    const { ApiGatewayV2Client, CreateApiMappingCommand } = await import('@aws-sdk/client-apigatewayv2');
    const client = new ApiGatewayV2Client({ region: 'eu-west-1', endpoint: fake.url, credentials: KEY });
    try {
      await assert.rejects(
        client.send(
          new CreateApiMappingCommand({ DomainName: 'legacy.shop.example.com', ApiId: SHOP, Stage: 'nope' }),
        ),
        { name: 'BadRequestException', message: 'Invalid stage identifier specified' },
      );
      await assert.rejects(
        client.send(
          new CreateApiMappingCommand({
            DomainName: 'legacy.shop.example.com',
            ApiId: SHOP,
            Stage: 'prod',
            ApiMappingKey: 'v2',
          }),
        ),
        { name: 'ConflictException' },
      );
    } finally {
      client.destroy();
    }
  });
});

test('diagnose -o json carries the machine-readable target the planner reads (an additive field)', async () => {
  const { writeFileSync } = await import('node:fs');
  const file = join(work, 'deleted-stage.snapshot.json');
  writeFileSync(file, JSON.stringify(SCENARIOS[0]!.snapshot()));
  const r = await runCli([
    'diagnose',
    'https://legacy.shop.example.com/v2/products',
    '--snapshot',
    file,
    '-o',
    'json',
  ]);
  assert.equal(r.code, 1, r.stderr);
  const findings = JSON.parse(r.stdout).findings as Json[];
  const finding = findings.find((f) => f.id === 'stage-not-found');
  assert.deepEqual(finding?.target, {
    domainMapping: {
      domainName: 'legacy.shop.example.com',
      basePath: 'v2',
      apiId: SHOP,
      apiKind: 'REST',
      stage: 'prod',
      current: { apiId: SHOP, stage: 'v0' },
    },
  });
  // findings without one have no `target` key at all
  assert.ok(findings.filter((f) => f.id !== 'stage-not-found').every((f) => !('target' in f)));
});
