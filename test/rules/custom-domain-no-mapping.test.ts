import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester } from '../rule-tester.js';
import { domain, findingOf, inventoryOf, resources, restApi, restStage } from './inventory-builders.js';

/** A domain in ROUTING_RULE_ONLY mode: only requests with header x-tenant: beta-* are routed. */
function rulesOnlyDomain() {
  return inventoryOf([restApi('ru1e5only1', [restStage('beta', resources({ '/items': { GET: {} } }))])], {
    domains: [
      domain('tenants.example.com', [], {
        routingMode: 'ROUTING_RULE_ONLY',
        routingRules: [
          {
            priority: 10,
            headers: [{ header: 'x-tenant', valueGlob: 'beta-*' }],
            basePaths: [],
            apiId: 'ru1e5only1',
            stage: 'beta',
            stripBasePath: false,
          },
        ],
      }),
    ],
  });
}

ruleTester('custom-domain-no-mapping', {
  valid: [
    {
      why: 'the path starts with the mapped base path /v2',
      request: { method: 'GET', url: 'https://legacy.shop.example.com/v2/products' },
    },
    {
      why: 'a (none) mapping catches every path: a wrong path is a resource miss, not a mapping miss',
      request: { method: 'GET', url: 'https://api.shop.example.com/orders-archive' },
    },
    {
      why: 'the routing rule matches the header',
      request: {
        method: 'GET',
        url: 'https://tenants.example.com/items',
        headers: { 'x-tenant': 'beta-acme' },
      },
      inventory: rulesOnlyDomain,
    },
    {
      why: 'a domain the inputs do not describe cannot be judged',
      request: { method: 'GET', url: 'https://api.other.example/v2/products' },
    },
  ],
  invalid: [
    {
      why: 'cases.json: legacy.shop.example.com maps only /v2',
      request: { method: 'GET', url: 'https://legacy.shop.example.com/orders' },
      expect: {
        severity: 'error',
        title: /^Custom domain legacy\.shop\.example\.com has no mapping for \/orders$/,
        explanation: /has only \/v2 → a1b2c3d4e5\/staging, so the request reaches no API/,
        evidence: /routing mode: API_MAPPING_ONLY/,
        command:
          // shop-api's prod stage serves GET /orders: map it at (none).
          /^aws apigateway create-base-path-mapping --domain-name legacy\.shop\.example\.com --rest-api-id a1b2c3d4e5 --stage prod --region eu-west-1$/m,
        absent: ['resource-not-found', 'ok'],
      },
    },
    {
      why: 'the first segment names a stage of the shop API: suggest mapping it',
      request: { method: 'GET', url: 'https://legacy.shop.example.com/prod/products' },
      expect: {
        title: /has no mapping for \/prod$/,
        command:
          /create-base-path-mapping --domain-name legacy\.shop\.example\.com --rest-api-id a1b2c3d4e5 --stage prod --base-path prod --region eu-west-1/,
      },
    },
    {
      why: 'ROUTING_RULE_ONLY: no rule matches a request without the x-tenant header',
      request: { method: 'GET', url: 'https://tenants.example.com/items' },
      inventory: rulesOnlyDomain,
      expect: {
        title: /tenants\.example\.com/,
        evidence: /routing mode: ROUTING_RULE_ONLY/,
      },
    },
  ],
});

test(
  'custom-domain-no-mapping: in ROUTING_RULE_ONLY mode the fix is a routing rule (or the header it wants), not a base path mapping',
  {},
  async () => {
    const finding = await findingOf(
      'custom-domain-no-mapping',
      { method: 'GET', url: 'https://tenants.example.com/items' },
      rulesOnlyDomain(),
    );
    assert.ok(finding);
    assert.match(`${finding.explanation}\n${finding.evidence.join('\n')}`, /x-tenant/);
    const commands = finding.fix?.commands.join('\n') ?? '';
    assert.doesNotMatch(commands, /create-base-path-mapping/);
    assert.doesNotMatch(commands, /\{rest-api-id\}/);
  },
);

test('custom-domain-no-mapping: the mapping that serves the request, as data for the fix planner', async () => {
  const target = async (url: string) =>
    (await findingOf('custom-domain-no-mapping', { method: 'GET', url }))?.target?.domainMapping;
  // the whole path is a route of shop-api's prod stage: (none)
  assert.deepEqual(await target('https://legacy.shop.example.com/orders'), {
    domainName: 'legacy.shop.example.com',
    basePath: '',
    apiId: 'a1b2c3d4e5',
    apiKind: 'REST',
    stage: 'prod',
  });
  // two leading segments before a route: a multi-level base path, an apigatewayv2 API mapping
  const multi = await findingOf('custom-domain-no-mapping', {
    method: 'GET',
    url: 'https://legacy.shop.example.com/shop/v1/products',
  });
  assert.deepEqual(multi?.target?.domainMapping, {
    domainName: 'legacy.shop.example.com',
    basePath: 'shop/v1',
    apiId: 'a1b2c3d4e5',
    apiKind: 'REST',
    stage: 'prod',
  });
  assert.match(
    multi?.fix?.commands[0] ?? '',
    /^aws apigatewayv2 create-api-mapping --domain-name legacy\.shop\.example\.com --api-id a1b2c3d4e5 --stage prod --api-mapping-key shop\/v1 --region eu-west-1$/,
  );
  // a route of the HTTP API: an API mapping to its $default stage
  assert.deepEqual(await target('https://legacy.shop.example.com/notifications'), {
    domainName: 'legacy.shop.example.com',
    basePath: '',
    apiId: 'h7t7p9a1b2',
    apiKind: 'HTTP',
    stage: '$default',
  });
  // only the partners API's {proxy+} takes it: suggested, but no target (the planner does not guess)
  const guess = await findingOf('custom-domain-no-mapping', {
    method: 'GET',
    url: 'https://legacy.shop.example.com/a/b/c/nowhere',
  });
  assert.match(guess?.fix?.commands[0] ?? '', /--rest-api-id p9q8r7s6t5 --stage v1/);
  assert.equal(guess?.target, undefined);
});
