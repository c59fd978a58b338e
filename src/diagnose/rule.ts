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
