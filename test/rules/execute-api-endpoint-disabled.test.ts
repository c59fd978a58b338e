import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester, SHOP } from '../rule-tester.js';
import {
  domain,
  executeApiUrl,
  findingOf,
  httpApi,
  httpRoute,
  inventoryOf,
  resources,
  restApi,
  restStage,
} from './inventory-builders.js';

const REST = 'd15ab1ed00';
const HTTP = 'h77pd15ab1';

/** A REST API with its default endpoint off; stages prod and beta, mapped as /shop and /shop-beta. */
function disabledRest(withDomain = true) {
  const routes = () => resources({ '/orders': { GET: {} } });
  return inventoryOf(
    [
      restApi(REST, [restStage('prod', routes()), restStage('beta', routes())], {
        disableExecuteApiEndpoint: true,
      }),
    ],
    withDomain
      ? {
          domains: [
            domain('api.example.org', [
              { basePath: 'shop', apiId: REST, stage: 'prod' },
              { basePath: 'shop-beta', apiId: REST, stage: 'beta' },
            ]),
          ],
        }
      : {},
  );
}

/** An HTTP API with its default endpoint off, mapped as api.example.org/v2 → $default. */
function disabledHttp(withDomain: boolean) {
  return inventoryOf(
    [httpApi(HTTP, [httpRoute('GET /orders')], { disableExecuteApiEndpoint: true })],
    withDomain
      ? { domains: [domain('api.example.org', [{ basePath: 'v2', apiId: HTTP, stage: '$default' }])] }
      : {},
  );
}

ruleTester('execute-api-endpoint-disabled', {
  valid: [
    {
      why: 'called through its custom domain, as intended',
      request: { method: 'GET', url: 'https://api.example.org/shop/orders' },
      inventory: () => disabledRest(),
    },
    {
      why: 'the HTTP API through its custom domain',
      request: { method: 'GET', url: 'https://api.example.org/v2/orders' },
      inventory: () => disabledHttp(true),
    },
    {
      why: 'the shop API keeps its default endpoint',
      request: { method: 'GET', url: `${SHOP}/prod/products` },
    },
    {
      why: 'LocalStack has no such switch: its host form is not the AWS execute-api endpoint',
      request: { method: 'GET', url: `http://localhost:4566/restapis/${REST}/prod/_user_request_/orders` },
      inventory: () => disabledRest(),
    },
  ],
  invalid: [
    {
      why: 'the execute-api URL of an API meant to be called through api.example.org',
      request: { method: 'GET', url: executeApiUrl(REST, '/prod/orders') },
      inventory: () => disabledRest(),
      expect: {
        severity: 'error',
        title: /^API d15ab1ed00 has its default endpoint disabled$/,
        explanation:
          /disableExecuteApiEndpoint is on, so the d15ab1ed00\.execute-api… URL answers 403 Forbidden/,
        evidence: /custom domain URLs for this API: https:\/\/api\.example\.org\/shop\//,
        absent: ['ok', 'resource-not-found'],
      },
    },
    {
      why: 'stage beta is mapped under another base path',
      request: { method: 'GET', url: executeApiUrl(REST, '/beta/orders') },
      inventory: () => disabledRest(),
      expect: { evidence: /custom domain URLs for this API: https:\/\/api\.example\.org\/shop-beta\// },
    },
    {
      why: 'no custom domain in the inputs: re-enable the endpoint and redeploy',
      request: { method: 'GET', url: executeApiUrl(REST, '/prod/orders') },
      inventory: () => disabledRest(false),
      expect: {
        evidence: /no custom domain in the inputs maps to this API/,
        command:
          /^aws apigateway update-rest-api --rest-api-id d15ab1ed00 --patch-operations op=replace,path=\/disableExecuteApiEndpoint,value=False --region eu-west-1\naws apigateway create-deployment --rest-api-id d15ab1ed00 --stage-name prod --region eu-west-1$/,
      },
    },
    {
      why: 'an HTTP API answers 404 on its disabled default endpoint',
      request: { method: 'GET', url: executeApiUrl(HTTP, '/orders') },
      inventory: () => disabledHttp(false),
      expect: {
        title: /^API h77pd15ab1 has its default endpoint disabled$/,
        explanation: /answers 404 Not Found/,
        command:
          /^aws apigatewayv2 update-api --api-id h77pd15ab1 --no-disable-execute-api-endpoint --region eu-west-1$/,
      },
    },
  ],
});

test('execute-api-endpoint-disabled: the corrected URL keeps the resource path', async () => {
  const finding = await findingOf(
    'execute-api-endpoint-disabled',
    { method: 'GET', url: executeApiUrl(REST, '/prod/orders') },
    disabledRest(),
  );
  assert.ok(finding);
  assert.equal(finding.fix?.correctedUrl, 'https://api.example.org/shop/orders');
});

test('execute-api-endpoint-disabled: finds the custom domain of an HTTP API ($default stage)', async () => {
  const finding = await findingOf(
    'execute-api-endpoint-disabled',
    { method: 'GET', url: executeApiUrl(HTTP, '/orders') },
    disabledHttp(true),
  );
  assert.ok(finding);
  assert.match(finding.evidence.join('\n'), /https:\/\/api\.example\.org\/v2\//);
  assert.equal(finding.fix?.correctedUrl, 'https://api.example.org/v2/orders');
});
