import { ruleTester, SHOP } from '../rule-tester.js';

const NOTIFY = 'https://h7t7p9a1b2.execute-api.eu-west-1.amazonaws.com';

ruleTester('resource-not-found', {
  valid: [
    {
      why: 'the resource exists with another method (method-not-found)',
      request: { method: 'GET', url: `${SHOP}/prod/checkout` },
    },
    {
      why: 'the resource exists in the configuration, not in the deployment (not-deployed)',
      request: { method: 'POST', url: `${SHOP}/prod/reviews` },
    },
    { why: 'the stage root (root-no-method)', request: { method: 'GET', url: `${SHOP}/prod/` } },
    {
      why: 'the stage repeated on the custom domain (stage-in-custom-domain-path supersedes)',
      request: { method: 'GET', url: 'https://api.shop.example.com/prod/products' },
    },
    { why: 'a route that exists', request: { method: 'GET', url: `${NOTIFY}/notifications` } },
  ],
  invalid: [
    {
      why: 'cases.json: "Typo in the path"',
      request: { method: 'GET', url: `${SHOP}/prod/prodcuts` },
      expect: {
        severity: 'error',
        title: /^No resource \/prodcuts on stage prod$/,
        explanation:
          /No deployed resource of stage prod matches \/prodcuts.*403 Missing Authentication Token/,
        evidence: /path inside the API: \/prodcuts\nlongest deployed prefix: \/$/,
        alsoPresent: ['near-miss-path'],
        absent: ['method-not-found', 'not-deployed', 'ok'],
      },
    },
    {
      why: 'the path stops matching below a path parameter',
      request: { method: 'GET', url: `${SHOP}/prod/products/42/reviews` },
      expect: {
        title: /^No resource \/products\/42\/reviews on stage prod$/,
        explanation: /\(the path stops matching after \/products\/\{productId\}\)/,
        evidence: /longest deployed prefix: \/products\/\{productId\}/,
      },
    },
    {
      why: 'cases.json: "HTTP API route that does not exist"',
      request: { method: 'GET', url: `${NOTIFY}/notification` },
      expect: {
        title: /^No route \/notification on stage \$default$/,
        explanation:
          /No route of the HTTP API matches GET \/notification and it has no \$default route, so it answers 404/,
      },
    },
    {
      why: 'a missing path behind a base path mapping',
      request: { method: 'GET', url: 'https://legacy.shop.example.com/v2/basket' },
      expect: { title: /^No resource \/basket on stage staging$/ },
    },
  ],
});
