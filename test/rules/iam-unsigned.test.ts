import { ruleTester, SHOP } from '../rule-tester.js';
import { executeApiUrl, inventoryOf, resources, restApi, restStage } from './inventory-builders.js';

const REPORTS = `${SHOP}/prod/admin/reports`;
const SIGNED = {
  Authorization:
    'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/eu-west-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
  'X-Amz-Date': '20261128T090000Z',
};

ruleTester('iam-unsigned', {
  valid: [
    { why: 'the same route signed with SigV4', request: { method: 'GET', url: REPORTS, headers: SIGNED } },
    {
      why: 'a presigned URL (X-Amz-Signature in the query) is signed too',
      request: {
        method: 'GET',
        url: `${REPORTS}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261128%2Feu-west-1%2Fexecute-api%2Faws4_request&X-Amz-Date=20261128T090000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=0123456789abcdef`,
      },
    },
    {
      why: 'a Bearer token is a bad header, not a missing one',
      request: {
        method: 'GET',
        url: REPORTS,
        headers: { Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln' },
      },
    },
    { why: 'the public neighbour route', request: { method: 'GET', url: `${SHOP}/prod/products` } },
    {
      why: '/admin itself has no method: a resource miss, not an auth problem',
      request: { method: 'GET', url: `${SHOP}/prod/admin` },
    },
  ],
  invalid: [
    {
      why: 'cases.json: "AWS_IAM method called unsigned"',
      request: { method: 'GET', url: REPORTS },
      expect: {
        severity: 'error',
        title: /^GET \/admin\/reports requires AWS_IAM: the request is not signed$/,
        explanation:
          /service "execute-api" in eu-west-1.*403 Missing Authentication Token — the same answer as a route that does not exist/,
        command:
          /^curl -i --aws-sigv4 "aws:amz:eu-west-1:execute-api" --user "\$AWS_ACCESS_KEY_ID:\$AWS_SECRET_ACCESS_KEY" -H "x-amz-security-token: \$AWS_SESSION_TOKEN" https:\/\/a1b2c3d4e5\.execute-api\.eu-west-1\.amazonaws\.com\/prod\/admin\/reports\nawscurl --service execute-api --region eu-west-1 https:\/\/a1b2c3d4e5\.execute-api\.eu-west-1\.amazonaws\.com\/prod\/admin\/reports/,
        absent: ['resource-not-found', 'method-not-found', 'not-deployed', 'ok'],
      },
    },
    {
      why: 'an HTTP API route with AWS_IAM answers 403 Forbidden unsigned',
      request: { method: 'GET', url: 'https://h7t7p9a1b2.execute-api.eu-west-1.amazonaws.com/admin/stats' },
      expect: {
        title: /^GET \/admin\/stats requires AWS_IAM/,
        explanation: /An HTTP API answers an unsigned call with 403 Forbidden/,
        command:
          /awscurl --service execute-api --region eu-west-1 https:\/\/h7t7p9a1b2\.execute-api\.eu-west-1\.amazonaws\.com\/admin\/stats/,
      },
    },
    {
      why: 'a POST keeps its method in the signing commands',
      request: { method: 'POST', url: executeApiUrl('1am5ecure0', '/live/jobs') },
      inventory: () =>
        inventoryOf([
          restApi('1am5ecure0', [
            restStage('live', resources({ '/jobs': { POST: { authorizationType: 'AWS_IAM' } } })),
          ]),
        ]),
      expect: {
        title: /^POST \/jobs requires AWS_IAM/,
        command:
          /curl -i -X POST --aws-sigv4 "aws:amz:eu-west-1:execute-api"[\s\S]*awscurl --service execute-api --region eu-west-1 -X POST https:\/\/1am5ecure0\.execute-api\.eu-west-1\.amazonaws\.com\/live\/jobs/,
      },
    },
  ],
});
