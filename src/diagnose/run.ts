import type { Basis, Inventory } from '../model/types.js';
import type { LiveAnswer } from '../probe/types.js';
import { simulate } from '../simulate/simulate.js';
import type { GatewayRequest, Simulation } from '../simulate/types.js';
import type { Finding, Rule, RuleContext } from './rule.js';
import { RULES } from './rules/index.js';

/** When the first finding is present the others say less and are dropped. */
const SUPERSEDES: Record<string, string[]> = {
  'stage-in-custom-domain-path': ['resource-not-found', 'near-miss-path'],
  'cors-preflight-no-options': ['method-not-found'],
  'not-deployed': ['near-miss-path'],
  'iam-invoke-denied': ['unexplained-gateway-error'],
  'execute-api-disable-pending': ['execute-api-endpoint-disabled', 'prediction-mismatch'],
};

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

export interface Diagnosis {
  simulation: Simulation;
  live: LiveAnswer | null;
  findings: Finding[];
  /** What the inputs did not hold, so could not be checked. */
  gaps: string[];
  region: string;
}

export function regionFor(sim: Simulation): string {
  const endpoint = sim.endpoint;
  return (
    sim.api?.region ??
    ('region' in endpoint && endpoint.region ? endpoint.region : undefined) ??
    sim.domain?.region ??
    'us-east-1'
  );
}

export function runRules(
  inventory: Inventory,
  sim: Simulation,
  live: LiveAnswer | null,
  rules: readonly Rule[] = RULES,
): Finding[] {
  const findings: Finding[] = [];
  const region = regionFor(sim);
  const okRule = rules.find((r) => r.id === 'ok');
  for (const rule of rules) {
    if (rule === okRule) continue;
    runOne(rule, { inventory, sim, live, region }, findings);
  }
  const dropped = new Set(findings.flatMap((f) => SUPERSEDES[f.id] ?? []));
  const kept = findings.filter((f) => !dropped.has(f.id));
  if (okRule && !kept.some((f) => f.severity === 'error'))
    runOne(okRule, { inventory, sim, live, region }, kept);
  // Errors first; among notes, the verdict ("ok") before the remarks.
  return kept.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      Number(b.id === 'ok') - Number(a.id === 'ok'),
  );
}

function runOne(rule: Rule, base: Omit<RuleContext, 'report'>, findings: Finding[]): void {
  const context: RuleContext = {
    ...base,
    report(input) {
      findings.push({
        id: rule.id,
        severity: input.severity ?? rule.defaultSeverity,
        title: input.title,
        explanation: input.explanation,
        evidence: input.evidence.filter(Boolean),
        fix: input.fix,
        verify: input.verify,
        basis: input.basis ?? ('documented' as Basis),
        sources: rule.sources,
        ...(input.target ? { target: input.target } : {}),
      });
    },
  };
  try {
    rule.check(context);
  } catch (error) {
    // A rule that breaks is a bug in the tool, reported as a finding rather than a crash.
    findings.push({
      id: 'internal-error',
      severity: 'warning',
      title: `Rule ${rule.id} failed: ${(error as Error).message}`,
      explanation:
        'This is a bug in apigw-doctor; the other findings are unaffected. Please report it with the --output json result.',
      evidence: [],
      fix: null,
      verify: [],
      basis: 'inferred',
      sources: [],
    });
  }
}

/** Simulate the request on the inventory, then run every rule (with the live answer, if probed). */
export function diagnose(
  inventory: Inventory,
  request: GatewayRequest,
  live: LiveAnswer | null = null,
): Diagnosis {
  const simulation = simulate(inventory, request);
  const findings = runRules(inventory, simulation, live);
  const apiId = simulation.api?.id;
  const gaps = inventory.gaps.filter(
    (g) =>
      g.apiId === undefined ||
      g.apiId === apiId ||
      (simulation.api?.placeholder === true && g.apiId === undefined),
  );
  return {
    simulation,
    live,
    findings,
    gaps: [...new Set(gaps.map((g) => g.message))],
    region: regionFor(simulation),
  };
}
