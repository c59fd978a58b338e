import { emptyInventory } from '../../src/model/types.js';
import type { LiveAnswer } from '../../src/probe/types.js';
import { ruleTester, SHOP } from '../rule-tester.js';

const URL = `${SHOP}/prod/admin/reports`;
const ARN = 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod/GET/admin/reports';
const denied = (principal: string, explicit = false): LiveAnswer => ({
  method: 'GET',
  url: URL,
  status: 403,
  headers: { 'x-amzn-errortype': 'AccessDeniedException', 'content-type': 'application/json' },
  body: JSON.stringify({
    Message: `User: ${principal} is not authorized to perform: execute-api:Invoke on resource: ${ARN}${explicit ? ' with an explicit deny' : ''}`,
  }),
  elapsedMs: 20,
});
const signed = {
  authorization:
    'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/eu-west-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000',
  'x-amz-date': '20261128T120000Z',
};

ruleTester('iam-invoke-denied', {
  valid: [
    {
      why: 'an anonymous caller denied by the resource policy is another finding',
      request: { method: 'GET', url: URL },
      inventory: emptyInventory(),
      live: denied('anonymous'),
    },
    {
      why: 'a signed call that succeeds',
      request: { method: 'GET', url: URL, headers: signed },
      live: { ...denied('x'), status: 200, headers: {}, body: '{}' },
    },
  ],
  invalid: [
    {
      why: 'a signed call denied: names the principal, the action and the method ARN',
      request: { method: 'GET', url: URL, headers: signed },
      live: denied('arn:aws:sts::123456789012:assumed-role/dev/alice'),
      expect: {
        title:
          /arn:aws:sts::123456789012:assumed-role\/dev\/alice may not execute-api:Invoke arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5\/prod\/GET\/admin\/reports/,
        command:
          /"Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5\/prod\/GET\/admin\/reports"/,
        explanation: /no IAM policy/,
      },
    },
    {
      why: 'an explicit deny is named as such',
      request: { method: 'GET', url: URL, headers: signed },
      inventory: emptyInventory(),
      live: denied('arn:aws:iam::123456789012:user/ci', true),
      expect: { explanation: /a Deny statement/, absent: ['unexplained-gateway-error'] },
    },
  ],
});
