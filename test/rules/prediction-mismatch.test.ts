import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyInventory } from '../../src/model/types.js';
import { ruleTester, SHOP } from '../rule-tester.js';
import { backendAnswer, dnsFailure, findingOf, gatewayErrorAnswer, matAnswer } from './inventory-builders.js';

const TYPO = `${SHOP}/prod/prodcuts`;
const PRODUCTS = `${SHOP}/prod/products`;
const UNKNOWN = 'https://zz9yy8xx7w.execute-api.us-east-1.amazonaws.com/prod/things';

ruleTester('prediction-mismatch', {
  valid: [
    {
      why: 'predicted Missing Authentication Token, got it',
      request: { method: 'GET', url: TYPO },
      live: matAnswer(TYPO),
    },
    {
      why: 'predicted to reach the integration, and the backend answered (even an error of its own)',
      request: { method: 'GET', url: PRODUCTS },
      live: backendAnswer(PRODUCTS, 404, '{"error":"no products"}'),
    },
    {
      why: 'no configuration, so no prediction to compare',
      request: { method: 'GET', url: UNKNOWN },
      inventory: emptyInventory(),
      live: matAnswer(UNKNOWN),
    },
    { why: 'no probe, so nothing to compare with', request: { method: 'GET', url: TYPO } },
    {
      why: 'predicted Forbidden (no stage "Prod"), got Forbidden',
      request: { method: 'GET', url: `${SHOP}/Prod/products` },
      live: gatewayErrorAnswer(`${SHOP}/Prod/products`, 403, 'ForbiddenException', '{"message":"Forbidden"}'),
    },
  ],
  invalid: [
    {
      why: 'predicted Missing Authentication Token, live ForbiddenException',
      request: { method: 'GET', url: TYPO },
      live: gatewayErrorAnswer(TYPO, 403, 'ForbiddenException', '{"message":"Forbidden"}'),
      expect: {
        severity: 'warning',
        title: /^Predicted 403 MissingAuthenticationTokenException, live answer 403 ForbiddenException$/,
        explanation: /the snapshot or export is older than the API/,
        evidence:
          /predicted: 403 \{"message":"Missing Authentication Token"\}\nlive: 403 \{"message":"Forbidden"\}/,
        command: /apigw-doctor snapshot --api .* --out snapshot\.json/,
        alsoPresent: ['resource-not-found'],
      },
    },
    {
      why: 'predicted to reach the integration, but API Gateway refused with Missing Authentication Token (a stale snapshot)',
      request: { method: 'GET', url: PRODUCTS },
      live: matAnswer(PRODUCTS),
      expect: {
        title:
          /^Predicted to reach the integration, but API Gateway answered 403 MissingAuthenticationTokenException$/,
        absent: ['ok', 'backend-error'],
      },
    },
    {
      why: 'predicted an answer, but DNS did not resolve the host',
      request: { method: 'GET', url: TYPO },
      live: dnsFailure(TYPO),
      expect: {
        title: /^Predicted 403, but the probe got no answer \(ENOTFOUND\)$/,
        explanation: /getaddrinfo ENOTFOUND a1b2c3d4e5\.execute-api\.eu-west-1\.amazonaws\.com/,
        absent: ['network-error'],
      },
    },
  ],
});

test('prediction-mismatch: the snapshot command names the API and region', async () => {
  const finding = await findingOf(
    'prediction-mismatch',
    { method: 'GET', url: TYPO },
    undefined,
    gatewayErrorAnswer(TYPO, 403, 'ForbiddenException', '{"message":"Forbidden"}'),
  );
  assert.ok(finding);
  assert.match(
    finding.fix?.commands.join('\n') ?? '',
    /apigw-doctor snapshot --api a1b2c3d4e5 .*--region eu-west-1/,
  );
});
