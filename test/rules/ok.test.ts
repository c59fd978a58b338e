import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyInventory, type HttpApiModel } from '../../src/model/types.js';
import { ruleTester, SHOP } from '../rule-tester.js';
import { backendAnswer, findingOf, httpRoute, inventoryOf, matAnswer } from './inventory-builders.js';

const UNKNOWN = 'https://zz9yy8xx7w.execute-api.us-east-1.amazonaws.com/prod/things';

function chatApi() {
  const api: HttpApiModel = {
    kind: 'WEBSOCKET',
    id: 'w3b50ck3t1',
    name: 'chat',
    region: 'eu-west-1',
    accountId: '123456789012',
    disableExecuteApiEndpoint: false,
    routeSelectionExpression: '$request.body.action',
    routes: [httpRoute('$connect'), httpRoute('$disconnect'), httpRoute('sendMessage')],
    stages: [{ name: 'production', autoDeploy: false, deploymentId: 'wsdep001', variables: {} }],
    deployments: [{ id: 'wsdep001' }],
    authorizers: [],
    origin: 'test',
  };
  return inventoryOf([api]);
}

ruleTester('ok', {
  valid: [
    { why: 'a path that does not exist', request: { method: 'GET', url: `${SHOP}/prod/prodcuts` } },
    {
      why: 'the route works but the live answer is a backend error',
      request: { method: 'GET', url: `${SHOP}/prod/products` },
      live: backendAnswer(`${SHOP}/prod/products`, 500, '{"message": "Internal server error"}'),
    },
    {
      why: 'the route should work but API Gateway refused it live',
      request: { method: 'GET', url: `${SHOP}/prod/products` },
      live: matAnswer(`${SHOP}/prod/products`),
    },
    {
      why: 'configuration unknown and no probe: nothing says it works',
      request: { method: 'GET', url: UNKNOWN },
      inventory: emptyInventory(),
    },
    { why: 'an API key route without the key', request: { method: 'GET', url: `${SHOP}/prod/inventory` } },
  ],
  invalid: [
    {
      why: 'cases.json: "A route that works"',
      request: { method: 'GET', url: `${SHOP}/prod/products/42` },
      expect: {
        severity: 'info',
        title: /^GET \/products\/\{productId\} on stage prod serves this request$/,
        explanation: /API Gateway routes the request to the integration/,
        evidence: /route: GET \/products\/\{productId\} \(productId=42\)/,
      },
    },
    {
      why: 'cases.json: "Private API from its VPC"',
      request: {
        method: 'GET',
        url: 'https://i1n2t3e4r5.execute-api.eu-west-1.amazonaws.com/prod/health',
        fromVpcEndpoint: 'vpce-0a1b2c3d4e5f60718',
      },
      expect: {
        title: /^GET \/health on stage prod serves this request$/,
        evidence:
          /resource-policy: the resource policy allows arn:aws:execute-api:eu-west-1:123456789012:i1n2t3e4r5\/prod\/GET\/health/,
      },
    },
    {
      why: 'an HTTP API route on the $default stage',
      request: {
        method: 'POST',
        url: 'https://h7t7p9a1b2.execute-api.eu-west-1.amazonaws.com/notifications',
      },
      expect: { title: /^POST \/notifications on stage \$default serves this request$/ },
    },
  ],
});

test('ok fires for a probe-only success, with an actionable explanation', async () => {
  const finding = await findingOf(
    'ok',
    { method: 'GET', url: UNKNOWN },
    emptyInventory(),
    backendAnswer(UNKNOWN, 200, '{"things":[]}'),
  );
  assert.ok(finding, 'expected ok');
  assert.equal(finding.severity, 'info');
  assert.match(finding.title, /200/);
  assert.ok(finding.explanation.length > 40, `too short: ${finding.explanation}`);
});

test('ok on a WebSocket handshake without a probe does not talk about a live answer', async () => {
  const finding = await findingOf(
    'ok',
    {
      method: 'GET',
      url: 'wss://w3b50ck3t1.execute-api.eu-west-1.amazonaws.com/production',
      headers: { Upgrade: 'websocket', Connection: 'Upgrade' },
    },
    chatApi(),
  );
  if (!finding) return; // not claiming success is fine too
  assert.doesNotMatch(finding.title, /undefined/);
  assert.doesNotMatch(finding.explanation, /answered with success/);
});
