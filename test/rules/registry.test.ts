import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { test } from 'node:test';
import { RULES } from '../../src/diagnose/rules/index.js';
import { ROOT } from '../helpers.js';

// typescript-eslint's habit: tie names together and test the tie.
test('every rule file is registered, sorted, and named after its id', async () => {
  const files = (await readdir(`${ROOT}src/diagnose/rules`))
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .map((f) => f.slice(0, -3));
  assert.deepEqual(
    RULES.map((r) => r.id),
    [...files].sort(),
  );
});

test('every rule has a test file', async () => {
  const tests = new Set(
    (await readdir(`${ROOT}test/rules`))
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => f.slice(0, -'.test.ts'.length)),
  );
  const missing = RULES.map((r) => r.id).filter((id) => !tests.has(id));
  assert.deepEqual(missing, [], `rules without test/rules/<id>.test.ts: ${missing.join(', ')}`);
});

test('every rule cites AWS or says what it compares', () => {
  for (const rule of RULES) {
    assert.ok(rule.title.length > 10, rule.id);
    assert.ok(rule.checks.length > 20, rule.id);
    assert.match(rule.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  }
});
