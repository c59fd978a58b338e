import { ruleTester, SHOP } from '../rule-tester.js';

ruleTester('stage-missing-in-url', {
  valid: [
    {
      why: 'the stage in the wrong case is stage-not-found',
      request: { method: 'GET', url: `${SHOP}/Prod/products` },
    },
    { why: 'the URL with the stage', request: { method: 'GET', url: `${SHOP}/prod/products` } },
    {
      why: 'a first segment that is neither a stage nor a route',
      request: { method: 'GET', url: `${SHOP}/nowhere` },
    },
    {
      why: 'on a custom domain the mapping supplies the stage',
      request: { method: 'GET', url: 'https://api.shop.example.com/products' },
    },
    {
      why: 'HTTP APIs have a $default stage',
      request: { method: 'GET', url: 'https://h7t7p9a1b2.execute-api.eu-west-1.amazonaws.com/notifications' },
    },
  ],
  invalid: [
    {
      why: 'cases.json: "Stage missing from the URL"',
      request: { method: 'GET', url: `${SHOP}/products` },
      expect: {
        severity: 'error',
        title: /^The URL has no stage: "products" was taken as the stage name$/,
        explanation:
          /403 Forbidden before looking at any route\. The path \/products is a route of stages prod, staging\./,
        evidence: /stages of a1b2c3d4e5: prod, staging\nGET \/products is served by stage prod/,
        command:
          /^aws apigateway get-stages --rest-api-id a1b2c3d4e5 --query 'item\[\]\.stageName' --region eu-west-1$/,
        correctedUrl: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/products',
        absent: ['stage-not-found'],
      },
    },
    {
      why: 'POST /reviews is served by staging only',
      request: { method: 'POST', url: `${SHOP}/reviews` },
      expect: {
        explanation: /The path \/reviews is a route of stage staging\./,
        correctedUrl: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/staging/reviews',
      },
    },
    {
      why: 'a path parameter and a query string',
      request: { method: 'GET', url: `${SHOP}/products/42?x=1` },
      expect: { correctedUrl: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/products/42?x=1' },
    },
  ],
});
