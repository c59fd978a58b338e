import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GatewayResponseConfig } from '../../src/model/types.js';
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
const API = 'd3f4u1t4xx';

/** GET /items is public, POST /items needs a key; gateway responses as given (API level, or stage level). */
function withResponses(
  api: Record<string, GatewayResponseConfig>,
  stage?: Record<string, GatewayResponseConfig>,
) {
  return () =>
    inventoryOf([
      restApi(
        API,
        [
          restStage(
            'prod',
            resources({ '/items': { GET: {}, POST: { apiKeyRequired: true } } }),
            stage ? { gatewayResponses: stage } : {},
          ),
        ],
        {
          gatewayResponses: api,
        },
      ),
    ]);
}
const DEFAULT_4XX_400: Record<string, GatewayResponseConfig> = {
  DEFAULT_4XX: {
    responseType: 'DEFAULT_4XX',
    statusCode: '400',
    defaultResponse: false,
    responseParameters: {},
    responseTemplates: {
      'application/json':
        '{"error":{"type":"$context.error.responseType","message":$context.error.messageString}}',
    },
  },
};
const DEFAULT_4XX_AWS: Record<string, GatewayResponseConfig> = {
  DEFAULT_4XX: {
    responseType: 'DEFAULT_4XX',
    defaultResponse: true,
    responseParameters: {},
    responseTemplates: { 'application/json': '{"message":$context.error.messageString}' },
  },
};
/** What the console's "Enable CORS" leaves behind: CORS headers on DEFAULT_4XX, AWS's status and body. */
const CORS_ONLY: Record<string, GatewayResponseConfig> = {
  DEFAULT_4XX: {
    responseType: 'DEFAULT_4XX',
    defaultResponse: false,
    responseParameters: {
      'gatewayresponse.header.Access-Control-Allow-Origin': "'*'",
      'gatewayresponse.header.Access-Control-Allow-Headers':
        "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token'",
    },
    responseTemplates: { 'application/json': '{"message":$context.error.messageString}' },
  },
};

ruleTester('custom-gateway-response', {
  valid: [
    {
      why: "the shop API keeps AWS's Missing Authentication Token",
      request: { method: 'GET', url: `${SHOP}/prod/prodcuts` },
    },
    {
      why: 'DEFAULT_4XX exists but is still the default response (defaultResponse true)',
      request: { method: 'GET', url: executeApiUrl(API, '/prod/nope') },
      inventory: withResponses(DEFAULT_4XX_AWS),
    },
    {
      why: "the stage's deployed gateway responses win over a later customisation of the API",
      request: { method: 'GET', url: executeApiUrl(API, '/prod/nope') },
      inventory: withResponses(DEFAULT_4XX_400, DEFAULT_4XX_AWS),
    },
    {
      why: 'the customised API answers from its backend here: no gateway response is involved',
      request: { method: 'GET', url: `${PARTNER}/v1/anything/here` },
    },
  ],
  invalid: [
    {
      why: 'partner-api customises MISSING_AUTHENTICATION_TOKEN to 404 (its stage root has no method)',
      request: { method: 'GET', url: `${PARTNER}/v1/` },
      expect: {
        severity: 'warning',
        title:
          /^The MISSING_AUTHENTICATION_TOKEN answer is customised \(through MISSING_AUTHENTICATION_TOKEN\): 404 instead of AWS's default$/,
        explanation:
          /status 404 and body \{"message":"Missing Authentication Token","hint":"The HTTP method or resources may not be supported\."\}.*\(MissingAuthenticationTokenException\)/,
        evidence: /x-amzn-ErrorType: MissingAuthenticationTokenException/,
        command:
          /^aws apigateway delete-gateway-response --rest-api-id p9q8r7s6t5 --response-type MISSING_AUTHENTICATION_TOKEN --region eu-west-1\naws apigateway create-deployment --rest-api-id p9q8r7s6t5 --stage-name v1 --region eu-west-1$/,
        alsoPresent: ['root-no-method'],
      },
    },
    {
      why: 'DEFAULT_4XX turns Missing Authentication Token into a 400 with another body',
      request: { method: 'GET', url: executeApiUrl(API, '/prod/nope') },
      inventory: withResponses(DEFAULT_4XX_400),
      expect: {
        title: /^The MISSING_AUTHENTICATION_TOKEN answer is customised \(through DEFAULT_4XX\): 400/,
        explanation:
          /customises through DEFAULT_4XX.*\{"error":\{"type":"MISSING_AUTHENTICATION_TOKEN","message":"Missing Authentication Token"\}\}/,
        command:
          /delete-gateway-response --rest-api-id d3f4u1t4xx --response-type DEFAULT_4XX --region eu-west-1/,
        alsoPresent: ['resource-not-found'],
      },
    },
    {
      why: 'DEFAULT_4XX also reshapes the missing-API-key answer',
      request: { method: 'POST', url: executeApiUrl(API, '/prod/items') },
      inventory: withResponses(DEFAULT_4XX_400),
      expect: {
        title: /^The INVALID_API_KEY answer is customised \(through DEFAULT_4XX\): 400/,
        evidence: /x-amzn-ErrorType: ForbiddenException/,
        alsoPresent: ['api-key-missing'],
      },
    },
  ],
});

test("custom-gateway-response stays silent when only headers are added (status and body are AWS's)", async () => {
  const finding = await findingOf(
    'custom-gateway-response',
    { method: 'GET', url: executeApiUrl(API, '/prod/nope') },
    withResponses(CORS_ONLY)(),
  );
  assert.equal(finding, undefined, `unexpected: ${finding?.title}`);
});
