import { ruleTester, SHOP } from '../rule-tester.js';

ruleTester('stage-in-custom-domain-path', {
  valid: [
    {
      why: 'the custom-domain URL without the stage',
      request: { method: 'GET', url: 'https://api.shop.example.com/products' },
    },
    {
      why: 'a stage name followed by a path that is no route either',
      request: { method: 'GET', url: 'https://api.shop.example.com/prod/nowhere' },
    },
    {
      why: 'on the execute-api host the stage belongs in the URL',
      request: { method: 'GET', url: `${SHOP}/prod/products` },
    },
    {
      why: "the stage repeated on the execute-api host is near-miss-path's case",
      request: { method: 'GET', url: `${SHOP}/prod/prod/products` },
    },
  ],
  invalid: [
    {
      why: 'cases.json: "Stage repeated on the custom domain"',
      request: { method: 'GET', url: 'https://api.shop.example.com/prod/products' },
      expect: {
        severity: 'error',
        title: /^Drop "\/prod" from the URL: the custom domain already maps to stage prod$/,
        explanation:
          /the API mapping chooses the API and the stage.*The URL https:\/\/api\.shop\.example\.com\/products reaches the route/,
        evidence: /mapping \(none\) → a1b2c3d4e5\/prod\nGET \/products is a deployed route/,
        correctedUrl: 'https://api.shop.example.com/products',
        absent: ['resource-not-found', 'near-miss-path'],
      },
    },
    {
      why: 'behind the /v2 base path (stage staging)',
      request: { method: 'GET', url: 'https://legacy.shop.example.com/v2/staging/reviews' },
      expect: {
        title: /^Drop "\/staging" from the URL: the custom domain already maps to stage staging$/,
        evidence: /mapping \/v2 → a1b2c3d4e5\/staging/,
        correctedUrl: 'https://legacy.shop.example.com/v2/reviews',
        absent: ['resource-not-found'],
      },
    },
    {
      why: 'the query string survives the correction',
      request: { method: 'GET', url: 'https://api.shop.example.com/prod/products/42?currency=EUR' },
      expect: { correctedUrl: 'https://api.shop.example.com/products/42?currency=EUR' },
    },
  ],
});
