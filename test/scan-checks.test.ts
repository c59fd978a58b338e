import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { envelope } from '../src/collect/aws/collect.js';
import { SCAN_CHECKS } from '../src/scan/checks/index.js';
import { runChecks } from '../src/scan/report-parts.js';
import type { ScanFinding } from '../src/scan/types.js';
import { inventoryFromSnapshot } from '../src/sources/snapshot.js';
import { ROOT } from './helpers.js';
import { ACCOUNT_A, domain, httpApi, restApi } from './scan-fleet.js';

// Each fleet check on small account × region snapshots: a case it must report and cases it must not.

const R = 'eu-west-1';
type Json = Record<string, unknown>;

function run(id: string, entry: Json, endpointDisabledAt?: Map<string, string>): ScanFinding[] {
  const check = SCAN_CHECKS.find((c) => c.id === id);
  assert.ok(check, id);
  const inventory = inventoryFromSnapshot(envelope([{ region: R, ...entry }], ACCOUNT_A), 'test');
  return runChecks([check], inventory, ACCOUNT_A, R, endpointDisabledAt);
}

const rest = (over: Partial<Parameters<typeof restApi>[0]> = {}) =>
  restApi({
    id: 'abcdefghij',
    name: 'api',
    region: R,
    account: ACCOUNT_A,
    routes: ['GET /', 'GET /items'],
    stages: [{ name: 'prod', deployed: ['GET /', 'GET /items'] }],
    ...over,
  });

test('the registry lists one check per file under src/scan/checks, each tested here, sorted by id', () => {
  const files = readdirSync(`${ROOT}src/scan/checks`)
    .filter((f) => f.endsWith('.ts') && !['index.ts', 'check.ts'].includes(f))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  assert.deepEqual(
    SCAN_CHECKS.map((c) => c.id),
    files,
  );
  assert.deepEqual(files, [
    'canary-route-mismatch',
    'execute-api-disable-pending',
    'gateway-response-missing-authentication-token',
    'mapping-target-missing',
    'method-aws-iam-auth',
    'pending-changes',
    'private-endpoint-without-resource-policy',
    'root-no-method',
    'stage-without-deployment',
  ]);
});

describe('pending-changes', () => {
  test('REST: every route added, removed or changed since the deployment, with the deploy command', () => {
    const [f, ...more] = run('pending-changes', {
      restApis: [
        rest({
          routes: ['GET /', 'GET /items:AWS_IAM', 'POST /items'],
          stages: [{ name: 'prod', deployed: ['GET /', 'GET /items', 'DELETE /old'] }],
        }),
      ],
    });
    assert.equal(more.length, 0);
    assert.equal(f!.severity, 'warning');
    assert.deepEqual(f!.evidence, ['+ POST /items', '- DELETE /old', '~ GET /items (NONE → AWS_IAM)']);
    assert.deepEqual(f!.fix!.commands, [
      'aws apigateway create-deployment --rest-api-id abcdefghij --stage-name prod --region eu-west-1',
    ]);
  });
  test('REST: nothing when the deployment serves the configuration', () => {
    assert.deepEqual(run('pending-changes', { restApis: [rest()] }), []);
  });
  test('HTTP: auto-deploy off and the deployment older than the newest one', () => {
    const api = (autoDeploy: boolean) =>
      httpApi({
        id: 'h1',
        name: 'h',
        routes: ['GET /x'],
        stages: [{ name: 'live', autoDeploy, deploymentId: 'old' }],
        deployments: [
          { id: 'old', created: '2026-01-01T00:00:00Z' },
          { id: 'new', created: '2026-02-01T00:00:00Z' },
        ],
      });
    const [f] = run('pending-changes', { httpApis: [api(false)] });
    assert.match(f!.title, /Stage live of h \(auto-deploy off\) serves a deployment older/);
    assert.deepEqual(f!.fix!.commands, [
      'aws apigatewayv2 create-deployment --api-id h1 --stage-name live --region eu-west-1',
    ]);
    assert.deepEqual(run('pending-changes', { httpApis: [api(true)] }), []);
  });
});

describe('stage-without-deployment', () => {
  test('an HTTP stage with no deployment is an error; a REST stage whose deployment exists is not', () => {
    const [f] = run('stage-without-deployment', {
      httpApis: [
        httpApi({
          id: 'h1',
          name: 'h',
          routes: ['GET /x'],
          stages: [{ name: 'dev', autoDeploy: false }],
          deployments: [],
        }),
      ],
    });
    assert.equal(f!.severity, 'error');
    assert.equal(f!.stage, 'dev');
    assert.deepEqual(f!.fix!.commands, [
      'aws apigatewayv2 create-deployment --api-id h1 --stage-name dev --region eu-west-1',
    ]);
    assert.deepEqual(run('stage-without-deployment', { restApis: [rest()] }), []);
  });
  test('a REST stage naming no deployment', () => {
    const [f] = run('stage-without-deployment', {
      restApis: [rest({ stages: [{ name: 'dev', deployed: [], deploymentId: null }] })],
    });
    assert.match(f!.explanation, /403 Missing Authentication Token/);
    assert.deepEqual(f!.fix!.commands, [
      'aws apigateway create-deployment --rest-api-id abcdefghij --stage-name dev --region eu-west-1',
    ]);
  });
});

describe('canary-route-mismatch', () => {
  test('a canary whose deployment serves other routes; none when they agree', () => {
    const [f] = run('canary-route-mismatch', {
      restApis: [rest({ stages: [{ name: 'prod', deployed: ['GET /', 'GET /items'], canary: ['GET /'] }] })],
    });
    assert.deepEqual(f!.evidence, ['main only: GET /items']);
    assert.match(
      f!.fix!.commands[0]!,
      /update-stage --rest-api-id abcdefghij --stage-name prod --patch-operations op=replace,path=\/deploymentId,value=abcdcan0/,
    );
    assert.deepEqual(
      run('canary-route-mismatch', {
        restApis: [rest({ stages: [{ name: 'prod', deployed: ['GET /'], canary: ['GET /'] }] })],
      }),
      [],
    );
  });
});

describe('root-no-method', () => {
  test('/{proxy+} without a root method; the fix copies its integration', () => {
    const [f] = run('root-no-method', {
      restApis: [
        rest({ routes: ['ANY /{proxy+}'], stages: [{ name: 'prod', deployed: ['ANY /{proxy+}'] }] }),
      ],
    });
    assert.deepEqual(f!.fix!.commands.slice(0, 1), [
      'aws apigateway put-method --rest-api-id abcdefghij --resource-id abcdefghijroot --http-method ANY --authorization-type NONE --region eu-west-1',
    ]);
    assert.match(
      f!.fix!.commands[1]!,
      /put-integration .* --type AWS_PROXY --integration-http-method POST --uri arn:aws:apigateway:eu-west-1:lambda:path/,
    );
  });
  test('a root method configured but not deployed: the fix is the deployment; none with a root method deployed', () => {
    const [f] = run('root-no-method', {
      restApis: [
        rest({ routes: ['ANY /{proxy+}', 'GET /'], stages: [{ name: 'prod', deployed: ['ANY /{proxy+}'] }] }),
      ],
    });
    assert.deepEqual(f!.fix!.commands, [
      'aws apigateway create-deployment --rest-api-id abcdefghij --stage-name prod --region eu-west-1',
    ]);
    assert.deepEqual(
      run('root-no-method', {
        restApis: [
          rest({
            routes: ['ANY /{proxy+}', 'GET /'],
            stages: [{ name: 'prod', deployed: ['ANY /{proxy+}', 'GET /'] }],
          }),
        ],
      }),
      [],
    );
  });
});

describe('mapping-target-missing', () => {
  const lists = (ids: string[]) => ({
    restApiList: { items: ids.map((id) => ({ id })) },
    httpApiList: { Items: [] },
  });
  test('a mapping to a missing API and one to a missing stage; the fix names the mapping', () => {
    const findings = run('mapping-target-missing', {
      ...lists(['abcdefghij']),
      restApis: [rest()],
      domainNames: [
        domain('api.example.com', [
          { basePath: '(none)', apiId: 'abcdefghij', stage: 'prod' },
          { basePath: 'v0', apiId: 'gone000000', stage: 'prod', rest: false },
          { basePath: 'beta', apiId: 'abcdefghij', stage: 'beta' },
        ]),
      ],
    });
    assert.deepEqual(findings.map((f) => f.fix!.commands[0]).sort(), [
      'aws apigateway update-base-path-mapping --domain-name api.example.com --base-path beta --patch-operations op=replace,path=/stage,value=prod --region eu-west-1',
      'aws apigatewayv2 delete-api-mapping --domain-name api.example.com --api-mapping-id map115 --region eu-west-1',
    ]);
    assert.equal(findings.length, 2);
  });
  test('nothing is concluded when the API lists could not be read', () => {
    assert.deepEqual(
      run('mapping-target-missing', {
        domainNames: [
          domain('api.example.com', [{ basePath: '(none)', apiId: 'gone000000', stage: 'prod' }]),
        ],
      }),
      [],
    );
  });
});

describe('execute-api-disable-pending', () => {
  const entry = {
    restApis: [
      rest({
        disableExecuteApiEndpoint: true,
        stages: [{ name: 'prod', deployed: ['GET /'], lastUpdated: '2026-08-01T00:00:00Z' }],
      }),
    ],
  };
  test('turned on (CloudTrail) after the last stage update', () => {
    const [f] = run(
      'execute-api-disable-pending',
      entry,
      new Map([['abcdefghij', '2026-09-01T00:00:00.000Z']]),
    );
    assert.deepEqual(f!.evidence, [
      'disableExecuteApiEndpoint: true since 2026-09-01T00:00:00.000Z (CloudTrail)',
      'stage prod last updated 2026-08-01T00:00:00.000Z',
    ]);
  });
  test('applied (a stage updated since), or no CloudTrail date: nothing', () => {
    assert.deepEqual(
      run('execute-api-disable-pending', entry, new Map([['abcdefghij', '2026-07-01T00:00:00.000Z']])),
      [],
    );
    assert.deepEqual(run('execute-api-disable-pending', entry, new Map()), []);
    assert.deepEqual(run('execute-api-disable-pending', entry), []);
  });
});

describe('gateway-response-missing-authentication-token', () => {
  test('customised: reported with a backup before the reset; default: nothing', () => {
    const [f] = run('gateway-response-missing-authentication-token', {
      restApis: [rest({ customMat: true })],
    });
    assert.deepEqual(f!.evidence, [
      'MISSING_AUTHENTICATION_TOKEN: status 404',
      'template application/json: {"message":"Not Found"}',
    ]);
    assert.match(
      f!.fix!.commands[0]!,
      /get-gateway-response .* > MISSING_AUTHENTICATION_TOKEN\.backup\.json$/,
    );
    assert.match(
      f!.fix!.commands[1]!,
      /^aws apigateway delete-gateway-response --rest-api-id abcdefghij --response-type MISSING_AUTHENTICATION_TOKEN/,
    );
    assert.deepEqual(run('gateway-response-missing-authentication-token', { restApis: [rest()] }), []);
  });
});

describe('private-endpoint-without-resource-policy', () => {
  test('a private API without a policy gets one allowing its VPC endpoint; with a policy, nothing', () => {
    const [f] = run('private-endpoint-without-resource-policy', {
      restApis: [rest({ endpoint: 'PRIVATE', vpce: ['vpce-0123'] })],
    });
    assert.equal(f!.severity, 'error');
    assert.match(
      f!.fix!.commands[0]!,
      /"Resource":"arn:aws:execute-api:eu-west-1:111111111111:abcdefghij\/\*","Condition":\{"StringEquals":\{"aws:SourceVpce":"vpce-0123"\}\}/,
    );
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }],
    });
    assert.deepEqual(
      run('private-endpoint-without-resource-policy', { restApis: [rest({ endpoint: 'PRIVATE', policy })] }),
      [],
    );
    assert.deepEqual(run('private-endpoint-without-resource-policy', { restApis: [rest()] }), []);
  });
});

describe('method-aws-iam-auth', () => {
  test('an inventory of the AWS_IAM routes each stage serves (info, no fix)', () => {
    const findings = run('method-aws-iam-auth', {
      restApis: [
        rest({
          routes: ['GET /', 'GET /items:AWS_IAM'],
          stages: [{ name: 'prod', deployed: ['GET /', 'GET /items:AWS_IAM', 'POST /a:AWS_IAM'] }],
        }),
      ],
      httpApis: [
        httpApi({
          id: 'h1',
          name: 'h',
          routes: ['GET /x:AWS_IAM'],
          stages: [{ name: '$default', autoDeploy: true, deploymentId: 'd' }],
          deployments: [{ id: 'd', created: '2026-01-01T00:00:00Z' }],
        }),
      ],
    });
    const f = findings.find((x) => x.apiId === 'abcdefghij');
    assert.equal(f!.severity, 'info');
    assert.deepEqual(f!.evidence, ['GET /items', 'POST /a']);
    assert.deepEqual(findings.find((x) => x.apiId === 'h1')!.evidence, ['GET /x']);
    assert.equal(f!.fix, null);
    assert.deepEqual(run('method-aws-iam-auth', { restApis: [rest()] }), []);
  });
});
