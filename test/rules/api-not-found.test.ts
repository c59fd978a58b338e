import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyInventory } from '../../src/model/types.js';
import { ruleTester, SHOP } from '../rule-tester.js';
import {
  dnsFailure,
  findingOf,
  inventoryOf,
  matAnswer,
  resources,
  restApi,
  restStage,
} from './inventory-builders.js';

/** One API in eu-west-1; the sources cover eu-west-1 and us-east-1 completely. */
function twoRegions() {
  return inventoryOf([restApi('r3g10n0001', [restStage('prod', resources({ '/a': { GET: {} } }))])], {
    coveredRegions: [
      { region: 'eu-west-1', accountId: '123456789012' },
      { region: 'us-east-1', accountId: '123456789012' },
    ],
  });
}

const UNKNOWN = 'https://zz9yy8xx7w.execute-api.us-east-1.amazonaws.com/prod/things';

ruleTester('api-not-found', {
  valid: [
    { why: 'the API exists in the region', request: { method: 'GET', url: `${SHOP}/prod/products` } },
    {
      why: 'a region the inputs do not cover: the API may exist there (not-in-inputs says so)',
      request: { method: 'GET', url: 'https://r3g10n0001.execute-api.us-west-2.amazonaws.com/prod/a' },
      inventory: twoRegions,
    },
    {
      why: 'a private API from outside its VPC does not resolve either, but it exists',
      request: { method: 'GET', url: 'https://i1n2t3e4r5.execute-api.eu-west-1.amazonaws.com/prod/health' },
    },
    {
      why: 'an unknown API that answered (Missing Authentication Token) does exist',
      request: { method: 'GET', url: UNKNOWN },
      inventory: emptyInventory(),
      live: matAnswer(UNKNOWN),
    },
  ],
  invalid: [
    {
      why: 'a one-letter typo in the API id (cases.json: "Typo in the API id")',
      request: { method: 'GET', url: 'https://a1b2c3d4e6.execute-api.eu-west-1.amazonaws.com/prod/products' },
      expect: {
        severity: 'error',
        title: /^No API a1b2c3d4e6 in eu-west-1$/,
        explanation:
          /does not resolve: no API with id a1b2c3d4e6 exists in eu-west-1\. Similar ids: a1b2c3d4e5 \(shop-api\)/,
        correctedUrl: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/products',
        absent: ['network-error', 'not-in-inputs'],
      },
    },
    {
      why: 'the right id in the wrong (covered) region',
      request: { method: 'GET', url: 'https://r3g10n0001.execute-api.us-east-1.amazonaws.com/prod/a' },
      inventory: twoRegions,
      expect: {
        title: /^No API r3g10n0001 in us-east-1$/,
        explanation: /API r3g10n0001 exists in eu-west-1.*the region in the URL is wrong/,
        correctedUrl: 'https://r3g10n0001.execute-api.eu-west-1.amazonaws.com/prod/a',
      },
    },
    {
      why: 'an id like no other in a covered region: list the APIs',
      request: { method: 'GET', url: 'https://qqqqqqqqqq.execute-api.eu-west-1.amazonaws.com/prod/a' },
      inventory: twoRegions,
      expect: {
        title: /^No API qqqqqqqqqq in eu-west-1$/,
        explanation: /Check the API id and region/,
        command:
          /aws apigateway get-rest-apis --query 'items\[\]\.\[id,name\]' --region eu-west-1\naws apigatewayv2 get-apis --query 'Items\[\]\.\[ApiId,Name\]' --region eu-west-1/,
      },
    },
    {
      why: 'probe only: DNS says ENOTFOUND for the execute-api host',
      request: { method: 'GET', url: UNKNOWN },
      inventory: emptyInventory(),
      live: dnsFailure(UNKNOWN),
      expect: {
        title: /^No API zz9yy8xx7w in us-east-1$/,
        explanation: /\(the probe got ENOTFOUND\)/,
        command: /aws apigateway get-rest-apis .*--region us-east-1/,
        absent: ['network-error', 'prediction-mismatch'],
      },
    },
  ],
});

test('api-not-found lists each similar API once', async () => {
  const typo = await findingOf('api-not-found', {
    method: 'GET',
    url: 'https://a1b2c3d4e6.execute-api.eu-west-1.amazonaws.com/prod/products',
  });
  assert.ok(typo);
  assert.doesNotMatch(typo.explanation, /a1b2c3d4e5 \(shop-api\), a1b2c3d4e5/);
  const region = await findingOf(
    'api-not-found',
    { method: 'GET', url: 'https://r3g10n0001.execute-api.us-east-1.amazonaws.com/prod/a' },
    twoRegions(),
  );
  assert.ok(region);
  assert.doesNotMatch(region.explanation, /eu-west-1, eu-west-1/);
});
