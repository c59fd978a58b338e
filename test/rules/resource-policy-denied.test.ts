import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PolicyDocument } from '../../src/model/types.js';
import { simulate } from '../../src/simulate/simulate.js';
import { ruleTester } from '../rule-tester.js';
import { executeApiUrl, inventoryOf, resources, restApi, restStage } from './inventory-builders.js';

const API = 'p0l1cy0001';
const INTERNAL = 'https://i1n2t3e4r5.execute-api.eu-west-1.amazonaws.com/prod/health';

function withPolicy(policy: PolicyDocument | undefined, extra: { private?: boolean } = {}) {
  return () =>
    inventoryOf([
      restApi(
        API,
        [restStage('prod', resources({ '/public': { GET: {} }, '/admin': { GET: {}, DELETE: {} } }))],
        {
          ...(policy ? { policy } : {}),
          ...(extra.private
            ? { endpointTypes: ['PRIVATE'], vpcEndpointIds: ['vpce-0123456789abcdef0'] }
            : {}),
        },
      ),
    ]);
}
const DENY_DELETE: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
    { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/DELETE/admin' },
  ],
};
const ONLY_PUBLIC: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: `arn:aws:execute-api:eu-west-1:123456789012:${API}/prod/GET/public`,
    },
  ],
};
const IP_ALLOW_LIST: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
    {
      Effect: 'Deny',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: 'execute-api:/*',
      Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } },
    },
  ],
};

ruleTester('resource-policy-denied', {
  valid: [
    {
      why: 'the Deny is for DELETE; GET is allowed',
      request: { method: 'GET', url: executeApiUrl(API, '/prod/admin') },
      inventory: withPolicy(DENY_DELETE),
    },
    {
      why: 'the one allowed method ARN',
      request: { method: 'GET', url: executeApiUrl(API, '/prod/public') },
      inventory: withPolicy(ONLY_PUBLIC),
    },
    {
      why: 'a public API without a policy allows everyone',
      request: { method: 'DELETE', url: executeApiUrl(API, '/prod/admin') },
      inventory: withPolicy(undefined),
    },
    {
      why: 'the private API from its allowed VPC endpoint',
      request: { method: 'GET', url: INTERNAL, fromVpcEndpoint: 'vpce-0a1b2c3d4e5f60718' },
    },
    {
      why: 'a Deny on the source IP cannot be evaluated offline: not claimed',
      request: { method: 'GET', url: executeApiUrl(API, '/prod/public') },
      inventory: withPolicy(IP_ALLOW_LIST),
    },
  ],
  invalid: [
    {
      why: 'an explicit Deny on DELETE /admin',
      request: { method: 'DELETE', url: executeApiUrl(API, '/prod/admin') },
      inventory: withPolicy(DENY_DELETE),
      expect: {
        severity: 'error',
        title: /^The resource policy explicitly denies this call$/,
        explanation:
          /execute-api:Invoke on arn:aws:execute-api:eu-west-1:123456789012:p0l1cy0001\/prod\/DELETE\/admin: a Deny statement matches.*403 AccessDeniedException/,
        evidence:
          /method ARN: arn:aws:execute-api:eu-west-1:123456789012:p0l1cy0001\/prod\/DELETE\/admin\ndecision: explicit-deny/,
        command:
          /^aws apigateway get-rest-api --rest-api-id p0l1cy0001 --query policy --output text --region eu-west-1\naws apigateway update-rest-api --rest-api-id p0l1cy0001 --patch-operations op=replace,path=\/policy,value=file:\/\/policy\.json --region eu-west-1\naws apigateway create-deployment --rest-api-id p0l1cy0001 --stage-name prod --region eu-west-1$/,
        absent: ['ok'],
      },
    },
    {
      why: 'no statement allows GET /admin',
      request: { method: 'GET', url: executeApiUrl(API, '/prod/admin') },
      inventory: withPolicy(ONLY_PUBLIC),
      expect: {
        title: /^No statement of the resource policy allows this call$/,
        evidence: /decision: implicit-deny/,
      },
    },
    {
      why: 'the private API from a VPC endpoint its policy does not name',
      request: { method: 'GET', url: INTERNAL, fromVpcEndpoint: 'vpce-0fffeeeddd1112223' },
      expect: {
        title: /^No statement of the resource policy allows this call$/,
        explanation: /from vpce-0fffeeeddd1112223: no Allow statement matches.*deployed again/,
        evidence: /source VPC endpoint: vpce-0fffeeeddd1112223/,
        command:
          /update-rest-api --rest-api-id i1n2t3e4r5 [\s\S]*create-deployment --rest-api-id i1n2t3e4r5 --stage-name prod --region eu-west-1/,
        absent: ['private-api-outside-vpc'],
      },
    },
    {
      why: 'a private API without any resource policy',
      request: {
        method: 'GET',
        url: executeApiUrl(API, '/prod/public'),
        fromVpcEndpoint: 'vpce-0123456789abcdef0',
      },
      inventory: withPolicy(undefined, { private: true }),
      expect: {
        explanation: /A private API needs a resource policy that allows its VPC endpoints; this one has none/,
        command: /update-rest-api --rest-api-id p0l1cy0001/,
      },
    },
  ],
});

test('resource-policy-denied: a Deny whose condition cannot be evaluated makes the decision unknown, not allow', () => {
  const inventory = withPolicy(IP_ALLOW_LIST)();
  const sim = simulate(inventory, { method: 'GET', url: executeApiUrl(API, '/prod/public') });
  assert.equal(sim.facts.policy?.decision, 'unknown');
});
