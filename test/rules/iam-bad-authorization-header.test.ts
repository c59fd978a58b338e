import { ruleTester, SHOP } from '../rule-tester.js';

const BEARER = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2lnbmF0dXJlMTIzNDU2Nzg5MA';
const SIGV4 =
  'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/eu-west-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7';

ruleTester('iam-bad-authorization-header', {
  valid: [
    {
      why: 'a Bearer token to a Cognito route is what that route wants',
      request: { method: 'GET', url: `${SHOP}/prod/orders`, headers: { Authorization: BEARER } },
    },
    {
      why: 'a Bearer token to a public route is ignored',
      request: { method: 'GET', url: `${SHOP}/prod/products`, headers: { Authorization: BEARER } },
    },
    {
      why: 'no Authorization at all to the AWS_IAM route is iam-unsigned',
      request: { method: 'GET', url: `${SHOP}/prod/admin/reports` },
    },
    {
      why: 'a complete SigV4 header for execute-api in eu-west-1',
      request: {
        method: 'GET',
        url: `${SHOP}/prod/admin/reports`,
        headers: { Authorization: SIGV4, 'X-Amz-Date': '20261128T090000Z' },
      },
    },
  ],
  invalid: [
    {
      why: 'cases.json: "Bearer token to an AWS_IAM method"',
      request: { method: 'GET', url: `${SHOP}/prod/admin/reports`, headers: { Authorization: BEARER } },
      expect: {
        severity: 'error',
        title: /^Authorization: Bearer sent to an AWS_IAM method$/,
        explanation:
          /authorization is AWS_IAM.*403 IncompleteSignatureException.*Cognito or Lambda authorizer/,
        evidence: /Authorization header scheme: Bearer\nauthorizationType: AWS_IAM/,
        absent: ['iam-unsigned', 'ok'],
      },
    },
    {
      why: 'a Bearer token to a path that does not exist: the route is the problem, not the token',
      request: { method: 'GET', url: `${SHOP}/prod/prodcuts`, headers: { Authorization: BEARER } },
      expect: {
        title: /^Authorization: Bearer sent to a route that does not exist$/,
        explanation: /The token is fine — the route is the problem/,
        evidence: /no deployed route matches/,
        alsoPresent: ['resource-not-found', 'near-miss-path'],
      },
    },
    {
      why: 'a bare token without a scheme (never echoed back)',
      request: {
        method: 'GET',
        url: `${SHOP}/prod/admin/reports`,
        headers: { Authorization: 'abcdefghijklmnopqrstuvwxyz0123456789' },
      },
      expect: {
        title: /^Authorization: \(no scheme\) sent to an AWS_IAM method$/,
        evidence: /scheme: \(no scheme\)/,
      },
    },
    {
      why: 'a SigV4 header without X-Amz-Date or Date',
      request: { method: 'GET', url: `${SHOP}/prod/admin/reports`, headers: { Authorization: SIGV4 } },
      expect: {
        title: /^The SigV4 Authorization header is incomplete$/,
        explanation: /'X-Amz-Date' or a 'Date' header/,
        absent: ['iam-signature-scope'],
      },
    },
    {
      why: 'a SigV4 header without SignedHeaders and Signature',
      request: {
        method: 'GET',
        url: `${SHOP}/prod/admin/reports`,
        headers: {
          Authorization:
            'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/eu-west-1/execute-api/aws4_request',
          'X-Amz-Date': '20261128T090000Z',
        },
      },
      expect: {
        title: /incomplete/,
        explanation: /requires 'SignedHeaders' parameter.*requires 'Signature' parameter/,
      },
    },
  ],
});
