import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester, SHOP } from '../rule-tester.js';
import {
  executeApiUrl,
  findingOf,
  httpApi,
  httpRoute,
  inventoryOf,
  resources,
  restApi,
  restStage,
} from './inventory-builders.js';

const TOKEN = 'Bearer eyJraWQiOiJrMSJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl';

/** A REST Lambda REQUEST authorizer reading a header and a query parameter. */
function requestAuthorizer() {
  return inventoryOf([
    restApi(
      'cu5t0m4uth',
      [
        restStage(
          'prod',
          resources({ '/reports': { GET: { authorizationType: 'CUSTOM', authorizerId: 'lam8da01' } } }),
        ),
      ],
      {
        authorizers: [
          {
            id: 'lam8da01',
            name: 'tenant-authorizer',
            type: 'REQUEST',
            identitySource: 'method.request.header.X-Tenant-Id,method.request.querystring.token',
          },
        ],
      },
    ),
  ]);
}

/** An HTTP API with a JWT authorizer on GET /me, a Lambda REQUEST authorizer on GET /feed, and a public /health. */
function jwtApi() {
  return inventoryOf([
    httpApi(
      'j5w7t0k3n1',
      [
        httpRoute('GET /me', { authorizationType: 'JWT', authorizerId: 'jwt001' }),
        httpRoute('GET /feed', { authorizationType: 'CUSTOM', authorizerId: 'req001' }),
        httpRoute('GET /health'),
      ],
      {
        authorizers: [
          { id: 'jwt001', name: 'cognito-jwt', type: 'JWT', identitySource: '$request.header.Authorization' },
          {
            id: 'req001',
            name: 'feed-authorizer',
            type: 'REQUEST',
            identitySource: '$request.querystring.token',
          },
        ],
      },
    ),
  ]);
}

ruleTester('authorizer-identity-missing', {
  valid: [
    {
      why: "the Cognito route gets its Authorization token (whether it is valid is the authorizer's call)",
      request: { method: 'GET', url: `${SHOP}/prod/orders`, headers: { Authorization: TOKEN } },
    },
    { why: 'a route without an authorizer', request: { method: 'GET', url: `${SHOP}/prod/products` } },
    {
      why: 'the REQUEST authorizer gets both its header and its query parameter',
      request: {
        method: 'GET',
        url: executeApiUrl('cu5t0m4uth', '/prod/reports?token=t0k3n'),
        headers: { 'X-Tenant-Id': 'acme' },
      },
      inventory: requestAuthorizer,
    },
    {
      why: 'the JWT route gets its bearer token',
      request: { method: 'GET', url: executeApiUrl('j5w7t0k3n1', '/me'), headers: { Authorization: TOKEN } },
      inventory: jwtApi,
    },
    {
      why: 'the public route of the same HTTP API',
      request: { method: 'GET', url: executeApiUrl('j5w7t0k3n1', '/health') },
      inventory: jwtApi,
    },
  ],
  invalid: [
    {
      why: 'a Cognito user pool route called without Authorization',
      request: { method: 'GET', url: `${SHOP}/prod/orders` },
      expect: {
        severity: 'error',
        title: /^401 Unauthorized: missing identity source method\.request\.header\.Authorization$/,
        explanation: /GET \/orders uses a COGNITO_USER_POOLS authorizer.*401 \{"message":"Unauthorized"\}/,
        evidence: /authorizationType: COGNITO_USER_POOLS/,
        absent: ['ok', 'iam-unsigned'],
      },
    },
    {
      why: 'a REST Lambda REQUEST authorizer whose query-string identity source is missing',
      request: {
        method: 'GET',
        url: executeApiUrl('cu5t0m4uth', '/prod/reports'),
        headers: { 'X-Tenant-Id': 'acme' },
      },
      inventory: requestAuthorizer,
      expect: {
        title: /missing identity source method\.request\.querystring\.token$/,
        explanation: /uses a CUSTOM authorizer/,
      },
    },
    {
      why: 'an HTTP API JWT route called without a token',
      request: { method: 'GET', url: executeApiUrl('j5w7t0k3n1', '/me') },
      inventory: jwtApi,
      expect: {
        title: /missing identity source \$request\.header\.Authorization$/,
        explanation: /GET \/me uses a JWT authorizer/,
        absent: ['ok'],
      },
    },
  ],
});

test('authorizer-identity-missing: an HTTP API Lambda authorizer whose query-string identity source is missing', async () => {
  const finding = await findingOf(
    'authorizer-identity-missing',
    { method: 'GET', url: executeApiUrl('j5w7t0k3n1', '/feed') },
    jwtApi(),
  );
  assert.ok(finding, 'expected authorizer-identity-missing');
  assert.match(finding.title, /\$request\.querystring\.token/);
});
