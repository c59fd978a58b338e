import type { AwsCredentialIdentity } from '@smithy/types';
import { Collector, NOT_FOUND } from '../../collect/aws/collect.js';
import { AwsSession, errorName } from '../../collect/aws/session.js';
import { putEvaluations, type Evaluation } from './config-service.js';
import {
  evaluateRestApi,
  parseStageArn,
  restApiIdOf,
  stageArn,
  STAGE_RESOURCE_TYPE,
  type StageEvaluation,
} from './evaluate.js';

/**
 * The AWS Config custom rule (a Lambda function): for the REST APIs an event concerns, read each one
 * with the live collector, judge every stage (evaluate.ts) and report to Config with PutEvaluations.
 *
 * Triggers: periodic (every REST API of the region) and configuration changes of
 * AWS::ApiGateway::RestApi (all its stages) and AWS::ApiGateway::Stage (that stage). As an
 * organization rule, the function runs in one account and is invoked by the Config of every member
 * account: it then assumes MEMBER_ROLE_NAME in the account the event names, to read that account's
 * APIs and deliver the evaluations there (the result token belongs to that account).
 */

/** The event AWS Config sends a custom Lambda rule (evaluate-config_develop-rules_example-events). */
export interface ConfigRuleEvent {
  version?: string;
  invokingEvent: string;
  ruleParameters?: string;
  resultToken: string;
  eventLeftScope?: boolean;
  executionRoleArn?: string;
  configRuleArn?: string;
  configRuleName?: string;
  configRuleId?: string;
  accountId?: string;
  evaluationMode?: string;
}

interface ConfigurationItem {
  configurationItemCaptureTime?: string;
  configurationItemStatus?: string;
  resourceType?: string;
  resourceId?: string;
  resourceName?: string;
  ARN?: string;
  awsRegion?: string;
  awsAccountId?: string;
}

interface InvokingEvent {
  messageType?: string;
  notificationCreationTime?: string;
  configurationItem?: ConfigurationItem | null;
  configurationItemSummary?: ConfigurationItem | null;
}

export interface RuleContext {
  /** The Lambda's environment (process.env): AWS_REGION, MEMBER_ROLE_NAME, endpoint overrides. */
  env: Record<string, string | undefined>;
  /** The invoked function's ARN (the Lambda context), to tell its own account from a member's. */
  invokedFunctionArn?: string;
  /** Explicit credentials for this account (tests); otherwise the SDK's default chain. */
  credentials?: AwsCredentialIdentity;
}

export interface RuleOutcome {
  messageType: string;
  accountId?: string;
  region: string;
  evaluations: Evaluation[];
  /** The account's role assumed for an organization rule, if any. */
  assumedRole?: string;
}

const DELETED = new Set(['ResourceDeleted', 'ResourceDeletedNotRecorded', 'ResourceNotRecorded']);

function arnParts(
  arn: string | undefined,
): { partition: string; region: string; account: string } | undefined {
  const m = /^arn:([\w-]+):[\w-]+:([\w-]*):(\d{12}):/.exec(arn ?? '');
  return m ? { partition: m[1]!, region: m[2]!, account: m[3]! } : undefined;
}

async function memberCredentials(
  region: string,
  partition: string,
  accountId: string,
  roleName: string,
  base: AwsCredentialIdentity | undefined,
): Promise<AwsCredentialIdentity> {
  const { STSClient, AssumeRoleCommand } = await import('@aws-sdk/client-sts');
  const sts = new STSClient({ region, ...(base ? { credentials: base } : {}) });
  try {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:${partition}:iam::${accountId}:role/${roleName}`,
        RoleSessionName: 'apigw-doctor-config-rule',
        DurationSeconds: 900,
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      ...(c.Expiration ? { expiration: c.Expiration } : {}),
    };
  } catch (error) {
    throw new Error(
      `cannot assume ${roleName} in account ${accountId} (deploy member-role.yaml there, e.g. with a StackSet): ${errorName(error)}: ${(error as Error).message}`,
      { cause: error },
    );
  } finally {
    sts.destroy();
  }
}

async function restApiIds(session: AwsSession, region: string): Promise<string[]> {
  const sdk = await import('@aws-sdk/client-api-gateway');
  const client = await session.apigateway(region);
  const ids: string[] = [];
  for await (const page of sdk.paginateGetRestApis({ client, pageSize: 500 }, { limit: 500 }))
    for (const api of page.items ?? []) if (api.id) ids.push(api.id);
  return ids;
}

/** Runs `tasks` two at a time: the management API allows 10 requests per second per account. */
async function twoAtATime<T>(items: string[], task: (item: string) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(2, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await task(items[i]!);
      }
    }),
  );
  return results;
}

function toEvaluation(e: StageEvaluation, at: Date): Evaluation {
  return {
    ComplianceResourceType: STAGE_RESOURCE_TYPE,
    ComplianceResourceId: e.resourceId,
    ComplianceType: e.compliance,
    Annotation: e.annotation,
    OrderingTimestamp: at,
  };
}

export async function runConfigRule(event: ConfigRuleEvent, context: RuleContext): Promise<RuleOutcome> {
  const invoking = JSON.parse(event.invokingEvent) as InvokingEvent;
  const messageType = invoking.messageType ?? 'Unknown';
  const ruleArn = arnParts(event.configRuleArn);
  const region = ruleArn?.region || context.env.AWS_REGION || context.env.AWS_DEFAULT_REGION;
  if (!region) throw new Error('no region: neither configRuleArn nor AWS_REGION names one');
  const partition = ruleArn?.partition ?? 'aws';
  const accountId = event.accountId ?? ruleArn?.account;
  const ownAccount = arnParts(context.invokedFunctionArn)?.account;
  const memberRole = context.env.MEMBER_ROLE_NAME;

  let credentials = context.credentials;
  let assumedRole: string | undefined;
  if (memberRole && accountId && accountId !== ownAccount) {
    credentials = await memberCredentials(region, partition, accountId, memberRole, context.credentials);
    assumedRole = `arn:${partition}:iam::${accountId}:role/${memberRole}`;
  }
  const session = new AwsSession({ region, maxAttempts: 8, ...(credentials ? { credentials } : {}) });
  try {
    const evaluations: Evaluation[] = [];
    let apiIds: string[] = [];
    let onlyStage: string | undefined;
    let at = new Date();

    if (messageType === 'ScheduledNotification') {
      if (invoking.notificationCreationTime) at = new Date(invoking.notificationCreationTime);
      apiIds = await restApiIds(session, region);
    } else if (
      messageType === 'ConfigurationItemChangeNotification' ||
      messageType === 'OversizedConfigurationItemChangeNotification'
    ) {
      const item = invoking.configurationItem ?? invoking.configurationItemSummary;
      if (item?.configurationItemCaptureTime) at = new Date(item.configurationItemCaptureTime);
      const gone = event.eventLeftScope === true || DELETED.has(item?.configurationItemStatus ?? '');
      if (item?.resourceType === STAGE_RESOURCE_TYPE && item.resourceId) {
        if (gone) {
          evaluations.push({
            ComplianceResourceType: STAGE_RESOURCE_TYPE,
            ComplianceResourceId: item.resourceId,
            ComplianceType: 'NOT_APPLICABLE',
            Annotation: 'The stage was deleted or left the rule scope.',
            OrderingTimestamp: at,
          });
        } else {
          const parsed = parseStageArn(item.resourceId);
          if (!parsed) throw new Error(`not a stage ARN: ${item.resourceId}`);
          apiIds = [parsed.apiId];
          onlyStage = item.resourceId;
        }
      } else if (item?.resourceType === 'AWS::ApiGateway::RestApi' && item.resourceId && !gone) {
        apiIds = [restApiIdOf(item.resourceId)];
      }
    } else {
      throw new Error(`unexpected messageType ${messageType}`);
    }

    const collector = new Collector(session);
    const judged = await twoAtATime(apiIds, async (apiId) => {
      const entry = await collector.restApi(region, apiId, undefined, true);
      if (entry === NOT_FOUND) return [];
      return evaluateRestApi(entry, region, accountId, partition);
    });
    if (collector.problems.length > 0) {
      // Missing permissions or a failing call: fail the invocation, so Config shows the error
      // instead of a verdict made on partial data.
      const p = collector.problems[0]!;
      throw new Error(
        `${collector.problems.length} API Gateway call(s) failed, e.g. ${p.operation} on ${p.resource}: ${p.code}: ${p.message}`,
      );
    }
    for (const stages of judged)
      for (const stage of stages)
        if (!onlyStage || stage.resourceId === onlyStage) evaluations.push(toEvaluation(stage, at));
    if (onlyStage && !evaluations.some((e) => e.ComplianceResourceId === onlyStage)) {
      // The stage (or its API) no longer exists: Config's item is older than API Gateway's truth.
      const parsed = parseStageArn(onlyStage)!;
      evaluations.push({
        ComplianceResourceType: STAGE_RESOURCE_TYPE,
        ComplianceResourceId: stageArn(parsed.region, parsed.apiId, parsed.stage, parsed.partition),
        ComplianceType: 'NOT_APPLICABLE',
        Annotation: 'The stage no longer exists in API Gateway.',
        OrderingTimestamp: at,
      });
    }

    const configCredentials = credentials ? async () => credentials : await session.credentials();
    await putEvaluations(
      { region, credentials: configCredentials, env: context.env },
      event.resultToken,
      evaluations,
      event.resultToken === 'TESTMODE',
    );
    return {
      messageType,
      region,
      evaluations,
      ...(accountId ? { accountId } : {}),
      ...(assumedRole ? { assumedRole } : {}),
    };
  } finally {
    await session.destroy();
  }
}
