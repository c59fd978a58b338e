import { emptyInventory } from '../../src/model/types.js';
import { ruleTester, SHOP } from '../rule-tester.js';
import { backendAnswer, gatewayErrorAnswer, matAnswer } from './inventory-builders.js';

const URL = 'https://zz9yy8xx7w.execute-api.us-east-1.amazonaws.com/prod/things';

ruleTester('unexplained-gateway-error', {
  valid: [
    {
      why: 'Missing Authentication Token has its own rule',
      request: { method: 'GET', url: URL },
      inventory: emptyInventory(),
      live: matAnswer(URL),
    },
    {
      why: 'the configuration is known: prediction-mismatch compares instead',
      request: { method: 'GET', url: `${SHOP}/prod/prodcuts` },
      live: gatewayErrorAnswer(`${SHOP}/prod/prodcuts`, 403, 'ForbiddenException', '{"message":"Forbidden"}'),
    },
    {
      why: "a backend's own error (no x-amzn-ErrorType)",
      request: { method: 'GET', url: URL },
      inventory: emptyInventory(),
      live: backendAnswer(URL, 403, '{"error":"denied"}'),
    },
    {
      why: 'no probe, no answer to explain',
      request: { method: 'GET', url: URL },
      inventory: emptyInventory(),
    },
  ],
  invalid: [
    {
      why: 'AccessDeniedException from an unknown API',
      request: { method: 'GET', url: URL },
      inventory: emptyInventory(),
      live: gatewayErrorAnswer(
        URL,
        403,
        'AccessDeniedException',
        '{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********2222:zz9yy8xx7w/prod/GET/things"}',
      ),
      expect: {
        severity: 'error',
        title: /^API Gateway answered 403 AccessDeniedException$/,
        explanation: /Denied by the resource policy.*--snapshot or --openapi/,
        evidence: /x-amzn-ErrorType: AccessDeniedException\nanswered by API Gateway, REST API/,
        absent: ['backend-error', 'unexplained-missing-authentication-token'],
      },
    },
    {
      why: 'ForbiddenException: a wrong stage, an API key, a disabled endpoint…',
      request: { method: 'GET', url: URL },
      inventory: emptyInventory(),
      live: gatewayErrorAnswer(URL, 403, 'ForbiddenException', '{"message":"Forbidden"}'),
      expect: {
        title: /^API Gateway answered 403 ForbiddenException$/,
        explanation: /a stage that does not exist in the URL, a missing or invalid API key/,
      },
    },
    {
      why: 'throttling, with the x-amzn-ErrorType suffix AWS sometimes adds',
      request: { method: 'GET', url: URL },
      inventory: emptyInventory(),
      live: gatewayErrorAnswer(
        URL,
        429,
        'TooManyRequestsException:http://internal.amazon.com/coral/com.amazon.coral.availability/',
        '{"message":"Too Many Requests"}',
      ),
      expect: { title: /^API Gateway answered 429 TooManyRequestsException$/, explanation: /^Throttled/ },
    },
  ],
});
