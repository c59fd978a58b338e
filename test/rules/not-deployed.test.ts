import { ruleTester, SHOP } from '../rule-tester.js';

ruleTester('not-deployed', {
  valid: [
    { why: 'a deployed route', request: { method: 'GET', url: `${SHOP}/prod/products` } },
    {
      why: 'staging was deployed after /reviews was added',
      request: { method: 'POST', url: `${SHOP}/staging/reviews` },
    },
    {
      why: 'a path that exists nowhere is not an undeployed change',
      request: { method: 'GET', url: `${SHOP}/prod/nowhere` },
    },
  ],
  invalid: [
    {
      why: 'POST /reviews exists in get-resources but not in the prod deployment',
      request: { method: 'POST', url: `${SHOP}/prod/reviews` },
      expect: {
        severity: 'error',
        title: /POST \/reviews is configured but not deployed to stage prod/,
        command:
          /aws apigateway create-deployment --rest-api-id a1b2c3d4e5 --stage-name prod .*--region eu-west-1/,
        explanation: /\+ GET \/reviews/,
        absent: ['resource-not-found', 'near-miss-path'],
      },
    },
  ],
});
