import type { RestApiModel } from '../../src/model/types.js';
import type { LiveAnswer } from '../../src/probe/types.js';
import { shopInventory } from '../helpers.js';
import { ruleTester, SHOP } from '../rule-tester.js';

const disabled = async () => {
  const inventory = structuredClone(await shopInventory());
  (inventory.apis.find((a) => a.id === 'a1b2c3d4e5') as RestApiModel).disableExecuteApiEndpoint = true;
  return inventory;
};
const answer = (status: number, errorType?: string): LiveAnswer => ({
  method: 'GET',
  url: `${SHOP}/prod/products`,
  status,
  headers: { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) },
  body: status === 200 ? '[]' : '{"message":"Forbidden"}',
  elapsedMs: 30,
});

ruleTester('execute-api-disable-pending', {
  valid: [
    {
      why: 'the endpoint answers 403 Forbidden: the setting is in effect',
      request: { method: 'GET', url: `${SHOP}/prod/products` },
      inventory: disabled,
      live: answer(403, 'ForbiddenException'),
    },
    {
      why: 'no probe: nothing tells whether it is in effect',
      request: { method: 'GET', url: `${SHOP}/prod/products` },
      inventory: disabled,
    },
    {
      why: 'the endpoint is not disabled',
      request: { method: 'GET', url: `${SHOP}/prod/products` },
      live: answer(200),
    },
  ],
  invalid: [
    {
      why: 'configured as disabled, yet the execute-api URL still serves',
      request: { method: 'GET', url: `${SHOP}/prod/products` },
      inventory: disabled,
      live: answer(200),
      expect: {
        severity: 'warning',
        title: /still answers \(200\) although the default endpoint is disabled/,
        command: /create-deployment --rest-api-id a1b2c3d4e5 --stage-name prod/,
        absent: ['execute-api-endpoint-disabled', 'prediction-mismatch'],
      },
    },
  ],
});
