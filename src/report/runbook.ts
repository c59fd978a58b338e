/**
 * `apigw-doctor runbook`: a Markdown runbook for a wiki, from what the tool wrote during an incident:
 * `diagnose -o json`, `fix -o json` (the plan, or the result of --apply), a backup's journal.json
 * (with the manifest.json beside it) and `guard alarms -o json`. Everything in it comes from those
 * files; secrets are redacted and every value is escaped for Markdown. Pure: documents in, text out.
 */
import type { JournalEntry } from '../remediate/apply.js';
import type { BackupManifest } from '../remediate/backup.js';
import type { Plan } from '../remediate/types.js';
import type { GuardPlan } from '../guard/plan.js';
import { REDACTED, redactHeaders, redactUrl } from '../model/redact.js';
import { shellQuote } from '../remediate/emit-sh.js';

type Json = Record<string, unknown>;

export interface DiagnosisDoc {
  request?: { method?: string; url?: string; headers?: Record<string, string> };
  response?: { status?: number; headers?: Record<string, string>; body?: string; source?: string } | null;
  live?: { status?: number | null; headers?: Record<string, string>; body?: string } | null;
  outcome?: string;
  api?: { id?: string; kind?: string; name?: string | null; region?: string | null } | null;
  stage?: string | null;
  trace?: unknown[];
  findings?: {
    id: string;
    severity?: string;
    title?: string;
    explanation?: string;
    evidence?: unknown;
    fix?: unknown;
    verify?: unknown;
  }[];
}

export interface FixApplied {
  outcome: string;
  reason?: string | null;
  journal: JournalEntry[];
  backup?: string;
  newDeploymentId?: string | null;
}

export type GuardDoc = GuardPlan & {
  applied: {
    outcome: string;
    steps: { step: number; summary: string; status: string; detail?: string }[];
    reason?: string;
  } | null;
};

export interface RunbookInputs {
  diagnosis?: DiagnosisDoc;
  plan?: Plan;
  applied?: FixApplied;
  /** The backup manifest (next to a journal.json). */
  manifest?: BackupManifest;
  backupDir?: string;
  guard?: GuardDoc[];
  /** Where each input came from, for the footer. */
  sources: string[];
}

export type DocumentKind = 'diagnosis' | 'fix-plan' | 'fix-apply' | 'journal' | 'manifest' | 'guard-alarms';

/** Which of the tool's outputs a parsed JSON document is. */
export function detectDocument(doc: unknown): DocumentKind | undefined {
  if (Array.isArray(doc)) {
    const looksLikeJournal = doc.every(
      (e) =>
        e &&
        typeof e === 'object' &&
        typeof (e as Json).step === 'number' &&
        typeof (e as Json).status === 'string',
    );
    return looksLikeJournal ? 'journal' : undefined;
  }
  if (!doc || typeof doc !== 'object') return undefined;
  const o = doc as Json;
  if (o.apigwDoctorGuard === 1) return 'guard-alarms';
  if (o.apigwDoctorBackup === 1) return 'manifest';
  if (o.plan && typeof o.plan === 'object' && (o.plan as Json).apigwDoctorPlan === 1)
    return o.applied && typeof o.applied === 'object' ? 'fix-apply' : 'fix-plan';
  if (o.apigwDoctorPlan === 1) return 'fix-plan';
  if (o.request && typeof o.request === 'object' && Array.isArray(o.findings) && 'outcome' in o)
    return 'diagnosis';
  return undefined;
}

// ---- Markdown ------------------------------------------------------------------------------------

/** Text in a paragraph or list: Markdown and HTML metacharacters escaped, one line. */
export function md(value: unknown): string {
  return (
    scrub(String(value ?? ''))
      .replace(/\s*[\r\n]\s*/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/[\\`*[\]|<>~]/g, (c) => `\\${c}`)
      // `_` inside a word (MISSING_AUTHENTICATION_TOKEN) never makes emphasis: only the others are escaped.
      .replace(/_/g, (c, i: number, all: string) =>
        /[A-Za-z0-9]/.test(all[i - 1] ?? '') && /[A-Za-z0-9]/.test(all[i + 1] ?? '') ? c : `\\${c}`,
      )
  );
}

/** Inline code: a backtick fence longer than any run inside. */
export function code(value: unknown): string {
  const text = scrub(String(value ?? '')).replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text === '' ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fenced block, its fence longer than any backtick run in it. */
export function block(text: string, lang = ''): string {
  const body = scrub(text).replace(/\s+$/, '');
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${body}\n${fence}`;
}

/** Secrets that may sit in free text: access key ids, SigV4 signatures and credentials, bearer tokens. */
function scrub(text: string): string {
  return text
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, REDACTED)
    .replace(/(X-Amz-(?:Signature|Credential|Security-Token)=)[^&\s"']+/gi, `$1${REDACTED}`)
    .replace(/(Signature=)[0-9a-f]{64}/g, `$1${REDACTED}`)
    .replace(/\b(Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REDACTED}`);
}

function headerLines(headers: Record<string, string> | undefined): string[] {
  return Object.entries(redactHeaders(headers ?? {})).map(([k, v]) => `${k}: ${v}`);
}

// ---- the runbook ---------------------------------------------------------------------------------

function beforeAfter(inputs: RunbookInputs): { before?: string; after?: string } {
  const out: { before?: string; after?: string } = {};
  const before = inputs.manifest?.deploymentId ?? inputs.plan?.expected?.deploymentId;
  if (before) out.before = before;
  for (const e of inputs.applied?.journal ?? []) {
    if (e.status !== 'done' || !e.undoData) continue;
    if (!out.before && typeof e.undoData.previousDeploymentId === 'string')
      out.before = e.undoData.previousDeploymentId;
    if (typeof e.undoData.deploymentId === 'string') out.after = e.undoData.deploymentId;
  }
  if (inputs.applied?.newDeploymentId) out.after = inputs.applied.newDeploymentId;
  return out;
}

/** The outcome of an apply: from the fix result, or read from the journal alone. */
function outcomeOf(applied: FixApplied): string {
  if (applied.outcome) return applied.outcome;
  const j = applied.journal;
  if (j.some((e) => e.status === 'undo-failed')) return 'rollback-failed';
  if (j.some((e) => e.status === 'undone')) return 'rolled-back';
  if (j.some((e) => e.status === 'failed')) return 'failed';
  return 'applied';
}

export function renderRunbook(inputs: RunbookInputs): string {
  const { diagnosis: d, plan } = inputs;
  const out: string[] = [];
  const method = d?.request?.method ?? plan?.method ?? 'GET';
  const url = d?.request?.url ?? plan?.url;
  const status = d?.response?.status ?? d?.live?.status ?? undefined;
  const message = messageOf(d?.response?.body ?? d?.live?.body);
  const apiId = plan?.apiId ?? inputs.manifest?.apiId ?? d?.api?.id ?? inputs.guard?.[0]?.target.apiId;
  const stage = plan?.stage ?? inputs.manifest?.stage ?? d?.stage ?? inputs.guard?.[0]?.target.stage;
  const region =
    plan?.region ?? inputs.manifest?.region ?? d?.api?.region ?? inputs.guard?.[0]?.target.region;
  const account = plan?.accountId ?? inputs.manifest?.accountId ?? inputs.guard?.[0]?.target.accountId;
  const when = inputs.applied?.journal[0]?.at ?? plan?.createdAt ?? inputs.guard?.[0]?.createdAt;

  const title = url
    ? `${method} ${redactUrl(url)}${status ? ` answered ${status}${message ? ` ${message}` : ''}` : ''}`
    : `API ${apiId ?? 'unknown'} stage ${stage ?? 'unknown'}`;
  out.push(`# Runbook: ${md(title)}`, '');
  const facts: [string, string | undefined][] = [
    ['Date', when],
    [
      'API',
      apiId
        ? `${apiId}${d?.api?.name ? ` (${d.api.name})` : ''}${d?.api?.kind ? `, ${d.api.kind}` : ''}`
        : undefined,
    ],
    ['Stage', stage ?? undefined],
    ['Region', region ?? undefined],
    ['Account', account],
  ];
  for (const [k, v] of facts) if (v) out.push(`- **${k}:** ${md(v)}`);
  out.push('');

  // Symptom
  out.push('## Symptom', '');
  if (url) {
    const req = [`${method} ${redactUrl(url)}`, ...headerLines(d?.request?.headers)];
    out.push('The request:', '', block(req.join('\n'), 'http'), '');
  }
  if (d?.response || d?.live) {
    const r = d.response ?? {
      status: d.live?.status ?? undefined,
      headers: d.live?.headers,
      body: d.live?.body,
    };
    const answer = [`HTTP ${r.status ?? '(no answer)'}`, ...headerLines(r.headers), '', r.body ?? ''].join(
      '\n',
    );
    const how =
      d.live && d.live.status !== null && d.live.status !== undefined
        ? 'API Gateway answered:'
        : 'API Gateway answers (predicted from its configuration; the URL was not requested):';
    out.push(how, '', block(answer, 'http'), '');
  } else if (!url) out.push('Not recorded in the inputs.', '');
  else out.push('The answer is not in the inputs (give the `diagnose -o json` output to include it).', '');

  // Evidence
  out.push('## Evidence', '');
  const evidence = (d?.findings ?? []).flatMap((f) =>
    listOf(f.evidence).map((e) => `- ${md(e)} (${code(f.id)})`),
  );
  if (evidence.length) out.push(...evidence);
  const trace = (d?.trace ?? []).map((t) => traceLine(t)).filter(Boolean);
  if (trace.length)
    out.push('', 'How API Gateway handled the request:', '', ...trace.map((t) => `1. ${md(t)}`));
  if (!evidence.length && !trace.length)
    out.push('Not in the inputs (give the `diagnose -o json` output to include it).');
  out.push('');

  // Cause
  out.push('## Cause', '');
  if (d?.findings?.length) {
    for (const f of d.findings) {
      out.push(
        `- **${md(f.title ?? f.id)}** (${code(f.id)}${f.severity ? `, ${md(f.severity)}` : ''})${f.explanation ? `: ${md(f.explanation)}` : ''}`,
      );
    }
  } else if (plan) {
    const ids = [
      ...new Set([
        ...plan.actions.map((a) => a.findingId),
        ...plan.clientFixes.map((c) => c.findingId),
        ...plan.notFixed.map((n) => n.findingId),
      ]),
    ];
    out.push(ids.length ? `Findings: ${ids.map((i) => code(i)).join(', ')}.` : 'No finding in the inputs.');
  } else out.push('Not in the inputs.');
  out.push('');

  // Fix
  out.push('## Fix applied', '');
  if (plan) renderFix(out, inputs);
  else out.push('No fix in the inputs (give `fix -o json` or the backup’s journal.json).');
  out.push('');

  // Backup and rollback
  const backup = inputs.backupDir ?? inputs.applied?.backup;
  out.push('## Backup', '');
  if (backup) {
    out.push(
      `Taken before the first change: ${code(backup)}` +
        (inputs.manifest
          ? ` (${[...inputs.manifest.files, 'manifest.json', 'journal.json'].map((f) => code(f)).join(', ')})`
          : '') +
        '.',
    );
  } else out.push(inputs.applied ? 'Not recorded.' : 'None: nothing was applied.');
  out.push('');
  out.push('## Rollback', '');
  const { before } = beforeAfter(inputs);
  if (backup && inputs.applied) {
    out.push('Put the stage back on the deployment it served before (safe to run twice):', '');
    out.push(block(`apigw-doctor rollback ${shellQuote(backup)}`, 'sh'), '');
    if (before && apiId && stage && region) {
      out.push('Or with the AWS CLI:', '');
      out.push(
        block(
          `aws apigateway update-stage --region ${shellQuote(region)} --rest-api-id ${shellQuote(apiId)} --stage-name ${shellQuote(stage)} --patch-operations op=replace,path=/deploymentId,value=${shellQuote(before)}`,
          'sh',
        ),
        '',
      );
    }
  } else out.push('Nothing to roll back: nothing was applied.', '');

  // Verification
  out.push('## Verification', '');
  renderVerification(out, inputs);
  out.push('');

  // Alarms
  out.push('## Alarms and rules installed', '');
  if (inputs.guard?.length) for (const g of inputs.guard) renderGuard(out, g);
  else
    out.push(
      'None in the inputs. Install them with:',
      '',
      block(
        `apigw-doctor guard alarms --api ${shellQuote(apiId ?? 'API_ID')} --stage ${shellQuote(stage ?? 'STAGE')}${region ? ` --region ${shellQuote(region)}` : ''} --sns-topic-arn TOPIC_ARN --apply`,
        'sh',
      ),
      '',
    );

  // Follow-ups
  out.push('## Follow-ups', '');
  const followUps = [
    `Watch the API for 24–48 hours: the ${code('4XXError')} metric of stage ${code(stage ?? '?')}${inputs.guard?.length ? ' and the alarms above' : ''}; a new deployment by a pipeline can undo the fix.`,
    `Check the other accounts and regions for the same mistake: ${code('apigw-doctor scan')}.`,
  ];
  const managed = plan?.blastRadius?.managedBy;
  if (managed)
    followUps.push(
      `The API is managed by ${md(managed.tool)}${managed.name ? ` (${md(managed.name)})` : ''}: put the fix in its code (${code('apigw-doctor fix --emit cloudformation|terraform')}) and lint it (${code('apigw-doctor lint')}), or the next deployment reverts it.`,
    );
  else
    followUps.push(
      `Put the fix in the infrastructure code that owns the API, and lint it: ${code('apigw-doctor lint PATH')}.`,
    );
  for (const n of plan?.notFixed ?? [])
    followUps.push(`Not fixed automatically: ${code(n.findingId)}: ${md(n.reason)}`);
  for (const c of plan?.clientFixes ?? [])
    followUps.push(
      `Client side: ${md(c.summary)}${c.correctedUrl ? ` (${code(redactUrl(c.correctedUrl))})` : ''}`,
    );
  out.push(...followUps.map((f) => `- [ ] ${f}`), '');

  out.push(
    '---',
    '',
    `Written by apigw-doctor runbook from ${inputs.sources.map((s) => code(s)).join(', ')}.`,
  );
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

function renderFix(out: string[], inputs: RunbookInputs): void {
  const plan = inputs.plan!;
  if (!plan.actions.length) {
    out.push('Nothing to change in AWS.');
    return;
  }
  const applied = inputs.applied;
  out.push(
    applied
      ? `Outcome: **${md(outcomeOf(applied))}**${applied.reason ? `: ${md(applied.reason)}` : ''}.`
      : 'Planned, **not applied** (dry run).',
    '',
  );
  plan.actions.forEach((a, i) => {
    out.push(
      `${i + 1}. ${md(a.summary)} (fixes ${code(a.findingId)}; undo: ${md(a.undo ?? 'cannot be undone')})`,
    );
  });
  const { before, after } = beforeAfter(inputs);
  if (before || after) {
    out.push(
      '',
      `Deployment before: ${before ? code(before) : 'none'}; after: ${after ? code(after) : applied ? 'unchanged' : 'not applied'}.`,
    );
  }
  const commands = plan.actions.flatMap((a) => a.cli);
  if (commands.length)
    out.push('', 'The same change with the AWS CLI:', '', block(commands.join('\n'), 'sh'));
  if (applied?.journal.length) {
    out.push('', 'Journal:', '', '| Step | Time | Status | What |', '| --- | --- | --- | --- |');
    for (const e of applied.journal)
      out.push(
        `| ${e.step} | ${md(e.at)} | ${md(e.status)} | ${md(e.summary)}${e.detail ? `: ${md(e.detail)}` : ''} |`,
      );
  }
  const radius = plan.blastRadius;
  if (radius) {
    const changes = [
      ...radius.routeChanges.added.map((r) => `added ${r}`),
      ...radius.routeChanges.removed.map((r) => `removed ${r}`),
      ...radius.routeChanges.changed.map((r) => `changed ${r}`),
    ];
    if (changes.length)
      out.push('', `Routes this changed on the stage: ${changes.map((c) => md(c)).join('; ')}.`);
  }
}

function renderVerification(out: string[], inputs: RunbookInputs): void {
  const verify = inputs.applied?.journal.filter((e) => e.summary === 'verify the fix') ?? [];
  if (verify.length) {
    for (const v of verify)
      out.push(`- ${v.status === 'done' ? 'Passed' : 'Failed'} at ${md(v.at)}: ${md(v.detail ?? '')}`);
  } else if (inputs.applied) {
    const outcome = outcomeOf(inputs.applied);
    out.push(
      outcome === 'applied'
        ? '- Passed (the apply completes only after verification).'
        : `- Not passed: ${md(inputs.applied.reason ?? outcome)}.`,
    );
  } else out.push('- Nothing applied, nothing verified.');
  const d = inputs.diagnosis;
  const checks = (d?.findings ?? []).flatMap((f) => listOf(f.verify));
  if (checks.length) out.push('', 'Check it yourself:', '', block(checks.join('\n'), 'sh'));
}

function renderGuard(out: string[], g: GuardDoc): void {
  const t = g.target;
  out.push(
    `For ${md(t.apiKind)} API ${code(t.apiId)} stage ${code(t.stage)} (${md(t.region)}): ${g.applied ? (g.applied.outcome === 'applied' ? '**installed**' : `**failed**: ${md(g.applied.reason ?? '')}`) : 'planned (dry run), **not installed**'}.`,
    '',
  );
  for (const a of g.alarms) {
    const rule = a.Metrics
      ? `anomaly detection band (${md(a.Metrics.find((m) => m.Expression)?.Expression ?? '')})`
      : `${md(a.Namespace)}/${md(a.MetricName)} ${md(a.Statistic)} per ${a.Period} s, ${md(a.ComparisonOperator)} ${md(a.Threshold)}`;
    out.push(
      `- Alarm ${code(a.AlarmName)}: ${rule}, ${a.DatapointsToAlarm} of ${a.EvaluationPeriods} periods${a.AlarmActions.length ? `, notifies ${code(a.AlarmActions.join(', '))}` : ', notifies no one'}`,
    );
  }
  if (g.threshold?.method === 'mean+2sd')
    out.push(
      `- Threshold: mean ${md(round(g.threshold.mean!))} + 2 × σ ${md(round(g.threshold.stddev!))} over ${g.threshold.datapoints} five-minute datapoints (${md(g.threshold.window.start)} to ${md(g.threshold.window.end)})`,
    );
  else if (g.threshold)
    out.push(`- Threshold: the default ${g.threshold.value} (${md(g.threshold.reason ?? '')})`);
  if (g.metricFilter)
    out.push(
      `- Metric filter ${code(g.metricFilter.filterName)} on ${code(g.metricFilter.logGroupName)}: ${code(g.metricFilter.filterPattern)}`,
    );
  if (g.accessLog && g.accessLog.change !== 'none') {
    out.push(
      `- Access log of the stage ${g.accessLog.change === 'enable' ? 'turned on' : 'given the response type'}, into ${code(g.accessLog.after.destinationArn)}:`,
      '',
      block(g.accessLog.after.format, 'json'),
    );
    if (g.accessLog.before?.format) out.push('', '  It was:', '', block(g.accessLog.before.format, 'json'));
  }
  for (const s of g.skipped) out.push(`- Skipped ${md(s.what)}: ${md(s.reason)}`);
  if (g.applied?.steps.length) {
    out.push('', '| Step | Status | What |', '| --- | --- | --- |');
    for (const s of g.applied.steps)
      out.push(`| ${s.step} | ${md(s.status)} | ${md(s.summary)}${s.detail ? `: ${md(s.detail)}` : ''} |`);
  }
  out.push('');
}

function round(v: number): string {
  return String(Math.round(v * 100) / 100);
}

function listOf(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v) => listOf(v));
  if (typeof value === 'object') {
    const o = value as Json;
    if (typeof o.text === 'string') return [o.text];
    if (typeof o.command === 'string') return [o.command];
    return Object.entries(o).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  }
  return [String(value)];
}

function traceLine(step: unknown): string {
  if (typeof step === 'string') return step;
  if (step && typeof step === 'object') {
    const o = step as Json;
    const head =
      typeof o.step === 'string' ? `${o.step}${typeof o.result === 'string' ? ` (${o.result})` : ''}` : '';
    const text = [head, o.detail, o.message, o.summary].filter((x) => typeof x === 'string' && x).join(': ');
    return text || JSON.stringify(o);
  }
  return '';
}

function messageOf(body: string | undefined): string {
  if (!body) return '';
  try {
    const parsed = JSON.parse(body) as { message?: unknown; Message?: unknown };
    const m = parsed.message ?? parsed.Message;
    return typeof m === 'string' ? `"${m}"` : '';
  } catch {
    return '';
  }
}
