/**
 * The three emitters (`fix --emit sh|terraform|cloudformation`): realistic plans for the shop API,
 * every output checked by the real validators (bash -n, shellcheck, an HCL parser, terraform fmt,
 * cfn-lint) and by our own structure checks, golden files, the script run against stub `aws` and
 * `curl` commands, and hostile input that must stay inert everywhere.
 *
 * A validator missing from PATH is reported loudly (a skipped test and a banner on stderr), never a
 * silent pass; APIGW_DOCTOR_REQUIRE_VALIDATORS=1 turns a missing validator into a failure.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { getReferencesInExpression, parse as parseHcl } from '@cdktf/hcl2json';
import { parse as parseYaml, parseDocument } from 'yaml';
import { emitCloudFormation } from '../src/remediate/emit-cloudformation.js';
import { emitShell, shellQuote } from '../src/remediate/emit-sh.js';
import { emitTerraform, hclString, snakeName, type EmitContext } from '../src/remediate/emit-terraform.js';
import type { Action, Plan, PlannedAction } from '../src/remediate/types.js';
import { ROOT, SHOP_SNAPSHOT } from './helpers.js';

const GOLDEN = `${ROOT}test/fixtures/emit/`;
const work = mkdtempSync(join(tmpdir(), 'apigw-doctor-emit-'));
const API = 'a1b2c3d4e5';
const BASE = `https://${API}.execute-api.eu-west-1.amazonaws.com`;

import { matchesGolden, probeTool, withTool } from './tools.js';

const matchesGoldenIn = (actual: string, name: string) => matchesGolden(actual, `${GOLDEN}${name}`);

// ---- validators ------------------------------------------------------------------------------

const TERRAFORM_INSTALL = 'https://developer.hashicorp.com/terraform/install';

const TOOLS = {
  bash: probeTool('bash', ['--version']),
  shellcheck: probeTool('shellcheck', ['--version']),
  cfnLint: probeTool('cfn-lint', ['--version']),
  terraform: probeTool('terraform', ['version']),
};

test('validators: which ones run here, and their versions', (t) => {
  for (const tool of Object.values(TOOLS)) {
    t.diagnostic(`${tool.name}: ${tool.available ? tool.version : 'MISSING'}`);
  }
  const hcl2json = JSON.parse(readFileSync(`${ROOT}node_modules/@cdktf/hcl2json/package.json`, 'utf8')) as {
    version: string;
  };
  t.diagnostic(`@cdktf/hcl2json: ${hcl2json.version}`);
  assert.ok(TOOLS.bash.available, 'bash is required to check the scripts');
  const missing = Object.values(TOOLS).filter((x) => !x.available);
  if (missing.length) {
    const message = `MISSING VALIDATORS: ${missing.map((m) => m.name).join(', ')}; their checks are skipped`;
    process.stderr.write(`\n!!!!!!!! ${message} !!!!!!!!\n\n`);
    if (process.env.APIGW_DOCTOR_REQUIRE_VALIDATORS === '1') assert.fail(message);
  }
});

function run(cmd: string, args: string[], cwd = work, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// ---- the shop API, as its snapshot describes it -------------------------------------------------

interface SnapshotMethod {
  authorizationType: string;
  apiKeyRequired: boolean;
  methodIntegration?: { type: string; httpMethod?: string; uri?: string };
}

function shopContext(): EmitContext {
  const snapshot = JSON.parse(readFileSync(SHOP_SNAPSHOT, 'utf8')) as {
    accounts: {
      regions: {
        restApis: {
          restApi: { id: string; name: string };
          resources: {
            items: { id: string; path: string; resourceMethods?: Record<string, SnapshotMethod> }[];
          };
        }[];
      }[];
    }[];
  };
  const api = snapshot.accounts[0]?.regions[0]?.restApis.find((a) => a.restApi.id === API);
  assert.ok(api, 'the shop API is in the example snapshot');
  return {
    apiName: api.restApi.name,
    resources: api.resources.items.map((r) => ({
      path: r.path,
      id: r.id,
      methods: Object.fromEntries(
        Object.entries(r.resourceMethods ?? {}).map(([verb, m]) => [
          verb,
          {
            authorizationType: m.authorizationType,
            apiKeyRequired: m.apiKeyRequired,
            ...(m.methodIntegration
              ? {
                  integration: {
                    type: m.methodIntegration.type,
                    ...(m.methodIntegration.httpMethod ? { httpMethod: m.methodIntegration.httpMethod } : {}),
                    ...(m.methodIntegration.uri ? { uri: m.methodIntegration.uri } : {}),
                  },
                }
              : {}),
          },
        ]),
      ),
    })),
  };
}

function planned(action: Action, findingId: string, summary: string, undo: string | null): PlannedAction {
  return {
    action,
    findingId,
    summary,
    undo,
    reversible: undo !== null,
    cli: [`aws apigateway ${action.kind} …`],
  };
}

const deployAction = (description: string, canaryPercent?: number): Action => ({
  kind: 'create-deployment',
  apiId: API,
  stage: 'prod',
  description,
  ...(canaryPercent ? { canaryPercent } : {}),
});

const corsAction: Action = {
  kind: 'put-cors-options',
  apiId: API,
  resourceId: 'r00005x',
  resourcePath: '/checkout',
  allowOrigin: 'https://shop.example.com',
  allowMethods: ['OPTIONS', 'POST'],
  allowHeaders: ['Content-Type', 'Authorization', 'X-Amz-Date', 'X-Api-Key', 'X-Amz-Security-Token'],
};

const mappingAction: Action = {
  kind: 'create-base-path-mapping',
  domainName: 'api.shop.example.com',
  basePath: 'v2',
  apiId: API,
  stage: 'prod',
};

function basePlan(method: string, url: string, actions: PlannedAction[]): Plan {
  return {
    apigwDoctorPlan: 1,
    createdAt: '2026-11-28T12:00:00.000Z',
    url,
    method,
    region: 'eu-west-1',
    accountId: '123456789012',
    apiId: API,
    stage: 'prod',
    expected: { deploymentId: 'dprod0001', stageLastUpdated: '2026-11-20T09:15:00+00:00' },
    actions,
    clientFixes: [],
    blastRadius: null,
    notFixed: [],
  };
}

const shopRadius = (added: string[]): Plan['blastRadius'] => ({
  routeChanges: { added, removed: [], changed: [] },
  otherStages: ['staging (deployment dstag0002, not changed)'],
  domains: ['api.shop.example.com/(none)'],
  managedBy: {
    tool: 'CloudFormation',
    name: 'shop-prod',
    warning: 'a change made here is drift: the next deployment of that stack can revert it',
  },
});

/** POST /reviews exists in the API but not in deployment dprod0001 that stage prod serves. */
function notDeployedPlan(canaryPercent?: number): Plan {
  const plan = basePlan('POST', `${BASE}/prod/reviews`, [
    planned(
      deployAction('apigw-doctor: deploy POST /reviews', canaryPercent),
      'not-deployed',
      canaryPercent
        ? `deploy API ${API} to stage prod as a ${canaryPercent}% canary, verify, then promote`
        : `deploy API ${API} to stage prod`,
      'point stage prod back at its previous deployment (apigw-doctor rollback BACKUP_DIR)',
    ),
  ]);
  plan.blastRadius = shopRadius(['GET /reviews', 'POST /reviews']);
  return plan;
}

/** A browser's preflight to /checkout, which has POST but no OPTIONS. */
function corsPlan(): Plan {
  const plan = basePlan('OPTIONS', `${BASE}/prod/checkout`, [
    planned(
      corsAction,
      'cors-preflight-no-options',
      'add an OPTIONS method (MOCK integration answering the CORS headers) to /checkout',
      'delete the OPTIONS method of /checkout',
    ),
    planned(
      deployAction('apigw-doctor: add CORS preflight to /checkout'),
      'cors-preflight-no-options',
      `deploy API ${API} to stage prod`,
      'point stage prod back at its previous deployment (apigw-doctor rollback BACKUP_DIR)',
    ),
  ]);
  plan.blastRadius = shopRadius(['GET /reviews', 'OPTIONS /checkout', 'POST /reviews']);
  return plan;
}

/** api.shop.example.com has no mapping for /v2. */
function mappingPlan(): Plan {
  return basePlan('GET', 'https://api.shop.example.com/v2/products', [
    planned(
      mappingAction,
      'custom-domain-no-mapping',
      `map api.shop.example.com/v2 to ${API}/prod`,
      'delete the base path mapping v2 of api.shop.example.com',
    ),
  ]);
}

/** Stage prod pointed back at an existing deployment. */
function pinPlan(): Plan {
  return basePlan('GET', `${BASE}/prod/reviews`, [
    planned(
      { kind: 'update-stage-deployment', apiId: API, stage: 'prod', deploymentId: 'dstag0002' },
      'not-deployed',
      `point stage prod of ${API} at deployment dstag0002`,
      'point it back at the previous deployment',
    ),
  ]);
}

/** Every action kind at once, with a canary. */
function everyKindPlan(): Plan {
  const plan = basePlan('OPTIONS', `${BASE}/prod/checkout`, [
    planned(corsAction, 'cors-preflight-no-options', 'add an OPTIONS method to /checkout', 'delete it'),
    planned(
      { kind: 'delete-gateway-response', apiId: API, responseType: 'MISSING_AUTHENTICATION_TOKEN' },
      'custom-gateway-response',
      `reset the MISSING_AUTHENTICATION_TOKEN gateway response of ${API} to AWS's default`,
      null,
    ),
    planned(mappingAction, 'custom-domain-no-mapping', 'map api.shop.example.com/v2', 'delete the mapping'),
    planned(
      deployAction('apigw-doctor: CORS, gateway response', 10),
      'cors-preflight-no-options',
      `deploy API ${API} to stage prod as a 10% canary, verify, then promote`,
      'point stage prod back at its previous deployment',
    ),
  ]);
  plan.blastRadius = shopRadius(['GET /reviews', 'OPTIONS /checkout', 'POST /reviews']);
  return plan;
}

/** A stage that does not exist yet: the deployment creates it. */
function newStagePlan(): Plan {
  const plan = basePlan('GET', `${BASE}/v3/products`, [
    planned(
      { kind: 'create-deployment', apiId: API, stage: 'v3', description: 'apigw-doctor: create stage v3' },
      'stage-not-found',
      `deploy API ${API} to stage v3`,
      'delete stage v3',
    ),
  ]);
  plan.stage = 'v3';
  plan.expected = {};
  return plan;
}

/** Only a customized gateway response to reset; no stage involved. */
function gatewayResponsePlan(): Plan {
  const plan = basePlan('GET', `${BASE}/prod/nowhere`, [
    planned(
      { kind: 'delete-gateway-response', apiId: API, responseType: 'MISSING_AUTHENTICATION_TOKEN' },
      'custom-gateway-response',
      `reset the MISSING_AUTHENTICATION_TOKEN gateway response of ${API} to AWS's default`,
      null,
    ),
  ]);
  delete plan.stage;
  delete plan.expected;
  return plan;
}

/** A plan whose actions only touch custom-domain mappings: no API is adopted, no stage is backed up. */
function domainPlan(url: string, actions: PlannedAction[]): Plan {
  const plan = basePlan('GET', url, actions);
  delete plan.expected;
  return plan;
}

/** legacy.shop.example.com/v2 maps stage "v0", which was deleted: re-point it at prod. */
function fixMappingStagePlan(): Plan {
  return domainPlan('https://legacy.shop.example.com/v2/products', [
    planned(
      {
        kind: 'update-base-path-mapping',
        domainName: 'legacy.shop.example.com',
        basePath: 'v2',
        apiId: API,
        stage: 'prod',
        previous: { apiId: API, stage: 'v0' },
      },
      'stage-not-found',
      `point the base path mapping legacy.shop.example.com/v2 at ${API}/prod`,
      'point it back at v0 (the broken state)',
    ),
  ]);
}

/** The (none) mapping names an API that was deleted: re-point API and stage. */
function fixMappingApiPlan(): Plan {
  return domainPlan('https://legacy.shop.example.com/products', [
    planned(
      {
        kind: 'update-base-path-mapping',
        domainName: 'legacy.shop.example.com',
        basePath: '',
        apiId: API,
        stage: 'prod',
        previous: { apiId: 'g0n3d3l3t3' },
      },
      'stage-not-found',
      `point the base path mapping legacy.shop.example.com/(none) at ${API}/prod`,
      'point it back (the broken state)',
    ),
  ]);
}

/** An HTTP API and a multi-level REST base path: apigatewayv2 API mappings, one new, one re-pointed. */
function apiMappingsPlan(): Plan {
  return domainPlan('https://api.shop.example.com/v1/orders/products', [
    planned(
      {
        kind: 'create-api-mapping',
        domainName: 'api.shop.example.com',
        apiMappingKey: 'v1/orders',
        apiId: API,
        apiKind: 'REST',
        stage: 'prod',
      },
      'custom-domain-no-mapping',
      'map api.shop.example.com/v1/orders',
      'delete the API mapping',
    ),
    planned(
      {
        kind: 'update-api-mapping',
        domainName: 'api.shop.example.com',
        apiMappingId: 'map0003',
        apiMappingKey: 'notify',
        apiId: 'h7t7p9a1b2',
        apiKind: 'HTTP',
        stage: '$default',
        previous: { apiId: 'h7t7p9a1b2', stage: 'v0' },
      },
      'stage-not-found',
      'point the API mapping api.shop.example.com/notify at h7t7p9a1b2/$default',
      'point it back at v0 (the broken state)',
    ),
  ]);
}

/** A new API mapping for an HTTP API only: nothing to import. */
function httpApiMappingPlan(): Plan {
  return domainPlan('https://legacy.shop.example.com/notifications', [
    planned(
      {
        kind: 'create-api-mapping',
        domainName: 'legacy.shop.example.com',
        apiMappingKey: '',
        apiId: 'h7t7p9a1b2',
        apiKind: 'HTTP',
        stage: '$default',
      },
      'custom-domain-no-mapping',
      'map legacy.shop.example.com/(none) to HTTP API h7t7p9a1b2',
      'delete the API mapping',
    ),
  ]);
}

/** A deployment and a re-pointed mapping in one plan: the API is adopted and the mapping too. */
function deployAndMappingPlan(): Plan {
  const plan = notDeployedPlan();
  plan.actions.push(...fixMappingStagePlan().actions, ...httpApiMappingPlan().actions);
  return plan;
}

const DOMAIN_ONLY = new Set(['update-base-path-mapping', 'create-api-mapping', 'update-api-mapping']);
const domainOnly = (plan: Plan): boolean => plan.actions.every((a) => DOMAIN_ONLY.has(a.action.kind));

const PLANS: Record<string, () => Plan> = {
  'not-deployed': () => notDeployedPlan(),
  'not-deployed-canary': () => notDeployedPlan(10),
  'cors-checkout': corsPlan,
  'base-path-mapping': mappingPlan,
  'pin-deployment': pinPlan,
  'every-action-kind': everyKindPlan,
  'new-stage': newStagePlan,
  'gateway-response-only': gatewayResponsePlan,
  'fix-mapping-stage': fixMappingStagePlan,
  'fix-mapping-api': fixMappingApiPlan,
  'api-mappings-v2': apiMappingsPlan,
  'http-api-mapping': httpApiMappingPlan,
  'deploy-and-mapping': deployAndMappingPlan,
};

// ---- golden files ------------------------------------------------------------------------------

function terraformText(out: { files: Record<string, string>; explanation: string }): string {
  return (
    Object.keys(out.files)
      .sort()
      .map((name) => `# ==> ${name} <==\n${out.files[name]}`)
      .join('\n') + `\n# ==> explanation <==\n${out.explanation}\n`
  );
}

for (const name of ['not-deployed', 'cors-checkout']) {
  const make = PLANS[name] as () => Plan;
  test(`golden: ${name}.sh`, () => matchesGoldenIn(emitShell(make()), `${name}.sh`));
  test(`golden: ${name}.tf.txt (every file and the explanation)`, () =>
    matchesGoldenIn(terraformText(emitTerraform(make(), shopContext())), `${name}.tf.txt`));
  test(`golden: ${name}.cfn.yaml and its explanation`, () => {
    const out = emitCloudFormation(make(), shopContext());
    matchesGoldenIn(out.template, `${name}.cfn.yaml`);
    matchesGoldenIn(`${out.explanation}\n`, `${name}.cfn.txt`);
  });
}

test('emitters are pure: the same plan gives the same text, and the plan is not modified', () => {
  const plan = everyKindPlan();
  const before = JSON.stringify(plan);
  assert.equal(emitShell(plan), emitShell(everyKindPlan()));
  assert.deepEqual(emitTerraform(plan, shopContext()), emitTerraform(everyKindPlan(), shopContext()));
  assert.deepEqual(
    emitCloudFormation(plan, shopContext()),
    emitCloudFormation(everyKindPlan(), shopContext()),
  );
  assert.equal(JSON.stringify(plan), before);
});

// ---- shell ---------------------------------------------------------------------------------------

function writeScript(name: string, text: string): string {
  const file = join(work, `${name}.sh`);
  writeFileSync(file, text);
  chmodSync(file, 0o755);
  return file;
}

for (const [name, make] of Object.entries(PLANS)) {
  test(`sh ${name}: bash -n and shellcheck pass`, async (t) => {
    const file = writeScript(name, emitShell(make()));
    const syntax = run('bash', ['-n', file]);
    assert.equal(syntax.code, 0, syntax.stderr);
    await withTool(t, TOOLS.shellcheck, 'apt-get install -y shellcheck', () => {
      const lint = run('shellcheck', ['--shell=bash', '--severity=style', file]);
      assert.equal(lint.code, 0, lint.stdout + lint.stderr);
    });
  });
}

test('sh: the required shape (shebang, strict mode, REGION/PROFILE, aws wrapper, backup, check, verify, rollback)', () => {
  const s = emitShell(notDeployedPlan());
  const lines = s.split('\n');
  assert.equal(lines[0], '#!/usr/bin/env bash');
  const strict = lines.indexOf('set -euo pipefail');
  assert.ok(
    strict > 0 && lines.slice(1, strict).every((l) => l.startsWith('#')),
    'only comments before set -euo',
  );
  assert.equal(lines[strict + 2], 'REGION="${REGION:-eu-west-1}"');
  assert.equal(lines[strict + 3], 'PROFILE="${PROFILE:-}"');
  assert.match(
    s,
    /AWS_ARGS=\(--region "\$REGION"\)\nif \[\[ -n "\$PROFILE" \]\]; then AWS_ARGS\+=\(--profile "\$PROFILE"\); fi/,
  );
  assert.match(s, /aws\(\) \{\n {2}command aws "\$\{AWS_ARGS\[@\]\}" "\$@"\n\}/);
  const order = [
    'get-stage --rest-api-id',
    '--export-type oas30 --parameters extensions=apigateway',
    'if [[ "$OLD_DEPLOYMENT" != dprod0001 ]]',
    'aws apigateway create-deployment --rest-api-id a1b2c3d4e5 --stage-name prod',
    'verify()',
    'print_rollback | tee',
  ].map((needle) => {
    const at = s.indexOf(needle);
    assert.ok(at >= 0, `missing: ${needle}`);
    return at;
  });
  assert.deepEqual(
    [...order].sort((a, b) => a - b),
    order,
    'backup → check → apply → verify → rollback',
  );
  assert.match(s, /--patch-operations "op=replace,path=\/deploymentId,value=\$OLD_DEPLOYMENT"/);
  assert.match(s, /BACKUP_DIR="\$BACKUP_ROOT\/\$\(date -u \+%Y%m%dT%H%M%SZ\)-a1b2c3d4e5-prod"/);
});

test('sh: quoting and Region checks', () => {
  assert.equal(shellQuote('a1b2c3d4e5'), 'a1b2c3d4e5');
  assert.equal(shellQuote(''), "''");
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
  assert.equal(shellQuote('$(id)'), `'$(id)'`);
  assert.equal(shellQuote("a\nb'c\\"), `$'a\\nb\\'c\\\\'`);
  assert.throws(() => shellQuote('a\0b'), /NUL/);
  const plan = notDeployedPlan();
  plan.region = 'eu-west-1"; touch /tmp/x; "';
  assert.throws(() => emitShell(plan), /not an AWS Region name/);
  for (const region of ['us-east-1', 'us-gov-west-1', 'cn-north-1', 'ap-southeast-5', 'eu-isoe-west-1']) {
    assert.doesNotThrow(() => emitShell({ ...notDeployedPlan(), region }));
  }
  const bad = notDeployedPlan(150);
  assert.throws(() => emitShell(bad), /canaryPercent/);
});

// A bash lexer just good enough for the scripts we write: the text outside single quotes, $'…' and
// comments, that is where $(…), `…` and ${…} would run (double quotes and $(…) nest).
function liveText(script: string): string {
  let out = '';
  const stack: ('top' | 'sub' | 'paren' | 'double')[] = ['top'];
  let i = 0;
  while (i < script.length) {
    const ch = script[i] as string;
    const state = stack[stack.length - 1];
    if (state === 'double') {
      if (ch === '\\') {
        out += script.slice(i, i + 2);
        i += 2;
      } else if (ch === '"') {
        stack.pop();
        i++;
      } else if (ch === '$' && script[i + 1] === '(') {
        stack.push('sub');
        out += '$(';
        i += 2;
      } else {
        out += ch;
        i++;
      }
      continue;
    }
    if (ch === '\\') {
      i += 2;
    } else if (ch === "'") {
      const end = script.indexOf("'", i + 1);
      assert.ok(end > i, 'unterminated single quote');
      i = end + 1;
    } else if (ch === '$' && script[i + 1] === "'") {
      let j = i + 2;
      while (j < script.length && script[j] !== "'") j += script[j] === '\\' ? 2 : 1;
      assert.ok(j < script.length, "unterminated $'");
      i = j + 1;
    } else if (ch === '"') {
      stack.push('double');
      i++;
    } else if (ch === '$' && script[i + 1] === '(') {
      stack.push('sub');
      out += '$(';
      i += 2;
    } else if (ch === '(' && state !== 'top') {
      stack.push('paren');
      out += ch;
      i++;
    } else if (ch === ')' && state !== 'top') {
      stack.pop();
      out += ch;
      i++;
    } else if (ch === '#' && (i === 0 || /[\s;]/.test(script[i - 1] as string))) {
      const end = script.indexOf('\n', i);
      i = end < 0 ? script.length : end;
    } else {
      out += ch;
      i++;
    }
  }
  assert.deepEqual(stack, ['top'], 'every quote and $( is closed');
  return out;
}

test('the bash lexer of these tests sees what is live', () => {
  assert.equal(liveText(`a 'b $(c)' $'d\\'e' "f $(g 'h' "i") j" # k\nl`), 'a   f $(g  i) j \nl');
});

// ---- the script against stub aws and curl ------------------------------------------------------

const STUB_AWS = `#!${process.execPath}
const fs = require('fs');
const args = process.argv.slice(2);
fs.appendFileSync(process.env.STUB_LOG, JSON.stringify(args) + '\\n');
const words = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--region' || args[i] === '--profile') i++;
  else words.push(args[i]);
}
const op = words[1];
const opt = (name) => { const i = words.indexOf(name); return i < 0 ? undefined : words[i + 1]; };
const fail = (code, msg) => { process.stderr.write(msg + '\\n'); process.exit(code); };
if ((process.env.STUB_FAIL || '').split(',').includes(op)) fail(254, 'An error occurred (BadRequestException) when calling ' + op);
switch (op) {
  case 'get-stage':
    if (process.env.STUB_STAGE === 'none') fail(254, 'An error occurred (NotFoundException) when calling the GetStage operation: Invalid stage identifier specified');
    if (opt('--query') === 'deploymentId') console.log(process.env.STUB_STAGE || 'dprod0001');
    else console.log(JSON.stringify({ deploymentId: process.env.STUB_STAGE || 'dprod0001', stageName: opt('--stage-name') }));
    break;
  case 'get-export': fs.writeFileSync(words[words.length - 1], '{"openapi":"3.0.1"}'); console.log('{"contentType":"application/json"}'); break;
  case 'create-deployment': console.log(opt('--query') === 'id' ? 'dnew0009' : '{"id":"dnew0009"}'); break;
  case 'get-method': fail(254, 'An error occurred (NotFoundException) when calling the GetMethod operation: Invalid Method identifier specified'); break;
  case 'get-base-path-mapping': fail(254, 'An error occurred (NotFoundException) when calling the GetBasePathMapping operation'); break;
  case 'get-gateway-response': console.log(opt('--query') === 'defaultResponse' ? 'False' : '{"responseType":"MISSING_AUTHENTICATION_TOKEN","statusCode":"404","defaultResponse":false}'); break;
  default: console.log('{}');
}
`;

const STUB_CURL = `#!${process.execPath}
const fs = require('fs');
const args = process.argv.slice(2);
fs.appendFileSync(process.env.STUB_LOG, JSON.stringify(['curl', ...args]) + '\\n');
const at = (name) => { const i = args.indexOf(name); return i < 0 ? undefined : args[i + 1]; };
const counter = process.env.STUB_LOG + '.curl';
const n = fs.existsSync(counter) ? Number(fs.readFileSync(counter, 'utf8')) : 0;
const preflight = at('-X') === 'OPTIONS' && args.includes('-H');
if (!preflight) fs.writeFileSync(counter, String(n + 1));
const seq = (process.env.STUB_CURL || '200').split(',');
const status = preflight ? '200' : seq[Math.min(n, seq.length - 1)];
const headers = ['HTTP/2 ' + status];
if (status === '403') headers.push('x-amzn-ErrorType: MissingAuthenticationTokenException');
if (preflight && process.env.STUB_CORS !== 'missing') headers.push('access-control-allow-origin: https://shop.example.com');
if (at('-D')) fs.writeFileSync(at('-D'), headers.join('\\r\\n') + '\\r\\n\\r\\n');
if (at('-w')) process.stdout.write(status);
`;

const stubDir = join(work, 'stub-bin');
mkdirSync(stubDir, { recursive: true });
writeFileSync(join(stubDir, 'aws'), STUB_AWS);
writeFileSync(join(stubDir, 'curl'), STUB_CURL);
chmodSync(join(stubDir, 'aws'), 0o755);
chmodSync(join(stubDir, 'curl'), 0o755);

let sandboxes = 0;
function runScript(script: string, env: Record<string, string> = {}) {
  const dir = join(work, `run-${++sandboxes}`);
  mkdirSync(dir);
  const file = join(dir, 'fix.sh');
  writeFileSync(file, script);
  const log = join(dir, 'calls.log');
  writeFileSync(log, '');
  const r = run('bash', [file], dir, {
    PATH: `${stubDir}:${process.env.PATH ?? ''}`,
    HOME: dir,
    STUB_LOG: log,
    ...env,
  });
  const calls = readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as string[]);
  const backups = join(dir, 'apigw-doctor-backups');
  const backupDir = existsSync(backups) ? join(backups, readdirSync(backups)[0] ?? '') : '';
  return { ...r, calls, dir, backupDir };
}

/** The AWS operations called, in order ("apigateway create-deployment" → "create-deployment"). */
const ops = (calls: string[][]): string[] =>
  calls.map((c) => {
    if (c[0] === 'curl') return 'curl';
    const words = c.filter(
      (w, i) => !/^--(region|profile)$/.test(w) && !/^--(region|profile)$/.test(c[i - 1] ?? ''),
    );
    return words[1] ?? '';
  });

test('sh run: backs up, deploys, retries the verification once, prints the rollback', () => {
  const r = runScript(emitShell(notDeployedPlan()), { STUB_CURL: '403,201' });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(ops(r.calls), [
    'get-stage',
    'get-export',
    'get-stage',
    'create-deployment',
    'curl',
    'curl',
  ]);
  const create = r.calls[3] as string[];
  assert.deepEqual(create, [
    '--region',
    'eu-west-1',
    'apigateway',
    'create-deployment',
    '--rest-api-id',
    API,
    '--stage-name',
    'prod',
    '--description',
    'apigw-doctor: deploy POST /reviews',
    '--query',
    'id',
    '--output',
    'text',
  ]);
  assert.deepEqual((r.calls[4] as string[]).slice(0, 1), ['curl']);
  assert.ok((r.calls[4] as string[]).includes(`${BASE}/prod/reviews`));
  assert.match(r.stdout, /still 403 MissingAuthenticationTokenException; retrying in 2 s/);
  assert.match(r.stdout, /verified: POST .* answers 201/);
  assert.match(
    r.stdout,
    /aws --region eu-west-1 apigateway update-stage --rest-api-id a1b2c3d4e5 --stage-name prod --patch-operations op=replace,path=\/deploymentId,value=dprod0001/,
  );
  for (const f of [
    'stage-1-stage.json',
    'stage-1-export-oas30.json',
    'stage-1-deployment-id.txt',
    'rollback.txt',
  ])
    assert.ok(existsSync(join(r.backupDir, f)), `backup file ${f}`);
  assert.equal(readFileSync(join(r.backupDir, 'stage-1-deployment-id.txt'), 'utf8').trim(), 'dprod0001');
  assert.equal(readFileSync(join(r.backupDir, 'action-1-deployment-id.txt'), 'utf8').trim(), 'dnew0009');
});

test('sh run: PROFILE and REGION from the environment reach every aws call', () => {
  const r = runScript(emitShell(notDeployedPlan()), { PROFILE: 'shop admin', REGION: 'eu-central-1' });
  assert.equal(r.code, 0, r.stderr);
  for (const c of r.calls.filter((x) => x[0] !== 'curl'))
    assert.deepEqual(c.slice(0, 4), ['--region', 'eu-central-1', '--profile', 'shop admin']);
  assert.match(r.stdout, /aws --region eu-central-1 --profile shop\\ admin apigateway update-stage/);
});

test('sh run: refuses, changing nothing, when the stage serves another deployment than planned', () => {
  const r = runScript(emitShell(notDeployedPlan()), { STUB_STAGE: 'dother777' });
  assert.equal(r.code, 3);
  assert.match(
    r.stderr,
    /refusing to apply: stage prod of API a1b2c3d4e5 serves deployment dother777; the plan was made when it served dprod0001/,
  );
  assert.deepEqual(ops(r.calls), ['get-stage', 'get-export', 'get-stage']);
});

test('sh run: stops at the first error and prints the rollback', () => {
  const r = runScript(emitShell(corsPlan()), { STUB_FAIL: 'put-integration' });
  assert.notEqual(r.code, 0);
  const o = ops(r.calls);
  assert.equal(o.at(-1), 'put-integration');
  assert.ok(!o.includes('create-deployment') && !o.includes('curl'), 'nothing after the failing call');
  assert.match(r.stderr, /FAILED \(exit \d+\) after changing AWS/);
  assert.match(
    r.stderr,
    /delete-method --rest-api-id a1b2c3d4e5 --resource-id r00005x --http-method OPTIONS/,
  );
});

test('sh run: fails when the answer is still 403 Missing Authentication Token after the retries', () => {
  const r = runScript(emitShell(notDeployedPlan()), { STUB_CURL: '403', VERIFY_SECONDS: '3' });
  assert.notEqual(r.code, 0);
  assert.match(
    r.stderr,
    /verification failed after 3 s: POST .*: still 403 MissingAuthenticationTokenException/,
  );
  assert.match(r.stderr, /value=dprod0001/);
  assert.equal(ops(r.calls).filter((o) => o === 'curl').length, 2);
});

test('sh run: CORS fix sends the MOCK integration and headers, then checks the preflight', () => {
  const r = runScript(emitShell(corsPlan()));
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(ops(r.calls), [
    'get-stage',
    'get-export',
    'get-stage',
    'get-resource',
    'get-method',
    'put-method',
    'put-method-response',
    'put-integration',
    'put-integration-response',
    'create-deployment',
    'curl',
    'curl',
  ]);
  const arg = (call: string[], name: string): string => call[call.indexOf(name) + 1] as string;
  const integration = r.calls.find((c) => c.includes('put-integration')) as string[];
  assert.equal(arg(integration, '--type'), 'MOCK');
  assert.deepEqual(JSON.parse(arg(integration, '--request-templates')), {
    'application/json': '{"statusCode": 200}',
  });
  const response = r.calls.find((c) => c.includes('put-integration-response')) as string[];
  assert.deepEqual(JSON.parse(arg(response, '--response-parameters')), {
    'method.response.header.Access-Control-Allow-Headers':
      "'Content-Type,Authorization,X-Amz-Date,X-Api-Key,X-Amz-Security-Token'",
    'method.response.header.Access-Control-Allow-Methods': "'OPTIONS,POST'",
    'method.response.header.Access-Control-Allow-Origin': "'https://shop.example.com'",
  });
  const preflight = r.calls.at(-1) as string[];
  assert.ok(preflight.includes('Origin: https://shop.example.com'));
  assert.match(r.stdout, /verified: OPTIONS .* answers 200/);
  const missing = runScript(emitShell(corsPlan()), { STUB_CORS: 'missing', VERIFY_SECONDS: '1' });
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /CORS preflight has no Access-Control-Allow-Origin/);
});

test('sh run: a canary is created with its share, baked, then promoted', () => {
  const r = runScript(emitShell(notDeployedPlan(10)), { CANARY_BAKE_SECONDS: '0' });
  assert.equal(r.code, 0, r.stderr);
  const updates = r.calls
    .filter((c) => c.includes('update-stage'))
    .map((c) => c[c.indexOf('--patch-operations') + 1]);
  assert.deepEqual(updates, [
    'op=copy,from=/canarySettings/deploymentId,path=/deploymentId',
    'op=remove,path=/canarySettings',
  ]);
  const create = r.calls.find((c) => c.includes('create-deployment')) as string[];
  assert.deepEqual(JSON.parse(create[create.indexOf('--canary-settings') + 1] as string), {
    percentTraffic: 10,
    useStageCache: false,
  });
});

test('sh run: a one-way step needs ALLOW_IRREVERSIBLE=1; every action kind runs in order', () => {
  const script = emitShell(everyKindPlan());
  const refused = runScript(script);
  assert.equal(refused.code, 3);
  assert.match(refused.stderr, /step\(s\) 2 cannot be undone; set ALLOW_IRREVERSIBLE=1/);
  assert.ok(!ops(refused.calls).some((o) => /^(put|create|delete|update)-/.test(o)), 'nothing changed');
  const r = runScript(script, { ALLOW_IRREVERSIBLE: '1', CANARY_BAKE_SECONDS: '0' });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    ops(r.calls).filter((o) => /^(put|create|delete|update)-/.test(o)),
    [
      'put-method',
      'put-method-response',
      'put-integration',
      'put-integration-response',
      'delete-gateway-response',
      'create-base-path-mapping',
      'create-deployment',
      'update-stage',
      'update-stage',
    ],
  );
  assert.ok(
    existsSync(join(r.backupDir, 'action-2-gateway-response.json')),
    'the deleted response is backed up first',
  );
  assert.match(r.stdout, /delete-base-path-mapping --domain-name api.shop.example.com --base-path v2/);
});

test('sh run: a plan made when the stage did not exist refuses if it exists now', () => {
  const fresh = runScript(emitShell(newStagePlan()), { STUB_STAGE: 'none' });
  assert.equal(fresh.code, 0, fresh.stderr);
  assert.match(fresh.stdout, /delete-stage --rest-api-id a1b2c3d4e5 --stage-name v3/);
  const exists = runScript(emitShell(newStagePlan()));
  assert.equal(exists.code, 3);
  assert.match(exists.stderr, /stage v3 of API a1b2c3d4e5 exists now/);
});

// ---- Terraform -----------------------------------------------------------------------------------

type HclJson = Record<string, unknown>;

async function parseTerraform(name: string, files: Record<string, string>): Promise<Record<string, HclJson>> {
  const dir = join(work, `tf-${name}`);
  mkdirSync(dir, { recursive: true });
  const parsed: Record<string, HclJson> = {};
  for (const [file, text] of Object.entries(files)) {
    writeFileSync(join(dir, file), text);
    parsed[file] = (await parseHcl(file, text)) as HclJson;
  }
  return parsed;
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) if (k !== 'ignore_changes' && k !== 'from') strings(v, out); // attribute names; a moved block's old address
  return out;
}

interface TerraformIndex {
  resources: Map<string, HclJson>;
  variables: Set<string>;
  imports: { to: string; id: string }[];
  moved: { from: string; to: string }[];
}

function indexTerraform(parsed: Record<string, HclJson>): TerraformIndex {
  const index: TerraformIndex = { resources: new Map(), variables: new Set(), imports: [], moved: [] };
  const unwrap = (s: unknown): string => String(s).replace(/^\$\{(.*)\}$/s, '$1');
  for (const doc of Object.values(parsed)) {
    for (const [type, byName] of Object.entries(
      (doc.resource ?? {}) as Record<string, Record<string, HclJson[]>>,
    ))
      for (const [name, blocks] of Object.entries(byName)) {
        const key = `${type}.${name}`;
        assert.ok(!index.resources.has(key), `${key} declared twice`);
        index.resources.set(key, blocks[0] as HclJson);
      }
    for (const name of Object.keys((doc.variable ?? {}) as object)) index.variables.add(name);
    for (const i of (doc.import ?? []) as { to: string; id: string }[])
      index.imports.push({ to: unwrap(i.to), id: i.id });
    for (const m of (doc.moved ?? []) as { from: string; to: string }[])
      index.moved.push({ from: unwrap(m.from), to: unwrap(m.to) });
  }
  return index;
}

/** Every reference in every expression resolves to a declared resource or variable. */
async function assertReferencesResolve(
  parsed: Record<string, HclJson>,
  index: TerraformIndex,
): Promise<string[]> {
  const seen: string[] = [];
  for (const [file, doc] of Object.entries(parsed)) {
    for (const s of strings(doc)) {
      // hcl2json writes a literal `${` as `$${`: only a bare `${` is an expression
      if (!/(?<!\$)\$\{/.test(s)) continue;
      for (const ref of await getReferencesInExpression(file, s)) {
        const parts = ref.value.split('.');
        seen.push(ref.value);
        if (parts[0] === 'var')
          assert.ok(index.variables.has(parts[1] ?? ''), `${file}: undeclared ${ref.value}`);
        else if (parts[0] === 'canary_settings') assert.equal(parts[1], 'value', `${file}: ${ref.value}`);
        else if (
          file === 'variables.tf' &&
          parts.length === 1 &&
          ['string', 'number', 'bool'].includes(parts[0] ?? '')
        )
          continue; // a variable's type
        else if (parts[0]?.startsWith('aws_'))
          assert.ok(index.resources.has(`${parts[0]}.${parts[1]}`), `${file}: undeclared ${ref.value}`);
        else assert.fail(`${file}: unexpected reference ${ref.value}`);
      }
    }
  }
  return seen;
}

for (const [name, make] of Object.entries(PLANS)) {
  test(`terraform ${name}: parses (hcl2json), every address resolves, terraform fmt is clean`, async (t) => {
    const plan = make();
    const out = emitTerraform(plan, shopContext());
    const parsed = await parseTerraform(name, out.files);
    const index = indexTerraform(parsed);
    const refs = await assertReferencesResolve(parsed, index);
    for (const i of index.imports) {
      assert.ok(index.resources.has(i.to), `import to ${i.to} is declared`);
      if (i.to.startsWith('aws_api_gateway_base_path_mapping.'))
        assert.match(i.id, /^[a-z0-9.-]+\/[^/]*$/, `import id ${i.id} is domain/base-path`);
      else if (i.to.startsWith('aws_apigatewayv2_api_mapping.'))
        assert.match(i.id, /^[a-z0-9]+\/[a-z0-9.-]+$/, `import id ${i.id} is mapping-id/domain`);
      else assert.ok(i.id.startsWith(`${API}`), `import id ${i.id}`);
    }
    for (const m of index.moved) assert.ok(index.resources.has(m.to), `moved to ${m.to} is declared`);
    assert.ok(index.variables.has('region'));
    // Every mapping the plan changes is declared; an existing one is imported, with the corrected stage.
    for (const { action: a } of plan.actions) {
      if (a.kind === 'update-base-path-mapping') {
        const name = [...index.resources.keys()].find(
          (k) => k.startsWith('aws_api_gateway_base_path_mapping.') && index.imports.some((i) => i.to === k),
        );
        assert.ok(name, 'the re-pointed base path mapping is imported');
        const r = index.resources.get(name) as HclJson;
        assert.equal(r.domain_name, a.domainName);
        assert.equal(r.base_path, a.basePath || undefined);
        assert.match(String(r.stage_name), /^\$\{var\.[a-z0-9_]+_stage\}$/);
        assert.ok(index.imports.some((i) => i.to === name && i.id === `${a.domainName}/${a.basePath}`));
      }
      if (a.kind === 'create-api-mapping' || a.kind === 'update-api-mapping') {
        const found = [...index.resources.entries()].find(
          ([k, r]) =>
            k.startsWith('aws_apigatewayv2_api_mapping.') &&
            r.domain_name === a.domainName &&
            (r.api_mapping_key ?? '') === a.apiMappingKey,
        );
        assert.ok(found, `API mapping ${a.domainName}/${a.apiMappingKey} declared`);
        assert.equal(found[1].api_id, a.apiId);
        assert.equal(
          index.imports.some((i) => i.to === found[0]),
          a.kind === 'update-api-mapping',
          'imported exactly when it exists',
        );
        if (a.kind === 'update-api-mapping')
          assert.ok(index.imports.some((i) => i.id === `${a.apiMappingId}/${a.domainName}`));
      }
    }
    if (domainOnly(plan)) {
      assert.ok(
        ![...index.resources.keys()].some((k) => k.startsWith('aws_api_gateway_rest_api.')),
        'a mapping-only fix adopts no API',
      );
    } else assert.ok(index.imports.some((i) => i.to === 'aws_api_gateway_rest_api.this' && i.id === API));
    // every resource, method and integration is in the deployment's triggers
    const deployments = [...index.resources.keys()].filter((k) =>
      k.startsWith('aws_api_gateway_deployment.'),
    );
    const triggered = deployments.filter((k) => (index.resources.get(k) as HclJson).triggers);
    const hasDeploy = plan.actions.some(
      (a) => a.action.kind === 'create-deployment' || a.action.kind === 'update-stage-deployment',
    );
    if (hasDeploy) {
      assert.equal(triggered.length, 1, 'one deployment with triggers');
      const dep = index.resources.get(triggered[0] as string) as HclJson;
      const redeploy = String((dep.triggers as { redeployment: string }).redeployment);
      assert.match(redeploy, /^\$\{sha1\(jsonencode\(\[/);
      for (const key of index.resources.keys())
        if (/^aws_api_gateway_(resource|method|integration|method_response|integration_response)\./.test(key))
          assert.ok(redeploy.includes(`${key}.id`), `${key} is in the triggers`);
      const pinned = plan.actions[0]?.action.kind === 'update-stage-deployment';
      assert.deepEqual(dep.lifecycle, [
        {
          create_before_destroy: true,
          ...(pinned ? { ignore_changes: ['${triggers}', '${description}'] } : {}),
        },
      ]);
      const stage = [...index.resources.entries()].find(([k]) => k.startsWith('aws_api_gateway_stage.'));
      assert.ok(stage, 'the stage is declared');
      assert.ok(
        String(stage[1].deployment_id).includes(triggered[0] as string),
        'the stage points at the deployment',
      );
      assert.equal(stage[1].stage_name, '${var.stage_name}');
      if (plan.expected?.deploymentId) {
        assert.ok(
          index.imports.some((i) => i.to === stage[0] && i.id === `${API}/${plan.stage}`),
          'stage imported',
        );
        assert.ok(
          index.imports.some(
            (i) => i.to.startsWith('aws_api_gateway_deployment.') && /^a1b2c3d4e5\/d/.test(i.id),
          ),
          'deployment imported',
        );
      } else
        assert.ok(!index.imports.some((i) => i.to === stage[0]), 'a stage that does not exist is created');
    }
    if (plan.actions.some((a) => a.action.kind === 'put-cors-options')) {
      assert.ok(index.variables.has('cors_allow_origin'));
      assert.ok(refs.includes('var.cors_allow_origin'));
      const integration = index.resources.get('aws_api_gateway_integration.checkout_options') as HclJson;
      assert.equal(integration.type, 'MOCK');
    }
    await withTool(t, TOOLS.terraform, TERRAFORM_INSTALL, () => {
      const fmt = run('terraform', ['fmt', '-check', '-diff', '-no-color', '.'], join(work, `tf-${name}`), {
        ...process.env,
        TF_CLI_CONFIG_FILE: '/dev/null',
      });
      assert.equal(fmt.code, 0, fmt.stdout + fmt.stderr);
    });
  });
}

test('terraform: the shape for the undeployed route (imports, moved, stable names, explanation)', async () => {
  const out = emitTerraform(notDeployedPlan(), shopContext());
  assert.deepEqual(Object.keys(out.files).sort(), [
    'imports.tf',
    'main.tf',
    'moved.tf',
    'variables.tf',
    'versions.tf',
  ]);
  const index = indexTerraform(await parseTerraform('shape', out.files));
  assert.deepEqual(index.moved, [
    { from: 'aws_api_gateway_deployment.this', to: 'aws_api_gateway_deployment.prod' },
  ]);
  assert.ok(index.imports.some((i) => i.to === 'aws_api_gateway_stage.prod' && i.id === `${API}/prod`));
  assert.ok(
    index.imports.some((i) => i.to === 'aws_api_gateway_deployment.prod' && i.id === `${API}/dprod0001`),
  );
  assert.ok(
    index.imports.some(
      (i) => i.to === 'aws_api_gateway_method.reviews_post' && i.id === `${API}/r00009x/POST`,
    ),
  );
  assert.ok(index.resources.has('aws_api_gateway_integration.products_product_id_get'));
  assert.ok(index.resources.has('aws_api_gateway_method.legacy_proxy_any'));
  assert.match(out.files['main.tf'] ?? '', /create_before_destroy = true/);
  assert.match(out.explanation, /import blocks/);
  assert.match(out.explanation, /re-create/);
  assert.match(out.explanation, /managed by CloudFormation \(shop-prod\)/);
  assert.equal(snakeName('/products/{productId}'), 'products_product_id');
  assert.equal(snakeName('/legacy/{proxy+}'), 'legacy_proxy');
  assert.equal(snakeName('/'), 'root');
  assert.equal(snakeName('/2fa'), 'r_2fa');
});

test('terraform: a canary keeps the serving deployment and needs AWS provider 6', async () => {
  const out = emitTerraform(notDeployedPlan(10), shopContext());
  const index = indexTerraform(await parseTerraform('canary-shape', out.files));
  assert.ok(
    index.imports.some(
      (i) => i.to === 'aws_api_gateway_deployment.prod_stable' && i.id === `${API}/dprod0001`,
    ),
  );
  assert.ok(
    !index.imports.some((i) => i.to === 'aws_api_gateway_deployment.prod'),
    'the canary deployment is new',
  );
  assert.ok(index.variables.has('canary_percent') && index.variables.has('promote_canary'));
  assert.match(out.files['versions.tf'] ?? '', /version = ">= 6.0"/);
  const stage = index.resources.get('aws_api_gateway_stage.prod') as HclJson;
  assert.equal(
    stage.deployment_id,
    '${var.promote_canary ? aws_api_gateway_deployment.prod.id : aws_api_gateway_deployment.prod_stable.id}',
  );
});

test('terraform: every action kind is expressed or explained', async () => {
  const out = emitTerraform(everyKindPlan(), shopContext());
  const index = indexTerraform(await parseTerraform('every-kind-shape', out.files));
  for (const key of [
    'aws_api_gateway_method.checkout_options',
    'aws_api_gateway_method_response.checkout_options_200',
    'aws_api_gateway_integration.checkout_options',
    'aws_api_gateway_integration_response.checkout_options_200',
    'aws_api_gateway_base_path_mapping.api_shop_example_com_v2',
  ])
    assert.ok(index.resources.has(key), key);
  const mapping = index.resources.get('aws_api_gateway_base_path_mapping.api_shop_example_com_v2') as HclJson;
  assert.equal(mapping.stage_name, '${aws_api_gateway_stage.prod.stage_name}');
  assert.match(
    out.explanation,
    /delete-gateway-response --rest-api-id a1b2c3d4e5 --response-type MISSING_AUTHENTICATION_TOKEN/,
  );
  assert.match(out.files['main.tf'] ?? '', /"gateway-response-reset:MISSING_AUTHENTICATION_TOKEN"/);
  const pin = emitTerraform(pinPlan(), shopContext());
  assert.match(pin.files['imports.tf'] ?? '', /id = "a1b2c3d4e5\/dstag0002"/);
  assert.match(pin.explanation, /dstag0002/);
  const none = emitTerraform({ ...basePlan('GET', BASE, []), apiId: undefined }, shopContext());
  assert.deepEqual(none.files, {});
});

test('terraform: HCL strings escape quotes, newlines and templates', () => {
  assert.equal(hclString('a"b\\c\nd'), '"a\\"b\\\\c\\nd"');
  assert.equal(hclString('${var.x} %{ if true }'), '"$${var.x} %%{ if true }"');
  assert.equal(hclString('\\${x}'), '"\\\\$${x}"');
});

// ---- CloudFormation ------------------------------------------------------------------------------

type Template = {
  Parameters?: Record<string, { Default?: unknown }>;
  Conditions?: Record<string, unknown>;
  Resources: Record<
    string,
    {
      Type: string;
      Condition?: string;
      DependsOn?: string[];
      DeletionPolicy?: string;
      UpdateReplacePolicy?: string;
      Properties?: Record<string, unknown>;
    }
  >;
};

/** Our own check: every Ref, GetAtt, Sub variable, DependsOn, Condition and If resolves. */
function assertCfnReferences(template: Template): void {
  const resources = new Set(Object.keys(template.Resources));
  const params = new Set(Object.keys(template.Parameters ?? {}));
  const conditions = new Set(Object.keys(template.Conditions ?? {}));
  const known = (name: string): boolean =>
    resources.has(name) || params.has(name) || name.startsWith('AWS::');
  const walk = (v: unknown, where: string): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${where}[${i}]`));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'Ref') assert.ok(known(String(x)), `${where}: Ref ${String(x)} resolves`);
        else if (k === 'Fn::GetAtt')
          assert.ok(resources.has(String((x as string[])[0])), `${where}: GetAtt ${String(x)}`);
        else if (k === 'Fn::If')
          assert.ok(conditions.has(String((x as string[])[0])), `${where}: If ${String((x as string[])[0])}`);
        else if (k === 'Fn::Sub')
          for (const m of String(x).matchAll(/\$\{([^}!]+)\}/g))
            assert.ok(known(m[1] as string), `${where}: Sub \${${m[1]}}`);
        else if (k === 'Condition' && typeof x === 'string')
          assert.ok(conditions.has(x), `${where}: Condition ${x}`);
        walk(x, `${where}.${k}`);
      }
    }
  };
  walk(template.Conditions ?? {}, 'Conditions');
  for (const [id, r] of Object.entries(template.Resources)) {
    for (const d of r.DependsOn ?? []) assert.ok(resources.has(d), `${id}: DependsOn ${d}`);
    walk(r, id);
  }
}

function resourcesToImport(
  explanation: string,
): { ResourceType: string; LogicalResourceId: string; ResourceIdentifier: Record<string, string> }[] {
  const start = explanation.indexOf('resources-to-import.json:\n');
  assert.ok(start >= 0, 'the explanation carries resources-to-import.json');
  const text = explanation.slice(start + 'resources-to-import.json:\n'.length);
  return JSON.parse(text.slice(0, text.indexOf('\n]') + 2)) as ReturnType<typeof resourcesToImport>;
}

for (const [name, make] of Object.entries(PLANS)) {
  test(`cloudformation ${name}: cfn-lint passes, references resolve, imports are retained`, async (t) => {
    const plan = make();
    const out = emitCloudFormation(plan, shopContext());
    const template = parseYaml(out.template, { version: '1.1' }) as Template;
    assertCfnReferences(template);
    const needsImport = plan.actions.some((a) => a.action.kind !== 'create-api-mapping');
    const imports = needsImport ? resourcesToImport(out.explanation) : [];
    if (needsImport) {
      assert.match(out.explanation, /--change-set-type IMPORT/);
      assert.match(out.explanation, /--resources-to-import file:\/\/resources-to-import\.json/);
    } else assert.doesNotMatch(out.explanation, /IMPORT/);
    for (const i of imports) {
      const r = template.Resources[i.LogicalResourceId];
      assert.ok(r, `${i.LogicalResourceId} is in the template`);
      assert.equal(r.Type, i.ResourceType);
      assert.equal(r.DeletionPolicy, 'Retain');
      assert.equal(r.UpdateReplacePolicy, 'Retain');
      assert.equal(r.Condition, undefined, `imported ${i.LogicalResourceId} exists in the import phase`);
    }
    for (const [id, r] of Object.entries(template.Resources))
      if (!imports.some((i) => i.LogicalResourceId === id))
        assert.equal(r.Condition, needsImport ? 'Deploy' : undefined, `${id} is created in step 2 only`);
    // A re-pointed mapping keeps its stage in the import phase and takes the corrected one after.
    for (const { action: a } of plan.actions) {
      if (a.kind !== 'update-base-path-mapping' && a.kind !== 'update-api-mapping') continue;
      const type =
        a.kind === 'update-base-path-mapping'
          ? 'AWS::ApiGateway::BasePathMapping'
          : 'AWS::ApiGatewayV2::ApiMapping';
      const entry = imports.find(
        (i) =>
          i.ResourceType === type &&
          i.ResourceIdentifier.DomainName === a.domainName &&
          (a.kind === 'update-api-mapping'
            ? i.ResourceIdentifier.ApiMappingId === a.apiMappingId
            : i.ResourceIdentifier.BasePath === (a.basePath || '(none)')),
      );
      assert.ok(entry, `${type} ${a.domainName} is imported`);
      const props = template.Resources[entry.LogicalResourceId]?.Properties as Record<string, unknown>;
      assert.deepEqual(props.Stage, {
        'Fn::If': ['Deploy', a.stage, a.previous.stage ?? { Ref: 'AWS::NoValue' }],
      });
    }
    for (const { action: a } of plan.actions)
      if (a.kind === 'create-api-mapping')
        assert.ok(
          Object.values(template.Resources).some(
            (r) =>
              r.Type === 'AWS::ApiGatewayV2::ApiMapping' &&
              (r.Properties as Record<string, unknown>).ApiId === a.apiId &&
              ((r.Properties as Record<string, unknown>).ApiMappingKey ?? '') === a.apiMappingKey,
          ),
          `AWS::ApiGatewayV2::ApiMapping ${a.apiMappingKey} declared`,
        );
    const methods = Object.entries(template.Resources)
      .filter(([, r]) => r.Type === 'AWS::ApiGateway::Method')
      .map(([id]) => id);
    const deployments = Object.entries(template.Resources).filter(
      ([, r]) => r.Type === 'AWS::ApiGateway::Deployment',
    );
    if (plan.actions.some((a) => a.action.kind === 'create-deployment')) {
      assert.equal(deployments.length, 1);
      const [depId, dep] = deployments[0] as [string, Template['Resources'][string]];
      assert.match(depId, /^Deployment[0-9a-f]{8}$/);
      assert.deepEqual([...(dep.DependsOn ?? [])].sort(), [...methods].sort(), 'DependsOn every method');
      const stage = Object.values(template.Resources).find((r) => r.Type === 'AWS::ApiGateway::Stage');
      assert.ok(
        stage && JSON.stringify(stage.Properties).includes(`{"Ref":"${depId}"}`),
        'the stage references it',
      );
    }
    await withTool(t, TOOLS.cfnLint, 'pip install cfn-lint', () => {
      const lint = cfnLint().get(name);
      assert.equal(lint?.trim(), '', `cfn-lint on ${name}:\n${lint}`);
    });
  });
}

let cfnLintOutput: Map<string, string> | undefined;
/** cfn-lint once over every template (it takes seconds to start): its findings, by plan. */
function cfnLint(): Map<string, string> {
  if (cfnLintOutput) return cfnLintOutput;
  const templates: [string, string][] = Object.entries(PLANS).map(([name, make]) => [
    name,
    emitCloudFormation(make(), shopContext()).template,
  ]);
  templates.push(['unnamed-api', emitCloudFormation(notDeployedPlan(), unnamedContext()).template]);
  const files = templates.map(([name, template]) => {
    const file = join(work, `${name}.template.yaml`);
    writeFileSync(file, template);
    return [name, file] as const;
  });
  const r = run('cfn-lint', ['--format', 'parseable', '--', ...files.map(([, f]) => f)]);
  const lines = r.stdout.split('\n').filter(Boolean);
  assert.ok(r.code === 0 || lines.length, `cfn-lint failed to run: ${r.stderr}`);
  cfnLintOutput = new Map(
    files.map(([name, file]) => [name, lines.filter((l) => l.startsWith(`${file}:`)).join('\n')]),
  );
  return cfnLintOutput;
}

/** The shop API when the input did not give its name. */
function unnamedContext(): EmitContext {
  const context = shopContext();
  delete context.apiName;
  return context;
}

test('cloudformation: an API whose name is unknown takes it as a parameter (never a guess)', async (t) => {
  const out = emitCloudFormation(notDeployedPlan(), unnamedContext());
  const template = parseYaml(out.template) as Template;
  assert.deepEqual(template.Resources.RestApi?.Properties, { Name: { Ref: 'ApiName' } });
  assert.ok(template.Parameters?.ApiName && template.Parameters.ApiName.Default === undefined);
  assert.match(
    out.explanation,
    /ParameterKey=ApiName,ParameterValue="\$\(aws apigateway get-rest-api --rest-api-id a1b2c3d4e5 --query name/,
  );
  assert.match(out.explanation, /ParameterKey=ApiName,UsePreviousValue=true/);
  await withTool(t, TOOLS.cfnLint, 'pip install cfn-lint', () => {
    const lint = cfnLint().get('unnamed-api');
    assert.equal(lint?.trim(), '', `cfn-lint:\n${lint}`);
  });
  const only = emitCloudFormation(gatewayResponsePlan(), shopContext());
  assert.equal((parseYaml(only.template) as Template).Parameters, undefined, 'no Phase when nothing differs');
  assert.doesNotMatch(only.explanation, /Step 2/);
});

test('cloudformation: the deployment id is a content hash (same input, same id; a change, a new id)', () => {
  const id = (ctx: EmitContext, plan = notDeployedPlan()): string =>
    Object.keys((parseYaml(emitCloudFormation(plan, ctx).template) as Template).Resources).find((k) =>
      k.startsWith('Deployment'),
    ) as string;
  const first = id(shopContext());
  assert.equal(id(shopContext()), first);
  const changed = shopContext();
  const reviews = changed.resources.find((r) => r.path === '/reviews');
  assert.ok(reviews?.methods.POST);
  reviews.methods.POST.authorizationType = 'AWS_IAM';
  assert.notEqual(id(changed), first, 'a method change re-creates the deployment');
  assert.notEqual(id(shopContext(), corsPlan()), first, 'the CORS method is part of the content');
});

test('cloudformation: canary and pin shapes', () => {
  const canary = parseYaml(emitCloudFormation(notDeployedPlan(10), shopContext()).template) as Template;
  const stage = canary.Resources.StageProd;
  assert.ok(stage);
  assert.deepEqual((canary.Parameters?.Phase as { AllowedValues: string[] }).AllowedValues, [
    'import',
    'canary',
    'promote',
  ]);
  const props = stage.Properties as { DeploymentId: unknown; CanarySetting: { 'Fn::If': unknown[] } };
  assert.deepEqual((props.DeploymentId as { 'Fn::If': unknown[] })['Fn::If'].slice(0, 1), ['Promote']);
  assert.equal(props.CanarySetting['Fn::If'][0], 'Canary');
  assert.equal((props.CanarySetting['Fn::If'][1] as { PercentTraffic: number }).PercentTraffic, 10);
  const pin = parseYaml(emitCloudFormation(pinPlan(), shopContext()).template) as Template;
  assert.deepEqual((pin.Resources.StageProd?.Properties as { DeploymentId: unknown }).DeploymentId, {
    'Fn::If': ['Deploy', 'dstag0002', 'dprod0001'],
  });
  const every = emitCloudFormation(everyKindPlan(), shopContext());
  assert.match(
    every.explanation,
    /delete-gateway-response --rest-api-id a1b2c3d4e5 --response-type MISSING_AUTHENTICATION_TOKEN/,
  );
  assert.match(every.template, /BasePathMappingApiShopExampleComV2:/);
});

// ---- the checks themselves catch what they look for ----------------------------------------------

test('the checks are not vacuous: broken outputs fail them', async () => {
  const script = emitShell(notDeployedPlan());
  const broken = writeScript('broken', script.replace(/\nfi\n/, '\n'));
  assert.notEqual(run('bash', ['-n', broken]).code, 0, 'bash -n catches a missing fi');
  assert.ok(
    liveText(`echo ${"'"}safe $(x)${"'"} $(touch PWN)`).includes('PWN'),
    'the lexer sees a live $(…)',
  );
  const tf = emitTerraform(notDeployedPlan(), shopContext());
  const bad = {
    ...tf.files,
    'main.tf': (tf.files['main.tf'] ?? '').replace(
      'aws_api_gateway_resource.reviews.id,',
      'aws_api_gateway_resource.nope.id,',
    ),
  };
  const parsed = await parseTerraform('broken', bad);
  await assert.rejects(
    assertReferencesResolve(parsed, indexTerraform(parsed)),
    /undeclared aws_api_gateway_resource\.nope\.id/,
  );
  await assert.rejects(parseHcl('x.tf', 'resource "a" "b" {\n  x = "${oops"\n}\n'));
  const template = parseYaml(emitCloudFormation(notDeployedPlan(), shopContext()).template) as Template;
  const dep = Object.values(template.Resources).find((r) => r.Type === 'AWS::ApiGateway::Deployment');
  dep?.DependsOn?.push('MethodNope');
  assert.throws(() => assertCfnReferences(template), /DependsOn MethodNope/);
});

// ---- hostile input ------------------------------------------------------------------------------

test("injection: ', $(…), backticks, ${…} and newlines stay inert in the script, the HCL and the YAML", async (t) => {
  const pwned = join(work, 'PWNED');
  const evil = (tag: string): string =>
    `${tag}'"; touch ${pwned}; echo '$(touch ${pwned}) \`touch ${pwned}\` \${HOME} %{ if true }x%{ endif }\n#: !Ref x\r\ttouch ${pwned}`;
  const plan = corsPlan();
  const cors = plan.actions[0]?.action as Extract<Action, { kind: 'put-cors-options' }>;
  cors.allowOrigin = evil('origin');
  cors.resourcePath = `/checkout-${evil('path')}`;
  cors.allowHeaders = [evil('header')];
  const deploy = plan.actions[1]?.action as Extract<Action, { kind: 'create-deployment' }>;
  deploy.description = evil('description');
  plan.actions[0]!.summary = evil('summary');
  plan.actions[0]!.findingId = evil('finding');
  plan.url = `${BASE}/prod/checkout?q=${evil('url')}`;
  plan.notFixed = [{ findingId: evil('nf'), reason: evil('reason') }];
  plan.blastRadius = shopRadius([evil('route')]);
  plan.actions.push(
    planned(
      { ...mappingAction, domainName: evil('domain'), basePath: evil('base') },
      'custom-domain-no-mapping',
      evil('mapping'),
      evil('undo'),
    ),
  );
  const context = { ...shopContext(), apiName: evil('api-name') };

  // the script: parses, lints, and no plan text is live
  const script = emitShell(plan);
  const file = writeScript('injection', script);
  assert.equal(run('bash', ['-n', file]).code, 0);
  assert.ok(!liveText(script).includes(pwned), "no plan value outside single quotes, $'…' or comments");
  assert.ok(!liveText(script).includes('`'), 'no backtick is live');
  for (const line of script.split('\n'))
    if (line.trimStart().startsWith('#'))
      assert.ok(!line.includes('\r'), 'comments hold no control characters');
  await withTool(t, TOOLS.shellcheck, 'apt-get install -y shellcheck', () => {
    const lint = run('shellcheck', ['--shell=bash', file]);
    assert.equal(lint.code, 0, lint.stdout);
  });
  // …and running it hands every value to aws byte for byte, and runs none of it
  const r = runScript(script);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!existsSync(pwned), 'nothing in the plan ran');
  const create = r.calls.find((c) => c.includes('create-deployment')) as string[];
  assert.equal(create[create.indexOf('--description') + 1], evil('description'));
  const response = r.calls.find((c) => c.includes('put-integration-response')) as string[];
  const params = JSON.parse(response[response.indexOf('--response-parameters') + 1] as string) as Record<
    string,
    string
  >;
  assert.equal(params['method.response.header.Access-Control-Allow-Origin'], `'${evil('origin')}'`);
  const mapping = r.calls.find((c) => c.includes('create-base-path-mapping')) as string[];
  assert.equal(mapping[mapping.indexOf('--domain-name') + 1], evil('domain'));
  assert.equal(mapping[mapping.indexOf('--base-path') + 1], evil('base'));

  // Terraform: parses, the values come back verbatim, and they hold no expression
  const tf = emitTerraform(plan, context);
  const parsed = await parseTerraform('injection', tf.files);
  const index = indexTerraform(parsed);
  await assertReferencesResolve(parsed, index);
  const literal = (s: unknown): string =>
    String(s)
      .replace(/\$\$\{/g, '${')
      .replace(/%%\{/g, '%{');
  const variables = (parsed['variables.tf']?.variable ?? {}) as Record<string, { default: unknown }[]>;
  assert.equal(literal(variables.cors_allow_origin?.[0]?.default), evil('origin'));
  assert.equal(
    literal((index.resources.get('aws_api_gateway_rest_api.this') as HclJson).name),
    evil('api-name'),
  );
  const mappingTf = [...index.resources.entries()].find(([k]) =>
    k.startsWith('aws_api_gateway_base_path_mapping.'),
  );
  assert.equal(literal(mappingTf?.[1].domain_name), evil('domain'));
  for (const text of Object.values(tf.files))
    for (const line of text.split('\n'))
      if (line.trimStart().startsWith('#')) assert.ok(!/[\r\t]/.test(line));
  await withTool(t, TOOLS.terraform, TERRAFORM_INSTALL, () => {
    const fmt = run('terraform', ['fmt', '-check', '-no-color', '.'], join(work, 'tf-injection'), {
      ...process.env,
      TF_CLI_CONFIG_FILE: '/dev/null',
    });
    assert.equal(fmt.code, 0, fmt.stdout + fmt.stderr);
  });

  // CloudFormation: YAML round-trips every value; nothing became a tag or an intrinsic
  const cfn = emitCloudFormation(plan, context);
  const template = parseYaml(cfn.template, { version: '1.1' }) as Template;
  assertCfnReferences(template);
  assert.equal(template.Resources.RestApi?.Properties?.Name, evil('api-name'));
  assert.equal(template.Parameters?.CorsAllowOrigin?.Default, evil('origin'));
  const bpm = Object.values(template.Resources).find((r) => r.Type === 'AWS::ApiGateway::BasePathMapping');
  assert.equal(bpm?.Properties?.DomainName, evil('domain'));
  assert.equal(bpm?.Properties?.BasePath, evil('base'));
  assert.deepEqual(parseDocument(cfn.template, { version: '1.1' }).errors, []);
  for (const explanation of [tf.explanation, cfn.explanation])
    assert.ok(
      ![...explanation].some((ch) => ch < ' ' && ch !== '\n'),
      'explanations hold no control characters',
    );
  assert.ok(!tf.explanation.includes(`\n${'#'}: !Ref`), 'a newline in a value does not start a line');
  // the explanation's commands quote what they carry
  for (const line of cfn.explanation.split('\n').filter((l) => l.trimStart().startsWith('aws ')))
    assert.ok(!liveText(line).includes(pwned));
  assert.ok(!existsSync(pwned));
});
