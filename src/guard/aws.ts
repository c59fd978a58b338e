/**
 * `guard alarms` against AWS: the reads that make the plan (read-only), and the writes that apply it.
 * SDK v3 clients for API Gateway (from the session), CloudWatch, CloudWatch Logs and STS, all on the
 * session's credentials, region and endpoint.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { STSClient } from '@aws-sdk/client-sts';
import { AwsAuthError, errorName, fatalAwsError, type AwsSession } from '../collect/aws/session.js';
import { InputError } from '../model/errors.js';
import type { GuardInputs, GuardPlan, GuardStep, GuardTarget } from './plan.js';
import { proposedLogGroupName } from './plan.js';
import { lookbackWindow, PERIOD_SECONDS, thresholdFromSums, type Threshold } from './threshold.js';

const DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation']);

/** An AWS failure as a one-line error; a denial names the IAM action it needed (exit 4). */
function failure(error: unknown, what: string, action: string): Error {
  if (DENIED.has(errorName(error)))
    return new AwsAuthError(
      `AWS denied ${action} while ${what}: allow it (apigw-doctor guard --help, docs/guard.md list the permissions)`,
      { cause: error },
    );
  return fatalAwsError(error, what);
}

async function call<T>(what: string, action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw failure(error, what, action);
  }
}

export interface GuardClients {
  cloudwatch: CloudWatchClient;
  logs: CloudWatchLogsClient;
  sts: STSClient;
  destroy(): void;
}

export async function guardClients(session: AwsSession, region: string): Promise<GuardClients> {
  const [{ CloudWatchClient }, { CloudWatchLogsClient }, { STSClient }] = await Promise.all([
    import('@aws-sdk/client-cloudwatch'),
    import('@aws-sdk/client-cloudwatch-logs'),
    import('@aws-sdk/client-sts'),
  ]);
  const o = session.options;
  const config = {
    region,
    retryMode: 'adaptive',
    maxAttempts: o.maxAttempts ?? 5,
    credentials: await session.credentials(),
    ...(o.endpoint ? { endpoint: o.endpoint } : {}),
    ...(o.profile ? { profile: o.profile } : {}),
  };
  const cloudwatch = new CloudWatchClient(config);
  const logs = new CloudWatchLogsClient(config);
  const sts = new STSClient(config);
  return {
    cloudwatch,
    logs,
    sts,
    destroy: () => {
      cloudwatch.destroy();
      logs.destroy();
      sts.destroy();
    },
  };
}

/** Which API the id names: a REST API (GetRestApi) or an HTTP API (GetApi), and its name. */
async function lookUpApi(
  session: AwsSession,
  region: string,
  apiId: string,
): Promise<{ kind: 'REST' | 'HTTP'; name?: string; tags?: Record<string, string> }> {
  const v1 = await import('@aws-sdk/client-api-gateway');
  const rest = await session.apigateway(region);
  try {
    const api = await rest.send(new v1.GetRestApiCommand({ restApiId: apiId }));
    return { kind: 'REST', ...(api.name ? { name: api.name } : {}), ...(api.tags ? { tags: api.tags } : {}) };
  } catch (error) {
    if (errorName(error) !== 'NotFoundException')
      throw failure(error, `reading API ${apiId}`, 'apigateway:GET');
  }
  const v2 = await import('@aws-sdk/client-apigatewayv2');
  const http = await session.apigatewayv2(region);
  try {
    const api = await http.send(new v2.GetApiCommand({ ApiId: apiId }));
    if (api.ProtocolType === 'WEBSOCKET')
      throw new InputError(`${apiId} is a WebSocket API: guard alarms covers REST and HTTP APIs`);
    return { kind: 'HTTP', ...(api.Name ? { name: api.Name } : {}), ...(api.Tags ? { tags: api.Tags } : {}) };
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (errorName(error) === 'NotFoundException')
      throw new InputError(`no REST or HTTP API ${apiId} in ${region} (check --region and the id)`);
    throw failure(error, `reading API ${apiId}`, 'apigateway:GET');
  }
}

async function readStage(session: AwsSession, target: GuardTarget): Promise<GuardInputs['stage']> {
  const what = `reading stage ${target.stage} of ${target.apiId}`;
  try {
    if (target.apiKind === 'REST') {
      const v1 = await import('@aws-sdk/client-api-gateway');
      const client = await session.apigateway(target.region);
      const s = await client.send(
        new v1.GetStageCommand({ restApiId: target.apiId, stageName: target.stage }),
      );
      return {
        ...(s.accessLogSettings ? { accessLogSettings: { ...s.accessLogSettings } } : {}),
        ...(s.tags ? { tags: s.tags } : {}),
      };
    }
    const v2 = await import('@aws-sdk/client-apigatewayv2');
    const client = await session.apigatewayv2(target.region);
    const s = await client.send(new v2.GetStageCommand({ ApiId: target.apiId, StageName: target.stage }));
    return {
      ...(s.AccessLogSettings
        ? {
            accessLogSettings: {
              format: s.AccessLogSettings.Format,
              destinationArn: s.AccessLogSettings.DestinationArn,
            },
          }
        : {}),
      ...(s.Tags ? { tags: s.Tags } : {}),
    };
  } catch (error) {
    if (errorName(error) === 'NotFoundException')
      throw new InputError(`API ${target.apiId} has no stage ${JSON.stringify(target.stage)}`);
    throw failure(error, what, 'apigateway:GET');
  }
}

/** Every per-period sum of the metric over the window (all pages of GetMetricData). */
export async function readPeriodSums(
  clients: GuardClients,
  metric: GuardPlan['metric'],
  now: Date,
): Promise<{ sums: number[]; window: Threshold['window'] }> {
  const { GetMetricDataCommand } = await import('@aws-sdk/client-cloudwatch');
  const { start, end } = lookbackWindow(now);
  const sums: number[] = [];
  let token: string | undefined;
  do {
    const out = await call('reading 14 days of metrics (GetMetricData)', 'cloudwatch:GetMetricData', () =>
      clients.cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: start,
          EndTime: end,
          ScanBy: 'TimestampAscending',
          MetricDataQueries: [
            {
              Id: 'errors',
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
          ],
          ...(token ? { NextToken: token } : {}),
        }),
      ),
    );
    for (const result of out.MetricDataResults ?? [])
      if (result.Id === 'errors') sums.push(...(result.Values ?? []));
    token = out.NextToken;
  } while (token);
  return {
    sums,
    window: { start: start.toISOString(), end: end.toISOString(), periodSeconds: PERIOD_SECONDS },
  };
}

export interface GuardReadOptions {
  apiId: string;
  stage: string;
  region: string;
  /** Skip the metric history (with --anomaly-band). */
  threshold: boolean;
  now: Date;
}

/** Everything the plan needs, read-only. */
export async function readGuardInputs(
  session: AwsSession,
  clients: GuardClients,
  options: GuardReadOptions,
): Promise<Omit<GuardInputs, 'anomalyBand' | 'snsTopicArn'>> {
  const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  const [api, identity] = await Promise.all([
    lookUpApi(session, options.region, options.apiId),
    call('reading the account id (GetCallerIdentity)', 'sts:GetCallerIdentity', () =>
      clients.sts.send(new GetCallerIdentityCommand({})),
    ),
  ]);
  const target: GuardTarget = {
    apiId: options.apiId,
    apiKind: api.kind,
    ...(api.name ? { apiName: api.name } : {}),
    stage: options.stage,
    region: options.region,
    ...(identity.Account ? { accountId: identity.Account } : {}),
  };
  const { apiMetric } = await import('./plan.js');
  const stage = await readStage(session, target);
  // The stack that owns the API owns its stages: its tags say who reverts a change made here.
  if (api.tags && Object.keys(api.tags).length) stage.tags = { ...api.tags, ...stage.tags };
  const [history, existingLogGroups, existingAlarms] = await Promise.all([
    options.threshold ? readPeriodSums(clients, apiMetric(target), options.now) : undefined,
    target.apiKind === 'REST' ? readLogGroups(clients, stage, target) : {},
    readAlarms(clients, target),
  ]);
  return {
    target,
    stage,
    threshold: history ? thresholdFromSums(history.sums, history.window) : null,
    existingLogGroups,
    existingAlarms,
    now: options.now,
  };
}

async function readLogGroups(
  clients: GuardClients,
  stage: GuardInputs['stage'],
  target: GuardTarget,
): Promise<Record<string, string>> {
  const { DescribeLogGroupsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
  const destination = stage.accessLogSettings?.destinationArn;
  const name = destination ? /:log-group:([^:]+)/.exec(destination)?.[1] : proposedLogGroupName(target);
  if (!name) return {};
  const out = await call(`looking up log group ${name}`, 'logs:DescribeLogGroups', () =>
    clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, limit: 50 })),
  );
  const found: Record<string, string> = {};
  for (const g of out.logGroups ?? [])
    if (g.logGroupName === name) found[name] = g.logGroupArn ?? g.arn ?? '';
  return found;
}

async function readAlarms(clients: GuardClients, target: GuardTarget): Promise<string[]> {
  const { DescribeAlarmsCommand } = await import('@aws-sdk/client-cloudwatch');
  const names = [
    `apigw-doctor-4xx-${target.apiId}-${target.stage}`,
    `apigw-doctor-mat-${target.apiId}-${target.stage}`,
  ];
  const out = await call('looking up existing alarms', 'cloudwatch:DescribeAlarms', () =>
    clients.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: names })),
  );
  return (out.MetricAlarms ?? []).map((a) => a.AlarmName ?? '').filter((n) => names.includes(n));
}

export interface StepResult {
  step: number;
  summary: string;
  status: 'done' | 'failed' | 'not-run';
  at: string;
  detail?: string;
}

export interface GuardApplyResult {
  outcome: 'applied' | 'failed';
  steps: StepResult[];
  /** The exit code of the failure (4 permissions, 5 AWS), when one failed. */
  exitCode?: number;
  reason?: string;
}

/** Runs the steps in order (log group, stage, filter, alarms); stops at the first failure. */
export async function applyGuardPlan(
  session: AwsSession,
  clients: GuardClients,
  plan: GuardPlan,
): Promise<GuardApplyResult> {
  const steps: StepResult[] = [];
  let failed: { error: Error & { exitCode?: number } } | undefined;
  for (const [i, step] of plan.steps.entries()) {
    if (failed) {
      steps.push({ step: i + 1, summary: step.summary, status: 'not-run', at: new Date().toISOString() });
      continue;
    }
    try {
      await runStep(session, clients, plan, step);
      steps.push({ step: i + 1, summary: step.summary, status: 'done', at: new Date().toISOString() });
    } catch (error) {
      failed = { error: error as Error };
      steps.push({
        step: i + 1,
        summary: step.summary,
        status: 'failed',
        at: new Date().toISOString(),
        detail: (error as Error).message,
      });
    }
  }
  if (!failed) return { outcome: 'applied', steps };
  return {
    outcome: 'failed',
    steps,
    exitCode: failed.error.exitCode ?? 5,
    reason: failed.error.message,
  };
}

async function runStep(
  session: AwsSession,
  clients: GuardClients,
  plan: GuardPlan,
  step: GuardStep,
): Promise<void> {
  const region = plan.target.region;
  switch (step.kind) {
    case 'create-log-group': {
      const logs = await import('@aws-sdk/client-cloudwatch-logs');
      try {
        await clients.logs.send(new logs.CreateLogGroupCommand({ logGroupName: step.logGroupName }));
      } catch (error) {
        // Created since the plan was read (or by a previous, interrupted run): keep it.
        if (errorName(error) !== 'ResourceAlreadyExistsException')
          throw failure(error, step.summary, 'logs:CreateLogGroup');
      }
      await call(step.summary, 'logs:PutRetentionPolicy', () =>
        clients.logs.send(
          new logs.PutRetentionPolicyCommand({
            logGroupName: step.logGroupName,
            retentionInDays: step.retentionInDays,
          }),
        ),
      );
      return;
    }
    case 'update-stage-access-log': {
      const v1 = await import('@aws-sdk/client-api-gateway');
      const client = await session.apigateway(region);
      await call(step.summary, 'apigateway:PATCH', () =>
        client.send(
          new v1.UpdateStageCommand({
            restApiId: step.apiId,
            stageName: step.stage,
            patchOperations: [
              { op: 'replace', path: '/accessLogSettings/destinationArn', value: step.destinationArn },
              { op: 'replace', path: '/accessLogSettings/format', value: step.format },
            ],
          }),
        ),
      );
      return;
    }
    case 'put-metric-filter': {
      const logs = await import('@aws-sdk/client-cloudwatch-logs');
      await call(step.summary, 'logs:PutMetricFilter', () =>
        clients.logs.send(new logs.PutMetricFilterCommand(step.filter)),
      );
      return;
    }
    case 'put-metric-alarm': {
      const cw = await import('@aws-sdk/client-cloudwatch');
      await call(step.summary, 'cloudwatch:PutMetricAlarm', () =>
        clients.cloudwatch.send(new cw.PutMetricAlarmCommand(step.alarm as never)),
      );
      return;
    }
  }
}
