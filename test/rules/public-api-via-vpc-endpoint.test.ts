import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester, SHOP } from '../rule-tester.js';
import { findingOf } from './inventory-builders.js';

const VPCE = 'vpce-0a1b2c3d4e5f60718';
const VPCE_DNS = `https://${VPCE}-ab12cd34.execute-api.eu-west-1.vpce.amazonaws.com`;

ruleTester('public-api-via-vpc-endpoint', {
  valid: [
    {
      why: 'a private API through its endpoint',
      request: {
        method: 'GET',
        url: 'https://i1n2t3e4r5.execute-api.eu-west-1.amazonaws.com/prod/health',
        fromVpcEndpoint: VPCE,
      },
    },
    {
      why: 'the public API through its custom domain, from the same VPC',
      request: { method: 'GET', url: 'https://api.shop.example.com/products', fromVpcEndpoint: VPCE },
    },
    { why: 'the public API from outside any VPC', request: { method: 'GET', url: `${SHOP}/prod/products` } },
    {
      why: 'the VPC endpoint DNS name naming the private API',
      request: { method: 'GET', url: `${VPCE_DNS}/prod/health`, headers: { 'x-apigw-api-id': 'i1n2t3e4r5' } },
    },
  ],
  invalid: [
    {
      why: 'the REGIONAL shop API called from a VPC whose execute-api endpoint has private DNS',
      request: { method: 'GET', url: `${SHOP}/prod/products`, fromVpcEndpoint: VPCE },
      expect: {
        severity: 'error',
        title: /^Public API a1b2c3d4e5 called through VPC endpoint vpce-0a1b2c3d4e5f60718$/,
        explanation: /routes only to private APIs; a REGIONAL or EDGE API then answers 403 Forbidden/,
        evidence: /endpoint type of a1b2c3d4e5: REGIONAL\ncaller: through vpce-0a1b2c3d4e5f60718/,
        absent: ['ok', 'resource-policy-denied'],
      },
    },
    {
      why: 'the EDGE partner API from the VPC',
      request: {
        method: 'GET',
        url: 'https://p9q8r7s6t5.execute-api.eu-west-1.amazonaws.com/v1/orders',
        fromVpcEndpoint: VPCE,
      },
      expect: {
        title: /^Public API p9q8r7s6t5 called through VPC endpoint/,
        evidence: /endpoint type of p9q8r7s6t5: EDGE/,
      },
    },
    {
      why: 'the endpoint DNS name with x-apigw-api-id naming the public API',
      request: {
        method: 'GET',
        url: `${VPCE_DNS}/prod/products`,
        headers: { 'x-apigw-api-id': 'a1b2c3d4e5' },
      },
      expect: { title: /^Public API a1b2c3d4e5 called through VPC endpoint/ },
    },
  ],
});

test('public-api-via-vpc-endpoint: an HTTP API (never private) called through the VPC endpoint', async () => {
  const finding = await findingOf('public-api-via-vpc-endpoint', {
    method: 'GET',
    url: 'https://h7t7p9a1b2.execute-api.eu-west-1.amazonaws.com/notifications',
    fromVpcEndpoint: VPCE,
  });
  assert.ok(finding, 'expected public-api-via-vpc-endpoint');
});
