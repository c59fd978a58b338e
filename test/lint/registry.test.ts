import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { LINT_RULES } from '../../src/lint/rules/index.js';
import { ROOT } from '../helpers.js';

test('the registry holds exactly the issue #7 rule ids, one source file each, documented in docs/lint.md', () => {
  assert.deepEqual(LINT_RULES.map((r) => r.id).sort(), [
    'catch-all-route',
    'cors-options-missing',
    'custom-domain-execute-api-endpoint-enabled',
    'deployment-missing-dependson',
    'deployment-not-redeployed-on-change',
    'gateway-response-missing-authentication-token',
    'httpapi-autodeploy-false-without-deployment',
    'method-aws-iam-auth',
    'parse-error',
    'private-endpoint-without-resource-policy',
    'rest-api-never-deployed',
    'stage-without-deployment',
  ]);
  const docs = readFileSync(`${ROOT}docs/lint.md`, 'utf8');
  for (const rule of LINT_RULES) {
    assert.ok(existsSync(`${ROOT}src/lint/rules/${rule.id}.ts`), rule.id);
    assert.ok(existsSync(`${ROOT}test/lint/${rule.id}.test.ts`), `test for ${rule.id}`);
    assert.match(docs, new RegExp(`^### ${rule.id}( \\(info\\))?$`, 'm'), `docs heading for ${rule.id}`);
    assert.ok(rule.docs.length > 0 && rule.docs.every((url) => url.startsWith('https://')), rule.id);
    for (const url of rule.docs)
      assert.ok(rule.why.includes(url) || docs.includes(url), `${rule.id} cites ${url}`);
    assert.match(rule.why, /https:\/\//, `${rule.id} why cites its source`);
  }
});

test('the pre-commit hook runs lint on YAML, JSON and Terraform files', () => {
  const hooks = readFileSync(`${ROOT}.pre-commit-hooks.yaml`, 'utf8');
  assert.match(hooks, /- id: apigw-doctor-lint\n/);
  assert.match(hooks, /entry: apigw-doctor lint\n/);
  assert.match(hooks, /language: node\n/);
  assert.match(hooks, /types_or: \[yaml, json, terraform\]\n/);
});
