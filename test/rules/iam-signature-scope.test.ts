import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester, SHOP } from '../rule-tester.js';
import { findingOf, findingsFor } from './inventory-builders.js';

const REPORTS = `${SHOP}/prod/admin/reports`;
const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SIGNATURE = '5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7';
const signed = (region: string, service: string, date = '20261128') => ({
  Authorization: `AWS4-HMAC-SHA256 Credential=${KEY_ID}/${date}/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${SIGNATURE}`,
  'X-Amz-Date': `${date}T090000Z`,
});
const HTTP_STATS = 'https://h7t7p9a1b2.execute-api.eu-west-1.amazonaws.com/admin/stats';

ruleTester('iam-signature-scope', {
  valid: [
    {
      why: 'scoped to execute-api in eu-west-1 and signed 5 minutes ago',
      request: {
        method: 'GET',
        url: REPORTS,
        headers: signed('eu-west-1', 'execute-api'),
        now: new Date('2026-11-28T09:05:00Z'),
      },
    },
    { why: 'unsigned is iam-unsigned, not a scope problem', request: { method: 'GET', url: REPORTS } },
    {
      why: 'a public route does not look at the signature at all',
      request: { method: 'GET', url: `${SHOP}/prod/products`, headers: signed('us-east-1', 'execute-api') },
    },
    {
      why: 'no clock given: expiry is not judged',
      request: { method: 'GET', url: REPORTS, headers: signed('eu-west-1', 'execute-api', '20200101') },
    },
  ],
  invalid: [
    {
      why: 'signed for us-east-1, the API is in eu-west-1',
      request: { method: 'GET', url: REPORTS, headers: signed('us-east-1', 'execute-api') },
      expect: {
        severity: 'error',
        title: /^SigV4 .*credential scope names region "us-east-1", but the API is in eu-west-1$/,
        explanation: /it must be \{date\}\/eu-west-1\/execute-api\/aws4_request/,
        evidence: /credential scope: 20261128\/us-east-1\/execute-api\nAPI region: eu-west-1/,
        command:
          /^curl -i --aws-sigv4 "aws:amz:eu-west-1:execute-api" --user "\$AWS_ACCESS_KEY_ID:\$AWS_SECRET_ACCESS_KEY" 'https:\/\/a1b2c3d4e5\.execute-api\.eu-west-1\.amazonaws\.com\/prod\/admin\/reports'$/,
        absent: ['iam-unsigned', 'iam-bad-authorization-header', 'ok'],
      },
    },
    {
      why: 'signed for the management API (service "apigateway") instead of execute-api',
      request: { method: 'GET', url: REPORTS, headers: signed('eu-west-1', 'apigateway') },
      expect: {
        title: /service "apigateway", not "execute-api"/,
        evidence: /credential scope: 20261128\/eu-west-1\/apigateway/,
      },
    },
    {
      why: 'signed 45 minutes before the clock given',
      request: {
        method: 'GET',
        url: REPORTS,
        headers: signed('eu-west-1', 'execute-api'),
        now: new Date('2026-11-28T09:45:00Z'),
      },
      expect: { title: /^SigV4 signature expired$/, command: /--aws-sigv4 "aws:amz:eu-west-1:execute-api"/ },
    },
  ],
});

test('iam-signature-scope never repeats the access key id or the signature', async () => {
  const findings = await findingsFor({
    method: 'GET',
    url: REPORTS,
    headers: signed('us-east-1', 'execute-api'),
  });
  assert.ok(findings.some((f) => f.id === 'iam-signature-scope'));
  const text = JSON.stringify(findings);
  assert.ok(!text.includes(KEY_ID), 'the access key id leaked');
  assert.ok(!text.includes(SIGNATURE), 'the signature leaked');
});

test('iam-signature-scope: an HTTP API AWS_IAM route signed for the wrong region', async () => {
  const finding = await findingOf('iam-signature-scope', {
    method: 'GET',
    url: HTTP_STATS,
    headers: signed('us-east-1', 'execute-api'),
  });
  assert.ok(finding, 'expected iam-signature-scope');
  assert.match(finding.title, /us-east-1/);
});
