import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ROOT } from './helpers.js';

// SARIF helpUris point at docs/findings.md#<id>: the page must list every id of the three registries.
test('docs/findings.md is up to date with the diagnose, scan and lint registries', async () => {
  const { renderFindingsDoc } = (await import(
    pathToFileURL(`${ROOT}scripts/make-findings-doc.mjs`).href
  )) as {
    renderFindingsDoc(): Promise<string>;
  };
  const expected = await renderFindingsDoc();
  const actual = readFileSync(`${ROOT}docs/findings.md`, 'utf8');
  assert.equal(
    actual,
    expected,
    'run `npm run build && node scripts/make-findings-doc.mjs` and commit docs/findings.md',
  );
  assert.ok(actual.includes('## deployment-not-redeployed-on-change'));
  assert.ok(actual.includes('## pending-changes'));
});
