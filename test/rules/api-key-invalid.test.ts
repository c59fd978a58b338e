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

const API = 'k3y4p1d0c5';
const ENABLED = 'EnabledKeyValue0123456789abcdefghijk';
const DISABLED = 'DisabledKeyValue0123456789abcdefghij';
const NO_PLAN = 'NoPlanKeyValue0123456789abcdefghijkl';

/** /orders needs an API key on both stages; usage plan "gold" covers prod only. Key values are known. */
function keyedAccount(apiKeySource: 'HEADER' | 'AUTHORIZER' = 'HEADER') {
  const routes = () => resources({ '/orders': { GET: { apiKeyRequired: true } } });
  return inventoryOf(
    [restApi(API, [restStage('prod', routes()), restStage('dev', routes())], { apiKeySource })],
    {
      apiKeys: [
        { id: 'kenabled01', name: 'partner', enabled: true, value: ENABLED },
        { id: 'kdisabled1', name: 'old-partner', enabled: false, value: DISABLED },
        { id: 'knoplan001', name: 'orphan', enabled: true, value: NO_PLAN },
      ],
      usagePlans: [
        {
          id: 'plan0prod1',
          name: 'gold',
          apiStages: [{ apiId: API, stage: 'prod' }],
          keyIds: ['kenabled01', 'kdisabled1'],
        },
      ],
    },
  );
}

const ORDERS = executeApiUrl(API, '/prod/orders');

ruleTester('api-key-invalid', {
  valid: [
    {
      why: 'an enabled key in a usage plan for the stage',
      request: { method: 'GET', url: ORDERS, headers: { 'x-api-key': ENABLED } },
      inventory: () => keyedAccount(),
    },
    {
      why: 'no key at all is api-key-missing, not an invalid key',
      request: { method: 'GET', url: ORDERS },
      inventory: () => keyedAccount(),
    },
    {
      why: 'the key values are not in the inputs (shop snapshot), so a present key cannot be judged',
      request: {
        method: 'GET',
        url: `${SHOP}/prod/inventory`,
        headers: { 'x-api-key': 'AbCdEfGhIjKlMnOpQrStUvWxYz0123' },
      },
    },
    {
      why: 'with apiKeySource AUTHORIZER the key comes from the Lambda authorizer, not the header',
      request: {
        method: 'GET',
        url: ORDERS,
        headers: { 'x-api-key': 'UnknownKeyValue0123456789abcdefghijk' },
      },
      inventory: () => keyedAccount('AUTHORIZER'),
    },
    {
      why: 'a method without apiKeyRequired ignores a wrong key',
      request: {
        method: 'GET',
        url: `${SHOP}/prod/products`,
        headers: { 'x-api-key': 'UnknownKeyValue0123456789abcdefghijk' },
      },
    },
  ],
  invalid: [
    {
      why: 'a disabled key',
      request: { method: 'GET', url: ORDERS, headers: { 'x-api-key': DISABLED } },
      inventory: () => keyedAccount(),
      expect: {
        severity: 'error',
        title: /^API key rejected: disabled$/,
        explanation: /API key kdisabled1 is disabled\..*403 \{"message":"Forbidden"\}/,
        command:
          /^aws apigateway update-api-key --api-key kdisabled1 --patch-operations op=replace,path=\/enabled,value=true --region eu-west-1$/,
        absent: ['api-key-missing', 'ok'],
      },
    },
    {
      why: 'a key value that matches no key of the account',
      request: {
        method: 'GET',
        url: ORDERS,
        headers: { 'x-api-key': 'UnknownKeyValue0123456789abcdefghijk' },
      },
      inventory: () => keyedAccount(),
      expect: {
        severity: 'error',
        title: /^API key rejected: unknown key$/,
        explanation: /matches none of the API keys/,
        command:
          /^aws apigateway get-api-keys --include-values --query 'items\[\]\.\[id,name,enabled\]' --region eu-west-1$/,
        absent: ['api-key-missing', 'ok'],
      },
    },
    {
      why: 'an enabled key whose usage plan covers prod but not dev',
      request: { method: 'GET', url: executeApiUrl(API, '/dev/orders'), headers: { 'x-api-key': ENABLED } },
      inventory: () => keyedAccount(),
      expect: {
        severity: 'error',
        title: /^API key rejected: not in usage plan$/,
        explanation: /API key kenabled01 is not in any usage plan that includes k3y4p1d0c5\/dev/,
        evidence: /apiKeyRequired on GET \/orders/,
        command:
          /aws apigateway create-usage-plan-key --usage-plan-id .* --key-id kenabled01 --key-type API_KEY --region eu-west-1/,
        absent: ['api-key-missing', 'ok'],
      },
    },
  ],
});

test('api-key-invalid names the usage plan that covers the stage when one exists', async () => {
  const finding = await findingOf(
    'api-key-invalid',
    { method: 'GET', url: ORDERS, headers: { 'x-api-key': NO_PLAN } },
    keyedAccount(),
  );
  assert.ok(finding, 'expected api-key-invalid');
  assert.match(finding.title, /not in usage plan/);
  assert.match(
    finding.fix?.commands.join('\n') ?? '',
    /aws apigateway create-usage-plan-key --usage-plan-id plan0prod1 --key-id knoplan001 --key-type API_KEY --region eu-west-1/,
  );
});
