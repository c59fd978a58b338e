import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { requestFor } from '../src/cli/commands/demo.js';
import { diagnose } from '../src/diagnose/run.js';
import { ROOT, shopInventory } from './helpers.js';

// The bundled example is the demo users see first: every classic cause must come out as documented.
const { cases } = JSON.parse(await readFile(`${ROOT}examples/shop/cases.json`, 'utf8')) as {
  cases: (Parameters<typeof requestFor>[0] & { expect: { status: number | null; finding: string } })[];
};

for (const c of cases) {
  test(`example: ${c.title}`, async () => {
    const d = diagnose(await shopInventory(), requestFor(c));
    assert.equal(d.simulation.response?.status ?? null, c.expect.status);
    assert.equal(d.findings[0]?.id, c.expect.finding, d.findings.map((f) => f.id).join(', '));
  });
}
