import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester } from '../rule-tester.js';
import { findingOf } from './inventory-builders.js';

const VPCE = 'vpce-0a1b2c3d4e5f60718';
const VPCE_DNS = `https://${VPCE}-ab12cd34.execute-api.eu-west-1.vpce.amazonaws.com`;

ruleTester('vpce-api-id-missing', {
  valid: [
    {
      why: 'x-apigw-api-id names the API',
      request: { method: 'GET', url: `${VPCE_DNS}/prod/health`, headers: { 'x-apigw-api-id': 'i1n2t3e4r5' } },
    },
    {
      why: 'a Host header names the API',
      request: {
        method: 'GET',
        url: `${VPCE_DNS}/prod/health`,
        headers: { Host: 'i1n2t3e4r5.execute-api.eu-west-1.amazonaws.com' },
      },
    },
    {
      why: 'the {api}-{vpce} alias names the API in the host',
      request: {
        method: 'GET',
        url: `https://i1n2t3e4r5-${VPCE}.execute-api.eu-west-1.amazonaws.com/prod/health`,
      },
    },
    {
      why: 'the private DNS name names the API',
      request: {
        method: 'GET',
        url: 'https://i1n2t3e4r5.execute-api.eu-west-1.amazonaws.com/prod/health',
        fromVpcEndpoint: VPCE,
      },
    },
  ],
  invalid: [
    {
      why: 'the endpoint-specific DNS name alone',
      request: { method: 'GET', url: `${VPCE_DNS}/prod/health` },
      expect: {
        severity: 'error',
        title: /^The request does not name the private API$/,
        explanation:
          /Host: \{api-id\}\.execute-api\.\{region\}\.amazonaws\.com header or an x-apigw-api-id: \{api-id\} header/,
        evidence: /host: vpce-0a1b2c3d4e5f60718-ab12cd34\.execute-api\.eu-west-1\.vpce\.amazonaws\.com/,
        command:
          /^curl -i -H 'x-apigw-api-id: .*' 'https:\/\/vpce-0a1b2c3d4e5f60718-ab12cd34\.execute-api\.eu-west-1\.vpce\.amazonaws\.com\/prod\/health'$/,
        absent: ['private-api-outside-vpc', 'ok'],
      },
    },
    {
      why: 'a Host header that is the endpoint name itself does not name an API',
      request: {
        method: 'POST',
        url: `${VPCE_DNS}/prod/jobs`,
        headers: { Host: `${VPCE}-ab12cd34.execute-api.eu-west-1.vpce.amazonaws.com` },
      },
      expect: { title: /does not name the private API/ },
    },
  ],
});

test('vpce-api-id-missing suggests the private API associated with the endpoint', async () => {
  const finding = await findingOf('vpce-api-id-missing', { method: 'GET', url: `${VPCE_DNS}/prod/health` });
  assert.ok(finding);
  assert.match(finding.fix?.commands.join('\n') ?? '', /x-apigw-api-id: i1n2t3e4r5/);
});
