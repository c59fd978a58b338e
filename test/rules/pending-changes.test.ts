import { ruleTester, SHOP } from '../rule-tester.js';

ruleTester('pending-changes', {
  valid: [
    {
      why: 'staging serves the current configuration',
      request: { method: 'GET', url: `${SHOP}/staging/products` },
    },
    {
      why: 'the requested route itself is undeployed: not-deployed shows the same diff',
      request: { method: 'POST', url: `${SHOP}/prod/reviews` },
    },
    {
      why: 'an API whose deployment matches its resources',
      request: { method: 'GET', url: 'https://p9q8r7s6t5.execute-api.eu-west-1.amazonaws.com/v1/x' },
    },
  ],
  invalid: [
    {
      why: 'prod lacks /reviews, whatever route is called',
      request: { method: 'GET', url: `${SHOP}/prod/products` },
      expect: {
        severity: 'info',
        title: /Stage prod does not serve 2 changes made in the current configuration/,
        evidence: /\+ POST \/reviews[\s\S]*\+ GET \/reviews/,
        command: /create-deployment --rest-api-id a1b2c3d4e5 --stage-name prod --region eu-west-1/,
        alsoPresent: ['ok'],
      },
    },
  ],
});
