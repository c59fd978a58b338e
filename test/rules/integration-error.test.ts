import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IntegrationConfig } from '../../src/model/types.js';
import { ruleTester, SHOP } from '../rule-tester.js';
import {
  executeApiUrl,
  findingOf,
  inventoryOf,
  lambdaUri,
  resources,
  restApi,
  restStage,
} from './inventory-builders.js';

const API = 's7g3v4r500';
const HTTP_BY_VARIABLE: IntegrationConfig = {
  type: 'HTTP_PROXY',
  httpMethod: 'GET',
  uri: 'https://${stageVariables.backendHost}/quotes',
};
const LAMBDA_ALIAS: IntegrationConfig = {
  type: 'AWS_PROXY',
  httpMethod: 'POST',
  uri: lambdaUri('quotes:${stageVariables.alias}'),
};

/** GET /quotes proxies to a host named by a stage variable; POST /fn calls a Lambda alias named by one. */
function stageVariables(variables: Record<string, string>, fn: IntegrationConfig = LAMBDA_ALIAS) {
  return inventoryOf([
    restApi(
      API,
      [
        restStage(
          'prod',
          resources({
            '/quotes': { GET: { integration: HTTP_BY_VARIABLE } },
            '/fn': { POST: { integration: fn } },
          }),
          { variables },
        ),
      ],
      {
        currentResources: resources({
          '/quotes': { GET: { integration: HTTP_BY_VARIABLE } },
          '/fn': { POST: { integration: fn } },
        }),
      },
    ),
  ]);
}

ruleTester('integration-error', {
  valid: [
    {
      why: 'a Lambda proxy integration called with POST',
      request: { method: 'POST', url: `${SHOP}/prod/checkout` },
    },
    {
      why: 'the stage defines the variable the integration URI uses',
      request: { method: 'GET', url: executeApiUrl(API, '/prod/quotes') },
      inventory: () => stageVariables({ backendHost: 'quotes.internal.example.com' }),
    },
    {
      why: 'the Lambda alias variable is defined',
      request: { method: 'POST', url: executeApiUrl(API, '/prod/fn') },
      inventory: () => stageVariables({ backendHost: 'quotes.internal.example.com', alias: 'live' }),
    },
    {
      why: 'the misconfigured /legacy route is not reached by a path outside it',
      request: { method: 'GET', url: `${SHOP}/prod/legacy` },
    },
  ],
  invalid: [
    {
      why: 'cases.json: "Lambda proxy integration with method GET" (ANY /legacy/{proxy+})',
      request: { method: 'GET', url: `${SHOP}/prod/legacy/catalog` },
      expect: {
        severity: 'error',
        title:
          /^ANY \/legacy\/\{proxy\+\}: Lambda proxy integration uses integration method GET; Lambda is invoked with POST$/,
        explanation: /500 \{"message": "Internal server error"\}/,
        evidence: /integration type AWS_PROXY, method GET/,
        command:
          /^aws apigateway update-integration --rest-api-id a1b2c3d4e5 --resource-id r0000bx --http-method ANY --patch-operations op=replace,path=\/httpMethod,value=POST --region eu-west-1\naws apigateway create-deployment --rest-api-id a1b2c3d4e5 --stage-name prod --region eu-west-1$/,
        absent: ['ok', 'backend-error'],
      },
    },
    {
      why: 'the integration URI uses ${stageVariables.backendHost}, which stage prod lacks',
      request: { method: 'GET', url: executeApiUrl(API, '/prod/quotes') },
      inventory: () => stageVariables({}),
      expect: {
        title:
          /^GET \/quotes: the integration URI uses stage variable backendHost, which stage prod does not define$/,
        evidence: /uri: https:\/\/\$\{stageVariables\.backendHost\}\/quotes/,
        command:
          /^aws apigateway update-stage --rest-api-id s7g3v4r500 --stage-name prod --patch-operations .*--region eu-west-1$/,
      },
    },
    {
      why: 'a Lambda alias taken from an undefined stage variable',
      request: { method: 'POST', url: executeApiUrl(API, '/prod/fn') },
      inventory: () => stageVariables({ backendHost: 'quotes.internal.example.com' }),
      expect: {
        title: /POST \/fn: the integration URI uses stage variable alias/,
        command: /update-stage --rest-api-id s7g3v4r500 --stage-name prod/,
      },
    },
  ],
});

test('integration-error names the missing stage variable in the update-stage command', async () => {
  const finding = await findingOf(
    'integration-error',
    { method: 'GET', url: executeApiUrl(API, '/prod/quotes') },
    stageVariables({}),
  );
  assert.ok(finding);
  assert.match(finding.fix?.commands.join('\n') ?? '', /path=\/variables\/backendHost,value=/);
});

test('integration-error: a missing stage variable in a Lambda URI whose integration method is not recorded', async () => {
  const noMethod: IntegrationConfig = {
    type: 'AWS_PROXY',
    uri: lambdaUri('quotes:${stageVariables.alias}'),
  };
  const finding = await findingOf(
    'integration-error',
    { method: 'POST', url: executeApiUrl(API, '/prod/fn') },
    stageVariables({ backendHost: 'x' }, noMethod),
  );
  assert.ok(finding);
  assert.match(finding.title, /stage variable alias/);
  assert.match(
    finding.fix?.commands.join('\n') ?? '',
    /update-stage --rest-api-id s7g3v4r500 --stage-name prod/,
  );
  assert.doesNotMatch(finding.fix?.commands.join('\n') ?? '', /update-integration/);
});
