import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runRules } from '../src/diagnose/run.js';
import type { Finding } from '../src/diagnose/rule.js';
import type { Inventory } from '../src/model/types.js';
import type { LiveAnswer } from '../src/probe/types.js';
import { simulate } from '../src/simulate/simulate.js';
import type { GatewayRequest } from '../src/simulate/types.js';
import { shopInventory } from './helpers.js';

/**
 * ESLint's RuleTester idea: a rule's cases as a table. Every case runs the whole rule set (so that
 * rules superseding each other are tested too) and checks that the rule under test fires or not.
 */
export interface RuleCase {
  /** One line: why this case is (in)valid. */
  why: string;
  request: GatewayRequest;
  /** Defaults to the bundled shop account (examples/shop/snapshot.json). */
  inventory?: Inventory | (() => Inventory | Promise<Inventory>);
  live?: LiveAnswer;
  /** For invalid cases: what the finding must say. */
  expect?: {
    severity?: Finding['severity'];
    title?: RegExp;
    explanation?: RegExp;
    evidence?: RegExp;
    /** Matched against the fix commands joined by newlines. */
    command?: RegExp;
    correctedUrl?: string;
    /** Other finding ids that must (not) be present next to it. */
    alsoPresent?: string[];
    absent?: string[];
  };
}

async function findingsFor(c: RuleCase): Promise<Finding[]> {
  const inventory =
    typeof c.inventory === 'function' ? await c.inventory() : (c.inventory ?? (await shopInventory()));
  return runRules(inventory, simulate(inventory, c.request), c.live ?? null);
}

export function ruleTester(ruleId: string, cases: { valid: RuleCase[]; invalid: RuleCase[] }): void {
  for (const c of cases.valid) {
    test(`${ruleId} does not fire: ${c.why}`, async () => {
      const findings = await findingsFor(c);
      assert.ok(
        !findings.some((f) => f.id === ruleId),
        `unexpected ${ruleId}; findings: ${findings.map((f) => f.id).join(', ')}`,
      );
    });
  }
  for (const c of cases.invalid) {
    test(`${ruleId} fires: ${c.why}`, async () => {
      const findings = await findingsFor(c);
      const finding = findings.find((f) => f.id === ruleId);
      assert.ok(finding, `expected ${ruleId}; findings: ${findings.map((f) => f.id).join(', ') || 'none'}`);
      const e = c.expect ?? {};
      if (e.severity) assert.equal(finding.severity, e.severity);
      if (e.title) assert.match(finding.title, e.title);
      if (e.explanation) assert.match(finding.explanation, e.explanation);
      if (e.evidence) assert.match(finding.evidence.join('\n'), e.evidence);
      if (e.command) assert.match(finding.fix?.commands.join('\n') ?? '', e.command);
      if (e.correctedUrl) assert.equal(finding.fix?.correctedUrl, e.correctedUrl);
      for (const id of e.alsoPresent ?? [])
        assert.ok(
          findings.some((f) => f.id === id),
          `expected ${id} too`,
        );
      for (const id of e.absent ?? []) assert.ok(!findings.some((f) => f.id === id), `expected no ${id}`);
      // Every finding must be actionable and never leak a secret from the request.
      assert.ok(finding.explanation.length > 40);
      const text = JSON.stringify(finding);
      for (const secret of Object.values(c.request.headers ?? {}).filter((v) =>
        /Bearer |AWS4-HMAC|^[A-Za-z0-9]{20,}$/.test(v),
      )) {
        const token = secret.replace(/^(Bearer|AWS4-HMAC-SHA256)\s+/, '');
        assert.ok(!text.includes(token), 'a secret from the request appears in the finding');
      }
    });
  }
}

export const SHOP = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com';
