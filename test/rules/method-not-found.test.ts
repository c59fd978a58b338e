import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester, SHOP } from '../rule-tester.js';
import {
  executeApiUrl,
  findingsFor,
  inventoryOf,
  resources,
  restApi,
  restStage,
} from './inventory-builders.js';

const NOTIFY = 'https://h7t7p9a1b2.execute-api.eu-west-1.amazonaws.com/notifications';

ruleTester('method-not-found', {
  valid: [
    { why: 'POST is the method /checkout has', request: { method: 'POST', url: `${SHOP}/prod/checkout` } },
    {
      why: "a CORS preflight is cors-preflight-no-options's case",
      request: {
        method: 'OPTIONS',
        url: `${SHOP}/prod/checkout`,
        headers: { Origin: 'https://shop.example.com', 'Access-Control-Request-Method': 'POST' },
      },
    },
    {
      why: 'GET /reviews exists in the configuration but is not deployed to prod (not-deployed)',
      request: { method: 'GET', url: `${SHOP}/prod/reviews` },
    },
    { why: 'a path no resource has', request: { method: 'GET', url: `${SHOP}/prod/nowhere` } },
    { why: "the stage root is root-no-method's case", request: { method: 'POST', url: `${SHOP}/prod/` } },
    {
      why: 'ANY on /legacy/{proxy+} covers PATCH',
      request: { method: 'PATCH', url: `${SHOP}/staging/legacy/items/1` },
    },
  ],
  invalid: [
    {
      why: 'cases.json: "Browser GET to a POST route"',
      request: { method: 'GET', url: `${SHOP}/prod/checkout` },
      expect: {
        severity: 'error',
        title: /^\/checkout answers POST, not GET$/,
        explanation:
          /has no GET method \(and no ANY\).*403 Missing Authentication Token.*A browser address bar always sends GET; use curl or a client that sends POST\./,
        evidence: /deployed: \/checkout → POST/,
        command:
          /^curl -i -X POST https:\/\/a1b2c3d4e5\.execute-api\.eu-west-1\.amazonaws\.com\/prod\/checkout\n# if GET should exist on \/checkout:\naws apigateway put-method --rest-api-id a1b2c3d4e5 --resource-id r00005x --http-method GET --authorization-type NONE --region eu-west-1\n[\s\S]*aws apigateway create-deployment --rest-api-id a1b2c3d4e5 --stage-name prod --region eu-west-1$/,
        absent: ['resource-not-found', 'near-miss-path', 'cors-preflight-no-options'],
      },
    },
    {
      why: 'a plain OPTIONS (no preflight headers) to a resource without OPTIONS',
      request: { method: 'OPTIONS', url: `${SHOP}/prod/checkout` },
      expect: {
        title: /^\/checkout answers POST, not OPTIONS$/,
        command: /put-method --rest-api-id a1b2c3d4e5 --resource-id r00005x --http-method OPTIONS/,
      },
    },
    {
      why: 'PUT on /orders/{orderId}, which has GET and DELETE',
      request: { method: 'PUT', url: `${SHOP}/prod/orders/17` },
      expect: {
        title: /^\/orders\/\{orderId\} answers GET, DELETE, not PUT$/,
        command:
          /^curl -i https:\/\/a1b2c3d4e5\.execute-api\.eu-west-1\.amazonaws\.com\/prod\/orders\/17\n[\s\S]*--resource-id r00004x --http-method PUT/,
      },
    },
    {
      why: 'an HTTP API route for another method answers 404',
      request: { method: 'DELETE', url: NOTIFY },
      expect: { title: /not DELETE$/, explanation: /the HTTP API answers 404 Not Found/ },
    },
  ],
});

test('method-not-found never copies an authorizer token header into its curl command', async () => {
  const token = 'S3ss10nT0k3nValue0123456789abcdef';
  const inventory = inventoryOf([
    restApi(
      't0k3nhdr01',
      [
        restStage(
          'prod',
          resources({ '/reports': { GET: { authorizationType: 'CUSTOM', authorizerId: 'tok001' } } }),
        ),
      ],
      {
        authorizers: [
          {
            id: 'tok001',
            name: 'session-authorizer',
            type: 'TOKEN',
            identitySource: 'method.request.header.X-Session-Token',
          },
        ],
      },
    ),
  ]);
  const findings = await findingsFor(
    {
      method: 'POST',
      url: executeApiUrl('t0k3nhdr01', '/prod/reports'),
      headers: { 'X-Session-Token': token },
    },
    inventory,
  );
  assert.ok(findings.some((f) => f.id === 'method-not-found'));
  assert.ok(!JSON.stringify(findings).includes(token), 'the session token appears in a finding');
});

test('method-not-found on an HTTP API names the path and every method it has', async () => {
  const findings = await findingsFor({ method: 'DELETE', url: NOTIFY });
  const finding = findings.find((f) => f.id === 'method-not-found');
  assert.ok(finding);
  assert.match(finding.title, /^\/notifications answers GET, POST, not DELETE$/);
});
