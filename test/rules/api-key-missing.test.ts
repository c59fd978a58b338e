import { ruleTester, SHOP } from '../rule-tester.js';
import { executeApiUrl, inventoryOf, resources, restApi, restStage } from './inventory-builders.js';

ruleTester('api-key-missing', {
  valid: [
    {
      why: 'the key is sent (its value is not in the inputs, so it is taken as valid)',
      request: {
        method: 'GET',
        url: `${SHOP}/prod/inventory`,
        headers: { 'X-API-Key': 'AbCdEfGhIjKlMnOpQrStUvWxYz0123' },
      },
    },
    {
      why: 'the neighbouring route does not require a key',
      request: { method: 'GET', url: `${SHOP}/prod/products` },
    },
    {
      why: 'with apiKeySource AUTHORIZER the key comes from the Lambda authorizer, not x-api-key',
      request: { method: 'GET', url: executeApiUrl('4u7h0r1z3d', '/prod/orders') },
      inventory: () =>
        inventoryOf([
          restApi(
            '4u7h0r1z3d',
            [restStage('prod', resources({ '/orders': { GET: { apiKeyRequired: true } } }))],
            { apiKeySource: 'AUTHORIZER' },
          ),
        ]),
    },
    {
      why: 'a POST to the GET-only key route misses the route before any key check',
      request: { method: 'POST', url: `${SHOP}/prod/inventory` },
    },
  ],
  invalid: [
    {
      why: 'GET /inventory has apiKeyRequired and the request has no x-api-key',
      request: { method: 'GET', url: `${SHOP}/prod/inventory` },
      expect: {
        severity: 'error',
        title: /^GET \/inventory requires an API key \(x-api-key\)$/,
        explanation: /403 \{"message":"Forbidden"\}.*a1b2c3d4e5\/prod/,
        evidence: /request: no x-api-key header/,
        command:
          /aws apigateway get-usage-plans --query 'items\[\?apiStages\[\?apiId==.*a1b2c3d4e5.*\]\]\.\[id,name\]' --region eu-west-1[\s\S]*curl -i -H "x-api-key: \$API_KEY" https:\/\/a1b2c3d4e5\.execute-api\.eu-west-1\.amazonaws\.com\/prod\/inventory/,
        absent: ['api-key-invalid', 'ok'],
      },
    },
    {
      why: 'the same route through the custom domain',
      request: { method: 'GET', url: 'https://api.shop.example.com/inventory' },
      expect: {
        title: /GET \/inventory requires an API key/,
        command: /curl -i -H "x-api-key: \$API_KEY" https:\/\/api\.shop\.example\.com\/inventory/,
        absent: ['api-key-invalid'],
      },
    },
  ],
});
