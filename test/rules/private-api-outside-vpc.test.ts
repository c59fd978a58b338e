import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester } from '../rule-tester.js';
import { backendAnswer, findingOf } from './inventory-builders.js';

const INTERNAL = 'i1n2t3e4r5';
const VPCE = 'vpce-0a1b2c3d4e5f60718';
const HEALTH = `https://${INTERNAL}.execute-api.eu-west-1.amazonaws.com/prod/health`;

ruleTester('private-api-outside-vpc', {
  valid: [
    {
      why: 'cases.json: "Private API from its VPC"',
      request: { method: 'GET', url: HEALTH, fromVpcEndpoint: VPCE },
    },
    {
      why: 'the {api}-{vpce} alias of the associated endpoint',
      request: {
        method: 'GET',
        url: `https://${INTERNAL}-${VPCE}.execute-api.eu-west-1.amazonaws.com/prod/health`,
      },
    },
    {
      why: 'the endpoint DNS name with x-apigw-api-id',
      request: {
        method: 'GET',
        url: `https://${VPCE}-ab12cd34.execute-api.eu-west-1.vpce.amazonaws.com/prod/health`,
        headers: { 'x-apigw-api-id': INTERNAL },
      },
    },
    {
      why: 'from another VPC endpoint the call arrives and is refused by the policy (resource-policy-denied)',
      request: { method: 'GET', url: HEALTH, fromVpcEndpoint: 'vpce-0fffeeeddd1112223' },
    },
    {
      why: 'a public API is reachable from anywhere',
      request: { method: 'GET', url: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/products' },
    },
  ],
  invalid: [
    {
      why: 'cases.json: "Private API from the internet"',
      request: { method: 'GET', url: HEALTH },
      expect: {
        severity: 'error',
        title: /^API i1n2t3e4r5 is private: it cannot be reached from here$/,
        explanation: /its host name does not resolve.*--from-vpc-endpoint/,
        evidence: /associated VPC endpoints: vpce-0a1b2c3d4e5f60718/,
        command:
          /^curl -i https:\/\/i1n2t3e4r5-vpce-0a1b2c3d4e5f60718\.execute-api\.eu-west-1\.amazonaws\.com\/prod\/health\ncurl -i -H 'x-apigw-api-id: i1n2t3e4r5' https:\/\/\{vpce-dns-name\}\.execute-api\.eu-west-1\.vpce\.amazonaws\.com\/prod\/health$/,
        absent: ['api-not-found', 'ok'],
      },
    },
    {
      why: 'the alias of a VPC endpoint that is not associated with the API',
      request: {
        method: 'GET',
        url: `https://${INTERNAL}-vpce-0fffeeeddd1112223.execute-api.eu-west-1.amazonaws.com/prod/health`,
      },
      expect: {
        title: /^vpce-0fffeeeddd1112223 is not associated with private API i1n2t3e4r5$/,
        explanation: /associated with the API \(vpce-0a1b2c3d4e5f60718\)/,
        command:
          /curl -i https:\/\/i1n2t3e4r5-vpce-0a1b2c3d4e5f60718\.execute-api\.eu-west-1\.amazonaws\.com\/prod\/health/,
      },
    },
  ],
});

test('private-api-outside-vpc does not say "cannot be reached" when the probe reached it', {}, async () => {
  const finding = await findingOf(
    'private-api-outside-vpc',
    { method: 'GET', url: HEALTH },
    undefined,
    backendAnswer(HEALTH, 200, '{"status":"ok"}'),
  );
  assert.equal(finding, undefined, `unexpected: ${finding?.title}`);
});
