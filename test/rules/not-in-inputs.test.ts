import { ruleTester, SHOP } from '../rule-tester.js';

ruleTester('not-in-inputs', {
  valid: [
    { why: 'an API of the snapshot', request: { method: 'GET', url: `${SHOP}/prod/products` } },
    {
      why: 'an unknown id in a region the snapshot lists completely is api-not-found',
      request: { method: 'GET', url: 'https://a1b2c3d4e6.execute-api.eu-west-1.amazonaws.com/prod/products' },
    },
  ],
  invalid: [
    {
      why: 'an API in a region the snapshot does not cover',
      request: { method: 'GET', url: 'https://q1w2e3r4t5.execute-api.us-west-2.amazonaws.com/prod/x' },
      expect: {
        severity: 'warning',
        title: /no configuration for API q1w2e3r4t5 in us-west-2/,
        command: /get-export --rest-api-id q1w2e3r4t5 .*--region us-west-2/,
      },
    },
    {
      why: 'a custom domain the snapshot does not hold',
      request: { method: 'GET', url: 'https://api.other.example.org/v1/x' },
      expect: {
        title: /no custom domain named api\.other\.example\.org/,
        command: /get-base-path-mappings --domain-name api\.other\.example\.org/,
      },
    },
  ],
});
