/**
 * `guard alarms`: the plan that makes the next Missing Authentication Token page someone. Pure data made
 * from what was read (the API, its stage, 14 days of 4XX metrics, the log group, existing alarms),
 * printed as a dry run, applied by `apply.ts`, emitted as CloudFormation or Terraform.
 */
import { shellQuote } from '../remediate/emit-sh.js';
import {
  defaultAccessLogFormat,
  formatKind,
  mergeAccessLogFormat,
  type LogFormatKind,
} from './access-log.js';
import { PERIOD_SECONDS, type Threshold } from './threshold.js';

export type ApiKind = 'REST' | 'HTTP';

export interface GuardTarget {
  apiId: string;
  apiKind: ApiKind;
  apiName?: string;
  stage: string;
  region: string;
  accountId?: string;
}

export interface Dimension {
  Name: string;
  Value: string;
}

/** The PutMetricAlarm input, exactly as sent (and as `aws cloudwatch put-metric-alarm --cli-input-json` takes it). */
export interface MetricAlarmSpec {
  AlarmName: string;
  AlarmDescription: string;
  ActionsEnabled: boolean;
  AlarmActions: string[];
  OKActions: string[];
  EvaluationPeriods: number;
  DatapointsToAlarm: number;
  ComparisonOperator: string;
  TreatMissingData: string;
  Threshold?: number;
  Namespace?: string;
  MetricName?: string;
  Dimensions?: Dimension[];
  Statistic?: string;
  Period?: number;
  Metrics?: {
    Id: string;
    ReturnData: boolean;
    Label?: string;
    Expression?: string;
    MetricStat?: {
      Metric: { Namespace: string; MetricName: string; Dimensions: Dimension[] };
      Period: number;
      Stat: string;
    };
  }[];
  ThresholdMetricId?: string;
}

export interface MetricFilterSpec {
  logGroupName: string;
  filterName: string;
  filterPattern: string;
  metricTransformations: {
    metricName: string;
    metricNamespace: string;
    metricValue: string;
    unit: 'Count';
  }[];
}

export type GuardStep =
  | {
      kind: 'create-log-group';
      logGroupName: string;
      retentionInDays: number;
      summary: string;
      cli: string[];
    }
  | {
      kind: 'update-stage-access-log';
      apiId: string;
      stage: string;
      format: string;
      destinationArn: string;
      summary: string;
      cli: string[];
    }
  | { kind: 'put-metric-filter'; filter: MetricFilterSpec; summary: string; cli: string[] }
  | { kind: 'put-metric-alarm'; alarm: MetricAlarmSpec; exists: boolean; summary: string; cli: string[] };

export interface AccessLogPlan {
  /** The stage's settings as read (null: access logging off). */
  before: { format?: string; destinationArn?: string } | null;
  after: { format: string; destinationArn: string };
  change: 'none' | 'enable' | 'add-field';
  kind: LogFormatKind;
  /** The field that carries the response type (JSON key or XML element). */
  field?: string;
  filterPattern: string;
}

export interface GuardPlan {
  apigwDoctorGuard: 1;
  kind: 'alarms';
  createdAt: string;
  target: GuardTarget;
  /** The API's 4XX metric, as API Gateway publishes it. */
  metric: { namespace: 'AWS/ApiGateway'; metricName: string; dimensions: Dimension[] };
  /** The static threshold (null with --anomaly-band). */
  threshold: Threshold | null;
  anomalyBand: number | null;
  snsTopicArn: string | null;
  accessLog: AccessLogPlan | null;
  logGroup: { name: string; arn: string; exists: boolean; retentionInDays?: number } | null;
  metricFilter: MetricFilterSpec | null;
  alarms: MetricAlarmSpec[];
  steps: GuardStep[];
  /** What was left out, with why. */
  skipped: { what: string; reason: string }[];
  /** Warnings the user must read (drift with a stack, the account's CloudWatch role). */
  notes: string[];
}

export interface GuardInputs {
  target: GuardTarget;
  /** From GetStage (REST) or GetStage v2 (HTTP). */
  stage: { accessLogSettings?: { format?: string; destinationArn?: string }; tags?: Record<string, string> };
  threshold: Threshold | null;
  anomalyBand?: number;
  snsTopicArn?: string;
  /** Log groups that exist (by name) with their ARN. */
  existingLogGroups: Record<string, string>;
  existingAlarms: string[];
  now?: Date;
}

export const CUSTOM_NAMESPACE = 'APIGatewayDoctor';
export const LOG_RETENTION_DAYS = 90;
const EVALUATION_PERIODS = 3;

/** API Gateway drops non-ASCII characters from ApiName, and uses the id when nothing is left (documented). */
export function metricApiName(name: string | undefined, id: string): string {
  // eslint-disable-next-line no-control-regex
  const ascii = (name ?? '').replace(/[^\x00-\x7f]/g, '');
  return ascii || id;
}

export function apiMetric(target: GuardTarget): GuardPlan['metric'] {
  return target.apiKind === 'REST'
    ? {
        namespace: 'AWS/ApiGateway',
        metricName: '4XXError',
        dimensions: [
          { Name: 'ApiName', Value: metricApiName(target.apiName, target.apiId) },
          { Name: 'Stage', Value: target.stage },
        ],
      }
    : {
        namespace: 'AWS/ApiGateway',
        metricName: '4xx',
        dimensions: [
          { Name: 'ApiId', Value: target.apiId },
          { Name: 'Stage', Value: target.stage },
        ],
      };
}

/** Names AWS accepts for alarms, filters and log groups: the stage `$default` keeps its `$`. */
function nameOf(prefix: string, target: GuardTarget): string {
  return `apigw-doctor-${prefix}-${target.apiId}-${target.stage}`;
}

export function proposedLogGroupName(target: GuardTarget): string {
  return `/aws/apigateway/access-logs/${target.apiId}/${target.stage.replace(/[^A-Za-z0-9_\-./#]/g, '_')}`;
}

function logGroupArn(target: GuardTarget, name: string): string {
  return `arn:aws:logs:${target.region}:${target.accountId ?? 'ACCOUNT_ID'}:log-group:${name}`;
}

/** The ARN API Gateway takes as destinationArn: a log group's ARN without the trailing `:*`. */
export function withoutWildcard(arn: string): string {
  return arn.replace(/:\*$/, '');
}

function fourXxAlarm(
  plan: Pick<GuardPlan, 'metric' | 'threshold' | 'anomalyBand' | 'target'>,
  actions: string[],
): MetricAlarmSpec {
  const { metric, target } = plan;
  const base = {
    AlarmName: nameOf('4xx', target),
    ActionsEnabled: true,
    AlarmActions: actions,
    OKActions: actions,
    EvaluationPeriods: EVALUATION_PERIODS,
    DatapointsToAlarm: 2,
    TreatMissingData: 'notBreaching',
  };
  const where = `${target.apiKind} API ${target.apiId} stage ${target.stage}`;
  if (plan.anomalyBand !== null) {
    return {
      ...base,
      AlarmDescription: `apigw-doctor: client errors (${metric.metricName}) of ${where} above the anomaly detection band (${plan.anomalyBand} standard deviations), in 2 of 3 five-minute periods`,
      ComparisonOperator: 'GreaterThanUpperThreshold',
      Metrics: [
        {
          Id: 'm1',
          ReturnData: true,
          MetricStat: {
            Metric: {
              Namespace: metric.namespace,
              MetricName: metric.metricName,
              Dimensions: metric.dimensions,
            },
            Period: PERIOD_SECONDS,
            Stat: 'Sum',
          },
        },
        {
          Id: 'ad1',
          ReturnData: true,
          Label: `${metric.metricName} (expected)`,
          Expression: `ANOMALY_DETECTION_BAND(m1, ${plan.anomalyBand})`,
        },
      ],
      ThresholdMetricId: 'ad1',
    };
  }
  const t = plan.threshold!;
  const basis =
    t.method === 'mean+2sd'
      ? `mean ${round(t.mean!)} + 2 x stddev ${round(t.stddev!)} of ${t.datapoints} five-minute sums over 14 days`
      : `the default (${t.reason})`;
  return {
    ...base,
    AlarmDescription: `apigw-doctor: client errors (${metric.metricName}) of ${where} above ${round(t.value)} per 5 minutes (${basis}), in 2 of 3 periods`,
    Namespace: metric.namespace,
    MetricName: metric.metricName,
    Dimensions: metric.dimensions,
    Statistic: 'Sum',
    Period: PERIOD_SECONDS,
    Threshold: t.value,
    ComparisonOperator: 'GreaterThanThreshold',
  };
}

export function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function matAlarm(target: GuardTarget, actions: string[]): MetricAlarmSpec {
  return {
    AlarmName: nameOf('mat', target),
    AlarmDescription: `apigw-doctor: REST API ${target.apiId} stage ${target.stage} answered 403 Missing Authentication Token (from its access log) in 3 consecutive five-minute periods: a route or a deployment is missing`,
    ActionsEnabled: true,
    AlarmActions: actions,
    OKActions: actions,
    Namespace: CUSTOM_NAMESPACE,
    MetricName: matMetricName(target),
    Statistic: 'Sum',
    Period: PERIOD_SECONDS,
    EvaluationPeriods: EVALUATION_PERIODS,
    DatapointsToAlarm: EVALUATION_PERIODS,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
  };
}

export function matMetricName(target: GuardTarget): string {
  return `MissingAuthenticationToken-${target.apiId}-${target.stage}`;
}

export function makeGuardPlan(input: GuardInputs): GuardPlan {
  const { target } = input;
  const actions = input.snsTopicArn ? [input.snsTopicArn] : [];
  const plan: GuardPlan = {
    apigwDoctorGuard: 1,
    kind: 'alarms',
    createdAt: (input.now ?? new Date()).toISOString(),
    target,
    metric: apiMetric(target),
    threshold: input.anomalyBand !== undefined ? null : input.threshold,
    anomalyBand: input.anomalyBand ?? null,
    snsTopicArn: input.snsTopicArn ?? null,
    accessLog: null,
    logGroup: null,
    metricFilter: null,
    alarms: [],
    steps: [],
    skipped: [],
    notes: [],
  };
  if (!input.snsTopicArn)
    plan.notes.push('no --sns-topic-arn: the alarms change state but notify no one until you add an action');
  plan.alarms.push(fourXxAlarm(plan, actions));

  if (target.apiKind === 'HTTP') {
    plan.skipped.push({
      what: 'the Missing Authentication Token alarm',
      reason: `an HTTP API never answers Missing Authentication Token (an unknown route is 404 Not Found): the ${plan.metric.metricName} alarm covers it`,
    });
  } else {
    planAccessLog(plan, input);
    if (plan.accessLog && plan.logGroup) {
      plan.alarms.push(matAlarm(target, actions));
    }
  }
  for (const alarm of plan.alarms) {
    const exists = input.existingAlarms.includes(alarm.AlarmName);
    plan.steps.push({
      kind: 'put-metric-alarm',
      alarm,
      exists,
      summary: `${exists ? 'update' : 'create'} alarm ${alarm.AlarmName}`,
      cli: [
        `aws cloudwatch put-metric-alarm --region ${shellQuote(target.region)} --cli-input-json ${shellQuote(JSON.stringify(alarm))}`,
      ],
    });
  }
  return plan;
}

function planAccessLog(plan: GuardPlan, input: GuardInputs): void {
  const { target } = input;
  const settings = input.stage.accessLogSettings;
  const destination = settings?.destinationArn;
  if (destination && !/^arn:[^:]+:logs:/.test(destination)) {
    plan.skipped.push({
      what: 'the Missing Authentication Token alarm',
      reason: `the stage's access log goes to ${destination}, not to CloudWatch Logs: a metric filter cannot read it (count responseType = MISSING_AUTHENTICATION_TOKEN where the stream lands)`,
    });
    return;
  }
  const groupName = destination
    ? (/:log-group:([^:]+)/.exec(destination)?.[1] ?? proposedLogGroupName(target))
    : proposedLogGroupName(target);
  const existingArn = input.existingLogGroups[groupName];
  const arn = destination
    ? withoutWildcard(destination)
    : withoutWildcard(existingArn ?? logGroupArn(target, groupName));
  const merged = settings?.format
    ? mergeAccessLogFormat(settings.format)
    : { ...mergeAccessLogFormat(defaultAccessLogFormat()), changed: true };
  const change: AccessLogPlan['change'] =
    !settings?.format || !destination ? 'enable' : merged.changed ? 'add-field' : 'none';
  plan.accessLog = {
    before: settings && (settings.format || settings.destinationArn) ? { ...settings } : null,
    after: { format: merged.format, destinationArn: arn },
    change,
    kind: settings?.format ? formatKind(settings.format) : 'json',
    ...(merged.field ? { field: merged.field } : {}),
    filterPattern: merged.filterPattern,
  };
  plan.logGroup = {
    name: groupName,
    arn,
    exists: existingArn !== undefined,
    ...(existingArn === undefined ? { retentionInDays: LOG_RETENTION_DAYS } : {}),
  };
  const region = shellQuote(target.region);
  if (existingArn === undefined) {
    plan.steps.push({
      kind: 'create-log-group',
      logGroupName: groupName,
      retentionInDays: LOG_RETENTION_DAYS,
      summary: `create log group ${groupName} (${LOG_RETENTION_DAYS} days retention)`,
      cli: [
        `aws logs create-log-group --region ${region} --log-group-name ${shellQuote(groupName)}`,
        `aws logs put-retention-policy --region ${region} --log-group-name ${shellQuote(groupName)} --retention-in-days ${LOG_RETENTION_DAYS}`,
      ],
    });
  }
  if (change !== 'none') {
    const ops = [
      { op: 'replace', path: '/accessLogSettings/destinationArn', value: arn },
      { op: 'replace', path: '/accessLogSettings/format', value: merged.format },
    ];
    plan.steps.push({
      kind: 'update-stage-access-log',
      apiId: target.apiId,
      stage: target.stage,
      format: merged.format,
      destinationArn: arn,
      summary:
        change === 'enable'
          ? `turn on access logging of stage ${target.stage} into ${groupName}, JSON format with ${merged.field ? `"${merged.field}"` : 'the response type'}`
          : `add ${merged.field ? `"${merged.field}": ` : ''}$context.error.responseType to the access log format of stage ${target.stage} (your fields kept)`,
      cli: [
        `aws apigateway update-stage --region ${region} --rest-api-id ${shellQuote(target.apiId)} --stage-name ${shellQuote(target.stage)} --patch-operations ${shellQuote(JSON.stringify(ops))}`,
      ],
    });
    const owner = ownerOf(input.stage.tags ?? {});
    if (owner)
      plan.notes.push(
        `stage ${target.stage} is managed by ${owner}: put the same access log settings in its template too, or its next deployment reverts them (--emit prints them)`,
      );
    if (change === 'enable')
      plan.notes.push(
        'REST API access logging needs the account-level CloudWatch Logs role of API Gateway (aws apigateway get-account: cloudwatchRoleArn); without it UpdateStage is refused',
      );
  }
  const filter: MetricFilterSpec = {
    logGroupName: groupName,
    filterName: nameOf('mat', target),
    filterPattern: merged.filterPattern,
    metricTransformations: [
      {
        metricName: matMetricName(target),
        metricNamespace: CUSTOM_NAMESPACE,
        metricValue: '1',
        unit: 'Count',
      },
    ],
  };
  plan.metricFilter = filter;
  plan.steps.push({
    kind: 'put-metric-filter',
    filter,
    summary: `metric filter ${filter.filterName} on ${groupName}: ${filter.filterPattern} counts into ${CUSTOM_NAMESPACE}/${matMetricName(target)}`,
    cli: [
      `aws logs put-metric-filter --region ${region} --log-group-name ${shellQuote(groupName)} --filter-name ${shellQuote(filter.filterName)} --filter-pattern ${shellQuote(filter.filterPattern)} --metric-transformations ${shellQuote(JSON.stringify(filter.metricTransformations))}`,
    ],
  });
}

/** The tool that owns the stage, from the tags CloudFormation and Terraform users set. */
function ownerOf(tags: Record<string, string>): string | undefined {
  const stack = tags['aws:cloudformation:stack-name'];
  if (stack) return `CloudFormation stack ${stack}`;
  if (Object.entries(tags).some(([k, v]) => /terraform/i.test(k) || /terraform/i.test(v))) return 'Terraform';
  return undefined;
}

/** The plan as text; `steps: false` leaves the steps out (the apply prints their results instead). */
export function guardPlanToText(plan: GuardPlan, steps = true): string {
  const t = plan.target;
  const lines: string[] = [];
  lines.push(
    `Alarms for ${t.apiKind} API ${t.apiId}${t.apiName ? ` (${t.apiName})` : ''}, stage ${t.stage}, ${t.region}`,
    '',
  );
  const dims = plan.metric.dimensions.map((d) => `${d.Name}=${d.Value}`).join(', ');
  lines.push(
    `Client errors: ${plan.metric.namespace} ${plan.metric.metricName} {${dims}}, Sum per 5 minutes`,
  );
  if (plan.anomalyBand !== null) {
    lines.push(
      `  anomaly detection band of ${plan.anomalyBand} standard deviations (CloudWatch trains the model from the metric's history)`,
    );
  } else if (plan.threshold) {
    const th = plan.threshold;
    lines.push(
      th.method === 'mean+2sd'
        ? `  threshold ${round(th.value)} = mean ${round(th.mean!)} + 2 x stddev ${round(th.stddev!)} of ${th.datapoints} datapoints (14 days to ${th.window.end})`
        : `  threshold ${th.value} (the default): ${th.reason}`,
    );
  }
  if (plan.accessLog) {
    const a = plan.accessLog;
    lines.push('', 'Missing Authentication Token:');
    lines.push(
      a.change === 'enable'
        ? `  access logging is off: turn it on into ${plan.logGroup!.name} with this format:`
        : a.change === 'add-field'
          ? `  the access log format lacks $context.error.responseType: it becomes (your fields kept):`
          : `  the access log format already carries $context.error.responseType${a.field ? ` as "${a.field}"` : ''}:`,
      `    ${a.after.format}`,
      `  metric filter: ${a.filterPattern}`,
    );
  }
  for (const s of plan.skipped) lines.push('', `Skipped ${s.what}: ${s.reason}`);
  if (steps) {
    lines.push('', 'Plan:');
    plan.steps.forEach((step, n) => {
      lines.push(`  ${n + 1}. ${step.summary}`);
      for (const c of step.cli) lines.push(`     ${c}`);
    });
  }
  for (const n of plan.notes) lines.push('', `! ${n}`);
  return `${lines.join('\n')}\n`;
}
