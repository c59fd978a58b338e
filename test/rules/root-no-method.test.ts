import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester, SHOP } from '../rule-tester.js';
import {
  executeApiUrl,
  findingOf,
  inventoryOf,
  resources,
  restApi,
  restStage,
} from './inventory-builders.js';

const PARTNER = 'https://p9q8r7s6t5.execute-api.eu-west-1.amazonaws.com';

/** Root answers GET only; /{proxy+} answers everything below it. */
function rootGetOnly() {
  const routes = () => resources({ '/': { GET: {} }, '/{proxy+}': { ANY: {} } });
  return inventoryOf([restApi('r00tg3t001', [restStage('prod', routes())], { currentResources: routes() })]);
}

ruleTester('root-no-method', {
  valid: [
    {
      why: 'the root has GET',
      request: { method: 'GET', url: executeApiUrl('r00tg3t001', '/prod/') },
      inventory: rootGetOnly,
    },
    { why: 'below the root /{proxy+} matches', request: { method: 'GET', url: `${PARTNER}/v1/anything` } },
    { why: 'a child resource of the shop', request: { method: 'GET', url: `${SHOP}/prod/products` } },
    {
      why: 'an HTTP API has no root resource (resource-not-found says 404)',
      request: { method: 'GET', url: 'https://h7t7p9a1b2.execute-api.eu-west-1.amazonaws.com/' },
    },
    { why: 'the bare host names no stage (stage-not-found)', request: { method: 'GET', url: `${SHOP}/` } },
  ],
  invalid: [
    {
      why: 'cases.json: "Root of a proxy-only API"',
      request: { method: 'GET', url: `${PARTNER}/v1/` },
      expect: {
        severity: 'error',
        title: /^The root of stage v1 has no GET method$/,
        explanation:
          /A greedy \/\{proxy\+\} resource matches everything below the root but never the root itself/,
        evidence: /methods on \/ in the deployment: none\n\/\{proxy\+\} has ANY/,
        command:
          /^aws apigateway put-method --rest-api-id p9q8r7s6t5 --resource-id rootpart01 --http-method ANY --authorization-type NONE --region eu-west-1\n[\s\S]*aws apigateway create-deployment --rest-api-id p9q8r7s6t5 --stage-name v1 --region eu-west-1$/,
        alsoPresent: ['custom-gateway-response'],
        absent: ['resource-not-found', 'method-not-found', 'near-miss-path'],
      },
    },
    {
      why: 'the shop root has no method; no proxy either',
      request: { method: 'GET', url: `${SHOP}/prod` },
      expect: {
        title: /^The root of stage prod has no GET method$/,
        explanation: /The root resource has no method, so only child resources answer/,
        command:
          /put-method --rest-api-id a1b2c3d4e5 --resource-id rootshop01 --http-method ANY --authorization-type NONE --region eu-west-1/,
      },
    },
    {
      why: 'the (none) mapping of the custom domain lands on the same root',
      request: { method: 'GET', url: 'https://api.shop.example.com/' },
      expect: { title: /^The root of stage prod has no GET method$/ },
    },
    {
      why: 'POST to a root that has GET only: copy the /{proxy+} integration',
      request: { method: 'POST', url: executeApiUrl('r00tg3t001', '/prod/') },
      inventory: rootGetOnly,
      expect: {
        title: /^The root of stage prod has no POST method$/,
        evidence: /methods on \/ in the deployment: GET/,
        command:
          /put-method --rest-api-id r00tg3t001 --resource-id rootres001 --http-method ANY --authorization-type NONE --region eu-west-1\naws apigateway put-integration --rest-api-id r00tg3t001 --resource-id rootres001 --http-method ANY --type AWS_PROXY --integration-http-method POST --uri arn:aws:apigateway:eu-west-1:lambda:path\/2015-03-31\/functions\/arn:aws:lambda:eu-west-1:123456789012:function:backend\/invocations --region eu-west-1/,
      },
    },
  ],
});

test('root-no-method does not claim a 403 when the API customised Missing Authentication Token', async () => {
  const finding = await findingOf('root-no-method', { method: 'GET', url: `${PARTNER}/v1/` });
  assert.ok(finding);
  assert.doesNotMatch(finding.explanation, /answers 403/);
});
