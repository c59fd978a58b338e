import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester, SHOP } from '../rule-tester.js';
import { findingOf } from './inventory-builders.js';

const PREFLIGHT = {
  Origin: 'https://shop.example.com',
  'Access-Control-Request-Method': 'POST',
  'Access-Control-Request-Headers': 'content-type',
};

ruleTester('cors-preflight-no-options', {
  valid: [
    {
      why: 'a plain OPTIONS without Access-Control-Request-Method is no preflight (method-not-found)',
      request: { method: 'OPTIONS', url: `${SHOP}/prod/checkout` },
    },
    {
      why: 'the actual POST after the preflight',
      request: {
        method: 'POST',
        url: `${SHOP}/prod/checkout`,
        headers: { Origin: 'https://shop.example.com' },
      },
    },
    {
      why: 'a preflight for a path no resource has is a missing resource, not a missing OPTIONS',
      request: { method: 'OPTIONS', url: `${SHOP}/prod/nowhere`, headers: PREFLIGHT },
    },
    {
      why: 'ANY on /legacy/{proxy+} answers OPTIONS too',
      request: { method: 'OPTIONS', url: `${SHOP}/prod/legacy/catalog`, headers: PREFLIGHT },
    },
  ],
  invalid: [
    {
      why: 'cases.json: "CORS preflight without OPTIONS" on /checkout (POST only)',
      request: { method: 'OPTIONS', url: `${SHOP}/prod/checkout`, headers: PREFLIGHT },
      expect: {
        severity: 'error',
        title: /^Preflight for POST \/checkout fails: no OPTIONS method$/,
        explanation: /The resource has POST but no OPTIONS \(nor ANY\).*Missing Authentication Token/,
        evidence: /Origin: https:\/\/shop\.example\.com/,
        command:
          /^aws apigateway put-method --rest-api-id a1b2c3d4e5 --resource-id r00005x --http-method OPTIONS --authorization-type NONE --region eu-west-1\naws apigateway put-integration --rest-api-id a1b2c3d4e5 --resource-id r00005x --http-method OPTIONS --type MOCK [\s\S]*'OPTIONS,POST'[\s\S]*\naws apigateway create-deployment --rest-api-id a1b2c3d4e5 --stage-name prod --region eu-west-1$/,
        absent: ['method-not-found', 'resource-not-found'],
      },
    },
    {
      why: 'the same preflight through the custom domain',
      request: { method: 'OPTIONS', url: 'https://api.shop.example.com/checkout', headers: PREFLIGHT },
      expect: {
        title: /Preflight for POST \/checkout fails/,
        command: /put-method --rest-api-id a1b2c3d4e5 --resource-id r00005x --http-method OPTIONS/,
        absent: ['method-not-found'],
      },
    },
    {
      why: 'a preflight for DELETE on /orders/{orderId} (GET, DELETE, no OPTIONS)',
      request: {
        method: 'OPTIONS',
        url: `${SHOP}/staging/orders/17`,
        headers: { Origin: 'https://admin.shop.example.com', 'Access-Control-Request-Method': 'DELETE' },
      },
      expect: {
        title: /^Preflight for DELETE \/orders\/\{orderId\} fails: no OPTIONS method$/,
        command:
          /--resource-id r00004x --http-method OPTIONS[\s\S]*'OPTIONS,GET,DELETE'[\s\S]*create-deployment --rest-api-id a1b2c3d4e5 --stage-name staging --region eu-west-1/,
      },
    },
  ],
});

test('cors-preflight-no-options on an HTTP API gives HTTP API advice, not REST commands', async () => {
  const finding = await findingOf('cors-preflight-no-options', {
    method: 'OPTIONS',
    url: 'https://h7t7p9a1b2.execute-api.eu-west-1.amazonaws.com/notifications',
    headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'POST' },
  });
  assert.ok(finding, 'expected cors-preflight-no-options');
  assert.match(finding.title, /^Preflight for POST \/notifications fails/);
  assert.doesNotMatch(finding.explanation, /403 Missing Authentication Token/);
  assert.match(
    finding.fix?.commands.join('\n') ?? '',
    /aws apigatewayv2 update-api --api-id h7t7p9a1b2 --cors-configuration .*--region eu-west-1/,
  );
});
