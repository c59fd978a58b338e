import type { Basis, Inventory } from '../model/types.js';
import type { LiveAnswer } from '../probe/types.js';
import type { Simulation } from '../simulate/types.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Fix {
  /** One sentence: what to change. */
  summary: string;
  /** Exact commands with the real ids and region (AWS CLI, curl). */
  commands: string[];
  /** Where to click, for those who use the console. */
  console?: string;
  /** The URL to call instead, when the URL itself is the mistake. */
  correctedUrl?: string;
}

/**
 * Machine-readable facts a rule hands to the fix planner, so the planner never parses the command text.
 * Additive in the JSON report (`target`), absent when the rule could not pin the fix down.
 */
export interface FindingTarget {
  /** A custom-domain mapping that should exist (and, with `current`, exists but points at nothing). */
  domainMapping?: {
    domainName: string;
    /** '' for the `(none)` mapping; multi-level paths use '/' (`v1/orders`). */
    basePath: string;
    apiId: string;
    apiKind: 'REST' | 'HTTP';
    stage: string;
    /** The mapping as it is now, when one exists: it names a stage (or API) that does not exist. */
    current?: { apiId: string; stage?: string; apiMappingId?: string };
  };
}

export interface Finding {
  id: string;
  severity: Severity;
  title: string;
  explanation: string;
  /** What was looked at, each a short fact. */
  evidence: string[];
  fix: Fix | null;
  /** How to confirm the fix worked. */
  verify: string[];
  basis: Basis;
  /** AWS documentation behind the rule. */
  sources: string[];
  /** What the fix planner needs, as data (see FindingTarget). */
  target?: FindingTarget;
}

export type FindingInput = Omit<Finding, 'id' | 'sources' | 'severity' | 'basis'> & {
  severity?: Severity;
  basis?: Basis;
};

export interface RuleContext {
  inventory: Inventory;
  sim: Simulation;
  /** The live answer, when a probe was sent. */
  live: LiveAnswer | null;
  /** The region to put in commands. */
  region: string;
  report(finding: FindingInput): void;
}

export interface Rule {
  /** Kebab-case; equals the file name under rules/. */
  id: string;
  title: string;
  defaultSeverity: Severity;
  /** What the rule looks at, one sentence (the rule's page and `--help` show it). */
  checks: string;
  sources: string[];
  check(context: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
