import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester, SHOP } from '../rule-tester.js';
import { findingOf } from './inventory-builders.js';

ruleTester('near-miss-path', {
  valid: [
    {
      why: 'POST /reviews is configured but not deployed: not-deployed supersedes the guess',
      request: { method: 'POST', url: `${SHOP}/prod/reviews` },
    },
    { why: 'nothing deployed is close to /nowhere', request: { method: 'GET', url: `${SHOP}/prod/nowhere` } },
    {
      why: 'the path is right and only the method differs (method-not-found)',
      request: { method: 'GET', url: `${SHOP}/prod/checkout` },
    },
    {
      why: "the stage repeated on a custom domain is stage-in-custom-domain-path's finding",
      request: { method: 'GET', url: 'https://api.shop.example.com/prod/products' },
    },
    { why: 'an exact route', request: { method: 'GET', url: `${SHOP}/prod/products` } },
  ],
  invalid: [
    {
      why: 'cases.json: "Typo in the path" /prodcuts',
      request: { method: 'GET', url: `${SHOP}/prod/prodcuts` },
      expect: {
        severity: 'warning',
        title: /^Did you mean GET \/products\?$/,
        explanation: /GET \/products \(a spelling difference\)/,
        evidence: /GET \/products → \/products/,
        correctedUrl: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/products',
        alsoPresent: ['resource-not-found'],
      },
    },
    {
      why: 'the path in the wrong case keeps its query string',
      request: { method: 'GET', url: `${SHOP}/prod/Products?page=2` },
      expect: {
        explanation: /paths are case-sensitive/,
        correctedUrl: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/products?page=2',
      },
    },
    {
      why: 'the stage name repeated after the stage',
      request: { method: 'GET', url: `${SHOP}/prod/prod/products` },
      expect: {
        explanation: /the stage name "prod" appears twice/,
        correctedUrl: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/products',
      },
    },
    {
      why: 'one segment too many after a path parameter',
      request: { method: 'GET', url: `${SHOP}/prod/products/42/reviews` },
      expect: {
        title: /^Did you mean GET \/products\/42\?$/,
        evidence: /GET \/products\/42 → \/products\/\{productId\}/,
        correctedUrl: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/products/42',
      },
    },
    {
      why: 'a typo behind a base path mapping keeps the base path',
      request: { method: 'GET', url: 'https://legacy.shop.example.com/v2/prodcuts' },
      expect: { correctedUrl: 'https://legacy.shop.example.com/v2/products' },
    },
    {
      why: 'a typo on the (none) mapping of the custom domain',
      request: { method: 'GET', url: 'https://api.shop.example.com/prodcuts' },
      expect: { correctedUrl: 'https://api.shop.example.com/products' },
    },
  ],
});

test('near-miss-path suggests the HTTP API route one letter away', async () => {
  const finding = await findingOf('near-miss-path', {
    method: 'GET',
    url: 'https://h7t7p9a1b2.execute-api.eu-west-1.amazonaws.com/notification',
  });
  assert.ok(finding, 'expected near-miss-path');
  assert.equal(
    finding.fix?.correctedUrl,
    'https://h7t7p9a1b2.execute-api.eu-west-1.amazonaws.com/notifications',
  );
});
