import { ruleTester, SHOP } from '../rule-tester.js';
import { shopInventory } from '../helpers.js';

const denied = async () => ({
  ...(await shopInventory()),
  accessDenied: [
    {
      operation: 'GetExport',
      resource: 'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/prod/exports/oas30',
      code: 'AccessDeniedException',
      message: 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: apigateway:GET',
    },
  ],
});

ruleTester('missing-permission', {
  valid: [
    { why: 'every call was allowed', request: { method: 'GET', url: `${SHOP}/prod/products` } },
    { why: 'offline inputs have no denied calls', request: { method: 'POST', url: `${SHOP}/prod/reviews` } },
  ],
  invalid: [
    {
      why: 'GetExport was denied: the policy names exactly that ARN',
      request: { method: 'GET', url: `${SHOP}/prod/products` },
      inventory: denied,
      expect: {
        severity: 'warning',
        title: /1 read-only call was denied: GetExport/,
        command:
          /"Action":\["apigateway:GET"\],"Resource":\["arn:aws:apigateway:eu-west-1::\/restapis\/a1b2c3d4e5\/stages\/prod\/exports\/oas30"\]/,
        evidence:
          /GetExport: AccessDeniedException on arn:aws:apigateway:eu-west-1::\/restapis\/a1b2c3d4e5\/stages\/prod\/exports\/oas30/,
      },
    },
  ],
});
