import type { Severity } from '../../diagnose/rule.js';
import type { ApiModel, Inventory } from '../../model/types.js';

/** What a fleet check sees: one account × region, read live and turned into the model. */
export interface CheckContext {
  account: string;
  region: string;
  inventory: Inventory;
  /**
   * When disableExecuteApiEndpoint was last turned on, per API id (CloudTrail UpdateRestApi/UpdateApi
   * events of the last 90 days); absent when CloudTrail was not read.
   */
  endpointDisabledAt?: Map<string, string>;
  report(finding: CheckFinding): void;
}

export interface CheckFinding {
  /** What the finding is about, stable across scans (e.g. `a1b2c3/prod`, `api.example.com/orders`): part of the fingerprint. */
  resource: string;
  api?: ApiModel;
  stage?: string;
  domain?: string;
  title: string;
  explanation: string;
  evidence: string[];
  fix: { summary: string; commands: string[] } | null;
}

export interface ScanCheck {
  /** Kebab-case; equals the file name under scan/checks/ and the page under docs/. */
  id: string;
  severity: Severity;
  title: string;
  /** One sentence: what the check looks at. */
  checks: string;
  sources: string[];
  run(context: CheckContext): void;
}

export function defineCheck(check: ScanCheck): ScanCheck {
  return check;
}
