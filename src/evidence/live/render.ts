import type { HealthResult, Timeline } from './types.js';

/** What `apigw-doctor timeline` reports, in text or JSON (docs/timeline.md). Pure. */
export interface TimelineReport {
  timeline: Timeline;
  correlation?: { failureStart: string; statements: string[] };
  health?: { result: HealthResult; statements: string[] };
  lookup?: { calls: number; retries: number; strategy: string; truncated: boolean };
  /** What could not be read, and what that leaves unsaid. */
  notes: string[];
}

export const TIMELINE_FORMAT_VERSION = 1;

export function timelineJson(report: TimelineReport): Record<string, unknown> {
  const t = report.timeline;
  const out: Record<string, unknown> = {
    apigwDoctorTimeline: TIMELINE_FORMAT_VERSION,
    api: { id: t.apiId, ...(t.kind ? { kind: t.kind } : {}), ...(t.region ? { region: t.region } : {}) },
    window: t.window,
    entries: t.entries,
    stages: t.stages.map((s) => ({ ...s, undeployed: s.undeployed.map((e) => e.eventId) })),
    evidence: t.statements,
  };
  if (report.correlation) out.correlation = report.correlation;
  if (report.health) {
    const r = report.health.result;
    out.health = {
      status: r.status,
      ...(r.status === 'ok' ? { events: r.events } : { note: r.note }),
      statements: report.health.statements,
    };
  }
  if (report.lookup) out.lookup = report.lookup;
  out.notes = report.notes;
  return out;
}

export function timelineText(report: TimelineReport): string {
  const t = report.timeline;
  const lines: string[] = [];
  const what = [t.kind ? `${t.kind} API` : 'API', t.apiId].join(' ');
  const failed = t.entries.filter((e) => e.failed).length;
  const changes = t.entries.length - failed;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(
    `${what}${t.region ? ` in ${t.region}` : ''}: ${plural(changes, 'change')}${failed ? ` and ${plural(failed, 'failed call')}` : ''} from ${t.window.start} to ${t.window.end} (UTC)`,
  );
  lines.push('');
  if (t.entries.length === 0) {
    lines.push('  no management event recorded for this API in the window');
  } else {
    const eventWidth = Math.max(...t.entries.map((e) => e.event.length));
    for (const e of t.entries)
      lines.push(`  ${e.time}  ${e.event.padEnd(eventWidth)}  ${e.summary}, by ${e.actor}`);
  }
  if (t.stages.length) {
    lines.push('', 'Stages');
    const width = Math.max(...t.stages.map((s) => s.name.length));
    for (const s of t.stages) {
      let state: string;
      if (s.deletedAt) state = `deleted at ${s.deletedAt} by ${s.deletedBy ?? 'unknown'}`;
      else if (!s.deployedAt) state = `deployment ${s.deploymentId ?? '?'}, made before the window`;
      else {
        const pending = s.undeployed.length;
        state = `deployment ${s.deploymentId ?? '?'} of ${s.deployedAt}${s.deployedBy ? ` by ${s.deployedBy}` : ''}; ${
          pending === 0 ? 'no later change' : `${pending} later change${pending === 1 ? '' : 's'} not live`
        }`;
      }
      lines.push(`  ${s.name.padEnd(width)}  ${state}`);
    }
  }
  const section = (title: string, items: string[]): void => {
    if (items.length === 0) return;
    lines.push('', title);
    for (const item of items) lines.push(`  - ${item}`);
  };
  section('Evidence', t.statements);
  if (report.correlation)
    section(`Failures since ${report.correlation.failureStart}`, report.correlation.statements);
  if (report.health) {
    const r = report.health.result;
    section('AWS Health', r.status === 'ok' ? report.health.statements : [r.note]);
  }
  section('Notes', report.notes);
  return `${lines.join('\n')}\n`;
}
