/** `scan --output sarif`: SARIF 2.1.0 for code-scanning dashboards, one result per finding. */
import type { Log, Notification } from 'sarif';
import type { Severity } from '../../diagnose/rule.js';
import type { ScanFinding, ScanReport } from '../../scan/types.js';
import { toSarif, type SarifFinding, type SarifRule } from '../sarif.js';
import { checkDocUri, scanCheck, TOOL_URI } from './checks.js';
import {
  REASON_TEXT,
  resourceArn,
  resourceParts,
  resourceUri,
  sortedFindings,
  sortedNotChecked,
} from './model.js';

const LEVEL: Record<Severity, SarifFinding['level']> = { error: 'error', warning: 'warning', info: 'note' };

function messageOf(f: ScanFinding): string {
  const where = [
    `account ${f.account}`,
    `region ${f.region}`,
    ...resourceParts(f).map(([k, v]) => `${k} ${v}`),
  ];
  const lines = [`${f.title} (${where.join(', ')})`, '', f.explanation];
  if (f.evidence.length > 0) lines.push('', 'Evidence:', ...f.evidence.map((e) => `- ${e}`));
  if (f.fix) {
    lines.push('', `Fix: ${f.fix.summary}`, ...f.fix.commands.map((c) => (c.startsWith('#') ? c : `$ ${c}`)));
  }
  return lines.join('\n');
}

function ruleFor(id: string): SarifRule {
  const check = scanCheck(id);
  return {
    id,
    shortDescription: check?.title ?? id,
    ...(check ? { fullDescription: check.checks } : {}),
    helpUri: checkDocUri(id),
  };
}

export function sarifLog(report: ScanReport): Log {
  const findings = sortedFindings(report.findings);
  const rules = [...new Set(findings.map((f) => f.id))].map(ruleFor);
  const log = toSarif(
    { name: 'apigw-doctor', version: report.tool.version, informationUri: TOOL_URI },
    rules,
    findings.map((f) => ({
      ruleId: f.id,
      level: LEVEL[f.severity] ?? 'warning',
      message: messageOf(f),
      uri: resourceUri(report, f),
      fingerprint: f.fingerprint,
      properties: {
        account: f.account,
        region: f.region,
        ...(f.apiId !== undefined ? { apiId: f.apiId } : {}),
        ...(f.apiName !== undefined ? { apiName: f.apiName } : {}),
        ...(f.stage !== undefined ? { stage: f.stage } : {}),
        ...(f.domain !== undefined ? { domain: f.domain } : {}),
        ...(f.fix ? { fixCommands: f.fix.commands } : {}),
        ...(f.sources.length > 0 ? { sources: f.sources } : {}),
      },
    })),
  );
  // What could not be checked is part of the answer: a dashboard must not read "no results" as "healthy".
  const notifications: Notification[] = sortedNotChecked(report.notChecked).map((n) => ({
    level: 'warning',
    message: {
      text: `Not checked: account ${n.account}${n.region ? `, region ${n.region}` : ''}${n.apiId ? `, API ${n.apiId}` : ''}: ${REASON_TEXT[n.reason] ?? n.reason}: ${n.message}`,
    },
    descriptor: { id: n.reason },
    properties: {
      account: n.account,
      ...(n.region ? { region: n.region } : {}),
      ...(n.apiId ? { apiId: n.apiId } : {}),
    },
  }));
  const run = log.runs[0]!;
  // The ARN goes where SARIF puts locations that are not files: a logical location of kind "resource".
  run.results!.forEach((result, i) => {
    result.locations![0]!.logicalLocations = [
      { fullyQualifiedName: resourceArn(report, findings[i]!), kind: 'resource' },
    ];
  });
  run.invocations = [
    {
      executionSuccessful: !report.partial && report.notChecked.length === 0,
      startTimeUtc: report.startedAt,
      endTimeUtc: report.finishedAt,
      ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
    },
  ];
  run.properties = { schemaVersion: report.schemaVersion, partial: report.partial, scope: report.scope };
  return log;
}

export function renderSarif(report: ScanReport): string {
  return JSON.stringify(sarifLog(report), null, 2) + '\n';
}
