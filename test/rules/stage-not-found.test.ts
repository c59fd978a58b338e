import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester, SHOP } from '../rule-tester.js';
import { domain, findingOf, inventoryOf, resources, restApi, restStage } from './inventory-builders.js';

/** api.example.net maps /old to stage v0, which was deleted, and (none) to prod. */
function deletedStageMapping() {
  return inventoryOf([restApi('m4pp3ds7g3', [restStage('prod', resources({ '/a': { GET: {} } }))])], {
    domains: [
      domain('api.example.net', [
        { basePath: 'old', apiId: 'm4pp3ds7g3', stage: 'v0' },
        { basePath: '', apiId: 'm4pp3ds7g3', stage: 'prod' },
      ]),
    ],
  });
}

ruleTester('stage-not-found', {
  valid: [
    {
      why: 'the first segment is a route, so the stage was left out (stage-missing-in-url)',
      request: { method: 'GET', url: `${SHOP}/products` },
    },
    { why: 'an existing stage', request: { method: 'GET', url: `${SHOP}/staging/reviews` } },
    {
      why: 'the (none) mapping names an existing stage',
      request: { method: 'GET', url: 'https://api.example.net/a' },
      inventory: deletedStageMapping,
    },
    {
      why: 'an HTTP API answers an unknown path on $default, not a missing stage',
      request: {
        method: 'GET',
        url: 'https://h7t7p9a1b2.execute-api.eu-west-1.amazonaws.com/v1/notifications',
      },
    },
  ],
  invalid: [
    {
      why: 'cases.json: "Stage name in the wrong case"',
      request: { method: 'GET', url: `${SHOP}/Prod/products` },
      expect: {
        severity: 'error',
        title: /^No stage "Prod" on API a1b2c3d4e5$/,
        explanation:
          /403 \{"message":"Forbidden"\} — not Missing Authentication Token.*Did you mean "prod"\? Stage names are case-sensitive\./,
        evidence: /stages of a1b2c3d4e5: prod, staging\nstage in the URL: "Prod"/,
        correctedUrl: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/products',
        absent: ['stage-missing-in-url', 'resource-not-found'],
      },
    },
    {
      why: 'a typo in the stage keeps the rest of the path',
      request: { method: 'GET', url: `${SHOP}/stagin/reviews` },
      expect: {
        explanation: /Did you mean "staging"\?/,
        correctedUrl: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/staging/reviews',
      },
    },
    {
      why: 'a stage that does not exist and resembles none: create it or use another',
      request: { method: 'GET', url: `${SHOP}/dev/products` },
      expect: {
        title: /^No stage "dev" on API a1b2c3d4e5$/,
        command:
          /^aws apigateway create-deployment --rest-api-id a1b2c3d4e5 --stage-name dev --description 'apigw-doctor: create stage' --region eu-west-1$/,
      },
    },
    {
      why: 'a custom domain mapping that points to a deleted stage',
      request: { method: 'GET', url: 'https://api.example.net/old/a' },
      inventory: deletedStageMapping,
      expect: {
        title: /^No stage "v0" on API m4pp3ds7g3$/,
        explanation: /The custom domain maps this path to stage "v0" of API m4pp3ds7g3, which does not exist/,
        command: /create-deployment --rest-api-id m4pp3ds7g3 --stage-name v0/,
      },
    },
  ],
});

test('stage-not-found: a URL without any stage is not fixed by redeploying prod', async () => {
  const finding = await findingOf('stage-not-found', { method: 'GET', url: `${SHOP}/` });
  assert.ok(finding);
  assert.match(finding.title, /The URL names no stage/);
  assert.doesNotMatch(finding.fix?.commands.join('\n') ?? '', /create-deployment .*--stage-name prod/);
  assert.doesNotMatch(finding.explanation, /no stage ""/);
});

test('stage-not-found through a custom domain: the mapping to re-point and the stage that serves the path, as data', async () => {
  const finding = await findingOf(
    'stage-not-found',
    { method: 'GET', url: 'https://api.example.net/old/a' },
    deletedStageMapping(),
  );
  assert.deepEqual(finding?.target?.domainMapping, {
    domainName: 'api.example.net',
    basePath: 'old',
    apiId: 'm4pp3ds7g3',
    apiKind: 'REST',
    stage: 'prod',
    current: { apiId: 'm4pp3ds7g3', stage: 'v0' },
  });
  assert.match(
    finding?.fix?.commands[0] ?? '',
    /^aws apigateway update-base-path-mapping --domain-name api\.example\.net --base-path old --patch-operations op=replace,path=\/stage,value=prod --region eu-west-1$/,
  );
  // a URL mistake on execute-api has no mapping to re-point
  const direct = await findingOf('stage-not-found', {
    method: 'GET',
    url: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/Prod/products',
  });
  assert.equal(direct?.target, undefined);
});
