import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HttpApiModel } from '../../src/model/types.js';
import { ruleTester, SHOP } from '../rule-tester.js';
import {
  backendAnswer,
  findingOf,
  httpApiAnswer,
  httpRoute,
  inventoryOf,
  matAnswer,
} from './inventory-builders.js';

const WS = 'https://w3b50ck3t1.execute-api.eu-west-1.amazonaws.com';
const NOTIFY = 'https://h7t7p9a1b2.execute-api.eu-west-1.amazonaws.com/notifications';
const PRODUCTS = `${SHOP}/prod/products`;

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

ruleTester('wrong-api-type', {
  valid: [
    {
      why: 'a WebSocket handshake',
      request: {
        method: 'GET',
        url: `${WS.replace('https', 'wss')}/production`,
        headers: { Upgrade: 'websocket', Connection: 'Upgrade', 'Sec-WebSocket-Version': '13' },
      },
      inventory: chatApi,
    },
    {
      why: "an HTTP API's own 404 fits its type",
      request: { method: 'GET', url: NOTIFY },
      live: httpApiAnswer(NOTIFY, 404, '{"message":"Not Found"}'),
    },
    {
      why: 'a REST API answering as a REST API',
      request: { method: 'GET', url: `${SHOP}/prod/prodcuts` },
      live: matAnswer(`${SHOP}/prod/prodcuts`),
    },
    { why: 'a REST route without a probe', request: { method: 'GET', url: PRODUCTS } },
    {
      why: 'a REST backend answer carries x-amz-apigw-id',
      request: { method: 'GET', url: PRODUCTS },
      live: backendAnswer(PRODUCTS, 200, '[]'),
    },
  ],
  invalid: [
    {
      why: 'a WebSocket API called with plain HTTPS',
      request: { method: 'GET', url: `${WS}/production` },
      inventory: chatApi,
      expect: {
        severity: 'error',
        title: /^API w3b50ck3t1 is a WebSocket API, called here as a plain HTTP request$/,
        explanation: /wss:\/\/ and an Upgrade handshake/,
        evidence: /protocolType of w3b50ck3t1: WEBSOCKET\nrequest: GET without Upgrade: websocket/,
        command: /^npx wscat -c wss:\/\/w3b50ck3t1\.execute-api\.eu-west-1\.amazonaws\.com\//,
        absent: ['ok'],
      },
    },
    {
      why: 'the configuration says HTTP API, but the live answer is a REST Missing Authentication Token',
      request: { method: 'GET', url: NOTIFY },
      live: matAnswer(NOTIFY),
      expect: {
        title: /^The configuration says h7t7p9a1b2 is an HTTP API, but a REST API answered$/,
        explanation: /HTTP APIs never answer Missing Authentication Token/,
        evidence: /live x-amzn-ErrorType: MissingAuthenticationTokenException/,
      },
    },
    {
      why: "the configuration says REST, but the answer has an HTTP API's apigw-requestid",
      request: { method: 'GET', url: PRODUCTS },
      live: httpApiAnswer(PRODUCTS, 404, '{"message":"Not Found"}'),
      expect: {
        title: /^The configuration says a1b2c3d4e5 is a REST API, but an HTTP API answered$/,
        evidence: /apigw-requestid=/,
      },
    },
  ],
});

test('wrong-api-type: the wscat command names the stage from the URL', async () => {
  const finding = await findingOf('wrong-api-type', { method: 'GET', url: `${WS}/production` }, chatApi());
  assert.ok(finding);
  assert.match(
    finding.fix?.commands.join('\n') ?? '',
    /^npx wscat -c wss:\/\/w3b50ck3t1\.execute-api\.eu-west-1\.amazonaws\.com\/production$/,
  );
});
