import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ResourceConfig } from '../../src/model/types.js';
import { ruleTester, SHOP } from '../rule-tester.js';
import {
  executeApiUrl,
  findingOf,
  inventoryOf,
  resources,
  restApi,
  restStage,
} from './inventory-builders.js';

const API = 'c4n4ry0001';

/** Stage prod serves /pets and /pets/{petId}; its canary (another deployment) serves what it is given. */
function canaryAccount(percentTraffic: number, canaryRoutes: () => ResourceConfig[]) {
  return () =>
    inventoryOf([
      restApi(API, [
        restStage('prod', resources({ '/pets': { GET: {} }, '/pets/{petId}': { GET: {} } }), {
          deploymentId: 'dmain0001',
          canary: { deploymentId: 'dcanary02', percentTraffic, resources: canaryRoutes() },
        }),
      ]),
    ]);
}
const olderCanary = () => resources({ '/pets': { GET: {} } });
const newerCanary = () =>
  resources({ '/pets': { GET: {} }, '/pets/{petId}': { GET: {} }, '/toys': { GET: {} } });

ruleTester('canary-route-mismatch', {
  valid: [
    {
      why: 'main and canary deployments both serve GET /pets',
      request: { method: 'GET', url: executeApiUrl(API, '/prod/pets') },
      inventory: canaryAccount(10, olderCanary),
    },
    {
      why: 'a canary that takes 0% of the traffic cannot flip the answer',
      request: { method: 'GET', url: executeApiUrl(API, '/prod/pets/7') },
      inventory: canaryAccount(0, olderCanary),
    },
    {
      why: 'both deployments lack the route: the answer is steady (resource-not-found)',
      request: { method: 'GET', url: executeApiUrl(API, '/prod/cats') },
      inventory: canaryAccount(25, newerCanary),
    },
    { why: 'a stage without a canary', request: { method: 'GET', url: `${SHOP}/prod/products` } },
  ],
  invalid: [
    {
      why: 'the canary deployment predates /pets/{petId}: 10% of calls get Missing Authentication Token',
      request: { method: 'GET', url: executeApiUrl(API, '/prod/pets/7') },
      inventory: canaryAccount(10, olderCanary),
      expect: {
        severity: 'warning',
        title: /^10% of requests go to canary deployment dcanary02, which routes this request differently$/,
        explanation:
          /Stage prod sends 10% of requests to the canary deployment.*intermittent Missing Authentication Token/,
        evidence: /the canary \(10% of requests, deployment dcanary02\) has no route for this request/,
        alsoPresent: ['ok'],
      },
    },
    {
      why: 'the canary already serves GET /toys, the main deployment does not',
      request: { method: 'GET', url: executeApiUrl(API, '/prod/toys') },
      inventory: canaryAccount(25, newerCanary),
      expect: {
        severity: 'warning',
        title: /^25% of requests go to canary deployment dcanary02/,
        evidence: /serves GET \/toys/,
        alsoPresent: ['resource-not-found'],
      },
    },
  ],
});

test('canary-route-mismatch gives the command that promotes or removes the canary', async () => {
  const finding = await findingOf(
    'canary-route-mismatch',
    { method: 'GET', url: executeApiUrl(API, '/prod/pets/7') },
    canaryAccount(10, olderCanary)(),
  );
  assert.ok(finding);
  assert.match(
    finding.fix?.commands.join('\n') ?? '',
    /aws apigateway update-stage --rest-api-id c4n4ry0001 --stage-name prod --patch-operations .*canarySettings.* --region eu-west-1/,
  );
});
