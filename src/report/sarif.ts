import type { Log, ReportingDescriptor, Result } from 'sarif';

/** One result to put into a SARIF log: what was found, where, and how bad. */
export interface SarifFinding {
  ruleId: string;
  level: 'error' | 'warning' | 'note' | 'none';
  message: string;
  /** A file path relative to the scan root, or a URI such as `arn:aws:apigateway:…` for cloud resources. */
  uri: string;
  startLine?: number;
  startColumn?: number;
  /** Stable across runs, so dashboards can track a result from one scan to the next. */
  fingerprint?: string;
  properties?: Record<string, unknown>;
}

export interface SarifRule {
  id: string;
  name?: string;
  shortDescription: string;
  fullDescription?: string;
  helpUri?: string;
  help?: string;
  defaultLevel?: SarifFinding['level'];
}

export interface SarifTool {
  name: string;
  version: string;
  informationUri: string;
}

/** Builds a SARIF 2.1.0 log with one run; every result references its rule by index as well as by id. */
export function toSarif(tool: SarifTool, rules: SarifRule[], findings: SarifFinding[]): Log {
  const used = [...new Set(findings.map((f) => f.ruleId))];
  const known = new Map(rules.map((r) => [r.id, r]));
  const descriptors: ReportingDescriptor[] = used.sort().map((id) => {
    const rule = known.get(id) ?? { id, shortDescription: id };
    return {
      id,
      ...(rule.name ? { name: rule.name } : {}),
      shortDescription: { text: rule.shortDescription },
      ...(rule.fullDescription ? { fullDescription: { text: rule.fullDescription } } : {}),
      ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
      ...(rule.help ? { help: { text: rule.help } } : {}),
      ...(rule.defaultLevel ? { defaultConfiguration: { level: rule.defaultLevel } } : {}),
    };
  });
  const indexOf = new Map(descriptors.map((d, i) => [d.id, i]));
  const results: Result[] = findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: indexOf.get(f.ruleId)!,
    level: f.level,
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: f.uri },
          ...(f.startLine
            ? { region: { startLine: f.startLine, ...(f.startColumn ? { startColumn: f.startColumn } : {}) } }
            : {}),
        },
      },
    ],
    ...(f.fingerprint ? { partialFingerprints: { 'apigwDoctor/v1': f.fingerprint } } : {}),
    ...(f.properties ? { properties: f.properties } : {}),
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { ...tool, rules: descriptors } }, results }],
  };
}
